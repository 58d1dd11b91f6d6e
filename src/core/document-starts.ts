/**
 * The line starts that tell the two kinds of document apart: a layout's first meaningful line starts
 * with an item keyword, a capture's with what QEMU, gdb or the capture script print first.
 */
import { alternation, ITEM_KEYWORDS } from './layout/keywords';

/** A layout's first meaningful line: an item keyword (`address-space NAME`, without a capture's colon), then white space or the end. */
export const LAYOUT_START = new RegExp(`^${alternation(ITEM_KEYWORDS)}(?:\\s|$)`);

/** One way a capture's line starts. */
interface CaptureStart {
  /** Its regex source. */
  readonly start: string;
  /** What VS Code's firstLine keeps of it: the same (omitted), a narrower source, or nothing (false). */
  readonly firstLine?: string | false;
}

/**
 * How a capture's first line can start. The core tests the first meaningful line (blank and `#` lines
 * skipped, so the script's header never reaches it) of a document it was told is a layout. VS Code's
 * firstLine tests line 1 of a file whose name gives no language, and the client the first lines of a
 * `.txt`: there it is narrower, a gdb prompt only with the script's `dump_` commands, and neither a
 * gpa2hva answer nor a trace line, which other text may start with too.
 */
const CAPTURE_STARTS: readonly CaptureStart[] = [
  { start: '\\(qemu\\)' },
  { start: '\\(gdb\\)', firstLine: '\\(gdb\\) dump_' },
  { start: 'address-space: ' },
  { start: 'memory-region: ' },
  { start: 'FlatView #\\d' },
  { start: '\\s*Block Name\\s+PSize' },
  { start: 'find_ram_offset' },
  { start: 'Dump MemoryRegion:' },
  { start: 'AddressSpace : ' },
  { start: '# qemu-memmap capture$' },
  { start: 'Host virtual address for ', firstLine: false },
  { start: '\\[[0-9a-f]+-[0-9a-f]+\\]', firstLine: false },
];

/** A line that plainly starts a capture, for the core. */
export const CAPTURE_START = new RegExp(`^${alternation(CAPTURE_STARTS.map((s) => s.start))}`);

/** package.json's `firstLine` for qemu-capture, which the client also uses on plain-text documents (a test keeps the two equal). */
export const CAPTURE_FIRST_LINE = `^(${CAPTURE_STARTS.flatMap((s) => (s.firstLine === false ? [] : [s.firstLine ?? s.start])).join('|')})`;
