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
// Plain Node >= 20, no dependencies. The functions are exported for tests.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const U64 = (1n << 64n) - 1n;
const LOW32 = 0xffffffffn;

export const SESSION_FILE = 'gdb-session.txt';
export const META_FILE = 'gdb-session.meta.json';
export const CONVERTER = 'scripts/derive-gdb-fixtures.mjs';

/** The script version this emulates; see docs/gdb-dumps.md for why the seed's end convention. */
export const SCRIPT = {
  repo: 'RichardWeiYang/qemu',
  branch: 'mytest',
  path: 'gdb-script',
  lastChange: 'f84a239deceecb07ebb87e2816dded9a9f2c1e1d',
  branchHead: '6ad8d3ac2263cf1934deb267e824a283127ad6bf',
};

/**
 * Regions whose `info mtree` line `X-X` means size 0, not 1 (the two print the same). These are the
 * PCI bridge window aliases of a closed or unprogrammed window and q35's TSEG regions while TSEG is
 * off; every other `X-X` line is a one-byte region (I/O ports such as i8042-data). A derivation.
 */
export const ZERO_SIZED_NAMES = new Set(['pci_bridge_io', 'pci_bridge_mem', 'pci_bridge_pref_mem', 'tseg-blackhole', 'tseg-window']);

export const RULES = {
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
// Reading info mtree -D

const REGION = /^( *)([0-9a-f]{16})-([0-9a-f]{16}) \(prio (-?\d+), (nv-)?([a-z/]+)\): (.*)$/;
const ALIAS = /^alias (.*) @(.*) ([0-9a-f]{16})-([0-9a-f]{16})$/;

/**
 * @typedef {{ name: string, start: bigint, size: bigint, priority: number, type: string, disabled: boolean,
 *   alias: { target: string, offset: bigint } | undefined, children: Node[], parent: Node | undefined,
 *   order: number, line: number, kids?: Node[], container?: Node | undefined }} Node
 */

/** A region line's size: END - START + 1, or 0 for the known zero-sized names. */
function sizeOf(name, start, last) {
  if (last === start && ZERO_SIZED_NAMES.has(name)) return 0n;
  return last - start + 1n;
}

/** The groups (address spaces sharing a root) and memory-region sections of `info mtree -D`. */
export function parseMtreeTree(text) {
  const lines = text.split('\n');
  const groups = [];
  const sections = [];
  let i = 0;
  const readTree = (what) => {
    const stack = [];
    let root;
    let order = 0;
    for (; i < lines.length && lines[i] !== ''; i++) {
      const m = REGION.exec(lines[i]);
      if (!m) throw new Error(`mtree line ${i + 1}: not a region line: ${lines[i]}`);
      const depth = m[1].length / 2 - 1;
      if (!Number.isInteger(depth) || depth < 0 || depth > stack.length) throw new Error(`mtree line ${i + 1}: bad indentation (${what})`);
      let body = m[7];
      const disabled = body.endsWith(' [disabled]');
      if (disabled) body = body.slice(0, -' [disabled]'.length);
      const a = ALIAS.exec(body);
      const name = a ? a[1] : body;
      const start = BigInt('0x' + m[2]);
      const node = {
        name, start, size: sizeOf(name, start, BigInt('0x' + m[3])), priority: Number(m[4]), type: (m[5] ?? '') + m[6], disabled,
        alias: a ? { target: a[2], offset: BigInt('0x' + a[3]) } : undefined, children: [], parent: undefined, order: order++, line: i + 1,
      };
      stack.length = depth;
      const parent = stack[depth - 1];
      if (parent) {
        node.parent = parent;
        parent.children.push(node);
      } else if (root) throw new Error(`mtree line ${i + 1}: a second top-level region in ${what}`);
      else root = node;
      stack.push(node);
    }
    return root;
  };
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
    } else if (lines[i].startsWith('address-space: ')) {
      const spaces = [];
      for (; lines[i]?.startsWith('address-space: '); i++) spaces.push(lines[i].slice('address-space: '.length));
      groups.push({ spaces, root: readTree(`address-space ${spaces.join(', ')}`) });
    } else if (lines[i].startsWith('memory-region: ')) {
      const name = lines[i].slice('memory-region: '.length);
      i++;
      sections.push({ name, root: readTree(`memory-region ${name}`) });
    } else throw new Error(`mtree line ${i + 1}: unexpected text: ${lines[i]}`);
  }
  return { groups, sections };
}

// ---------------------------------------------------------------------------------------------
// Reading info mtree -f

const FLAT_RANGE = /^ {2}([0-9a-f]{16})-([0-9a-f]{16}) \(prio (-?\d+), (nv-)?([a-z/]+)\): (.*?)(?: @([0-9a-f]{16}))?$/;
const AS_LINE = /^ AS "(.*)", root: (.*?)(?:, alias (.*))?$/;

