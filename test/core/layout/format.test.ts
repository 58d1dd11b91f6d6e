import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLayout } from '../../../src/core/layout/format';
import { repoRoot } from '../../shared/fixtures';
import { checkFormat, meaning } from './format-check';

test('examples/layouts/*.memlayout format idempotently and keep their meaning; the hand-written one is canonical', () => {
  const dir = join(repoRoot(), 'examples', 'layouts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.memlayout'));
  assert.ok(files.includes('tiny-board.memlayout'));
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const formatted = checkFormat(text);
    if (f === 'tiny-board.memlayout') assert.equal(formatted, text, f);
  }
});

test('a messy layout: spacing, attribute order, comments everywhere, blank lines', () => {
  const messy = [
    '',
    '',
    '# header comment',
    '',
    '',
    '',
    'container   system size 16E{ # trailing on header',
    '    alias ram-below-4g size 128M @0 -> "pc.ram"',
    '        # deep comment',
    '',
    '',
    '\talias   "legacy windows" priority 1 @0xa0000 -> pci offset 0xa0000 size 384K',
    '  container pci size 16E priority -1',
    '  # between header and brace',
    '  {',
    '  io vga-lowmem @0xa0000 size 128K priority 1 }',
    '  container empty size 1 { # c',
    '  }',
    '  container empty2 size 1 {',
    '   # inside empty',
    '  }',
    '  io ioapic @0xfec00000 size 4K   ',
    '  # last in body',
    '',
    '}   # after close',
    'ram pc.ram size 128M',
    'address-space memory root system ramblock pc.ram size 128M page 4K host 0x7f3c00000000',
    'ramblock "pc.bios" resizeable size 256K   max 1M',
    'ram "a->b" size (1+2)*4K',
    'ram "we\\"ird" $x size 4K-1',
    'alias al -> $x',
    '',
    '',
    '# end',
    '',
    '',
  ].join('\n');
  assert.equal(checkFormat(messy), [
    '# header comment',
    '',
    'container system size 16E { # trailing on header',
    '  alias ram-below-4g @0 size 128M -> pc.ram',
    '  # deep comment',
    '',
    '  alias "legacy windows" @0xa0000 size 384K -> pci offset 0xa0000 priority 1',
    '  # between header and brace',
    '  container pci size 16E priority -1 {',
    '    io vga-lowmem @0xa0000 size 128K priority 1',
    '  }',
    '  container empty size 1 {} # c',
    '  container empty2 size 1 {',
    '    # inside empty',
    '  }',
    '  io ioapic @0xfec00000 size 4K',
    '  # last in body',
    '} # after close',
    'ram pc.ram size 128M',
    'address-space memory root system',
    'ramblock pc.ram size 128M page 4K host 0x7f3c00000000',
    'ramblock pc.bios size 256K max 1M resizeable',
    'ram "a->b" size (1 + 2) * 4K',
    'ram "we\\"ird" $x size 4K - 1',
    'alias al -> $x',
    '',
    '# end',
    '',
  ].join('\n'));
});

test('every attribute and flag in the fixed order; ramblock fields in theirs', () => {
  const text = 'rom-device d $dev disabled romd nonvolatile readonly order 2 priority -3 offset 1 -> x size 4K @ 0x1000\n'
    + 'ram x size 8K\n'
    + 'ramblock b resizeable offset 0 host 0x7f0000000000 page 4K max 64K size 16K';
  assert.equal(checkFormat(text), 'rom-device d $dev @0x1000 size 4K -> x offset 1 priority -3 order 2 readonly nonvolatile romd disabled\n'
    + 'ram x size 8K\n'
    + 'ramblock b size 16K max 64K page 4K host 0x7f0000000000 offset 0 resizeable\n');
});

test('names are quoted only when they must be, with escapes', () => {
  const cases: [string, string][] = [
    ['"pc.ram"', 'pc.ram'],
    ['"pci@800000020000000.mmio"', 'pci@800000020000000.mmio'],
    ['"gicv3_redist_region[0]"', 'gicv3_redist_region[0]'],
    ['"_x-y/z:w"', '_x-y/z:w'],
    ['"size"', 'size'],
    ['"ram"', 'ram'],
    ['"vga ioports remapped"', '"vga ioports remapped"'],
    ['"0000:00:02.0/vga.vram"', '"0000:00:02.0/vga.vram"'],
    ['"4K"', '"4K"'],
    ['"a->b"', '"a->b"'],
    ['"a-"', 'a-'],
    ['""', '""'],
    ['"x#y"', '"x#y"'],
    ['"$x"', '"$x"'],
    ['"-x"', '"-x"'],
    ['"back\\\\slash \\"quote\\""', '"back\\\\slash \\"quote\\""'],
    ['"\\p\\l\\a\\i\\n"', 'plain'],
    ['"tab\there"', '"tab\there"'],
    ['"é"', '"é"'],
  ];
  for (const [written, printed] of cases) {
    const text = `ram ${written} size 4K\nalias al -> ${written}\naddress-space as root ${written}\nramblock ${written} size 4K\n`;
    assert.equal(checkFormat(text), `ram ${printed} size 4K\nalias al -> ${printed}\naddress-space as root ${printed}\nramblock ${printed} size 4K\n`, written);
  }
});

