import type { Span } from '../model/span';
import { spanContains } from '../model/span';
import type { RegionDecl } from '../layout/ast';
import { allRegions } from '../layout/build';
import type { DocumentIndex } from './locate';
import { layoutName } from '../layout/names';

/** A text replacement. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

/** The region declaration a rename at (line, col) is about: its name, or a reference to it. */
function renameTarget(index: DocumentIndex, line: number, col: number): { decl: RegionDecl; span: Span } | undefined {
  const layout = index.doc.layout;
  if (!layout) return undefined;
  for (const d of allRegions(layout.file)) {
    if (spanContains(d.name.span, line, col)) return { decl: d, span: d.name.span };
  }
  for (const l of index.at(line, col)) {
    if (l.kind !== 'target' || l.byId) continue;
    const mr = l.from?.alias ?? index.regionsNamed(l.name)[0];
    const decl = mr ? layout.model.declOf.get(mr) : undefined;
    if (decl) return { decl, span: l.span };
  }
  return undefined;
}

/** The span a rename would replace, or undefined when nothing there can be renamed. */
export function prepareRename(index: DocumentIndex, line: number, col: number): Span | undefined {
  return renameTarget(index, line, col)?.span;
}

/** Renames a layout region: its declaration, every alias target and address-space root that names it, and its RAMBlock. */
export function renameRegion(index: DocumentIndex, line: number, col: number, newName: string): TextEdit[] {
  const layout = index.doc.layout;
  const t = renameTarget(index, line, col);
  if (!layout || !t || newName.length === 0) return [];
  const text = layoutName(newName);
  const mr = layout.model.mrOf.get(t.decl);
  const edits: TextEdit[] = [{ span: t.decl.name.span, text }];
  for (const l of index.allOf('target')) {
    if (l.kind !== 'target' || l.byId || l.name !== t.decl.name.text) continue;
    // A reference follows the rename only if it resolves to this region (or to nothing else by that name).
    const resolved = l.from?.alias;
    if (resolved === undefined || resolved === mr) edits.push({ span: l.span, text });
  }
  // A RAMBlock belongs to the region of its name, so it follows too.
  for (const item of layout.file.items) {
    if (item.type === 'ramblock' && item.name.text === t.decl.name.text) edits.push({ span: item.name.span, text });
  }
  return edits;
}
