import { U64_MAX, hex0x, hex16 } from '../model/address';
import type { RamBlockRow, RamBlockSection, TraceSection, TraceStep } from '../model/capture';
import type { Issue, IssueCode } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';

/**
 * QEMU's ram_list (system/physmem.c): the RAMBlocks in list order, how find_ram_offset places a
 * new one (best fit) and how ram_block_add links it in, plus `info ramblock` printing.
 * Everything is bigint and wraps like QEMU's uint64 ram_addr_t arithmetic; nothing throws.
 * replayTrace rebuilds the list from a find_ram_offset trace and checks every step against these rules.
 */

/** BITS_PER_LONG << TARGET_PAGE_BITS: 64 target pages of 4 KiB, the value on every target captured. */
export const RAM_OFFSET_ALIGN = 0x40000n;

/** One RAMBlock: `max` is max_length (what offsets and list order use), `used` is used_length. */
export interface RamBlock {
  readonly name: string;
  readonly offset: bigint;
  readonly used: bigint;
  readonly max: bigint;
  readonly pageSize?: bigint;
  readonly hva?: bigint;
  readonly readonly?: boolean;
}

/** A block about to be added: QEMU picks its offset. */
export type NewRamBlock = Omit<RamBlock, 'offset' | 'used'> & { readonly used?: bigint };

/** ram_list.blocks in list order (max_length descending, equal sizes in insertion order). */
export interface RamList {
  readonly blocks: readonly RamBlock[];
}

/** One line QEMU traces while placing a block: a `find_ram_offset_loop` or the final `find_ram_offset`. */
export type OffsetStep =
  | { readonly kind: 'loop'; readonly size: bigint; readonly candidate: bigint; readonly offset: bigint; readonly next: bigint; readonly mingap: bigint }
  | { readonly kind: 'chosen'; readonly size: bigint; readonly offset: bigint };

/** Why no offset came out: QEMU asserts on a zero size and aborts when no gap fits. */
export type OffsetFailure = 'no-gap' | 'bad-size' | 'bad-align';

/** What find_ram_offset does for one size: the offset, or why QEMU would stop, with the trace lines either way. */
export type OffsetSearch =
  | { readonly ok: true; readonly offset: bigint; readonly steps: readonly OffsetStep[] }
  | { readonly ok: false; readonly reason: OffsetFailure; readonly steps: readonly OffsetStep[] };

/** The outcome of addBlock: the new list and where the block went, or the unchanged list and why not. */
export type AddBlockResult =
  | { readonly ok: true; readonly list: RamList; readonly block: RamBlock; readonly offset: bigint; readonly index: number; readonly steps: readonly OffsetStep[] }
  | { readonly ok: false; readonly reason: OffsetFailure; readonly list: RamList; readonly steps: readonly OffsetStep[] };

const U64 = U64_MAX + 1n;

/** QEMU's ROUND_UP(n, d) = (n + d - 1) & -d on uint64 (wraps, as in C). */
export function roundUpU64(n: bigint, d: bigint): bigint {
  return ((n + d - 1n) % U64) & ((U64 - d) % U64);
}

/** ROUND_UP(offset + max_length, align): where find_ram_offset tries to put a block after this one. */
export function candidateAfter(block: RamBlock, align: bigint = RAM_OFFSET_ALIGN): bigint {
  return roundUpU64((block.offset + block.max) % U64, align);
}

/** An empty ram_list. */
export function emptyRamList(): RamList {
  return { blocks: [] };
}

/** A block from an `info ramblock` row (name, offset, lengths, page size and, from QEMU 8.0, host columns). */
export function blockFromRow(row: RamBlockRow): RamBlock {
  return {
    name: row.name,
    offset: row.offset,
    used: row.used,
    max: row.max,
    pageSize: row.pageSize,
    ...(row.hva !== undefined ? { hva: row.hva } : {}),
    ...(row.readonly !== undefined ? { readonly: row.readonly } : {}),
  };
}

/** The list an `info ramblock` table shows: its rows in printed order, which is ram_list order. */
export function ramListFromRows(rows: readonly RamBlockRow[]): RamList {
  return { blocks: rows.map(blockFromRow) };
}

