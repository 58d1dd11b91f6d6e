/** What `docs/diagnostics.md` says about one code: its meaning and the section (with its anchor) that lists it. */
export interface RuleDoc {
  readonly meaning: string;
  readonly section: string;
  /** The heading's anchor as GitHub and VS Code's Markdown preview make it (`the-file-as-a-whole-cap`). */
  readonly anchor: string;
}

/** GitHub's heading slug: lower case, punctuation dropped (hyphens kept), each space a hyphen. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Reads the code tables of `docs/diagnostics.md` (`| CODE | severity | meaning |` rows under `## ` headings). */
export function parseRuleDocs(markdown: string): Map<string, RuleDoc> {
  const out = new Map<string, RuleDoc>();
  let section = '';
  for (const line of markdown.split(/\r?\n/)) {
    const h = /^## (.+)$/.exec(line);
    if (h) {
      section = h[1] as string;
      continue;
    }
    const row = /^\| ([A-Z]+\d+) \| [a-z]+ \| (.+) \|\s*$/.exec(line);
    if (row && section) out.set(row[1] as string, { meaning: (row[2] as string).trim(), section: section.replace(/`/g, ''), anchor: headingAnchor(section) });
  }
  return out;
}
