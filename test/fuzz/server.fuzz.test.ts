/**
 * The language server process (dist/server.js over stdio) fed mutated documents under every language id,
 * full and incremental changes with ranges past the end, and every request at random positions, some
 * with malformed parameters: it answers each one (a result or an error response) and stays alive.
 * Seeded (see seed.ts). Needs `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MapDataRequest, ModelRequest, ReflattenCommand, ReflattenRequest, TranslateRequest } from '../../src/protocol';
import { TestClient } from '../server/client';
import { captureSamples, layoutSamples } from './corpus';
import { applyMutations, mutations } from './mutate';
import { fuzzParams } from './seed';

const docs = [...captureSamples(), ...layoutSamples()].map((s) => s.text).sort((a, b) => a.length - b.length);
const small = docs.slice(0, Math.ceil(docs.length / 2));

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start({ debounceMs: 0 });
});

after(async () => {
  if (client.proc.exitCode === null) assert.equal(await client.stop(), 0);
});

const position = fc.record({ line: fc.oneof(fc.nat({ max: 400 }), fc.constantFrom(-1, 2 ** 31 - 1)), character: fc.oneof(fc.nat({ max: 200 }), fc.constantFrom(-1, 2 ** 31 - 1)) });
const range = fc.record({ start: position, end: position });

/** A request of every kind the server offers, on `uri`. */
function requestFor(uri: string): fc.Arbitrary<[string, unknown]> {
  const textDocument = { uri };
  return fc.oneof(
    position.map((p): [string, unknown] => ['textDocument/hover', { textDocument, position: p }]),
    position.map((p): [string, unknown] => ['textDocument/definition', { textDocument, position: p }]),
    position.map((p): [string, unknown] => ['textDocument/references', { textDocument, position: p, context: { includeDeclaration: true } }]),
    position.map((p): [string, unknown] => ['textDocument/completion', { textDocument, position: p }]),
    position.map((p): [string, unknown] => ['textDocument/prepareRename', { textDocument, position: p }]),
    fc.tuple(position, fc.string({ maxLength: 12 })).map(([p, newName]): [string, unknown] => ['textDocument/rename', { textDocument, position: p, newName }]),
    range.map((r): [string, unknown] => ['textDocument/inlayHint', { textDocument, range: r }]),
    range.map((r): [string, unknown] => ['textDocument/codeAction', { textDocument, range: r, context: { diagnostics: [] } }]),
    fc.constantFrom<[string, unknown]>(
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/foldingRange', { textDocument }],
      ['textDocument/semanticTokens/full', { textDocument }],
      ['textDocument/codeLens', { textDocument }],
      ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
      [ModelRequest.method, { uri }],
      [ReflattenRequest.method, { uri }],
      [MapDataRequest.method, { uri }],
      [MapDataRequest.method, { uri, space: 'I/O' }],
      ['workspace/executeCommand', { command: ReflattenCommand, arguments: [uri] }],
      ['workspace/executeCommand', { command: ReflattenCommand, arguments: [42] }],
      // Malformed: the server may refuse, but must answer and live on.
      ['textDocument/hover', { textDocument }],
      ['textDocument/hover', {}],
      [MapDataRequest.method, {}],
    ),
    fc.tuple(fc.constantFrom('gpa2hva', 'hva2gpa', 'why'), fc.oneof(fc.constantFrom('0x1000', '0', '0xffffffffffffffff', '0x10000000000000000', 'junk', ''), fc.bigInt({ min: 0n, max: 1n << 70n }).map((v) => '0x' + v.toString(16))))
      .map(([direction, address]): [string, unknown] => [TranslateRequest.method, { uri, direction, address }]),
  );
}

type Step =
  | { readonly kind: 'full'; readonly muts: Parameters<typeof applyMutations>[1] }
  | { readonly kind: 'incremental'; readonly range: { start: { line: number; character: number }; end: { line: number; character: number } }; readonly text: string }
  | { readonly kind: 'request'; readonly n: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  mutations.map((muts): Step => ({ kind: 'full', muts })),
  fc.record({ kind: fc.constant('incremental' as const), range: fc.record({ start: fc.record({ line: fc.nat({ max: 300 }), character: fc.nat({ max: 300 }) }), end: fc.record({ line: fc.nat({ max: 300 }), character: fc.nat({ max: 300 }) }) }), text: fc.string({ unit: 'binary', maxLength: 30 }) }),
  { weight: 3, arbitrary: fc.nat().map((n): Step => ({ kind: 'request', n })) },
);

let nextUri = 0;

test('the server answers every request and stays alive through fuzzed documents and edits', { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: small.length - 1 }), mutations, fc.constantFrom('plaintext', 'qemu-capture', 'memlayout', 'c'), fc.array(step, { minLength: 1, maxLength: 12 }), async (which, muts, languageId, steps) => {
      const uri = `file:///fuzz/doc${nextUri++}.txt`;
      const base = small[which] as string;
      let version = 1;
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text: applyMutations(base, muts) } });
      const requests = requestFor(uri);
      for (const s of steps) {
        if (s.kind === 'full') {
          await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: applyMutations(base, s.muts) }] });
        } else if (s.kind === 'incremental') {
          await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: s.range, text: s.text }] });
        } else {
          const [[method, params]] = fc.sample(requests, { seed: s.n, numRuns: 1 }) as [[string, unknown]];
          // Well-formed requests get results; malformed ones may get an error response. Either way an answer.
          const malformed = typeof params !== 'object' || params === null || !('textDocument' in params || 'uri' in params || 'command' in params) || (method === 'textDocument/hover' && !('position' in params));
          await client.request(method, params).catch((e: unknown) => assert.ok(malformed, `${method} ${JSON.stringify(params)}: ${String(e)}`));
        }
      }
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.equal(client.proc.exitCode, null, `server alive (stderr: ${client.stderr.slice(-500)})`);
    }),
    fuzzParams(1),
  );
  // Still answering normally afterwards.
  const diagnostics = await client.open('file:///fuzz/after.memlayout', 'ram r size 4K\naddress-space m root r\n', 'memlayout');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
});
