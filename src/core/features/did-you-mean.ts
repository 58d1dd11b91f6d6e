import type { Issue } from '../model/issues';
import { spanKey } from '../model/span';
import type { LayoutFile, RefNode, RegionDecl } from '../layout/ast';
import { attrOf } from '../layout/ast';
import { allRegions } from '../layout/build';
import { layoutName } from '../layout/names';
import type { RenderedBy } from './cycle-targets';
import { NameIndex } from './suggest-names';
import type { CodeActionData } from './actions';

/** Suggestions per unknown name. */
const MAX_SUGGESTIONS = 3;

/**
 * "Did you mean" fixes for unknown targets and roots (LC001): the declared names (or `$id`s) nearest to
 * the one written by a bounded edit distance, leaving out those that would close an alias cycle; the
 * nearest is preferred. Built once per analysis (DocumentIndex.didYouMean).
 */
export class DidYouMean {
  private readonly refs = new Map<string, { ref: RefNode; from: RegionDecl | undefined }>();
  private readonly names: NameIndex;
  private readonly ids: NameIndex;

  constructor(file: LayoutFile, private readonly rendered: RenderedBy) {
    const regions = allRegions(file);
    for (const r of regions) {
      const t = attrOf(r, 'target');
      if (t?.ref) this.refs.set(spanKey(t.ref.span), { ref: t.ref, from: r });
    }
    for (const item of file.items) if (item.type === 'space' && item.root) this.refs.set(spanKey(item.root.span), { ref: item.root, from: undefined });
    this.names = new NameIndex(regions.map((r) => r.name.text));
    this.ids = new NameIndex(regions.flatMap((r) => (r.id ? [r.id.text] : [])));
  }

  /** True when the issue is about a target or root this can suggest names for. */
  covers(issue: Issue): boolean {
    return this.refs.has(spanKey(issue.span));
  }

  /** The fixes for one issue (none when it is not covered); each search is a pass over the names near in length. */
  fixes(issue: Issue): Omit<CodeActionData, 'issue'>[] {
    const at = this.refs.get(spanKey(issue.span));
    if (!at) return [];
    const byId = at.ref.byId;
    // The names that would close an alias cycle: walked for the first candidate near enough, if any.
    let bad: Set<string> | undefined;
    const cyclic = (name: string): boolean => (bad ??= at.from ? this.rendered.cycleNames(at.from, byId) : new Set()).has(name);
    const near = (byId ? this.ids : this.names).closest(at.ref.text, MAX_SUGGESTIONS, cyclic);
    return near.map((name, i) => {
      const text = byId ? '$' + name : layoutName(name);
      return { title: `Did you mean ${text}?`, code: issue.code, edits: [{ span: at.ref.span, text }], ...(i === 0 ? { preferred: true } : {}) };
    });
  }
}
