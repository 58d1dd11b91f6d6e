#!/usr/bin/env node
// Derives, for every real-QEMU fixture machine, the text RichardWeiYang's gdb script (repo
// RichardWeiYang/qemu, branch `mytest`, file `gdb-script`) would print for that machine:
//
//   (gdb) dump_address_spaces 0        every AddressSpace with its Root MR and FlatView pointers
//   (gdb) dump_memory_region 0xPTR     once per distinct root region, the whole tree
//   (gdb) dump_flatview 0xPTR          once per distinct FlatView, its FlatRange array
//
// from the captured `info mtree -D` (mtree-D.txt: every region, disabled ones too) and
// `info mtree -f` (mtree-f.txt: the flat views and which address spaces share each one).
// Writes gdb-session.txt and gdb-session.meta.json beside them. docs/gdb-dumps.md says how the
// script prints (32-bit truncation of every number, relative addresses, no alias recursion, …)
// and which parts of the output are derived rather than known (marked "derivation" there and in
// the meta file).
//
//   node scripts/derive-gdb-fixtures.mjs            write every fixture machine's files
//   node scripts/derive-gdb-fixtures.mjs --check    write nothing; exit 1 when a file is missing or differs
//   node scripts/derive-gdb-fixtures.mjs [--check] DIR...   only these fixture directories
//
// Plain Node >= 20, no dependencies. The text is read by
// gdb-session/mtree-text.mjs, walked by gdb-session/walk.mjs, its address spaces matched by gdb-session/address-spaces.mjs.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignViews, listOrderOfSpaces } from './gdb-session/address-spaces.mjs';
import { parseMtreeFlat, parseMtreeTree, ZERO_SIZED_NAMES } from './gdb-session/mtree-text.mjs';
import { findContainer, prepare, relAddr, walk } from './gdb-session/walk.mjs';

// The tests read which regions count as zero-sized from here.
export { ZERO_SIZED_NAMES };

const U64 = (1n << 64n) - 1n;
const LOW32 = 0xffffffffn;

const SESSION_FILE = 'gdb-session.txt';
const META_FILE = 'gdb-session.meta.json';
const CONVERTER = 'scripts/derive-gdb-fixtures.mjs';

/** The script version this emulates; see docs/gdb-dumps.md for why the seed's end convention. */
const SCRIPT = {
  repo: 'RichardWeiYang/qemu',
  branch: 'mytest',
  path: 'gdb-script',
  lastChange: 'f84a239deceecb07ebb87e2816dded9a9f2c1e1d',
  branchHead: '6ad8d3ac2263cf1934deb267e824a283127ad6bf',
};


const RULES = {
  endConvention:
    'dump_memory_region prints END as the size\'s high word, then the low 32 bits of addr + size - 1 in 16 digits, as in the seed ' +
    '(blog output of Sep 2018); the committed script prints addr + size instead (see docs/gdb-dumps.md)',
  truncation: 'gdb printf cuts every argument of these hex conversions to a 32-bit int: only the low 32 bits of each address, end and offset are printed',
  addresses: 'dump_memory_region prints mr->addr, the offset inside the parent (child start - parent start); the root prints its own mr->addr',
  aliases: 'aliases print as leaves (the walk follows subregions only, never mr->alias)',
  disabled: 'disabled regions are printed like enabled ones (the script never reads mr->enabled)',
  siblingOrder:
    'derivation: children in subregion-list order = priority descending; equal priorities by start address descending ' +
    '(stand-in for newest first); equal priority and start keep info mtree order, which is the real list order',
  addressSpaceOrder:
    'derivation: the order info mtree lists the address spaces, moved as little as needed so that the address spaces of ' +
    'each info mtree -f view keep that view\'s order (creation order, the order of QEMU\'s address_spaces list)',
  zeroSized: `derivation: X-X lines are size 1 except regions named ${[...ZERO_SIZED_NAMES].join(', ')} (size 0)`,
  pointers:
    'fake, 0x5555xxxxxxx0: sha256 of "as:NAME#K" (K-th address space of that name in mtree-D.txt), ' +
    '"mr:ROOT#I" (I-th distinct root in mtree-D.txt), "fv:ROOT#J" (J-th view in mtree-f.txt); shared roots and views share pointers',
  flatRanges: 'one line per info mtree -f range (already merged like the FlatRange array): START, END+1, @OFFSET or 0',
  runaway:
    'a root that is itself a subregion and not the last one of its container makes the script walk on past the root ' +
    '(and then loop forever on a negative indent); only the root\'s own subtree is written, see runawayWalks',
};
// ---------------------------------------------------------------------------------------------
// How the script prints numbers

