#!/usr/bin/env node
// Capture a big real machine for the benchmarks (bench/real-bench.ts): a q35 with a VT-d IOMMU and
// hundreds of PCIe root ports, one device behind each, and PCI-PCI bridges, after the firmware-like
// PCI setup of scripts/pci-setup.mjs (BARs, bridge windows, PAM, PCIEXBAR), captured with the
// project's own CLI (`qemu-memmap capture`: info mtree -o -D, info mtree -f, info ramblock, gpa2hva).
//
//   node scripts/capture-big-machine.mjs [--machine q35-200|q35-max] [-o FILE] [--qemu BINARY] [--dist DIR] [--functions 1-8]
//
// q35-200: 200 pcie-root-ports (slots 2.., 8 functions a slot, multifunction=on on function 0) with a
//          virtio-rng-pci, virtio-serial-pci, e1000e (no netdev) or nvme (null-co:// drive) behind
//          each in turn (the second port has the one virtio-balloon-pci QEMU allows), and 4
//          pci-bridges with 4 devices each.
// q35-max: every free function of pcie.0 (slots 2..0x1e, 232 functions): 200 root ports as above
//          and 32 pci-bridges, each with a modern-only virtio-rng-pci or virtio-keyboard-pci in each of
//          its 31 slots (1..31), in --functions functions of each slot (default 1: 992 devices behind
//          the bridges, 1192 in all; with --functions 8, 8136 devices, QEMU 7.2 had not finished
//          starting after 60 s and was past 4 GB RSS). With --functions 1, QEMU 7.2 aborts during the
//          PCI setup, after about 2 minutes: `phys_section_add: Assertion map->sections_nb <
//          TARGET_PAGE_SIZE' (softmmu/physmem.c). One FlatView's dispatch map holds at most 4096
//          sections, and every programmed BAR adds at least one. So did
//          a q35 of 200 root ports and 13 full bridges (603 devices): QEMU's limit lies between that
//          and q35-200's 216 devices. q35-max is therefore not committed and bench/real-bench.ts does
//          not use it. Other limits: pcie.0 has 232 free functions (slot 1 is VGA, 0x1f the ICH9
//          functions); 232 secondary buses of the 256 bus numbers; scripts/pci-setup.mjs handles one
//          level of bridges (so no bridges behind bridges, which would be the way past 256 buses).
//
// QEMU (default /usr/bin/qemu-system-x86_64) runs paused (-S, TCG, no display/monitor/NIC) with QMP on
// a unix socket in a private temp dir under /tmp. The default output is bench/real/MACHINE.qemu-capture.
// Needs the project's bundles qmp.js and cli.js: dist/ (`npm run build`) or --dist DIR.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runPciSetup, verifyPciSetup } from './pci-setup.mjs';
import { waitExit } from './qemu-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = parseArgs(process.argv.slice(2));
const qmpModule = path.join(opts.dist, 'qmp.js');
const cli = path.join(opts.dist, 'cli.js');
if (!fs.existsSync(qmpModule) || !fs.existsSync(cli)) {
  console.error(`capture-big-machine: ${opts.dist} has no qmp.js and cli.js: run \`npm run build\` first`);
  process.exit(2);
}
const { QmpClient, QmpError } = await import(pathToFileURL(qmpModule).href);

const ROOT_PORTS = 200;
const FIRST_SLOT = 2; // 00:01.0 is VGA
const LAST_SLOT = 0x1e; // 00:1f.x are the ICH9 LPC, SATA and SMBus functions
const ENDPOINTS = ['virtio-rng-pci', 'virtio-serial-pci', 'e1000e', 'nvme'];

function endpoint(type, id, bus, addr, multifunction) {
  const at = `bus=${bus}${addr ? `,addr=${addr}` : ''}${multifunction ? ',multifunction=on' : ''}`;
  if (type === 'nvme') return ['-drive', `if=none,id=d${id},file=null-co://,format=raw`, '-device', `nvme,id=${id},drive=d${id},serial=s${id},${at}`];
  return ['-device', `${type},id=${id},${at}`];
}

