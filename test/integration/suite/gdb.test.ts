/// <reference types="mocha" />
// A gdb session (the seed's dump_address_spaces, dump_memory_region and dump_flatview) in VS Code:
// it is recognised, the views fill from the joined dumps, hovers say what is dumped and what is
// inferred, Reflatten compares the tree's own flatten with the dumped view, and the map draws it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkpoint, childrenOf, codeOf, diagnosticsOf, hoverText, photographHover, waitFor, workspaceFile } from './helpers';

const EXTENSION_ID = 'qemu-memmap.qemu-memmap';
const session = workspaceFile('captures', 'gdb-scripts.txt');

interface Api {
  views: Record<'addressSpaces' | 'flatView' | 'ramBlocks', vscode.TreeDataProvider<unknown>>;
  models: { refresh(): Promise<void> };
}

suite('A gdb session in VS Code', () => {
  let api: Api;
  let editor: vscode.TextEditor;
  let text: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await vscode.workspace.openTextDocument(session);
    editor = await vscode.window.showTextDocument(doc, { preview: false });
    // Recognised by its first line, `(gdb) dump_address_spaces 0`.
    await waitFor(vscode.workspace.onDidOpenTextDocument, () => (vscode.window.activeTextEditor?.document.languageId === 'qemu-capture' ? true : undefined), 'the gdb session to be a qemu-capture', 10_000)
      .catch(() => vscode.languages.setTextDocumentLanguage(doc, 'qemu-capture'));
    editor = vscode.window.activeTextEditor ?? editor;
    text = editor.document.getText();
  });

  test('its diagnostics say what was inferred and what was not dumped', async () => {
    const diags = await diagnosticsOf(session, (d) => d.some((x) => codeOf(x) === 'GDB010'), 'GDB010 on the isa-bios range');
    const codes = new Set(diags.map(codeOf));
    for (const c of ['GDB007', 'GDB010', 'GDB015']) assert.ok(codes.has(c), `${c} in ${[...codes].join(', ')}`);
    assert.ok(diags.every((d) => d.severity !== vscode.DiagnosticSeverity.Error), 'no errors on the seed session');
  });

  test('the views show its address spaces and the dumped view', async () => {
    await api.models.refresh();
    const spaces = await childrenOf(api.views.addressSpaces, (l) => l.some((x) => /\bmemory\b/.test(x)), 'the address space "memory"');
    assert.ok(spaces.labels.some((x) => x.includes('cpu-memory-0')), spaces.labels.join(' | '));
    const flat = await childrenOf(api.views.flatView, (l) => l.length > 0, 'the dumped flat view');
    assert.ok(flat.labels.length > 0);
  });

  test('a hover on a dumped range names its region and says what rests on inference', async () => {
    const lines = text.split(/\r?\n/);
    const line = lines.findIndex((l) => l.startsWith('[000000000000e0000-'));
    assert.ok(line >= 0);
    const position = new vscode.Position(line, 3);
    const value = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', session, position));
    assert.match(value, /From gdb dumps: this range and its offset are QEMU's/);
    assert.match(value, /named after isa-bios/);
    await photographHover(editor, position, 'gdb-hover', 'isa-bios');
  });

  test('Reflatten sets the tree\'s own flatten beside the dumped view, unknown fields marked', async () => {
    const opened = waitFor(vscode.workspace.onDidOpenTextDocument, () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'qemu-memmap' && d.getText().includes('# From gdb dumps')), 'the reflattened gdb session');
    await vscode.commands.executeCommand('qemu-memmap.reflattenActive', session);
    const doc = await opened;
    // By rank alone, every region enabled, ram-below-4g wins from 0xc0000 on, where the dump shows pc.rom and
    // isa-bios: Reflatten shows that, and the difference.
    assert.match(doc.getText(), /^# From gdb dumps: recomputed from the dumped tree alone/m);
    assert.match(doc.getText(), /^ {2}00000000000c0000-00000000000ebfff \(prio \?, i\/o\?\): ram-below-4g @00000000000c0000$/m);
    assert.match(doc.getText(), /^# {5}- 00000000000e0000-00000000000fffff \(prio \?, i\/o\?\): isa-bios @0000000000020000$/m);
  });

  test('the map draws the dumped view', async function () {
    await vscode.window.showTextDocument(session);
    await vscode.commands.executeCommand('qemu-memmap.showMap');
    const answer = await checkpoint('gdb-map', { mapStats: true });
    if (!answer) this.skip();
    const stats = answer.mapStats as { dataMessages?: number; rects?: number } | null | undefined;
    assert.ok(stats && (stats.dataMessages ?? 0) >= 1 && (stats.rects ?? 0) > 0, JSON.stringify(stats));
  });
});
