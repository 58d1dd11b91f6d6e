import type { MemoryModel } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import { regionTypeWord } from '../engine/mr';
import { pushTo } from '../model/arrays';
import { preorder } from '../model/preorder';
import { walkRegions } from '../engine/walk';
import type { MatchPass } from './match';
import { matchInPasses } from './match';
import { Shapes } from './shapes';
import type { RegionChange, RegionFacet, RegionFacts } from './types';

/** A region tree of one side: a root region and the label it is known by. */
interface Tree {
  readonly label: string;
  readonly root: Mr;
}

/**
 * Region identity shared by both sides: a matched pair gets one number, every other region its own.
 * Flat-view owners and alias targets are compared through it, so equal names never stand in for
 * "the same region".
 */
export type Identity = Map<Mr, number>;

/** The region changes of two models, and the identities the flat-view comparison needs. */
export interface RegionDiff {
  readonly changes: RegionChange[];
  readonly idA: Identity;
  readonly idB: Identity;
  /** Both sides have region trees (a capture with only `info mtree -f` has none). */
  readonly trees: boolean;
}

/**
 * The roots of a model's region trees: address-space roots first (creation order), then every other
 * region that no region contains (alias targets printed as `memory-region:` sections, a layout's
 * top-level regions). An address-space root is labelled with its address spaces, any other with its name.
 *
 * A capture prints some regions twice: an alias target again as its own `memory-region:` section
 * (`pci`), or an address space's root that is also a subregion elsewhere (`device-memory` in `system`,
 * arm's `system` in `secure-memory`). The engine builds each printing separately; a layout has one.
 * A root printed exactly like a subregion of another tree is such a reprint: it is no tree of its own,
 * and `canon` maps each of its regions to the subregion's, so that identities agree with a layout's.
 */
function treesOf(model: MemoryModel, shapes: Shapes): { trees: Tree[]; canon: Map<Mr, Mr> } {
  const spacesOf = new Map<Mr, string[]>();
  const candidates: Mr[] = [];
  for (const as of model.views.flatMap((v) => v.spaces)) {
    if (!as.root) continue;
    const names = spacesOf.get(as.root);
    if (names) names.push(as.name);
    else {
      spacesOf.set(as.root, [as.name]);
      candidates.push(as.root);
    }
  }
  for (const mr of model.nameSpanOf.keys()) candidates.push(mr);
  const contained = new Set<Mr>();
  for (const mr of walkRegions(candidates)) for (const c of mr.subregions) contained.add(c);
  const roots: Mr[] = [];
  const isRoot = new Set<Mr>();
  for (const mr of candidates) {
    if (contained.has(mr) || isRoot.has(mr)) continue;
    isRoot.add(mr);
    roots.push(mr);
  }

  // Subregions that share a root's name, with the root whose tree holds them.
  const rootNames = new Set(roots.map((r) => r.name));
  const inner = new Map<string, { mr: Mr; root: Mr }[]>();
  for (const root of roots) {
    for (const mr of subtree(root)) {
      if (mr === root || mr.alias || !rootNames.has(mr.name)) continue;
      pushTo(inner, mr.name, { mr, root });
    }
  }
  const canon = new Map<Mr, Mr>();
  const trees: Tree[] = [];
  for (const root of roots) {
    const copies = inner.get(root.name)?.filter((c) => c.root !== root) ?? [];
    const copy = copies.length > 0 ? copies.find((c) => shapes.bare(c.mr) === shapes.bare(root)) : undefined;
    if (copy) {
      const pairs: [Mr, Mr][] = [[root, copy.mr]];
      while (pairs.length > 0) {
        const [x, y] = pairs.pop() as [Mr, Mr];
        canon.set(x, y);
        x.subregions.forEach((c, i) => pairs.push([c, y.subregions[i] as Mr]));
      }
      continue;
    }
    const names = spacesOf.get(root);
    trees.push({ label: names ? names.slice().sort().join(', ') : root.name, root });
  }
  return { trees, canon };
}

const target = (mr: Mr): string => (mr.alias ? mr.alias.name : '');

/**
 * How siblings are matched: identical subtrees first; then the same name at the same place (all facts,
 * then the alias target, then the address alone); then a name (and alias target) left over exactly once
 * on each side, which is a region that moved or changed. Equal names left over several times are
 * regions added and removed, not guesses.
 */
function siblingPasses(shapes: Shapes): MatchPass<Mr>[] {
  return [
    { key: (m) => `shape|${shapes.of(m)}` },
    { key: (m) => `${m.name}|${m.addr}|${m.size}|${m.priority}|${m.enabled}|${target(m)}|${m.aliasOffset}` },
    { key: (m) => `${m.name}|${m.addr}|${target(m)}` },
    { key: (m) => `${m.name}|${m.addr}` },
    { key: (m) => `${m.name}|${target(m)}`, unique: true },
    { key: (m) => m.name, unique: true },
  ];
}

function typeWord(mr: Mr): string {
  return (mr.nonvolatile ? 'nv-' : '') + regionTypeWord(mr);
}

