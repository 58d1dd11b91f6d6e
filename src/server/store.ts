import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis as DocumentAnalysis, AnalysisLimit, AnalyzedDocument, DocumentKind, LanguageService } from '../core/service';
import { createLanguageService } from '../core/service';
import { Languages } from '../protocol';
import { collectGarbage } from './memory';

/** Documents up to this size are analysed on the spot when a request needs them (a few milliseconds). */
const QUICK_ANALYSIS_CHARS = 400_000;

/** The language service's analysis of one version of a document. */
export class Analysis {
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly analysis: DocumentAnalysis,
  ) {}

  /** The analysed document. */
  get doc(): AnalyzedDocument {
    return this.analysis.doc;
  }
}

/** Language ids that say what a document is; anything else is detected from its content. */
const KIND_OF_LANGUAGE: Readonly<Record<string, DocumentKind>> = { [Languages.capture]: 'capture', [Languages.layout]: 'layout' };

/**
 * Analyses documents on demand and keeps the latest analysis of each. Requests on a big document never
 * wait for the analysis scheduled after an edit. Documents bigger than the limit are analysed in part.
 */
export class AnalysisStore {
  private readonly cache = new Map<string, Analysis>();
  private readonly durations = new Map<string, number>();
  /** The core's language service, which every handler asks. */
  readonly service: LanguageService = createLanguageService();

  constructor(private readonly limit: () => AnalysisLimit | undefined = () => undefined) {}

  /** Drops a closed document's analysis. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.durations.delete(uri);
  }

  /** How long the latest analysis of a document took (undefined before the first). */
  lastMs(uri: string): number | undefined {
    return this.durations.get(uri);
  }

  /**
   * An analysis of `text` for a request that names a document by its text (Compare, Convert): the open
   * document's own analysis when the editor sent what the server has, else one made now, within the size limit.
   */
  analyseText(open: TextDocument | undefined, text: string): DocumentAnalysis {
    if (open && open.getText() === text) return this.analyze(open).analysis;
    return this.service.analyse(text, { limit: this.limit() });
  }

  /** The analysis of exactly this version, computing it if needed. */
  analyze(doc: TextDocument): Analysis {
    return this.current(doc) ?? this.replace(doc);
  }

  /**
   * The analysis to answer a request with: the current one, computed now when the document is small
   * enough to analyse within a keystroke; for a big document whose analysis is still pending after an
   * edit, undefined (no answer beats an answer about shifted lines).
   */
  forRequest(doc: TextDocument): Analysis | undefined {
    const current = this.current(doc);
    if (current) return current;
    if (!this.cache.has(doc.uri) || doc.getText().length <= QUICK_ANALYSIS_CHARS) return this.replace(doc);
    return undefined;
  }

  /** The cached analysis of a document if it is of this version. */
  private current(doc: TextDocument): Analysis | undefined {
    const cached = this.cache.get(doc.uri);
    return cached?.version === doc.version ? cached : undefined;
  }

  /**
   * Analyses a document anew. Nothing answers from an old version while this runs, so the old analysis
   * is let go first and no caller's frame holds it (a local variable would keep it alive until the new one
   * is made: two analyses in memory at the peak, the old one then garbage).
   */
  private replace(doc: TextDocument): Analysis {
    const t0 = performance.now();
    const text = doc.getText();
    if (this.cache.delete(doc.uri)) collectGarbage(text.length);
    const a = new Analysis(doc.uri, doc.version, this.service.analyse(text, { claimed: KIND_OF_LANGUAGE[doc.languageId], limit: this.limit() }));
    this.cache.set(doc.uri, a);
    this.durations.set(doc.uri, performance.now() - t0);
    return a;
  }
}

/**
 * A request handler that answers from the current analysis of the request's document (`forRequest`), or
 * with `none` when the document is not open or a big document's analysis is still pending.
 */
export function answerFrom<P extends { textDocument: { uri: string } }, R, N>(
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  none: N,
  answer: (a: Analysis, p: P, doc: TextDocument) => R,
): (p: P) => R | N {
  return (p) => {
    const doc = documents.get(p.textDocument.uri);
    const a = doc && store.forRequest(doc);
    return doc && a ? answer(a, p, doc) : none;
  };
}
