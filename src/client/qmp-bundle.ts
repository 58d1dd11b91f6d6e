import { createRequire } from 'node:module';
import type * as vscode from 'vscode';
import type * as Qmp from '../qmp';

/**
 * The QMP adapter (live captures: the QMP client and the probes, which need the whole core), loaded from
 * its own bundle the first time a capture is taken: the client bundle stays small and activation does
 * not load code most sessions never run. The package ships dist/qmp.js for this (and for scripts).
 */
export function loadQmp(context: vscode.ExtensionContext): typeof Qmp {
  return createRequire(__filename)(context.asAbsolutePath('dist/qmp.js')) as typeof Qmp;
}
