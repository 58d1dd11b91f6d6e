#!/usr/bin/env node
// Capture test fixtures from a real QEMU: `info mtree` in all its modes, `info ramblock`,
// gpa2hva probes and the find_ram* trace, for a fixed set of machine configurations (the `*-pci`
// ones after a firmware-like PCI setup over HMP port I/O, logged to pci-setup.txt).
//
//   node scripts/capture-fixtures.mjs [--prefix /opt/qemu-10] [--out test/fixtures] [CONFIG...]
//
// Without --prefix the system binaries (qemu-system-* on $PATH) are used. With --prefix the
// binaries PREFIX/usr/bin/qemu-system-* are run with `-L PREFIX/usr/share/qemu
// -L PREFIX/usr/share/seabios` and QEMU_MODULE_DIR=PREFIX/usr/lib/x86_64-linux-gnu/qemu
// (see scripts/install-qemu10.sh). Output goes to OUT/qemu-MAJOR.MINOR/CONFIG/.
// With no CONFIG arguments every configuration is captured; `--list` prints their names.
//
// Each QEMU runs paused (-S, TCG, no display/monitor/NIC) with QMP on a unix socket in a private
// temp dir under /tmp; HMP text is fetched with QMP `human-monitor-command` and CRLF is
// normalised to LF (nothing else is changed). Plain Node >= 20; the QMP client is the project's own
// (dist/qmp.js: run `npm run build` first).

import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hex, parseFlatViews, runPciSetup, verifyPciSetup } from './pci-setup.mjs';
import { waitExit } from './qemu-process.mjs';

const qmpModule = new URL('../dist/qmp.js', import.meta.url);
if (!fs.existsSync(qmpModule)) {
  console.error('capture-fixtures: dist/qmp.js is missing: run `npm run build` first');
  process.exit(2);
}
const { QmpClient, QmpError } = await import(qmpModule.href);

const TIMEOUT = {
  socket: 20_000, // QEMU start until the QMP socket accepts
  command: 30_000, // one QMP command
  exit: 10_000, // `quit` until the process has exited
  config: 180_000, // whole configuration
};
const MAX_PROBES = 80;
const U64_MAX = (1n << 64n) - 1n;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Configurations. `args(tmp)` gets the per-run temp dir (for file-backed memory).
// `probeAS` lists the address spaces whose FlatView is probed with gpa2hva.
// `pci` ({ host: 'i440fx' | 'q35', expect: [MR names] }) runs runPciSetup before the captures; the
// `expect` names must then show up in the FlatView of AS "memory".

const PC_DEVICES_ARGS = [
  '-M', 'pc', '-m', '512M',
  '-device', 'VGA,id=vga0',
  '-device', 'e1000,id=nic0',
  '-device', 'virtio-balloon-pci,id=balloon0',
  '-device', 'ich9-ahci,id=ahci0',
  '-device', 'virtio-rng-pci,id=rng0',
  '-device', 'nec-usb-xhci,id=xhci0',
];

const q35DevicesArgs = (tmp) => [
  '-M', 'q35,nvdimm=on', '-m', '1G,slots=2,maxmem=4G',
  '-object', `memory-backend-file,id=shmmem0,mem-path=${tmp}/shm/ivshmem0,size=4M,share=on`,
  '-object', `memory-backend-file,id=nvmem0,mem-path=${tmp}/nvdimm0,size=256M,share=on`,
  '-device', 'pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=0x10',
  '-device', 'virtio-balloon-pci,id=balloon0,bus=rp1',
  '-device', 'pci-bridge,id=br0,chassis_nr=2,bus=pcie.0,addr=0x11',
  '-device', 'virtio-rng-pci,id=rng0,bus=br0,addr=0x1',
  '-device', 'e1000,id=nic0,bus=br0,addr=0x2',
  '-device', 'ivshmem-plain,id=shm0,memdev=shmmem0',
  '-device', 'nvdimm,id=nv0,memdev=nvmem0',
];

