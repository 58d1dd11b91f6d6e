import { hex0x } from '../model/address';
import type { Capture, CaptureSection } from '../model/capture';
import { formatHeader } from '../capture/header';
import { parseCapture } from '../capture/parse';
import { probeAddresses } from './probes';

/** Runs one HMP command line on a live QEMU and resolves to its text (the QMP adapter supplies it). */
export type HmpRunner = (commandLine: string) => Promise<string>;

/** What the header of a live capture says: where, when and from what it was taken. */
export interface LiveCaptureInfo {
  /** QEMU's version, e.g. `7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)`. */
  readonly qemu: string;
  /** The guest architecture (query-target). */
  readonly target: string;
  /** The machine type, when QEMU told it. */
  readonly machine?: string;
  /** The guest name given with -name, when there is one. */
  readonly name?: string;
  /** When the capture started, ISO 8601. */
  readonly time: string;
  /** The command that took the capture. */
  readonly command: string;
  /** The QMP address it was taken from (`unix:PATH` or `tcp:HOST:PORT`); Re-capture reads it back. */
  readonly qmp: string;
}

/** A finished capture: the transcript text and what it holds. */
export interface LiveCapture {
  readonly text: string;
  /** The addresses gpa2hva was asked about. */
  readonly probes: bigint[];
}

/** Why a live capture stopped: QEMU answered something the parsers do not read. */
export class LiveCaptureError extends Error {
  override readonly name = 'LiveCaptureError';
}

/** The tree with owners and disabled regions (HMP wants the flags in the order -f -d -o -D). */
const TREE_COMMAND = 'info mtree -o -D';
const FLAT_COMMAND = 'info mtree -f';
const RAMBLOCK_COMMAND = 'info ramblock';

/** The header lines for a capture. */
function liveCaptureHeader(info: LiveCaptureInfo): string {
  return formatHeader([
    ['qemu', info.qemu], ['target', info.target], ['machine', info.machine], ['name', info.name],
    ['time', info.time], ['command', info.command], ['qmp', info.qmp],
  ]);
}

/** `(qemu) COMMAND` and its output with LF line ends (QMP returns HMP text with CRLF), ending in a line end. */
function transcriptEntry(command: string, output: string): string {
  const text = output.replace(/\r\n?/g, '\n');
  return `(qemu) ${command}\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}`;
}

/** The first line of an answer, short enough for a message. */
function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 120 ? line.slice(0, 117) + '…' : line === '' ? '(nothing)' : line;
}

/** Parses one entry and checks that it holds the section the command should print, without errors. */
function checkedEntry(command: string, output: string, kind: CaptureSection['kind']): string {
  const entry = transcriptEntry(command, output);
  const parsed = parseCapture(entry);
  const ok = parsed.sections.some((s) => s.kind === kind) && !parsed.sections.some((s) => s.kind === 'unrecognised') &&
    !parsed.issues.some((i) => i.severity === 'error' || i.code === 'CAP004');
  if (!ok) throw new LiveCaptureError(`QEMU's answer to "${command}" is not what it should print: ${firstLine(output)}`);
  if (kind === 'gpa2hva') {
    const answer = parsed.sections.find((s) => s.kind === 'gpa2hva')?.answers[0];
    if (!answer || answer.result.kind === 'error') throw new LiveCaptureError(`QEMU's answer to "${command}" is not a gpa2hva answer: ${firstLine(output)}`);
  }
  return entry;
}

/**
 * Takes a capture from a live QEMU through `run`: a header, `info mtree -o -D`, `info mtree -f`,
 * `info ramblock`, then `gpa2hva` at the start of every RAM-like range of the view gpa2hva uses (which gives
 * the host bases even where info ramblock has no HVA column). Rejects with `LiveCaptureError` when an answer
 * is not what the command prints, and with `run`'s own error when the monitor fails.
 */
export async function captureTranscript(run: HmpRunner, info: LiveCaptureInfo): Promise<LiveCapture> {
  const tree = checkedEntry(TREE_COMMAND, await run(TREE_COMMAND), 'mtree');
  const flat = checkedEntry(FLAT_COMMAND, await run(FLAT_COMMAND), 'flatview');
  const ramblock = checkedEntry(RAMBLOCK_COMMAND, await run(RAMBLOCK_COMMAND), 'ramblock');
  const layout: Capture = parseCapture(tree + flat);
  const probes = probeAddresses(layout);
  let answers = '';
  for (const gpa of probes) {
    const command = `gpa2hva ${hex0x(gpa)}`;
    answers += checkedEntry(command, await run(command), 'gpa2hva');
  }
  return { text: liveCaptureHeader(info) + tree + flat + ramblock + answers, probes };
}
