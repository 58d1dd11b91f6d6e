import type { Span } from './span';

/** LSP-compatible severities, named as people say them. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A location tied to an issue (another region that overlaps, the section that defines an alias target…). */
export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

/** A problem or note found in a document: data, not text. The message is made from `code` and `args` by `describeIssue`. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: Severity;
  readonly span: Span;
  readonly args: Readonly<Record<string, string>>;
  readonly message: string;
  readonly related?: readonly RelatedSpan[];
  /** Editors may fade the range (a wholly hidden region). */
  readonly unnecessary?: boolean;
}

interface IssueKind {
  readonly severity: Severity;
  readonly text: (a: Readonly<Record<string, string>>) => string;
}

/**
 * Every diagnostic code the core can emit, with its default severity and message.
 * Codes are stable: tests, code actions and users' suppressions refer to them.
 * Prefixes: MT = info mtree (tree), MF = info mtree -f, RB = info ramblock, GH = gpa2hva,
 * TR = find_ram_offset trace, GDB = gdb scripts, CAP = the file as a whole, RF = reflattening a capture,
 * RL = the ram_list engine.
 */
const KINDS = {
  // --- the file as a whole
  'CAP001': { severity: 'warning', text: (a) => `Unrecognised text (${a.lines} line${a.lines === '1' ? '' : 's'}): not a QEMU monitor or gdb capture format` },
  'CAP002': { severity: 'information', text: (a) => `Monitor command "${a.command}" has no output that this tool reads` },
  'CAP003': { severity: 'information', text: () => 'CR-only line ends: lines were split at CR' },
  'CAP004': { severity: 'warning', text: (a) => `Monitor error: ${a.text}` },
  'CAP005': { severity: 'warning', text: (a) => `File is larger than the analysis limit (${a.limit}); only the first ${a.lines} lines were analysed${a.raise ? ` (${a.raise})` : ''}` },
  // --- info mtree (tree mode)
  'MT001': { severity: 'error', text: (a) => `Malformed region line: ${a.reason}` },
  'MT002': { severity: 'information', text: (a) => `Indent jumps by ${a.levels} levels: ${a.hidden} disabled parent region${a.hidden === '1' ? ' was' : 's were'} not printed (capture with "info mtree -D" to see ${a.hidden === '1' ? 'it' : 'them'})` },
  'MT003': { severity: 'error', text: (a) => `Indentation ${a.found} is not a multiple of ${a.unit} spaces` },
  'MT004': { severity: 'information', text: (a) => `Range ${a.start}-${a.start} is ambiguous: QEMU prints a zero-sized and a one-byte region the same way; ${a.assumed}` },
  'MT005': { severity: 'warning', text: () => 'QEMU detected an overflow while printing this region ([DETECTED OVERFLOW!]): its range is not trustworthy' },
  'MT006': { severity: 'error', text: (a) => `End ${a.end} is below start ${a.start}` },
  'MT007': { severity: 'error', text: () => 'Region line outside any address-space: or memory-region: header' },
  'MT008': { severity: 'warning', text: (a) => `Subregion ${a.name} lies outside its container ${a.parent}` },
  'MT009': { severity: 'error', text: (a) => `Unknown region type "${a.type}"` },
  'MT010': { severity: 'warning', text: (a) => `Address space header "${a.name}" has no region tree` },
  'MT011': { severity: 'error', text: (a) => `Priority "${a.text}" is not a 32-bit integer` },
  'MT012': { severity: 'error', text: (a) => `Address "${a.text}" does not fit in 64 bits` },
  'MT013': { severity: 'warning', text: () => 'A second root region in the same group: QEMU prints one root per address space' },
  // --- info mtree -f
  'MF001': { severity: 'error', text: (a) => `Malformed flat range: ${a.reason}` },
  'MF002': { severity: 'error', text: (a) => `Malformed address-space line in FlatView: ${a.reason}` },
  'MF003': { severity: 'warning', text: (a) => `Flat range overlaps or is out of order with the previous one (${a.prev})` },
  'MF004': { severity: 'warning', text: () => 'FlatView has no "AS" line' },
  'MF005': { severity: 'warning', text: () => 'FlatView has no "Root memory region:" line' },
  'MF006': { severity: 'error', text: (a) => `Malformed dispatch line: ${a.reason}` },
  'MF007': { severity: 'warning', text: () => 'FlatView with root (none) lists ranges' },
  // --- info ramblock
  'RB001': { severity: 'error', text: (a) => `Malformed RAMBlock row: ${a.reason}` },
  'RB002': { severity: 'error', text: (a) => `Unreadable page size "${a.text}"` },
  'RB003': { severity: 'warning', text: (a) => `Used length ${a.used} exceeds the total (max) length ${a.max}` },
  'RB004': { severity: 'information', text: () => 'RAMBlock with an empty name (a block not registered for migration, e.g. a memory backend added with object-add)' },
  'RB005': { severity: 'warning', text: (a) => `Rows are not in ram_list order (Total descending): ${a.name} is larger than the row before it` },
  'RB006': { severity: 'error', text: (a) => `RO column reads "${a.text}"; expected ro or rw` },
  // --- gpa2hva
  'GH001': { severity: 'error', text: (a) => `Malformed gpa2hva answer: ${a.reason}` },
  'GH002': { severity: 'warning', text: (a) => `Answer is for ${a.answered} but the command asked for ${a.asked}` },
  'GH003': { severity: 'information', text: (a) => `gpa2hva failed: ${a.text}` },
  // --- find_ram_offset trace
  'TR001': { severity: 'error', text: (a) => `Malformed find_ram_offset trace line: ${a.reason}` },
  'TR002': { severity: 'warning', text: () => 'find_ram_offset line without the find_ram_offset_loop lines that lead to it' },
  // --- gdb scripts
  'GDB001': { severity: 'error', text: (a) => `Malformed ${a.command} line: ${a.reason}` },
  'GDB002': { severity: 'information', text: (a) => `End printed as ${a.text} (more than 64 bits): assumed ${a.assumed}` },
  'GDB003': { severity: 'information', text: (a) => `End ${a.text} is not above start ${a.start}: gdb's printf keeps only the low 32 bits of each number the script prints; assumed ${a.assumed}` },
  'GDB004': { severity: 'information', text: (a) => `${a.command} prints ${a.inclusive === 'true' ? 'inclusive' : 'exclusive'} ends; read as ${a.inclusive === 'true' ? 'inclusive' : 'exclusive'}` },
  'GDB005': { severity: 'information', text: (a) => `Field has ${a.digits} hex digits (QEMU's own format has 16)` },
  'GDB006': { severity: 'error', text: (a) => `Indentation ${a.found} does not follow the tree (expected at most ${a.max})` },
  'GDB007': { severity: 'information', text: (a) => `The ${a.what} of address space ${a.name} (${a.pointer}) is not in this file: "${a.command}" in the same gdb session adds it` },
  'GDB008': { severity: 'information', text: (a) => `No region tree of ${a.spaces} is in this file, so nothing names these ranges: "dump_memory_region" of its Root MR adds it` },
  'GDB009': { severity: 'information', text: (a) => `No address space in this file names this ${a.what}${a.name ? ` (${a.name})` : ''}: "${a.command}" in the same gdb session tells which ones use it` },
  'GDB010': { severity: 'information', text: (a) => `${a.name} shows this range from offset_in_region ${a.offset}, which its own range does not explain: taken as an alias with alias_offset ${a.alias} (gdb prints no alias target)` },
  'GDB011': { severity: 'information', text: (a) => `No subregion covers this range; ${a.name} shows here itself: taken as an I/O region that shows through its holes, not a pure container` },
  'GDB012': { severity: 'warning', text: (a) => `The dumped tree does not explain the dumped range ${a.start}-${a.end}: ${a.why}` },
  'GDB013': { severity: 'warning', text: (a) => `${a.name} would need alias_offset ${a.offset} here but ${a.other} at another range: no single alias explains both` },
  'GDB014': { severity: 'information', text: (a) => `${a.name} ranks above ${a.shown} at ${a.start}-${a.end} in the dump, but the dumped view shows ${a.shown} there: ${a.name} is disabled there, or a region the dump leaves out covers it (gdb prints no enabled flag)` },
  'GDB015': { severity: 'information', text: (a) => `${a.names} cover the same range ${a.start}-${a.end}: QEMU enables at most one of such a set, and gdb does not print which; ${a.verdict}` },
  'GDB016': { severity: 'warning', text: (a) => `Dumped range ${a.start}-${a.end} starts before the previous one ends (${a.before}): gdb's printf keeps only the low 32 bits of each number, so this range lies at or above 4 GiB and its real place is not in the dump` },
  'GDB017': { severity: 'information', text: (a) => `${a.name} prints as 4 GiB inside a container of ${a.parent} bytes: the script prints a zero-sized region so (it keeps the low 32 bits of start + size - 1); taken as zero-sized` },
  'GDB018': { severity: 'information', text: (a) => `${a.name} covers this range but shows it from offset_in_region ${a.offset}, less than the ${a.distance} into it: taken as an alias onto a container, a subregion of which starts here (gdb prints no alias target)` },
  'GDB019': { severity: 'information', text: (a) => `${a.name} shows ${a.target} here: the gpa2hva answer for ${a.gpa} names ${a.target} where the dumped view names ${a.name}; ${a.relation}` },
  // --- the layout language: lexing (LX), parsing (LP), checking (LC)
  'LX001': { severity: 'error', text: (a) => `Unexpected character${(a.text ?? '').length === 1 ? '' : 's'} "${a.text}"` },
  'LX002': { severity: 'error', text: () => 'Unterminated string: a closing " is missing' },
  'LX003': { severity: 'error', text: (a) => `Malformed number "${a.text}" (decimal or 0x hex, optional unit K, M, G, T, P, E)` },
  'LP001': { severity: 'error', text: (a) => `Expected a region (container, ram, rom, io, rom-device, ram-device, alias), address-space or ramblock; found "${a.text}"` },
  'LP002': { severity: 'error', text: () => '"}" without a matching "{"' },
  'LP003': { severity: 'error', text: (a) => `"{" of ${a.name} is never closed` },
  'LP004': { severity: 'error', text: (a) => `Unknown attribute "${a.text}" for ${a.what}` },
  'LP005': { severity: 'error', text: (a) => `Expected ${a.expected} after ${a.after}${a.found ? `; found "${a.found}"` : ''}` },
  'LP006': { severity: 'error', text: () => 'Expression nested too deeply' },
  'LP007': { severity: 'error', text: (a) => `Value ${a.text} is out of range: addresses and sizes lie in 0 … 2^64` },
  'LP008': { severity: 'warning', text: (a) => `${a.key} given twice; the last one counts` },
  'LP009': { severity: 'error', text: (a) => `${a.kind} region ${a.name} needs a size` },
  'LP010': { severity: 'error', text: (a) => `"${a.key}" applies only to ${a.applies}` },
  'LC001': { severity: 'error', text: (a) => `Unknown ${a.what} "${a.name}"` },
  'LC002': { severity: 'error', text: (a) => `"${a.name}" names ${a.count} regions: a target must name exactly one (label one with $id)` },
  'LC003': { severity: 'error', text: (a) => `Duplicate id $${a.name}` },
  'LC004': { severity: 'error', text: (a) => `Duplicate RAMBlock name "${a.name}": QEMU requires unique idstrs` },
  'LC005': { severity: 'error', text: (a) => `No place for RAMBlock ${a.name} of ${a.size}: find_ram_offset finds no gap (QEMU aborts)` },
  'LC006': { severity: 'error', text: (a) => `Used length ${a.used} exceeds max ${a.max}` },
  'LC007': { severity: 'information', text: (a) => `RAMBlock ${a.name} belongs to no region of the layout` },
  // --- lint (LY): mistakes in a machine's regions and RAMBlocks, for layouts and captures alike
  'LY101': { severity: 'warning', text: (a) => `${a.name} overlaps ${a.other} at equal priority ${a.priority} (${a.size} from ${a.at} in ${a.container}): the winner depends on insertion order (${a.winner} was added last and wins)` },
  'LY102': { severity: 'information', text: (a) => `${a.hidden} (${a.percent}) of ${a.name} is hidden by higher-priority ${a.by}` },
  'LY103': { severity: 'warning', text: (a) => `${a.name} is wholly hidden: none of its ${a.size} shows in any FlatView${a.by ? ` (${a.by} wins at ${a.at})` : ''}` },
  'LY104': { severity: 'warning', text: (a) => a.outside === 'true' ? `${a.name} lies wholly outside its container ${a.parent} (size ${a.parentSize}): QEMU never renders it` : `${a.name} extends ${a.excess} beyond the end of its container ${a.parent} (size ${a.parentSize}): QEMU clips it` },
  'LY105': { severity: 'error', text: (a) => `Alias ${a.name} shows ${a.size} from offset ${a.offset} of ${a.target}, ${a.excess} beyond its end (${a.target} has ${a.targetSize})` },
  'LY106': { severity: 'warning', text: (a) => `${a.name} has size 0: it maps nothing` },
  'LY107': { severity: 'warning', text: (a) => `${a.what} ${a.name}: ${a.field} ${a.value} is not a multiple of its page size ${a.page}` },
  'LY108': { severity: 'error', text: (a) => `RAMBlock ${a.name} (ram_addr ${a.start}-${a.end}) overlaps RAMBlock ${a.other} (${a.otherStart}-${a.otherEnd})` },
  'LY109': { severity: 'error', text: (a) => `Address space ${a.name} has no root region: it maps nothing` },
  'LY110': { severity: 'error', text: (a) => `Alias ${a.name} leads back to itself (an alias cycle): QEMU would recurse forever rendering it` },
  // --- reflattening a capture: facts the tree text does not hold
  'RF001': { severity: 'information', text: (a) => `Cannot tell whether alias ${a.name} (of RAM ${a.target}) is read-only: info mtree does not print an alias's own flag${a.known}; assumed writable. "info mtree -f" in the same file settles it` },
  'RF002': { severity: 'information', text: (a) => `Cannot tell whether ${a.name} is a pure container or an I/O region, which shows through the holes between its subregions: info mtree prints both as i/o${a.known}; assumed a container. "info mtree -f" in the same file settles it` },
  'RF003': { severity: 'information', text: (a) => `Alias ${a.name} taken as read-only: the captured flat view shows its ${a.target} range as rom` },
  'RF004': { severity: 'error', text: (a) => `Alias target "${a.target}" is not in this capture (no memory-region: section or region of that name)` },
  'RF005': { severity: 'warning', text: (a) => `Alias target "${a.target}" names ${a.count} different regions; the first one was used` },
  'RF006': { severity: 'hint', text: (a) => `${a.name} overlaps ${a.other} at equal priority ${a.priority}: which was added last (and wins) is not printed; assumed ${a.winner}` },
  'RF007': { severity: 'error', text: (a) => `Alias ${a.name} leads back to itself (an alias cycle); that path renders nothing` },
  'RF008': { severity: 'warning', text: (a) => `Rendering stopped after ${a.limit} pieces: aliases multiply this tree beyond the limit` },
  'RF011': { severity: 'information', text: (a) => `Cannot tell whether ${a.name} is an I/O region or an empty container: info mtree prints both as i/o${a.known}; assumed an I/O region. "info mtree -f" in the same file settles it` },
  // --- ram_list engine: replaying a find_ram_offset trace
  'RL001': { severity: 'warning', text: (a) => `find_ram_offset chose ${a.traced}, but best fit over the replayed ram_list gives ${a.computed}` },
  'RL002': { severity: 'warning', text: (a) => `find_ram_offset_loop line differs from the replayed ram_list: ${a.diffs}` },
  'RL003': { severity: 'warning', text: (a) => `${a.traced} find_ram_offset_loop line${a.traced === '1' ? '' : 's'}, but the replayed ram_list holds ${a.computed} block${a.computed === '1' ? '' : 's'}` },
  'RL004': { severity: 'warning', text: (a) => `No known RAMBlock ends at ${a.candidate} (rounded up): the trace visits a block it never placed` },
  'RL005': { severity: 'warning', text: (a) => `The block ending at ${a.candidate} (rounded up) is visited out of ram_list order` },
  'RL006': { severity: 'information', text: (a) => `${a.count} RAMBlock${a.count === '1' ? ' was' : 's were'} freed before this placement: ${a.blocks}` },
  'RL007': { severity: 'warning', text: (a) => `The trace ends without a find_ram_offset line: ${a.what}` },
  'RL008': { severity: 'warning', text: (a) => `Row ${a.name} is at offset ${a.offset}, but the trace placed this block at ${a.traced}` },
  'RL009': { severity: 'warning', text: (a) => `No traced placement explains row ${a.name} (offset ${a.offset}, total ${a.max})` },
  'RL010': { severity: 'information', text: (a) => `The block placed here (offset ${a.offset}, total ${a.max}) is not in info ramblock: freed after the last traced placement` },
  'RL011': { severity: 'warning', text: (a) => `Row ${a.name} is out of ram_list order: replaying the trace puts it at position ${a.expected}, not ${a.found}` },
} satisfies Record<string, IssueKind>;

/** A diagnostic code known to the core. */
export type IssueCode = keyof typeof KINDS;

/** All codes with their default severity (for documentation and tests). */
export function issueCatalogue(): { code: IssueCode; severity: Severity }[] {
  return (Object.keys(KINDS) as IssueCode[]).map((code) => ({ code, severity: KINDS[code].severity }));
}

/** Builds an issue from its code: the one place where severities and messages are decided. */
export function makeIssue(
  code: IssueCode,
  span: Span,
  args: Record<string, string> = {},
  extra: { related?: RelatedSpan[]; unnecessary?: boolean; severity?: Severity } = {},
): Issue {
  const kind: IssueKind = KINDS[code];
  const issue: Issue = {
    code,
    severity: extra.severity ?? kind.severity,
    span,
    args,
    message: kind.text(args),
    ...(extra.related ? { related: extra.related } : {}),
    ...(extra.unnecessary ? { unnecessary: true } : {}),
  };
  return issue;
}
