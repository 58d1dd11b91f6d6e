import * as vscode from 'vscode';

/** The configuration section: settings are `qemuMemmap.*`. */
export const SECTION = 'qemuMemmap';

/** `qemuMemmap.server.debounceMs`: how long the server waits after an edit before analysing (workspace value: one server serves all folders). */
export function debounceMs(): number {
  const v = vscode.workspace.getConfiguration(SECTION).get<number>('server.debounceMs', 150);
  return Number.isFinite(v) && v >= 0 ? v : 150;
}

/** `qemuMemmap.server.maxFileSizeMB`: documents above this size are analysed in part (0: no limit). */
export function maxFileSizeMB(): number {
  const v = vscode.workspace.getConfiguration(SECTION).get<number>('server.maxFileSizeMB', 8);
  return Number.isFinite(v) && v >= 0 ? v : 8;
}

/** `qemuMemmap.map.defaultAddressSpace` for a document: the address space to start with (empty = the document's GPA space). */
export function defaultAddressSpace(uri: vscode.Uri | undefined): string | undefined {
  const v = vscode.workspace.getConfiguration(SECTION, uri).get<string>('map.defaultAddressSpace', '');
  return v.trim() === '' ? undefined : v.trim();
}

/** `qemuMemmap.qmp.address` (machine scope: only user or remote settings, never a workspace, may name a socket). */
export function qmpAddress(): string {
  return vscode.workspace.getConfiguration(SECTION).get<string>('qmp.address', '').trim();
}
