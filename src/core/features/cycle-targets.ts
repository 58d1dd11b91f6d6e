import type { LayoutFile, RegionDecl } from '../layout/ast';
import type { LayoutModel } from '../layout/build';
import { allRegions } from '../layout/build';
import { pushTo } from '../model/arrays';

/**
 * Who renders whom in a layout, backwards: each region's container, and the aliases that target it.
 * Built once per analysis (DocumentIndex.renderedBy), linear.
 */
export class RenderedBy {
  private readonly parentOf = new Map<RegionDecl, RegionDecl>();
  private readonly aliasesOf = new Map<RegionDecl, RegionDecl[]>();

  constructor(file: LayoutFile, model: LayoutModel) {
    for (const r of allRegions(file)) {
      for (const c of r.children) this.parentOf.set(c, r);
      const target = model.mrOf.get(r)?.alias;
      const t = target ? model.declOf.get(target) : undefined;
      if (t) pushTo(this.aliasesOf, t, r);
    }
  }

  /** The region whose body declares `r` (undefined at the top level). */
  containerOf(r: RegionDecl): RegionDecl | undefined {
    return this.parentOf.get(r);
  }

  /**
   * The regions an alias may not target because rendering them reaches the alias again (QEMU would
   * recurse forever): the alias itself, every container it sits in, and whatever shows one of those,
   * through subregions and other aliases. A walk backwards from the alias: linear in the regions.
   */
  cycleMakers(alias: RegionDecl): Set<RegionDecl> {
    const out = new Set<RegionDecl>([alias]);
    const todo = [alias];
    const visit = (r: RegionDecl | undefined): void => {
      if (r && !out.has(r)) {
        out.add(r);
        todo.push(r);
      }
    };
    while (todo.length > 0) {
      const r = todo.pop() as RegionDecl;
      visit(this.parentOf.get(r));
      for (const a of this.aliasesOf.get(r) ?? []) visit(a);
    }
    return out;
  }

  /** The names (or, `byId`, the `$id`s without the `$`) of cycleMakers(alias). */
  cycleNames(alias: RegionDecl, byId: boolean): Set<string> {
    const names = new Set<string>();
    for (const r of this.cycleMakers(alias)) {
      const n = byId ? r.id?.text : r.name.text;
      if (n !== undefined) names.add(n);
    }
    return names;
  }
}
