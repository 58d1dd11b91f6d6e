// Light reading of C source text for gen-region-knowledge.mjs: comments out, preprocessor lines found,
// top-level blocks (function bodies) found, calls' arguments split, expressions cut into tokens.
// Not a C parser: enough for the shapes QEMU's memory_region_init* calls take.

/** Replace comments with spaces (newlines kept, so offsets and line numbers stay), strings untouched. */
export function stripComments(src) {
  const out = src.split('');
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipQuoted(src, i);
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (out[j] !== '\n') out[j] = ' ';
      i = stop;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') {
        // A backslash at the end of a // comment continues it; rare enough to ignore.
        out[i] = ' ';
        i++;
      }
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Index just past the string or character literal that starts at i. */
export function skipQuoted(s, i) {
  const q = s[i];
  let j = i + 1;
  while (j < s.length && s[j] !== q && s[j] !== '\n') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** [start, end) offsets of preprocessor directives (with their backslash continuations). */
export function preprocessorRanges(s) {
  const ranges = [];
  const re = /^[ \t]*#/gm;
  let m;
  while ((m = re.exec(s))) {
    let end = m.index;
    for (;;) {
      const nl = s.indexOf('\n', end);
      if (nl < 0) { end = s.length; break; }
      let k = nl - 1;
      while (k >= 0 && (s[k] === ' ' || s[k] === '\t' || s[k] === '\r')) k--;
      end = nl + 1;
      if (s[k] !== '\\') break;
    }
    ranges.push([m.index, end]);
    re.lastIndex = end;
  }
  return ranges;
}

/**
 * [start, end) offsets of the #elif / #else branches of every #if: blanking them (and the directives)
 * leaves one branch of each, so that braces opened in both branches do not count twice.
 */
export function elseBranches(s, directives) {
  const out = [];
  const stack = [];
  for (const [a] of directives) {
    const word = /^[ \t]*#[ \t]*(\w+)/.exec(s.slice(a, a + 40))?.[1];
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') stack.push({ elseAt: -1 });
    else if ((word === 'else' || word === 'elif') && stack.length) {
      const top = stack[stack.length - 1];
      if (top.elseAt < 0) top.elseAt = a;
    } else if (word === 'endif' && stack.length) {
      const top = stack.pop();
      if (top.elseAt >= 0) out.push([top.elseAt, a]);
    }
  }
  return out;
}

/** Copy of s with the given ranges blanked (newlines kept). */
export function blank(s, ranges) {
  if (ranges.length === 0) return s;
  const out = s.split('');
  for (const [a, b] of ranges) for (let j = a; j < b; j++) if (out[j] !== '\n') out[j] = ' ';
  return out.join('');
}

/**
 * The top-level `{ … }` blocks of a (comment- and preprocessor-free) file; a `}` at column 0 always
 * closes one. { start, end, head }, and for a block whose head ends with `name(params)`, a function:
 * fn, params (their names in order) and isStatic.
 */
export function topLevelBlocks(s) {
  const blocks = [];
  let depth = 0;
  let headStart = 0;
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipQuoted(s, i) - 1; continue; }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}') {
      // QEMU's style closes a function at column 0: trust that over braces an #if left unbalanced.
      if ((i === 0 || s[i - 1] === '\n') && depth > 1) depth = 1;
      depth--;
      if (depth === 0) {
        const head = s.slice(headStart, open);
        blocks.push({ start: open, end: i + 1, head: head.slice(-400), ...functionHead(head) });
        headStart = i + 1;
      } else if (depth < 0) {
        depth = 0; // unbalanced (an #if with two openings, say): start again
        headStart = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      headStart = i + 1;
    }
  }
  return blocks;
}

function functionHead(head) {
  // `… name(params) [attributes]` just before the `{`: walk back from the last `)`.
  const none = { fn: undefined, params: [] };
  const close = head.lastIndexOf(')');
  if (close < 0 || !/^[\s\w]*$/.test(head.slice(close + 1))) return none;
  let depth = 0;
  let open = -1;
  for (let i = close; i >= 0; i--) {
    if (head[i] === ')') depth++;
    else if (head[i] === '(' && --depth === 0) { open = i; break; }
  }
  const name = open > 0 ? /(\w+)\s*$/.exec(head.slice(Math.max(0, open - 200), open)) : null;
  if (!name || /^(if|while|for|switch|return|sizeof)$/.test(name[1])) return none;
  const params = splitTopLevel(head.slice(open + 1, close), ',').map((p) => {
    const fnPtr = /\(\s*\*\s*(\w+)\s*\)/.exec(p);
    if (fnPtr) return fnPtr[1];
    const ids = p.replace(/\[[^\]]*\]/g, '').match(/\w+/g);
    return ids ? ids[ids.length - 1] : '';
  });
  return { fn: name[1], params, isStatic: /\bstatic\b/.test(head.slice(0, open)) };
}

