import { SIZE_2_64 } from '../model/address';
import type { FlatRange } from '../engine/flatten';
import type { MemoryModel } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import type { Span } from '../model/span';
import type { ComputedView } from '../engine/views';
import { flatRangeType, spacesKey } from '../engine/views';
import { matchInPasses } from './match';
import type { Identity } from './regions';
import type { FlatChange, FlatOwner, ViewChange } from './types';

/** How a side names a range's owner: its identity when both sides have trees, else its name. */
type OwnerKey = (mr: Mr) => string;

interface Side {
  readonly model: MemoryModel;
  readonly owner: OwnerKey;
  /** Only where ranges are and their offsets count (a gdb dump names no terminal region and prints no types). */
  readonly rangesOnly: boolean;
}

function ownerFacts(side: Side, r: FlatRange, at: bigint): FlatOwner {
  const span = side.model.nameSpanOf.get(r.mr);
  return { region: r.mr.name, offset: r.offset + (at - r.start), type: flatRangeType(r), ...(span ? { span } : {}) };
}

/** Which kind of difference a piece of GPA space shows, or undefined when both sides agree there. */
function classify(a: Side, ra: FlatRange | undefined, b: Side, rb: FlatRange | undefined, at: bigint): FlatChange['kind'] | undefined {
  if (!ra && !rb) return undefined;
  if (!ra) return 'added';
  if (!rb) return 'removed';
  const rangesOnly = a.rangesOnly || b.rangesOnly;
  if (!rangesOnly && a.owner(ra.mr) !== b.owner(rb.mr)) return 'owner';
  if (ra.offset + (at - ra.start) !== rb.offset + (at - rb.start)) return 'offset';
  if (!rangesOnly && (flatRangeType(ra) !== flatRangeType(rb) || ra.romd !== rb.romd)) return 'attributes';
  return undefined;
}

/**
 * The maximal ranges where two views of the same address spaces differ. One sweep over both sorted
 * range lists (linear); neighbouring pieces merge when the same owners continue at contiguous offsets.
 */
function diffView(spaces: string, a: Side, va: ComputedView, b: Side, vb: ComputedView): FlatChange[] {
  const A = va.ranges;
  const B = vb.ranges;
  const out: FlatChange[] = [];
  // The ranges the last change came from, to tell whether the next piece continues it.
  let last: { change: FlatChange; ra: FlatRange | undefined; rb: FlatRange | undefined } | undefined;
  let i = 0;
  let j = 0;
  let pos = 0n;
  while (pos < SIZE_2_64 && (i < A.length || j < B.length)) {
    while (i < A.length && (A[i] as FlatRange).start + (A[i] as FlatRange).size <= pos) i++;
    while (j < B.length && (B[j] as FlatRange).start + (B[j] as FlatRange).size <= pos) j++;
    const na = A[i];
    const nb = B[j];
    const ra = na && na.start <= pos ? na : undefined;
    const rb = nb && nb.start <= pos ? nb : undefined;
    let end = SIZE_2_64;
    if (na) end = ra ? ra.start + ra.size : na.start;
    if (nb) {
      const e = rb ? rb.start + rb.size : nb.start;
      if (e < end) end = e;
    }
    const kind = classify(a, ra, b, rb, pos);
    if (kind) {
      const prev = last?.change;
      const continues = prev !== undefined && last !== undefined && prev.kind === kind && prev.start + prev.size === pos &&
        continuesOn(a, last.ra, ra, prev.a, prev.size, pos) && continuesOn(b, last.rb, rb, prev.b, prev.size, pos);
      if (continues && last) {
        const grown: FlatChange = { ...prev, size: prev.size + (end - pos) };
        out[out.length - 1] = grown;
        last = { change: grown, ra, rb };
      } else {
        const change: FlatChange = {
          kind, spaces, start: pos, size: end - pos,
          ...(ra ? { a: ownerFacts(a, ra, pos) } : {}),
          ...(rb ? { b: ownerFacts(b, rb, pos) } : {}),
        };
        out.push(change);
        last = { change, ra, rb };
      }
    }
    pos = end;
  }
  return out;
}

/** True when `next` goes on at `pos` where the change's owner left off: both absent, or the same region at the next offset. */
function continuesOn(side: Side, prev: FlatRange | undefined, next: FlatRange | undefined, owner: FlatOwner | undefined, size: bigint, pos: bigint): boolean {
  if (!prev || !next || !owner) return prev === next;
  return (side.rangesOnly || side.owner(prev.mr) === side.owner(next.mr)) && next.offset + (pos - next.start) === owner.offset + size && flatRangeType(prev) === flatRangeType(next);
}

