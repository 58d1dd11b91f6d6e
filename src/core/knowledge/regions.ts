/**
 * What QEMU's own source says about a memory region, by name: which `memory_region_init*`
 * constructor makes regions of that name (a container and an I/O region both print `i/o` in a bare
 * `info mtree`), and whether the code next to it sets it read-only (`info mtree` drops that flag for
 * aliases) or disables it. Built from QEMU 7.2 and 10.0 by scripts/gen-region-knowledge.mjs into
 * ./regions-data.ts; docs/knowledge-base.md tells what it records and its limits.
 *
 * Lookups parse the data once, on first use; a name is looked up in time proportional to its length
 * (exact names by hash, patterns through tries of their literal prefixes and suffixes), and answers are
 * remembered.
 */
import { FILES, REGIONS, VERSIONS } from './regions-data';
import { compilePattern, isNamePattern, patternLiterals, unescapeName } from './region-pattern';

/** The constructor a region was made with. */
export type CtorKind = 'container' | 'io' | 'ram' | 'rom' | 'rom-device' | 'alias' | 'iommu' | 'ram-device';

/** A QEMU version the knowledge base was built from (major.minor). */
export type QemuVersion = (typeof VERSIONS)[number];

/** The versions the knowledge base covers, oldest first. */
export const QEMU_VERSIONS: readonly QemuVersion[] = VERSIONS;

/** One constructor call (or several alike) in QEMU's source that makes a region of the name. */
export interface RegionSource {
  /** Path in the QEMU tree (`hw/pci-host/pam.c`). */
  readonly file: string;
  readonly line: number;
  /** The versions in which this call is at this file:line. */
  readonly versions: readonly QemuVersion[];
  readonly kind: CtorKind;
  /** How many calls in each of `versions` give the name this kind and these facts; file:line is the first. */
  readonly count: number;
  /**
   * What `memory_region_set_readonly` next to the call (same function, same region expression) sets:
   * true or false, or 'runtime' when the value is only known at run time; `rom` regions are read-only
   * by construction (true unless set writable). Absent: not set there.
   */
  readonly readonly?: boolean | 'runtime';
  /** `memory_region_set_enabled(…, false)` next to the call: the region starts disabled. */
  readonly disabled?: true;
}

/** What the knowledge base knows about one region name. */
export interface KnownRegion {
  /** The name that was looked up. */
  readonly name: string;
  /** The pattern that matched, when no exact name did (`vtd-%02x.%x`; see ./region-pattern.ts). */
  readonly pattern?: string;
  /** Every constructor kind found for the name; more than one means the name alone cannot tell. */
  readonly kinds: ReadonlySet<CtorKind>;
  /**
   * True when every source makes it read-only, false when none does; absent when they differ or one
   * sets it only at run time.
   */
  readonly readonly?: boolean;
  /** True when every source disables it next to its constructor. */
  readonly disabled?: boolean;
  readonly sources: readonly RegionSource[];
}

/**
 * What QEMU's source says about regions named `name` (in `version`, or in any version covered):
 * an exact name first, else the most specific patterns that match (those with the most literal text).
 * Undefined when the name is unknown.
 */
export function lookupRegion(name: string, version?: QemuVersion): KnownRegion | undefined {
  const index = theIndex();
  const cacheKey = `${version ?? ''}\u0000${name}`;
  if (index.cache.has(cacheKey)) return index.cache.get(cacheKey);
  const answer = answerFor(index, name, version);
  if (index.cache.size >= CACHE_LIMIT) index.cache.clear();
  index.cache.set(cacheKey, answer);
  return answer;
}

/** The knowledge-base version of a QEMU version string: `7.2.22` → `7.2`, `10.0.2` → `10.0`; else undefined. */
export function qemuVersionOf(version: string): QemuVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.\s-]|$)/.exec(version.trim());
  const mm = m ? `${m[1]}.${m[2]}` : '';
  return QEMU_VERSIONS.find((v) => v === mm);
}

/** How many exact names and patterns the knowledge base holds (all versions). */
export function regionKnowledgeSize(): { names: number; patterns: number } {
  const index = theIndex();
  return { names: index.exact.size, patterns: index.patterns.length };
}

const CACHE_LIMIT = 100_000;

const KINDS: Record<string, CtorKind> = {
  c: 'container', i: 'io', r: 'ram', o: 'rom', d: 'rom-device', a: 'alias', m: 'iommu', v: 'ram-device',
};

/** One line of REGIONS: a kind and facts, with one source per version (undefined where absent). */
interface Row {
  readonly kind: CtorKind;
  readonly readonly?: boolean | 'runtime';
  readonly disabled: boolean;
  readonly at: readonly ({ file: number; line: number; count: number } | undefined)[];
}

interface PatternEntry {
  readonly pattern: string;
  readonly rows: Row[];
  readonly literalLength: number;
  regex?: RegExp;
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  readonly here: PatternEntry[];
}

interface Index {
  readonly files: readonly string[];
  readonly exact: Map<string, Row[]>;
  readonly patterns: PatternEntry[];
  /** Patterns by their literal prefix; those without one by their literal suffix (reversed); the rest. */
  readonly byPrefix: TrieNode;
  readonly bySuffix: TrieNode;
  readonly unanchored: PatternEntry[];
  readonly cache: Map<string, KnownRegion | undefined>;
}

let index: Index | undefined;

function theIndex(): Index {
  index ??= buildIndex();
  return index;
}

