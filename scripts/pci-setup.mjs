// PCI setup while paused, shared by scripts/capture-fixtures.mjs and scripts/capture-big-machine.mjs:
// what firmware would do (BARs, ROM BARs, COMMAND, PCI-PCI bridge bus numbers and windows, PAM,
// PCIEXBAR), done with HMP port I/O on 0xcf8/0xcfc through `qmp.hmp(cmdline)`, and its check against
// `info mtree -f` (verifyPciSetup). No guest code runs.

import { flatViews, mtreeRegions } from './built-core.mjs';

export const hex = (n) => '0x' + n.toString(16);

// ---------------------------------------------------------------------------------------------
// PCI setup while paused: what firmware would do, done with HMP port I/O (`o`/`i`, formats
// /b /h /w = 1, 2, 4 bytes) on the config mechanism #1 ports 0xcf8/0xcfc. No guest code runs.

const PCI_MEM_BASE = 0xc0000000n; // memory BARs and ROM BARs, bump-allocated, naturally aligned
const PCI_IO_BASE = 0xc000n; // I/O BARs
const PCI_IO_END = 0x10000n; // end of the I/O space
const PCI_COMMAND_IO_MEM_MASTER = 0x7;
const PCI_HOSTS = {
  // PAM0 is the register whose high nibble is 0xf0000-0xfffff (its low nibble is reserved);
  // PAM0+1 .. PAM0+6 hold 0xc0000-0xeffff in 16 KiB pieces, low nibble first.
  i440fx: { pam0: 0x59, pciexbar: null },
  // PCIEXBAR (64 bit): base 0xb0000000, length bits 2:1 = 00 (256 MiB), enable bit 0.
  q35: { pam0: 0x90, pciexbar: 0xb0000000n | 1n },
};
// PAM modes per 16 KiB piece: 0 = off (goes to PCI), 1 = read-only (RAM, writes ignored),
// 2 = write-only (QEMU maps RAM read-write), 3 = read-write. A mix of all four, with read-only
// neighbours (0xd8000-0xdffff, 0xec000-0xfffff) that merge in the FlatView:
const PAM_MIX = [0x10, 0x31, 0x12, 0x03, 0x11, 0x20, 0x13];
const PAM_MODES = ['off', 'read-only', 'write-only', 'read-write'];

const bdfName = ({ bus, dev, fn }) =>
  `${bus.toString(16).padStart(2, '0')}:${dev.toString(16).padStart(2, '0')}.${fn.toString(16)}`;
const hexPad = (n, digits) => '0x' + BigInt(n).toString(16).padStart(digits, '0');
const alignUp = (n, a) => (n + a - 1n) & ~(a - 1n);
const lowestBit = (m) => m & -m;

// PAM register i (0..6) as [{ start, end, mode }] for its two nibbles (register 0: high nibble only).
function pamPieces(i, value) {
  if (i === 0) return [{ start: 0xf0000n, end: 0xfffffn, mode: (value >> 4) & 3 }];
  const start = 0xc0000n + BigInt(i - 1) * 0x8000n;
  return [
    { start, end: start + 0x3fffn, mode: value & 3 },
    { start: start + 0x4000n, end: start + 0x7fffn, mode: (value >> 4) & 3 },
  ];
}

class PciConfig {
  constructor(qmp) {
    this.qmp = qmp;
  }

  async select(b, reg) {
    const addr = (0x80000000 | (b.bus << 16) | (b.dev << 11) | (b.fn << 8) | (reg & 0xfc)) >>> 0;
    await this.qmp.hmp(`o /w 0xcf8 ${hex(addr)}`);
    return 0xcfc + (reg & 3);
  }

  async read(b, reg, size) {
    const port = await this.select(b, reg);
    const text = await this.qmp.hmp(`i /${{ 1: 'b', 2: 'h', 4: 'w' }[size]} ${hex(port)}`);
    const m = /^port[bwl]\[0x[0-9a-f]+\] = 0x([0-9a-f]+)\n$/.exec(text);
    if (!m) throw new Error(`unexpected answer to 'i' at ${bdfName(b)} reg ${hex(reg)}: ${text}`);
    return BigInt('0x' + m[1]);
  }

  async write(b, reg, size, value) {
    const port = await this.select(b, reg);
    await this.qmp.hmp(`o /${{ 1: 'b', 2: 'h', 4: 'w' }[size]} ${hex(port)} ${hex(BigInt(value))}`);
  }
}

