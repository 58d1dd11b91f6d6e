import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFmt } from '../../src/cli/fmt-command';
import type { Io } from '../../src/cli/io';

// CLI: qemu-memmap fmt [--check] FILE...

function fsIo(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { out: (t) => void (out += t), err: (t) => void (err += t), readText: (p) => readFileSync(p, 'utf8') },
    out: () => out,
    err: () => err,
  };
}

test('fmt --check lists unformatted files (1), rewrites in place without it, 2 for unreadable or broken files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-fmt-'));
  try {
    const good = join(dir, 'good.memlayout');
    const messy = join(dir, 'messy.memlayout');
    const broken = join(dir, 'broken.memlayout');
    writeFileSync(good, 'ram a size 4K\n');
    writeFileSync(messy, 'ram   b  size 4K   # c\n\n\n');
    writeFileSync(broken, 'ram a size 4K\nram b size\n');

    let r = fsIo();
    assert.equal(runFmt(r.io, [good], true), 0);
    assert.equal(r.out() + r.err(), '');

    r = fsIo();
    assert.equal(runFmt(r.io, [good, messy], true), 1);
    assert.equal(r.out(), `${messy}: not formatted\n`);
    assert.equal(readFileSync(messy, 'utf8'), 'ram   b  size 4K   # c\n\n\n', '--check writes nothing');

    r = fsIo();
    assert.equal(runFmt(r.io, [messy, broken], true), 2);
    assert.equal(r.out(), `${messy}: not formatted\n`);
    assert.match(r.err(), new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:11: error LP005: Expected a number or expression after "size"\n$`));

    r = fsIo();
    assert.equal(runFmt(r.io, [join(dir, 'missing.memlayout')], true), 2);
    assert.match(r.err(), /cannot read .*missing\.memlayout/);

    r = fsIo();
    assert.equal(runFmt(r.io, [good, messy, broken], false), 2);
    assert.equal(readFileSync(messy, 'utf8'), 'ram b size 4K # c\n');
    assert.equal(readFileSync(broken, 'utf8'), 'ram a size 4K\nram b size\n', 'broken files are left alone');
    assert.equal(r.out(), '');

    r = fsIo();
    assert.equal(runFmt(r.io, [good, messy], true), 0);
    assert.equal(runFmt(r.io, [good, messy], false), 0);

    const writes: string[] = [];
    r = fsIo();
    writeFileSync(messy, 'ram c size 1');
    assert.equal(runFmt(r.io, [messy], false, (p) => { writes.push(p); throw new Error('read-only file system'); }), 2);
    assert.deepEqual(writes, [messy]);
    assert.match(r.err(), /cannot write .*read-only file system/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
