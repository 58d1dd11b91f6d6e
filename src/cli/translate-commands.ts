import { formatGpa2hva } from '../core/service';
import { hex0x } from '../core/model/address';
import { toJsonData } from '../core/model/json';
import { parseAddress } from './args';
import type { Io } from './io';
import { loadModel, reportProblems, service } from './load';

/** `qemu-memmap gpa2hva FILE ADDR...`: one line per address, worded exactly as QEMU's answers. */
export function runGpa2hva(io: Io, file: string, addrs: string[], json: boolean): number {
  const gpas = addrs.map(parseAddress);
  const loaded = loadModel(io, file);
  if (!loaded) return 1;
  const { analysis, model } = loaded;
  reportProblems(io, file, model.issues);
  const results = service.gpa2hva(analysis, gpas) ?? [];
  if (model.built?.fromGdb) io.err(`qemu-memmap: ${file}: from gdb dumps, which print no region types or alias targets: "not RAM" and host addresses rest on the regions a RAMBlock or gpa2hva answer names (\`why\` shows what each answer rests on)\n`);
  if (json) {
    io.out(JSON.stringify(toJsonData(results.map((r) => ({
      gpa: r.gpa, space: r.space, kind: r.kind, answer: formatGpa2hva(r), chain: r.chain.map((m) => m.name),
      region: r.range?.mr.name, offset: r.offset, block: r.block?.name, ramAddr: r.ramAddr, hva: r.hva, hostBaseFrom: r.base?.source, why: r.why, assumed: r.assumed,
    }))), null, 1) + '\n');
  } else {
    // Answers in QEMU's exact words on stdout; what an answer rests on, when nothing settled it, on stderr.
    for (const r of results) io.out(formatGpa2hva(r) + '\n');
    for (const r of results) for (const a of r.assumed) io.err(`qemu-memmap: ${hex0x(r.gpa)}: ${a}\n`);
  }
  return 0;
}

/** `qemu-memmap hva2gpa FILE ADDR...`: every GPA in every address space that maps each host address. */
export function runHva2gpa(io: Io, file: string, addrs: string[], json: boolean): number {
  const hvas = addrs.map(parseAddress);
  const loaded = loadModel(io, file);
  if (!loaded) return 1;
  reportProblems(io, file, loaded.model.issues);
  const results = service.hva2gpa(loaded.analysis, hvas) ?? [];
  if (json) {
    io.out(JSON.stringify(toJsonData(results.map((r) => ({
      hva: r.hva, region: r.region, offset: r.offset, gpas: r.hits.map((h) => ({ gpa: h.gpa, spaces: h.spaces })),
    }))), null, 1) + '\n');
    return 0;
  }
  for (const r of results) {
    if (r.hits.length === 0) {
      io.out(`No guest physical address maps host address ${hex0x(r.hva)}\n`);
      continue;
    }
    io.out(`Host address ${hex0x(r.hva)} is ${r.region ?? '?'} @${hex0x(r.offset ?? 0n)}:\n`);
    for (const h of r.hits) io.out(`  ${hex0x(h.gpa)} in ${h.spaces.join(', ')}\n`);
  }
  return 0;
}

/** `qemu-memmap why FILE ADDR [--as NAME]`: every region covering the address, the winner and why the others lost. */
export function runWhy(io: Io, file: string, addr: string, space: string | undefined, json: boolean): number {
  const a = parseAddress(addr);
  const loaded = loadModel(io, file);
  if (!loaded) return 1;
  const { analysis, model } = loaded;
  const name = space ?? model.gpaSpace;
  const why = service.why(analysis, a, name);
  if (!why) {
    io.err(`qemu-memmap: ${service.space(analysis, name) ? `${file} has no region tree for address space ${name}` : `no address space named ${name ?? '(none)'} in ${file}`}\n`);
    return 1;
  }
  const r = why.result;
  if (json) {
    io.out(JSON.stringify(toJsonData({
      addr: r.addr, space: name, winner: r.winner?.mr.name,
      ...(model.built?.fromGdb ? { gdb: why.gdb } : {}),
      entries: r.entries.map((e) => ({ region: e.mr.name, depth: e.depth, start: e.base, end: e.base + e.mr.size - 1n, priority: e.mr.priority, status: e.status, reason: e.reason, offset: e.offset })),
    }), null, 1) + '\n');
    return 0;
  }
  io.out(`${why.headline}\n`);
  for (const l of [...why.gdb, ...why.assumed, ...why.walk]) io.out(`  ${l}\n`);
  if (!r.winner) io.out('  nothing claims this address: No memory is mapped here\n');
  return 0;
}
