import type { Span } from '../model/span';
import type { BlockField, RegionExprWord, RegionFlag, RegionIntWord, RegionKeyword } from './keywords';

export type { RegionKeyword } from './keywords';

/** A name as written: bare or quoted. */
export interface NameNode {
  readonly text: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** An alias target or address-space root: a name, or `$id`. */
export interface RefNode {
  readonly byId: boolean;
  readonly text: string;
  readonly span: Span;
}

/** An expression with its value (undefined when it could not be evaluated) and its source text. */
export interface ExprNode {
  readonly value: bigint | undefined;
  /** The expression's text with spacing normalised (`4G - 256K`), for the formatter. */
  readonly text: string;
  readonly span: Span;
}

type ExprAttr<K extends string> = { readonly key: K; readonly expr: ExprNode; readonly span: Span };
type IntAttr<K extends string> = { readonly key: K; readonly value: number | undefined; readonly text: string; readonly span: Span };
type FlagAttr<K extends string> = { readonly key: K; readonly span: Span };

/** `@ EXPR`, `size EXPR`, `offset EXPR`, `priority N`, `order N`, flags, `-> TARGET`. */
export type AttrNode =
  | ExprAttr<'at'> | { [K in RegionExprWord]: ExprAttr<K> }[RegionExprWord]
  | { [K in RegionIntWord]: IntAttr<K> }[RegionIntWord]
  | { [K in RegionFlag]: FlagAttr<K> }[RegionFlag]
  /** `ref` is undefined when the line ends after `->` (the parser reported it; kept so no one reports the target missing again). */
  | { readonly key: 'target'; readonly ref: RefNode | undefined; readonly span: Span };

/** A region declaration with its subregions. */
export interface RegionDecl {
  readonly type: 'region';
  readonly keyword: RegionKeyword;
  readonly keywordSpan: Span;
  readonly name: NameNode;
  readonly id?: NameNode;
  readonly attrs: AttrNode[];
  readonly children: RegionDecl[];
  /** From the keyword to the closing brace (or the end of the header). */
  readonly span: Span;
  /** Nesting depth: 0 at the top level. */
  readonly depth: number;
}

/** `address-space NAME root TARGET`. */
export interface SpaceDecl {
  readonly type: 'space';
  readonly name: NameNode;
  readonly root: RefNode | undefined;
  readonly span: Span;
}

/** `ramblock NAME size EXPR [max EXPR] [page EXPR] [host EXPR] [offset EXPR] [resizeable] [readonly]`. */
export interface BlockDecl {
  readonly type: 'ramblock';
  readonly name: NameNode;
  readonly fields: { readonly key: BlockField; readonly expr: ExprNode; readonly span: Span }[];
  readonly resizeable: boolean;
  /** The block's region is read-only (QEMU 8.0+ prints `ro`). */
  readonly readonly: boolean;
  readonly span: Span;
}

/** A `#` comment, kept for the formatter. */
export interface CommentNode {
  readonly text: string;
  readonly span: Span;
  /** True when code precedes it on the same line. */
  readonly trailing: boolean;
}

/** A parsed layout file. */
export interface LayoutFile {
  /** Top-level items in file order. */
  readonly items: (RegionDecl | SpaceDecl | BlockDecl)[];
  readonly comments: CommentNode[];
  readonly lineCount: number;
}

/** The first attribute of a kind on a region, if any. */
export function attrOf<K extends AttrNode['key']>(r: RegionDecl, key: K): Extract<AttrNode, { key: K }> | undefined {
  return r.attrs.find((a): a is Extract<AttrNode, { key: K }> => a.key === key);
}
