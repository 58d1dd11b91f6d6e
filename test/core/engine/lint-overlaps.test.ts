import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lint, only } from './lint-layout';

// Overlapping siblings: LY101 (equal priority), LY102 (partly hidden), LY103 (wholly hidden).

// --- LY101

test('LY101: equal-priority overlap, reported once with the other region related', () => {
  const issues = lint(
    'container system size 64K {',
    '  io uart @0x1000 size 4K',
    '  io timer @0x1800 size 4K',
    '  io far @0x8000 size 4K',
    '}',
  );
  const i = only(issues, 'LY101');
  assert.deepEqual(at([i]), ['LY101@3:6']);
  assert.equal(i.severity, 'warning');
  assert.equal(i.args.size, '2 KiB');
  assert.equal(i.args.winner, 'timer');
  assert.equal(i.related?.[0]?.span.line, 1);
});

test('LY101: explicit order on both silences it; on one, or with another unordered sibling, it does not', () => {
  assert.deepEqual(lint('container s size 64K {', '  io a @0 size 8K order 2', '  io b @4K size 8K order 1', '}').filter((i) => i.code === 'LY101'), []);
  assert.equal(lint('container s size 64K {', '  io a @0 size 8K', '  io b @4K size 8K order 1', '}').filter((i) => i.code === 'LY101').length, 1);
  // b is ordered against a, but c (unordered) still overlaps b.
  const issues = lint('container s size 64K {', '  io a @0 size 16K order 1', '  io b @4K size 4K order 2', '  io c @5K size 1K', '}');
  assert.deepEqual(at(issues.filter((i) => i.code === 'LY101')), ['LY101@4:6']);
  // With explicit order the later `order` wins, whatever the file order.
  const w = only(lint('container s size 64K {', '  io a @0 size 8K order 2', '  io b @4K size 8K', '}'), 'LY101');
  assert.equal(w.args.winner, 'a');
});

test('LY101: disabled, zero-sized and different-priority siblings are not ambiguous', () => {
  const issues = lint(
    'container s size 64K {',
    '  io a @0 size 8K',
    '  io b @0 size 8K disabled',
    '  io c @4K size 8K priority 1',
    '}',
  );
  assert.deepEqual(issues.filter((i) => i.code === 'LY101'), []);
});

test('LY101: many overlapping siblings are swept, not compared pairwise', () => {
  const n = 20_000;
  const lines = ['container s size 16E {'];
  for (let k = 0; k < n; k++) lines.push(`  io r${k} @${k * 4096} size 8K`);
  lines.push('}');
  const t0 = Date.now();
  const issues = lint(...lines);
  assert.equal(issues.filter((i) => i.code === 'LY101').length, n - 1);
  assert.ok(Date.now() - t0 < 10_000);
});

// --- LY102

test('LY102: how much a higher-priority sibling hides, in units and percent', () => {
  const i = only(lint('container s size 1M {', '  ram sram @0 size 64K', '  io regs @16K size 4K priority 1', '}'), 'LY102');
  assert.equal(i.severity, 'information');
  assert.deepEqual([i.args.hidden, i.args.percent, i.args.by], ['4 KiB', '6.2%', 'regs']);
  assert.equal(i.related?.length, 1);
});

test('LY102: a higher-priority container hides only where it has something', () => {
  const i = only(lint(
    'container s size 1M {',
    '  ram sram @0 size 64K',
    '  container bus @0 size 1M priority 1 {',
    '    io dev @8K size 8K',
    '    io other @512K size 8K',
    '  }',
    '}',
  ), 'LY102');
  assert.deepEqual([i.args.name, i.args.hidden, i.args.percent], ['sram', '8 KiB', '12.5%']);
});

test('LY102: a window that shows a sibling in place does not hide it; one that shows other bytes does', () => {
  const issues = lint(
    'container s size 1M {',
    '  alias low @0 size 640K -> mem',
    '  container bus @0 size 1M priority -1 {',
    '    io vga @0xa0000 size 128K',
    '    io other @0xe0000 size 64K',
    '  }',
    '  alias vga-window @0xa0000 size 128K -> bus offset 0xa0000 priority 1',
    '  alias shadow @0x80000 size 16K -> mem offset 0x80000 priority 1',
    '  alias moved @0x90000 size 16K -> mem priority 1',
    '}',
    'ram mem size 1M',
    'address-space memory root s',
  );
  const i = only(issues, 'LY102');
  assert.deepEqual([i.args.name, i.args.hidden, i.args.by], ['low', '16 KiB', 'moved']);
  assert.deepEqual(issues.filter((x) => x.code !== 'LY102'), []);
});

test('LY102 leaves a wholly hidden region to LY103', () => {
  const issues = lint('container s size 1M {', '  io a @4K size 4K', '  ram b @0 size 64K priority 1', '}');
  assert.deepEqual(issues.map((i) => i.code), ['LY103']);
});

// --- LY103

test('LY103: a wholly hidden region, faded, with the winner related', () => {
  const i = only(lint('container s size 1M {', '  ram sram @0 size 256K priority 1', '  rom flash @64K size 64K', '}'), 'LY103');
  assert.equal(i.severity, 'warning');
  assert.equal(i.unnecessary, true);
  assert.equal(i.args.by, 'sram');
  assert.equal(i.related?.[0]?.span.line, 1);
});

test('LY103: one warning for a hidden alias, not one per region it shows', () => {
  const issues = lint(
    'container s size 1M {',
    '  ram top @0 size 1M priority 1',
    '  alias win @0 size 64K -> dev',
    '}',
    'container dev size 64K {',
    '  io a @0 size 4K',
    '  io b @8K size 4K',
    '}',
    'address-space memory root s',
  );
  assert.deepEqual(at(issues), ['LY103@3:9']);
});

test('LY103: not for regions no window reaches, disabled ones, backgrounds or regions shown in another view', () => {
  const issues = lint(
    'container s size 1M {',
    // The bridge window shows only the first 64 KiB of the bus: dev2 is outside it, not hidden.
    '  alias window @0 size 64K -> bus',
    '  io off @512K size 4K disabled',
    // An I/O region whose registers cover it whole is a background.
    '  io uart @768K size 8 {',
    '    io rx @0 size 4',
    '    io tx @4 size 4',
    '  }',
    '}',
    'container bus size 1M {',
    '  io dev1 @0 size 4K',
    '  io dev2 @256K size 4K',
    '}',
    // Hidden in the CPU's view, shown in the DMA view.
    'container cpu size 1M {',
    '  ram cover @0 size 1M priority 1',
    '  alias shadowed @0 size 64K -> bus',
    '}',
    'container dma size 1M {',
    '  alias shown @0 size 64K -> bus',
    '}',
    'address-space memory root s',
    'address-space cpu root cpu',
    'address-space dma root dma',
  );
  assert.deepEqual(at(issues), ['LY103@15:9']);
});