/** gdb's printf hands an x conversion without a length modifier a C int: only the low 32 bits reach the output. */
const int32 = (v) => v & LOW32;
const hex16 = (v) => v.toString(16).padStart(16, '0');
/** Plain hex of a small value (the high word of an Int128: 0 or 1). */
const hexPlain = (v) => int32(v).toString(16);

/**
 * One dump_memory_region line: 2 spaces per level, START = addr in 16 zero-padded digits, END = the
 * size's high word in plain hex followed by addr + size's low word - 1 in 16 digits, then `:NAME`.
 */
function regionLine(level, addr, size, name) {
  const lo = size & U64;
  const end = (addr + lo - 1n) & U64;
  return `${'  '.repeat(level)}[${hex16(int32(addr))}-${hexPlain(size >> 64n)}${hex16(int32(end))}]:${name}`;
}

/**
 * One dump_flatview line: START = its high word in plain hex + its low word in 16 digits; END = the
 * size's high word + 16 digits of start + size (exclusive); the offset in 16 digits.
 */
function flatLine(start, size, offset) {
  const end = (start + (size & U64)) & U64;
  return `[${hexPlain(start >> 64n)}${hex16(int32(start))}-${hexPlain(size >> 64n)}${hex16(int32(end))}], offset_in_region ${hex16(int32(offset))}`;
}

/** True when printing the value through %x loses bits. */
const cut = (v) => (v & U64) > LOW32;

// ---------------------------------------------------------------------------------------------
// Pointers