/** The views of `info mtree -f`: which address spaces share each, its root, its ranges. */
export function parseMtreeFlat(text) {
  const lines = text.split('\n');
  const views = [];
  let v;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      v = undefined;
      continue;
    }
    if (line.startsWith('FlatView #')) {
      v = { number: Number(line.slice('FlatView #'.length)), spaces: [], rootName: undefined, ranges: [], unrendered: false, line: i + 1 };
      views.push(v);
      continue;
    }
    if (!v) throw new Error(`mtree -f line ${i + 1}: text outside a view: ${line}`);
    const as = AS_LINE.exec(line);
    if (as) {
      v.spaces.push({ name: as[1], root: as[2] });
      continue;
    }
    if (line.startsWith(' Root memory region: ')) {
      v.rootName = line.slice(' Root memory region: '.length);
      continue;
    }
    if (line === '  No rendered FlatView') {
      v.unrendered = true;
      continue;
    }
    const r = FLAT_RANGE.exec(line);
    if (!r) throw new Error(`mtree -f line ${i + 1}: not a range line: ${line}`);
    v.ranges.push({ start: BigInt('0x' + r[1]), last: BigInt('0x' + r[2]), name: r[6], offset: r[7] ? BigInt('0x' + r[7]) : 0n });
  }
  return views;
}

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
export function regionLine(level, addr, size, name) {
  const lo = size & U64;
  const end = (addr + lo - 1n) & U64;
  return `${'  '.repeat(level)}[${hex16(int32(addr))}-${hexPlain(size >> 64n)}${hex16(int32(end))}]:${name}`;
}

/**
 * One dump_flatview line: START = its high word in plain hex + its low word in 16 digits; END = the
 * size's high word + 16 digits of start + size (exclusive); the offset in 16 digits.
 */
export function flatLine(start, size, offset) {
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
// The subregion lists

/** Children in the order of QEMU's subregion list as far as the text tells (RULES.siblingOrder). */
function listOrder(children) {
  return children.slice().sort((a, b) => b.priority - a.priority || (a.start === b.start ? a.order - b.order : a.start > b.start ? -1 : 1));
}

function prepare(root) {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    n.kids = listOrder(n.children);
    n.container = n.parent;
    stack.push(...n.kids);
  }
}

/** The offset inside the parent, as mr->addr holds it (a root's own mr->addr is what info mtree printed). */
const relAddr = (n) => (n.parent ? (n.start - n.parent.start) & U64 : n.start);

/** Name, offset, size, priority and the same of every descendant: what tells one printed MR from another. */
function signature(n) {
  const parts = [];
  const stack = [[n, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop();
    parts.push(`${d}|${x.name}|${x === n ? '' : relAddr(x)}|${x.size}|${x.priority}|${x.alias ? `${x.alias.target}@${x.alias.offset}` : ''}|${x.disabled}`);
    for (let k = x.children.length - 1; k >= 0; k--) stack.push([x.children[k], d + 1]);
  }
  return parts.join('\n');
}

/**
 * An address-space root that is also mapped inside another region (QEMU 10's device-memory and
 * virtio-pci-cfg-mem-as roots, arm's `system` inside `secure-memory`): finds that container among
 * the other printed trees, so the walk can be followed past the root like gdb would.
 */
function findContainer(root, trees) {
  const want = signature(root);
  const found = [];
  for (const t of trees) {
    if (t === root) continue;
    const stack = [...t.children];
    while (stack.length > 0) {
      const n = stack.pop();
      stack.push(...n.children);
      if (n.name !== root.name || n.alias || relAddr(n) !== root.start || n.size !== root.size || n.priority !== root.priority) continue;
      if (signature(n) === want) found.push(n);
    }
  }
  if (found.length === 0) return undefined;
  // The same MR can be printed in several trees (e.g. under `system` and in a memory-region section):
  // every copy must agree on what follows it, or the container is ambiguous.
  const next = (n) => {
    const kids = n.parent.kids;
    const k = kids.indexOf(n);
    return `${n.parent.name}|${kids[k + 1]?.name ?? ''}|${kids[k + 1] ? relAddr(kids[k + 1]) : ''}`;
  };
  const keys = new Set(found.map(next));
  if (keys.size > 1) throw new Error(`root ${root.name}: found in ${found.length} containers that disagree`);
  return found[0];
}

/**
 * The script's iterative walk, over `kids` (list order) and `container`: first subregion, else next
 * sibling, else climb to the first container (the root included) that has a next sibling. Lines
 * inside the root's subtree go to `lines`. When the walk leaves the subtree (it only stops on
 * reaching the root itself or a NULL pointer), it is followed until it would print at a negative
 * indent, where the script's indentation loop never ends.
 */
export function walk(root, stand) {
  // `stand` is the root's copy inside its container (another printed tree): the same MR.
  const same = (n) => n === root || (stand !== undefined && n === stand);
  const containerOf = (n) => (same(n) ? stand?.parent : n.container);
  const nextOf = (n) => {
    const m = same(n) ? stand : n;
    const c = m?.container;
    return c ? c.kids[c.kids.indexOf(m) + 1] : undefined;
  };
  const lines = [{ node: root, level: 0 }];
  let level = 1;
  let pmr = root.kids[0];
  let escape;
  while (pmr && !same(pmr)) {
    if (!escape) lines.push({ node: pmr, level });
    else if (level < 0) {
      escape.hangsAt = { name: pmr.name, level };
      break;
    } else escape.more++;
    if (pmr.kids.length > 0) {
      level++;
      pmr = pmr.kids[0];
    } else if (nextOf(pmr)) {
      pmr = nextOf(pmr);
    } else {
      // "go back to uncle": climb until a container has a next sibling, or the root is reached.
      while (containerOf(pmr) && !same(pmr)) {
        level--;
        const c = containerOf(pmr);
        const n = nextOf(c);
        if (n) {
          if (same(c)) escape = { container: stand.parent.name, nextSibling: n.name, more: 0, hangsAt: undefined };
          pmr = n;
          break;
        }
        pmr = c;
      }
    }
  }
  return { lines, escape };
}

// ---------------------------------------------------------------------------------------------
// Address spaces: which view each one uses, and their list order

/** All region names a tree can show in a view: its regions and their alias targets. */
function namesIn(root) {
  const names = new Set();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    names.add(n.name);
    if (n.alias) names.add(n.alias.target);
    stack.push(...n.children);
  }
  return names;
}

