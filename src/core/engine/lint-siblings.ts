import { compareBigint, formatSize, hex0x } from '../model/address';
import type { RelatedSpan } from '../model/issues';
import type { Reporter } from './lint-reporter';
import type { Iv } from './lint-footprint';
import { clip, Footprints } from './lint-footprint';
import type { Mr } from './mr';
import { terminates } from './mr';
import { pushTo } from '../model/arrays';
import { FreeSegments } from './free-segments';
import { endOf, sweepOverlaps } from './overlaps';


/**
 * LY101: overlapping enabled siblings of equal priority (`kids`: those that overlap some sibling).
 * Per priority, children are swept in address order against the earlier one reaching furthest; a child
 * with an explicit order is checked only against earlier children without one, so pairs that both
 * state their order are never reported.
 */
function equalPriorityOverlaps(c: Mr, kids: readonly Mr[], rep: Reporter, fps: Footprints): void {
  const listIndex = new Map(c.subregions.map((k, i) => [k, i]));
  const groups = new Map<number, Mr[]>();
  const vague = rep.input.sizeAmbiguous;
  for (const k of kids) {
    if (vague?.(k)) continue;
    pushTo(groups, k.priority, k);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => compareBigint(a.addr, b.addr) || (listIndex.get(b) as number) - (listIndex.get(a) as number));
    sweepOverlaps(group, (other, k, end) => {
      // Two containers (or aliases) that overlap clash only where both render something.
      if (!claimsTogether(k, other, k.addr, end, fps)) return;
      // QEMU's list puts the most recently added of equal priority first: it wins.
      const winner = (listIndex.get(k) as number) < (listIndex.get(other) as number) ? k : other;
      rep.region('LY101', k, {
        name: k.name, other: other.name, priority: String(k.priority), size: formatSize(end - k.addr), at: hex0x(k.addr), container: c.name, winner: winner.name,
      }, { related: rep.related(other, `${other.name} (priority ${other.priority})`) });
    }, (k) => rep.input.explicitOrder(k));
  }
}

/** True when both siblings render something somewhere in [from, to) (container-relative); a region that terminates claims its whole range. */
function claimsTogether(a: Mr, b: Mr, from: bigint, to: bigint, fps: Footprints): boolean {
  if (terminates(a) && terminates(b)) return true;
  const fa = fps.within(a, from, to);
  const fb = fps.within(b, from, to);
  for (let i = 0, j = 0; i < fa.length && j < fb.length;) {
    const x = fa[i] as Iv;
    const y = fb[j] as Iv;
    if (x.s < y.e && y.s < x.e) return true;
    if (x.e <= y.e) i++;
    else j++;
  }
  return false;
}

/** Children whose range overlaps some sibling's: `kids` sorted by address (in place), then each child's neighbours in that order. */
function overlappingKids(kids: Mr[]): Mr[] {
  // Printed trees list children by address: most lists need no sort.
  let sorted = true;
  for (let i = 1; i < kids.length && sorted; i++) sorted = (kids[i - 1] as Mr).addr <= (kids[i] as Mr).addr;
  if (!sorted) kids.sort((a, b) => compareBigint(a.addr, b.addr));
  const out: Mr[] = [];
  let reach = -1n;
  kids.forEach((k, i) => {
    const next = kids[i + 1];
    // Later children start at or after this one, so the next one is the only candidate to check.
    if (k.addr < reach || (next && next.addr < endOf(k))) out.push(k);
    if (endOf(k) > reach) reach = endOf(k);
  });
  return out;
}

/** A percentage with one decimal that never rounds a part to nothing or to the whole. */
function percent(part: bigint, whole: bigint): string {
  const tenths = (part * 1000n) / whole;
  if (tenths === 0n) return '<0.1%';
  if (tenths === 1000n && part < whole) return '>99.9%';
  return `${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}%`;
}

/** The position of `x` in the sorted `xs`, which holds it (binary search: bigints hash slowly). */
function indexOf(xs: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as bigint) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A Fenwick tree of bigint sums over segment indexes, sparse so that one per key stays small. */
class Fenwick {
  private readonly tree = new Map<number, bigint>();
  constructor(private readonly n: number) {}

  add(i: number, v: bigint): void {
    for (let j = i + 1; j <= this.n; j += j & -j) this.tree.set(j, (this.tree.get(j) ?? 0n) + v);
  }

