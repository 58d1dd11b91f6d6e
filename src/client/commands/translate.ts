import * as vscode from 'vscode';
import { TranslateRequest, Languages } from '../../protocol';
import { addressAt, parseAddress, toHex, validateAddress } from '../address';
import { baseName, revealRange, uriArgument } from '../editor';
import { spaceForItem } from '../spaces';
import type { TreeNode } from '../views/model-tree';
import { isTreeNode, spacesOf } from '../views/model-tree';
import type { Services } from './services';
import { modelOf, needDocument, targetDocument } from './services';

/** The three questions about an address. */
export type Direction = TranslateRequest.Params['direction'];

const TITLES: Record<Direction, string> = { gpa2hva: 'Translate GPA → HVA', hva2gpa: 'Translate HVA → GPA', why: 'Why This Region?' };
const PROMPTS: Record<Direction, string> = {
  gpa2hva: 'Guest physical address (0x… or decimal)',
  hva2gpa: 'Host virtual address (0x… or decimal)',
  why: 'Address in the address space (0x… or decimal): which regions cover it and which one wins',
};

/** The address and address spaces a tree node stands for (a region's or range's start, a block's HVA). */
function fromNode(node: TreeNode, direction: Direction): { address: string | undefined; spaces: string[] } {
  switch (node.kind) {
    case 'region':
      return { address: node.region.start, spaces: spacesOf(node) };
    case 'flatRange':
      return { address: node.flat.start, spaces: spacesOf(node) };
    case 'block':
      return { address: direction === 'hva2gpa' ? node.block.hva : undefined, spaces: [] };
    default:
      return { address: undefined, spaces: [] };
  }
}

/** The address under the cursor of the document's editor, to offer in the input box. */
function cursorAddress(doc: vscode.TextDocument): string | undefined {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (!editor) return undefined;
  const p = editor.selection.active;
  // Captures print addresses as bare hex; layouts write hex with 0x.
  return addressAt(doc.lineAt(p.line).text, p.character, doc.languageId !== Languages.layout);
}

/**
 * `qemu-memmap.gpa2hva` / `hva2gpa` / `why` with arguments [address or tree node, uri]: asks the server about
 * an address (typed, offered from the cursor, or a tree item's), shows the first line with "Copy" and "Reveal"
 * and the whole answer in the output. Resolves to the answer, or undefined when there is none.
 */
export async function translate(s: Services, direction: Direction, first?: unknown, second?: unknown): Promise<TranslateRequest.Result | undefined> {
  const node = isTreeNode(first) ? fromNode(first, direction) : undefined;
  const typed = typeof first === 'string' && parseAddress(first) !== undefined ? first : undefined;
  const doc = await targetDocument(s, second ?? (typed === undefined && !node ? uriArgument(first) : undefined));
  if (!doc) {
    needDocument();
    return undefined;
  }
  let text = typed ?? node?.address;
  if (text === undefined) {
    text = await vscode.window.showInputBox({ title: `QEMU Memory: ${TITLES[direction]}`, prompt: PROMPTS[direction], value: cursorAddress(doc), placeHolder: '0xfee00000', validateInput: validateAddress, ignoreFocusOut: true });
    if (text === undefined) return undefined;
  }
  const value = parseAddress(text);
  if (value === undefined) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${validateAddress(text) ?? 'not an address'}`);
    return undefined;
  }
  const model = direction === 'hva2gpa' ? undefined : await modelOf(s, doc);
  const current = model && s.spaces.spaceFor(doc.uri, model);
  const space = spaceForItem(node?.spaces ?? [], current);
  const params: TranslateRequest.Params = { uri: doc.uri.toString(), direction, address: toHex(value), ...(space !== undefined && direction !== 'hva2gpa' ? { space } : {}) };
  const result = await s.client.sendRequest<TranslateRequest.Result | null>(TranslateRequest.method, params);
  if (!result) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${baseName(doc.uri)} holds no memory model to answer from.`);
    return undefined;
  }
  present(s, doc.uri, direction, toHex(value), result);
  return result;
}

/** The answer's first line as a notification (with Copy and Reveal), the whole of it in the output. */
function present(s: Services, uri: vscode.Uri, direction: Direction, address: string, result: TranslateRequest.Result): void {
  s.output.appendLine(`— ${TITLES[direction]} ${address} (${baseName(uri)})`);
  s.output.appendLine(result.text);
  s.output.appendLine('');
  const lines = result.text.split('\n');
  const summary = lines.length > 1 ? `${lines[0] ?? ''} (full answer in the QEMU Memory Map output)` : result.text;
  const actions = ['Copy', ...(result.range ? ['Reveal'] : []), direction === 'why' ? 'Show Walk' : 'Show Output'];
  void vscode.window.showInformationMessage(summary, ...actions).then(async (choice) => {
    if (choice === 'Copy') await vscode.env.clipboard.writeText(result.text);
    else if (choice === 'Reveal' && result.range) await revealRange(uri, result.range, false);
    else if (choice === 'Show Output' || choice === 'Show Walk') s.output.show(true);
  }).then(undefined, (e: unknown) => s.output.appendLine(`QEMU Memory: ${String(e)}`));
}