// Functions on one bus with vendor != 0xffff: [{ bus, dev, fn, id, cls, hdr }]. As firmware scans:
// functions 1..7 of a slot only when function 0 is there and multifunction (header type bit 7).
async function scanBus(pci, bus) {
  const found = [];
  for (let dev = 0; dev < 32; dev++) {
    for (let fn = 0; fn < 8; fn++) {
      const b = { bus, dev, fn };
      const id = await pci.read(b, 0x00, 4);
      if ((id & 0xffffn) === 0xffffn) {
        if (fn === 0) break; // no function 0: firmware looks no further in this slot
        continue;
      }
      const cls = (await pci.read(b, 0x08, 4)) >> 8n;
      const hdr = Number((await pci.read(b, 0x0c, 4)) >> 16n) & 0xff;
      found.push({ ...b, id, cls, hdr });
      if (fn === 0 && !(hdr & 0x80)) break; // single-function device
    }
  }
  return found;
}

// Sizes every BAR and the ROM BAR of one function (write all-ones, read back, the lowest set bit
// of the mask is the size), leaving all-ones in them. [{ label, reg, kind, is64, pref, size }]
async function sizeBars(pci, f) {
  const bars = [];
  const nBars = { 0: 6, 1: 2 }[f.hdr & 0x7f] ?? 0;
  for (let i = 0; i < nBars; i++) {
    const reg = 0x10 + 4 * i;
    await pci.write(f, reg, 4, 0xffffffff);
    const lo = await pci.read(f, reg, 4);
    if (lo === 0n) continue; // not implemented
    if (lo & 1n) {
      bars.push({ label: `BAR${i}`, reg, kind: 'io', is64: false, pref: false, size: lowestBit(lo & ~3n) });
      continue;
    }
    const is64 = ((lo >> 1n) & 3n) === 2n;
    const pref = (lo & 8n) !== 0n;
    let mask = lo & ~0xfn;
    if (is64) {
      await pci.write(f, reg + 4, 4, 0xffffffff);
      mask |= (await pci.read(f, reg + 4, 4)) << 32n;
    }
    bars.push({ label: `BAR${i}`, reg, kind: 'mem', is64, pref, size: lowestBit(mask) });
    if (is64) i++;
  }
  const romReg = (f.hdr & 0x7f) === 1 ? 0x38 : 0x30;
  if ((f.hdr & 0x7f) <= 1) {
    await pci.write(f, romReg, 4, 0xfffff800);
    const rom = (await pci.read(f, romReg, 4)) & 0xfffff800n;
    if (rom) bars.push({ label: 'ROM', reg: romReg, kind: 'rom', is64: false, pref: false, size: lowestBit(rom) });
    else await pci.write(f, romReg, 4, 0);
  }
  return bars;
}

// Bump allocator: { mem, io } next free addresses.
function allocBar(alloc, bar) {
  const key = bar.kind === 'io' ? 'io' : 'mem';
  const addr = alignUp(alloc[key], bar.size);
  alloc[key] = addr + bar.size;
  return addr;
}

async function programBar(pci, f, bar, addr) {
  if (bar.kind === 'rom') {
    await pci.write(f, bar.reg, 4, addr | 1n); // bit 0: ROM enable
  } else {
    await pci.write(f, bar.reg, 4, addr & 0xffffffffn);
    if (bar.is64) await pci.write(f, bar.reg + 4, 4, addr >> 32n);
  }
  const back = await pci.read(f, bar.reg, 4);
  const mask = bar.kind === 'io' ? ~3n : bar.kind === 'rom' ? 0xfffff800n : ~0xfn;
  if ((back & mask & 0xffffffffn) !== (addr & mask & 0xffffffffn)) {
    throw new Error(`${bdfName(f)} ${bar.label}: wrote ${hex(addr)}, read back ${hex(back)}`);
  }
}

function barLine(f, bar, addr) {
  const what =
    bar.kind === 'io' ? 'io' : bar.kind === 'rom' ? 'rom' : `mem${bar.is64 ? '64' : '32'}${bar.pref ? ' pref' : ''}`;
  const enabled = bar.kind === 'rom' ? ' enabled' : '';
  return `${bdfName(f)} ${bar.label} (${hex(bar.reg)}) ${what} size ${hex(bar.size)} -> ${hex(addr)}${enabled}`;
}

