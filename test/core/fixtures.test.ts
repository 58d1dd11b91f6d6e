import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCapture, toJsonData } from '../../src/core';
import type { Capture, MtreeSection, RegionNode } from '../../src/core';
import { FIXTURES, fixtureFiles, fixtureMachines } from '../shared/fixtures';
import { sectionsOf } from '../shared/helpers';

const files = fixtureFiles();
const update = process.env.UPDATE_GOLDEN === '1';
const GOLDEN_FILES = new Set(['mtree-o-D.txt', 'mtree-f-d-o.txt', 'ramblock.txt', 'gpa2hva.txt', 'trace.txt']);

/** Which section kinds each captured file must produce. */
function expectedKinds(file: string): string[] {
  if (file.startsWith('mtree-f')) return ['flatview'];
  if (file.startsWith('mtree')) return ['mtree'];
  if (file === 'ramblock.txt') return ['ramblock'];
  if (file === 'gpa2hva.txt') return ['gpa2hva'];
  if (file === 'trace.txt') return ['trace'];
  if (file === 'transcript.txt') return ['mtree', 'flatview', 'ramblock'];
  return [];
}

test('there are fixtures from two QEMU generations', () => {
  const versions = new Set(files.map((f) => f.version));
  assert.ok(versions.size >= 2, `versions: ${[...versions].join(', ')}`);
  assert.ok(fixtureMachines().length >= 16);
});

for (const f of files) {
  test(`${f.version}/${f.config}/${f.file} parses with no error and no unrecognised text`, () => {
    const c = parseCapture(f.text);
    // churn.txt and pci-setup.txt are the capture script's own logs: they hold QEMU output among notes.
    const notes = f.file === 'churn.txt' || f.file === 'pci-setup.txt';
    const bad = c.issues.filter((i) => i.severity === 'error' || (i.code === 'CAP001' && !notes));
    assert.deepEqual(bad.map((i) => `${i.span.line + 1}: ${i.code} ${i.message}`), []);
    const kinds = [...new Set(c.sections.map((s) => s.kind))];
    if (notes) return;
    assert.deepEqual(kinds, expectedKinds(f.file));
  });

  // Golden models for the files that print the most (the others are checked against these below).
  if (!GOLDEN_FILES.has(f.file)) continue;
  test(`${f.version}/${f.config}/${f.file} matches its golden model`, () => {
    const golden = join(FIXTURES, 'golden', f.version, f.config, f.file.replace(/\.txt$/, '.json'));
    const actual = JSON.stringify(toJsonData(parseCapture(f.text)), null, 1) + '\n';
    if (update || !existsSync(golden)) {
      assert.ok(update, `missing golden file ${golden}: run npm run update-golden`);
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, actual);
      return;
    }
    assert.equal(actual, readFileSync(golden, 'utf8'));
  });
}

/** A tree reduced to what both flag sets print: name, range, type, alias, hidden-parent count. */
function shape(n: RegionNode, hiddenAbove: number): string[] {
  if (n.notPrinted) return [`${n.name} (not printed)`, ...n.children.flatMap((c) => shape(c, 0))];
  const line = `${' '.repeat(hiddenAbove)}${n.name} ${n.start.toString(16)}+${n.size.toString(16)} ${n.type} ${n.priority} ${n.alias ? `@${n.alias.target}:${n.alias.offset.toString(16)}` : ''}`;
  return [line, ...n.children.flatMap((c) => shape(c, 0))];
}

/** The -D tree with disabled regions removed and their children lifted, counting the levels lost. */
function withoutDisabled(n: RegionNode, lost: number, isRoot = false): { node: RegionNode; hidden: number }[] {
  if (!n.enabled && isRoot) {
    // A disabled root is not printed; the plain tree stands in for it with a placeholder.
    const children = n.children.flatMap((c) => withoutDisabled(c, 0)).map((x) => ({ ...x.node, hiddenParents: x.hidden }));
    return [{ node: { ...n, notPrinted: true, children }, hidden: 0 }];
  }
  if (!n.enabled) return n.children.flatMap((c) => withoutDisabled(c, lost + 1));
  const children = n.children.flatMap((c) => withoutDisabled(c, 0)).map((x) => ({ ...x.node, hiddenParents: x.hidden }));
  return [{ node: { ...n, children }, hidden: lost }];
}

function treesByName(c: Capture): Map<string, string[]> {
  const mt = sectionsOf(c, 'mtree')[0] as MtreeSection;
  const out = new Map<string, string[]>();
  for (const g of mt.groups) if (g.root) out.set('as:' + g.spaces.map((s) => s.name).join(','), shape(g.root, 0).concat(hiddenList(g.root)));
  for (const s of mt.regionSections) if (s.root) out.set('mr:' + s.name, shape(s.root, 0).concat(hiddenList(s.root)));
  return out;
}

function hiddenList(n: RegionNode): string[] {
  return n.children.flatMap((c) => [`${c.name}:${c.hiddenParents}`, ...hiddenList(c)]);
}

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the plain tree is the -D tree without disabled regions (hidden parents counted)`, () => {
    const read = (file: string): Capture => parseCapture(readFileSync(join(FIXTURES, version, config, file), 'utf8'));
    const plain = read('mtree.txt');
    const all = read('mtree-D.txt');
    const mt = sectionsOf(all, 'mtree')[0] as MtreeSection;
    const reduced: Capture = {
      ...all,
      sections: [{
        ...mt,
        groups: mt.groups.map((g) => ({ ...g, root: g.root ? withoutDisabled(g.root, 0, true)[0]?.node : undefined })),
        regionSections: mt.regionSections.map((s) => ({ ...s, root: s.root ? withoutDisabled(s.root, 0, true)[0]?.node : undefined })),
      }],
    };
    const expected = treesByName(reduced);
    const actual = treesByName(plain);
    for (const [key, lines] of actual) assert.deepEqual(lines, expected.get(key), key);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].filter((k) => actual.has(k) || (expected.get(k)?.length ?? 0) > 0).sort());
  });

  test(`${version}/${config}: -o and -f -d add owners and dispatch without changing the rest`, () => {
    const read = (file: string): Capture => parseCapture(readFileSync(join(FIXTURES, version, config, file), 'utf8'));
    assert.deepEqual([...treesByName(read('mtree-o.txt')).entries()].sort(), [...treesByName(read('mtree.txt')).entries()].sort());
    const ranges = (file: string): string[] =>
      sectionsOf(read(file), 'flatview')[0]?.views.flatMap((v) => v.ranges.map((r) => `${v.spaces.map((s) => s.name).join(',')} ${r.start}-${r.size} ${r.name} ${r.offset} ${r.type}`)).sort() ?? [];
    assert.deepEqual(ranges('mtree-f-d.txt'), ranges('mtree-f.txt'));
    assert.deepEqual(ranges('mtree-f-d-o.txt'), ranges('mtree-f-o.txt'));
    assert.deepEqual(ranges('mtree-f-o.txt'), ranges('mtree-f.txt'));
    const views = sectionsOf(read('mtree-f-d.txt'), 'flatview')[0]?.views ?? [];
    for (const v of views) assert.equal(v.dispatch !== undefined, !v.unrendered, `view #${v.number} dispatch`);
  });
}
