// QEMU output read by the project's own parsers, for the capture scripts: the core bundled into
// dist/core.js by `npm run build` (scripts/build.mjs), so that the scripts read `info mtree -f` and
// `info ramblock` exactly as the extension, the server and the CLI do.

import * as fs from 'node:fs';

const coreModule = new URL('../dist/core.js', import.meta.url);
if (!fs.existsSync(coreModule)) {
  console.error('scripts: dist/core.js is missing: run `npm run build` first');
  process.exit(2);
}
const { parseCapture } = await import(coreModule.href);

/** The sections of `kind` the core finds in `text`. */
function sectionsOf(text, kind) {
  return parseCapture(text).sections.filter((s) => s.kind === kind);
}

/**
 * The FlatViews of `info mtree -f` text: [{ asNames, ranges: [{ start, end, type, name }] }], with
 * `end` inclusive and `name` the region's name (no `@offset`, no owner).
 */
export function flatViews(text) {
  return sectionsOf(text, 'flatview').flatMap((s) =>
    s.views.map((v) => ({
      asNames: v.spaces.map((sp) => sp.name),
      ranges: v.ranges.map((r) => ({ start: r.start, end: r.start + r.size - 1n, type: r.type, name: r.name })),
    })),
  );
}

/** The rows of `info ramblock` text: [{ name, offset, used, max }] (the name may be empty). */
export function ramblockRows(text) {
  return sectionsOf(text, 'ramblock').flatMap((s) => s.blocks.map((b) => ({ name: b.name, offset: b.offset, used: b.used, max: b.max })));
}

/**
 * Every region line of `info mtree` text (address-space trees and memory-region sections):
 * [{ name, start, end, priority, type, plain }], `end` inclusive; `plain` when the line is just
 * `START-END (prio P, TYPE): NAME` (no alias, not disabled, not nonvolatile).
 */
export function mtreeRegions(text) {
  const out = [];
  for (const s of sectionsOf(text, 'mtree')) {
    const stack = [...s.groups, ...s.regionSections].map((g) => g.root).filter(Boolean);
    while (stack.length) {
      const n = stack.pop();
      const plain = !n.alias && n.enabled && !n.nonvolatile;
      out.push({ name: n.name, start: n.start, end: n.start + n.size - 1n, priority: n.priority, type: n.type, plain });
      stack.push(...n.children);
    }
  }
  return out;
}
