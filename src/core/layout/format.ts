import { splitLines } from '../capture/lines';
import type { AttrNode, BlockDecl, CommentNode, RefNode, RegionDecl, SpaceDecl } from './ast';
import { parseLayout } from './parser';
import { layoutName } from './names';
import { BLOCK_KEYWORD, ROOT_KEYWORD, SPACE_KEYWORD } from './keywords';

/** One line of code in the output, with the source range it was printed from. */
interface CodeLine {
  readonly indent: number;
  readonly text: string;
  /** Position of its first token. */
  readonly line: number;
  readonly col: number;
  /** End of its last token (exclusive): a comment before this lies inside the line's range. */
  readonly endLine: number;
  readonly endCol: number;
  /** A header whose body stays open below it: no blank line may follow. */
  readonly opens: boolean;
  /** A lone `}`: no blank line may precede it. */
  readonly closes: boolean;
}

/** One output line: code (with its trailing comment) or a full-line comment. */
interface Entry {
  readonly indent: number;
  readonly text: string;
  /** Source lines used to decide whether a blank line separated it from the entry before. */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly opens: boolean;
  readonly closes: boolean;
}

const INDENT = '  ';
const ATTR_RANK: Readonly<Record<AttrNode['key'], number>> = {
  at: 0, size: 1, target: 2, offset: 3, priority: 4, order: 5, readonly: 6, nonvolatile: 7, romd: 8, disabled: 9,
};
const FIELD_RANK: Readonly<Record<BlockDecl['fields'][number]['key'], number>> = { size: 0, max: 1, page: 2, host: 3, offset: 4 };

/** True when position a comes strictly before position b. */
function before(aLine: number, aCol: number, bLine: number, bCol: number): boolean {
  return aLine < bLine || (aLine === bLine && aCol < bCol);
}



function refText(ref: RefNode): string {
  return ref.byId ? '$' + ref.text : layoutName(ref.text);
}

function attrText(a: AttrNode): string {
  switch (a.key) {
    case 'at':
      return '@' + a.expr.text;
    case 'size':
    case 'offset':
      return `${a.key} ${a.expr.text}`;
    case 'priority':
    case 'order':
      return `${a.key} ${a.text}`;
    case 'target':
      return a.ref ? '-> ' + refText(a.ref) : '->';
    default:
      return a.key;
  }
}

/** `KIND NAME [$id] attrs…` with the attributes in canonical order (a stable sort keeps duplicates in source order). */
function headerText(r: RegionDecl): string {
  const parts: string[] = [r.keyword, layoutName(r.name.text)];
  if (r.id) parts.push('$' + r.id.text);
  const attrs = r.attrs.slice().sort((a, b) => ATTR_RANK[a.key] - ATTR_RANK[b.key]);
  for (const a of attrs) parts.push(attrText(a));
  return parts.join(' ');
}

function spaceText(s: SpaceDecl): string {
  // A space without a root is a parse error, so formatting never gets here without one.
  return `${SPACE_KEYWORD} ${layoutName(s.name.text)}` + (s.root ? ` ${ROOT_KEYWORD} ${refText(s.root)}` : '');
}

function blockText(b: BlockDecl): string {
  const parts: string[] = [BLOCK_KEYWORD, layoutName(b.name.text)];
  const fields = b.fields.slice().sort((x, y) => FIELD_RANK[x.key] - FIELD_RANK[y.key]);
  for (const f of fields) parts.push(`${f.key} ${f.expr.text}`);
  if (b.resizeable) parts.push('resizeable');
  if (b.readonly) parts.push('readonly');
  return parts.join(' ');
}

/** The end (exclusive) of a region's last header token: its last attribute, else its id, else its name. */
function headerEnd(r: RegionDecl): { line: number; col: number } {
  const last = r.attrs[r.attrs.length - 1]?.span ?? r.id?.span ?? r.name.span;
  return { line: last.endLine, col: last.endCol };
}

/**
 * Where the `{` after a header is: the first character after the header that is not blank or in a comment.
 * Each region scans only the gap between its header and its brace, so all scans together stay linear.
 */
function findOpenBrace(lines: readonly string[], from: { line: number; col: number }): { line: number; col: number } {
  let line = from.line;
  let col = from.col;
  while (line < lines.length) {
    const text = lines[line] as string;
    while (col < text.length && /\s/.test(text[col] as string)) col++;
    if (col < text.length && text[col] !== '#') return { line, col };
    line++;
    col = 0;
  }
  return from;
}

/** True when the region was written with a body: its span then ends at its `}` (no header token ends in `}`). */
function hasBody(lines: readonly string[], r: RegionDecl): boolean {
  return r.children.length > 0 || lines[r.span.endLine]?.[r.span.endCol - 1] === '}';
}

