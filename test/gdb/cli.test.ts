// `qemu-memmap capture --gdb` (src/cli/capture-command.ts) and the gdb adapter (src/gdb): usage errors and the
// adapter's pure parts always run; with gdb, the quoting is checked against gdb's own argument parser; with
// the debug QEMU (scripts/build-debug-qemu.sh 7.2), real captures of a paused QEMU, live and from a gcore core
// file, must equal its QMP capture; Debian's QEMU (no debug info) must get the one-line error.
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GdbCaptureError, captureWithGdb, failureMessage, findGdbScript, gdbArguments, parseGdbOrigin, ptraceAdvice, qemuProcesses,
  quoteGdbArgument, readCoreFile,
} from '../../src/gdb';
import { CLI, DEBIAN_QEMU, EXTENSION, debianQemuMissing, header, cli, debugQemu, gdbBatch, missing, noGdb, run, withQemu } from './helpers';

/** A PID no Linux process can have (pid_max is at most 2^22). */
const NO_PID = String((1 << 22) + 1);

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-gdb-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function needCli(t: TestContext): boolean {
  if (existsSync(CLI)) return true;
  t.skip(`${CLI} is absent: run \`npm run build\``);
  return false;
}


/** Runs the CLI and requires exit 2 with `message` on stderr and the usage text. */
function assertUsage(args: readonly string[], message: RegExp): void {
  const r = cli(args);
  assert.equal(r.status, 2, `qemu-memmap ${args.join(' ')}: exit ${String(r.status)}\n${r.stderr}`);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /capture --gdb PID\|CORE \[--qemu BINARY\] -o FILE/, 'the usage text names capture --gdb');
}

test('capture --gdb: usage errors exit 2 and write nothing, before any gdb runs', (t) => {
  if (!needCli(t)) return;
  const dir = tempDir(t);
  const out = join(dir, 'never.txt');
  const notCore = join(dir, 'notes.txt');
  writeFileSync(notCore, 'not a core file\n');
  assertUsage(['capture', '--gdb', String(process.pid)], /^qemu-memmap: capture --gdb needs -o FILE$/m);
  assertUsage(['capture', '--gdb', notCore, '-o', out], /needs --qemu BINARY: the QEMU executable that wrote this core file/);
  assertUsage(['capture', '--gdb', NO_PID, '-o', out], new RegExp(`^qemu-memmap: no process ${NO_PID} is running$`, 'm'));
  assertUsage(['capture', '--gdb', '0', '-o', out], /^qemu-memmap: 0 is not a process ID$/m);
  assertUsage(['capture', '--gdb', join(dir, 'absent.core'), '--qemu', process.execPath, '-o', out], /absent\.core is not a file/);
  assertUsage(['capture', '--gdb', notCore, '--qemu', process.execPath, '-o', out], /notes\.txt is not a core file: it is not an ELF file/);
  assertUsage(['capture', '--gdb', process.execPath, '--qemu', process.execPath, '-o', out], /is not a core file: it is an ELF file of type \d+/);
  assertUsage(['capture', '--gdb', String(process.pid), '--qemu', process.execPath, '-o', out], /--qemu is for a core file/);
  assertUsage(['capture', '--qmp', 'unix:/nonexistent', '--gdb', '1', '-o', out], /--qmp or --gdb, not both/);
  assertUsage(['capture', '--qmp', 'unix:/nonexistent', '--qemu', process.execPath], /--qemu goes with --gdb CORE/);
  assertUsage(['capture'], /capture needs --qmp unix:PATH, --qmp tcp:HOST:PORT, or --gdb PID\|CORE/);
  assert.equal(existsSync(out), false, 'nothing written');
});

