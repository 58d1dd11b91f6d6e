// Scanning one QEMU source tree for memory_region_init*() calls, for gen-region-knowledge.mjs.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  blank, blockAt, callArgs, elseBranches, lineOf, lineStartsOf, preprocessorRanges, stripComments, topLevelBlocks, typeOf,
} from './c-text.mjs';
import { NameEvaluator } from './names.mjs';

/** Constructor → kind. Every memory_region_init* that a version's memory.h declares must be here. */
export const KIND_OF = {
  memory_region_init: 'container',
  memory_region_init_io: 'io',
  memory_region_init_ram: 'ram',
  memory_region_init_ram_nomigrate: 'ram',
  memory_region_init_ram_flags_nomigrate: 'ram',
  memory_region_init_ram_from_file: 'ram',
  memory_region_init_ram_from_fd: 'ram',
  memory_region_init_ram_guest_memfd: 'ram',
  memory_region_init_resizeable_ram: 'ram',
  memory_region_init_ram_ptr: 'ram',
  memory_region_init_rom: 'rom',
  memory_region_init_rom_nomigrate: 'rom',
  memory_region_init_rom_device: 'rom-device',
  memory_region_init_rom_device_nomigrate: 'rom-device',
  memory_region_init_alias: 'alias',
  memory_region_init_iommu: 'iommu',
  memory_region_init_ram_device_ptr: 'ram-device',
};

/** The memory_region_init* declarations of a tree's memory.h: name → index of its `name` parameter. */
export function constructors(tree) {
  const header = ['include/system/memory.h', 'include/exec/memory.h'].map((p) => join(tree, p)).find(existsSync);
  if (!header) throw new Error(`${tree}: no include/{system,exec}/memory.h`);
  const text = stripComments(readFileSync(header, 'utf8'));
  const out = new Map();
  const re = /^\w[\w\s*]*?\b(memory_region_init\w*)\s*\(([^;{]*?)\)\s*;/gm;
  let m;
  while ((m = re.exec(text))) {
    const params = m[2].split(',').map((p) => (p.match(/\w+/g) ?? []).pop());
    const nameIndex = params.indexOf('name');
    if (nameIndex < 0) throw new Error(`${header}: ${m[1]} has no parameter called name`);
    if (!KIND_OF[m[1]]) throw new Error(`${header}: ${m[1]} is not in KIND_OF (scripts/region-knowledge/scan.mjs): add its kind`);
    out.set(m[1], nameIndex);
  }
  if (!out.has('memory_region_init_io')) throw new Error(`${header}: no memory_region_init_io declaration found`);
  return { header: header.slice(tree.length + 1), ctors: out };
}

const SKIP_DIRS = new Set(['.pc', '.git', 'debian', 'tests', 'roms']);

/** Every .c and .h file under tree (tests and firmware left out), relative, sorted. */
export function sourceFiles(tree) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(tree, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) walk(p); }
      else if (e.isFile() && /\.[ch]$/.test(e.name)) out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/** Object-like `#define NAME body` whose body may be a string (name → bodies), from raw text. */
export function stringMacros(raw, into = new Map()) {
  const re = /^[ \t]*#[ \t]*define[ \t]+(\w+)(?!\()[ \t]+((?:.*\\\r?\n)*.*)$/gm;
  let m;
  while ((m = re.exec(raw))) {
    const body = m[2].replace(/\\\r?\n/g, ' ').replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '').trim();
    if (!body.includes('"') && !/^\(?\w+\)?$/.test(body)) continue;
    const list = into.get(m[1]);
    if (!list) into.set(m[1], [body]);
    else if (!list.includes(body)) list.push(body);
  }
  return into;
}

/** Blocks whose designated initializers (`.name = …`) name no memory region. */
const NOT_REGION_TABLES = /\b(TypeInfo|InterfaceInfo|VMStateDescription|VMStateField|MemoryRegionOps|Property|PropertyInfo)\b/;

/**
 * One QEMU source tree: its files, string macros and constructors, and lazily, each file's scanned text
 * and the cross-file look-ups the name evaluator needs (callers of a function, assignments to a field).
 */
export class SourceTree {
  #raw = new Map();
  #ctx = new Map();
  #memo = new Map();

  constructor(root) {
    this.root = root;
    const { header, ctors } = constructors(root);
    this.header = header;
    this.ctors = ctors;
    this.files = sourceFiles(root);
    this.cFiles = this.files.filter((f) => f.endsWith('.c'));
    this.macros = new Map();
    for (const f of this.files) if (f.endsWith('.h')) stringMacros(this.raw(f), this.macros);
  }

