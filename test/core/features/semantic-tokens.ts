import type { SemanticToken, TokenType } from '../../../src/core/features/tokens';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../src/core/features/tokens';

/** The inverse of the server's encodeSemanticTokens: tokens from LSP's relative encoding. */
export function decodeSemanticTokens(data: readonly number[]): SemanticToken[] {
  const out: SemanticToken[] = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const dl = data[i] as number;
    line += dl;
    col = dl === 0 ? col + (data[i + 1] as number) : (data[i + 1] as number);
    const bits = data[i + 4] as number;
    out.push({ line, col, length: data[i + 2] as number, type: TOKEN_TYPES[data[i + 3] as number] as TokenType, modifiers: TOKEN_MODIFIERS.filter((_, b) => (bits & (1 << b)) !== 0) });
  }
  return out;
}
