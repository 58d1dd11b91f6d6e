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
// normalised to LF (nothing else is changed). Plain Node >= 20; the QMP client and the parsers that
// read QEMU's answers are the project's own (dist/qmp.js, dist/core.js: run `npm run build` first).
// The machines are in capture-machines.mjs, the PCI setup in pci-setup.mjs, the QEMU process in qemu-run.mjs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ramblockRows, flatViews } from './built-core.mjs';
import { CONFIGS } from './capture-machines.mjs';
import { hex, runPciSetup, verifyPciSetup } from './pci-setup.mjs';
import { qemuFor, qemuVersion } from './qemu-process.mjs';
import { QemuRun } from './qemu-run.mjs';

const MAX_PROBES = 80;
const U64_MAX = (1n << 64n) - 1n;

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

// ---------------------------------------------------------------------------------------------
// What is asked of each QEMU

// gpa2hva probe addresses for the FlatViews of the given address spaces: start, middle and end
// of every range, the start of every hole, and 0xffffffffffffffff. Above MAX_PROBES, the
// cheapest-to-lose ones go first (i/o middles, then i/o ends, ...).
function pickProbes(mtreeF, asNames) {
  const views = flatViews(mtreeF);
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

// The fixture files but trace.txt, by name: churn and PCI setup first when the config has them,
// then every MTREE_FILES command, the transcript and the gpa2hva probes. QEMU stays paused throughout.
async function captureFiles(qmp, cfg) {
  const files = {};
  await qmp.expectPrelaunch(', expected prelaunch');
  if (cfg.churn) files['churn.txt'] = await runChurn(qmp, cfg.churn);
  let pciSetup = null;
  if (cfg.pci) {
    pciSetup = await runPciSetup(qmp, cfg.pci);
    files['pci-setup.txt'] = pciSetup.text;
    await qmp.expectPrelaunch(' after PCI setup');
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
  files['gpa2hva.txt'] = await probeGpa2hva(qmp, pickProbes(files['mtree-f.txt'], cfg.probeAS ?? ['memory']));
  await qmp.expectPrelaunch(' after the captures');
  return files;
}

// gpa2hva.txt: one `(qemu) gpa2hva ADDR` and its answer per address.
async function probeGpa2hva(qmp, addrs) {
  let gpa = '';
  for (const addr of addrs) {
    const cmd = `gpa2hva ${hex(addr)}`;
    const text = await qmp.hmp(cmd);
    if (!/^(Host virtual address for |Memory at address |No memory is mapped at address )/.test(text)) {
      throw new Error(`unexpected answer to '${cmd}': ${text}`);
    }
    gpa += `(qemu) ${cmd}\n${text}${text.endsWith('\n') ? '' : '\n'}`;
  }
  return gpa;
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
    const oldSet = new Set(ramblockRows(before).map((r) => r.offset));
    const newSet = new Set(ramblockRows(after).map((r) => r.offset));
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
// One configuration

// Writes the files and meta.json into OUT/qemu-MAJOR.MINOR/CONFIG/ (emptied first); returns that directory.
function writeFixture(outRoot, version, cfg, run, files) {
  const outDir = path.join(outRoot, `qemu-${version.majorMinor}`, cfg.name);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, file), text);
  const meta = {
    config: cfg.name,
    qemuVersion: version.line,
    binary: run.q.binary,
    args: run.args,
    capturedAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return outDir;
}

async function captureConfig(cfg, q, version, outRoot) {
  const tmp = fs.mkdtempSync('/tmp/qmmcap-');
  const run = new QemuRun(q, cfg, tmp);
  try {
    cfg.setup?.(tmp);
    const qmp = await run.start();
    const files = await captureFiles(qmp, cfg);
    files['trace.txt'] = await run.quit();
    const outDir = writeFixture(outRoot, version, cfg, run, files);
    return { outDir, warn: run.output.trim() };
  } catch (e) {
    throw await run.explain(e);
  } finally {
    await run.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
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
