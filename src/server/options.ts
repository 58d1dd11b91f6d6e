import type { AnalysisLimit } from '../core/service';

/** What the client may set in `initializationOptions`. */
export interface ServerOptions {
  /** The longest wait after an edit before analysing again (see DiagnosticsPublisher). */
  debounceMs: number;
  /** Documents above this many MiB of text are analysed up to the limit only (0: no limit). */
  maxFileSizeMB: number;
}

/**
 * Default limit: about 110,000 capture lines. A 100,000-line capture (7.4 MB) took 1.8–5 s to analyse on
 * a loaded 2-core machine (npm run bench), and the server answers nothing else meanwhile.
 */
export const DEFAULT_OPTIONS: ServerOptions = { debounceMs: 150, maxFileSizeMB: 8 };

const RAISE = 'raise the language server option maxFileSizeMB to analyse more: qemuMemmap.server.maxFileSizeMB in VS Code';

/** The options from `initializationOptions`, each unusable value replaced by its default. */
export function readOptions(init: unknown): ServerOptions {
  const o = (typeof init === 'object' && init !== null ? init : {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return { debounceMs: num(o.debounceMs, DEFAULT_OPTIONS.debounceMs), maxFileSizeMB: num(o.maxFileSizeMB, DEFAULT_OPTIONS.maxFileSizeMB) };
}

/** The analysis limit these options set, if any. */
export function analysisLimit(o: ServerOptions): AnalysisLimit | undefined {
  return o.maxFileSizeMB > 0 ? { maxChars: Math.floor(o.maxFileSizeMB * 1024 * 1024), raise: RAISE } : undefined;
}
