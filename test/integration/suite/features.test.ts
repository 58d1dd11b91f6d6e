/// <reference types="mocha" />
// Every language feature the server offers, through VS Code's own provider commands: the extension's
// LSP client must register each one and convert what the server answers into VS Code's types.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, waitFor, workspaceFile } from './helpers';

const layout = workspaceFile('layouts', 'tiny-board.memlayout');
const capture = workspaceFile('captures', 'q35-devices-qemu10.txt');

/** The position of the `nth` occurrence (0-based) of `needle` in the document, plus `offset` characters. */
function find(doc: vscode.TextDocument, needle: string, nth = 0, offset = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `no occurrence ${nth} of ${JSON.stringify(needle)} in ${doc.uri.path}`);
  }
  return doc.positionAt(at + offset);
}

/** A provider command's answer once it has one (the server analyses a document that was just opened). */
function answer<T>(run: () => Thenable<T | undefined>, ok: (v: T) => boolean, what: string): Promise<T> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, async () => {
    const v = await run();
    return v !== undefined && ok(v) ? v : undefined;
  }, what);
}

async function untitledLayout(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'memlayout', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

const flatten = (symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => symbols.flatMap((s) => [s, ...flatten(s.children)]);

suite('Language features through the extension\'s LSP client', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    await vscode.extensions.getExtension('qemu-memmap.qemu-memmap')?.activate();
    doc = await vscode.workspace.openTextDocument(layout);
    await vscode.window.showTextDocument(doc, { preview: false });
    await diagnosticsOf(layout, (d) => d.some((x) => codeOf(x) === 'LY102'), 'the layout analysed');
  });

  test('document symbols: the regions, nested as declared, with 0-based symbol kinds', async () => {
    const symbols = await answer(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', layout), (s) => s.length > 0, 'document symbols');
    const all = flatten(symbols);
    const system = all.find((s) => s.name === 'system');
    assert.ok(system, all.map((s) => s.name).join(', '));
    assert.ok(flatten(system.children).some((s) => s.name === 'vga-lowmem'), 'vga-lowmem is under system › pci');
    assert.equal(system.range.start.line, 1);
    assert.ok(Object.values(vscode.SymbolKind).includes(system.kind));
  });

  test('folding ranges: the container bodies', async () => {
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', layout);
    assert.ok(ranges.some((r) => r.start === 1 && r.end >= 10), JSON.stringify(ranges));
  });

  test('semantic tokens: the server\'s legend and tokens for every line that declares something', async () => {
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', layout);
    assert.ok(legend.tokenTypes.length > 0);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', layout);
    assert.ok(tokens.data.length >= 5 * 10, `${tokens.data.length / 5} tokens`);
    assert.equal(tokens.data.length % 5, 0);
  });

  test('inlay hints: absolute ranges of the layout\'s regions', async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', layout, new vscode.Range(0, 0, doc.lineCount, 0));
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => /0x/.test(l)), labels.join(' | '));
  });

  test('definition and references: `-> pc.ram` leads to its declaration, which is referenced there', async () => {
    const use = find(doc, '-> pc.ram', 0, 4);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', layout, use);
    const target = defs[0];
    const line = target && ('uri' in target ? target.range.start.line : target.targetRange.start.line);
    assert.equal(line, doc.positionAt(doc.getText().indexOf('ram pc.ram')).line, JSON.stringify(defs));
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', layout, find(doc, 'ram pc.ram', 0, 5));
    assert.ok(refs.some((r) => r.range.start.line === use.line), JSON.stringify(refs.map((r) => r.range.start.line)));
  });

  test('rename: prepare gives the name, the edit renames the declaration and every use', async () => {
    const at = find(doc, 'ram pc.ram', 0, 5);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', layout, at);
    assert.equal(prepared.placeholder, 'pc.ram');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', layout, at, 'main.ram');
    const edits = edit.get(layout);
    assert.ok(edits.length >= 3, `declaration, alias target and ramblock: ${JSON.stringify(edits)}`);
    assert.ok(edits.every((e) => e.newText === 'main.ram'));
  });

  test('code lens: Reflatten on a capture opens the reflattened view (the client\'s command, not the server\'s)', async () => {
    await vscode.workspace.openTextDocument(capture);
    const lenses = await answer(() => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', capture), (l) => l.length > 0, 'code lenses on the capture');
    const commands = lenses.map((l) => l.command?.command);
    assert.ok(commands.includes('qemu-memmap.reflattenActive'), commands.join(', '));
    assert.ok(!commands.includes('qemu-memmap.reflatten'));
  });

  test('completion after `->` offers the regions; formatting and quick fixes edit an untitled layout', async () => {
    const typed = await untitledLayout('ram sram size 64K\nalias win @0 size 4K -> \n');
    const items = await answer(() => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', typed.uri, new vscode.Position(1, 24)),
      (l) => l.items.some((i) => i.label === 'sram'), 'completion of alias targets');
    assert.ok(items.items.every((i) => typeof i.label === 'string' || typeof i.label.label === 'string'));
    const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
    // Opened by the space typed after `->` (a trigger character): the targets, but not win itself (a cycle).
    const typedSpace = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', typed.uri, new vscode.Position(1, 24), ' ');
    const labels = typedSpace.items.map(label);
    assert.ok(labels.includes('sram') && !labels.includes('win'), labels.join(', '));

    const messy = await untitledLayout('container   s size 1M {\nram   a size 4K\n}\n');
    const edits = await answer(() => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', messy.uri, { tabSize: 2, insertSpaces: true }),
      (e) => e.length > 0, 'formatting edits');
    const formatted = new vscode.WorkspaceEdit();
    formatted.set(messy.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(formatted));
    assert.equal(messy.getText(), 'container s size 1M {\n  ram a size 4K\n}\n');

    const sizeless = await untitledLayout('container s size 1M {\n  ram a\n}\n');
    const diags = await diagnosticsOf(sizeless.uri, (d) => d.length > 0, 'a diagnostic for the region without a size');
    const fixes = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', sizeless.uri, (diags[0] as vscode.Diagnostic).range);
    const fix = fixes.find((f): f is vscode.CodeAction => 'edit' in f && f.edit !== undefined);
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    assert.ok(fix.kind?.contains(vscode.CodeActionKind.QuickFix));
    assert.ok(fix.edit?.get(sizeless.uri).length);
  });

  test('a server that dies is restarted: it gets the open documents again and answers', async () => {
    // The API's client is vscode-languageclient's LanguageClient: `serverProcess` is the process it forked.
    type Client = { serverProcess: { pid?: number } | undefined; isRunning(): boolean; onDidChangeState: vscode.Event<unknown> };
    const api = vscode.extensions.getExtension<{ client: Client }>('qemu-memmap.qemu-memmap')?.exports;
    const pid = (): number | undefined => api?.client.serverProcess?.pid;
    const before = pid();
    assert.ok(api && before !== undefined, 'the client reports its server\'s pid');
    const restarted = waitFor(api.client.onDidChangeState, () => (api.client.isRunning() && pid() !== before ? pid() : undefined), 'the server to be restarted');
    process.kill(before, 'SIGKILL');
    await restarted;
    const symbols = await answer(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', layout), (x) => x.length > 0, 'symbols from the restarted server');
    assert.ok(flatten(symbols).some((x) => x.name === 'pc.ram'));
    await diagnosticsOf(layout, (d) => d.some((x) => codeOf(x) === 'LY102'), 'the layout\'s diagnostics again');
  });

  test('the views\' model request waits for a server that is not up (a reload, a restart) instead of failing', async () => {
    type Client = { isRunning(): boolean; stop(): Promise<void>; start(): Promise<void> };
    type Models = { refresh(): Promise<void>; readonly model: { uri: string } | undefined; readonly document: vscode.TextDocument | undefined };
    const api = vscode.extensions.getExtension<{ client: Client; models: Models }>('qemu-memmap.qemu-memmap')?.exports;
    assert.ok(api);
    await vscode.window.showTextDocument(layout);
    await waitFor(vscode.window.onDidChangeActiveTextEditor, () => (api.models.document?.uri.toString() === layout.toString() ? true : undefined), 'the views to follow the layout');
    await api.models.refresh();
    assert.equal(api.models.model?.uri, layout.toString());
    await api.client.stop();
    // Asked while the server is down: the answer comes once it runs again (it used to fail, log an error
    // and empty the views).
    const refreshed = api.models.refresh();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(api.models.model?.uri, layout.toString(), 'the views keep the model while the server is down');
    await api.client.start();
    await refreshed;
    assert.ok(api.client.isRunning());
    assert.equal(api.models.model?.uri, layout.toString());
  });
});
