// An `extensionTestsPath` entry that only measures activation: it activates the installed extension
// and appends what `activate()` took (language server started and its `initialize` answered) to
// `$QMM_IT_DIR/activation.jsonl`. `scripts/run-integration.mjs --activation=N` loads it N times, each
// in a fresh extension host. Not a `*.test.js`: the suite's index never runs it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ activationMs: number }>('qemu-memmap.qemu-memmap');
  if (!ext) throw new Error('qemu-memmap.qemu-memmap is not installed');
  // activationMs is measured inside activate(), whatever triggered it (the probe, or an activation event).
  const api = await ext.activate();
  const dir = process.env.QMM_IT_DIR;
  if (!dir) throw new Error('QMM_IT_DIR is not set');
  appendFileSync(join(dir, 'activation.jsonl'), `${JSON.stringify({ activationMs: api.activationMs })}\n`);
}
