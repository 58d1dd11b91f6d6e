// Reflatten from a bare `info mtree` (or `-D`) against QEMU's own `info mtree -f` of the same machine:
// every difference must be covered by a diagnostic naming the fact the text lacks (issue: no silent guess).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, captureToLayout, diffFlatViews, formatGpa2hva, gpa2hva, parseCapture, pathAt, pathRegions, rangeAt, regionNameOfBlock } from '../../../src/core';
import type { AnalyzedDocument, ComputedView, Issue, Mr } from '../../../src/core';
import { FIXTURES } from '../../shared/fixtures';

/** Diagnostics that name a fact the text leaves open: what an uncovered difference would lack. */
export const UNCERTAINTY_CODES: ReadonlySet<string> = new Set(['RF001', 'RF002', 'RF006', 'RF011']);

export interface BareResult {
  readonly views: number;
  readonly equalViews: number;
  /** Differing lines (either side) and those a diagnostic on a region of that range covers. */
  readonly lines: number;
  readonly covered: number;
  readonly silent: string[];
}

function rangeOfLine(line: string): [bigint, bigint] | undefined {
  const m = /^\s*([0-9a-f]{16})-([0-9a-f]{16}) \(prio [^)]*\): (.*?)(?: @[0-9a-f]{16})?$/.exec(line);
  return m ? [BigInt(`0x${m[1]}`), BigInt(`0x${m[2]}`)] : undefined;
}

/** Compares the views reflattened from `tree` (a fixture file name) with the machine's mtree-f.txt. */
export function bareReflatten(version: string, config: string, tree: 'mtree.txt' | 'mtree-D.txt'): BareResult {
  const dir = join(FIXTURES, version, config);
  const doc = analyzeDocument(readFileSync(join(dir, tree), 'utf8'));
  const real = parseCapture(readFileSync(join(dir, 'mtree-f.txt'), 'utf8')).sections.find((s) => s.kind === 'flatview');
  const views = real?.views ?? [];
  const diffs = diffFlatViews(doc.model?.views ?? [], views);
  const uncertain = doc.issues.filter((i) => UNCERTAINTY_CODES.has(i.code));
  const silent: string[] = [];
  let lines = 0;
  let covered = 0;
  for (const d of diffs) {
    const view = doc.model?.views.find((v) => v.spaces.map((s) => s.name).sort().join(', ') === d.key);
    for (const line of [...d.onlyComputed, ...d.onlyCaptured]) {
      const r = rangeOfLine(line);
      if (!r) continue; // the root line
      lines++;
      if (coveredBy(doc, view, r, line, uncertain)) covered++;
      else silent.push(`${d.key}: ${line.trim()}`);
    }
  }
  const keys = new Set(diffs.map((d) => d.key));
  return { views: views.length, equalViews: views.filter((v) => !keys.has(v.spaces.map((s) => s.name).sort().join(', '))).length, lines, covered, silent };
}

/**
 * True when an uncertainty diagnostic sits on the line of a region that renders at that range in the
 * engine's view (any region of its render path) or that QEMU's line names: a note on the tree as a whole
 * does not count.
 */
function coveredBy(doc: AnalyzedDocument, view: ComputedView | undefined, [start, end]: [bigint, bigint], line: string, uncertain: readonly Issue[]): boolean {
  const model = doc.model;
  if (!model) return false;
  const regions = new Set<Mr>();
  for (const at of [start, end]) {
    const r = view ? rangeAt(view, at) : undefined;
    if (r) for (const m of pathRegions(pathAt(r, at))) regions.add(m);
  }
  const name = / \): (.*?)(?: @[0-9a-f]{16})?$/.exec(line.replace(/\(prio [^)]*\)/, ' )'))?.[1];
  for (const mr of model.nameSpanOf.keys()) if (mr.name === name) regions.add(mr);
  const spans = new Set([...regions].map((m) => model.nameSpanOf.get(m)).filter((s) => s !== undefined).map((s) => `${s.line}:${s.col}`));
  return uncertain.some((i) => spans.has(`${i.span.line}:${i.span.col}`));
}

/**
 * For every probe of the machine's gpa2hva.txt, QEMU's answer and ours from `tree` (a tree of the machine:
 * mtree.txt, mtree-D.txt or the derived gdb-session.txt), info ramblock and one gpa2hva answer per RAMBlock.
 */
export function bareGpa2hva(version: string, config: string, tree: 'mtree.txt' | 'mtree-D.txt' | 'gdb-session.txt'): { qemu: string; ours: string; gpa: bigint }[] {
  const dir = join(FIXTURES, version, config);
  const text = readFileSync(join(dir, 'gpa2hva.txt'), 'utf8');
  const lines = text.split('\n');
  const answers = parseCapture(text).sections.flatMap((s) => (s.kind === 'gpa2hva' ? s.answers : []));
  const ramblock = readFileSync(join(dir, 'ramblock.txt'), 'utf8');
  const blocks = parseCapture(ramblock).sections.flatMap((s) => (s.kind === 'ramblock' ? s.blocks : []));
  // One answer per RAMBlock, as a user gives it: the host address of each block once.
  const given: string[] = [];
  for (const b of blocks) {
    const a = answers.find((x) => x.result.kind === 'hva' && x.result.region === regionNameOfBlock(b.name));
    if (a) given.push(`(qemu) gpa2hva 0x${a.gpa.toString(16)}`, lines[a.span.line] as string);
  }
  const doc = analyzeDocument(`${readFileSync(join(dir, tree), 'utf8')}\n${ramblock}\n${given.join('\n')}\n`);
  return answers.map((a) => ({ gpa: a.gpa, qemu: (lines[a.span.line] as string).trim(), ours: doc.model ? formatGpa2hva(gpa2hva(doc.model, a.gpa)) : '' }));
}

/** The views of the layout Convert writes from the tree, against the machine's mtree-f.txt: how many views differ. */
export function bareConvert(version: string, config: string, tree: 'mtree.txt' | 'mtree-D.txt'): { views: number; differing: string[] } {
  const dir = join(FIXTURES, version, config);
  const real = parseCapture(readFileSync(join(dir, 'mtree-f.txt'), 'utf8')).sections.find((s) => s.kind === 'flatview');
  const layout = captureToLayout(parseCapture(readFileSync(join(dir, tree), 'utf8')), { source: tree });
  const doc = analyzeDocument(layout?.text ?? '', 'layout');
  return { views: real?.views.length ?? 0, differing: diffFlatViews(doc.model?.views ?? [], real?.views ?? []).map((d) => d.key) };
}
