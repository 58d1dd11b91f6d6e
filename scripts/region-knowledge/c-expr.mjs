// Token-level pieces of C expressions for names.mjs: brackets, casts, ternaries, whole calls and
// integer literals, over the tokens of c-text.mjs's tokenize().

/** The value of a C integer literal (hex, octal or decimal, with u/l suffixes), or undefined when it is none or unsafe. */
export function parseCInteger(s) {
  const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)[ul]*$/i.exec(s);
  if (!m) return undefined;
  const v = m[1].startsWith('0x') || m[1].startsWith('0X') ? parseInt(m[1], 16) : m[1].length > 1 ? parseInt(m[1], 8) : parseInt(m[1], 10);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** `v` printed by the printf conversion `k` (d u x X o), zero-padded to the width in `zeroWidth` (as `02`). */
export function formatInteger(v, k, zeroWidth) {
  const s = k === 'x' ? v.toString(16) : k === 'X' ? v.toString(16).toUpperCase() : k === 'o' ? v.toString(8) : String(v);
  return zeroWidth ? s.padStart(Number(zeroWidth.slice(1)), '0') : s;
}

/** Index of the bracket that closes the one at toks[i]. */
export function closes(toks, i) {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const v = toks[j].t === 'p' ? toks[j].v : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') { if (--depth === 0) return j; }
  }
  return -1;
}

const TYPE_WORDS = new Set(['const', 'char', 'gchar', 'unsigned', 'signed', 'void', 'volatile']);

/** The tokens without enclosing parentheses and leading casts to char-pointer types. */
export function stripParensAndCasts(toks) {
  for (;;) {
    if (toks.length >= 2 && toks[0].v === '(' && closes(toks, 0) === toks.length - 1) {
      toks = toks.slice(1, -1);
      continue;
    }
    if (toks.length >= 3 && toks[0].v === '(') {
      const c = closes(toks, 0);
      const inner = toks.slice(1, c);
      if (c > 1 && c < toks.length - 1 && inner.every((t) => t.v === '*' || TYPE_WORDS.has(t.v))) {
        toks = toks.slice(c + 1);
        continue;
      }
    }
    return toks;
  }
}

/** [then, else] of a top-level `c ? a : b`, or undefined. */
export function splitTernary(toks) {
  let depth = 0;
  let q = -1;
  let nested = 0;
  for (let i = 0; i < toks.length; i++) {
    const v = toks[i].t === 'p' ? toks[i].v : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') depth--;
    else if (depth === 0 && v === '?') {
      if (q < 0) q = i;
      else nested++;
    } else if (depth === 0 && v === ':' && q >= 0) {
      if (nested > 0) nested--;
      else return [toks.slice(q + 1, i), toks.slice(i + 1)];
    }
  }
  return undefined;
}

/** { fn, args } when the tokens are exactly one call `fn(args…)`. */
export function wholeCall(toks) {
  if (toks.length < 3 || toks[0].t !== 'id' || toks[1].v !== '(' || closes(toks, 1) !== toks.length - 1) return undefined;
  const args = [];
  let depth = 0;
  let from = 2;
  for (let i = 2; i < toks.length - 1; i++) {
    const v = toks[i].t === 'p' ? toks[i].v : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') depth--;
    else if (v === ',' && depth === 0) { args.push(toks.slice(from, i)); from = i + 1; }
  }
  if (from < toks.length - 1) args.push(toks.slice(from, toks.length - 1));
  return { fn: toks[0].v, args };
}
