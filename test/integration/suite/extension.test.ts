/// <reference types="mocha" />
// The extension as a user gets it, inside a real VS Code extension host: activation, diagnostics
// from the language server, the GPA→HVA hover, the three views, Reflatten, and the map webview.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkpoint, childrenOf, codeOf, diagnosticsOf, hoverText, photographHover, report, waitFor, workspaceFile } from './helpers';

const EXTENSION_ID = 'qemu-memmap.qemu-memmap';
const COMMANDS = ['qemu-memmap.reflattenActive', 'qemu-memmap.showMap', 'qemu-memmap.translateGpa'];
const VIEWS = ['qemuMemmap.addressSpaces', 'qemuMemmap.flatView', 'qemuMemmap.ramBlocks'] as const;

/** What the client's activate() returns. */
interface ClientApi {
  client: unknown;
  views: Record<'addressSpaces' | 'flatView' | 'ramBlocks', vscode.TreeDataProvider<unknown>>;
  selection: (view: 'addressSpaces' | 'flatView' | 'ramBlocks') => readonly { kind: string; flat?: { name: string } }[];
  activationMs: number;
}

/** A fresh folder for an export, and the file `name` in it once `done` takes its bytes (the extension writes it). */
function exportTarget(name: string): { path: string; written: (done: (bytes: Buffer) => boolean, what: string) => Promise<Buffer> } {
  const folder = mkdtempSync(join(tmpdir(), 'qmm-export-'));
  const path = join(folder, name);
  return {
    path,
    async written(done, what) {
      const changed = new vscode.EventEmitter<void>();
      const watcher = watch(folder, () => changed.fire());
      try {
        return await waitFor(changed.event, () => {
          const bytes = existsSync(path) ? readFileSync(path) : undefined;
          return bytes && done(bytes) ? bytes : undefined;
        }, what, 15_000);
      } catch (e) {
        const bytes = existsSync(path) ? readFileSync(path) : undefined;
        const seen = bytes ? `${bytes.length} bytes ending ${JSON.stringify(bytes.subarray(-40).toString('utf8'))}` : 'no file';
        throw new Error(`${e instanceof Error ? e.message : String(e)}: ${seen}; the folder holds [${readdirSync(folder).join(', ')}]`);
      } finally {
        watcher.close();
        changed.dispose();
      }
    },
  };
}

const capture = workspaceFile('captures', 'q35-devices-qemu10.txt');

/** The part of the map's window.__mapStats (src/webview/stats.ts) these tests read, as JSON brings it. */
interface MapStatsSeen {
  dataMessages?: number;
  frames?: number;
  rects?: number;
  height?: number;
  io?: boolean;
  ribbons?: number;
  ticks?: Record<string, number>;
  labels?: Record<string, { x0: number; x1: number; text: string; count: number }[]>;
  rows?: { bottom?: number; block?: unknown; host?: unknown };
}
const layout = workspaceFile('layouts', 'tiny-board.memlayout');

/** Opens `uri` in an editor and waits until it is the active one. */
async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return waitFor(vscode.window.onDidChangeActiveTextEditor, () =>
    vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? editor : undefined, `${uri.path} to be the active editor`);
}

/** 0-based line of the first line of `text` that `test` accepts. */
function lineOf(text: string, test: (line: string) => boolean, what: string): number {
  const line = text.split(/\r?\n/).findIndex(test);
  assert.ok(line >= 0, `no line with ${what}`);
  return line;
}

