import { formatSize, hex0x } from '../model/address';
import type { RamBlockRow } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';
import { lintHidden } from './lint-hidden';
import type { LintInput } from './lint-reporter';
import { Reporter } from './lint-reporter';
import { lintSiblings } from './lint-siblings';
import type { Machine } from './machine';
import type { Mr } from './mr';
import { AliasEnds, terminates } from './mr';
import { compareStarts, compareBySpan } from '../model/span';
import { firstNotBefore } from '../model/arrays';
import { walkRegions } from './walk';

/** QEMU's smallest target page (TARGET_PAGE_SIZE on every target captured): aliases of RAM map in these. */
const TARGET_PAGE = 0x1000n;

/** Every region reachable from an address-space root through subregions and alias targets (enabled or not), parents first. */
function reachableRegions(machine: Machine): Mr[] {
  return walkRegions(machine.spaces.flatMap((s) => (s.root ? [s.root] : [])), { aliases: true });
}

/** LY104: subregions reaching past the end of their container (render_memory_region clips them). */
function lintBeyondContainer(regions: readonly Mr[], rep: Reporter, capture: boolean): void {
  for (const c of regions) {
    // A capture's stand-in for a disabled root that QEMU did not print (no -D) has an unknown size, 0.
    if (capture && c.size === 0n) continue;
    for (const k of c.subregions) {
      const end = k.addr + k.size;
      if (k.size === 0n || end <= c.size) continue;
      const outside = k.addr >= c.size;
      // QEMU made it so and clips it (ppc64 pseries's tce-root in its 512 MiB container): in a capture, a fact to know.
      rep.region('LY104', k, {
        name: k.name, parent: c.name, parentSize: formatSize(c.size), outside: String(outside), excess: formatSize(outside ? k.size : end - c.size),
      }, { related: rep.related(c, `container ${c.name}`), ...(capture ? { severity: 'information' as const } : {}) });
    }
  }
}

/**
 * A capture prints a zero-sized and a one-byte alias alike (`X-X`, MT004); a never-programmed window
 * (`tseg-window` at the end of pc.ram) is read as one byte, so that byte proves nothing.
 */
const ambiguousAlias = (mr: Mr): boolean => mr.alias !== undefined && mr.size === 1n;

/** LY105 and LY106: alias windows past their target's end, and regions of size 0. */
function lintSizes(regions: readonly Mr[], rep: Reporter, capture: boolean): void {
  for (const mr of regions) {
    const t = mr.alias;
    if (t) {
      // A capture's stand-in for a root QEMU did not print has size 0 because its size is unknown.
      const end = mr.aliasOffset + mr.size;
      if (end > t.size && !(capture && (t.size === 0n || ambiguousAlias(mr)))) {
        rep.region('LY105', mr, {
          name: mr.name, target: t.name, size: formatSize(mr.size), offset: hex0x(mr.aliasOffset), excess: formatSize(end - t.size), targetSize: formatSize(t.size),
        }, { related: rep.related(t, `target ${t.name}`) });
        continue;
      }
    }
    // QEMU itself makes zero-sized regions (unprogrammed bridge windows, unmapped BAR aliases), so
    // a capture's are states, not mistakes. An alias of an empty region is reported at the region.
    if (capture || mr.size !== 0n || (t && t.size === 0n)) continue;
    rep.region('LY106', mr, { name: mr.name });
  }
}

/** Page size by every name a region of a block can have (`idstr`, and each tail after a `/`). */
function blockPages(blocks: readonly RamBlockRow[]): Map<string, bigint> {
  const pages = new Map<string, bigint>();
  for (const b of blocks) {
    if (!pages.has(b.name)) pages.set(b.name, b.pageSize);
    for (let i = b.name.indexOf('/'); i >= 0; i = b.name.indexOf('/', i + 1)) {
      const tail = b.name.slice(i + 1);
      if (tail !== '' && !pages.has(tail)) pages.set(tail, b.pageSize);
    }
  }
  return pages;
}

const isRamKind = (mr: Mr): boolean => mr.kind === 'ram' || mr.kind === 'ram-device' || mr.kind === 'rom-device';

/** LY107: RAM regions and aliases of RAM off page boundaries, and RAMBlocks whose lengths are not whole pages. */
function lintPages(regions: readonly Mr[], blocks: readonly RamBlockRow[], rep: Reporter, capture: boolean): void {
  const pages = blockPages(blocks);
  const ends = new AliasEnds();
  for (const mr of regions) {
    if (mr.size === 0n) continue;
    let page: bigint;
    if (mr.alias) {
      const t = ends.of(mr);
      if (!t || !isRamKind(t) || !terminates(t) || (capture && ambiguousAlias(mr))) continue;
      // KVM and the TLB map an alias in target pages whatever the backing's page size (PAM aliases
      // of a hugepage-backed pc.ram are 16 KiB).
      page = TARGET_PAGE;
    } else {
      if (!isRamKind(mr) || !terminates(mr)) continue;
      page = rep.input.pageSizeOf?.(mr) ?? pages.get(mr.name) ?? TARGET_PAGE;
    }
    if (page <= 0n) continue;
    const field = mr.addr % page !== 0n ? 'address' : mr.size % page !== 0n ? 'size' : mr.alias && mr.aliasOffset % page !== 0n ? 'alias offset' : undefined;
    if (!field) continue;
    const value = field === 'address' ? mr.addr : field === 'size' ? mr.size : mr.aliasOffset;
    rep.region('LY107', mr, { what: mr.alias ? 'Alias of RAM' : 'RAM region', name: mr.name, field, value: hex0x(value), page: formatSize(page) });
  }
  for (const b of blocks) {
    if (b.pageSize <= 0n) continue;
    const bad = ([['max length', b.max], ['used length', b.used]] as [string, bigint][]).find(([, v]) => v % b.pageSize !== 0n);
    if (bad) rep.out.push(makeIssue('LY107', b.nameSpan, { what: 'RAMBlock', name: b.name, field: bad[0], value: hex0x(bad[1]), page: formatSize(b.pageSize) }));
  }
}