async function setCommand(pci, f, log) {
  const before = await pci.read(f, 0x04, 2);
  await pci.write(f, 0x04, 2, before | BigInt(PCI_COMMAND_IO_MEM_MASTER));
  const after = await pci.read(f, 0x04, 2);
  log(`${bdfName(f)} COMMAND (0x4) ${hexPad(before, 4)} -> ${hexPad(after, 4)}`);
}

const SETUP_NOTES =
  '# PCI setup done while paused (-S, run state prelaunch), as firmware would, through HMP port I/O on\n' +
  '# 0xcf8/0xcfc (config mechanism #1): `o /w 0xcf8 0x80000000|bus<<16|dev<<11|fn<<8|reg`, then\n' +
  '# `i /b|/h|/w 0xcfc+(reg&3)` or `o /b|/h|/w 0xcfc+(reg&3) VALUE`. One line per action, in order:\n' +
  '#   BB:DD.F VVVV:DDDD class C header H        function found (vendor != 0xffff) on a scan of dev 0..31 fn 0..7\n' +
  '#   BB:DD.F BARn|ROM (REG) KIND size S -> A   BAR sized (all-ones written, read back) and assigned, naturally\n' +
  '#                                             aligned: memory and ROM from 0xc0000000, I/O from 0xc000\n' +
  '#   BB:DD.F COMMAND (0x4) OLD -> NEW          COMMAND |= IO|MEM|MASTER (0x7)\n' +
  '#   BB:DD.F bridge ...                        bridge bus numbers and windows (base/limit registers)\n' +
  '#   PAM REG = V (RANGE MODE, ...)             PAM register on 00:00.0 (per 16 KiB: 0 off, 1 read-only,\n' +
  '#                                             2 write-only, 3 read-write)\n' +
  '#   00:00.0 PCIEXBAR (0x60) = V               q35 MMCONFIG base | enable\n';

/** The three windows of a PCI-PCI bridge and which BARs behind it each one holds. */
const BRIDGE_WINDOWS = [
  { name: 'io', match: (b) => b.kind === 'io', gran: 0x1000n },
  { name: 'mem', match: (b) => b.kind === 'rom' || (b.kind === 'mem' && !b.pref), gran: 0x100000n },
  { name: 'pref', match: (b) => b.kind === 'mem' && b.pref, gran: 0x100000n },
];

/** One setup run: the config space, the log lines, the BARs mapped so far and the bump allocator. */
class PciSetup {
  constructor(qmp) {
    this.pci = new PciConfig(qmp);
    this.lines = [];
    this.mapped = [];
    this.alloc = { mem: PCI_MEM_BASE, io: PCI_IO_BASE };
  }

  log(line) {
    this.lines.push(line);
  }

  async assign(f, bars) {
    for (const bar of bars) {
      const addr = allocBar(this.alloc, bar);
      await programBar(this.pci, f, bar, addr);
      this.log(barLine(f, bar, addr));
      const kind = bar.kind === 'io' ? 'io' : 'mem';
      this.mapped.push({ where: `${bdfName(f)} ${bar.label}`, kind, addr, size: bar.size });
    }
  }

  describe(f, bars) {
    this.log(
      `${bdfName(f)} ${hexPad(f.id & 0xffffn, 4).slice(2)}:${hexPad(f.id >> 16n, 4).slice(2)}` +
        ` class ${hexPad(f.cls, 6)} header ${hexPad(f.hdr, 2)}` +
        (bars.length ? '' : ' (no BARs)'),
    );
  }

  /** Bus 0: every function's BARs and ROM BAR, in device order, then COMMAND. Returns the PCI-PCI bridges. */
  async bus0() {
    const bridges = [];
    for (const f of await scanBus(this.pci, 0)) {
      const bars = await sizeBars(this.pci, f);
      this.describe(f, bars);
      await this.assign(f, bars);
      await setCommand(this.pci, f, (l) => this.log(l));
      if ((f.hdr & 0x7f) === 1) bridges.push(f);
    }
    return bridges;
  }

