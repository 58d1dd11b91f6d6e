import { SIZE_2_64, compareBigint } from '../model/address';
import type { Mr } from './mr';
import { terminates } from './mr';

/** A half-open interval [s, e) of container-relative addresses. */
export interface Iv {
  readonly s: bigint;
  readonly e: bigint;
}


/** Sorts and joins touching intervals. */
function merge(ivs: Iv[]): Iv[] {
  ivs.sort((a, b) => compareBigint(a.s, b.s));
  const out: Iv[] = [];
  for (const iv of ivs) {
    const last = out[out.length - 1];
    if (last && iv.s <= last.e) {
      if (iv.e > last.e) out[out.length - 1] = { s: last.s, e: iv.e };
    } else out.push(iv);
  }
  return out;
}

/** Work allowed for all footprints of one lint run: aliases of containers can multiply a tree. */
const FOOTPRINT_BUDGET = 2_000_000;

/**
 * The addresses a region claims when rendered on its own (the union of its fills), relative to its
 * container: a pure container claims only what its subregions claim. Iterative, cycle-safe, and
 * bounded by a shared budget; past it a region's whole range stands in for its footprint.
 */
export class Footprints {
  private readonly memo = new Map<Mr, Iv[]>();
  private left = FOOTPRINT_BUDGET;

  /** The region's footprint: merged, sorted intervals relative to its container (memoised). */
  of(root: Mr): Iv[] {
    const known = this.memo.get(root);
    if (known) return known;
    const result = this.walk(root, 0n, SIZE_2_64);
    this.memo.set(root, result);
    return result;
  }

  /**
   * The region's footprint within [from, to) (container-relative), not memoised: subtrees outside the
   * window are not walked, so a wide region asked about a narrow window costs what lies in it.
   */
  within(root: Mr, from: bigint, to: bigint): Iv[] {
    const known = this.memo.get(root);
    return known ? clip(known, to, from) : this.walk(root, from, to);
  }

  private walk(root: Mr, from: bigint, to: bigint): Iv[] {
    type Frame = { kind: 'enter'; mr: Mr; base: bigint; cs: bigint; ce: bigint } | { kind: 'leave'; alias: Mr };
    const stack: Frame[] = [{ kind: 'enter', mr: root, base: 0n, cs: from, ce: to }];
    const open = new Set<Mr>();
    const ivs: Iv[] = [];
    let result: Iv[] | undefined;
    while (stack.length > 0) {
      const f = stack.pop() as Frame;
      if (f.kind === 'leave') {
        open.delete(f.alias);
        continue;
      }
      if (--this.left < 0) {
        result = clip([{ s: root.addr, e: root.addr + root.size }], to, from);
        break;
      }
      const mr = f.mr;
      if (!mr.enabled) continue;
      const base = f.base + mr.addr;
      const cs = base > f.cs ? base : f.cs;
      const ce = base + mr.size < f.ce ? base + mr.size : f.ce;
      if (cs >= ce) continue;
      if (mr.alias) {
        // A cycle claims nothing more (rendering reports it; LY110 says so).
        if (open.has(mr)) continue;
        open.add(mr);
        stack.push({ kind: 'leave', alias: mr });
        stack.push({ kind: 'enter', mr: mr.alias, base: base - mr.alias.addr - mr.aliasOffset, cs, ce });
      } else if (terminates(mr)) {
        // It fills whatever its subregions leave, so its whole clip is claimed either way.
        ivs.push({ s: cs, e: ce });
      } else {
        for (const c of mr.subregions) stack.push({ kind: 'enter', mr: c, base, cs, ce });
      }
    }
    return result ?? merge(ivs);
  }
}

/** Limits sorted intervals to [from, limit) (a container clips what it renders to [0, its size)). */
export function clip(ivs: readonly Iv[], limit: bigint, from = 0n): Iv[] {
  const out: Iv[] = [];
  for (const iv of ivs) {
    const s = iv.s > from ? iv.s : from;
    const e = iv.e < limit ? iv.e : limit;
    if (s < e) out.push(s === iv.s && e === iv.e ? iv : { s, e });
  }
  return out;
}
