import { hex0x } from '../model/address';
import type { Issue } from '../model/issues';
import type { Span } from '../model/span';
import { spanKey } from '../model/span';
import type { AttrNode, RegionDecl } from '../layout/ast';
import { allRegions } from '../layout/build';
import type { DocumentIndex } from './locate';
import type { TextEdit } from './rename';
import { pushAll } from '../model/arrays';

/** A quick fix for a diagnostic: a title and the edits it makes. */
export interface CodeActionData {
  readonly title: string;
  readonly code: string;
  readonly edits: TextEdit[];
  readonly preferred?: boolean;
  /** The diagnostic it fixes. */
  readonly issue: Issue;
}

/** How many unknown names one request gets "did you mean" suggestions for (each costs a search of the names). */
const MAX_SUGGESTED = 50;

/** Where the header of a region ends (after its last attribute, before any `{`). */
function headerEnd(d: RegionDecl): Span {
  const last = d.attrs[d.attrs.length - 1]?.span ?? d.id?.span ?? d.name.span;
  return { line: last.endLine, col: last.endCol, endLine: last.endLine, endCol: last.endCol };
}

/** Sets (replacing or appending) an attribute written as `key value` on a region's header. */
function setAttr(d: RegionDecl, key: AttrNode['key'], written: string): TextEdit {
  const existing = d.attrs.find((a) => a.key === key);
  return existing ? { span: existing.span, text: written } : { span: headerEnd(d), text: ' ' + written };
}

/**
 * Quick fixes for layout diagnostics: make an equal-priority overlap explicit (a priority, or `order`
 * on both), clip a region to its container, disable a wholly hidden region, drop an unknown attribute,
 * add a missing size, change an unknown target or root to the nearest declared name.
 */
export function codeActionsFor(index: DocumentIndex, issues: readonly Issue[]): CodeActionData[] {
  const layout = index.doc.layout;
  if (!layout) return [];
  const regions = allRegions(layout.file);
  // By name position, and each region's place among its siblings: looked up per issue, built once.
  const byStart = new Map<string, RegionDecl>();
  for (const r of regions) if (!byStart.has(spanKey(r.name.span))) byStart.set(spanKey(r.name.span), r);
  const declAt = (s: Span): RegionDecl | undefined => byStart.get(spanKey(s));
  const topLevel = layout.file.items.filter((i): i is RegionDecl => i.type === 'region');
  const indexAmongSiblings = new Map<RegionDecl, number>();
  for (const list of [topLevel, ...regions.map((r) => r.children)]) list.forEach((c, i) => indexAmongSiblings.set(c, i));
  const fixes: CodeActionData[] = [];
  let suggested = 0;
  for (const issue of issues) {
    const out: Omit<CodeActionData, 'issue'>[] = [];
    const d = declAt(issue.span);
    switch (issue.code) {
      case 'LY101': {
        const other = issue.related?.[0] ? declAt(issue.related[0].span) : undefined;
        if (!d || !other) break;
        const prio = d.attrs.find((a) => a.key === 'priority');
        const p = prio && prio.key === 'priority' && prio.value !== undefined ? prio.value : 0;
        out.push({ title: `Give ${d.name.text} priority ${p + 1} so it wins the overlap`, code: issue.code, edits: [setAttr(d, 'priority', `priority ${p + 1}`)] });
        const otherPrio = other.attrs.find((a) => a.key === 'priority');
        const op = otherPrio && otherPrio.key === 'priority' && otherPrio.value !== undefined ? otherPrio.value : 0;
        out.push({ title: `Give ${other.name.text} priority ${op + 1} so it wins the overlap`, code: issue.code, edits: [setAttr(other, 'priority', `priority ${op + 1}`)] });
        // Keep today's winner (the one added last) and say so with explicit insertion orders.
        const at = (r: RegionDecl): number => indexAmongSiblings.get(r) ?? -1;
        const [first, second] = at(d) < at(other) ? [d, other] : [other, d];
        out.push({ title: `State the insertion order (${second.name.text} added last, wins)`, code: issue.code, preferred: true, edits: [setAttr(first, 'order', `order ${at(first)}`), setAttr(second, 'order', `order ${at(second)}`)] });
        break;
      }
      case 'LY104': {
        const parent = d ? index.renderedBy()?.containerOf(d) : undefined;
        const mr = d ? layout.model.mrOf.get(d) : undefined;
        const pm = parent ? layout.model.mrOf.get(parent) : undefined;
        if (!d || !mr || !pm || mr.addr >= pm.size) break;
        out.push({ title: `Clip ${d.name.text} to its container (size ${hex0x(pm.size - mr.addr)})`, code: issue.code, preferred: true, edits: [setAttr(d, 'size', `size ${hex0x(pm.size - mr.addr)}`)] });
        break;
      }
      case 'LY103':
        if (d) out.push({ title: `Disable ${d.name.text} (it shows nowhere)`, code: issue.code, edits: [setAttr(d, 'disabled', 'disabled')] });
        break;
      case 'LP004':
        out.push({ title: `Remove "${issue.args.text ?? ''}"`, code: issue.code, preferred: true, edits: [{ span: { ...issue.span, col: Math.max(0, issue.span.col - 1) }, text: '' }] });
        break;
      case 'LC001': {
        const names = index.didYouMean();
        if (names?.covers(issue) && suggested < MAX_SUGGESTED) {
          suggested++;
          pushAll(out, names.fixes(issue));
        }
        break;
      }
      case 'LP009': {
        if (d) out.push({ title: `Add a size to ${d.name.text}`, code: issue.code, edits: [setAttr(d, 'size', 'size 4K')] });
        break;
      }
      default:
        break;
    }
    for (const x of out) fixes.push({ ...x, issue });
  }
  return fixes;
}
