import type * as vscode from 'vscode';
import type { ReflattenDocuments } from '../reflatten-documents';
import type { Services } from './services';
import { needDocument, targetDocument } from './services';

/**
 * `qemu-memmap.reflattenActive [uri]`: the document's FlatViews recomputed from its region tree, beside it,
 * with the differences from the captured flat view highlighted. Code lenses run it too (the client rewrites
 * the server's `qemu-memmap.reflatten`, which only returns data). Resolves to the reflattened document's editor.
 */
export async function reflattenActive(s: Services, documents: ReflattenDocuments, arg?: unknown): Promise<vscode.TextEditor | undefined> {
  const doc = await targetDocument(s, arg);
  if (!doc) {
    needDocument();
    return undefined;
  }
  return documents.show(doc.uri);
}
