import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ReflattenRequest, WireModel, WireRegion } from '../../src/protocol';
import { CustomRequests } from '../../src/server/requests';
import { AnalysisStore } from '../../src/server/store';
import { FIXTURES } from '../shared/fixtures';

/** The x86_64 pc-4G capture: the region tree with disabled regions, its flat views and its RAMBlocks in one file. */
export const PC_4G = ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt'].map((f) => readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G', f), 'utf8')).join('\n');

/** What the server answers for one document, computed in-process (the client's pure modules are fed with it). */
export function serverAnswers(text: string, uri = 'file:///pc-4g.txt'): { model: WireModel; reflatten: ReflattenRequest.Result | null } {
  const doc = TextDocument.create(uri, 'plaintext', 1, text);
  const documents = { get: (u: string) => (u === uri ? doc : undefined) } as unknown as TextDocuments<TextDocument>;
  const requests = new CustomRequests(documents, new AnalysisStore());
  const model = requests.model({ uri });
  if (!model) throw new Error('no model');
  return { model, reflatten: requests.reflatten({ uri }) };
}

/** A hand-made region for small trees. */
export function region(name: string, start: string, size: string, extra: Partial<WireRegion> = {}): WireRegion {
  const end = '0x' + (BigInt(start) + BigInt(size) - 1n).toString(16);
  return { name, type: 'ram', start, end, size, priority: 0, enabled: true, visible: size, range: undefined, children: [], ...extra };
}

/** A one-line range. */
export function line(l: number, from: number, to: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line: l, character: from }, end: { line: l, character: to } };
}
