/**
 * LSP values to VS Code's and back, for exactly what the server sends and reads (src/server/main.ts).
 * LSP types are imported as types only: at run time they are plain JSON.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

export function position(p: lsp.Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function range(r: lsp.Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toPosition(p: vscode.Position): lsp.Position {
  return { line: p.line, character: p.character };
}

export function toRange(r: vscode.Range): lsp.Range {
  return { start: toPosition(r.start), end: toPosition(r.end) };
}

export function location(l: lsp.Location): vscode.Location {
  return new vscode.Location(vscode.Uri.parse(l.uri), range(l.range));
}

/** A definition answer in any of its LSP forms. */
export function locations(d: lsp.Definition | lsp.LocationLink[] | null | undefined): vscode.Location[] {
  if (!d) return [];
  const list: (lsp.Location | lsp.LocationLink)[] = Array.isArray(d) ? d : [d];
  return list.map((l) => ('targetUri' in l ? new vscode.Location(vscode.Uri.parse(l.targetUri), range(l.targetSelectionRange)) : location(l)));
}

/** Hover and documentation text: markdown stays markdown (the server's hovers are markdown with code blocks). */
export function markup(m: lsp.MarkupContent | lsp.MarkedString | lsp.MarkedString[]): vscode.MarkdownString {
  if (typeof m === 'string') return new vscode.MarkdownString(m);
  if (Array.isArray(m)) return new vscode.MarkdownString(m.map((x) => (typeof x === 'string' ? x : `\`\`\`${x.language}\n${x.value}\n\`\`\``)).join('\n\n'));
  if ('kind' in m) return m.kind === 'markdown' ? new vscode.MarkdownString(m.value) : new vscode.MarkdownString().appendText(m.value);
  return new vscode.MarkdownString().appendCodeblock(m.value, m.language);
}

export function hover(h: lsp.Hover): vscode.Hover {
  return new vscode.Hover(markup(h.contents), h.range ? range(h.range) : undefined);
}

const SEVERITY: Readonly<Record<number, vscode.DiagnosticSeverity>> = {
  1: vscode.DiagnosticSeverity.Error,
  2: vscode.DiagnosticSeverity.Warning,
  3: vscode.DiagnosticSeverity.Information,
  4: vscode.DiagnosticSeverity.Hint,
};

export function diagnostic(d: lsp.Diagnostic): vscode.Diagnostic {
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  const out = new vscode.Diagnostic(range(d.range), message, SEVERITY[d.severity ?? 1] ?? vscode.DiagnosticSeverity.Error);
  if (d.source !== undefined) out.source = d.source;
  if (d.code !== undefined) out.code = d.codeDescription ? { value: d.code, target: vscode.Uri.parse(d.codeDescription.href) } : d.code;
  if (d.tags) out.tags = d.tags.map((t) => (t === 1 ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated));
  if (d.relatedInformation) out.relatedInformation = d.relatedInformation.map((r) => new vscode.DiagnosticRelatedInformation(location(r.location), r.message));
  // Kept as sent, so that a code action request can give the server back exactly its own diagnostic.
  (out as { lsp?: lsp.Diagnostic }).lsp = d;
  return out;
}

/** A diagnostic back to the server (code action context): the one it sent, else rebuilt. */
export function toDiagnostic(d: vscode.Diagnostic): lsp.Diagnostic {
  const sent = (d as { lsp?: lsp.Diagnostic }).lsp;
  if (sent) return sent;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return {
    range: toRange(d.range), message: d.message, severity: (d.severity + 1) as lsp.DiagnosticSeverity,
    ...(d.source !== undefined ? { source: d.source } : {}), ...(code !== undefined ? { code } : {}),
  };
}

export function textEdit(e: lsp.TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(range(e.range), e.newText);
}

export function workspaceEdit(w: lsp.WorkspaceEdit): vscode.WorkspaceEdit {
  const out = new vscode.WorkspaceEdit();
  for (const [uri, edits] of Object.entries(w.changes ?? {})) out.set(vscode.Uri.parse(uri), edits.map(textEdit));
  for (const c of w.documentChanges ?? []) {
    if ('textDocument' in c) out.set(vscode.Uri.parse(c.textDocument.uri), c.edits.map((e) => textEdit(e as lsp.TextEdit)));
  }
  return out;
}

export function command(c: lsp.Command): vscode.Command {
  return { title: c.title, command: c.command, ...(c.arguments ? { arguments: c.arguments } : {}) };
}