  /** The sum over indexes [0, k). */
  prefix(k: number): bigint {
    let sum = 0n;
    for (let j = k; j > 0; j -= j & -j) sum += this.tree.get(j) ?? 0n;
    return sum;
  }
}

/** The total length of intervals. */
function sizeOf(ivs: readonly Iv[]): bigint {
  let n = 0n;
  for (const iv of ivs) n += iv.e - iv.s;
  return n;
}

/** How many segments are looked at to name the siblings that hide a region. */
const HIDER_SCAN = 4096;
const MAX_RELATED = 8;

/**
 * The footprints LY102 sweeps, clipped to the container, and their sorted distinct endpoints. The lowest
 * priority claims nothing anyone asks about, and can only be hidden where the others claim: its
 * footprint is needed only within their span (a background as wide as the container with thousands of
 * devices where the others claim a little costs that little). Undefined when the others claim nothing.
 */
function sweptFootprints(c: Mr, involved: readonly Mr[], lowest: number, fps: Footprints): { fp: Map<Mr, Iv[]>; xs: bigint[] } | undefined {
  const fp = new Map<Mr, Iv[]>();
  const points: bigint[] = [];
  const add = (k: Mr, ivs: Iv[]): void => {
    if (ivs.length === 0) return;
    fp.set(k, ivs);
    for (const iv of ivs) points.push(iv.s, iv.e);
  };
  let from = c.size;
  let to = 0n;
  for (const k of involved) {
    if (k.priority === lowest) continue;
    const ivs = clip(fps.of(k), c.size);
    add(k, ivs);
    const first = ivs[0];
    const last = ivs[ivs.length - 1];
    if (first && first.s < from) from = first.s;
    if (last && last.e > to) to = last.e;
  }
  if (from >= to) return undefined;
  for (const k of involved) if (k.priority === lowest) add(k, fps.within(k, from, to));
  points.sort(compareBigint);
  const xs: bigint[] = [];
  for (const x of points) if (xs.length === 0 || xs[xs.length - 1] !== x) xs.push(x);
  return { fp, xs };
}

/**
 * The elementary segments between footprint endpoints `xs`, each claimed once by the first sibling (in
 * `order`) whose footprint covers it: who owns it, and Fenwick sums of claimed lengths, in all and per
 * key naming which region's bytes a claim shows where (`shows`, by position in `order`).
 */
class Claims {
  readonly owner: Int32Array;
  private readonly free: FreeSegments;
  private readonly claimed: Fenwick;
  private readonly byKey = new Map<string, Fenwick>();

  constructor(private readonly xs: readonly bigint[], private readonly shows: readonly string[]) {
    const segs = Math.max(xs.length - 1, 0);
    this.owner = new Int32Array(segs).fill(-1);
    this.free = new FreeSegments(segs);
    this.claimed = new Fenwick(segs);
  }

  /** The segment that starts at `x`, an endpoint. */
  index(x: bigint): number {
    return indexOf(this.xs, x);
  }

  /** Claims for the sibling at position `i` whatever of its footprint is still free. */
  claim(i: number, ivs: readonly Iv[]): void {
    const key = this.shows[i] as string;
    let mine = this.byKey.get(key);
    if (!mine) this.byKey.set(key, (mine = new Fenwick(this.owner.length)));
    for (const iv of ivs) {
      const last = this.index(iv.e);
      for (let s = this.free.firstFree(this.index(iv.s)); s < last; s = this.free.firstFree(s)) {
        const len = (this.xs[s + 1] as bigint) - (this.xs[s] as bigint);
        this.owner[s] = i;
        this.claimed.add(s, len);
        mine.add(s, len);
        this.free.take(s);
      }
    }
  }

  /**
   * How much of `ivs` is claimed, less the claims that show the same bytes at the same place (`keys`),
   * and the positions of the siblings whose claims hide it (those among the first HIDER_SCAN segments).
   */
  hidden(ivs: readonly Iv[], keys: ReadonlySet<string>): { hidden: bigint; hiders: Set<number> } {
    const same = [...keys].flatMap((key) => this.byKey.get(key) ?? []);
    let hidden = 0n;
    const hiders = new Set<number>();
    let scanned = 0;
    for (const iv of ivs) {
      const from = this.index(iv.s);
      const to = this.index(iv.e);
      hidden += this.claimed.prefix(to) - this.claimed.prefix(from);
      for (const f of same) hidden -= f.prefix(to) - f.prefix(from);
      for (let s = from; s < to && scanned < HIDER_SCAN; s++, scanned++) {
        const o = this.owner[s] as number;
        if (o >= 0 && !keys.has(this.shows[o] as string)) hiders.add(o);
      }
    }
    return { hidden, hiders };
  }
}

