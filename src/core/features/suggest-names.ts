import { boundedDistance } from './edit-distance';

/** How far a name may be from the one written to be suggested: one edit per three characters, 1 … 3. */
export function suggestionDistance(written: string): number {
  return Math.max(1, Math.min(3, Math.floor(written.length / 3)));
}

/**
 * The declared names closest to a misspelt one ("did you mean"), nearest first (ties in the given order),
 * at most `limit`. Case is ignored when measuring. Each candidate costs O(distance · length) at most and
 * names whose length alone puts them too far are skipped before any work, so thousands of names are cheap.
 */
export function closestNames(written: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = suggestionDistance(written);
  const w = written.toLowerCase();
  const found: { name: string; d: number; i: number }[] = [];
  let i = 0;
  for (const name of candidates) {
    i++;
    if (name === written || Math.abs(name.length - written.length) > max) continue;
    const d = boundedDistance(w, name.toLowerCase(), max);
    if (d <= max) found.push({ name, d, i });
  }
  found.sort((x, y) => x.d - y.d || x.i - y.i);
  const out: string[] = [];
  for (const f of found) if (!out.includes(f.name) && out.length < limit) out.push(f.name);
  return out;
}