test('the gdb command line: an argument array, --opt=value forms, and the capture command quoted for gdb', () => {
  const args = gdbArguments({ kind: 'core', core: '/t/1234', binary: '-odd/qemu' }, '/x/qemu-memmap.py', "/o/it's.txt", 'qemu-memmap capture --gdb a\nb');
  assert.deepEqual(args, ['-batch', '-nx', '-iex', 'set debuginfod enabled off', '--se=-odd/qemu', '--core=/t/1234', '--command=/x/qemu-memmap.py',
    '-ex', String.raw`qemu-memmap capture '/o/it\'s.txt' --command 'qemu-memmap capture --gdb a b'`]);
  assert.deepEqual(gdbArguments({ kind: 'pid', pid: 42 }, 's.py', 'o', 'c').slice(4, 5), ['--pid=42']);
  assert.equal(quoteGdbArgument(String.raw`a\b'c`), String.raw`'a\\b\'c'`);
  assert.equal(quoteGdbArgument('x\u0000y\r\nz'), "'x y z'");
});

test('the quoting gives back each text exactly through gdb.string_to_argv', (t) => {
  const why = noGdb();
  if (why) {
    t.skip(why);
    return;
  }
  const dir = tempDir(t);
  const script = join(dir, 'argv.py');
  writeFileSync(script, [
    'import gdb, json',
    'class A(gdb.Command):',
    '    def __init__(self): super().__init__("argv-json", gdb.COMMAND_DATA)',
    '    def invoke(self, a, t): gdb.write("ARGV " + json.dumps(gdb.string_to_argv(a)) + "\\n")',
    'A()',
  ].join('\n'));
  const texts = ["it's", '"double" and \'single\'', String.raw`back\slash\\ and trailing\ `, '$HOME `id` $(id) ; | & > <', '  spaces  ', '', '# not a comment', 'tab\there', 'é ü 漢字'];
  const r = run('gdb', ['-batch', '-nx', `--command=${script}`, '-ex', `argv-json ${texts.map(quoteGdbArgument).join(' ')}`]);
  assert.equal(r.status, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('ARGV '));
  assert.ok(line, r.stdout);
  assert.deepEqual(JSON.parse(line.slice(5)), texts.map((s) => s.replace(/\t/g, ' ')));
});

test('gdb failures: the last qemu-memmap: line, the ptrace refusal explained, the core file named', () => {
  const pid = { kind: 'pid', pid: 4242 } as const;
  const core = { kind: 'core', core: '/c/core', binary: '/b/qemu-system-x86_64' } as const;
  const noisy = 'warning: Error disabling address space randomization: Operation not permitted\nqemu-memmap: first\n[Inferior 1 (process 4242) detached]\nqemu-memmap: this QEMU has no debug info: install its debug symbols or build it with -g\n';
  assert.deepEqual(failureMessage(noisy, pid, 1), { kind: 'capture', message: 'this QEMU has no debug info: install its debug symbols or build it with -g' });
  const refused = 'Could not attach to process.  If your uid matches the uid of the target\nprocess, check the setting of /proc/sys/kernel/yama/ptrace_scope, or try\nagain as the root user.  For more details, see /etc/sysctl.d/10-ptrace.conf\nptrace: Operation not permitted.\nqemu-memmap: no QEMU to read: attach to one (gdb -p PID) or open a core file (gdb QEMU-BINARY CORE)\n';
  const f = failureMessage(refused, pid, 1);
  assert.equal(f.kind, 'ptrace');
  assert.match(f.message, /^gdb may not attach to process 4242 \(ptrace: Operation not permitted\)\./);
  assert.doesNotMatch(f.message, /no QEMU to read/);
  assert.match(ptraceAdvice(4242, 1, 1000), /ptrace_scope is 1 here: only a parent may attach to its children\..*sysctl kernel\.yama\.ptrace_scope=0/);
  assert.match(ptraceAdvice(4242, 3, 0), /not even root.*take a core file instead/);
  assert.match(ptraceAdvice(4242, undefined, 0), /being debugged already/);
  assert.equal(failureMessage('ptrace: No such process.\n', pid, 1).message, 'process 4242 ended before gdb could attach');
  assert.match(failureMessage('"/c/core" is not a core dump: file format not recognized\nqemu-memmap: no QEMU to read: …\n', core, 1).message, /^gdb cannot read it: "\/c\/core" is not a core dump/);
  assert.match(failureMessage('warning: core file may not match specified executable file.\nqemu-memmap: this QEMU has no debug info: x\n', core, 1).message,
    /^this QEMU has no debug info: x \(gdb warned that \/c\/core may not have been written by \/b\/qemu-system-x86_64\)$/);
  assert.equal(failureMessage('', pid, 1).message, 'gdb exited with status 1 and said nothing');
});