suite('QEMU Memory Map in VS Code', () => {
  let api: ClientApi;
  /** The language VS Code (with the extension's help) gave the capture when it was opened. */
  let captureLanguage: string;

  suiteSetup(async () => {
    const doc = await vscode.workspace.openTextDocument(capture);
    // The extension may recognise a plain-text capture by content and switch its language, which
    // reopens the document: wait a little for that before calling it unrecognised.
    captureLanguage = doc.languageId === 'qemu-capture' ? doc.languageId : await waitFor(vscode.workspace.onDidOpenTextDocument, () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === capture.toString() && d.languageId === 'qemu-capture')?.languageId,
    'the capture to be recognised', 10_000).catch(() => doc.languageId);
    // The other tests are about their own features: give them the capture either way.
    if (captureLanguage !== 'qemu-capture') await vscode.languages.setTextDocumentLanguage(doc, 'qemu-capture');
    await show(capture);
  });

  test('activates on a capture and registers its commands', async () => {
    const ext = vscode.extensions.getExtension<ClientApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    // scripts/run-integration.mjs installs the packaged .vsix and says where it went.
    const expected = process.env.QMM_IT_EXTENSION_PATH;
    if (expected) assert.equal(ext.extensionPath, expected, 'the suite must run against the installed .vsix');
    api = await ext.activate();
    assert.ok(ext.isActive);
    assert.equal(typeof api.activationMs, 'number');
    report(`activation: activate() took ${api.activationMs.toFixed(0)} ms (language server started and initialized)`);
    assert.ok(api?.client, 'activate() returns { client, views }');
    for (const view of ['addressSpaces', 'flatView', 'ramBlocks'] as const) {
      assert.equal(typeof api.views?.[view]?.getChildren, 'function', `activate() returns views.${view} with getChildren()`);
    }
    const commands = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) assert.ok(commands.includes(id), `command ${id} is registered`);
  });

  test('a .txt monitor transcript is recognised as a capture', () => {
    assert.equal(captureLanguage, 'qemu-capture',
      'VS Code gives a .txt file the language plaintext by its extension whatever its first line says (the firstLine pattern '
      + 'applies only to files no extension claims), so the extension has to recognise captures by content');
  });

  test('diagnostics arrive for a capture and a layout', async () => {
    const captured = await diagnosticsOf(capture, (d) => d.some((x) => codeOf(x) === 'MT004'), 'MT004 (ambiguous zero-sized ranges)');
    assert.deepEqual(captured.filter((d) => d.severity === vscode.DiagnosticSeverity.Error), [], 'a real capture has no errors');
    await show(layout);
    const laid = await diagnosticsOf(layout, (d) => d.some((x) => codeOf(x) === 'LY102'), 'LY102 (RAM hidden by the legacy windows)');
    const ly102 = laid.find((d) => codeOf(d) === 'LY102');
    assert.equal(ly102?.range.start.line, 2, 'LY102 is on the ram-below-4g alias (line 3)');
    assert.equal(ly102.severity, vscode.DiagnosticSeverity.Information);
    await checkpoint('explorer');
  });

  test('hover on a RAM flat range shows its HVA', async () => {
    const editor = await show(capture);
    const text = editor.document.getText();
    // info ramblock: "pc.ram  4 KiB  OFFSET USED TOTAL HVA rw"; the HVA is the sixth column.
    const ramblock = text.split(/\r?\n/).find((l) => /^\s*pc\.ram\s+\d+ KiB\s/.test(l));
    const base = ramblock?.trim().split(/\s+/)[6];
    assert.ok(base !== undefined && base.startsWith('0x'), `no HVA column in the pc.ram line of info ramblock: ${ramblock}`);
    // FlatView of "memory": the range 0x100000-0x3fffffff is pc.ram at offset 0x100000.
    const line = lineOf(text, (l) => /^\s+0000000000100000-000000003fffffff \(prio 0, ram\): pc\.ram @0000000000100000/.test(l), 'the pc.ram flat range at 1 MiB');
    const position = new vscode.Position(line, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', capture, position);
    const value = hoverText(hovers);
    const hva = `0x${(BigInt(base) + 0x100000n).toString(16)}`;
    assert.ok(value.includes(hva), `expected HVA ${hva} in the hover:\n${value}`);
    // The same hover as a person sees it, for the screenshot.
    await photographHover(editor, position, 'hover', hva);
  });

  test('the views list the active capture\'s address spaces, flat ranges and RAMBlocks', async () => {
    await show(capture);
    const spaces = await childrenOf(api.views.addressSpaces, (l) => l.some((x) => /\bmemory\b/.test(x)), 'the address space "memory"');
    assert.ok(spaces.labels.length >= 5, `address spaces: ${spaces.labels.join(' | ')}`);
    const flat = await childrenOf(api.views.flatView, (l) => l.length > 0, 'flat view items');
    assert.ok(flat.labels.length > 0);
    const blocks = await childrenOf(api.views.ramBlocks, (l) => l.some((x) => x.includes('pc.ram')), 'the RAMBlock pc.ram');
    assert.ok(blocks.labels.some((x) => x.includes('nvmem0')), `RAMBlocks: ${blocks.labels.join(' | ')}`);
    // All three views in one picture, the side bar widened so that their descriptions show.
    for (const id of VIEWS) await vscode.commands.executeCommand(`${id}.focus`);
    await checkpoint('views', { sideBarWidth: 560 });
  });

  test('Reflatten opens the recomputed flat views', async () => {
    await show(capture);
    const opened = waitFor(vscode.workspace.onDidOpenTextDocument, () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'qemu-memmap'), 'a qemu-memmap: document');
    await vscode.commands.executeCommand('qemu-memmap.reflattenActive');
    const doc = await opened;
    const text = doc.getText();
    assert.match(text, /^FlatView #0$/m, `reflattened text:\n${text.slice(0, 400)}`);
    assert.match(text, /\(prio 0, ram\): pc\.ram/);
  });

  test('the map webview draws three linked lanes with ribbons over the whole panel (the q35 capture)', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await show(capture);
    // The cursor away from any range: only the map's click can put it on a pc.ram line.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('qemu-memmap.showMap');
    // The picture shows a hovered pc.ram range with its whole path lit; then the range is clicked, and the
    // map exported as PNG through VS Code's save dialog (answered by the harness, as a person would).
    const png = exportTarget('memory.png');
    const answer = await checkpoint('map', { mapStats: true, mapSpace: 'memory', mapPoint: 'pc.ram', mapClick: true, mapButton: 'Export PNG', savePath: png.path });
    if (!answer) this.skip(); // desktop run: the webview's DOM is out of reach from here
    assert.equal(answer.error, undefined, answer.error);
    const stats = answer.mapStats as MapStatsSeen | null | undefined;
    assert.ok(stats && typeof stats === 'object', 'window.__mapStats is set in the map webview');
    assert.ok((stats.dataMessages ?? 0) >= 1, `the map received its data: ${JSON.stringify(stats)}`);
    assert.ok((stats.frames ?? 0) >= 1 && (stats.rects ?? 0) > 0, `the map drew: ${JSON.stringify(stats)}`);
    // src/webview/stats.ts: the lanes, ribbons, ticks and labels of the last frame.
    const rows = stats.rows;
    assert.ok(rows?.block && rows.host, `a ram_addr lane and a host lane: ${JSON.stringify(rows)}`);
    assert.ok((rows.bottom ?? 0) >= (stats.height ?? 0) - 8, `the whole panel height: ${rows.bottom} of ${stats.height}`);
    assert.ok((stats.ribbons ?? 0) >= 3, `ribbons: ${stats.ribbons}`);
    assert.ok((stats.ticks?.range ?? 0) >= 2 && (stats.ticks?.host ?? 0) >= 2, `axis ticks: ${JSON.stringify(stats.ticks)}`);
    const blocks = (stats.labels?.block ?? []).map((l) => l.text);
    assert.ok(blocks.some((t) => /^pc\.ram\b.*(← 2|2 GPA ranges)/.test(t)), `pc.ram shows both of its GPA ranges: ${blocks.join(' | ')}`);
    for (const [lane, labels] of Object.entries(stats.labels ?? {})) {
      const sorted = [...labels].sort((a, b) => a.x0 - b.x0);
      sorted.forEach((l, i) => assert.ok(i === 0 || l.x0 >= sorted[i - 1]!.x1 - 0.5, `labels of ${lane} overlap: ${l.text}`));
    }
    // Hovering: the tooltip follows the range down its path; clicking selects its line in the capture.
    assert.match(answer.tooltip ?? '', /^RAMBlock pc\.ram {2}ram_addr 0x[0-9a-f]+–0x[0-9a-f]+$/m, `tooltip: ${answer.tooltip}`);
    assert.match(answer.tooltip ?? '', /^HVA 0x/m);
    const selected = await waitFor(vscode.window.onDidChangeTextEditorSelection, () => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === capture.toString());
      const line = editor?.document.lineAt(editor.selection.active.line).text;
      return line && /\(prio \d+, ram\): pc\.ram/.test(line) ? line : undefined;
    }, 'the clicked range selected in the capture', 10_000);
    assert.match(selected, /pc\.ram/);
    // The views follow: the Flat Views view selects that range.
    const tick = new vscode.EventEmitter<void>();
    const timer = setInterval(() => tick.fire(), 100);
    try {
      const node = await waitFor(tick.event, () => api.selection('flatView').find((n) => n.kind === 'flatRange' && n.flat?.name === 'pc.ram'), 'pc.ram selected in the Flat Views view', 10_000);
      assert.equal(node.flat?.name, 'pc.ram');
    } finally {
      clearInterval(timer);
      tick.dispose();
    }
    const bytes = await png.written((b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'the exported PNG');
    assert.ok(bytes.length > 1000, `a picture, not an empty file: ${bytes.length} bytes`);
  });

  test('the map of the I/O space: colours by device, clusters, no RAMBlock lane', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    (await show(capture)).selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('qemu-memmap.showMap', capture.toString(), 'I/O');
    // Export SVG: the webview posts the picture, the extension asks where with the save dialog (answered by
    // the harness, as a person would), and writes it there.
    const svgFile = exportTarget('io.svg');
    const answer = await checkpoint('map-io', { mapStats: true, mapSpace: 'I/O', mapButton: 'Export SVG', savePath: svgFile.path });
    if (!answer) this.skip();
    assert.equal(answer.error, undefined, answer.error);
    const stats = answer.mapStats as MapStatsSeen | null | undefined;
    assert.ok(stats?.io, `drawn as an I/O space: ${JSON.stringify(stats)}`);
    assert.equal(stats.rows?.block, undefined, 'no ram_addr lane');
    const labels = stats.labels?.range ?? [];
    assert.ok(labels.some((l) => l.count > 1), `clusters: ${labels.map((l) => l.text).join(' | ')}`);
    assert.ok((stats.ticks?.range ?? 0) >= 3, `port ticks: ${JSON.stringify(stats.ticks)}`);
    const svg = (await svgFile.written((b) => b.toString('utf8').endsWith('</svg>\n'), 'the exported SVG')).toString('utf8');
    assert.match(svg, /^<\?xml[^]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />dma[^<]*<\/text>/, 'the device labels are in the picture');
  });
});
