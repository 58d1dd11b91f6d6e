#!/usr/bin/env node
// Generate src/core/knowledge/regions-data.ts: every memory_region_init*() call of QEMU's C sources,
// for each QEMU version fetched by scripts/qemu-source.sh, reduced to (name or name pattern,
// constructor kind, read-only / disabled facts) with one representative file:line per version.
//
//   bash scripts/qemu-source.sh && node scripts/gen-region-knowledge.mjs [SOURCE_DIR]
//
// SOURCE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/qemu-memmap/qemu-src) holds one folder per
// Debian version, each with one unpacked tree (a folder with a VERSION file). See docs/knowledge-base.md.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceTree } from './region-knowledge/scan.mjs';
import { encodeData, isGeneric, isPattern } from './region-knowledge/encode.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(repo, 'src', 'core', 'knowledge', 'regions-data.ts');
const srcRoot = process.argv[2]
  ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qemu-memmap', 'qemu-src');

/** [{ label: '7.2', version: '7.2.22', debian, origin, tree }] sorted by version. */
function findTrees() {
  if (!existsSync(srcRoot)) throw new Error(`${srcRoot} does not exist: run bash scripts/qemu-source.sh first`);
  const trees = [];
  for (const debian of readdirSync(srcRoot).filter((d) => !d.startsWith('.')).sort()) {
    const dir = join(srcRoot, debian);
    const sub = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'VERSION')));
    if (sub.length !== 1) continue;
    const tree = join(dir, sub[0].name);
    const version = readFileSync(join(tree, 'VERSION'), 'utf8').trim();
    const label = version.split('.').slice(0, 2).join('.');
    const originFile = join(dir, '.origin');
    const origin = existsSync(originFile) ? readFileSync(originFile, 'utf8').trim() : `Debian ${debian}`;
    trees.push({ label, version, debian, origin, tree });
  }
  trees.sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
  const labels = trees.map((t) => t.label);
  if (new Set(labels).size !== labels.length) throw new Error(`two trees of one version in ${srcRoot}: ${labels.join(', ')}`);
  if (trees.length === 0) throw new Error(`no QEMU tree under ${srcRoot}: run bash scripts/qemu-source.sh first`);
  return trees;
}

function scanTree(t) {
  const tree = new SourceTree(t.tree);
  const stats = {
    calls: 0, exact: 0, patterns: 0, skipped: 0, reasons: new Map(), inMacro: 0, inConstructors: 0,
    otherHelpers: new Set(), readonly: 0, disabled: 0,
  };
  const records = new Map(); // JSON [pattern, kind, readonly, disabled] → { file, line, count }
  const skip = (reason) => { stats.skipped++; stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + 1); };
  for (const f of tree.cFiles) {
    for (const call of tree.scanFile(f, stats)) {
      stats.calls++;
      if (call.facts.readonly === true) stats.readonly++;
      if (call.facts.disabled) stats.disabled++;
      if (call.result.fail) { skip(call.result.fail); continue; }
      // A name with a line break (vfio-platform's "VFIO %s region %d\n") cannot be one line of info mtree.
      const oneLine = call.result.alts.filter((a) => !/[\n\r|]/.test(a));
      if (oneLine.length === 0) { skip('name with a line break'); continue; }
      const alts = oneLine.filter((a) => !isGeneric(a));
      if (alts.length === 0) { skip('pattern without enough literal text'); continue; }
      if (alts.some(isPattern)) stats.patterns++;
      else stats.exact++;
      for (const a of alts) {
        const key = JSON.stringify([a, call.kind, call.facts.readonly ?? null, call.facts.disabled ?? false]);
        const r = records.get(key);
        if (r) r.count++;
        else records.set(key, { file: f, line: call.line, count: 1 });
      }
    }
  }
  return { header: tree.header, ctors: [...tree.ctors.keys()], stats, records };
}

const started = Date.now();
const trees = findTrees();
const scans = trees.map((t) => ({ ...t, ...scanTree(t) }));
const text = encodeData(scans);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);

for (const s of scans) {
  const st = s.stats;
  const names = new Set();
  const patterns = new Set();
  for (const key of s.records.keys()) {
    const [p] = JSON.parse(key);
    (isPattern(p) ? patterns : names).add(p);
  }
  console.log(`QEMU ${s.version} (${s.origin}); constructors from ${s.header}: ${s.ctors.length}`);
  console.log(`  calls ${st.calls}: exact names ${st.exact}, patterns ${st.patterns}, skipped ${st.skipped}` +
    ` (not counted: ${st.inMacro} in macro bodies, ${st.inConstructors} in the constructors themselves)`);
  console.log(`  distinct: ${names.size} names, ${patterns.size} patterns; facts: read-only ${st.readonly}, disabled ${st.disabled}`);
  const reasons = [...st.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  console.log(`  skipped: ${reasons}`);
  if (st.otherHelpers.size) console.log(`  other memory_region_init* names seen (not constructors): ${[...st.otherHelpers].join(', ')}`);
}
console.log(`wrote ${OUT.slice(repo.length + 1)}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