/** A fake heap pointer `0x5555` + 7 hex digits + `0` (16-byte aligned), unique within `used`. */
function fakePointer(key, used) {
  for (let salt = 0; ; salt++) {
    const h = createHash('sha256').update(salt === 0 ? key : `${key}#${salt}`).digest('hex');
    const p = `0x5555${h.slice(0, 7)}0`;
    if (!used.has(p)) {
      used.add(p);
      return p;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The session

/** The gdb session text and its meta data for one machine. */
function deriveSession(mtreeD, mtreeF) {
  const { groups, sections } = parseMtreeTree(mtreeD);
  const views = parseMtreeFlat(mtreeF);
  const trees = [...groups.map((g) => g.root), ...sections.map((s) => s.root)].filter(Boolean);
  for (const t of trees) prepare(t);

  // Address spaces in info mtree order, K-th of each name.
  const spaces = [];
  const seenName = new Map();
  for (const g of groups) {
    for (const name of g.spaces) {
      const k = seenName.get(name) ?? 0;
      seenName.set(name, k + 1);
      spaces.push({ name, k, group: g });
    }
  }
  for (const g of groups) if (!g.root) throw new Error(`address-space ${g.spaces.join(', ')} has no root region`);
  assignViews(spaces, views);
  const ordered = listOrderOfSpaces(spaces, views);

  const used = new Set();
  groups.forEach((g, i) => {
    g.pointer = fakePointer(`mr:${g.root.name}#${i}`, used);
  });
  views.forEach((v, j) => {
    v.pointer = fakePointer(`fv:${v.rootName ?? '(none)'}#${j}`, used);
  });
  for (const sp of spaces) sp.pointer = fakePointer(`as:${sp.name}#${sp.k}`, used);

  const out = ['(gdb) dump_address_spaces 0'];
  for (const sp of ordered) {
    out.push(`AddressSpace : ${sp.name}(${sp.pointer})`, `     Root MR : ${sp.group.pointer}`, `    FlatView : ${views[sp.vi].pointer}`);
  }

  const meta = {
    roots: [], views: [], runawayWalks: [], zeroSized: [],
    truncated32: { regionLines: 0, flatRanges: 0 },
  };
  const rootOrder = [];
  for (const sp of ordered) if (!rootOrder.includes(sp.group)) rootOrder.push(sp.group);
  for (const g of rootOrder) {
    const root = g.root;
    const stand = findContainer(root, trees);
    const { lines, escape } = walk(root, stand);
    out.push('', `(gdb) dump_memory_region ${g.pointer}`, `Dump MemoryRegion:${root.name}`);
    for (const { node, level } of lines) {
      const addr = node === root ? root.start : relAddr(node);
      out.push(regionLine(level, addr, node.size, node.name));
      if (cut(addr) || cut(addr + (node.size & U64) - 1n)) meta.truncated32.regionLines++;
      if (node.size === 0n) meta.zeroSized.push(`${root.name} > ${node.name} @ 0x${addr.toString(16)}`);
    }
    meta.roots.push({ pointer: g.pointer, name: root.name, addressSpaces: g.spaces, regionLines: lines.length, ...(stand ? { mappedIn: stand.parent.name } : {}) });
    if (escape) {
      meta.runawayWalks.push({
        root: root.name, pointer: g.pointer, container: escape.container, nextSibling: escape.nextSibling,
        linesPrintedOutsideTheRoot: escape.more, loopsForeverAt: escape.hangsAt ? `${escape.hangsAt.name} (indent level ${escape.hangsAt.level})` : null,
      });
    }
  }

  const viewOrder = [];
  for (const sp of ordered) if (!viewOrder.includes(views[sp.vi])) viewOrder.push(views[sp.vi]);
  for (const v of viewOrder) {
    out.push('', `(gdb) dump_flatview ${v.pointer}`);
    for (const r of v.ranges) {
      const size = r.last - r.start + 1n;
      out.push(flatLine(r.start, size, r.offset));
      if (cut(r.start) || cut(r.start + size) || cut(r.offset)) meta.truncated32.flatRanges++;
    }
    meta.views.push({ pointer: v.pointer, root: v.rootName ?? null, addressSpaces: v.spaces.map((s) => s.name), flatRanges: v.ranges.length, unrendered: v.unrendered });
  }

  const counts = {
    addressSpaces: ordered.length,
    rootRegions: rootOrder.length,
    regionLines: meta.roots.reduce((a, r) => a + r.regionLines, 0),
    flatViews: viewOrder.length,
    emptyFlatViews: viewOrder.filter((v) => v.ranges.length === 0).length,
    flatRanges: viewOrder.reduce((a, v) => a + v.ranges.length, 0),
  };
  return { text: out.join('\n') + '\n', meta: { counts, ...meta }, addressSpaces: ordered.map((s) => s.name) };
}

// ---------------------------------------------------------------------------------------------
// Files

const sha256 = (text) => 'sha256:' + createHash('sha256').update(text).digest('hex');

/** The two files for one fixture directory, as text. */
function deriveDir(dir) {
  const mtreeD = fs.readFileSync(path.join(dir, 'mtree-D.txt'), 'utf8');
  const mtreeF = fs.readFileSync(path.join(dir, 'mtree-f.txt'), 'utf8');
  const { text, meta } = deriveSession(mtreeD, mtreeF);
  const full = {
    note: `Derived, not captured: what ${SCRIPT.repo}@${SCRIPT.branch}:${SCRIPT.path} would print for this machine. See docs/gdb-dumps.md.`,
    converter: CONVERTER,
    sources: { 'mtree-D.txt': sha256(mtreeD), 'mtree-f.txt': sha256(mtreeF) },
    script: SCRIPT,
    rules: RULES,
    ...meta,
  };
  return { [SESSION_FILE]: text, [META_FILE]: JSON.stringify(full, null, 1) + '\n' };
}

/** Every `qemu-7.2/*` and `qemu-10.0/*` fixture directory that has both inputs. */
function fixtureDirs(root) {
  const out = [];
  for (const version of ['qemu-7.2', 'qemu-10.0']) {
    const vdir = path.join(root, 'test', 'fixtures', version);
    if (!fs.existsSync(vdir)) continue;
    for (const config of fs.readdirSync(vdir).sort()) {
      const dir = path.join(vdir, config);
      if (fs.existsSync(path.join(dir, 'mtree-D.txt')) && fs.existsSync(path.join(dir, 'mtree-f.txt'))) out.push(dir);
    }
  }
  return out;
}

function main(argv) {
  const check = argv.includes('--check');
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const named = argv.filter((a) => !a.startsWith('--'));
  const dirs = named.length > 0 ? named.map((d) => path.resolve(d)) : fixtureDirs(repo);
  let stale = 0;
  for (const dir of dirs) {
    const files = deriveDir(dir);
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(dir, name);
      const rel = path.relative(repo, file);
      const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      if (old === text) continue;
      if (check) {
        stale++;
        console.error(`${rel}: ${old === undefined ? 'missing' : 'differs from what the converter writes'}`);
      } else {
        fs.writeFileSync(file, text);
        console.log(`wrote ${rel} (${Buffer.byteLength(text)} bytes)`);
      }
    }
  }
  if (check) {
    if (stale > 0) {
      console.error(`derive-gdb-fixtures: ${stale} file(s) out of date: run node ${CONVERTER}`);
      process.exit(1);
    }
    console.log(`derive-gdb-fixtures: ${dirs.length} machine(s) up to date`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