/**
 * LY102: how much of each child's footprint higher-priority siblings claim first (`involved`: the
 * children that overlap some sibling). Siblings go by priority, highest first; elementary segments
 * between all footprint endpoints are claimed once each (a next-free union-find) and Fenwick trees
 * sum claimed lengths, so a container costs O(P log P) for P footprint endpoints.
 *
 * A sibling that shows the very bytes of another at the same place does not hide them: the PAM and
 * SMRAM windows onto `pci` where pci itself has them, PAM RAM windows onto the pc.ram that
 * `ram-below-4g` shows there. Each claim is therefore also summed under a key naming which region's
 * bytes it shows and where that region's byte 0 lands; those sums are taken back out.
 */
function hiddenParts(c: Mr, involved: readonly Mr[], rep: Reporter, fps: Footprints): void {
  let lowest = Infinity;
  for (const k of involved) if (k.priority < lowest) lowest = k.priority;
  if (involved.every((k) => k.priority === lowest)) return;
  const swept = sweptFootprints(c, involved, lowest, fps);
  if (!swept) return;
  const { fp, xs } = swept;
  /** The whole measure of a lowest-priority child's footprint (what it would show alone). */
  const wholeOf = (k: Mr): bigint => sizeOf(k.priority === lowest ? clip(fps.of(k), c.size) : (fp.get(k) as Iv[]));
  // Identities numbered, so that "which bytes at which place" is a string key.
  const numbers = new Map<unknown, number>();
  const num = (mr: Mr): number => {
    const id = rep.id(mr);
    let n = numbers.get(id);
    if (n === undefined) numbers.set(id, (n = numbers.size));
    return n;
  };
  const ownKey = (mr: Mr): string => `${num(mr)}@${mr.addr}`;
  const showKey = (mr: Mr): string => (mr.alias ? `${num(mr.alias)}@${mr.addr - mr.aliasOffset}` : ownKey(mr));
  const order = [...fp.keys()];
  order.sort((a, b) => b.priority - a.priority);
  const claims = new Claims(xs, order.map(showKey));
  const report = (k: Mr, ivs: Iv[]): void => {
    const { hidden, hiders } = claims.hidden(ivs, new Set([ownKey(k), showKey(k)]));
    if (hidden === 0n) return;
    const total = wholeOf(k);
    // A terminating region or alias hidden whole is LY103's (it is then wholly hidden, not partly).
    if (hidden === total && (k.alias !== undefined || terminates(k))) return;
    const by = [...hiders].map((i) => order[i] as Mr);
    const related: RelatedSpan[] = by.slice(0, MAX_RELATED).flatMap((b) => rep.related(b, `${b.name} (priority ${b.priority})`));
    const names = by.length === 0 ? 'siblings' : by.length === 1 ? (by[0] as Mr).name : `${(by[0] as Mr).name} and ${by.length - 1} more`;
    rep.region('LY102', k, { name: k.name, hidden: formatSize(hidden), percent: percent(hidden, total), by: names }, { related });
  };
  for (let g = 0; g < order.length;) {
    let h = g;
    while (h < order.length && (order[h] as Mr).priority === (order[g] as Mr).priority) h++;
    for (let i = g; i < h; i++) report(order[i] as Mr, fp.get(order[i] as Mr) as Iv[]);
    // Claims only matter to lower priorities: the lowest (often a background as large as the
    // container) claims nothing anyone asks about.
    if (h === order.length) break;
    for (let i = g; i < h; i++) claims.claim(i, fp.get(order[i] as Mr) as Iv[]);
    g = h;
  }
}

/** LY101 and LY102 over every container reachable in the machine. */
export function lintSiblings(regions: readonly Mr[], rep: Reporter): void {
  const fps = new Footprints();
  for (const c of regions) {
    let shown = 0;
    for (const k of c.subregions) if (k.enabled && k.size > 0n) shown++;
    if (shown < 2) continue;
    // Both rules are about siblings that overlap: the others can neither clash nor hide.
    const involved = overlappingKids(c.subregions.filter((k) => k.enabled && k.size > 0n));
    if (involved.length < 2) continue;
    equalPriorityOverlaps(c, involved, rep, fps);
    hiddenParts(c, involved, rep, fps);
  }
}
