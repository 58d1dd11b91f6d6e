/// <reference types="mocha" />
// Capture from QEMU inside a real VS Code: a real, paused QEMU with QMP on a unix socket; the command
// writes the capture, opens it as a capture without errors or warnings, and Re-capture refreshes it.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startQemu } from '../../live/qemu';
import { codeOf, diagnosticsOf, waitFor, workspaceFile } from './helpers';

/** The `# time:` of a capture's header. */
function timeOf(text: string): string | undefined {
  return /^# time: (.*)$/m.exec(text)?.[1];
}

suite('Capture from QEMU', () => {
  test('captures a running QEMU into a file, opens it without problems, and re-captures into it', async () => {
    const qemu = await startQemu(['-M', 'pc', '-m', '128M']);
    try {
      const target = workspaceFile('live', 'pc.qemu-capture');
      mkdirSync(vscode.Uri.joinPath(target, '..').fsPath, { recursive: true });
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.captureFromQemu', qemu.address, target.toString());
      assert.equal(uri?.toString(), target.toString(), 'the command resolves to the file it wrote');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), target.toString(), 'the capture is opened');
      assert.equal(editor.document.languageId, 'qemu-capture');
      const first = readFileSync(target.fsPath, 'utf8');
      assert.match(first, /^# qemu-memmap capture\n# qemu: 7\.2\.\d+ /);
      assert.ok(first.includes(`# qmp: ${qemu.address}\n`));
      // The pc machine's SMRAM hides part of ram-below-4g: that information arrives; nothing worse does.
      const diags = await diagnosticsOf(target, (d) => d.some((x) => codeOf(x) === 'LY102'), 'the LY102 notes of a pc machine');
      assert.deepEqual(diags.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => `${d.range.start.line + 1}: ${codeOf(d)} ${d.message}`), []);

      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('qemu-memmap.recapture', target.toString());
      assert.equal(again?.toString(), target.toString());
      const second = readFileSync(target.fsPath, 'utf8');
      const time = timeOf(second);
      assert.ok(time && time !== timeOf(first), 'a new capture was written');
      assert.match(second, /^# command: VS Code: QEMU Memory: Re-capture from QEMU$/m);
      await waitFor(vscode.workspace.onDidChangeTextDocument, () => (editor.document.getText().includes(`# time: ${time}`) ? true : undefined), 'the open capture to show the new file');
    } finally {
      await qemu.stop();
    }
  });
});