test('a capture header\'s gdb: key reads back as where it came from', () => {
  assert.deepEqual(parseGdbOrigin('live process 123', '/q'), { kind: 'pid', pid: 123, binary: '/q' });
  assert.deepEqual(parseGdbOrigin('core file /tmp/a b/core'), { kind: 'core', core: '/tmp/a b/core' });
  assert.equal(parseGdbOrigin('something else'), undefined);
  assert.equal(parseGdbOrigin(undefined), undefined);
});

test('the gdb extension is found next to the bundle (dist/../gdb) and from compiled sources', () => {
  const fromDist = findGdbScript(join(EXTENSION, '..', '..', 'dist'));
  assert.equal(fromDist, join(EXTENSION, '..', '..', 'dist', '..', 'gdb', 'qemu-memmap.py'));
  assert.ok(findGdbScript(__dirname), 'from out/test/gdb');
});

test('the adapter refuses a missing gdb and a missing extension with clear errors', async (t) => {
  const dir = tempDir(t);
  const core = join(dir, 'core');
  // A minimal ELF64 core header (no program headers): enough for the input check.
  const elf = Buffer.alloc(64);
  elf.writeUInt32BE(0x7f454c46, 0);
  elf[4] = 2;
  elf[5] = 1;
  elf.writeUInt16LE(4, 16);
  writeFileSync(core, elf);
  assert.deepEqual(readCoreFile(core), {});
  const source = { kind: 'core', core, binary: process.execPath } as const;
  await assert.rejects(captureWithGdb(source, { script: join(dir, 'absent.py'), command: 'test' }), (e) => e instanceof GdbCaptureError && e.kind === 'input' && /absent\.py is missing/.test(e.message));
  await assert.rejects(captureWithGdb(source, { script: EXTENSION, command: 'test', gdb: join(dir, 'no-gdb-here') }), (e) => e instanceof GdbCaptureError && e.kind === 'no-gdb' && /not installed/.test(e.message));
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(captureWithGdb(source, { script: EXTENSION, command: 'test', signal: abort.signal }), (e) => e instanceof GdbCaptureError && e.kind === 'cancelled');
});