const CONFIGS = [
  {
    name: 'x86_64-pc',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '128M'],
  },
  {
    name: 'x86_64-pc-devices',
    arch: 'x86_64',
    args: () => PC_DEVICES_ARGS,
  },
  {
    name: 'x86_64-q35-devices',
    arch: 'x86_64',
    args: q35DevicesArgs,
    setup: (tmp) => fs.mkdirSync(path.join(tmp, 'shm')),
  },
  // The same two machines after a firmware-like PCI setup done over HMP port I/O while still
  // paused (see runPciSetup): BARs and ROM BARs assigned, COMMAND=IO|MEM|MASTER, mixed PAM modes,
  // and on q35 the bridges' bus numbers and windows and PCIEXBAR. Everything done is in pci-setup.txt.
  {
    name: 'x86_64-pc-pci',
    arch: 'x86_64',
    args: () => PC_DEVICES_ARGS,
    pci: { host: 'i440fx', expect: ['vga.vram', 'e1000-mmio'] },
  },
  {
    name: 'x86_64-q35-pci',
    arch: 'x86_64',
    args: q35DevicesArgs,
    setup: (tmp) => fs.mkdirSync(path.join(tmp, 'shm')),
    pci: { host: 'q35', expect: ['vga.vram', 'e1000-mmio', 'shmmem0', 'pcie-mmcfg-mmio'] },
  },
  {
    name: 'x86_64-q35-numa',
    arch: 'x86_64',
    args: () => [
      '-M', 'q35', '-m', '3G',
      '-object', 'memory-backend-ram,id=m0,size=1G',
      '-object', 'memory-backend-ram,id=m1,size=2G',
      '-numa', 'node,nodeid=0,memdev=m0',
      '-numa', 'node,nodeid=1,memdev=m1',
    ],
  },
  {
    name: 'x86_64-pc-4G',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '4G'],
  },
  {
    name: 'x86_64-microvm',
    arch: 'x86_64',
    args: () => ['-M', 'microvm'],
  },
  {
    name: 'aarch64-virt',
    arch: 'aarch64',
    args: () => ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '256M'],
  },
  {
    name: 'aarch64-virt-secure',
    arch: 'aarch64',
    args: () => ['-M', 'virt,secure=on', '-cpu', 'cortex-a57', '-m', '256M'],
    // gpa2hva resolves through the outermost container of `system`, which here is
    // `secure-memory`, so its FlatView is probed too.
    probeAS: ['memory', 'cpu-secure-memory-0'],
  },
  {
    name: 'riscv64-virt',
    arch: 'riscv64',
    args: () => ['-M', 'virt', '-m', '256M'],
  },
  // Machines for the region knowledge: a 32-bit arm board, ppc64 pseries (SLOF is loaded but never
  // runs, -S), the ISA-only PC, q35 with a VT-d IOMMU and PCIe devices, and i440FX with PCI-PCI bridges.
  {
    name: 'arm-virt',
    arch: 'arm',
    args: () => ['-M', 'virt', '-cpu', 'cortex-a15', '-m', '256M'],
  },
  {
    name: 'ppc64-pseries',
    arch: 'ppc64',
    // Default devices (VGA and nec-usb-xhci on the PHB, spapr-vty, spapr-nvram, spapr-vscsi); -nic none
    // drops the NIC. Not -nodefaults / -vga none: then ppc_spapr.ram is the only RAMBlock, and
    // find_ram_offset returns 0 for the first block without tracing, so the trace would be empty.
    args: () => ['-M', 'pseries', '-m', '512M'],
  },
  {
    name: 'x86_64-isapc',
    arch: 'x86_64',
    args: () => ['-M', 'isapc', '-m', '32M'],
  },
  {
    name: 'x86_64-q35-iommu-pci',
    arch: 'x86_64',
    // intel-iommu first (it must exist before the PCI devices whose DMA it translates).
    // kernel-irqchip=split is what intremap=on needs under KVM; TCG takes intremap=on with or without it.
    args: () => [
      '-M', 'q35,kernel-irqchip=split', '-m', '512M',
      '-device', 'intel-iommu,id=iommu0,intremap=on',
      '-device', 'e1000e,id=nic0',
      '-device', 'virtio-rng-pci,id=rng0',
      '-device', 'virtio-balloon-pci,id=balloon0',
      '-drive', 'if=none,id=nvm,file=null-co://,format=raw',
      '-device', 'nvme,id=nvme0,drive=nvm,serial=x',
    ],
    // e1000e's BAR1 (`e1000e-flash`, 128 KiB) is an empty container: mapped, but no FlatView range.
    pci: { host: 'q35', expect: ['vga.vram', 'e1000e-mmio', 'pcie-mmcfg-mmio'], emptyBars: ['e1000e-flash'] },
  },
  {
    name: 'x86_64-pc-bridges-pci',
    arch: 'x86_64',
    // br0 with e1000 and virtio-rng-pci behind it; br1 has nothing behind it (all windows closed).
    args: () => [
      '-M', 'pc', '-m', '256M',
      '-device', 'pci-bridge,id=br0,chassis_nr=1,addr=0x5',
      '-device', 'e1000,id=nic0,bus=br0,addr=0x1',
      '-device', 'virtio-rng-pci,id=rng0,bus=br0,addr=0x2',
      '-device', 'pci-bridge,id=br1,chassis_nr=2,addr=0x6',
    ],
    pci: { host: 'i440fx', expect: ['vga.vram', 'e1000-mmio'] },
  },
  {
    name: 'x86_64-pc-ramblock-churn',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '128M'],
    // Separate memory-backend-ram objects are added/removed while paused; freed RAMBlocks leave
    // holes in the ram_addr space that find_ram_offset refills best-fit (smallest gap that fits).
    // c2/c4 keep the holes of c1 (32M) and c3 (48M) apart: c5 (20M) goes to the 32M hole, c6 (40M)
    // to the 48M one, c7 (10M) and c8 (1M+4K) and c9 (4K) to the smallest rests, and c10 (64M)
    // exactly refills the hole c0 leaves.
    churn: [
      ['new', 'c0', 64 * MiB],
      ['new', 'c1', 32 * MiB],
      ['new', 'c2', 16 * MiB],
      ['new', 'c3', 48 * MiB],
      ['new', 'c4', 16 * MiB],
      ['gone', 'c1'],
      ['gone', 'c3'],
      ['new', 'c5', 20 * MiB],
      ['new', 'c6', 40 * MiB],
      ['new', 'c7', 10 * MiB],
      ['new', 'c8', MiB + 4096],
      ['new', 'c9', 4096],
      ['gone', 'c0'],
      ['new', 'c10', 64 * MiB],
    ],
  },
];

