/**
 * The CLI in-process (main() with an in-memory Io) on mutated documents with every command and random
 * arguments: it always returns an exit code (0, 1 or 2) and never throws. Seeded (see seed.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';
import { EDGE_NUMBERS, captureSamples, layoutSamples } from './corpus';
import { applyMutations, mutations } from './mutate';
import { fuzzParams } from './seed';

const docs = [...captureSamples(), ...layoutSamples()].map((s) => s.text).sort((a, b) => a.length - b.length);
const small = docs.slice(0, Math.ceil(docs.length / 2));

const address = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS).map((v) => '0x' + v.toString(16)),
  fc.constantFrom('0', '4096', '-1', '0x', 'zz', '', ' 0x1000 ', '1e3', '0x' + 'f'.repeat(300)),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => '0x' + v.toString(16)),
);
const flag = fc.constantFrom('--json', '--as', 'memory', 'I/O', '--recompute', '--hva', '--check', '-o', '--out', '--bogus', '-', '--');
const command = fc.constantFrom('parse', 'lint', 'flatview', 'ramblocks', 'gpa2hva', 'hva2gpa', 'why', 'convert', 'fmt', 'help', 'nonsense');
const argv = fc.tuple(command, fc.array(fc.oneof(fc.constant('doc'), fc.constant('missing'), address, flag), { maxLength: 6 })).map(([c, rest]) => [c, 'doc', ...rest]);

test('the CLI returns an exit code for any command line on any document', (t) => {
  // fmt and convert -o write files (relative to the working directory): let them write into a scratch folder.
  const home = process.cwd();
  const scratch = mkdtempSync(join(tmpdir(), 'qmm-cli-fuzz-'));
  process.chdir(scratch);
  t.after(() => {
    process.chdir(home);
    rmSync(scratch, { recursive: true, force: true });
  });
  fc.assert(
    fc.property(fc.nat({ max: small.length - 1 }), mutations, argv, (which, muts, args) => {
      const text = applyMutations(small[which] as string, muts);
      let err = '';
      const io: Io = {
        out: () => undefined,
        err: (t) => void (err += t),
        readText: (p) => {
          if (p !== 'doc') throw new Error(`ENOENT: no such file ${p}`);
          return text;
        },
      };
      const code = main(args, io);
      assert.ok([0, 1, 2].includes(code), `exit ${code} for ${args.join(' ')}`);
      if (code === 2) assert.ok(err.length > 0, 'a usage or read error says why');
    }),
    fuzzParams(3),
  );
});