  /**
   * A PCI-PCI bridge on bus 0: bus numbers (primary 0, secondary = subordinate = `sec`), then the
   * devices behind it inside 1 MiB / 4 KiB aligned windows (prefetchable BARs in the prefetchable
   * window). A window with nothing in it is closed (base > limit). Bridges behind bridges are not handled.
   */
  async bridge(br, sec) {
    await this.pci.write(br, 0x18, 4, (BigInt(sec) << 8n) | (BigInt(sec) << 16n));
    this.log(`${bdfName(br)} bridge buses (0x18) primary 0 secondary ${sec} subordinate ${sec}`);
    const children = [];
    for (const f of await scanBus(this.pci, sec)) {
      if ((f.hdr & 0x7f) !== 0) throw new Error(`${bdfName(f)}: bridge behind a bridge is not supported`);
      const bars = await sizeBars(this.pci, f);
      this.describe(f, bars);
      children.push({ f, bars });
    }
    for (const w of BRIDGE_WINDOWS) await this.window(br, w, children);
    for (const { f } of children) await setCommand(this.pci, f, (l) => this.log(l));
  }

  /** Assigns the BARs of `children` that window `w` holds, then programs the window's base/limit registers. */
  async window(br, w, children) {
    const key = w.name === 'io' ? 'io' : 'mem';
    let todo = children.flatMap(({ f, bars }) => bars.filter(w.match).map((bar) => ({ f, bar })));
    let base = null;
    let limit = null;
    const range = () => (base === null ? ' (closed)' : ` ${hex(base)}-${hex(limit)}`);
    // The 64 KiB I/O space runs out after a dozen bridges (each window is 4 KiB aligned): as firmware
    // does, the I/O BARs behind this bridge then stay unassigned (all-ones, so unmapped) and its window closed.
    if (key === 'io' && todo.length) {
      const end = alignUp(todo.reduce((a, { bar }) => alignUp(a, bar.size) + bar.size, alignUp(this.alloc.io, w.gran)), w.gran);
      if (end > PCI_IO_END) {
        for (const { f, bar } of todo) this.log(`${bdfName(f)} ${bar.label} (${hex(bar.reg)}) io size ${hex(bar.size)} not assigned (I/O space full)`);
        todo = [];
      }
    }
    if (todo.length) {
      this.alloc[key] = alignUp(this.alloc[key], w.gran);
      base = this.alloc[key];
      for (const { f, bar } of todo) await this.assign(f, [bar]);
      this.alloc[key] = alignUp(this.alloc[key], w.gran);
      limit = this.alloc[key] - 1n;
    }
    if (w.name === 'io') {
      // I/O base/limit (0x1c/0x1d): address bits 15:12; upper 16 bits (0x30/0x32) 0
      const v = base === null ? 0x00f0n : ((base >> 8n) & 0xf0n) | (((limit >> 8n) & 0xf0n) << 8n);
      await this.pci.write(br, 0x1c, 2, v);
      await this.pci.write(br, 0x30, 4, 0);
      this.log(`${bdfName(br)} bridge io window (0x1c) = ${hexPad(v, 4)}${range()}`);
    } else {
      // memory (0x20/0x22) and prefetchable (0x24/0x26, upper 32 bits 0x28/0x2c): address bits 31:20
      const reg = w.name === 'mem' ? 0x20 : 0x24;
      const v = base === null ? 0x0000fff0n : ((base >> 16n) & 0xfff0n) | (((limit >> 16n) & 0xfff0n) << 16n);
      await this.pci.write(br, reg, 4, v);
      if (w.name === 'pref') {
        await this.pci.write(br, 0x28, 4, 0);
        await this.pci.write(br, 0x2c, 4, 0);
      }
      this.log(`${bdfName(br)} bridge ${w.name} window (${hex(reg)}) = ${hexPad(v, 8)}${range()}`);
    }
  }

  /** PAM, on the host bridge 00:00.0: PAM_MIX written and read back. Returns the pieces set. */
  async pam(host) {
    const hb = { bus: 0, dev: 0, fn: 0 };
    const pam = [];
    for (let i = 0; i < PAM_MIX.length; i++) {
      const reg = host.pam0 + i;
      await this.pci.write(hb, reg, 1, PAM_MIX[i]);
      const back = Number(await this.pci.read(hb, reg, 1));
      if (back !== PAM_MIX[i]) throw new Error(`PAM ${hex(reg)}: wrote ${hex(PAM_MIX[i])}, read back ${hex(back)}`);
      const pieces = pamPieces(i, PAM_MIX[i]);
      pam.push(...pieces);
      const modes = pieces.map((p) => `${hex(p.start)}-${hex(p.end)} ${PAM_MODES[p.mode]}`).join(', ');
      this.log(`PAM ${hex(reg)} = ${hexPad(PAM_MIX[i], 2)} (${modes})`);
    }
    return pam;
  }

