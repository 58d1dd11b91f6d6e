import * as vscode from 'vscode';
import type { WireRange } from '../../protocol';
import { MapDataRequest } from '../../protocol';
import { revealRange } from '../editor';
import type { MapSource } from '../panels/map-panel';
import { registerMapSerializer, showMapPanel } from '../panels/map-panel';
import { spaceForItem } from '../spaces';
import { isTreeNode, spacesOf } from '../views/model-tree';
import type { Services } from './services';
import { modelOf, needDocument, targetDocument } from './services';

/** Where a document's map gets its data (in `fallback` when the webview names no space) and sends reveals. */
function mapSource(s: Services, doc: vscode.TextDocument, fallback: () => string | undefined): MapSource {
  const uri = doc.uri.toString();
  return {
    request: (space) => s.client.sendRequest<MapDataRequest.Result | null>(MapDataRequest.method, { uri, space: space ?? fallback() } satisfies MapDataRequest.Params),
    reveal: (range: WireRange) => {
      revealRange(doc.uri, range, false).then(undefined, (e: unknown) => s.output.appendLine(`Could not reveal a range of ${uri}: ${String(e)}`));
    },
  };
}

/** `qemu-memmap.showMap [uri] [space]`: opens the memory-map panel of a document, in the given address space or its current one. */
export async function showMap(s: Services, uriArg?: unknown, spaceArg?: unknown): Promise<void> {
  // From a tree item: the document the views show, in the item's address space.
  const node = isTreeNode(uriArg) ? uriArg : undefined;
  const doc = await targetDocument(s, node ? undefined : uriArg);
  if (!doc) {
    needDocument();
    return;
  }
  const model = await modelOf(s, doc);
  const current = model && s.spaces.spaceFor(doc.uri, model);
  const space = typeof spaceArg === 'string' ? spaceArg : spaceForItem(node ? spacesOf(node) : [], current);
  const source = mapSource(s, doc, () => space);
  showMapPanel(s.context, source.request, source.reveal, space, doc.uri);
}

/** Restores the map panels open before a reload: their documents are opened again so the server has them. */
export function restoreMaps(s: Services): void {
  registerMapSerializer(s.context, async (uri) => {
    const doc = await vscode.workspace.openTextDocument(uri).then((d) => d, () => undefined);
    return doc && mapSource(s, doc, () => s.spaces.current());
  });
}
