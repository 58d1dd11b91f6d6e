import type { Issue } from '../model/issues';
import { spanKey } from '../model/span';
import type { LayoutFile, RefNode, RegionDecl } from '../layout/ast';
import { attrOf } from '../layout/ast';
import type { LayoutModel } from '../layout/build';
import { allRegions } from '../layout/build';
import { layoutName } from '../layout/names';
import { RenderedBy } from './cycle-targets';
import { closestNames } from './suggest-names';
import type { CodeActionData } from './actions';

/** How many unknown names one request gets suggestions for (each costs a pass over the declared names). */
const MAX_FIXED = 50;
/** Suggestions per unknown name. */
const MAX_SUGGESTIONS = 3;

/**
 * "Did you mean" fixes for unknown targets and roots (LC001): the declared names (or `$id`s) nearest to
 * the one written by a bounded edit distance, leaving out those that would close an alias cycle; the
 * nearest is preferred. What every issue needs is built once, on the first one.
 */
export class DidYouMean {
  private readonly refs = new Map<string, { ref: RefNode; from: RegionDecl | undefined }>();
  private readonly regions: RegionDecl[];
  private readonly rendered: RenderedBy;
  private fixed = 0;

  constructor(file: LayoutFile, model: LayoutModel) {
    this.regions = allRegions(file);
    for (const r of this.regions) {
      const t = attrOf(r, 'target');
      if (t) this.refs.set(spanKey(t.ref.span), { ref: t.ref, from: r });
    }
    for (const item of file.items) if (item.type === 'space' && item.root) this.refs.set(spanKey(item.root.span), { ref: item.root, from: undefined });
    this.rendered = new RenderedBy(file, model);
  }

  fixes(issue: Issue): CodeActionData[] {
    const at = this.refs.get(spanKey(issue.span));
    if (!at || this.fixed >= MAX_FIXED) return [];
    this.fixed++;
    const nameOf = (r: RegionDecl): string | undefined => (at.ref.byId ? r.id?.text : r.name.text);
    // Nearest first among all names, then the cyclic ones dropped: the cycle walk only when there is a candidate.
    const near = closestNames(at.ref.text, this.names(nameOf), MAX_SUGGESTIONS * 2);
    if (near.length === 0) return [];
    const cyclic = at.from ? this.rendered.cycleMakers(at.from) : new Set<RegionDecl>();
    const bad = new Set<string>();
    for (const r of cyclic) {
      const n = nameOf(r);
      if (n !== undefined) bad.add(n);
    }
    return near.filter((n) => !bad.has(n)).slice(0, MAX_SUGGESTIONS).map((name, i) => {
      const text = at.ref.byId ? '$' + name : layoutName(name);
      return { title: `Did you mean ${text}?`, code: issue.code, edits: [{ span: at.ref.span, text }], ...(i === 0 ? { preferred: true } : {}) };
    });
  }

  private *names(nameOf: (r: RegionDecl) => string | undefined): Iterable<string> {
    for (const r of this.regions) {
      const n = nameOf(r);
      if (n !== undefined) yield n;
    }
  }
}