function facts(mr: Mr, start: bigint, model: MemoryModel): RegionFacts {
  const span = model.nameSpanOf.get(mr);
  return {
    name: mr.name, start, size: mr.size, priority: mr.priority, enabled: mr.enabled, type: typeWord(mr), nonvolatile: mr.nonvolatile,
    ...(mr.alias ? { alias: { target: mr.alias.name, offset: mr.aliasOffset } } : {}),
    ...(span ? { span } : {}),
  };
}

/** Every region of a subtree (the root included) that `keep` admits, with what is below it, iteratively. */
function subtree(root: Mr, keep: (mr: Mr) => boolean = () => true): Mr[] {
  return keep(root) ? preorder([root], (mr) => mr.subregions.filter(keep)) : [];
}

/** A name both sides agree on, or both names in a fixed order (so swapping the sides gives the same text). */
function both(a: string, b: string): string {
  return a === b ? a : [a, b].sort().join(' / ');
}

/** A path of names as a linked list: shared by siblings, so deep trees cost no copies. */
interface PathLink {
  readonly name: string;
  readonly up: PathLink | undefined;
}

function pathNames(p: PathLink): string[] {
  const out: string[] = [];
  for (let n: PathLink | undefined = p; n; n = n.up) out.push(n.name);
  return out.reverse();
}

interface Pending {
  readonly a: Mr;
  readonly b: Mr;
  readonly startA: bigint;
  readonly startB: bigint;
  readonly path: PathLink;
  readonly tree: string;
}

/**
 * Matches the region trees of two models and lists the regions added, removed and changed. Trees are
 * matched by label and root name; inside a matched pair, children by the passes above, recursively.
 * A region that comes or goes with its container is counted in the container's change, not listed.
 */
export function diffRegions(ma: MemoryModel, mb: MemoryModel, options: { enabledOnly?: boolean } = {}): RegionDiff {
  // A gdb dump has names and ranges only: against one, nothing else is compared.
  const namesAndRanges = ma.built?.fromGdb === true || mb.built?.fromGdb === true;
  // When one side did not print disabled regions (info mtree without -D), they are left out of both.
  const keep = (mr: Mr): boolean => !options.enabledOnly || mr.enabled;
  const shapes = new Shapes();
  const { trees: ta, canon: canonA } = treesOf(ma, shapes);
  const { trees: tb, canon: canonB } = treesOf(mb, shapes);
  const shapeOf = (t: Tree): number => shapes.of(t.root);
  // Labels and root names repeat (one pci_bridge_pci per bridge) and QEMU prints trees in hash order:
  // identical trees pair first. A bridge's tree is a memory-region: section in QEMU 7.2 and an address
  // space's root in 10.0, so root names pair across labels too.
  const trees = matchInPasses(ta, tb, [
    { key: (t) => `${t.label}|${t.root.name}|${shapeOf(t)}` },
    { key: (t) => `${t.label}|${t.root.name}` },
    { key: (t) => `${t.root.name}|${shapeOf(t)}` },
    { key: (t) => t.root.name, unique: true },
    { key: (t) => t.label, unique: true },
  ]);

  const idA: Identity = new Map();
  const idB: Identity = new Map();
  let next = 1;
  const changes: RegionChange[] = [];
  const gone = (mr: Mr, start: bigint, path: PathLink, tree: string, side: 'a' | 'b'): void => {
    const all = subtree(mr, keep);
    if (all.length === 0) return;
    for (const m of all) (side === 'a' ? idA : idB).set(m, next++);
    const f = facts(mr, start, side === 'a' ? ma : mb);
    changes.push({ kind: side === 'a' ? 'removed' : 'added', tree, path: pathNames(path), ...(side === 'a' ? { a: f } : { b: f }), facets: [], subregions: all.length - 1 });
  };

  const work: Pending[] = [];
  for (const [a, b] of trees.pairs) {
    if (!keep(a.root) || !keep(b.root)) {
      gone(a.root, a.root.addr, { name: a.root.name, up: undefined }, a.label, 'a');
      gone(b.root, b.root.addr, { name: b.root.name, up: undefined }, b.label, 'b');
      continue;
    }
    const label = both(a.label, b.label);
    work.push({ a: a.root, b: b.root, startA: a.root.addr, startB: b.root.addr, path: { name: both(a.root.name, b.root.name), up: undefined }, tree: label });
  }
  for (const t of trees.onlyA) gone(t.root, t.root.addr, { name: t.root.name, up: undefined }, t.label, 'a');
  for (const t of trees.onlyB) gone(t.root, t.root.addr, { name: t.root.name, up: undefined }, t.label, 'b');

  const pairs: Pending[] = [];
  const passes = siblingPasses(shapes);
  while (work.length > 0) {
    const p = work.pop() as Pending;
    if (idA.has(p.a) || idB.has(p.b)) continue;
    const id = next++;
    idA.set(p.a, id);
    idB.set(p.b, id);
    pairs.push(p);
    const kids = matchInPasses(p.a.subregions.filter(keep), p.b.subregions.filter(keep), passes);
    for (const [ca, cb] of kids.pairs) {
      work.push({ a: ca, b: cb, startA: p.startA + ca.addr, startB: p.startB + cb.addr, path: { name: both(ca.name, cb.name), up: p.path }, tree: p.tree });
    }
    for (const c of kids.onlyA) gone(c, p.startA + c.addr, { name: c.name, up: p.path }, p.tree, 'a');
    for (const c of kids.onlyB) gone(c, p.startB + c.addr, { name: c.name, up: p.path }, p.tree, 'b');
  }

  // A reprinted region is its printed original.
  for (const [mr, orig] of canonA) idA.set(mr, idA.get(orig) ?? next++);
  for (const [mr, orig] of canonB) idB.set(mr, idB.get(orig) ?? next++);
  // Alias targets are compared by identity, which is complete only now; by name where a capture
  // names several regions alike and the engine had to pick one (RF005: bridge windows).
  const guessA = guessedTargets(ma);
  const guessB = guessedTargets(mb);
  const key = (id: Identity, mr: Mr | undefined, vague: boolean): string => (mr === undefined ? '' : vague ? `name:${mr.name}` : String(id.get(mr) ?? `name:${mr.name}`));
  const vagueA = vagueSize(ma);
  const vagueB = vagueSize(mb);
  for (const p of pairs) {
    const vague = guessA(p.a) || guessB(p.b);
    const all = regionFacets(p.a, p.b, key(idA, p.a.alias, vague) !== key(idB, p.b.alias, vague), vagueA(p.a) || vagueB(p.b));
    const facets = namesAndRanges ? all.filter((f) => f === 'moved' || f === 'resized') : all;
    if (facets.length > 0) changes.push({ kind: 'changed', tree: p.tree, path: pathNames(p.path), a: facts(p.a, p.startA, ma), b: facts(p.b, p.startB, mb), facets, subregions: 0 });
  }
  return { changes: orderChanges(changes), idA, idB, trees: ta.length > 0 && tb.length > 0 };
}

