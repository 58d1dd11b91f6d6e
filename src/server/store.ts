import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedDocument, DocumentKind } from '../core';
import { analyzeDocument, detectKind } from '../core';
import { DocumentIndex } from '../core/features/locate';

/** One analysis of one version of a document. */
export interface Analysis {
  readonly uri: string;
  readonly version: number;
  readonly doc: AnalyzedDocument;
  readonly index: DocumentIndex;
}

/** Language ids that say what a document is; anything else is detected from its content. */
const KIND_OF_LANGUAGE: Readonly<Record<string, DocumentKind>> = { 'qemu-capture': 'capture', memlayout: 'layout' };

/**
 * Analyses documents on demand and keeps the latest analysis of each. Hovers and other requests use the
 * newest finished analysis, so they never wait for one that is scheduled after an edit.
 */
export class AnalysisStore {
  private readonly cache = new Map<string, Analysis>();

  /** Drops a closed document's analysis. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The analysis of exactly this version, computing it if needed. */
  analyze(doc: TextDocument): Analysis {
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const kind = KIND_OF_LANGUAGE[doc.languageId] ?? detectKind(text);
    const analyzed = analyzeDocument(text, kind);
    const a: Analysis = { uri: doc.uri, version: doc.version, doc: analyzed, index: new DocumentIndex(analyzed) };
    this.cache.set(doc.uri, a);
    return a;
  }

  /** The newest analysis of a document, even of an older version; computed when there is none yet. */
  latest(doc: TextDocument): Analysis {
    return this.cache.get(doc.uri) ?? this.analyze(doc);
  }
}
