import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeCapture } from '../../src/client/capture-detect';
import { CAPTURE_FIRST_LINE } from '../../src/core/document-starts';
import { fixtureFiles, repoRoot } from '../shared/fixtures';

test('the client recognises captures with the firstLine package.json contributes', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { languages: { id: string; firstLine?: string }[] } };
  assert.equal(pkg.contributes.languages.find((l) => l.id === 'qemu-capture')?.firstLine, CAPTURE_FIRST_LINE);
});

test('every example capture and every real-QEMU fixture is recognised; layouts and prose are not', () => {
  const dir = join(repoRoot(), 'examples', 'captures');
  for (const f of readdirSync(dir)) assert.ok(looksLikeCapture(readFileSync(join(dir, f), 'utf8')), f);
  // Fixtures starting with a `#` comment are annotated notes (PCI setup, churn steps), not monitor output.
  for (const f of fixtureFiles().filter((x) => !x.text.startsWith('#'))) assert.ok(looksLikeCapture(f.text), `${f.version}/${f.config}/${f.file}`);
  const layouts = join(repoRoot(), 'examples', 'layouts');
  for (const f of readdirSync(layouts)) assert.ok(!looksLikeCapture(readFileSync(join(layouts, f), 'utf8')), f);
  assert.ok(!looksLikeCapture(readFileSync(join(repoRoot(), 'README.md'), 'utf8')));
});

test('a capture written by qemu-memmap capture is recognised by its header', () => {
  assert.ok(looksLikeCapture('# qemu-memmap capture\n# qemu: 7.2.22\n# target: x86_64\n'));
  assert.ok(!looksLikeCapture('# qemu-memmap capture notes\nsome prose\n'));
});

test('a monitor banner and blank lines before the output are skipped', () => {
  assert.ok(looksLikeCapture("QEMU 10.0.0 monitor - type 'help' for more information\r\n\r\n(qemu) info mtree -f\r\n"));
  assert.ok(!looksLikeCapture('notes\nmore notes\nstill notes\n(qemu) info mtree\n'));
});
