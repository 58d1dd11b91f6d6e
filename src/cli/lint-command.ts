import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Issue } from '../core/model/issues';
import type { LintedFile, RuleDoc } from '../core/service';
import { lintJson, lintSarif, parseRuleDocs } from '../core/service';
import type { Io } from './io';
import { tryRead } from './io';
import { analyse, formatIssue } from './load';

/** The output formats of `lint`. */
export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** A path as a relative URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(path: string): string {
  const rel = isAbsolute(path) ? relative(process.cwd(), path) : normalize(path);
  return rel.split(sep).join('/').split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

/** docs/diagnostics.md and package.json of this installation (found upwards from the running script), when present. */
function installation(): { docs: Map<string, RuleDoc>; docsUri?: string; version?: string } {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const docsPath = join(dir, 'docs', 'diagnostics.md');
  let version: string | undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    version = undefined;
  }
  if (!existsSync(docsPath)) return { docs: new Map(), ...(version ? { version } : {}) };
  return { docs: parseRuleDocs(readFileSync(docsPath, 'utf8')), docsUri: pathToFileURL(docsPath).href, ...(version ? { version } : {}) };
}

/**
 * `qemu-memmap lint FILE... [--format text|json|sarif]` (captures and layouts): text is one
 * PATH:LINE:COL: SEVERITY CODE: message line per issue; json a list of issues; sarif a SARIF 2.1.0 log.
 * Exit 1 when any error, 2 when a file cannot be read.
 */
export function runLint(io: Io, files: string[], format: LintFormat = 'text'): number {
  let errors = false;
  let unreadable = false;
  const linted: LintedFile[] = [];
  for (const file of files) {
    const text = tryRead(io, file);
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    // Hints (facts a capture's text leaves open) are for editors; lint reports the rest.
    const issues: Issue[] = analyse(text).doc.issues.filter((i) => i.severity !== 'hint');
    if (issues.some((i) => i.severity === 'error')) errors = true;
    linted.push({ path: file, uri: relativeUri(file), issues });
  }
  if (format === 'text') for (const f of linted) for (const issue of f.issues) io.out(formatIssue(f.path, issue) + '\n');
  else if (format === 'json') io.out(JSON.stringify(lintJson(linted), null, 2) + '\n');
  else {
    const inst = installation();
    const log = lintSarif(linted, {
      docs: inst.docs,
      baseUri: pathToFileURL(process.cwd() + sep).href,
      ...(inst.docsUri ? { docsUri: inst.docsUri } : {}),
      ...(inst.version ? { toolVersion: inst.version } : {}),
    });
    io.out(JSON.stringify(log, null, 2) + '\n');
  }
  if (unreadable) return 2;
  return errors ? 1 : 0;
}
