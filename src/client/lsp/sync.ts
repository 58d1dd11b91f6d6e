import * as vscode from 'vscode';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { toRange } from './convert';

/**
 * Keeps the server's copy of the documents the selector matches: open ones at once, then opens,
 * incremental changes and closes. A document whose language changes is closed and reopened by VS Code,
 * so it comes and goes with the selector.
 */
export class DocumentSync implements vscode.Disposable {
  private readonly open = new Set<string>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly conn: MessageConnection,
    private readonly selector: vscode.DocumentSelector,
  ) {
    this.disposables = [
      vscode.workspace.onDidOpenTextDocument((d) => this.didOpen(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.didChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.didClose(d)),
    ];
    for (const d of vscode.workspace.textDocuments) this.didOpen(d);
  }

  private didOpen(d: vscode.TextDocument): void {
    const uri = d.uri.toString();
    if (this.open.has(uri) || vscode.languages.match(this.selector, d) === 0) return;
    this.open.add(uri);
    void this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: d.languageId, version: d.version, text: d.getText() },
    } satisfies lsp.DidOpenTextDocumentParams);
  }

  private didChange(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    if (!this.open.has(uri) || e.contentChanges.length === 0) return;
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: e.document.version },
      contentChanges: e.contentChanges.map((c) => ({ range: toRange(c.range), rangeLength: c.rangeLength, text: c.text })),
    } satisfies lsp.DidChangeTextDocumentParams);
  }

  private didClose(d: vscode.TextDocument): void {
    const uri = d.uri.toString();
    if (!this.open.delete(uri)) return;
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } } satisfies lsp.DidCloseTextDocumentParams);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
