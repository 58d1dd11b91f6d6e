import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semanticTokens } from '../../../src/core/features/tokens';
import { encodeSemanticTokens, semanticTokenLegend } from '../../../src/server/tokens';
import { BOARD, checkTokens, fixture, lineOf, PC4G, read, tokensOn } from './structure-checks';

test('tokens: capture lines decode to addresses, names, targets, spaces and type words', () => {
  const { doc, lines } = read(PC4G);
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'pc-4G');
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'address-space: memory')), ['address-space:keyword', 'memory:namespace+declaration']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'alias ram-above-4g')), [
    '0000000100000000:number', '000000013fffffff:number', '0:number', 'ram:keyword',
    'alias:keyword', 'ram-above-4g:variable+declaration', '@:operator', 'pc.ram:type', '00000000c0000000:number', '00000000ffffffff:number',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'piix4-pm')).slice(4), ['piix4-pm:variable+declaration+deprecated']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '(prio 0, rom): pc.bios')).slice(4), ['pc.bios:variable+declaration+readonly']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'FlatView #0')), ['FlatView:keyword', '#0:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, ' AS "memory"')), ['AS:keyword', 'memory:namespace', 'system:variable']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'pc.bios @0000000000020000')), [
    '00000000000e0000:number', '00000000000fffff:number', '0:number', 'rom:keyword', 'pc.bios:variable+readonly', '@:operator', '0000000000020000:number',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '      pc.ram ')), ['pc.ram:variable+declaration', '4 KiB:number', '0x0000000000000000:number', '0x0000000100000000:number', '0x0000000100000000:number', '0x00007ff3b3e00000:number', 'rw:keyword']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '(qemu) gpa2hva 0x0')), ['(qemu):macro', 'gpa2hva:function', '0x0:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'Host virtual address for 0x0 ')), ['0x0:number', 'pc.ram:variable', '0x7ff3b3e00000:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'find_ram_offset size:')), ['find_ram_offset:function', 'size:property', '0x40000:number', '0x100000000:number']);
});

test('tokens: owners, parents and memory-region headers', () => {
  const { doc, lines } = read(fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-o-D.txt'));
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'mtree-o-D');
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '): io parent:')).slice(4), ['io:variable+declaration', 'parent:property', 'obj path=/machine/unattached:string']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'memory-region: pc.ram')), ['memory-region:keyword', 'pc.ram:type']);
});

test('tokens: layout keywords, names, ids, numbers, arrows and comments', () => {
  const { doc, lines } = read(BOARD);
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'tiny-board');
  assert.deepEqual(tokensOn(tokens, lines, 0), ['# A tiny i440FX-like board, written by hand.:comment']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'alias isa-bios')), [
    'alias:keyword', 'isa-bios:variable+declaration+readonly', '@:operator', '0xe0000:number', 'size:keyword', '128K:number', '->:operator', 'pc.bios:type',
    'offset:keyword', '128K:number', 'priority:keyword', '1:number', 'readonly:keyword',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'rom pc.bios')), ['rom:keyword', 'pc.bios:variable+declaration+readonly', '@:operator', '4G:number', '-:operator', '256K:number', 'size:keyword', '256K:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'address-space memory')), ['address-space:keyword', 'memory:namespace+declaration', 'root:keyword', 'system:type']);
  const ids = read('container s size 16E {\n  ram r $main size 4K disabled\n  alias a size 4K -> $main\n}\naddress-space "my space" root s\n');
  const t = semanticTokens(ids.doc, ids.lines);
  checkTokens(t, ids.lines, 'ids');
  assert.deepEqual(tokensOn(t, ids.lines, 1), ['ram:keyword', 'r:variable+declaration+deprecated', '$main:enumMember+declaration', 'size:keyword', '4K:number', 'disabled:keyword']);
  assert.deepEqual(tokensOn(t, ids.lines, 2).slice(-2), ['->:operator', '$main:enumMember']);
  assert.deepEqual(tokensOn(t, ids.lines, 4), ['address-space:keyword', '"my space":namespace+declaration', 'root:keyword', 's:type']);
});

test('tokens: the encoding is LSP relative and the legend is as announced', () => {
  assert.deepEqual(semanticTokenLegend.tokenTypes, ['namespace', 'type', 'variable', 'property', 'keyword', 'number', 'string', 'comment', 'operator', 'function', 'enumMember', 'macro']);
  assert.deepEqual(semanticTokenLegend.tokenModifiers, ['declaration', 'readonly', 'deprecated']);
  const data = encodeSemanticTokens([
    { line: 1, col: 4, length: 3, type: 'keyword', modifiers: [] },
    { line: 1, col: 10, length: 2, type: 'variable', modifiers: ['declaration', 'deprecated'] },
    { line: 3, col: 2, length: 1, type: 'number', modifiers: ['readonly'] },
  ]);
  assert.deepEqual(data, [1, 4, 3, 4, 0, 0, 6, 2, 2, 5, 2, 2, 1, 5, 2]);
});