/** An address space with the view it uses. */
interface SpaceView {
  readonly name: string;
  readonly root: Mr | undefined;
  readonly view: ComputedView;
  readonly span?: Span;
}

function spaceViews(model: MemoryModel): SpaceView[] {
  return model.views.flatMap((view) => view.spaces.map((s) => ({ name: s.name, root: s.root, view, ...(s.span ? { span: s.span } : {}) })));
}

/** Groups items by a key object pair, keeping first-seen order. */
function byViews<T extends { readonly a: SpaceView; readonly b: SpaceView }>(pairs: readonly T[]): T[][] {
  const m = new Map<ComputedView, Map<ComputedView, T[]>>();
  const out: T[][] = [];
  for (const p of pairs) {
    const inner = m.get(p.a.view) ?? new Map<ComputedView, T[]>();
    m.set(p.a.view, inner);
    let g = inner.get(p.b.view);
    if (!g) {
      g = [];
      inner.set(p.b.view, g);
      out.push(g);
    }
    g.push(p);
  }
  return out;
}

/**
 * Compares the FlatViews of two models address space by address space: spaces are matched by name and
 * root identity (names repeat: one `vtd-root` per device), then each pair of views that matched spaces
 * use is compared once, labelled with those spaces. Against a gdb session only where ranges are and their
 * offsets count: its ranges are named after the dumped tree, not the terminal region, and carry no type. Spaces on one side only, and views that render on
 * one side only, are view changes rather than a list of every range.
 */
export function diffViews(ma: MemoryModel, idA: Identity, mb: MemoryModel, idB: Identity, byIdentity: boolean): { views: ViewChange[]; flat: FlatChange[] } {
  const key = (id: Identity): OwnerKey => (mr) => (byIdentity ? String(id.get(mr) ?? `name:${mr.name}`) : `name:${mr.name}`);
  const a: Side = { model: ma, owner: key(idA), rangesOnly: ma.built?.fromGdb === true };
  const b: Side = { model: mb, owner: key(idB), rangesOnly: mb.built?.fromGdb === true };
  const sa = spaceViews(ma);
  const sb = spaceViews(mb);
  const sideOf = new Map<SpaceView, Side>([...sa.map((s): [SpaceView, Side] => [s, a]), ...sb.map((s): [SpaceView, Side] => [s, b])]);
  const m = matchInPasses(sa, sb, [
    { key: (s) => `${s.name}|${s.root ? (sideOf.get(s) as Side).owner(s.root) : ''}` },
    { key: (s) => s.name },
  ]);
  const views: ViewChange[] = [];
  const flat: FlatChange[] = [];
  for (const group of byViews(m.pairs.map(([x, y]) => ({ a: x, b: y })))) {
    const first = group[0] as { a: SpaceView; b: SpaceView };
    const spaces = spacesKey(group.map((p) => p.a));
    const va = first.a.view;
    const vb = first.b.view;
    if (va.ranges.length === 0 && vb.ranges.length === 0) continue;
    if (va.ranges.length === 0 || vb.ranges.length === 0) {
      const only = va.ranges.length === 0 ? first.b : first.a;
      views.push({ kind: va.ranges.length === 0 ? 'added' : 'removed', what: 'rendering', spaces, ranges: only.view.ranges.length, ...(only.span ? { span: only.span } : {}) });
      continue;
    }
    for (const c of diffView(spaces, a, va, b, vb)) flat.push(c);
  }
  const unmatched = (list: SpaceView[], kind: ViewChange['kind']): void => {
    if (list.length === 0) return;
    const span = list.find((s) => s.span)?.span;
    views.push({ kind, what: 'address-spaces', spaces: spacesKey(list), ranges: 0, ...(span ? { span } : {}) });
  };
  unmatched(m.onlyA, 'removed');
  unmatched(m.onlyB, 'added');
  // Captures list views in hash order: sort by address spaces, then address.
  flat.sort((x, y) => (x.spaces !== y.spaces ? (x.spaces < y.spaces ? -1 : 1) : x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  views.sort((x, y) => (x.spaces < y.spaces ? -1 : x.spaces > y.spaces ? 1 : x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
  return { views, flat };
}