// HMP commands and the files they go to. Flags must be given in the order -f -d -o -D.
const MTREE_FILES = [
  ['mtree.txt', 'info mtree'],
  ['mtree-o.txt', 'info mtree -o'],
  ['mtree-D.txt', 'info mtree -D'],
  ['mtree-o-D.txt', 'info mtree -o -D'],
  ['mtree-f.txt', 'info mtree -f'],
  ['mtree-f-d.txt', 'info mtree -f -d'],
  ['mtree-f-o.txt', 'info mtree -f -o'],
  ['mtree-f-d-o.txt', 'info mtree -f -d -o'],
  ['ramblock.txt', 'info ramblock'],
];
const TRANSCRIPT_COMMANDS = ['info mtree', 'info mtree -f', 'info ramblock'];

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
// Command line

function usage(code) {
  const names = CONFIGS.map((c) => `  ${c.name}`).join('\n');
  (code ? process.stderr : process.stdout).write(
    `usage: node scripts/capture-fixtures.mjs [--prefix DIR] [--out DIR] [--list] [CONFIG...]\n` +
      `configs:\n${names}\n`,
  );
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { prefix: null, out: 'test/fixtures', configs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    if (a === '--prefix') opts.prefix = path.resolve(value());
    else if (a.startsWith('--prefix=')) opts.prefix = path.resolve(a.slice(9));
    else if (a === '--out') opts.out = value();
    else if (a.startsWith('--out=')) opts.out = a.slice(6);
    else if (a === '--list') {
      for (const c of CONFIGS) console.log(c.name);
      process.exit(0);
    } else if (a === '-h' || a === '--help') usage(0);
    else if (a.startsWith('-')) usage(2);
    else opts.configs.push(a);
  }
  for (const n of opts.configs) {
    if (!CONFIGS.some((c) => c.name === n)) {
      console.error(`capture-fixtures: unknown config '${n}'`);
      usage(2);
    }
  }
  return opts;
}

