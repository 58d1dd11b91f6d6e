import type { Issue } from '../model/issues';
import { spanKey } from '../model/span';
import type { LayoutFile, RefNode, RegionDecl } from '../layout/ast';
import { attrOf } from '../layout/ast';
import type { LayoutModel } from '../layout/build';
import { allRegions } from '../layout/build';
import { layoutName } from '../layout/names';
import { RenderedBy } from './cycle-targets';
import { NameIndex } from './suggest-names';
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
  private readonly rendered: RenderedBy;
  private readonly names: NameIndex;
  private readonly ids: NameIndex;
  private fixed = 0;

  constructor(file: LayoutFile, model: LayoutModel) {
    const regions = allRegions(file);
    for (const r of regions) {
      const t = attrOf(r, 'target');
      if (t) this.refs.set(spanKey(t.ref.span), { ref: t.ref, from: r });
    }
    for (const item of file.items) if (item.type === 'space' && item.root) this.refs.set(spanKey(item.root.span), { ref: item.root, from: undefined });
    this.rendered = new RenderedBy(file, model);
    this.names = new NameIndex(regions.map((r) => r.name.text));
    this.ids = new NameIndex(regions.flatMap((r) => (r.id ? [r.id.text] : [])));
  }

  fixes(issue: Issue): CodeActionData[] {
    const at = this.refs.get(spanKey(issue.span));
    if (!at || this.fixed >= MAX_FIXED) return [];
    this.fixed++;
    const byId = at.ref.byId;
    // The names that would close an alias cycle: walked for the first candidate near enough, if any.
    let bad: Set<string> | undefined;
    const cyclic = (name: string): boolean => {
      if (!bad) {
        bad = new Set();
        for (const r of at.from ? this.rendered.cycleMakers(at.from) : []) {
          const n = byId ? r.id?.text : r.name.text;
          if (n !== undefined) bad.add(n);
        }
      }
      return bad.has(name);
    };
    const near = (byId ? this.ids : this.names).closest(at.ref.text, MAX_SUGGESTIONS, cyclic);
    return near.map((name, i) => {
      const text = byId ? '$' + name : layoutName(name);
      return { title: `Did you mean ${text}?`, code: issue.code, edits: [{ span: at.ref.span, text }], ...(i === 0 ? { preferred: true } : {}) };
    });
  }
}