  raw(path) {
    let r = this.#raw.get(path);
    if (r === undefined) {
      r = readFileSync(join(this.root, path), 'latin1');
      if (path.endsWith('.c')) this.#raw.set(path, r);
    }
    return r;
  }

  /** A .c file read for evaluation: { path, code, stripped, pp, blocks, lineStarts, localMacros, evaluator }. */
  context(path) {
    let c = this.#ctx.get(path);
    if (!c) {
      const raw = this.raw(path);
      const stripped = stripComments(raw);
      const pp = preprocessorRanges(stripped);
      const code = blank(stripped, pp);
      c = {
        path, stripped, pp, code,
        blocks: topLevelBlocks(blank(code, elseBranches(stripped, pp))),
        lineStarts: lineStartsOf(raw),
        localMacros: stringMacros(raw),
      };
      c.evaluator = new NameEvaluator(c, this);
      this.#ctx.set(path, c);
    }
    return c;
  }

  /** compute() once per key; undefined while it is being computed (a cycle). */
  memo(key, compute) {
    if (this.#memo.has(key)) return this.#memo.get(key);
    this.#memo.set(key, undefined);
    const v = compute();
    this.#memo.set(key, v);
    return v;
  }

  /** Calls of fn inside function bodies: [{ ctx, at, args }] (args: [{ text, start }]). */
  callSites(fn, onlyPath) {
    const out = [];
    const re = new RegExp(`(?<![\\w.>])${fn}\\s*\\(`, 'g');
    for (const path of onlyPath ? [onlyPath] : this.cFiles) {
      if (!this.raw(path).includes(fn)) continue;
      const ctx = this.context(path);
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(ctx.code))) {
        if (!blockAt(ctx.blocks, m.index)?.fn) continue; // the definition or a prototype
        const call = callArgs(ctx.code, m.index + m[0].length - 1);
        if (call) out.push({ ctx, at: m.index, args: call.args });
      }
    }
    return out;
  }

  /**
   * Where a struct field gets a value, in one file or (onlyPath undefined) anywhere: `x->f = …`,
   * `.f = …` (not in TypeInfo-like tables), `snprintf(x->f, …)` and the like: [{ ctx, set }], where
   * set.baseType is x's declared type (when found) and set.table the head of a table's initializer.
   */
  fieldSets(field, onlyPath) {
    const out = [];
    const assign = new RegExp(`(?:->|\\.)\\s*${field}\\s*(?:\\[[^\\]]*\\]\\s*)*=(?!=)`, 'g');
    const fill = new RegExp(`\\b(g_snprintf|snprintf|sprintf|pstrcpy|strcpy|strncpy|g_strlcpy)\\s*\\(\\s*&?[\\w\\[\\]]+(?:(?:->|\\.)[\\w\\[\\]]+)*(?:->|\\.)${field}\\s*,`, 'g');
    for (const path of onlyPath ? [onlyPath] : this.cFiles) {
      if (!this.raw(path).includes(field)) continue;
      const ctx = this.context(path);
      let m;
      assign.lastIndex = 0;
      while ((m = assign.exec(ctx.code))) {
        const b = blockAt(ctx.blocks, m.index);
        const set = { at: m.index, end: m.index + m[0].length, how: 'assign' };
        if (m[0].startsWith('.') && b && !b.fn) {
          if (NOT_REGION_TABLES.test(b.head)) continue;
          set.table = b.head; // a designated initializer in a table
        } else {
          set.baseType = this.#baseType(ctx, m.index);
        }
        out.push({ ctx, set });
      }
      fill.lastIndex = 0;
      while ((m = fill.exec(ctx.code))) {
        const arrow = m.index + m[0].lastIndexOf(field);
        const set = { at: m.index, end: m.index + m[0].length, how: m[1], open: m.index + m[0].indexOf('(') };
        set.baseType = this.#baseType(ctx, arrow - (ctx.code[arrow - 1] === '.' ? 1 : 2));
        out.push({ ctx, set });
      }
    }
    return out;
  }

  /** The type of the variable whose `->` or `.` is at `at` (`port->name`: port's), when it is a plain variable. */
  #baseType(ctx, at) {
    const m = /(?<![\w.>\]])(\w+)\s*(?:->|\.)?\s*$/.exec(ctx.code.slice(Math.max(0, at - 80), at));
    return m ? typeOf(ctx.code, ctx.blocks, m[1], at) : undefined;
  }

  /**
   * The memory_region_init* calls of one .c file: [{ at, block, line, kind, mr, result, facts }], where
   * result is the name evaluator's answer and facts { readonly?: boolean | 'runtime', disabled?: true } come from
   * memory_region_set_readonly / memory_region_set_enabled on the same expression in the same function.
   * `stats` counts calls inside macro bodies, inside the constructors themselves (memory.c) and the
   * names of other memory_region_init* functions called.
   */
  scanFile(path, stats) {
    if (!this.raw(path).includes('memory_region_init')) return [];
    const ctx = this.context(path);
    const { stripped, pp, code, blocks, lineStarts, evaluator } = ctx;
    const inPp = (at) => pp.some(([a, b]) => at >= a && at < b);
    const calls = [];
    const re = /\bmemory_region_init\w*(?=\s*\()/g;
    let m;
    while ((m = re.exec(stripped))) {
      const fn = m[0];
      const at = m.index;
      if (inPp(at)) {
        if (this.ctors.has(fn)) stats.inMacro++;
        continue;
      }
      const block = blockAt(blocks, at);
      if (!block?.fn) continue; // a declaration or definition, not a call
      if (!this.ctors.has(fn)) { stats.otherHelpers.add(fn); continue; }
      if (this.ctors.has(block.fn)) { stats.inConstructors++; continue; } // memory.c: one constructor calling another
      const call = callArgs(code, code.indexOf('(', at + fn.length));
      const nameArg = call?.args[this.ctors.get(fn)];
      const result = nameArg ? evaluator.name(nameArg.text, nameArg.start) : { fail: 'unparsed call' };
      calls.push({ at, block, line: lineOf(lineStarts, at), kind: KIND_OF[fn], mr: normMr(call?.args[0]?.text ?? ''), result, facts: {} });
    }
    attachFacts(this, ctx, calls);
    return calls;
  }
}

