import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEBIAN_QEMU, DEBUG_VERSIONS, debianQemuMissing, header, cli, debugQemu, gdbBatch, missing, noGdb, ramblockAndAnswers, withQemu } from './helpers';

/** The machines every capture path must agree on. */
const MACHINES: readonly { name: string; args: readonly string[] }[] = [
  { name: 'x86_64 pc', args: ['-M', 'pc', '-m', '128M'] },
  { name: 'x86_64 q35', args: ['-M', 'q35', '-m', '256M'] },
  {
    name: 'x86_64 pc, memory hotplug (pc-dimm dimm1 on a 256M backend)',
    args: ['-M', 'pc', '-m', '1G,slots=2,maxmem=4G', '-object', 'memory-backend-ram,id=m1,size=256M', '-device', 'pc-dimm,id=dimm1,memdev=m1'],
  },
  {
    name: 'x86_64 q35, two NUMA nodes (aliases into the pc.ram container)',
    args: ['-M', 'q35', '-m', '512M', '-object', 'memory-backend-ram,id=n0,size=256M', '-object', 'memory-backend-ram,id=n1,size=256M',
      '-numa', 'node,memdev=n0', '-numa', 'node,memdev=n1'],
  },
  { name: 'x86_64 isapc (pc.bios mapped twice)', args: ['-M', 'isapc', '-m', '32M'] },
];

/** The text after the header (the `#` lines). */
function body(text: string): string {
  return text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
}


/**
 * The tree and flat view lines as a sorted list: QEMU prints address-space groups, memory-region sections and
 * FlatViews in hash-table order, which changes from run to run, and numbers the views in that order.
 */
function sortedLines(text: string): string[] {
  return body(text).split('\n').filter((l) => !/^FlatView #\d+$/.test(l)).sort();
}


/** `node dist/cli.js diff A B` must exit 0 ("No differences"). */
function assertSame(a: string, b: string, what: string): void {
  const r = cli(['diff', a, b]);
  assert.equal(r.status, 0, `${what}: qemu-memmap diff exit ${String(r.status)}\n${r.stdout}${r.stderr}`);
}


function skipUnlessReady(t: TestContext, binary: string, version: string): boolean {
  const why = missing(binary, version);
  if (why) t.skip(`no QEMU ${version} with debug info: ${why}`);
  return why === undefined;
}

for (const version of DEBUG_VERSIONS) for (const machine of MACHINES) {
  const binary = debugQemu(version);
  test(`QEMU ${version}: gdb capture, live and from a core file, equals the QMP capture: ${machine.name}`, { timeout: 300_000 }, async (t) => {
    if (!skipUnlessReady(t, binary, version)) return;
    await withQemu(binary, machine.args, (q) => {
      const a = join(q.dir, 'qmp.txt');
      const b = join(q.dir, 'gdb-live.txt');
      const c = join(q.dir, 'gdb-core.txt');
      const s = join(q.dir, 'gdb-scripts.txt');
      const core = join(q.dir, 'qemu.core');
      try {
        const qmp = cli(['capture', '--qmp', q.qmp, '-o', a]);
        assert.equal(qmp.status, 0, `capture --qmp: ${qmp.stderr}`);

        const live = gdbBatch(['-p', String(q.pid)], [`qemu-memmap capture ${b}`, `qemu-memmap capture ${s} --format gdb-scripts`, `gcore ${core}`]);
        assert.equal(live.status, 0, `gdb -p: ${live.stdout}${live.stderr}`);
        assert.doesNotMatch(live.stderr, /Traceback|qemu-memmap:/, live.stderr);
        assert.ok(existsSync(core), 'gcore wrote the core file');

        const dead = gdbBatch([binary, core], [`qemu-memmap capture ${c}`]);
        assert.equal(dead.status, 0, `gdb BINARY CORE: ${dead.stdout}${dead.stderr}`);
        rmSync(core, { force: true });

        const textA = readFileSync(a, 'utf8');
        const textB = readFileSync(b, 'utf8');
        const textC = readFileSync(c, 'utf8');
        assert.equal(header(textB, 'qemu'), header(textA, 'qemu'));
        assert.equal(header(textB, 'target'), header(textA, 'target'));
        assert.equal(header(textB, 'machine'), header(textA, 'machine'));
        assert.equal(header(textB, 'gdb'), `live process ${String(q.pid)}`);
        assert.equal(header(textC, 'gdb'), `core file ${core}`);

        // The product's own comparison: regions, flat views, RAMBlocks.
        assertSame(a, b, 'QMP vs gdb live');
        assertSame(a, c, 'QMP vs gdb core');
        // RAMBlocks, host addresses and gpa2hva answers: byte for byte.
        assert.equal(ramblockAndAnswers(textB), ramblockAndAnswers(textA), 'info ramblock and gpa2hva, live');
        assert.equal(ramblockAndAnswers(textC), ramblockAndAnswers(textA), 'info ramblock and gpa2hva, core');
        assert.match(ramblockAndAnswers(textA), /Host virtual address for 0x/);
        // Every tree and flat-view line (owners included), in whatever order the hash tables gave.
        assert.deepEqual(sortedLines(textB), sortedLines(textA), 'info mtree -o -D and -f lines, live');
        // Live and core: the very same text.
        assert.equal(body(textC), body(textB), 'live and core captures');

        // The seed script's formats read without an error.
        const lint = cli(['lint', s]);
        assert.equal(lint.status, 0, `lint of the gdb-scripts output: ${lint.stdout}${lint.stderr}`);
        assert.match(readFileSync(s, 'utf8'), /^\(gdb\) dump_address_spaces 0\nAddressSpace : /);
      } catch (e) {
        throw new Error(`${e instanceof Error ? e.message : String(e)}\nQEMU said: ${q.output().trim()}`, { cause: e });
      }
    });
  });
}

test('a QEMU without debug info gets one clear line, and nothing is written', { timeout: 120_000 }, async (t) => {
  const why = debianQemuMissing();
  if (why) {
    t.skip(why);
    return;
  }
  await withQemu(DEBIAN_QEMU, ['-M', 'pc', '-m', '64M'], (q) => {
    const out = join(q.dir, 'never.txt');
    const r = gdbBatch(['-p', String(q.pid)], [`qemu-memmap capture ${out}`]);
    assert.notEqual(r.status, 0, 'gdb reports the failure in its exit status');
    assert.match(r.stderr, /^qemu-memmap: this QEMU has no debug info: install its debug symbols or build it with -g$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /Traceback/);
    assert.equal(existsSync(out), false, 'nothing written');
  });
});

test('without a process or core file, the command says what to do', { timeout: 60_000 }, (t) => {
  const why = noGdb();
  if (why) {
    t.skip(why);
    return;
  }
  const r = gdbBatch([], ['qemu-memmap capture /nonexistent/never.txt']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^qemu-memmap: no QEMU to read: attach to one \(gdb -p PID\) or open a core file/m);
  assert.doesNotMatch(r.stderr, /Traceback/);
});
