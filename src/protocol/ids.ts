/**
 * Every id the extension contributes, in one place for the client and the server: package.json's
 * `contributes` names the same strings (the integration suite asserts them). Pure: no VS Code API.
 */

/** The language client's id: it reads `qemuMemmap.trace.server`. */
export const CLIENT_ID = 'qemuMemmap';

/** Commands (category "QEMU Memory"). `qemu-memmap.reflatten` is the server's (workspace/executeCommand), not listed here. */
export const Commands = {
  reflattenActive: 'qemu-memmap.reflattenActive',
  showMap: 'qemu-memmap.showMap',
  translateGpa: 'qemu-memmap.translateGpa',
  translateHva: 'qemu-memmap.translateHva',
  why: 'qemu-memmap.why',
  convertToLayout: 'qemu-memmap.convertToLayout',
  exportJson: 'qemu-memmap.exportJson',
  selectAddressSpace: 'qemu-memmap.selectAddressSpace',
  revealRange: 'qemu-memmap.revealRange',
  refreshViews: 'qemu-memmap.refreshViews',
  restartServer: 'qemu-memmap.restartServer',
  captureFromQemu: 'qemu-memmap.captureFromQemu',
  captureFromGdb: 'qemu-memmap.captureFromGdb',
  recapture: 'qemu-memmap.recapture',
  compareCaptures: 'qemu-memmap.compareCaptures',
  selectForCompare: 'qemu-memmap.selectForCompare',
  compareWithSelected: 'qemu-memmap.compareWithSelected',
  rerunCompare: 'qemu-memmap.rerunCompare',
  swapCompare: 'qemu-memmap.swapCompare',
  openDifferenceA: 'qemu-memmap.openDifferenceA',
  openDifferenceB: 'qemu-memmap.openDifferenceB',
} as const;

/** The activity-bar container and its tree views. */
export const Views = {
  container: 'qemuMemory',
  addressSpaces: 'qemuMemmap.addressSpaces',
  flatView: 'qemuMemmap.flatView',
  ramBlocks: 'qemuMemmap.ramBlocks',
  differences: 'qemuMemmap.differences',
} as const;

/** Context keys the `when` clauses read. */
export const ContextKeys = {
  /** True while the views show a model (the active capture or layout, or the last one). */
  hasModel: 'qemuMemmap.hasModel',
  /** `capture` or `layout`: the kind of the document the views show. */
  modelKind: 'qemuMemmap.modelKind',
  /** True when the shown model lists RAMBlocks (a capture with info ramblock, a layout with ramblocks). */
  hasBlocks: 'qemuMemmap.hasBlocks',
  /** True when the shown model has address spaces (a capture with info mtree, a layout with regions). */
  hasSpaces: 'qemuMemmap.hasSpaces',
  /** True when the shown model has flat views. */
  hasViews: 'qemuMemmap.hasViews',
  /** True once the Differences view shows a comparison. */
  hasComparison: 'qemuMemmap.hasComparison',
  /** True once a file was chosen with "Select for Compare". */
  compareSelected: 'qemuMemmap.compareSelected',
} as const;

/** The scheme of the read-only reflattened documents. */
export const SCHEME = 'qemu-memmap';

/** The language ids the extension contributes. */
export const Languages = { capture: 'qemu-capture', layout: 'memlayout' } as const;

/** Document schemes the language server serves (not `qemu-memmap`: the reflattened views are shown, not analysed). */
export const SERVED_SCHEMES = ['file', 'untitled', 'vscode-vfs'] as const;

/** The documents the language server gets: both languages, and plain-text captures named after what they hold. */
export const DOCUMENT_SELECTOR: readonly { scheme: string; language: string; pattern?: string }[] = [
  ...SERVED_SCHEMES.flatMap((scheme) => [{ scheme, language: Languages.capture }, { scheme, language: Languages.layout }]),
  { scheme: 'file', language: 'plaintext', pattern: '**/*{mtree,ramblock,gpa2hva}*.txt' },
];
