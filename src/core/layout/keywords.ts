/**
 * The layout language's words: the one list that the lexer, parser, syntax tree, semantic tokens,
 * completion and document detection derive from (a test checks the TextMate grammar against it).
 */
import type { RegionKeyword } from '../model/region-kind';
import { REGION_KEYWORDS } from '../model/region-kind';

export type { RegionKeyword } from '../model/region-kind';
export { REGION_KEYWORDS } from '../model/region-kind';

/** The keywords of the top-level items other than regions. */
export const SPACE_KEYWORD = 'address-space';
export const BLOCK_KEYWORD = 'ramblock';
/** `address-space NAME root TARGET`. */
export const ROOT_KEYWORD = 'root';

/** The keywords that start an item: a region's kind, `address-space`, `ramblock`. */
export const ITEM_KEYWORDS: readonly string[] = [...REGION_KEYWORDS, SPACE_KEYWORD, BLOCK_KEYWORD];

/** A region attribute that takes an expression (`size EXPR`, `offset EXPR`; `@ EXPR` is punctuation). */
export type RegionExprWord = 'size' | 'offset';
/** A region attribute that takes an integer. */
export type RegionIntWord = 'priority' | 'order';
/** A region attribute that stands alone. */
export type RegionFlag = 'disabled' | 'readonly' | 'nonvolatile' | 'romd';
/** A ramblock field that takes an expression. */
export type BlockField = 'size' | 'max' | 'page' | 'host' | 'offset';
/** A ramblock flag. */
export type BlockFlag = 'resizeable' | 'readonly';

/** The words of each list (a Record, so that a word added to a type must be added here). */
const REGION_EXPR: Readonly<Record<RegionExprWord, true>> = { size: true, offset: true };
const REGION_INT: Readonly<Record<RegionIntWord, true>> = { priority: true, order: true };
const REGION_FLAG: Readonly<Record<RegionFlag, true>> = { disabled: true, readonly: true, nonvolatile: true, romd: true };
const BLOCK_FIELD: Readonly<Record<BlockField, true>> = { size: true, max: true, page: true, host: true, offset: true };
const BLOCK_FLAG: Readonly<Record<BlockFlag, true>> = { resizeable: true, readonly: true };

/** Region attribute words, by what follows them. */
export const REGION_EXPR_WORDS = Object.keys(REGION_EXPR) as readonly RegionExprWord[];
export const REGION_INT_WORDS = Object.keys(REGION_INT) as readonly RegionIntWord[];
export const REGION_FLAGS = Object.keys(REGION_FLAG) as readonly RegionFlag[];
/** Ramblock words. */
export const BLOCK_FIELDS = Object.keys(BLOCK_FIELD) as readonly BlockField[];
export const BLOCK_FLAGS = Object.keys(BLOCK_FLAG) as readonly BlockFlag[];

/** Every word of the language, each once. */
export const LAYOUT_KEYWORDS: readonly string[] = [...new Set<string>([
  ...ITEM_KEYWORDS, ROOT_KEYWORD, ...REGION_EXPR_WORDS, ...REGION_INT_WORDS, ...REGION_FLAGS, ...BLOCK_FIELDS, ...BLOCK_FLAGS,
])];

const REGION_KEYWORD_SET: ReadonlySet<string> = new Set(REGION_KEYWORDS);
const ITEM_KEYWORD_SET: ReadonlySet<string> = new Set(ITEM_KEYWORDS);
const REGION_FLAG_SET: ReadonlySet<string> = new Set(REGION_FLAGS);
const BLOCK_FIELD_SET: ReadonlySet<string> = new Set(BLOCK_FIELDS);

/** True when `word` is a region kind keyword. */
export function isRegionKeyword(word: string): word is RegionKeyword {
  return REGION_KEYWORD_SET.has(word);
}

/** True when `word` starts an item (a region's kind, `address-space` or `ramblock`). */
export function isItemKeyword(word: string): boolean {
  return ITEM_KEYWORD_SET.has(word);
}

/** True when `word` is a region flag. */
export function isRegionFlag(word: string): word is RegionFlag {
  return REGION_FLAG_SET.has(word);
}

/** True when `word` is a region attribute that takes an expression (`size`, `offset`). */
export function isRegionExprWord(word: string): word is RegionExprWord {
  return Object.hasOwn(REGION_EXPR, word);
}

/** True when `word` is a region attribute that takes an integer (`priority`, `order`). */
export function isRegionIntWord(word: string): word is RegionIntWord {
  return Object.hasOwn(REGION_INT, word);
}

/** True when `word` is a ramblock field that takes an expression. */
export function isBlockField(word: string): word is BlockField {
  return BLOCK_FIELD_SET.has(word);
}

/** A regex source matching any of `words` (none of the language's words has a regex metacharacter). */
export function alternation(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
