// What a name argument of memory_region_init*() evaluates to, for gen-region-knowledge.mjs.
//
// A result is { alts: string[] } or { fail: reason }. Each alternative is a *pattern* in the knowledge
// base's syntax: the text of the name with `%%` for a literal percent sign and printf-style
// placeholders for the parts only known at run time: %d %u %x %X %o (optionally zero-padded to a
// width, as %02x), %c (one character), %p (a pointer) and %s (any text). A pattern without
// placeholders is an exact name.

import { blockAt, callArgs, tokenize, typeOf, untilStatementEnd } from './c-text.mjs';
import { closes, formatInteger, parseCInteger, splitTernary, stripParensAndCasts, wholeCall } from './c-expr.mjs';

const MAX_ALTS = 128; // alternatives of one name
const MAX_CROSS = 32; // combinations of the parts of one printf
const MAX_FIELD_FILES = 80; // a struct field assigned in more files than this is too common to follow

/** Functions whose result is a region name set elsewhere: the struct field that carries it. */
const CALL_FIELDS = {
  // hostmem backends name their region after the backend object; the machine's default RAM backend
  // is named MachineClass.default_ram_id (hw/core/machine.c, create_default_memdev).
  host_memory_backend_get_name: 'default_ram_id',
};
const MAX_DEPTH = 6;

/** Escape a literal name into pattern syntax. */
export const escapeLiteral = (s) => s.replace(/%/g, '%%');

const PRI = /^(?:SCN|PRI)([diouxX])(?:8|16|32|64|PTR|MAX|LEAST\d+|FAST\d+)$/;

/**
 * Evaluator over one scanned file. `file`: { path, code, blocks, localMacros }; `tree`: the
 * SourceTree (macros, memo, callSites, fieldSets) for what lies in other files.
 */
export class NameEvaluator {
  constructor(file, tree) {
    this.file = file;
    this.tree = tree;
  }

  /** The name expression `text` at offset `pos` of the file. */
  name(text, pos, depth = 0) {
    if (depth > MAX_DEPTH) return { fail: 'too deep' };
    return this.#expr(tokenize(text), pos, depth);
  }

  #expr(toks, pos, depth) {
    toks = stripParensAndCasts(toks);
    if (toks.length === 0) return { fail: 'empty' };
    const tern = splitTernary(toks);
    if (tern) return union([this.#expr(tern[0], pos, depth), this.#expr(tern[1], pos, depth)]);
    if (toks.length === 1 && toks[0].t === 'id' && toks[0].v === 'NULL') return { fail: 'NULL name' };
    if (toks.length === 1 && toks[0].t === 'num' && /^0+$/.test(toks[0].v)) return { fail: 'NULL name' };

    const raw = this.#rawConcat(toks, 0);
    if (raw) return { alts: raw.map(escapeLiteral) };

    const call = wholeCall(toks);
    if (call) return this.#call(call, pos, depth);

    if (toks.length === 1 && toks[0].t === 'id') return this.#variable(toks[0].v, pos, depth);
    if (toks.length >= 4 && toks[0].t === 'id' && toks[1].v === '[' && toks[toks.length - 1].v === ']'
        && closes(toks, 1) === toks.length - 1) {
      return this.#arrayElement(toks[0].v, pos);
    }
    const n = toks.length;
    if (n >= 3 && toks[n - 1].t === 'id' && (toks[n - 2].v === '->' || toks[n - 2].v === '.')) {
      return this.#member(toks.slice(0, n - 2), toks[n - 1].v, pos, depth);
    }
    return { fail: 'expression' };
  }

  /** String literals and string macros side by side (C's concatenation): their texts, or undefined. */
  #rawConcat(toks, depth) {
    if (depth > MAX_DEPTH || toks.length === 0) return undefined;
    let acc = [''];
    for (const t of toks) {
      let parts;
      if (t.t === 'str') parts = [t.v];
      else if (t.t === 'id') parts = this.#macroText(t.v, depth);
      if (!parts) return undefined;
      acc = cross(acc, parts);
      if (!acc) return undefined;
    }
    return acc;
  }