/** Command-line arguments of a machine and a summary of what is in it. */
function machineArgs(name, functions) {
  const args = ['-M', 'q35,kernel-irqchip=split', '-m', '512M', '-device', 'intel-iommu,id=iommu0,intremap=on'];
  const slots = [];
  for (let slot = FIRST_SLOT; slot <= LAST_SLOT; slot++) for (let fn = 0; fn < 8; fn++) slots.push([slot, fn]);
  const at = ([slot, fn]) => ({ addr: `0x${slot.toString(16)}.${fn}`, mf: fn === 0 });
  let next = 0;
  let chassis = 1;
  let devices = 0;
  for (let i = 0; i < ROOT_PORTS; i++) {
    const { addr, mf } = at(slots[next++]);
    args.push('-device', `pcie-root-port,id=rp${i},chassis=${chassis++},bus=pcie.0,addr=${addr}${mf ? ',multifunction=on' : ''}`);
    // QEMU takes one balloon: it goes behind the second port.
    args.push(...endpoint(i === 1 ? 'virtio-balloon-pci' : ENDPOINTS[i % ENDPOINTS.length], `ep${i}`, `rp${i}`, null, false));
    devices++;
  }
  const bridges = name === 'q35-max' ? slots.length - ROOT_PORTS : 4;
  for (let b = 0; b < bridges; b++) {
    const { addr, mf } = at(slots[next++]);
    args.push('-device', `pci-bridge,id=br${b},chassis_nr=${chassis++},bus=pcie.0,addr=${addr}${mf ? ',multifunction=on' : ''}`);
    if (name === 'q35-max') {
      for (let slot = 1; slot < 32; slot++) {
        for (let fn = 0; fn < functions; fn++) {
          const type = (slot + fn) % 2 ? 'virtio-rng-pci' : 'virtio-keyboard-pci';
          args.push('-device', `${type},id=b${b}s${slot}f${fn},bus=br${b},addr=0x${slot.toString(16)}.${fn},disable-legacy=on${fn === 0 && functions > 1 ? ',multifunction=on' : ''}`);
          devices++;
        }
      }
    } else {
      for (let slot = 1; slot <= 4; slot++) {
        args.push(...endpoint(ENDPOINTS[slot - 1], `b${b}d${slot}`, `br${b}`, `0x${slot.toString(16)}`, false));
        devices++;
      }
    }
  }
  return { args, summary: `${ROOT_PORTS} pcie-root-ports, ${bridges} pci-bridges, ${devices} devices behind them, intel-iommu` };
}

function parseArgs(argv) {
  const opts = { machine: 'q35-200', out: null, qemu: '/usr/bin/qemu-system-x86_64', dist: path.join(root, 'dist'), functions: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--machine') opts.machine = argv[++i];
    else if (a === '-o' || a === '--out') opts.out = argv[++i];
    else if (a === '--qemu') opts.qemu = argv[++i];
    else if (a === '--functions') opts.functions = Number(argv[++i]);
    else if (a === '--dist') opts.dist = path.resolve(argv[++i]);
    else {
      console.error('usage: node scripts/capture-big-machine.mjs [--machine q35-200|q35-max] [-o FILE] [--qemu BINARY] [--dist DIR] [--functions 1-8]');
      process.exit(2);
    }
  }
  if (!['q35-200', 'q35-max'].includes(opts.machine)) {
    console.error(`capture-big-machine: unknown machine '${opts.machine}'`);
    process.exit(2);
  }
  opts.out ??= path.join(root, 'bench', 'real', `${opts.machine}.qemu-capture`);
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The project's QMP client with the `hmp` that scripts/pci-setup.mjs expects (LF line ends, HMP errors thrown). */
async function connect(sockPath, child) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`QEMU exited before QMP was up (${child.exitCode ?? child.signalCode})`);
    if (fs.existsSync(sockPath)) {
      try {
        const client = await QmpClient.connect(`unix:${sockPath}`, { timeoutMs: 60_000 });
        return {
          client,
          execute: (cmd, args) => client.execute(cmd, args),
          async hmp(cmdline) {
            const text = (await client.hmp(cmdline)).replace(/\r\n/g, '\n');
            if (/unknown command|^Error|Try "help/m.test(text)) throw new Error(`HMP '${cmdline}' failed: ${text.trim().slice(0, 300)}`);
            return text;
          },
        };
      } catch (e) {
        if (!(e instanceof QmpError) || e.kind !== 'connect') throw e;
      }
    }
    if (Date.now() > deadline) throw new Error(`QMP socket ${sockPath} did not come up`);
    await sleep(50);
  }
}

