/** The analysis store in process: a document's previous analysis is garbage while the next one is made. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fullGc } from '../../src/server/memory';
import type { Analysis } from '../../src/server/store';
import { AnalysisStore } from '../../src/server/store';

/** A weak reference to what `analyze` returns, made in a frame of its own so no local variable holds it. */
function weakly(analyze: () => Analysis | undefined): WeakRef<Analysis> {
  return new WeakRef(analyze() as Analysis);
}

const nextJob = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

for (const via of ['analyze', 'forRequest'] as const) {
  test(`${via}: the previous analysis can be collected while the next is made`, async () => {
    const probe: { previous?: WeakRef<Analysis> } = {};
    let survived: boolean | undefined;
    // The store reads its limit in the middle of making an analysis: look there whether the previous one is still reachable.
    const store = new AnalysisStore(() => {
      if (probe.previous) {
        fullGc();
        survived = probe.previous.deref() !== undefined;
      }
      return undefined;
    });
    let doc = TextDocument.create('file:///store.memlayout', 'memlayout', 1, 'ram r size 4K\n');
    const previous = weakly(() => store[via](doc));
    probe.previous = previous;
    // A WeakRef keeps its target alive until the job that made it ends.
    await nextJob();
    assert.ok(previous.deref(), 'the current analysis is kept');
    await nextJob();
    doc = TextDocument.update(doc, [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 12 } }, text: '8' }], 2);
    assert.equal(weakly(() => store[via](doc)).deref()?.version, 2);
    assert.equal(survived, false, 'the previous analysis was unreachable while the next was made');
  });
}

test('analyseText: the open document\'s own analysis when the text is the same, else one within the size limit', () => {
  const store = new AnalysisStore(() => ({ maxChars: 20, raise: 'qemuMemmap.server.maxFileSizeMB' }));
  const text = 'ram r size 4K\n';
  const open = TextDocument.create('file:///open.memlayout', 'memlayout', 1, text);
  assert.equal(store.analyseText(open, text).doc, store.analyze(open).doc);
  const other = store.analyseText(open, text + 'ram s size 4K\n').doc;
  assert.notEqual(other, store.analyze(open).doc);
  assert.deepEqual(other.issues.map((i) => i.code), ['CAP005']);
  assert.deepEqual(store.analyseText(undefined, text).doc.issues, []);
});
