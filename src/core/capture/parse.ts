import type { Capture, CaptureSection } from '../model/capture';
import { lineSpan, compareBySpan } from '../model/span';
import { parseGdb, startsGdb } from './gdb';
import { gdbModel } from './gdb-model';
import { parseGpa2hva, startsGpa2hva } from './gpa2hva';
import { parseHeader, startsHeader } from './header';
import { LineReader, isBlank, splitLines } from './lines';
import { parseFlatViews, startsFlatView } from './mtree-flat';
import { parseMtree, startsMtree } from './mtree-tree';
import { parseRamblock, startsRamblock } from './ramblock';
import { parseTrace, startsTrace } from './trace';

const QEMU_PROMPT = '(qemu) ';
const GDB_PROMPT = '(gdb) ';
/** Lines QEMU prints that carry nothing to read (monitor banner, HMP usage hints). */
const NOISE = [/^QEMU \d+\.\d+\.\d+.* monitor - type 'help' for more information$/, /^Try "help [^"]*" for more information$/];
/** Commands whose output the parsers read. */
const READ_COMMANDS = /^(?:gpa2hva|info\s+(?:mtree|ramblock))\b/;
/** Monitor error lines that explain why a command printed nothing useful. */
const MONITOR_ERROR = /^(?:mtree: |Error: |unknown command: |number too large$|invalid char )/;

/** True when the line starts some section the parsers read. */
function startsSection(line: string): boolean {
  return startsMtree(line) || startsFlatView(line) || startsRamblock(line) || startsGpa2hva(line) || startsTrace(line) || startsGdb(line);
}

/** What the last `(qemu) info mtree …` prompt said about the flags. */
function mtreeHint(command: string | undefined): { owners: boolean; disabled: boolean } {
  const words = command?.trim().split(/\s+/) ?? [];
  const isMtree = words[0] === 'info' && words[1] === 'mtree';
  return { owners: isMtree && words.includes('-o'), disabled: isMtree && words.includes('-D') };
}

/** Parses the section that starts at the reader's line, or returns undefined when none does. */
function readSection(r: LineReader, line: string, lastCommand: string | undefined): CaptureSection | undefined {
  if (startsMtree(line)) return parseMtree(r, mtreeHint(lastCommand));
  if (startsFlatView(line)) return parseFlatViews(r, mtreeHint(lastCommand));
  if (startsRamblock(line)) return parseRamblock(r);
  if (startsGpa2hva(line)) return parseGpa2hva(r);
  if (startsTrace(line)) return parseTrace(r);
  if (startsGdb(line)) return parseGdb(r);
  return undefined;
}

/** A monitor or gdb prompt line's tool and command (empty for a bare prompt); undefined for any other line. */
function promptOf(line: string): { tool: 'qemu' | 'gdb'; command: string } | undefined {
  if (line.startsWith(GDB_PROMPT)) return { tool: 'gdb', command: line.slice(GDB_PROMPT.length).trim() };
  if (line.startsWith(QEMU_PROMPT) || line.trimEnd() === '(qemu)') return { tool: 'qemu', command: line.slice(QEMU_PROMPT.length).trim() };
  return undefined;
}

/** Moves past blank lines inside a stretch of unknown text: they belong to it; the stretch ends at a known line. */
function skipBlanksInJunk(r: LineReader): void {
  let j = r.pos;
  while (j < r.lines.length && isBlank(r.at(j))) j++;
  if (j < r.lines.length && !startsSection(r.at(j)) && !r.at(j).startsWith(QEMU_PROMPT) && !r.at(j).startsWith(GDB_PROMPT)) r.pos = j;
}

/**
 * Parses any capture text: monitor transcripts, bare outputs pasted one after another, gdb script
 * outputs. Sections are found by content. Never throws; linear in the text.
 */
export function parseCapture(text: string): Capture {
  const split = splitLines(text);
  const r = new LineReader(split.lines);
  const sections: CaptureSection[] = [];
  if (split.crOnly) r.report('CAP003', lineSpan(0, 0, 0));
  let lastCommand: string | undefined;
  let pendingPrompt: { command: string; line: number; answered: boolean } | undefined;
  let junkFrom = -1;
  let junkTo = -1;
  // A `qemu-memmap capture` header is read only as the file's first non-blank text.
  while (!r.done && isBlank(r.line)) r.pos++;
  const header = !r.done && startsHeader(r.line) ? parseHeader(r) : undefined;

  const flushJunk = (): void => {
    if (junkFrom < 0) return;
    sections.push({ kind: 'unrecognised', span: r.blockSpan(junkFrom, junkTo) });
    const prompt = pendingPrompt;
    if (prompt && !prompt.answered && prompt.line === junkFrom - 1 && !READ_COMMANDS.test(prompt.command)) {
      // Output of a command this tool does not read: one note on the prompt, no warning on its output.
      r.report('CAP002', r.lineSpan(prompt.line), { command: prompt.command });
    } else {
      r.report('CAP001', r.blockSpan(junkFrom, junkTo), { lines: String(junkTo - junkFrom + 1) });
    }
    if (prompt) prompt.answered = true;
    junkFrom = -1;
  };
  const closePrompt = (): void => {
    pendingPrompt = undefined;
  };

  while (!r.done) {
    const line = r.line;
    const before = r.pos;
    if (isBlank(line)) {
      r.pos++;
      continue;
    }
    const section = readSection(r, line, lastCommand);
    if (section) {
      flushJunk();
      if (pendingPrompt) pendingPrompt.answered = true;
      closePrompt();
      lastCommand = undefined;
      sections.push(section);
      if (r.pos === before) r.pos++; // a parser that read nothing must not stall the loop
      continue;
    }
    const prompt = promptOf(line);
    if (prompt) {
      flushJunk();
      closePrompt();
      const { tool, command } = prompt;
      r.prompts.push({ tool, command, span: r.lineSpan() });
      if (command.length > 0) {
        lastCommand = command;
        pendingPrompt = { command, line: r.pos, answered: false };
      }
      r.pos++;
      continue;
    } else if (NOISE.some((re) => re.test(line.trimEnd()))) {
      r.pos++;
      continue;
    } else if (MONITOR_ERROR.test(line.trim())) {
      flushJunk();
      r.report('CAP004', r.lineSpan(), { text: line.trim() });
      if (pendingPrompt) pendingPrompt.answered = true;
      r.pos++;
      continue;
    } else {
      if (junkFrom < 0) junkFrom = r.pos;
      junkTo = r.pos;
      r.pos++;
      skipBlanksInJunk(r);
      continue;
    }
  }
  flushJunk();
  closePrompt();
  const issues = r.issues.slice();
  // gdb dumps become the model when the file has no info mtree tree of its own (which says more).
  const gdb = sections.some((s) => s.kind === 'mtree') ? undefined : gdbModel(sections, issues);
  issues.sort(compareBySpan);
  return { ...(header ? { header } : {}), sections, prompts: r.prompts, issues, lineCount: split.lines.length, ...(gdb ? { gdb } : {}) };
}