async function main() {
  const { args: machine, summary } = machineArgs(opts.machine, opts.functions);
  const tmp = fs.mkdtempSync('/tmp/qmmbig-');
  const sockPath = path.join(tmp, 'qmp.sock');
  const args = ['-accel', 'tcg', '-display', 'none', '-monitor', 'none', '-nic', 'none', ...machine, '-S', '-qmp', `unix:${sockPath},server=on,wait=off`];
  fs.writeFileSync(path.join(tmp, 'cmdline.txt'), [opts.qemu, ...args].join(' ') + '\n');
  console.log(`capture-big-machine: ${opts.machine}: ${summary} (${args.length} arguments)`);
  const t0 = Date.now();
  const child = spawn(opts.qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  let qmp = null;
  try {
    qmp = await connect(sockPath, child);
    const status = await qmp.execute('query-status');
    if (status.status !== 'prelaunch') throw new Error(`run state is '${status.status}', expected prelaunch`);
    console.log(`  QEMU up in ${Date.now() - t0} ms`);
    let t = Date.now();
    const setup = await runPciSetup(qmp, { host: 'q35' });
    const bridgeLines = setup.text.split('\n').filter((l) => / bridge buses /.test(l)).length;
    console.log(`  PCI setup: ${setup.bars.length} BARs assigned, ${bridgeLines} bridges numbered, in ${Date.now() - t} ms`);
    const top = setup.bars.reduce((m, b) => (b.kind === 'mem' && b.addr + b.size > m ? b.addr + b.size : m), 0n);
    if (top > 0xfec00000n) throw new Error(`memory BARs reach 0x${top.toString(16)}, past the 32-bit PCI hole`);
    t = Date.now();
    verifyPciSetup(await qmp.hmp('info mtree -f'), setup, ['vga.vram', 'e1000e-mmio', 'pcie-mmcfg-mmio'], await qmp.hmp('info mtree'), ['e1000e-flash']);
    console.log(`  PCI setup checked against info mtree -f in ${Date.now() - t} ms (memory BARs up to 0x${top.toString(16)})`);
    qmp.client.close(); // QEMU serves one QMP client at a time: the CLI's turn
    qmp = null;
    t = Date.now();
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    const r = spawnSync(process.execPath, [cli, 'capture', '--qmp', `unix:${sockPath}`, '-o', opts.out, '--timeout', '120000'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`qemu-memmap capture exited with ${r.status ?? r.signal}`);
    const text = fs.readFileSync(opts.out, 'utf8');
    console.log(`  captured in ${Date.now() - t} ms: ${opts.out}, ${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length - 1} lines`);
    qmp = await connect(sockPath, child);
    const end = await qmp.execute('query-status');
    if (end.status !== 'prelaunch') throw new Error(`run state is '${end.status}' after the capture`);
    await qmp.execute('quit').catch((e) => {
      if (!(e instanceof QmpError) || e.kind !== 'closed') throw e;
    });
    await waitExit(child, 10_000);
    console.log(`  QEMU time ${Date.now() - t0} ms`);
    if (output.trim()) console.log(output.trim().replace(/^/gm, '  qemu: ').split('\n').slice(0, 5).join('\n'));
  } catch (e) {
    // The end of the output: what QEMU said last is what ended it (the start is its warnings).
    e.message += output.trim() ? `\nQEMU output (the end):\n${output.trim().slice(-2000)}` : '';
    throw e;
  } finally {
    qmp?.client.close();
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await waitExit(child, 3000);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`capture-big-machine: ${e.stack || e}`);
  process.exit(1);
});