/** LSP numbers kinds from 1, VS Code from 0 (SymbolKind, CompletionItemKind). */
const fromOne = (kind: number): number => kind - 1;

export function documentSymbol(s: lsp.DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', fromOne(s.kind) as vscode.SymbolKind, range(s.range), range(s.selectionRange));
  out.children = (s.children ?? []).map(documentSymbol);
  return out;
}

export function symbolInformation(s: lsp.SymbolInformation): vscode.SymbolInformation {
  return new vscode.SymbolInformation(s.name, fromOne(s.kind) as vscode.SymbolKind, s.containerName ?? '', location(s.location));
}

export function foldingRange(f: lsp.FoldingRange): vscode.FoldingRange {
  const kind = f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'imports' ? vscode.FoldingRangeKind.Imports : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined;
  return new vscode.FoldingRange(f.startLine, f.endLine, kind);
}

export function inlayHint(h: lsp.InlayHint): vscode.InlayHint {
  const label = typeof h.label === 'string' ? h.label : h.label.map((p) => new vscode.InlayHintLabelPart(p.value));
  const out = new vscode.InlayHint(position(h.position), label, h.kind === 1 ? vscode.InlayHintKind.Type : h.kind === 2 ? vscode.InlayHintKind.Parameter : undefined);
  if (h.paddingLeft !== undefined) out.paddingLeft = h.paddingLeft;
  if (h.paddingRight !== undefined) out.paddingRight = h.paddingRight;
  if (h.tooltip !== undefined) out.tooltip = typeof h.tooltip === 'string' ? h.tooltip : markup(h.tooltip);
  return out;
}

export function codeLens(l: lsp.CodeLens): vscode.CodeLens {
  return new vscode.CodeLens(range(l.range), l.command ? command(l.command) : undefined);
}

export function completionItem(c: lsp.CompletionItem): vscode.CompletionItem {
  const out = new vscode.CompletionItem(c.label, c.kind !== undefined ? (fromOne(c.kind) as vscode.CompletionItemKind) : undefined);
  if (c.detail !== undefined) out.detail = c.detail;
  if (c.documentation !== undefined) out.documentation = typeof c.documentation === 'string' ? c.documentation : markup(c.documentation);
  if (c.sortText !== undefined) out.sortText = c.sortText;
  if (c.filterText !== undefined) out.filterText = c.filterText;
  const snippet = c.insertTextFormat === 2;
  const text = c.textEdit?.newText ?? c.insertText;
  if (text !== undefined) out.insertText = snippet ? new vscode.SnippetString(text) : text;
  if (c.textEdit) out.range = 'range' in c.textEdit ? range(c.textEdit.range) : { inserting: range(c.textEdit.insert), replacing: range(c.textEdit.replace) };
  if (c.additionalTextEdits) out.additionalTextEdits = c.additionalTextEdits.map(textEdit);
  if (c.command) out.command = command(c.command);
  if (c.preselect !== undefined) out.preselect = c.preselect;
  return out;
}

export function completion(r: lsp.CompletionItem[] | lsp.CompletionList | null): vscode.CompletionList {
  if (!r) return new vscode.CompletionList([]);
  return Array.isArray(r) ? new vscode.CompletionList(r.map(completionItem)) : new vscode.CompletionList(r.items.map(completionItem), r.isIncomplete);
}

export function codeAction(a: lsp.Command | lsp.CodeAction): vscode.CodeAction | vscode.Command {
  if (typeof a.command === 'string') return command(a as lsp.Command);
  const action = a as lsp.CodeAction;
  const out = new vscode.CodeAction(action.title, action.kind !== undefined ? vscode.CodeActionKind.Empty.append(action.kind) : undefined);
  if (action.edit) out.edit = workspaceEdit(action.edit);
  if (action.diagnostics) out.diagnostics = action.diagnostics.map(diagnostic);
  if (action.isPreferred !== undefined) out.isPreferred = action.isPreferred;
  if (action.command) out.command = command(action.command);
  return out;
}

/** prepareRename's answer as VS Code wants it: a range (and the text to edit), or a refusal. */
export function renameRange(r: lsp.PrepareRenameResult | null): vscode.Range | { range: vscode.Range; placeholder: string } | undefined {
  if (!r) return undefined;
  if ('defaultBehavior' in r) return undefined;
  if ('placeholder' in r) return { range: range(r.range), placeholder: r.placeholder };
  return range(r);
}