test('capture --gdb of a process that is no QEMU: exit 1, and the message says what the process runs', { timeout: 60_000 }, async (t) => {
  const why = noGdb() ?? (existsSync(CLI) ? undefined : `${CLI} is absent: run \`npm run build\``);
  if (why) {
    t.skip(why);
    return;
  }
  const dir = tempDir(t);
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    const out = join(dir, 'never.txt');
    const r = cli(['capture', '--gdb', String(child.pid), '-o', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^qemu-memmap: capture failed: .*\\(process ${String(child.pid)} runs \\S*sleep, which may not be a QEMU\\)$`, 'm'));
    assert.equal(existsSync(out), false);
  } finally {
    child.kill('SIGKILL');
  }
});


const DEBUG_72 = debugQemu('7.2');

test('capture --gdb PID and --gdb CORE --qemu BINARY of a paused debug QEMU equal its QMP capture (qemu-memmap diff exits 0)', { timeout: 300_000 }, async (t) => {
  const why = missing(DEBUG_72, '7.2');
  if (why) {
    t.skip(`no QEMU 7.2 with debug info: ${why}`);
    return;
  }
  await withQemu(DEBUG_72, ['-M', 'q35', '-m', '256M'], (q) => {
    // A directory whose name needs gdb quoting: the header's command line must come through exactly.
    const dir = join(q.dir, `it's "quoted" \\ $HOME`);
    mkdirSync(dir);
    const qmp = join(dir, 'qmp.txt');
    const live = join(dir, 'live.qemu-capture');
    const fromCore = join(dir, 'core.qemu-capture');
    const core = join(q.dir, 'qemu.core');

    assert.ok(qemuProcesses().some((p) => p.pid === q.pid), 'the QEMU is among the running QEMUs /proc lists');
    assert.equal(cli(['capture', '--qmp', q.qmp, '-o', qmp]).status, 0);

    const a = cli(['capture', '--gdb', String(q.pid), '-o', live]);
    assert.equal(a.status, 0, `capture --gdb PID: ${a.stderr}`);
    const liveText = readFileSync(live, 'utf8');
    assert.equal(header(liveText, 'gdb'), `live process ${String(q.pid)}`);
    assert.equal(header(liveText, 'binary'), DEBUG_72);
    assert.equal(header(liveText, 'command'), `qemu-memmap capture --gdb ${String(q.pid)} -o ${live}`);
    assert.equal(header(liveText, 'qmp'), undefined);
    const d1 = cli(['diff', qmp, live]);
    assert.equal(d1.status, 0, `diff QMP live: ${d1.stdout}${d1.stderr}`);

    const g = gdbBatch(['-p', String(q.pid)], [`gcore ${core}`]);
    assert.equal(g.status, 0, g.stderr);
    assert.equal(readCoreFile(core).executable, DEBUG_72, 'the core names the binary that wrote it');
    const b = cli(['capture', '--gdb', core, '--qemu', DEBUG_72, '-o', fromCore]);
    rmSync(core, { force: true });
    assert.equal(b.status, 0, `capture --gdb CORE: ${b.stderr}`);
    const coreText = readFileSync(fromCore, 'utf8');
    assert.equal(header(coreText, 'gdb'), `core file ${core}`);
    const d2 = cli(['diff', qmp, fromCore]);
    assert.equal(d2.status, 0, `diff QMP core: ${d2.stdout}${d2.stderr}`);

    // A capture that runs out of time stops gdb, writes nothing and leaves QEMU running (QMP still answers).
    const never = join(dir, 'never.txt');
    const slow = cli(['capture', '--gdb', String(q.pid), '-o', never, '--timeout', '1']);
    assert.equal(slow.status, 1, slow.stderr);
    assert.match(slow.stderr, /^qemu-memmap: capture failed: gdb did not finish within 0\.001 s \(attached to process \d+\); it was stopped and nothing was written$/m);
    assert.equal(existsSync(never), false);
    assert.equal(cli(['capture', '--qmp', q.qmp, '-o', join(dir, 'after.txt'), '--timeout', '10000']).status, 0, 'QEMU answers QMP after the interrupted attach');
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${String(q.pid)}/status`, 'utf8'))?.[1];
    assert.notEqual(state, 't', 'QEMU is not left stopped under a tracer');
  });
});

test('capture --gdb of Debian\'s QEMU (no debug info): the one-line error, exit 1, nothing written', { timeout: 120_000 }, async (t) => {
  const why = debianQemuMissing();
  if (why) {
    t.skip(why);
    return;
  }
  await withQemu(DEBIAN_QEMU, ['-M', 'pc', '-m', '64M'], (q) => {
    const out = join(q.dir, 'never.txt');
    const r = cli(['capture', '--gdb', String(q.pid), '-o', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, 'qemu-memmap: capture failed: this QEMU has no debug info: install its debug symbols or build it with -g\n');
    assert.equal(existsSync(out), false, 'nothing written');
  });
});
