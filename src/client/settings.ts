import * as vscode from 'vscode';

/** The configuration section: settings are `qemuMemmap.*`. */
export const SECTION = 'qemuMemmap';

/** A number setting of the server's, or its default when unset, negative or not a number. */
function serverNumber(key: string, fallback: number): number {
  const v = vscode.workspace.getConfiguration(SECTION).get<number>(key, fallback);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** `qemuMemmap.server.debounceMs`: how long the server waits after an edit before analysing (workspace value: one server serves all folders). */
export function debounceMs(): number {
  return serverNumber('server.debounceMs', 150);
}

/** `qemuMemmap.server.maxFileSizeMB`: documents above this size are analysed in part (0: no limit). */
export function maxFileSizeMB(): number {
  return serverNumber('server.maxFileSizeMB', 8);
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
