import type { LanguageClient } from 'vscode-languageclient/node';
import type { ModelSource } from './model-source';
import type { ReflattenDocuments } from './reflatten-documents';
import type { DifferencesProvider } from './views/differences';
import type { ViewProviders, ViewSelection } from './views/register';

/** What `activate` returns: the integration suite drives the extension through it. */
export interface QemuMemmapApi {
  /** The running language client. */
  readonly client: LanguageClient;
  /** The tree data providers of the three views (`getChildren()`, `getTreeItem(node)`, `getParent(node)`). */
  readonly views: ViewProviders;
  /** What each of the three views has selected (they follow the editor's cursor). */
  readonly selection: ViewSelection;
  /** The model the views show: `refresh()` resolves once they have the active document's, `onDidChange` fires after. */
  readonly models: ModelSource;
  /** The reflattened documents: `linesOf(uri)` gives the highlighted lines. */
  readonly reflattened: ReflattenDocuments;
  /** The Differences view: `comparison` is the last "Compare Two Captures", `getChildren()` its tree. */
  readonly differences: DifferencesProvider;
  /** How long activate() took, language server start and initialize included (the integration suite reports it). */
  readonly activationMs: number;
}
