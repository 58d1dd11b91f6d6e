/**
 * The one vocabulary of region kinds: what a MemoryRegion is, in QEMU's terms (memory_region_init_*).
 * The type word `info mtree` prints and the layout keyword are functions of a kind (and of the state
 * that changes the word: read-only RAM, romd mode, an alias).
 */

/**
 * Each kind's words. `printed`: the type words `info mtree` prints for it, the usual one first, then
 * the one for read-only RAM (`rom`), a ROM device in romd mode (`romd`), or a pure container as QEMU
 * 10 prints it (`container`; earlier QEMUs print `i/o`). `keywords`: the layout's words for it, the
 * usual one first, then `rom` for read-only RAM. In keyword order (the order completion offers them).
 */
const WORDS = {
  container: { printed: ['i/o', 'container'], keywords: ['container'] },
  ram: { printed: ['ram', 'rom'], keywords: ['ram', 'rom'] },
  io: { printed: ['i/o'], keywords: ['io'] },
  'rom-device': { printed: ['i/o', 'romd'], keywords: ['rom-device'] },
  'ram-device': { printed: ['ramd'], keywords: ['ram-device'] },
} as const;

/** What a MemoryRegion is, in QEMU's terms (memory_region_init_*); an alias has a container's kind and a target. */
export type MrKind = keyof typeof WORDS;

/** Type words QEMU prints in `(prio P, TYPE)`; `container` is printed by QEMU after 10.0 for pure containers. */
export type RegionType = (typeof WORDS)[MrKind]['printed'][number];

/** The layout keyword of an alias (its kind is a container's). */
const ALIAS_KEYWORD = 'alias';

/** A region kind keyword of the layout language, as QEMU's memory_region_init_* variants. */
export type RegionKeyword = (typeof WORDS)[MrKind]['keywords'][number] | typeof ALIAS_KEYWORD;

/** Every region keyword, in the order completion offers them. */
export const REGION_KEYWORDS: readonly RegionKeyword[] = [...Object.values(WORDS).flatMap((w): readonly RegionKeyword[] => w.keywords), ALIAS_KEYWORD];

/** The region kind a layout keyword declares (`rom` is read-only RAM, `alias` a container with a target). */
export function kindOfKeyword(keyword: RegionKeyword): MrKind {
  if (keyword === ALIAS_KEYWORD) return 'container';
  if (keyword === 'rom') return 'ram';
  return keyword;
}

/** The layout keyword for a region of a kind: `rom` for read-only RAM, `alias` for an alias. */
export function keywordOfKind(kind: MrKind, readonly: boolean, alias: boolean): RegionKeyword {
  if (alias) return ALIAS_KEYWORD;
  return kind === 'ram' && readonly ? 'rom' : WORDS[kind].keywords[0];
}

/** The type word QEMU's memory_region_type() prints for a region of a kind that is not an alias (a container as `i/o`). */
export function typeWordOfKind(kind: MrKind, readonly: boolean, romd: boolean): RegionType {
  if (kind === 'ram' && readonly) return 'rom';
  if (kind === 'rom-device' && romd) return 'romd';
  return WORDS[kind].printed[0];
}

/**
 * The kind a printed type word says for certain: `ram`/`rom` RAM, `romd` a ROM device, `ramd` a RAM device,
 * `container` a pure container (QEMU 10). Undefined for `i/o`, which QEMU prints for I/O regions, pure
 * containers (before 10.0) and ROM devices out of romd mode alike.
 */
export function kindOfTypeWord(word: RegionType): MrKind | undefined {
  let found: MrKind | undefined;
  for (const [kind, w] of Object.entries(WORDS) as [MrKind, (typeof WORDS)[MrKind]][]) {
    if (!(w.printed as readonly RegionType[]).includes(word)) continue;
    if (found !== undefined) return undefined;
    found = kind;
  }
  return found;
}
