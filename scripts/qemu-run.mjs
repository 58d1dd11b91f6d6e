// One paused QEMU for scripts/capture-fixtures.mjs: started under TCG with -S, QMP on a unix socket
// in a private temp dir and the find_ram* trace logged there, spoken to with the project's own QMP
// client (dist/qmp.js) under this script's policy, and ended by `quit` or, failing that, by its PID.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitClose, waitExit } from './qemu-process.mjs';

const qmpModule = new URL('../dist/qmp.js', import.meta.url);
if (!fs.existsSync(qmpModule)) {
  console.error('scripts: dist/qmp.js is missing: run `npm run build` first');
  process.exit(2);
}
const { QmpClient, QmpError } = await import(qmpModule.href);

const TIMEOUT = {
  socket: 20_000, // QEMU start until the QMP socket accepts
  command: 30_000, // one QMP command
  exit: 10_000, // `quit` until the process has exited
  config: 180_000, // whole configuration
};

// HMP reports errors as normal text; any of these in an answer means the capture is wrong.
const HMP_ERRORS = [
  /unsupported option/,
  /Try "help/,
  /unknown command/,
  /^Error/m,
  /number too large/,
  /invalid (char|parameter)/i,
];

// ---------------------------------------------------------------------------------------------
// QMP: the project's own client (src/qmp, bundled into dist/qmp.js by `npm run build`), with this
// script's policy on top: HMP text with CRLF normalised to LF, and HMP's error texts treated as failures.

class Qmp {
  constructor(client) {
    this.client = client;
  }

  get closed() {
    return this.client.closed;
  }

  execute(cmd, args) {
    return this.client.execute(cmd, args);
  }

  // HMP text, CRLF normalised to LF; fails on HMP's error texts.
  async hmp(cmdline, { allowErrors = false } = {}) {
    const text = (await this.client.hmp(cmdline)).replace(/\r\n/g, '\n');
    if (!allowErrors) {
      for (const re of HMP_ERRORS) {
        if (re.test(text)) throw new Error(`HMP '${cmdline}' failed: ${text.trim().slice(0, 300)}`);
      }
    }
    return text;
  }

  // Fails unless QEMU is still paused before its first run (`-S`); `what` ends the message.
  async expectPrelaunch(what) {
    const status = await this.execute('query-status');
    if (status.status !== 'prelaunch') throw new Error(`run state is '${status.status}'${what}`);
  }

  close() {
    this.client.close();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Connects once QEMU listens (greeting and capabilities negotiation included).
async function connectQmp(sockPath, child) {
  const deadline = Date.now() + TIMEOUT.socket;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`QEMU exited before QMP was up (${child.exitCode ?? child.signalCode})`);
    }
    if (fs.existsSync(sockPath)) {
      try {
        return new Qmp(await QmpClient.connect(`unix:${sockPath}`, { timeoutMs: TIMEOUT.command }));
      } catch (e) {
        if (!(e instanceof QmpError) || e.kind !== 'connect') throw e; // not listening yet: retry
      }
    }
    if (Date.now() > deadline) throw new Error(`QMP socket ${sockPath} did not come up`);
    await sleep(50);
  }
}

/** One QEMU process for one configuration `cfg` of binary `q`, its files in `tmp`. */
export class QemuRun {
  constructor(q, cfg, tmp) {
    this.q = q;
    this.sockPath = path.join(tmp, 'qmp.sock');
    this.traceLog = path.join(tmp, 'trace.log');
    this.args = [
      ...q.extraArgs,
      '-accel', 'tcg', '-display', 'none', '-monitor', 'none', '-nic', 'none',
      ...cfg.args(tmp),
      '-S',
      '-qmp', `unix:${this.sockPath},server=on,wait=off`,
      '-trace', 'find_ram*',
      '-D', this.traceLog,
    ];
    this.child = null;
    this.qmp = null;
    this.output = '';
    this.deadline = null;
    this.timedOut = false;
  }

  // Starts QEMU and connects; a whole-config deadline kills QEMU (by PID), which fails the pending QMP call.
  async start() {
    const child = spawn(this.q.binary, this.args, { env: this.q.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.deadline = setTimeout(() => {
      this.timedOut = true;
      this.kill();
    }, TIMEOUT.config);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (this.output += d));
    child.stderr.on('data', (d) => (this.output += d));
    const spawnError = new Promise((_, reject) => child.once('error', reject));
    spawnError.catch(() => {});
    this.qmp = await Promise.race([connectQmp(this.sockPath, child), spawnError]);
    return this.qmp;
  }

  kill() {
    try {
      process.kill(this.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }

  get running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  // `quit`, then the exit and the trace log, which is complete only now.
  async quit() {
    await this.qmp.execute('quit').catch((e) => {
      if (!(e instanceof QmpError) || e.kind !== 'closed') throw e;
    });
    const child = this.child;
    if (!(await waitExit(child, TIMEOUT.exit))) throw new Error('QEMU did not exit after quit');
    if (child.exitCode !== 0) throw new Error(`QEMU exited with ${child.exitCode ?? child.signalCode} after quit`);
    if (/failed to (initialize|open|load) module|Only modules from the same build/.test(this.output)) {
      throw new Error('QEMU loaded a module from another build (QEMU_MODULE_DIR incomplete?)');
    }
    const trace = fs.readFileSync(this.traceLog, 'utf8').replace(/\r\n/g, '\n');
    if (!/^find_ram_offset size: /m.test(trace)) throw new Error('trace has no find_ram_offset line');
    return trace;
  }

  // `e` with what QEMU said and its command line.
  async explain(e) {
    // let the stderr pipe drain so the error shows QEMU's own message
    if (this.child && !this.running) await waitClose(this.child, 1000);
    if (this.timedOut) e.message = `config timeout (${TIMEOUT.config} ms), QEMU killed: ${e.message}`;
    if (this.output.trim()) e.message += `\nQEMU output:\n${this.output.trim()}`;
    e.message += `\ncommand line: ${this.q.binary} ${this.args.join(' ')}`;
    return e;
  }

  // Ends QEMU if it still runs: `quit`, then SIGKILL.
  async stop() {
    clearTimeout(this.deadline);
    if (this.running) {
      if (this.qmp && !this.qmp.closed) this.qmp.execute('quit').catch(() => {});
      if (!(await waitExit(this.child, 3000))) {
        this.kill();
        await waitExit(this.child, 3000);
      }
    }
    this.qmp?.close();
  }
}

