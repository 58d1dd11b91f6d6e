import type { AnalyzedDocument } from '../document';
import { captureTokens } from './capture-tokens';
import { layoutTokens } from './layout-tokens';
import type { SemanticToken } from './token-sink';
import { Sink } from './token-sink';

export type { SemanticToken, TokenModifier, TokenType } from './token-sink';
export { TOKEN_MODIFIERS, TOKEN_TYPES } from './token-sink';

/**
 * Semantic tokens of a document, sorted, never overlapping, one line each. Captures: addresses and
 * numbers, region names (readonly for ROM, deprecated when disabled), alias targets, address-space
 * names, type words, prompts. Layouts: keywords, names, ids, numbers, operators, comments. Linear.
 */
export function semanticTokens(doc: AnalyzedDocument, lines: readonly string[]): SemanticToken[] {
  const out = new Sink(lines);
  if (doc.capture) captureTokens(out, doc.capture);
  if (doc.layout) layoutTokens(out, doc.layout.file, lines);
  return out.finish();
}