// Binary, extra args and environment for one architecture.
function qemuFor(arch, prefix) {
  if (!prefix) {
    const binary = findOnPath(`qemu-system-${arch}`);
    return { binary, extraArgs: [], env: { ...process.env } };
  }
  const binary = path.join(prefix, 'usr/bin', `qemu-system-${arch}`);
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found (run scripts/install-qemu10.sh?)`);
  return {
    binary,
    extraArgs: ['-L', path.join(prefix, 'usr/share/qemu'), '-L', path.join(prefix, 'usr/share/seabios')],
    env: { ...process.env, QEMU_MODULE_DIR: path.join(prefix, 'usr/lib/x86_64-linux-gnu/qemu') },
  };
}

function findOnPath(name) {
  for (const dir of (process.env.PATH || '/usr/bin').split(':')) {
    const p = path.join(dir || '.', name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  throw new Error(`${name} not found on PATH`);
}

function qemuVersion(q) {
  const out = execFileSync(q.binary, ['--version'], { env: q.env, timeout: 10_000, encoding: 'utf8' });
  const first = out.split('\n')[0].trim();
  const m = /version (\d+)\.(\d+)(?:\.(\d+))?/.exec(first);
  if (!m) throw new Error(`cannot read the version from '${first}'`);
  return { line: first, majorMinor: `${m[1]}.${m[2]}` };
}

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

  close() {
    this.client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

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

function waitClose(child, ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    child.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

// gpa2hva probe addresses for the FlatViews of the given address spaces: start, middle and end
// of every range, the start of every hole, and 0xffffffffffffffff. Above MAX_PROBES, the
// cheapest-to-lose ones go first (i/o middles, then i/o ends, ...).
function pickProbes(mtreeF, asNames) {
  const views = parseFlatViews(mtreeF);
  const cand = new Map(); // addr -> rank (lower = keep first)
  const add = (addr, rank) => {
    if (addr < 0n || addr > U64_MAX) return;
    if (!cand.has(addr) || cand.get(addr) > rank) cand.set(addr, rank);
  };
  add(U64_MAX, 0);
  for (const as of asNames) {
    const view = views.find((v) => v.asNames.includes(as));
    if (!view) throw new Error(`no FlatView with AS "${as}" in info mtree -f`);
    if (!view.ranges.length) throw new Error(`FlatView of AS "${as}" has no ranges`);
    let prevEnd = -1n;
    for (const r of view.ranges) {
      const isRam = r.type !== 'i/o';
      if (r.start > prevEnd + 1n) add(prevEnd + 1n, 1); // hole before this range
      const size = r.end - r.start + 1n;
      let mid = r.start + size / 2n;
      const aligned = mid & ~0xfffn;
      if (aligned > r.start) mid = aligned;
      add(r.start, isRam ? 0 : 2);
      add(mid, isRam ? 0 : 4);
      add(r.end, isRam ? 0 : 3);
      prevEnd = r.end;
    }
    if (prevEnd < U64_MAX) add(prevEnd + 1n, 1);
  }
  const all = [...cand.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return all
    .slice(0, MAX_PROBES)
    .map(([addr]) => addr)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// Rows of `info ramblock`: { name, offset, used, total } (the name may be empty).
function parseRamblock(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(.*?)\s+\S+ \S+\s+0x([0-9a-f]{16}) 0x([0-9a-f]{16}) 0x([0-9a-f]{16})/.exec(line);
    if (m) rows.push({ name: m[1], offset: BigInt('0x' + m[2]), used: BigInt('0x' + m[3]), total: BigInt('0x' + m[4]) });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// One configuration

async function captureConfig(cfg, q, version, outRoot) {
  const tmp = fs.mkdtempSync('/tmp/qmmcap-');
  const sockPath = path.join(tmp, 'qmp.sock');
  const traceLog = path.join(tmp, 'trace.log');
  const args = [
    ...q.extraArgs,
    '-accel', 'tcg', '-display', 'none', '-monitor', 'none', '-nic', 'none',
    ...cfg.args(tmp),
    '-S',
    '-qmp', `unix:${sockPath},server=on,wait=off`,
    '-trace', 'find_ram*',
    '-D', traceLog,
  ];
  let child = null;
  let qmp = null;
  let stderr = '';
  let deadline = null;
  let timedOut = false;
  const files = {};
  try {
    cfg.setup?.(tmp);
    child = spawn(q.binary, args, { env: q.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Whole-config deadline: kill QEMU (by PID), which makes the pending QMP call fail.
    deadline = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, TIMEOUT.config);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (stderr += d));
    child.stderr.on('data', (d) => (stderr += d));
    const spawnError = new Promise((_, reject) => child.once('error', reject));
    spawnError.catch(() => {});

    qmp = await Promise.race([connectQmp(sockPath, child), spawnError]);
    const status = await qmp.execute('query-status');
    if (status.status !== 'prelaunch') throw new Error(`run state is '${status.status}', expected prelaunch`);

    if (cfg.churn) files['churn.txt'] = await runChurn(qmp, cfg.churn);
    let pciSetup = null;
    if (cfg.pci) {
      pciSetup = await runPciSetup(qmp, cfg.pci);
      files['pci-setup.txt'] = pciSetup.text;
      const after = await qmp.execute('query-status');
      if (after.status !== 'prelaunch') throw new Error(`run state is '${after.status}' after PCI setup`);
    }

    for (const [file, cmd] of MTREE_FILES) {
      const text = await qmp.hmp(cmd);
      if (!text.trim()) throw new Error(`'${cmd}' printed nothing`);
      files[file] = text;
    }
    if (pciSetup) verifyPciSetup(files['mtree-f.txt'], pciSetup, cfg.pci.expect, files['mtree.txt'], cfg.pci.emptyBars);
    if (!/^\s+Block Name\s+PSize\s+Offset\s+Used\s+Total/.test(files['ramblock.txt'])) {
      throw new Error(`info ramblock has no header: ${files['ramblock.txt'].slice(0, 200)}`);
    }

    let transcript = '';
    for (const cmd of TRANSCRIPT_COMMANDS) {
      const text = await qmp.hmp(cmd);
      transcript += `(qemu) ${cmd}\n${text}${text.endsWith('\n') || !text ? '' : '\n'}`;
    }
    files['transcript.txt'] = transcript;

    let gpa = '';
    for (const addr of pickProbes(files['mtree-f.txt'], cfg.probeAS ?? ['memory'])) {
      const cmd = `gpa2hva ${hex(addr)}`;
      const text = await qmp.hmp(cmd);
      if (!/^(Host virtual address for |Memory at address |No memory is mapped at address )/.test(text)) {
        throw new Error(`unexpected answer to '${cmd}': ${text}`);
      }
      gpa += `(qemu) ${cmd}\n${text}${text.endsWith('\n') ? '' : '\n'}`;
    }
    files['gpa2hva.txt'] = gpa;
    const end = await qmp.execute('query-status');
    if (end.status !== 'prelaunch') throw new Error(`run state is '${end.status}' after the captures`);

    // quit, then the trace log is complete
    await qmp.execute('quit').catch((e) => {
      if (!(e instanceof QmpError) || e.kind !== 'closed') throw e;
    });
    if (!(await waitExit(child, TIMEOUT.exit))) throw new Error('QEMU did not exit after quit');
    if (child.exitCode !== 0) throw new Error(`QEMU exited with ${child.exitCode ?? child.signalCode} after quit`);
    if (/failed to (initialize|open|load) module|Only modules from the same build/.test(stderr)) {
      throw new Error('QEMU loaded a module from another build (QEMU_MODULE_DIR incomplete?)');
    }
    files['trace.txt'] = fs.readFileSync(traceLog, 'utf8').replace(/\r\n/g, '\n');
    if (!/^find_ram_offset size: /m.test(files['trace.txt'])) throw new Error('trace has no find_ram_offset line');

    const outDir = path.join(outRoot, `qemu-${version.majorMinor}`, cfg.name);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, file), text);
    const meta = {
      config: cfg.name,
      qemuVersion: version.line,
      binary: q.binary,
      args,
      capturedAt: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
    const warn = stderr.trim();
    return { outDir, warn };
  } catch (e) {
    // let the stderr pipe drain so the error shows QEMU's own message
    if (child && (child.exitCode !== null || child.signalCode !== null)) await waitClose(child, 1000);
    if (timedOut) e.message = `config timeout (${TIMEOUT.config} ms), QEMU killed: ${e.message}`;
    if (stderr.trim()) e.message += `\nQEMU output:\n${stderr.trim()}`;
    e.message += `\ncommand line: ${q.binary} ${args.join(' ')}`;
    throw e;
  } finally {
    clearTimeout(deadline);
    if (child && child.exitCode === null && child.signalCode === null) {
      if (qmp && !qmp.closed) qmp.execute('quit').catch(() => {});
      if (!(await waitExit(child, 3000))) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await waitExit(child, 3000);
      }
    }
    qmp?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// churn.txt: one step per object-add/object-del, each followed by `info ramblock`. See README.
async function runChurn(qmp, steps) {
  let text =
    '# RAMBlock churn: QMP object-add/object-del of memory-backend-ram objects while paused (-S).\n' +
    '# Each step is a line "## new ID size 0xSIZE offset 0xOFFSET" (object-add; OFFSET is the ram_addr\n' +
    '# offset of the block that appeared) or "## gone ID offset 0xOFFSET" (object-del; the block that\n' +
    '# disappeared), followed by `info ramblock` after that step and a blank line. "## start" is the\n' +
    '# state before the first step. These blocks have empty names in info ramblock.\n';
  let before = await qmp.hmp('info ramblock');
  text += `## start\n${before}\n`;
  const offsets = {};
  for (const [op, id, size] of steps) {
    if (op === 'new') {
      await qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id, size });
    } else {
      await qmp.execute('object-del', { id });
    }
    const after = await qmp.hmp('info ramblock');
    const oldSet = new Set(parseRamblock(before).map((r) => r.offset));
    const newSet = new Set(parseRamblock(after).map((r) => r.offset));
    if (op === 'new') {
      const added = [...newSet].filter((o) => !oldSet.has(o));
      if (added.length !== 1) throw new Error(`churn: object-add ${id} added ${added.length} blocks`);
      offsets[id] = added[0];
      text += `## new ${id} size ${hex(BigInt(size))} offset ${hex(added[0])}\n`;
    } else {
      const removed = [...oldSet].filter((o) => !newSet.has(o));
      if (removed.length !== 1 || removed[0] !== offsets[id]) throw new Error(`churn: object-del ${id} did not free its block`);
      text += `## gone ${id} offset ${hex(removed[0])}\n`;
    }
    text += `${after}\n`;
    before = after;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const selected = opts.configs.length ? CONFIGS.filter((c) => opts.configs.includes(c.name)) : CONFIGS;
  const x86 = qemuFor('x86_64', opts.prefix);
  const version = qemuVersion(x86);
  console.log(`capture-fixtures: ${version.line} (${opts.prefix ?? 'system'}) -> ${path.join(opts.out, `qemu-${version.majorMinor}`)}`);
  let failed = 0;
  for (const cfg of selected) {
    const q = qemuFor(cfg.arch, opts.prefix);
    const v = qemuVersion(q);
    if (v.line !== version.line) throw new Error(`${q.binary} is '${v.line}', not '${version.line}'`);
    const t0 = Date.now();
    try {
      const { outDir, warn } = await captureConfig(cfg, q, version, opts.out);
      console.log(`  ok   ${cfg.name} (${Date.now() - t0} ms) -> ${outDir}`);
      if (warn) console.log(warn.replace(/^/gm, '       qemu: '));
    } catch (e) {
      failed++;
      console.error(`  FAIL ${cfg.name}: ${e.message}`);
    }
  }
  if (failed) {
    console.error(`capture-fixtures: ${failed} of ${selected.length} configs failed`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`capture-fixtures: ${e.stack || e}`);
  process.exit(1);
});
