import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file that holds package.json (tests run from out/). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Root of the committed real-QEMU captures. */
export const FIXTURES = join(repoRoot(), 'test', 'fixtures');

/** One captured file of one machine under one QEMU version. */
export interface FixtureFile {
  version: string;
  config: string;
  file: string;
  path: string;
  text: string;
}

/**
 * Files under the fixture folders that are derived from the captures, not captured from QEMU
 * (`scripts/derive-gdb-fixtures.mjs`). fixtureFiles() leaves them out; test/core/capture/gdb-derived.test.ts reads them.
 */
export const DERIVED_FILES: ReadonlySet<string> = new Set(['gdb-session.txt']);

/** Every captured `qemu-*` / CONFIG / *.txt fixture (not the DERIVED_FILES), sorted. */
export function fixtureFiles(): FixtureFile[] {
  const out: FixtureFile[] = [];
  for (const version of readdirSync(FIXTURES).filter((d) => d.startsWith('qemu-')).sort()) {
    const vdir = join(FIXTURES, version);
    for (const config of readdirSync(vdir).sort()) {
      const cdir = join(vdir, config);
      if (!statSync(cdir).isDirectory()) continue;
      for (const file of readdirSync(cdir).filter((f) => f.endsWith('.txt') && !DERIVED_FILES.has(f)).sort()) {
        const path = join(cdir, file);
        out.push({ version, config, file, path, text: readFileSync(path, 'utf8') });
      }
    }
  }
  return out;
}

/** The fixture machines as [version, config] pairs. */
export function fixtureMachines(): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const f of fixtureFiles()) {
    const key = `${f.version}/${f.config}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push([f.version, f.config]);
    }
  }
  return out;
}