  /** PCIEXBAR (q35) on 00:00.0: high dword first, then the low one with the enable bit. */
  async pciexbar(value) {
    const hb = { bus: 0, dev: 0, fn: 0 };
    await this.pci.write(hb, 0x64, 4, value >> 32n);
    await this.pci.write(hb, 0x60, 4, value & 0xffffffffn);
    const back = ((await this.pci.read(hb, 0x64, 4)) << 32n) | (await this.pci.read(hb, 0x60, 4));
    if (back !== value) throw new Error(`PCIEXBAR: wrote ${hex(value)}, read back ${hex(back)}`);
    this.log(`00:00.0 PCIEXBAR (0x60) = ${hexPad(back, 16)} (MMCONFIG at ${hex(back & ~0xfn)}, 256 MiB, enabled)`);
  }
}

// Returns { text, bars: [{ where, kind, addr, size }], pam: [{ start, end, mode }] }.
export async function runPciSetup(qmp, setup) {
  const host = PCI_HOSTS[setup.host];
  if (!host) throw new Error(`unknown PCI host '${setup.host}'`);
  const run = new PciSetup(qmp);
  const bridges = await run.bus0();
  let nextBus = 1;
  for (const br of bridges) await run.bridge(br, nextBus++);
  const pam = await run.pam(host);
  if (host.pciexbar !== null) await run.pciexbar(host.pciexbar);
  return { text: SETUP_NOTES + run.lines.join('\n') + '\n', bars: run.mapped, pam };
}

// After runPciSetup: every assigned BAR overlaps a range of the FlatView of AS "memory" (memory and
// ROM BARs) or AS "I/O" (I/O BARs), each `expect` MR name is in the memory view, and every PAM piece
// shows pc.ram as rom (read-only), ram (write-only, read-write) or something else (off).
// A BAR whose region is an empty container (nothing in it, so it renders no FlatView range, e.g.
// e1000e's flash BAR `e1000e-flash`) passes only if its name is in `emptyBars` and `info mtree`
// shows a region of that name at exactly the BAR's range (PCI maps every BAR at priority 1).
export function verifyPciSetup(mtreeF, result, expect, mtree = '', emptyBars = []) {
  const views = flatViews(mtreeF);
  const view = (as) => {
    const v = views.find((x) => x.asNames.includes(as));
    if (!v) throw new Error(`no FlatView with AS "${as}"`);
    return v.ranges;
  };
  const mem = view('memory');
  const io = view('I/O');
  let parsed;
  const regions = () => (parsed ??= mtreeRegions(mtree));
  const problems = [];
  for (const b of result.bars) {
    const end = b.addr + b.size - 1n;
    if (!(b.kind === 'io' ? io : mem).some((r) => r.start <= end && r.end >= b.addr)) {
      const empty = emptyBars.some((name) => regions().some((r) => r.plain && r.name === name && r.start === b.addr && r.end === end && r.priority === 1 && r.type === 'i/o'));
      if (empty) continue;
      problems.push(`${b.where} at ${hex(b.addr)} is not in the ${b.kind === 'io' ? 'I/O' : 'memory'} FlatView`);
    }
  }
  for (const name of expect ?? []) {
    if (!mem.some((r) => r.name === name)) problems.push(`no '${name}' range in the memory FlatView`);
  }
  for (const p of result.pam) {
    const r = mem.find((x) => x.start <= p.start && x.end >= p.end);
    const got = r ? `${r.type} ${r.name}` : 'nothing';
    const want = p.mode === 1 ? 'rom pc.ram' : p.mode === 0 ? null : 'ram pc.ram';
    if (want ? got !== want : got.endsWith(' pc.ram')) {
      problems.push(`PAM ${hex(p.start)}-${hex(p.end)} ${PAM_MODES[p.mode]} shows ${got}`);
    }
  }
  if (problems.length) throw new Error(`PCI setup check failed:\n  ${problems.join('\n  ')}`);
}