  /** The texts an object-like macro that expands to strings can have, or undefined. */
  #macroText(id, depth) {
    const pri = PRI.exec(id);
    if (pri) return [pri[1]];
    const bodies = this.file.localMacros.get(id) ?? this.tree.macros.get(id);
    if (!bodies) return undefined;
    const out = new Set();
    for (const body of bodies) {
      const texts = this.#rawConcat(stripParensAndCasts(tokenize(body)), depth + 1);
      if (!texts) return undefined;
      for (const t of texts) out.add(t);
    }
    return out.size > 0 && out.size <= MAX_ALTS ? [...out] : undefined;
  }

  #call({ fn, args }, pos, depth) {
    switch (fn) {
      case 'g_strdup_printf':
      case 'g_strdup_printf_':
        return this.format(args[0], args.slice(1), pos, depth);
      case 'g_strdup':
      case 'strdup':
      case 'g_strdup_nonnull':
        return args.length === 1 ? this.#expr(args[0], pos, depth) : { fail: 'expression' };
      case 'g_strconcat': {
        let acc = { alts: [''] };
        for (const a of args) {
          if (a.length === 1 && a[0].v === 'NULL') break;
          acc = concat(acc, this.#expr(a, pos, depth));
          if (acc.fail) return acc;
        }
        return acc;
      }
      default:
        return CALL_FIELDS[fn] ? this.#field(CALL_FIELDS[fn], depth) : { fail: `call ${fn}()` };
    }
  }

  /** A printf format (tokens) and its arguments (token lists) → patterns. */
  format(fmtToks, argToks, pos, depth) {
    const fmts = fmtToks && this.#rawConcat(stripParensAndCasts(fmtToks), 0);
    if (!fmts) return { fail: 'format not a literal' };
    const out = [];
    for (const fmt of fmts) {
      const r = this.#oneFormat(fmt, argToks, pos, depth);
      if (r.fail) return r;
      out.push(...r.alts);
    }
    return limit(out);
  }

  #oneFormat(fmt, args, pos, depth) {
    const conv = /%([-+ #0']*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|j|t|L|q|I64)?([diouxXcspfFgGeEaAn%])/g;
    let acc = { alts: [''] };
    let last = 0;
    let ai = 0;
    let m;
    const lit = (s) => ({ alts: [escapeLiteral(s)] });
    while ((m = conv.exec(fmt))) {
      acc = concat(acc, lit(fmt.slice(last, m.index)));
      last = conv.lastIndex;
      const [, flags, width, precision, , c] = m;
      if (c === '%') { acc = concat(acc, lit('%')); continue; }
      if (width === '*') ai++;
      if (precision === '*') ai++;
      const arg = args[ai++];
      const zeroWidth = flags.includes('0') && width && width !== '*' ? `0${width}` : '';
      let piece;
      if (c === 's') {
        const r = arg ? this.#expr(arg, pos, depth + 1) : { fail: 'missing' };
        piece = r.alts && r.alts.length <= 8 ? r : { alts: ['%s'] };
      } else if ('diouxX'.includes(c)) {
        const n = arg && stripParensAndCasts(arg);
        const value = n && n.length === 1 && n[0].t === 'num' ? parseCInteger(n[0].v) : undefined;
        const k = c === 'i' ? 'd' : c;
        piece = { alts: [value === undefined ? `%${zeroWidth}${k}` : escapeLiteral(formatInteger(value, k, zeroWidth))] };
      } else if (c === 'c') {
        const n = arg && stripParensAndCasts(arg);
        piece = n && n.length === 1 && n[0].t === 'chr' ? lit(n[0].v) : { alts: ['%c'] };
      } else if (c === 'p') {
        piece = { alts: ['%p'] };
      } else {
        piece = { alts: ['%s'] }; // floating point: any text
      }
      acc = concat(acc, piece);
      if (acc.fail) return acc;
    }
    return concat(acc, lit(fmt.slice(last)));
  }

  /** A variable: the values assigned to it before pos, a parameter's arguments at its call sites, … */
  #variable(id, pos, depth) {
    const macro = this.#macroText(id, 0);
    if (macro) return { alts: macro.map(escapeLiteral) };
    const { code, blocks } = this.file;
    const block = blockAt(blocks, pos);
    if (block) {
      const sets = this.#assignments(id, block.start, pos);
      if (sets.length > 0) return union(sets.map((s) => this.#assigned(s, depth)));
      const p = block.params.indexOf(id);
      if (block.fn && p >= 0) return this.#parameter(block, p, depth);
    }
    // A file-scope variable.
    const sets = this.#assignments(id, 0, code.length).filter((s) => !blockAt(blocks, s.at)?.fn);
    if (sets.length > 0) return union(sets.map((s) => this.#assigned(s, depth)));
    return { fail: block?.fn ? 'local variable' : 'variable' };
  }

  /**
   * `base->field` / `base.field`: a GString's text, or what the field is set to (in this file, else
   * anywhere), keeping to sets on variables of base's type when it is a plain variable of known type.
   */
  #member(base, field, pos, depth) {
    const plain = base.length === 1 && base[0].t === 'id' ? base[0].v : undefined;
    if (field === 'str' && plain) {
      const block = blockAt(this.file.blocks, pos);
      const sets = block ? this.#assignments(plain, block.start, pos).filter((s) => s.how === 'g_string_printf') : [];
      if (sets.length > 0) return union(sets.map((s) => this.#assigned(s, depth)));
    }
    const type = plain ? typeOf(this.file.code, this.file.blocks, plain, pos) : undefined;
    const here = this.tree.memo(`field ${this.file.path} ${field} ${type}`, () => {
      const sets = this.tree.fieldSets(field, this.file.path).filter((s) => sameType(s.set, type));
      return sets.length ? union(sets.map(({ ctx, set }) => ctx.evaluator.#assigned(set, depth))) : undefined;
    });
    if (here && !here.fail) return here;
    return this.#field(field, depth, type) ?? here ?? { fail: 'struct member' };
  }

  /** What a struct field (of a variable of `type`, when known) is set to anywhere, when few files set it. */
  #field(field, depth, type) {
    return this.tree.memo(`field * ${field} ${type}`, () => {
      const all = this.tree.fieldSets(field);
      if (new Set(all.map((s) => s.ctx.path)).size > MAX_FIELD_FILES) return { fail: 'struct member set in too many files' };
      const sets = all.filter((s) => sameType(s.set, type));
      if (sets.length === 0) return { fail: 'struct member' };
      return union(sets.map(({ ctx, set }) => ctx.evaluator.#assigned(set, depth)));
    }) ?? { fail: 'struct member (recursive)' };
  }

  /**
   * Where `id` gets its value between from and to: `id = …`, `type id[] = …`, `snprintf(id, …)` and
   * the like. Only the nearest one, and the ones before it in other branches of the same if/else or
   * switch (an `else` or `case` between them).
   */
  #assignments(id, from, to) {
    const { code } = this.file;
    const text = code.slice(from, to);
    const found = [];
    const assign = new RegExp(`(?<![\\w.>])${id}\\s*(?:\\[[^\\]]*\\]\\s*)*=(?!=)`, 'g');
    let m;
    while ((m = assign.exec(text))) {
      found.push({ at: from + m.index, end: from + m.index + m[0].length, how: 'assign' });
    }
    const fill = new RegExp(`\\b(g_snprintf|snprintf|sprintf|pstrcpy|strcpy|strncpy|g_strlcpy|g_string_printf)\\s*\\(\\s*&?${id}\\s*,`, 'g');
    while ((m = fill.exec(text))) {
      found.push({ at: from + m.index, end: from + m.index + m[0].length, how: m[1], open: from + m.index + m[0].indexOf('(') });
    }
    found.sort((a, b) => a.at - b.at);
    if (found.length === 0) return [];
    const chosen = [found[found.length - 1]];
    for (let i = found.length - 2; i >= 0; i--) {
      const between = code.slice(found[i].end, chosen[chosen.length - 1].at);
      if (!/\b(else|case|default)\b/.test(between)) break;
      chosen.push(found[i]);
    }
    return chosen;
  }

  /** The value a set found by #assignments (or SourceTree.fieldSets) gives. */
  #assigned(set, depth) {
    const { code } = this.file;
    if (set.how === 'assign') {
      const rhs = untilStatementEnd(code, set.end);
      if (/^\s*\{/.test(rhs)) return { fail: 'array' };
      return this.name(rhs, set.at, depth + 1);
    }
    const call = callArgs(code, set.open);
    if (!call) return { fail: 'expression' };
    const toks = call.args.map((a) => tokenize(a.text));
    switch (set.how) {
      case 'sprintf':
      case 'g_string_printf': return this.format(toks[1], toks.slice(2), set.at, depth + 1);
      case 'snprintf':
      case 'g_snprintf': return this.format(toks[2], toks.slice(3), set.at, depth + 1);
      case 'strcpy': return toks[1] ? this.#expr(toks[1], set.at, depth + 1) : { fail: 'expression' };
      default: return toks[2] ? this.#expr(toks[2], set.at, depth + 1) : { fail: 'expression' };
    }
  }

  /** Parameter p of the function `block`: what its callers pass (in this file, or anywhere when not static). */
  #parameter(block, p, depth) {
    const key = `param ${block.isStatic ? this.file.path : '*'} ${block.fn} ${p}`;
    return this.tree.memo(key, () => {
      const sites = this.tree.callSites(block.fn, block.isStatic ? this.file.path : undefined);
      const results = [];
      for (const { ctx, args } of sites) {
        if (args[p]) results.push(ctx.evaluator.name(args[p].text, args[p].start, depth + 1));
      }
      if (results.length === 0) return { fail: 'parameter of a function nobody calls by name' };
      return union(results);
    }) ?? { fail: 'parameter (recursive)' };
  }

  /** `names[i]`: the string elements of the array's initializer. */
  #arrayElement(id, pos) {
    const { code } = this.file;
    const re = new RegExp(`(?<![\\w.>])${id}\\s*(?:\\[[^\\]]*\\]\\s*)+=\\s*\\{`, 'g');
    let m;
    let found;
    while ((m = re.exec(code)) && m.index < pos) found = m;
    if (!found) return { fail: 'array' };
    const open = found.index + found[0].length - 1;
    const call = callArgs(code, open);
    if (!call) return { fail: 'array' };
    const out = [];
    for (const { text } of call.args) {
      let toks = tokenize(text);
      if (toks.length === 0) continue;
      if (toks[0].v === '[') toks = toks.slice(closes(toks, 0) + 2); // [INDEX] = "…"
      const raw = this.#rawConcat(toks, 0);
      if (!raw) return { fail: 'array of non-strings' };
      out.push(...raw.map(escapeLiteral));
    }
    return out.length ? limit(out) : { fail: 'array' };
  }
}

/** Whether a field set applies to a variable of `type`: a table of that type, or a variable declared so. */
function sameType(set, type) {
  if (!type) return true;
  if (set.table !== undefined) return new RegExp(`\\b${type}\\b`).test(set.table);
  return !set.baseType || set.baseType === type;
}

function cross(a, b) {
  if (a.length * b.length > MAX_CROSS) return undefined;
  const out = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return out;
}

function concat(a, b) {
  if (a.fail) return a;
  if (b.fail) return b;
  const c = cross(a.alts, b.alts);
  return c ? { alts: c } : { fail: 'too many alternatives' };
}

function limit(alts) {
  const u = [...new Set(alts)];
  return u.length <= MAX_ALTS ? { alts: u } : { fail: 'too many alternatives' };
}

/** The alternatives of every result that has some; the first failure when none has. */
function union(results) {
  const ok = results.filter((r) => r.alts);
  if (ok.length === 0) return results[0] ?? { fail: 'expression' };
  return limit(ok.flatMap((r) => r.alts));
}
