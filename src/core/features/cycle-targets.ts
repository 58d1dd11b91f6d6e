import type { LayoutFile, RegionDecl } from '../layout/ast';
import type { LayoutModel } from '../layout/build';
import { allRegions } from '../layout/build';

/** Who renders whom in a layout, backwards: each region's container, and the aliases that target it. Built once, linear. */
export class RenderedBy {
  private readonly parentOf = new Map<RegionDecl, RegionDecl>();
  private readonly aliasesOf = new Map<RegionDecl, RegionDecl[]>();

  constructor(file: LayoutFile, model: LayoutModel) {
    for (const r of allRegions(file)) {
      for (const c of r.children) this.parentOf.set(c, r);
      const target = model.mrOf.get(r)?.alias;
      const t = target ? model.declOf.get(target) : undefined;
      if (!t) continue;
      const list = this.aliasesOf.get(t);
      if (list) list.push(r);
      else this.aliasesOf.set(t, [r]);
    }
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
}

/** The regions `alias` may not target (see RenderedBy.cycleMakers). */
export function cycleMakers(file: LayoutFile, model: LayoutModel, alias: RegionDecl): Set<RegionDecl> {
  return new RenderedBy(file, model).cycleMakers(alias);
}
