import assert from 'node:assert/strict';
import { allRegions, buildLayout, parseLayout } from '../../../src/core';
import type { AttrNode, Mr, RegionDecl } from '../../../src/core';
import { formatLayout } from '../../../src/core/layout/format';

// What the formatter must keep (a layout's meaning) and the checks every formatted text must pass.

const ATTR_ORDER: readonly AttrNode['key'][] = ['at', 'size', 'target', 'offset', 'priority', 'order', 'readonly', 'nonvolatile', 'romd', 'disabled'];

function attrValue(a: AttrNode): unknown {
  switch (a.key) {
    case 'at':
    case 'size':
    case 'offset':
      return a.expr.value;
    case 'priority':
    case 'order':
      return a.value;
    case 'target':
      return a.ref ? [a.ref.byId, a.ref.text] : undefined;
    default:
      return true;
  }
}

/**
 * What a layout means, in plain data: every declaration (attributes in canonical order, so only order
 * within a key counts) and the built model (regions with their links, spaces, the ram_list, check issues).
 */
export function meaning(text: string): unknown {
  const { file, issues } = parseLayout(text);
  assert.deepEqual(issues, [], 'the text must parse without errors');
  const model = buildLayout(file);
  const regions = allRegions(file);
  const index = new Map<Mr, number>();
  regions.forEach((r, i) => index.set(model.mrOf.get(r) as Mr, i));
  const decl = (r: RegionDecl): unknown => {
    const attrs = ATTR_ORDER.flatMap((k) => r.attrs.filter((a) => a.key === k).map((a) => [a.key, attrValue(a)]));
    return [r.keyword, r.name.text, r.id?.text, r.depth, r.children.length, attrs];
  };
  return {
    decls: regions.map(decl),
    regions: regions.map((r) => {
      const mr = model.mrOf.get(r) as Mr;
      return [mr.name, mr.kind, mr.addr, mr.size, mr.priority, mr.enabled, mr.readonly, mr.nonvolatile, mr.romd, mr.aliasOffset,
        mr.alias ? index.get(mr.alias) : undefined, mr.subregions.map((s) => index.get(s))];
    }),
    spaces: model.machine.spaces.map((s) => [s.name, s.root ? index.get(s.root) : undefined]),
    items: file.items.map((i) => (i.type === 'region' ? ['region', regions.indexOf(i)] : i.type === 'space' ? ['space', i.name.text, i.root?.byId, i.root?.text]
      : ['ramblock', i.name.text, i.resizeable, ['size', 'max', 'page', 'host', 'offset'].flatMap((k) => i.fields.filter((f) => f.key === k).map((f) => [k, f.expr.value]))])),
    ramList: model.ramList.blocks,
    blocks: model.blocks.map((b) => [b.name, b.offset, b.used, b.max, b.pageSize, b.hva]),
    bases: [...model.bases].map(([k, v]) => [k, v.base]),
    // Reordered attributes report their check issues in another order: compare them as a multiset.
    issues: model.issues.map((i) => `${i.code}: ${i.message}`).sort(),
    comments: file.comments.map((c) => c.text.trimEnd()),
  };
}

/** Formats, then checks that the result is a fixed point and means what the input meant. */
export function checkFormat(text: string): string {
  const out = formatLayout(text);
  assert.notEqual(out, undefined, 'the input must format');
  const formatted = out as string;
  assert.equal(formatLayout(formatted), formatted, 'formatting twice changes nothing');
  assert.deepEqual(meaning(formatted), meaning(text), 'formatting keeps the meaning');
  if (formatted !== '') assert.ok(formatted.endsWith('\n') && !formatted.endsWith('\n\n'), 'exactly one final newline');
  assert.ok(!/[ \t]$/m.test(formatted), 'no trailing white space');
  return formatted;
}
