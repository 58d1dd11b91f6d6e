import * as vscode from 'vscode';
import { looksLikeCapture } from './capture-detect';
import { Languages } from '../protocol';

/** Schemes whose plain-text documents are looked at (not output channels, git or other virtual views). */
const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs']);

/**
 * Switches plain-text documents that start like a QEMU capture to `qemu-capture`, once while a document is
 * open: a user who switches one back to plain text keeps it so (a language change closes and reopens the
 * document at once; a document still closed a moment later was really closed and is looked at anew).
 */
export function registerCaptureDetection(): vscode.Disposable {
  const seen = new Set<string>();
  const look = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    if (doc.languageId !== 'plaintext' || !SCHEMES.has(doc.uri.scheme) || seen.has(key)) return;
    seen.add(key);
    if (!looksLikeCapture(doc.getText())) return;
    vscode.languages.setTextDocumentLanguage(doc, Languages.capture).then(undefined, () => seen.delete(key));
  };
  const forget = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    setTimeout(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === key) || seen.delete(key), 0);
  };
  vscode.workspace.textDocuments.forEach(look);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument(look), vscode.workspace.onDidCloseTextDocument(forget));
}