/** LY108: RAMBlocks sharing ram_addr space, found by one sweep in offset order (each block reported at most once). */
function lintBlockOverlaps(blocks: readonly RamBlockRow[], out: Issue[]): void {
  // The same block printed by several `info ramblock` tables is one block, not two.
  const unique = new Map<string, RamBlockRow>();
  for (const b of blocks) {
    const key = `${b.name}\n${b.offset}\n${b.max}`;
    if (!unique.has(key) && b.max > 0n) unique.set(key, b);
  }
  const sorted = [...unique.values()].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  let reach: RamBlockRow | undefined;
  for (const b of sorted) {
    if (reach && b.offset < reach.offset + reach.max) {
      out.push(makeIssue('LY108', b.nameSpan, {
        name: b.name, start: hex0x(b.offset), end: hex0x(b.offset + b.max - 1n), other: reach.name, otherStart: hex0x(reach.offset), otherEnd: hex0x(reach.offset + reach.max - 1n),
      }, { related: [{ span: reach.nameSpan, message: `RAMBlock ${reach.name}` }] }));
    }
    if (!reach || b.offset + b.max > reach.offset + reach.max) reach = b;
  }
}

/** LY109: address spaces without a root, unless the parser or builder already said why. */
function lintRoots(input: LintInput, regions: readonly Mr[], out: Issue[]): void {
  const rootless = input.machine.spaces.filter((s) => !s.root && s.span);
  if (rootless.length === 0) return;
  const errors = (input.reported ?? []).filter((i) => i.severity === 'error').map((i) => i.span).sort(compareStarts);
  // Where things start, to tell which errors belong to an address space's declaration.
  const starts: Span[] = [
    ...input.machine.spaces.flatMap((s) => (s.span ? [s.span] : [])),
    ...input.blocks.map((b) => b.span),
    ...regions.flatMap((r) => input.spanOf(r) ?? []),
  ].sort(compareStarts);
  for (const as of rootless) {
    const s = as.span as Span;
    // What comes next: the first thing that starts after the declaration's start, at or past its end.
    const end = { line: s.endLine, col: s.endCol };
    let k = firstNotBefore(starts, (x) => compareStarts(x, end) < 0);
    while (k < starts.length && compareStarts(starts[k] as Span, s) <= 0) k++;
    const next = starts[k];
    // The unknown or missing root was reported inside the declaration, or where `root` was expected:
    // at the latest on the first token of whatever comes next.
    const first = errors[firstNotBefore(errors, (x) => compareStarts(x, s) < 0)];
    const explained = first !== undefined && (!next || compareStarts(first, next) <= 0);
    if (!explained) out.push(makeIssue('LY109', s, { name: as.name }));
  }
}

/** Aliases on pure alias-to-alias cycles, one per cycle (the first met): a functional graph, so one colouring pass. */
function pureAliasCycles(regions: readonly Mr[]): { first: Mr[]; members: Set<Mr> } {
  const state = new Map<Mr, 1 | 2>(); // 1 = on the current walk, 2 = done
  const first: Mr[] = [];
  const members = new Set<Mr>();
  for (const start of regions) {
    if (!start.alias || state.has(start)) continue;
    const walk: Mr[] = [];
    let m: Mr | undefined = start;
    while (m?.alias && !state.has(m)) {
      state.set(m, 1);
      walk.push(m);
      m = m.alias;
    }
    if (m && state.get(m) === 1) {
      first.push(m);
      for (let i = walk.indexOf(m); i < walk.length; i++) members.add(walk[i] as Mr);
    }
    for (const w of walk) state.set(w, 2);
  }
  return { first, members };
}

/** LY110: alias cycles, from pure alias chains and from what rendering met (cycles through containers). */
function lintCycles(regions: readonly Mr[], rep: Reporter): void {
  const { first, members } = pureAliasCycles(regions);
  const cyclic = new Set(first);
  for (const v of rep.input.views) {
    for (const p of v.problems) if (p.kind === 'alias-cycle' && !members.has(p.mr)) cyclic.add(p.mr);
  }
  for (const mr of cyclic) {
    rep.region('LY110', mr, { name: mr.name }, { related: mr.alias ? rep.related(mr.alias, `target ${mr.alias.name}`) : [] });
  }
}

/**
 * Lints a machine (from a layout or a capture) for mistakes QEMU would not report: ambiguous, hidden and
 * clipped regions, bad alias windows, misaligned RAM, overlapping RAMBlocks, missing roots and alias cycles.
 */
export function lintMachine(input: LintInput): Issue[] {
  const out: Issue[] = [];
  const regions = reachableRegions(input.machine);
  const rep = new Reporter(input, out, regions);
  lintRoots(input, regions, out);
  lintCycles(regions, rep);
  lintBeyondContainer(regions, rep, input.origin === 'capture');
  lintSizes(regions, rep, input.origin === 'capture');
  lintPages(regions, input.blocks, rep, input.origin === 'capture');
  lintBlockOverlaps(input.blocks, out);
  lintSiblings(regions, rep);
  lintHidden(regions, rep);
  return out.sort(compareBySpan);
}
