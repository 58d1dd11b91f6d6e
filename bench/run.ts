/** `npm run bench`: every benchmark in one process; prints tables and writes bench/results.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenBench } from './flatten-bench';
import { parseBench } from './parse-bench';
import { repoRoot } from '../test/unit/fixtures';

const results: Record<string, number> = { ...parseBench(), ...flattenBench() };
const dir = join(repoRoot(), 'bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