function buildIndex(): Index {
  const exact = new Map<string, Row[]>();
  const byPattern = new Map<string, PatternEntry>();
  let prev = '';
  for (const line of REGIONS.split('\n')) {
    if (!line) continue;
    const [head = '', flags = '', ...cols] = line.split('|');
    const pattern = prev.slice(0, parseInt(head[0] ?? '0', 36)) + head.slice(1);
    prev = pattern;
    const row = parseRow(flags, cols);
    if (isNamePattern(pattern)) {
      let entry = byPattern.get(pattern);
      if (!entry) {
        entry = { pattern, rows: [], literalLength: patternLiterals(pattern).literalLength };
        byPattern.set(pattern, entry);
      }
      entry.rows.push(row);
    } else {
      const name = unescapeName(pattern);
      const rows = exact.get(name);
      if (rows) rows.push(row);
      else exact.set(name, [row]);
    }
  }
  const byPrefix = trieNode();
  const bySuffix = trieNode();
  const unanchored: PatternEntry[] = [];
  for (const entry of byPattern.values()) {
    const { prefix, suffix } = patternLiterals(entry.pattern);
    if (prefix) insert(byPrefix, prefix, entry);
    else if (suffix) insert(bySuffix, [...suffix].reverse().join(''), entry);
    else unanchored.push(entry);
  }
  return {
    files: FILES.split('\n'), exact, patterns: [...byPattern.values()], byPrefix, bySuffix, unanchored, cache: new Map(),
  };
}

function parseRow(flags: string, cols: string[]): Row {
  const kind = KINDS[flags[0] ?? ''] ?? 'io';
  const readonly = flags.includes('R') ? true : flags.includes('W') ? false : flags.includes('Q') ? 'runtime' : undefined;
  const at: ({ file: number; line: number; count: number } | undefined)[] = [];
  for (let i = 0; i < QEMU_VERSIONS.length; i++) {
    const col = cols[i] ?? '';
    if (col === '=') {
      at.push(at[i - 1]);
    } else if (col === '') {
      at.push(undefined);
    } else {
      const [file = '0', line = '0', count = '1'] = col.split('.');
      at.push({ file: parseInt(file, 36), line: parseInt(line, 36), count: parseInt(count, 36) });
    }
  }
  return { kind, readonly, disabled: flags.includes('D'), at };
}

function trieNode(): TrieNode {
  return { next: new Map(), here: [] };
}

function insert(root: TrieNode, key: string, entry: PatternEntry): void {
  let node = root;
  for (const ch of key) {
    let child = node.next.get(ch);
    if (!child) {
      child = trieNode();
      node.next.set(ch, child);
    }
    node = child;
  }
  node.here.push(entry);
}

/** The entries on the trie path that `key` spells, in order of their length. */
function along(root: TrieNode, key: string, reversed: boolean): PatternEntry[] {
  const out: PatternEntry[] = [];
  let node: TrieNode | undefined = root;
  const n = key.length;
  for (let i = 0; i < n && node; i++) {
    node = node.next.get(key[reversed ? n - 1 - i : i] ?? '');
    if (node) out.push(...node.here);
  }
  return out;
}

function answerFor(index: Index, name: string, version: QemuVersion | undefined): KnownRegion | undefined {
  const vi = version === undefined ? -1 : QEMU_VERSIONS.indexOf(version);
  const inVersion = (r: Row): boolean => (vi < 0 ? r.at.some((a) => a !== undefined) : r.at[vi] !== undefined);
  const exactRows = index.exact.get(name)?.filter(inVersion);
  if (exactRows && exactRows.length > 0) return describe(index, name, undefined, exactRows, vi);

  const candidates = [...along(index.byPrefix, name, false), ...along(index.bySuffix, name, true), ...index.unanchored];
  let best: PatternEntry[] = [];
  for (const entry of candidates) {
    if (best.length > 0 && entry.literalLength < (best[0]?.literalLength ?? 0)) continue;
    if (!entry.rows.some(inVersion)) continue;
    entry.regex ??= compilePattern(entry.pattern);
    if (!entry.regex.test(name)) continue;
    if (best.length > 0 && entry.literalLength > (best[0]?.literalLength ?? 0)) best = [];
    best.push(entry);
  }
  if (best.length === 0) return undefined;
  const rows = best.flatMap((e) => e.rows.filter(inVersion));
  return describe(index, name, best.map((e) => e.pattern).join(' | '), rows, vi);
}

function describe(index: Index, name: string, pattern: string | undefined, rows: Row[], vi: number): KnownRegion {
  const kinds = new Set<CtorKind>();
  const sources: RegionSource[] = [];
  const readonlyValues = new Set<boolean | 'runtime'>();
  let allDisabled = true;
  for (const row of rows) {
    kinds.add(row.kind);
    const readonly = row.readonly ?? (row.kind === 'rom' ? true : undefined);
    readonlyValues.add(readonly ?? false);
    if (!row.disabled) allDisabled = false;
    // One source per distinct file:line, listing the versions that have the call there.
    for (let i = 0; i < row.at.length; i++) {
      const at = row.at[i];
      const v = QEMU_VERSIONS[i];
      if (!at || v === undefined || (vi >= 0 && i !== vi)) continue;
      const file = index.files[at.file] ?? '?';
      const same = sources.find((s) => s.file === file && s.line === at.line && s.kind === row.kind
        && s.count === at.count && s.readonly === readonly && (s.disabled ?? false) === row.disabled);
      if (same) {
        (same.versions as QemuVersion[]).push(v);
      } else {
        sources.push({
          file, line: at.line, versions: [v], kind: row.kind, count: at.count,
          ...(readonly !== undefined ? { readonly } : {}),
          ...(row.disabled ? { disabled: true as const } : {}),
        });
      }
    }
  }
  const ro = readonlyValues.size === 1 ? [...readonlyValues][0] : undefined;
  return {
    name,
    ...(pattern !== undefined ? { pattern } : {}),
    kinds,
    ...(typeof ro === 'boolean' ? { readonly: ro } : {}),
    disabled: allDisabled,
    sources,
  };
}