const normMr = (s) => s.replace(/\s+/g, '').replace(/^MEMORY_REGION\((.*)\)$/, '$1');
const wildMr = (s) => s.replace(/\[[^\]]*\]/g, '[]');

const literalBool = (text) => {
  const v = text.trim();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : 'runtime';
};

/**
 * The value of memory_region_set_readonly/_enabled's second argument: true, false, or 'runtime'. A
 * parameter of the function is looked up at its callers (one level): the same literal at all of them.
 */
function factValue(tree, ctx, block, text) {
  const v = literalBool(text);
  const p = v === 'runtime' && /^\s*\w+\s*$/.test(text) ? block.params.indexOf(text.trim()) : -1;
  if (p < 0) return v;
  const values = new Set(tree.callSites(block.fn, block.isStatic ? ctx.path : undefined)
    .map(({ args }) => (args[p] ? literalBool(args[p].text) : 'runtime')));
  return values.size === 1 ? [...values][0] : 'runtime';
}

/**
 * memory_region_set_readonly(mr, v) and memory_region_set_enabled(mr, v) in a function → facts of the
 * init(s) of the same mr expression in it: the nearest one before the set (else after it), with those
 * in other branches of the same if/else; for `mr[i]`, every init of that array.
 */
function attachFacts(tree, ctx, calls) {
  const { code } = ctx;
  const byBlock = new Map();
  for (const c of calls) {
    const list = byBlock.get(c.block);
    if (list) list.push(c);
    else byBlock.set(c.block, [c]);
  }
  for (const [block, inits] of byBlock) {
    const body = code.slice(block.start, block.end);
    const re = /\bmemory_region_set_(readonly|enabled)\s*\(/g;
    const sets = [];
    let m;
    while ((m = re.exec(body))) {
      const call = callArgs(code, block.start + m.index + m[0].length - 1);
      if (!call || call.args.length !== 2) continue;
      const value = factValue(tree, ctx, block, call.args[1].text);
      sets.push({ at: block.start + m.index, what: m[1], mr: normMr(call.args[0].text), value });
    }
    for (const s of sets) {
      let targets = inits.filter((c) => c.mr === s.mr);
      if (targets.length > 0) {
        const before = targets.filter((c) => c.at < s.at);
        const chosen = [before.length ? before[before.length - 1] : targets[0]];
        for (let i = before.length - 2; i >= 0; i--) {
          if (!/\belse\b/.test(code.slice(before[i].at, chosen[chosen.length - 1].at))) break;
          chosen.push(before[i]);
        }
        targets = chosen;
      } else {
        targets = inits.filter((c) => wildMr(c.mr) === wildMr(s.mr) && /\[/.test(c.mr));
      }
      for (const t of targets) {
        // The last set in the text wins (set_enabled(false) then (true) leaves it enabled).
        const last = t.facts[`${s.what}At`];
        if (last !== undefined && last > s.at) continue;
        t.facts[`${s.what}At`] = s.at;
        t.facts[s.what] = s.value;
      }
    }
  }
  for (const c of calls) {
    const f = {};
    if (c.facts.readonly !== undefined) f.readonly = c.facts.readonly;
    if (c.facts.enabled === false) f.disabled = true;
    c.facts = f;
  }
}