/** Whether anything under the root can render: a disabled subregion hides its whole subtree. */
function hasEnabledContent(root) {
  return root.children.some((n) => !n.disabled);
}

/** How well view `v` fits the tree of `root` (used only when names repeat). */
function fit(root, v) {
  if (v.unrendered) return hasEnabledContent(root) ? 0 : 1;
  const names = namesIn(root);
  const end = root.start + root.size;
  let s = 0;
  for (const r of v.ranges) {
    if (names.has(r.name)) s += 2;
    if (r.start >= root.start && r.last < end) s += 1;
  }
  return s;
}

function permutations(n) {
  if (n === 0) return [[]];
  const out = [];
  for (const p of permutations(n - 1)) for (let k = 0; k <= p.length; k++) out.push([...p.slice(0, k), n - 1, ...p.slice(k)]);
  return out;
}

/**
 * Matches every address space of the tree text to its slot in the flat text. Names can repeat
 * (two virtio-pci-cfg-mem-as, two pci_bridge_pci_io); then the view whose ranges fit the tree best wins.
 */
function assignViews(spaces, views) {
  const slots = new Map();
  views.forEach((v, vi) => v.spaces.forEach((s, si) => {
    const key = `${s.name}\0${s.root}`;
    if (!slots.has(key)) slots.set(key, []);
    slots.get(key).push({ vi, si });
  }));
  const byKey = new Map();
  for (const sp of spaces) {
    const key = `${sp.name}\0${sp.group.root.name}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(sp);
  }
  for (const [key, list] of byKey) {
    const free = slots.get(key) ?? [];
    if (free.length !== list.length) throw new Error(`address space ${key.replace('\0', ' root ')}: ${list.length} in mtree-D, ${free.length} in mtree-f`);
    if (list.length === 1 || new Set(free.map((f) => f.vi)).size === 1) {
      list.forEach((sp, k) => Object.assign(sp, free[k]));
      continue;
    }
    if (list.length > 6) throw new Error(`address space ${key}: too many of the same name to match`);
    let best;
    let bestScore = -1;
    let tie = false;
    for (const p of permutations(list.length)) {
      const score = p.reduce((acc, slot, k) => acc + fit(list[k].group.root, views[free[slot].vi]), 0);
      const sameViews = best && p.every((slot, k) => free[slot].vi === free[best[k]].vi);
      if (score > bestScore) {
        best = p;
        bestScore = score;
        tie = false;
      } else if (score === bestScore && !sameViews) tie = true;
    }
    if (tie) throw new Error(`address space ${key}: cannot tell which view belongs to which (${list.length} of them)`);
    list.forEach((sp, k) => Object.assign(sp, free[best[k]]));
  }
}

/**
 * The address_spaces list order: info mtree's order, except that the address spaces of each -f view
 * keep that view's relative order (QEMU lists a view's address spaces in address_spaces order). A
 * stable topological sort: each step takes the earliest (in info mtree order) address space whose
 * predecessors in its view are all placed.
 */
function listOrderOfSpaces(spaces, views) {
  const members = views.map(() => []);
  for (const sp of spaces) members[sp.vi][sp.si] = sp;
  const placedInView = views.map(() => 0);
  const out = [];
  const left = new Set(spaces);
  while (left.size > 0) {
    let pick;
    for (const sp of spaces) if (left.has(sp) && placedInView[sp.vi] === sp.si) {
      pick = sp;
      break;
    }
    if (!pick) throw new Error('address-space order: no candidate');
    out.push(pick);
    left.delete(pick);
    placedInView[pick.vi]++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The session

/** The gdb session text and its meta data for one machine. */
export function deriveSession(mtreeD, mtreeF) {
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
export function deriveDir(dir) {
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
export function fixtureDirs(root) {
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
