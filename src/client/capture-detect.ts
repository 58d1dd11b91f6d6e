/**
 * Recognises a plain-text document as a QEMU capture by its first lines. VS Code lets the `.txt`
 * association win over a language's `firstLine`, so captures saved as `*.txt` open as plain text; the
 * client switches them. Pure: tests import it.
 */
import { CAPTURE_FIRST_LINE } from '../core/document-starts';

const FIRST_LINE = new RegExp(CAPTURE_FIRST_LINE);
/** The monitor's banner, which a transcript may start with. */
const BANNER = /^QEMU \d+\.\d+\.\d+.* monitor - type 'help' for more information$/;
/** Non-blank lines looked at: the banner, a blank line or two, then the first output. */
const LINES_LOOKED_AT = 3;

/** True when one of the first non-blank lines (the monitor banner skipped) starts a capture. */
export function looksLikeCapture(text: string): boolean {
  const head = text.slice(0, 4096).split(/\r\n|\r|\n/).filter((l) => l.trim() !== '' && !BANNER.test(l));
  return head.slice(0, LINES_LOOKED_AT).some((l) => FIRST_LINE.test(l));
}