/** Every code line of the file in source order, walking nested regions with an explicit stack. */
function codeLines(lines: readonly string[], items: readonly (RegionDecl | SpaceDecl | BlockDecl)[], comments: readonly CommentNode[]): CodeLine[] {
  const out: CodeLine[] = [];
  // Only used to see whether an empty body holds a full-line comment; it only moves forward.
  let ci = 0;
  const commentBetween = (fromLine: number, fromCol: number, toLine: number, toCol: number): boolean => {
    while (ci < comments.length && before((comments[ci] as CommentNode).span.line, (comments[ci] as CommentNode).span.col, fromLine, fromCol)) ci++;
    for (let k = ci; k < comments.length; k++) {
      const c = comments[k] as CommentNode;
      if (!before(c.span.line, c.span.col, toLine, toCol)) return false;
      if (!c.trailing) return true;
    }
    return false;
  };
  /** Emits a region's header; returns true when its body stays open (children or comments follow). */
  const header = (r: RegionDecl, depth: number): boolean => {
    const text = headerText(r);
    const end = headerEnd(r);
    const base = { indent: depth, line: r.keywordSpan.line, col: r.keywordSpan.col, closes: false };
    if (!hasBody(lines, r)) {
      out.push({ ...base, text, endLine: end.line, endCol: end.col, opens: false });
      return false;
    }
    const brace = findOpenBrace(lines, end);
    const closeLine = r.span.endLine;
    const closeCol = r.span.endCol - 1;
    if (r.children.length === 0 && !commentBetween(brace.line, brace.col, closeLine, closeCol)) {
      // An empty body prints as `{}` on the header line; braces are kept because they were written.
      out.push({ ...base, text: text + ' {}', endLine: closeLine, endCol: closeCol + 1, opens: false });
      return false;
    }
    out.push({ ...base, text: text + ' {', endLine: brace.line, endCol: brace.col + 1, opens: true });
    return true;
  };
  const close = (r: RegionDecl, depth: number): void => {
    const line = r.span.endLine;
    const col = r.span.endCol - 1;
    out.push({ indent: depth, text: '}', line, col, endLine: line, endCol: col + 1, opens: false, closes: true });
  };
  const stack: { region: RegionDecl; next: number }[] = [];
  for (const item of items) {
    if (item.type === 'space' || item.type === 'ramblock') {
      const text = item.type === 'space' ? spaceText(item) : blockText(item);
      out.push({ indent: 0, text, line: item.span.line, col: item.span.col, endLine: item.span.endLine, endCol: item.span.endCol, opens: false, closes: false });
      continue;
    }
    if (header(item, 0)) stack.push({ region: item, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { region: RegionDecl; next: number };
      const child = top.region.children[top.next];
      if (child === undefined) {
        stack.pop();
        close(top.region, stack.length);
        continue;
      }
      top.next++;
      if (header(child, stack.length)) stack.push({ region: child, next: 0 });
    }
  }
  return out;
}

/**
 * Places the comments among the code lines. A comment inside a code line's source range (a header
 * written over several lines) moves above it, except that the last one may stay as the line's trailing
 * comment; a trailing comment right after a code line stays on it; every other comment keeps its place.
 */
function placeComments(code: readonly CodeLine[], comments: readonly CommentNode[]): Entry[] {
  const out: Entry[] = [];
  let ci = 0;
  const own = (c: CommentNode, indent: number, line: number): Entry => ({ indent, text: c.text.trimEnd(), firstLine: line, lastLine: line, opens: false, closes: false });
  for (let k = 0; k < code.length; k++) {
    const o = code[k] as CodeLine;
    const next = code[k + 1];
    // Comments before this line, after the previous one: they sit at the level of what follows them.
    while (ci < comments.length && before((comments[ci] as CommentNode).span.line, (comments[ci] as CommentNode).span.col, o.line, o.col)) {
      const c = comments[ci++] as CommentNode;
      out.push(own(c, o.closes ? o.indent + 1 : o.indent, c.span.line));
    }
    const inside: CommentNode[] = [];
    while (ci < comments.length && before((comments[ci] as CommentNode).span.line, (comments[ci] as CommentNode).span.col, o.endLine, o.endCol)) inside.push(comments[ci++] as CommentNode);
    let trailing: CommentNode | undefined;
    const after = comments[ci];
    if (after && after.span.line === o.endLine && (!next || before(after.span.line, after.span.col, next.line, next.col))) {
      trailing = after;
      ci++;
    } else if (inside.length > 0 && (inside[inside.length - 1] as CommentNode).trailing) {
      trailing = inside.pop();
    }
    // Moved comments count as written on the code line's first line, so blank lines stay where they were.
    for (const c of inside) out.push(own(c, o.indent, o.line));
    const text = o.text + (trailing ? ' ' + trailing.text.trimEnd() : '');
    out.push({ indent: o.indent, text, firstLine: o.line, lastLine: o.endLine, opens: o.opens, closes: o.closes });
  }
  while (ci < comments.length) {
    const c = comments[ci++] as CommentNode;
    out.push(own(c, 0, c.span.line));
  }
  return out;
}

/**
 * The canonical text of a layout file, or undefined when it has parse errors (broken code is never
 * reformatted); the result parses to the same layout and formatting it again changes nothing.
 */
export function formatLayout(text: string): string | undefined {
  const { file, issues } = parseLayout(text);
  if (issues.length > 0) return undefined;
  const { lines } = splitLines(text);
  // blankBefore[i]: how many blank lines precede line i, to ask in O(1) whether a gap held one.
  const blankBefore = new Array<number>(lines.length + 1);
  blankBefore[0] = 0;
  for (let i = 0; i < lines.length; i++) blankBefore[i + 1] = (blankBefore[i] as number) + (/\S/.test(lines[i] as string) ? 0 : 1);
  const blankBetween = (a: number, b: number): boolean => b > a + 1 && (blankBefore[b] as number) - (blankBefore[a + 1] as number) > 0;
  const entries = placeComments(codeLines(lines, file.items, file.comments), file.comments);
  const out: string[] = [];
  let prev: Entry | undefined;
  for (const e of entries) {
    // Runs of blank lines collapse to one; none right inside a body's braces.
    if (prev && !prev.opens && !e.closes && blankBetween(prev.lastLine, e.firstLine)) out.push('');
    out.push(INDENT.repeat(e.indent) + e.text);
    prev = e;
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