/** The block (of topLevelBlocks' sorted list) that contains offset, or undefined. */
export function blockAt(blocks, offset) {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid];
    if (offset < b.start) hi = mid - 1;
    else if (offset >= b.end) lo = mid + 1;
    else return b;
  }
  return undefined;
}

const NOT_TYPES = new Set(['return', 'const', 'sizeof', 'case', 'goto', 'else', 'struct', 'unsigned', 'signed', 'static']);

/**
 * The type a variable is declared with in the function around pos (its parameters, or its body before
 * pos): `PCIDevice *dev` → PCIDevice, `struct foo_s *s` → foo_s. Undefined when not found.
 */
export function typeOf(code, blocks, id, pos) {
  const block = blockAt(blocks, pos);
  if (!block?.fn) return undefined;
  const text = `${block.head} ${code.slice(block.start, pos)}`;
  const re = new RegExp(`\\b(\\w+)\\s*(?:\\*\\s*(?:const\\s+)?)*\\b${id}\\s*(?=[=;,)\\[])`, 'g');
  let found;
  for (const m of text.matchAll(re)) if (!NOT_TYPES.has(m[1]) && m[1] !== id) found = m[1];
  return found;
}

/** Split at separators that are outside brackets and literals. */
export function splitTopLevel(s, sep) {
  const parts = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipQuoted(s, i) - 1; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === sep && depth === 0) { parts.push(s.slice(from, i)); from = i + 1; }
  }
  parts.push(s.slice(from));
  return parts;
}

/**
 * The arguments of the call whose `(` is at openParen: [{ text, start }], and the offset past `)`.
 * Undefined when the parentheses do not close.
 */
export function callArgs(s, openParen) {
  let depth = 0;
  for (let i = openParen; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipQuoted(s, i) - 1; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const inner = s.slice(openParen + 1, i);
        const args = [];
        let at = openParen + 1;
        for (const text of splitTopLevel(inner, ',')) {
          args.push({ text, start: at });
          at += text.length + 1;
        }
        return { args: inner.trim() === '' ? [] : args, end: i + 1 };
      }
    }
  }
  return undefined;
}

/** The text from offset up to the next `;` or `,` outside brackets and literals. */
export function untilStatementEnd(s, offset) {
  let depth = 0;
  for (let i = offset; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipQuoted(s, i) - 1; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') { if (--depth < 0) return s.slice(offset, i); }
    else if ((c === ';' || c === ',') && depth === 0) return s.slice(offset, i);
  }
  return s.slice(offset);
}

const PUNCT = ['...', '<<=', '>>=', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];

/** Tokens of a C expression: { t: 'str' | 'chr' | 'num' | 'id' | 'p', v }. Strings are decoded. */
export function tokenize(s) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      const end = skipQuoted(s, i);
      out.push({ t: c === '"' ? 'str' : 'chr', v: decodeEscapes(s.slice(i + 1, end - 1)) });
      i = end;
      continue;
    }
    const id = /^[A-Za-z_]\w*/.exec(s.slice(i, i + 200));
    if (id) {
      // u8"…", L"…": the prefix belongs to the string.
      if (/^(u8|u|U|L)$/.test(id[0]) && s[i + id[0].length] === '"') { i += id[0].length; continue; }
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const num = /^\.?[0-9][\w.]*/.exec(s.slice(i, i + 100));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const p = PUNCT.find((q) => s.startsWith(q, i)) ?? c;
    out.push({ t: 'p', v: p });
    i += p.length;
  }
  return out;
}

function decodeEscapes(body) {
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_, e) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', 0: '\0' }[e] ?? e;
  });
}

/** Line number (1-based) of an offset, given the offsets where lines start. */
export function lineOf(lineStarts, offset) {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function lineStartsOf(s) {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
