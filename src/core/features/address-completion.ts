import { compareBigint, formatSize, hex0x } from '../model/address';
import type { LayoutFile, RegionDecl } from '../layout/ast';
import { allRegions } from '../layout/build';
import type { CompletionItemData } from './completion';
import type { DocumentIndex } from './locate';

const MAX_ITEMS = 20;

/** The region declared on a line (the last one starting at or before col when several share it). */
export function regionOnLine(file: LayoutFile, line: number, col: number): RegionDecl | undefined {
  let found: RegionDecl | undefined;
  for (const r of allRegions(file)) if (r.keywordSpan.line === line && r.keywordSpan.col <= col) found = r;
  return found;
}

/** The region a line sits in: the container of the one declared on it, else the innermost one whose body holds it. */
function containerAt(index: DocumentIndex, file: LayoutFile, line: number, col: number): { self: RegionDecl | undefined; parent: RegionDecl | undefined } {
  const self = regionOnLine(file, line, col);
  if (self) return { self, parent: index.renderedBy()?.containerOf(self) };
  let body: RegionDecl | undefined;
  // Parents come first, so the last match is the innermost.
  for (const r of allRegions(file)) if (r.span.line < line && r.span.endLine >= line) body = r;
  return { self: undefined, parent: body };
}

/**
 * Addresses after `@`: the start of the container and the end of each sibling, where no sibling lies,
 * each with the room free from there (up to the next sibling or the container's end); ascending, at most
 * 20. Sorting once keeps it O(n log n) in the siblings.
 */
export function addressCompletions(index: DocumentIndex, line: number, col: number): CompletionItemData[] {
  const layout = index.doc.layout;
  if (!layout) return [];
  const { self, parent } = containerAt(index, layout.file, line, col);
  const pm = parent ? layout.model.mrOf.get(parent) : undefined;
  if (!parent || !pm) return [];
  const siblings = parent.children
    .filter((c) => c !== self)
    .map((c) => ({ decl: c, mr: layout.model.mrOf.get(c) }))
    .filter((s): s is { decl: RegionDecl; mr: NonNullable<typeof s.mr> } => s.mr !== undefined && s.mr.size > 0n)
    .map((s) => ({ name: s.decl.name.text, start: s.mr.addr, end: s.mr.addr + s.mr.size }))
    .sort((a, b) => compareBigint(a.start, b.start));
  const points = [{ at: 0n, after: undefined as string | undefined }, ...siblings.map((s) => ({ at: s.end, after: s.name }))]
    .sort((a, b) => compareBigint(a.at, b.at));
  const out: CompletionItemData[] = [];
  // Sweep: `next` is the first sibling starting above the point; `reach` the furthest end of those before.
  let next = 0;
  let reach = -1n;
  let last: bigint | undefined;
  for (const p of points) {
    if (out.length >= MAX_ITEMS || p.at >= pm.size) break;
    for (let s = siblings[next]; s && s.start <= p.at; s = siblings[++next]) if (s.end > reach) reach = s.end;
    if (reach > p.at || p.at === last) continue;
    last = p.at;
    const limit = siblings[next]?.start ?? pm.size;
    out.push({
      label: hex0x(p.at),
      kind: 'address',
      detail: `${formatSize(limit - p.at)} free ${p.after !== undefined ? `after ${p.after}` : `at the start of ${parent.name.text}`}`,
      sort: String(out.length).padStart(3, '0'),
    });
  }
  return out;
}
