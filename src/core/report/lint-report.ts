import { formatSpan } from '../model/json';
import type { Issue, IssueCode, Severity } from '../model/issues';
import { issueCatalogue } from '../model/issues';
import type { Log, Location, Region, ReportingDescriptor, Result } from 'sarif';
import type { Span } from '../model/span';
import type { RuleDoc } from './rule-docs';

/** The issues of one linted file, with the URI (relative to the run's base) SARIF names it by. */
export interface LintedFile {
  /** The path as the user gave it (text and JSON output). */
  readonly path: string;
  /** A relative URI reference with forward slashes and percent-encoding (SARIF artifactLocation.uri). */
  readonly uri: string;
  readonly issues: readonly Issue[];
}

/** One issue of `lint --format json`. */
export interface LintJsonEntry {
  readonly file: string;
  /** `line:col-line:col`, 1-based, as every JSON output of the tool writes positions. */
  readonly range: string;
  readonly severity: Severity;
  readonly code: IssueCode;
  readonly message: string;
}

/** `lint --format json`: every issue, file by file, in position order. */
export function lintJson(files: readonly LintedFile[]): LintJsonEntry[] {
  return files.flatMap((f) => f.issues.map((i) => ({ file: f.path, range: formatSpan(i.span), severity: i.severity, code: i.code, message: i.message })));
}

type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF has no hint or information level: both are notes. */
export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** A SARIF region: 1-based lines and columns, the end column the one after the last character. */
function sarifRegion(s: Span): Region {
  return { startLine: s.line + 1, startColumn: s.col + 1, endLine: s.endLine + 1, endColumn: s.endCol + 1 };
}

/** What the run says about where it ran and what it documents. */
export interface SarifContext {
  readonly toolVersion?: string;
  /** Absolute URI of the directory the artifact URIs are relative to (SARIF's %SRCROOT%). */
  readonly baseUri?: string;
  /** What docs/diagnostics.md says about each code. */
  readonly docs: ReadonlyMap<string, RuleDoc>;
  /** Absolute URI of docs/diagnostics.md; rules' helpUri add their section's anchor. */
  readonly docsUri?: string;
}

/**
 * `lint --format sarif`: a SARIF 2.1.0 log with one run. The driver lists every code the tool can
 * report as a rule (meaning and help from docs/diagnostics.md); results point at their rule by id and
 * index, and at the file by a relative URI under %SRCROOT%.
 */
export function lintSarif(files: readonly LintedFile[], ctx: SarifContext): Log {
  const catalogue = issueCatalogue();
  const index = new Map(catalogue.map((c, i) => [c.code as string, i]));
  const rules = catalogue.map(({ code, severity }): ReportingDescriptor => {
    const doc = ctx.docs.get(code);
    const meaning = doc?.meaning ?? `${code} (${severity})`;
    const where = doc ? `docs/diagnostics.md, section "${doc.section}"` : 'docs/diagnostics.md';
    return {
      id: code,
      shortDescription: { text: meaning },
      fullDescription: { text: meaning },
      help: { text: `${meaning} See ${where}.`, markdown: `${meaning}\n\nSee ${doc && ctx.docsUri ? `[${doc.section}](${ctx.docsUri}#${doc.anchor})` : where}.` },
      ...(doc && ctx.docsUri ? { helpUri: `${ctx.docsUri}#${doc.anchor}` } : {}),
      defaultConfiguration: { level: sarifLevel(severity) },
      properties: { severity },
    };
  });
  const base = ctx.baseUri ? { uriBaseId: '%SRCROOT%' } : {};
  const location = (uri: string, artifact: number, span: Span): Location => ({
    physicalLocation: { artifactLocation: { uri, index: artifact, ...base }, region: sarifRegion(span) },
  });
  const results = files.flatMap((f, artifact) => f.issues.map((i): Result => ({
    ruleId: i.code,
    ruleIndex: index.get(i.code) ?? -1,
    level: sarifLevel(i.severity),
    message: { text: i.message },
    locations: [location(f.uri, artifact, i.span)],
    ...(i.related && i.related.length > 0
      ? { relatedLocations: i.related.map((r, id) => ({ id, ...location(f.uri, artifact, r.span), message: { text: r.message } })) }
      : {}),
  })));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'qemu-memmap', ...(ctx.toolVersion ? { version: ctx.toolVersion } : {}), rules } },
      ...(ctx.baseUri ? { originalUriBaseIds: { '%SRCROOT%': { uri: ctx.baseUri } } } : {}),
      columnKind: 'utf16CodeUnits',
      artifacts: files.map((f) => ({ location: { uri: f.uri, ...base } })),
      results,
    }],
  };
}
