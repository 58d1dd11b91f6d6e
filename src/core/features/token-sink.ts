import type { Span } from '../model/span';

/** Token types, in legend order (the index is what the wire carries). */
export const TOKEN_TYPES = ['namespace', 'type', 'variable', 'property', 'keyword', 'number', 'string', 'comment', 'operator', 'function', 'enumMember', 'macro'] as const;
/** Token modifiers, in legend order (bit i of the wire's bit set). */
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'deprecated'] as const;

/** One of TOKEN_TYPES. */
export type TokenType = (typeof TOKEN_TYPES)[number];
/** One of TOKEN_MODIFIERS. */
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** A classified piece of one line. */
export interface SemanticToken {
  readonly line: number;
  readonly col: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

interface Pending extends SemanticToken {
  /** 0 for tokens read from the structure, 1 for numbers found by scanning: structure wins a clash. */
  readonly rank: number;
}

/** Collects a document's tokens by line so that ordering costs no sort of the whole document. */
export class Sink {
  private readonly byLine: (Pending[] | undefined)[] = [];

  constructor(private readonly lines: readonly string[]) {}

  text(line: number): string {
    return this.lines[line] ?? '';
  }

  add(line: number, col: number, endCol: number, type: TokenType, modifiers: readonly TokenModifier[] = [], rank = 0): void {
    const end = Math.min(endCol, this.text(line).length);
    if (col < 0 || end <= col) return;
    const list = this.byLine[line];
    const t: Pending = { line, col, length: end - col, type, modifiers, rank };
    if (list) list.push(t);
    else this.byLine[line] = [t];
  }

  span(s: Span, type: TokenType, modifiers: readonly TokenModifier[] = []): void {
    // Tokens never cross lines: a multi-line span is marked on its first line only.
    this.add(s.line, s.col, s.endLine === s.line ? s.endCol : this.text(s.line).length, type, modifiers);
  }

  /** Marks every `0x…` number and every bare 16/17-digit hex number of a line's columns [from, to). */
  numbers(line: number, from = 0, to = Infinity): void {
    const text = this.text(line).slice(0, Math.min(to, this.text(line).length));
    const re = /0x[0-9a-fA-F]+|(?<![0-9A-Za-z_.])[0-9a-fA-F]{16,17}(?![0-9A-Za-z_])/g;
    re.lastIndex = from;
    for (let m = re.exec(text); m; m = re.exec(text)) this.add(line, m.index, m.index + m[0].length, 'number', [], 1);
  }

  /** Lines in order; on each, tokens by column with any overlap of an earlier (or better-ranked) token dropped. */
  finish(): SemanticToken[] {
    const out: SemanticToken[] = [];
    this.byLine.forEach((list) => {
      if (!list) return;
      list.sort((a, b) => a.col - b.col || a.rank - b.rank);
      let end = -1;
      for (const t of list) {
        if (t.col < end) continue;
        out.push({ line: t.line, col: t.col, length: t.length, type: t.type, modifiers: t.modifiers });
        end = t.col + t.length;
      }
    });
    return out;
  }
}
