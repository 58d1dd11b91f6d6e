/// <reference types="mocha" />
// The extension in an untrusted workspace (scripts/run-integration.mjs --untrusted, restricted mode):
// documents are still analysed, but nothing opens a QMP connection or writes a capture, whatever the
// arguments, the settings or the file's header say.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, hoverText, workspaceFile } from './helpers';

const EXTENSION_ID = 'qemu-memmap.qemu-memmap';

/** A unix socket that counts the connections it accepts: it stands where a QEMU's QMP socket would be. */
async function listeningSocket(path: string): Promise<{ server: Server; accepted: () => number }> {
  let count = 0;
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    count++;
    sockets.push(s);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return { server, accepted: () => count };
}

/** Connects once (and hangs up): the server has accepted every earlier connection by the time this one is counted. */
async function probe(path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = createConnection(path, () => {
      s.end();
      resolve();
    });
    s.once('error', reject);
  });
}

suite('QEMU Memory Map in an untrusted workspace', () => {
  test('the workspace is untrusted and the extension runs in restricted mode', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'run-integration.mjs --untrusted must open the workspace untrusted');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.ok(ext.isActive);
  });

  test('captures and layouts are still analysed: diagnostics and the GPA→HVA hover', async () => {
    const layout = workspaceFile('layouts', 'tiny-board.memlayout');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(layout));
    // tiny-board shows an overlap on purpose (see examples/README.md): a diagnostic arrives from the server.
    const diags = await diagnosticsOf(layout, (d) => d.length > 0, 'any diagnostic of the example layout');
    assert.ok(diags.every((d) => /^[A-Z]+\d{3}$/.test(codeOf(d))), diags.map(codeOf).join(', '));

    const capture = workspaceFile('captures', 'q35-devices-qemu10.txt');
    const doc = await vscode.workspace.openTextDocument(capture);
    if (doc.languageId !== 'qemu-capture') await vscode.languages.setTextDocumentLanguage(doc, 'qemu-capture');
    // The FlatView of "memory" has pc.ram at 1 MiB; its hover names the host address.
    const line = doc.getText().split(/\r?\n/).findIndex((l) => /^\s+0000000000100000-000000003fffffff \(prio 0, ram\): pc\.ram /.test(l));
    assert.ok(line >= 0, 'the pc.ram flat range at 1 MiB');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', capture, new vscode.Position(line, 2));
    assert.match(hoverText(hovers), /HVA|host/i, 'the language server answers the GPA→HVA hover');
  });

  test('Capture from QEMU and Re-capture open no QMP connection and write no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmm-untrusted-'));
    const socket = join(dir, 'qmp.sock');
    const { server, accepted } = await listeningSocket(socket);
    try {
      const target = vscode.Uri.file(join(dir, 'capture.qemu-capture'));
      const captured = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.captureFromQemu', `unix:${socket}`, target.toString());
      assert.equal(captured, undefined, 'Capture from QEMU refuses in an untrusted workspace');

      // A saved capture whose header names the socket: Re-capture would take the address from it and rewrite the file.
      const old = join(dir, 'old.qemu-capture');
      const header = `# qemu-memmap capture\n# qmp: unix:${socket}\n`;
      writeFileSync(old, header);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(old)));
      const recaptured = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.recapture', vscode.Uri.file(old).toString());
      assert.equal(recaptured, undefined, 'Re-capture refuses in an untrusted workspace');
      assert.equal(readFileSync(old, 'utf8'), header, 'the old capture is untouched');

      await probe(socket);
      assert.equal(accepted(), 1, 'only the test itself connected to the socket');
      assert.equal(existsSync(target.fsPath), false, 'no capture file was written');
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Capture from gdb is unavailable: disabled in the UI, and run anyway it starts no gdb and writes no file', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    const id = 'qemu-memmap.captureFromGdb';
    assert.equal(pkg.contributes.commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted');
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items.filter((x) => x.command === id)) assert.match(item.when ?? '', /isWorkspaceTrusted/, menu);
    }

    // A gdb first on PATH that records each run: the command must never start it.
    const dir = mkdtempSync(join(tmpdir(), 'qmm-untrusted-gdb-'));
    const ran = join(dir, 'gdb-ran');
    writeFileSync(join(dir, 'gdb'), `#!/bin/sh\necho "$@" >> '${ran}'\nexit 1\n`);
    chmodSync(join(dir, 'gdb'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    // A process it could attach to.
    const victim = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const target = vscode.Uri.file(join(dir, 'capture.qemu-capture'));
      const captured = await vscode.commands.executeCommand<vscode.Uri | undefined>(id, victim.pid, target.toString());
      assert.equal(captured, undefined, 'Capture from gdb refuses in an untrusted workspace');
      const fromCore = await vscode.commands.executeCommand<vscode.Uri | undefined>(id, join(dir, 'core'), target.toString(), process.execPath);
      assert.equal(fromCore, undefined, 'also for a core file');

      // A saved gdb capture of that process: Re-capture would attach to it again and rewrite the file.
      const old = join(dir, 'old.qemu-capture');
      const header = `# qemu-memmap capture\n# gdb: live process ${String(victim.pid)}\n# binary: ${process.execPath}\n`;
      writeFileSync(old, header);
      const recaptured = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.recapture', vscode.Uri.file(old).toString());
      assert.equal(recaptured, undefined, 'Re-capture of a gdb capture refuses too');
      assert.equal(readFileSync(old, 'utf8'), header, 'the old capture is untouched');

      assert.equal(existsSync(ran), false, 'gdb was never started');
      assert.equal(existsSync(target.fsPath), false, 'no capture file was written');
    } finally {
      process.env.PATH = path;
      victim.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
