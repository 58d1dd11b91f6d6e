/// <reference types="mocha" />
// Capture from gdb inside a real VS Code: a paused QEMU with debug info (scripts/build-debug-qemu.sh 7.2), picked
// in the command's quick pick by the harness as a person would; the capture is written, opened as a capture that
// parses without errors or warnings, and names gdb in its header; Re-capture attaches again, and once that QEMU
// is gone it says so and leaves the file alone. Skipped, saying why, without the debug build or gdb.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { debugQemu, header, noGdb, startPaused } from '../../gdb/helpers';
import { checkpoint, codeOf, diagnosticsOf, report, waitFor, workspaceFile } from './helpers';


suite('Capture from gdb', () => {
  test('picks a paused QEMU in the quick pick, captures it through gdb, opens it, re-captures it, and refuses once it is gone', async function () {
    this.timeout(180_000);
    const binary = debugQemu('7.2');
    const why = !existsSync(binary) ? `${binary} is absent: build it with \`bash scripts/build-debug-qemu.sh 7.2\` (see docs/gdb-capture.md)` : noGdb();
    if (why) {
      report(`Capture from gdb: skipped: ${why}`);
      this.skip();
    }
    const qemu = await startPaused(binary, ['-M', 'pc', '-m', '128M']);
    let stopped = false;
    try {
      const target = workspaceFile('live', 'gdb-pc.qemu-capture');
      mkdirSync(vscode.Uri.joinPath(target, '..').fsPath, { recursive: true });
      // The command asks what to capture; the harness types the PID into the quick pick and clicks that QEMU's row.
      const running = vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.captureFromGdb', undefined, target.toString());
      const answer = await checkpoint('gdb-pick', { pickFilter: `PID ${String(qemu.pid)}`, pickRow: `\\(PID ${String(qemu.pid)}\\)` });
      let uri: vscode.Uri | undefined;
      if (answer === undefined) {
        // No harness (a desktop run): nobody can click; close the pick and name the PID instead.
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await running;
        uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.captureFromGdb', qemu.pid, target.toString());
      } else {
        assert.equal(answer.error, undefined, answer.error);
        uri = await running;
      }
      assert.equal(uri?.toString(), target.toString(), 'the command resolves to the file it wrote');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), target.toString(), 'the capture is opened');
      assert.equal(editor.document.languageId, 'qemu-capture');
      const first = readFileSync(target.fsPath, 'utf8');
      assert.equal(header(first, 'gdb'), `live process ${String(qemu.pid)}`);
      assert.equal(header(first, 'binary'), binary);
      assert.equal(header(first, 'command'), 'VS Code: QEMU Memory: Capture from gdb');
      assert.equal(header(first, 'qmp'), undefined);
      // It parses as a whole capture: the pc machine's LY102 notes arrive, and nothing worse.
      const diags = await diagnosticsOf(target, (d) => d.some((x) => codeOf(x) === 'LY102'), 'the LY102 notes of a pc machine');
      assert.deepEqual(diags.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => `${d.range.start.line + 1}: ${codeOf(d)} ${d.message}`), []);

      // Re-capture reads the header's gdb: key and attaches to the same QEMU again.
      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.recapture', target.toString());
      assert.equal(again?.toString(), target.toString());
      const second = readFileSync(target.fsPath, 'utf8');
      assert.notEqual(header(second, 'time'), header(first, 'time'), 'a new capture was written');
      assert.equal(header(second, 'gdb'), `live process ${String(qemu.pid)}`);
      assert.equal(header(second, 'command'), 'VS Code: QEMU Memory: Re-capture from QEMU');
      await waitFor(vscode.workspace.onDidChangeTextDocument, () => (editor.document.getText() === second ? true : undefined), 'the open capture to show the new file');

      // Once that QEMU is gone, Re-capture says why it cannot, and neither asks for a QMP address nor writes.
      await qemu.stop();
      stopped = true;
      const gone = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.recapture', target.toString());
      assert.equal(gone, undefined);
      assert.equal(readFileSync(target.fsPath, 'utf8'), second, 'the capture is untouched');
    } finally {
      if (!stopped) await qemu.stop();
    }
  });
});
