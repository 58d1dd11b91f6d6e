import type { Span } from '../model/span';
import { blocksOfRegion, rangeAt, regionNameOfBlock } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import type { ComputedView } from '../engine/views';
import { spacesKey } from '../engine/views';
import type { FlatViewBlock } from '../model/capture';
import type { DocumentIndex, Located } from './locate';

/** The computed view serving the same address spaces as a captured one. */
function computedFor(views: readonly ComputedView[], block: FlatViewBlock): ComputedView | undefined {
  const key = spacesKey(block.spaces);
  return views.find((v) => spacesKey(v.spaces) === key);
}

/** The region a located element stands for (a declaration, an alias's target, a flat range's region, a block's region). */
export function regionOf(index: DocumentIndex, l: Located): Mr | undefined {
  const model = index.doc.model;
  if (!model) return undefined;
  switch (l.kind) {
    case 'region':
      return l.mr;
    case 'target':
      return l.from?.alias ?? index.regionsNamed(l.name).find((m) => !m.alias);
    case 'flat-range': {
      const view = computedFor(model.views, l.view);
      return view ? rangeAt(view, l.range.start)?.mr : undefined;
    }
    case 'ramblock': {
      return index.regionsNamed(regionNameOfBlock(l.row.name)).find((m) => !m.alias && m.kind !== 'container');
    }
    default:
      return undefined;
  }
}

/**
 * Go to definition: an alias target or a flat range goes to the region's line (a memory-region:
 * section for alias targets), a region goes to its RAMBlock row, a RAMBlock row to its region, an
 * address space in a flat view to its tree header.
 */
export function definitionAt(index: DocumentIndex, line: number, col: number): Span[] {
  const model = index.doc.model;
  const l = index.at(line, col)[0];
  if (!l || !model) return [];
  if (l.kind === 'region') {
    const rows = l.mr ? blocksOfRegion(model, l.mr.name) : [];
    if (l.mr && !l.mr.alias && rows.length > 0) return rows.map((r) => r.nameSpan);
    const target = l.mr?.alias;
    const span = target ? model.nameSpanOf.get(target) : undefined;
    return span ? [span] : [];
  }
  if (l.kind === 'pointer') {
    // An address space's pointer leads to the dump of what it points at; a dump's pointer to the address spaces naming it.
    const wanted = ({ root: 'tree-dump', view: 'view-dump', 'tree-dump': 'root', 'view-dump': 'view' } as const)[l.role];
    return samePointer(index, l.value).filter((p) => p.role === wanted).map((p) => p.span);
  }
  if (l.kind === 'space') {
    return index.allOf('space').filter((s) => s.kind === 'space' && s.name === l.name && !(s.span.line === l.span.line && s.span.col === l.span.col)).map((s) => s.span).slice(0, 1);
  }
  const mr = regionOf(index, l);
  const span = mr ? model.nameSpanOf.get(mr) : undefined;
  return span ? [span] : [];
}

/** Every gdb pointer of that value in the document. */
function samePointer(index: DocumentIndex, value: bigint): Extract<Located, { kind: 'pointer' }>[] {
  return index.allOf('pointer').filter((p): p is Extract<Located, { kind: 'pointer' }> => p.kind === 'pointer' && p.value === value);
}

/** Find references: every place that names the region under the cursor (declaration included when asked). */
export function referencesAt(index: DocumentIndex, line: number, col: number, includeDeclaration: boolean): Span[] {
  const model = index.doc.model;
  const l = index.at(line, col)[0];
  if (!l || !model) return [];
  if (l.kind === 'pointer') {
    // The pointer under the cursor is the declaration when it is a dump's argument.
    return samePointer(index, l.value).filter((p) => includeDeclaration || p.span !== l.span).map((p) => p.span);
  }
  const mr = l.kind === 'region' ? l.mr : regionOf(index, l);
  if (!mr) return [];
  const out: Span[] = [];
  const decl = model.nameSpanOf.get(mr);
  if (includeDeclaration && decl) out.push(decl);
  for (const other of index.allOf('target', 'flat-range', 'ramblock')) {
    if (regionOf(index, other) === mr) out.push(other.span);
  }
  return out;
}
