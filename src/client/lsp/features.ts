import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { LspClient } from './client';
import * as c from './convert';

/** How the extension adjusts a feature's answers (the code lenses' command). */
export interface FeatureHooks {
  readonly codeLens?: (lens: vscode.CodeLens) => vscode.CodeLens;
}

const doc = (d: vscode.TextDocument): lsp.TextDocumentIdentifier => ({ uri: d.uri.toString() });
const at = (d: vscode.TextDocument, p: vscode.Position): lsp.TextDocumentPositionParams => ({ textDocument: doc(d), position: c.toPosition(p) });

/**
 * Registers a VS Code provider for each feature the server's capabilities name, each one request to
 * the server; the server's executeCommand commands become VS Code commands.
 */
export function registerFeatures(client: LspClient, caps: lsp.ServerCapabilities, selector: vscode.DocumentSelector, hooks: FeatureHooks = {}): vscode.Disposable[] {
  const out: vscode.Disposable[] = [];
  const L = vscode.languages;
  if (caps.hoverProvider) {
    out.push(L.registerHoverProvider(selector, {
      provideHover: async (d, p, t) => {
        const h = await client.request<lsp.Hover | null>('textDocument/hover', at(d, p), t);
        return h ? c.hover(h) : undefined;
      },
    }));
  }
  if (caps.documentSymbolProvider) {
    const label = typeof caps.documentSymbolProvider === 'object' ? caps.documentSymbolProvider.label : undefined;
    out.push(L.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols: async (d, t) => {
        const r = await client.request<lsp.DocumentSymbol[] | lsp.SymbolInformation[] | null>('textDocument/documentSymbol', { textDocument: doc(d) }, t);
        if (!r || r.length === 0) return [];
        return 'location' in (r[0] as object) ? (r as lsp.SymbolInformation[]).map(c.symbolInformation) : (r as lsp.DocumentSymbol[]).map(c.documentSymbol);
      },
    }, label !== undefined ? { label } : undefined));
  }
  if (caps.foldingRangeProvider) {
    out.push(L.registerFoldingRangeProvider(selector, {
      provideFoldingRanges: async (d, _ctx, t) => (await client.request<lsp.FoldingRange[] | null>('textDocument/foldingRange', { textDocument: doc(d) }, t))?.map(c.foldingRange),
    }));
  }
  const tokens = caps.semanticTokensProvider;
  if (tokens?.full) {
    const legend = new vscode.SemanticTokensLegend(tokens.legend.tokenTypes, tokens.legend.tokenModifiers);
    out.push(L.registerDocumentSemanticTokensProvider(selector, {
      provideDocumentSemanticTokens: async (d, t) => {
        const r = await client.request<lsp.SemanticTokens | null>('textDocument/semanticTokens/full', { textDocument: doc(d) }, t);
        return r ? new vscode.SemanticTokens(Uint32Array.from(r.data), r.resultId) : undefined;
      },
    }, legend));
  }
  if (caps.inlayHintProvider) {
    out.push(L.registerInlayHintsProvider(selector, {
      provideInlayHints: async (d, range, t) => (await client.request<lsp.InlayHint[] | null>('textDocument/inlayHint', { textDocument: doc(d), range: c.toRange(range) }, t))?.map(c.inlayHint),
    }));
  }
  if (caps.codeLensProvider) {
    const adjust = hooks.codeLens ?? ((l: vscode.CodeLens) => l);
    out.push(L.registerCodeLensProvider(selector, {
      provideCodeLenses: async (d, t) => (await client.request<lsp.CodeLens[] | null>('textDocument/codeLens', { textDocument: doc(d) }, t))?.map((l) => adjust(c.codeLens(l))),
    }));
  }
  if (caps.definitionProvider) {
    out.push(L.registerDefinitionProvider(selector, {
      provideDefinition: async (d, p, t) => c.locations(await client.request<lsp.Definition | lsp.LocationLink[] | null>('textDocument/definition', at(d, p), t)),
    }));
  }
  if (caps.referencesProvider) {
    out.push(L.registerReferenceProvider(selector, {
      provideReferences: async (d, p, ctx, t) => (await client.request<lsp.Location[] | null>('textDocument/references', { ...at(d, p), context: { includeDeclaration: ctx.includeDeclaration } }, t))?.map(c.location),
    }));
  }
  if (caps.completionProvider) {
    out.push(L.registerCompletionItemProvider(selector, {
      provideCompletionItems: async (d, p, t, ctx) => {
        const context: lsp.CompletionContext = ctx.triggerCharacter !== undefined ? { triggerKind: 2, triggerCharacter: ctx.triggerCharacter } : { triggerKind: ctx.triggerKind === vscode.CompletionTriggerKind.TriggerForIncompleteCompletions ? 3 : 1 };
        return c.completion((await client.request<lsp.CompletionItem[] | lsp.CompletionList | null>('textDocument/completion', { ...at(d, p), context }, t)) ?? null);
      },
    }, ...(caps.completionProvider.triggerCharacters ?? [])));
  }
  if (caps.renameProvider) {
    const prepare = typeof caps.renameProvider === 'object' && caps.renameProvider.prepareProvider;
    out.push(L.registerRenameProvider(selector, {
      provideRenameEdits: async (d, p, newName, t) => {
        const r = await client.request<lsp.WorkspaceEdit | null>('textDocument/rename', { ...at(d, p), newName }, t);
        return r ? c.workspaceEdit(r) : undefined;
      },
      ...(prepare ? {
        prepareRename: async (d: vscode.TextDocument, p: vscode.Position, t: vscode.CancellationToken) => {
          const r = await client.request<lsp.PrepareRenameResult | null>('textDocument/prepareRename', at(d, p), t);
          // null: the server says nothing here can be renamed (VS Code shows the message).
          if (r === null || r === undefined) throw new Error('Nothing to rename here.');
          return c.renameRange(r);
        },
      } : {}),
    }));
  }
  if (caps.codeActionProvider) {
    const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds?.map((k) => vscode.CodeActionKind.Empty.append(k)) : undefined;
    out.push(L.registerCodeActionsProvider(selector, {
      provideCodeActions: async (d, range, ctx, t) => {
        const context: lsp.CodeActionContext = { diagnostics: ctx.diagnostics.map(c.toDiagnostic), ...(ctx.only ? { only: [ctx.only.value] } : {}), triggerKind: ctx.triggerKind === vscode.CodeActionTriggerKind.Invoke ? 1 : 2 };
        return (await client.request<(lsp.Command | lsp.CodeAction)[] | null>('textDocument/codeAction', { textDocument: doc(d), range: c.toRange(range), context }, t))?.map(c.codeAction);
      },
    }, kinds ? { providedCodeActionKinds: kinds } : undefined));
  }
  if (caps.documentFormattingProvider) {
    out.push(L.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: async (d, o, t) => {
        const options: lsp.FormattingOptions = { tabSize: o.tabSize, insertSpaces: o.insertSpaces };
        return (await client.request<lsp.TextEdit[] | null>('textDocument/formatting', { textDocument: doc(d), options }, t))?.map(c.textEdit);
      },
    }));
  }
  for (const command of caps.executeCommandProvider?.commands ?? []) {
    out.push(vscode.commands.registerCommand(command, (...args: unknown[]) => client.sendRequest('workspace/executeCommand', { command, arguments: args } satisfies lsp.ExecuteCommandParams)));
  }
  return out;
}