/** Index of the first sorted value >= x (sorted.length when none). */
function lowerBound(sorted: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as bigint) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * find_ram_offset(size): best fit over the gaps that start right after a block, visiting blocks in
 * list order; O(n log n) (QEMU's nested loop is O(n²) but finds the same `next`).
 */
export function findRamOffset(list: RamList, size: bigint, align: bigint = RAM_OFFSET_ALIGN): OffsetSearch {
  // QEMU asserts size != 0 (it would hand out the same offset twice); ram_addr_t is 64-bit.
  if (size <= 0n || size > U64_MAX) return { ok: false, reason: 'bad-size', steps: [] };
  if (align <= 0n || align > U64_MAX) return { ok: false, reason: 'bad-align', steps: [] };
  // The first block is placed without any trace line.
  if (list.blocks.length === 0) return { ok: true, offset: 0n, steps: [] };
  const sorted = list.blocks.map((b) => b.offset % U64).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let offset = U64_MAX;
  let mingap = U64_MAX;
  const steps: OffsetStep[] = [];
  for (const block of list.blocks) {
    const candidate = candidateAfter(block, align);
    const i = lowerBound(sorted, candidate);
    const next = i < sorted.length ? (sorted[i] as bigint) : U64_MAX;
    const gap = next - candidate;
    // Strictly smaller: among equal gaps the block visited first keeps it.
    if (gap >= size && gap < mingap) {
      offset = candidate;
      mingap = gap;
    }
    steps.push({ kind: 'loop', size, candidate, offset, next, mingap });
  }
  // QEMU checks the offset, not the gap: it stays RAM_ADDR_MAX when nothing fitted.
  if (offset === U64_MAX) return { ok: false, reason: 'no-gap', steps };
  steps.push({ kind: 'chosen', size, offset });
  return { ok: true, offset, steps };
}

/** Links a block that already has its offset into the list as ram_block_add does: before the first strictly smaller block. */
export function insertBlock(list: RamList, block: RamBlock): { list: RamList; index: number } {
  // A linear walk, like QEMU's, so an unsorted list (from a damaged table) behaves as QEMU's would.
  let index = list.blocks.findIndex((b) => b.max < block.max);
  if (index < 0) index = list.blocks.length;
  const blocks = [...list.blocks.slice(0, index), block, ...list.blocks.slice(index)];
  return { list: { blocks }, index };
}

/** ram_block_add: picks the offset with find_ram_offset(max) and links the block in; a failure leaves the list as it was. */
export function addBlock(list: RamList, block: NewRamBlock, align: bigint = RAM_OFFSET_ALIGN): AddBlockResult {
  const found = findRamOffset(list, block.max, align);
  if (!found.ok) return { ok: false, reason: found.reason, list, steps: found.steps };
  const placed: RamBlock = { ...block, used: block.used ?? block.max, offset: found.offset };
  const ins = insertBlock(list, placed);
  return { ok: true, list: ins.list, block: placed, offset: found.offset, index: ins.index, steps: found.steps };
}

/** Unlinks a block by offset (unique) or by name (the first match: several blocks may have the empty name). */
export function removeBlock(list: RamList, key: string | bigint): { list: RamList; removed: RamBlock | undefined } {
  const index = list.blocks.findIndex((b) => (typeof key === 'bigint' ? b.offset === key : b.name === key));
  if (index < 0) return { list, removed: undefined };
  return { list: { blocks: [...list.blocks.slice(0, index), ...list.blocks.slice(index + 1)] }, removed: list.blocks[index] };
}

/** One step as QEMU's log trace backend prints it (trace-events formats of QEMU 7.2 to 10.x). */
export function formatOffsetStep(step: OffsetStep): string {
  if (step.kind === 'chosen') return `find_ram_offset size: ${hex0x(step.size)} @ ${hex0x(step.offset)}`;
  return (
    `find_ram_offset_loop trying size: ${hex0x(step.size)} @ ${hex0x(step.candidate)}, ` +
    `offset: ${hex0x(step.offset)} next: ${hex0x(step.next)} mingap: ${hex0x(step.mingap)}`
  );
}

// ---------------------------------------------------------------------------------------------
// info ramblock

/** The value C gets from (double)v: round to 53 significant bits, ties to even. */
function toDoubleValue(v: bigint): bigint {
  const bits = v.toString(2).length;
  if (bits <= 53) return v;
  const shift = BigInt(bits - 53);
  const unit = 1n << shift;
  const half = unit >> 1n;
  let q = v >> shift;
  const rem = v & (unit - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return q << shift;
}

/** Rounds n/d to the nearest integer, ties to even, as glibc's printf does on the exact binary value. */
function divRoundEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  return r2 > d || (r2 === d && (q & 1n) === 1n) ? q + 1n : q;
}

/** Compares the rational num/den with 10^p: negative, zero or positive like a comparator. */
function cmpPow10(num: bigint, den: bigint, p: number): number {
  const l = p >= 0 ? num : num * 10n ** BigInt(-p);
  const r = p >= 0 ? den * 10n ** BigInt(p) : den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** printf("%0.3g") of the exact rational num/den (num >= 0, den > 0). */
function format3g(num: bigint, den: bigint): string {
  if (num === 0n) return '0';
  // Decimal exponent e with 10^e <= num/den < 10^(e+1).
  let e = 0;
  while (cmpPow10(num, den, e + 1) >= 0) e++;
  while (cmpPow10(num, den, e) < 0) e--;
  // Three significant digits: q = round(x * 10^(2-e)).
  const s = 2 - e;
  let q = s >= 0 ? divRoundEven(num * 10n ** BigInt(s), den) : divRoundEven(num, den * 10n ** BigInt(-s));
  if (q >= 1000n) {
    e++;
    q = s - 1 >= 0 ? divRoundEven(num * 10n ** BigInt(s - 1), den) : divRoundEven(num, den * 10n ** BigInt(1 - s));
  }
  const digits = q.toString();
  const strip = (t: string): string => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (e < -4 || e >= 3) {
    const mant = strip(`${digits[0] ?? '0'}.${digits.slice(1)}`);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const decimals = 2 - e;
  const padded = digits.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  return strip(decimals > 0 ? `${padded.slice(0, cut)}.${padded.slice(cut)}` : padded);
}

const SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

/** QEMU's size_to_str: "%0.3g %sB", switching unit once the value reaches 1000 of the smaller one ("4 KiB", "0.977 MiB"). */
export function sizeToStr(value: bigint): string {
  const v = toDoubleValue(value < 0n ? 0n : value % U64);
  // frexp(v / (1000.0 / 1024.0)) exponent minus one = floor(log2(v * 128 / 125)); frexp(0) gives 0.
  let i = 0;
  if (v > 0n) {
    let k = (v * 128n).toString(2).length - 1;
    while (k > 0 && 125n << BigInt(k) > v * 128n) k--;
    i = Math.min(Math.trunc(k / 10), SUFFIXES.length - 1);
  }
  return `${format3g(v, 1n << BigInt(10 * i))} ${SUFFIXES[i] ?? ''}B`;
}

/** UTF-8 length: printf pads %24s by bytes, not by characters. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** printf("%Ns"): right-aligned in width bytes, never cut. */
function padLeft(text: string, width: number): string {
  const len = utf8Length(text);
  return len >= width ? text : ' '.repeat(width - len) + text;
}

/** printf("0x%016lx") of a uint64. */
function hexField(v: bigint): string {
  return '0x' + hex16(((v % U64) + U64) % U64);
}

/** Options of formatRamblock: QEMU 8.0+ columns, and the page size printed for blocks that do not know theirs. */
export interface RamblockFormatOptions {
  /** Print the HVA and RO columns (QEMU 8.0 and newer). */
  readonly hostColumns: boolean;
  /** Page size for blocks without one (default 4 KiB, the host page size of anonymous RAM on x86 hosts). */
  readonly defaultPageSize?: bigint;
}

/**
 * The exact text of `info ramblock` for this list, LF line ends; blocks without an HVA print 0
 * there and blocks without an RO flag print rw (QEMU's default for RAM).
 */
export function formatRamblock(list: RamList, options: RamblockFormatOptions): string {
  const host = options.hostColumns;
  const header =
    `${padLeft('Block Name', 24)} ${padLeft('PSize', 8)}  ${padLeft('Offset', 18)} ${padLeft('Used', 18)} ${padLeft('Total', 18)}` +
    (host ? ` ${padLeft('HVA', 18)} ${padLeft('RO', 3)}` : '');
  const out = [header];
  for (const b of list.blocks) {
    const psize = sizeToStr(b.pageSize ?? options.defaultPageSize ?? 0x1000n);
    let row = `${padLeft(b.name, 24)} ${padLeft(psize, 8)}  ${hexField(b.offset)} ${hexField(b.used)} ${hexField(b.max)}`;
    if (host) row += ` ${hexField(b.hva ?? 0n)} ${padLeft(b.readonly === true ? 'ro' : 'rw', 3)}`;
    out.push(row);
  }
  return out.join('\n') + '\n';
}

/** The list an `info ramblock` section shows, ready for formatRamblock with the same columns. */
export function ramListFromSection(section: RamBlockSection): { list: RamList; hostColumns: boolean } {
  return { list: ramListFromRows(section.blocks), hostColumns: section.hostColumns };
}

// ---------------------------------------------------------------------------------------------
// Replaying a find_ram_offset trace

/** A block the replay met, with where the trace shows it and the ramblock row it ended up as. */
export interface ReplayedBlock extends RamBlock {
  /** Creation order; 0 is the untraced first block. */
  readonly id: number;
  /** The `find_ram_offset size:` line that placed it; undefined for the first block. */
  readonly placedAt?: Span;
  /** The info ramblock row it matches: names, used lengths and host columns come from there. */
  readonly row?: RamBlockRow;
  /** First loop line of the placement that no longer visits it (it was freed before). */
  readonly freedAt?: Span;
  /** Not in info ramblock although the trace leaves it in the list: freed after the last placement. */
  readonly freedAfterTrace?: boolean;
  /** max_length known only rounded up to the alignment (first block without a row at offset 0). */
  readonly estimated?: boolean;
}

/** A loop-line field whose traced value differs from the replay's. */
export interface FieldDiff {
  readonly field: 'size' | 'candidate' | 'offset' | 'next' | 'mingap';
  readonly traced: bigint;
  readonly computed: bigint;
}

/** Where a trace or a ramblock table disagrees with the rules; span = the trace line or row concerned. */
export type RamListMismatch =
  | { readonly kind: 'chosen-offset'; readonly span: Span; readonly size: bigint; readonly traced: bigint; readonly computed: bigint | undefined }
  | { readonly kind: 'loop-values'; readonly span: Span; readonly diffs: readonly FieldDiff[] }
  | { readonly kind: 'loop-count'; readonly span: Span; readonly traced: number; readonly computed: number }
  | { readonly kind: 'unknown-block'; readonly span: Span; readonly candidate: bigint }
  | { readonly kind: 'loop-order'; readonly span: Span; readonly candidate: bigint }
  | { readonly kind: 'unfinished'; readonly span: Span; readonly computed: bigint | undefined }
  | { readonly kind: 'row-offset'; readonly span: Span; readonly row: RamBlockRow; readonly traced: bigint }
  | { readonly kind: 'row-untraced'; readonly span: Span; readonly row: RamBlockRow }
  | { readonly kind: 'row-order'; readonly span: Span; readonly row: RamBlockRow; readonly expected: number; readonly found: number };

/** What replayTrace rebuilt and every disagreement it found. */
export interface RamListReplay {
  /** Every block the trace shows, in creation order (freed ones included). */
  readonly blocks: readonly ReplayedBlock[];
  /** ram_list after the trace (without blocks the ramblock table no longer has). */
  readonly final: RamList;
  /** The lines QEMU should have traced, as the engine computes them, in trace order. */
  readonly steps: readonly OffsetStep[];
  readonly mismatches: readonly RamListMismatch[];
  /** The mismatches (RL001–RL005, RL007–RL009, RL011) and notes on frees (RL006, RL010) as diagnostics. */
  readonly issues: readonly Issue[];
}

type LoopLine = Extract<TraceStep, { kind: 'loop' }>;
type ChosenLine = Extract<TraceStep, { kind: 'chosen' }>;

/** Mutable while replaying; frozen into ReplayedBlock at the end. */
interface Sim {
  id: number;
  name: string;
  offset: bigint;
  used: bigint;
  max: bigint;
  placedAt?: Span;
  freedAt?: Span;
  freedAfterTrace?: boolean;
  estimated?: boolean;
  row?: RamBlockRow;
}

const FIELDS = ['size', 'candidate', 'offset', 'next', 'mingap'] as const;

function rowLabel(row: RamBlockRow): string {
  return row.name === '' ? '(unnamed)' : row.name;
}

/** Indices (into seq) of one longest strictly increasing subsequence: O(n log n). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((seq[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; i >= 0; i = prev[i] as number) keep.add(i);
  return keep;
}

/**
 * Rebuilds ram_list from a find_ram_offset trace (and the final `info ramblock`, which names the
 * blocks and sizes the untraced first one), recomputes every placement and reports every difference.
 */
export function replayTrace(trace: TraceSection, ramblock?: RamBlockSection, align: bigint = RAM_OFFSET_ALIGN): RamListReplay {
  const mismatches: RamListMismatch[] = [];
  const issues: Issue[] = [];
  const steps: OffsetStep[] = [];
  const all: Sim[] = [];
  let live: Sim[] = [];
  const report = (m: RamListMismatch, code: IssueCode, args: Record<string, string>): void => {
    mismatches.push(m);
    issues.push(makeIssue(code, m.span, args));
  };

  // The first block is placed at 0 without a trace line; its size comes from the row at 0, or the
  // first loop line's candidate (ROUND_UP(max, align)) gives it rounded up.
  const row0 = ramblock?.blocks.find((r) => r.offset === 0n);
  const firstLoop = trace.steps.find((s): s is LoopLine => s.kind === 'loop');
  if (row0) all.push({ id: 0, name: '', offset: 0n, used: row0.used, max: row0.max });
  else if (firstLoop) all.push({ id: 0, name: '', offset: 0n, used: firstLoop.candidate, max: firstLoop.candidate, estimated: true });
  live = [...all];

  const place = (loops: readonly LoopLine[], chosen: ChosenLine | undefined): void => {
    const first = loops[0];
    // One loop line per live block, in list order: blocks the lines skip were freed in between.
    // Live candidates are unique (blocks start aligned and do not overlap), so a map finds each one.
    if (first) {
      const byCandidate = new Map<bigint, number>();
      live.forEach((b, i) => byCandidate.set(candidateAfter(b, align), i));
      const visited = new Array<boolean>(live.length).fill(false);
      let last = -1;
      for (const l of loops) {
        const i = byCandidate.get(l.candidate);
        if (i === undefined || visited[i]) {
          report({ kind: 'unknown-block', span: l.span, candidate: l.candidate }, 'RL004', { candidate: hex0x(l.candidate) });
          continue;
        }
        if (i < last) report({ kind: 'loop-order', span: l.span, candidate: l.candidate }, 'RL005', { candidate: hex0x(l.candidate) });
        visited[i] = true;
        last = Math.max(last, i);
      }
      const freed = live.filter((_, i) => !visited[i]);
      if (freed.length > 0) {
        for (const b of freed) b.freedAt = first.span;
        live = live.filter((_, i) => visited[i]);
        const blocks = freed.map((b) => `${hex0x(b.max)} at ${hex0x(b.offset)}`).join(', ');
        issues.push(makeIssue('RL006', first.span, { count: String(freed.length), blocks }));
      }
    }

    const size = chosen?.size ?? first?.size ?? 0n;
    const found = findRamOffset({ blocks: live }, size, align);
    steps.push(...found.steps);
    const computedLoops = found.steps.filter((s): s is Extract<OffsetStep, { kind: 'loop' }> => s.kind === 'loop');
    const n = Math.min(loops.length, computedLoops.length);
    for (let i = 0; i < n; i++) {
      const t = loops[i] as LoopLine;
      const c = computedLoops[i] as Extract<OffsetStep, { kind: 'loop' }>;
      const diffs: FieldDiff[] = FIELDS.filter((f) => t[f] !== c[f]).map((f) => ({ field: f, traced: t[f], computed: c[f] }));
      if (diffs.length > 0) {
        const text = diffs.map((d) => `${d.field} ${hex0x(d.traced)} (replay: ${hex0x(d.computed)})`).join(', ');
        report({ kind: 'loop-values', span: t.span, diffs }, 'RL002', { diffs: text });
      }
    }
    const computedOffset = found.ok ? found.offset : undefined;
    const tail = chosen ?? loops[loops.length - 1];
    if (tail && loops.length !== computedLoops.length) {
      report({ kind: 'loop-count', span: tail.span, traced: loops.length, computed: computedLoops.length }, 'RL003', {
        traced: String(loops.length),
        computed: String(computedLoops.length),
      });
    }
    if (!chosen) {
      const what = computedOffset === undefined ? 'no gap fits (QEMU aborts: "Failed to find gap of requested size")' : `the trace was cut; best fit gives ${hex0x(computedOffset)}`;
      if (tail) report({ kind: 'unfinished', span: tail.span, computed: computedOffset }, 'RL007', { what });
      return;
    }
    if (computedOffset !== chosen.offset) {
      report({ kind: 'chosen-offset', span: chosen.span, size: chosen.size, traced: chosen.offset, computed: computedOffset }, 'RL001', {
        traced: hex0x(chosen.offset),
        computed: computedOffset === undefined ? 'no offset (nothing fits)' : hex0x(computedOffset),
      });
    }
    // Go on from what QEMU did, so one disagreement does not spoil every later step.
    const sim: Sim = { id: all.length, name: '', offset: chosen.offset, used: chosen.size, max: chosen.size, placedAt: chosen.span };
    all.push(sim);
    const at = insertBlock({ blocks: live }, sim).index;
    live = [...live.slice(0, at), sim, ...live.slice(at)];
  };

  let loops: LoopLine[] = [];
  for (const s of trace.steps) {
    if (s.kind === 'loop') loops.push(s);
    else {
      place(loops, s);
      loops = [];
    }
  }
  if (loops.length > 0) place(loops, undefined);

  if (ramblock) live = matchRows(live, ramblock.blocks, trace.span, report, issues);
  const frozen = new Map<Sim, ReplayedBlock>();
  for (const b of all) frozen.set(b, freeze(b));
  return {
    blocks: all.map((b) => frozen.get(b) as ReplayedBlock),
    final: { blocks: live.map((b) => frozen.get(b) as ReplayedBlock) },
    steps,
    mismatches,
    issues,
  };
}

/** Gives the replayed blocks their rows, reports rows the trace cannot explain and rows out of order; returns the final list. */
function matchRows(
  live: Sim[],
  rows: readonly RamBlockRow[],
  traceSpan: Span,
  report: (m: RamListMismatch, code: IssueCode, args: Record<string, string>) => void,
  issues: Issue[],
): Sim[] {
  const rowIndex = new Map<RamBlockRow, number>();
  rows.forEach((r, i) => rowIndex.set(r, i));
  const take = (groups: Map<string, RamBlockRow[]>, key: string): RamBlockRow | undefined => groups.get(key)?.shift();
  const byPlace = new Map<string, RamBlockRow[]>();
  for (const r of rows) byPlace.set(`${r.offset}:${r.max}`, [...(byPlace.get(`${r.offset}:${r.max}`) ?? []), r]);
  for (const b of live) b.row = take(byPlace, `${b.offset}:${b.max}`);
  // A row with the size of an unmatched block but another offset: the same block, placed elsewhere.
  const used = new Set(live.map((b) => b.row).filter((r): r is RamBlockRow => r !== undefined));
  const bySize = new Map<string, RamBlockRow[]>();
  for (const r of rows) if (!used.has(r)) bySize.set(String(r.max), [...(bySize.get(String(r.max)) ?? []), r]);
  for (const b of live) {
    if (b.row) continue;
    const r = take(bySize, String(b.max));
    if (!r) continue;
    b.row = r;
    used.add(r);
    report({ kind: 'row-offset', span: r.span, row: r, traced: b.offset }, 'RL008', { name: rowLabel(r), offset: hex0x(r.offset), traced: hex0x(b.offset) });
  }
  for (const r of rows) {
    if (!used.has(r)) report({ kind: 'row-untraced', span: r.span, row: r }, 'RL009', { name: rowLabel(r), offset: hex0x(r.offset), max: hex0x(r.max) });
  }
  for (const b of live) {
    if (b.row) continue;
    b.freedAfterTrace = true;
    issues.push(makeIssue('RL010', b.placedAt ?? traceSpan, { offset: hex0x(b.offset), max: hex0x(b.max) }));
  }
  const final = live.filter((b) => b.row !== undefined);
  // Rows outside one longest run that is already in replay order are the ones out of place.
  const seq = final.map((b) => rowIndex.get(b.row as RamBlockRow) as number);
  const inOrder = longestIncreasing(seq);
  const sortedRows = [...seq].sort((a, b) => a - b);
  final.forEach((b, i) => {
    if (inOrder.has(i)) return;
    const r = b.row as RamBlockRow;
    const found = sortedRows.indexOf(seq[i] as number);
    report({ kind: 'row-order', span: r.span, row: r, expected: i + 1, found: found + 1 }, 'RL011', { name: rowLabel(r), expected: String(i + 1), found: String(found + 1) });
  });
  return final;
}

/** The public, read-only form of a replayed block, with its row's name and columns. */
function freeze(b: Sim): ReplayedBlock {
  const r = b.row;
  return {
    id: b.id,
    name: r?.name ?? b.name,
    offset: b.offset,
    used: r?.used ?? b.used,
    max: b.max,
    ...(r ? { pageSize: r.pageSize, row: r } : {}),
    ...(r?.hva !== undefined ? { hva: r.hva } : {}),
    ...(r?.readonly !== undefined ? { readonly: r.readonly } : {}),
    ...(b.placedAt ? { placedAt: b.placedAt } : {}),
    ...(b.freedAt ? { freedAt: b.freedAt } : {}),
    ...(b.freedAfterTrace ? { freedAfterTrace: true } : {}),
    ...(b.estimated ? { estimated: true } : {}),
  };
}