test('comments inside a header written over several lines move above it; the last trailing one stays', () => {
  const text = [
    'container a # c1',
    '  # c2',
    '  size 4K # c3',
    '{ # c4',
    '  ram b size 1',
    '}',
    'container e # e1',
    '  size 4K # e2',
    '{',
    '}',
  ].join('\n');
  assert.equal(checkFormat(text), [
    '# c1',
    '# c2',
    '# c3',
    'container a size 4K { # c4',
    '  ram b size 1',
    '}',
    '# e1',
    'container e size 4K {} # e2',
    '',
  ].join('\n'));
});

test('several items and braces on one line each get a line; blank lines kept once, never inside braces', () => {
  const text = 'container a size 1 {\n\n\n  ram b size 1 } container c size 1 { ram d size 1 } # end of line\n\n\n\n\nram e size 1\n\n  \t\n';
  assert.equal(checkFormat(text), [
    'container a size 1 {',
    '  ram b size 1',
    '}',
    'container c size 1 {',
    '  ram d size 1',
    '} # end of line',
    '',
    'ram e size 1',
    '',
  ].join('\n'));
  assert.equal(checkFormat('container a size 1 {\n  ram b size 1\n\n\n  ram c size 1\n\n}\n'), 'container a size 1 {\n  ram b size 1\n\n  ram c size 1\n}\n');
});

test('empty and comment-only files; CRLF and CR line ends', () => {
  assert.equal(checkFormat(''), '');
  assert.equal(checkFormat('\n\n  \n'), '');
  assert.equal(checkFormat('  # only   \n\n\n   # comments\n'), '# only\n\n# comments\n');
  assert.equal(checkFormat('ram a size 1\r\n\r\n\r\n# c\r\nram b size 2\r\n'), 'ram a size 1\n\n# c\nram b size 2\n');
  assert.equal(checkFormat('ram a size 1\r# c\rram b size 2'), 'ram a size 1\n# c\nram b size 2\n');
});

test('broken input is never reformatted', () => {
  for (const text of ['container a size 1 {', 'ram a size', 'ram a size 4K frob', '}', 'ram "a size 1', 'ram a size 16E + 1', 'ram a size 12Q', 'address-space x', 'ram a size 1 ~']) {
    assert.equal(formatLayout(text), undefined, text);
  }
  // Check errors (not parse errors) do not stop the formatter: it only prints what is written.
  assert.equal(checkFormat('alias a\nram b size 1 size 2 -> c'), 'alias a\nram b size 1 size 2 -> c\n');
});

test('3,000 nested levels: no recursion, idempotent, same meaning', () => {
  // Output grows with depth squared (indentation), so 3,000 levels keep this test fast; parsing is tested at 10,000.
  const depth = 3_000;
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`container c${i} size 16E {  # level ${i}\n`);
  parts.push('# innermost\nram leaf size 4K\n');
  for (let i = 0; i < depth; i++) parts.push('}\n');
  const text = parts.join('');
  // The canonical text is ~200 MB (indentation grows with depth), so this checks what checkFormat
  // does, minus its whole-text regex, and no wall-clock limit: a loaded machine must not fail it.
  const out = formatLayout(text) as string;
  assert.equal(typeof out, 'string');
  assert.equal(formatLayout(out), out);
  assert.deepEqual(meaning(out), meaning(text));
  const lines = out.split('\n');
  assert.equal(lines.length, 2 * depth + 3);
  assert.equal(lines[0], 'container c0 size 16E { # level 0');
  assert.equal(lines[depth - 1], ' '.repeat(2 * (depth - 1)) + `container c${depth - 1} size 16E { # level ${depth - 1}`);
  assert.equal(lines[depth], ' '.repeat(2 * depth) + '# innermost');
  assert.equal(lines[depth + 1], ' '.repeat(2 * depth) + 'ram leaf size 4K');
  assert.equal(lines[depth + 2], ' '.repeat(2 * (depth - 1)) + '}');
  assert.equal(lines[2 * depth + 1], '}');
  assert.equal(lines[2 * depth + 2], '');
});