/**
 * True for an alias of a capture whose target name several printed regions carry: which one it shows
 * is the engine's pick, which can follow the (hash) order QEMU printed them in.
 */
function guessedTargets(model: MemoryModel): (mr: Mr) => boolean {
  const built = model.built;
  if (!built) return () => false;
  const roots = new Map<string, number>();
  for (const t of built.trees) roots.set(t.mr.name, (roots.get(t.mr.name) ?? 0) + 1);
  const inner = new Map<string, number>();
  for (const [mr, node] of built.nodeOfMr) if (!node.alias && !roots.has(mr.name)) inner.set(mr.name, (inner.get(mr.name) ?? 0) + 1);
  return (mr) => mr.alias !== undefined && (roots.get(mr.alias.name) ?? inner.get(mr.alias.name) ?? 0) > 1;
}

/**
 * True for a region printed `X-X` by `info mtree`: zero-sized and one-byte regions print alike, so
 * 0 against 1 byte is no difference (MT004 says which one the capture assumed).
 */
function vagueSize(model: MemoryModel): (mr: Mr) => boolean {
  const nodes = model.built?.nodeOfMr;
  return (mr) => nodes?.get(mr)?.sizeAmbiguous === true;
}

/** The facets that differ between two matched regions, in RegionFacet order. */
function regionFacets(a: Mr, b: Mr, otherTarget: boolean, vague: boolean): RegionFacet[] {
  const out: RegionFacet[] = [];
  if (a.addr !== b.addr) out.push('moved');
  if (a.size !== b.size && !(vague && a.size <= 1n && b.size <= 1n)) out.push('resized');
  if (a.priority !== b.priority) out.push('priority');
  if (a.enabled !== b.enabled) out.push(a.enabled ? 'disabled' : 'enabled');
  // An alias prints its target's type: a change there is the target's, not the alias's.
  if ((!a.alias || !b.alias) && regionTypeWord(a) !== regionTypeWord(b)) out.push('type');
  if (a.nonvolatile !== b.nonvolatile) out.push('nonvolatile');
  if (otherTarget) out.push('alias-target');
  if (a.alias && b.alias && a.aliasOffset !== b.aliasOffset) out.push('alias-offset');
  return out;
}

/** Changes by tree, then by address, then by path: the order a reader scans a memory map in. */
function orderChanges(changes: RegionChange[]): RegionChange[] {
  const keyed = changes.map((c) => ({ c, start: (c.a ?? c.b)?.start ?? 0n, path: c.path.join('\n') }));
  keyed.sort((x, y) => {
    if (x.c.tree !== y.c.tree) return x.c.tree < y.c.tree ? -1 : 1;
    if (x.start !== y.start) return x.start < y.start ? -1 : 1;
    if (x.path !== y.path) return x.path < y.path ? -1 : 1;
    return x.c.kind < y.c.kind ? -1 : x.c.kind > y.c.kind ? 1 : 0;
  });
  return keyed.map((k) => k.c);
}
