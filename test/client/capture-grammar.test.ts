import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';
import { expectScope, loadGrammar, scopesAt, tokenize } from './textmate';

// The qemu-capture grammar (syntaxes/qemu-capture.tmLanguage.json), run through the small tokenizer of
// textmate.ts on real captures.

const ROOT = repoRoot();

const fixture = (version: string, file: string): string => readFileSync(join(ROOT, 'test', 'fixtures', version, 'x86_64-pc', file), 'utf8');

/** The first line of a fixture that contains `needle`. */
function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  assert.ok(line !== undefined, needle);
  return line;
}

test('qemu-capture: info mtree tree lines (alias, -D, -o) and headers, from real captures', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const od = fixture('qemu-7.2', 'mtree-o-D.txt');
  const as = lineWith(od, 'address-space: memory');
  expectScope(g, as, 'address-space', 'keyword.other.header.qemu-capture');
  expectScope(g, as, 'memory', 'entity.name.namespace.address-space.qemu-capture');

  const alias = lineWith(od, 'alias bus master @system');
  expectScope(g, alias, '0000000000000000', 'constant.numeric.hex.address.qemu-capture');
  expectScope(g, alias, 'prio', 'keyword.other.priority.qemu-capture');
  assert.ok(scopesAt(g, alias, '0, i/o').includes('constant.numeric.decimal.priority.qemu-capture'));
  expectScope(g, alias, 'i/o', 'storage.type.io.qemu-capture');
  expectScope(g, alias, 'alias', 'keyword.other.alias.qemu-capture');
  expectScope(g, alias, 'bus master', 'entity.name.type.region.qemu-capture');
  expectScope(g, alias, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, alias, 'system', 'variable.other.reference.qemu-capture');
  expectScope(g, alias, '0000000000000000', 'constant.numeric.hex.offset.qemu-capture', 1);
  expectScope(g, alias, '[disabled]', 'storage.modifier.disabled.qemu-capture');
  expectScope(g, alias, 'owner', 'keyword.other.owner.qemu-capture');
  expectScope(g, alias, 'dev', 'storage.type.qom.qemu-capture');
  expectScope(g, alias, 'path', 'variable.parameter.key.qemu-capture');
  expectScope(g, alias, '/machine/unattached/device[', 'string.unquoted.qom-path.qemu-capture');

  const plain = lineWith(od, '(prio -1, i/o): pci');
  expectScope(g, plain, '-1', 'constant.numeric.decimal.priority.qemu-capture');
  expectScope(g, plain, 'pci', 'entity.name.type.region.qemu-capture');
  expectScope(g, plain, 'parent', 'keyword.other.owner.qemu-capture');
  assert.ok(!scopesAt(g, plain, 'parent').includes('entity.name.type.region.qemu-capture'));

  const rom = lineWith(od, '(prio 1, rom): alias isa-bios @pc.bios');
  expectScope(g, rom, 'rom', 'storage.type.rom.qemu-capture');
  expectScope(g, rom, 'pc.bios', 'variable.other.reference.qemu-capture');
  expectScope(g, rom, 'isa-bios', 'entity.name.type.region.qemu-capture');

  const names = '    0000000000000000-0000000000000003 (prio 0, nv-ram): vga ioports remapped';
  expectScope(g, names, 'nv-', 'storage.modifier.nonvolatile.qemu-capture');
  expectScope(g, names, 'ram', 'storage.type.ram.qemu-capture');
  expectScope(g, names, 'vga ioports remapped', 'entity.name.type.region.qemu-capture');
  const romd = '  0000000000000000-0000000003ffffff (prio 0, romd): virt.flash0 owner:{dev id=pflash0}';
  expectScope(g, romd, 'romd', 'storage.type.romd.qemu-capture');
  expectScope(g, romd, 'virt.flash0', 'entity.name.type.region.qemu-capture');
  expectScope(g, romd, 'pflash0', 'string.unquoted.qom-path.qemu-capture');
  const ppc = '      0000000080000000-00000000ffffffff (prio 0, i/o): alias pci@800000020000000.mmio32-alias @pci@800000020000000.mmio 0000000080000000-00000000ffffffff';
  expectScope(g, ppc, 'pci@800000020000000.mmio32-alias', 'entity.name.type.region.qemu-capture');
  expectScope(g, ppc, 'pci@800000020000000.mmio', 'variable.other.reference.qemu-capture', 1);
  const overflow = '[DETECTED OVERFLOW!]   0000000000000000-ffffffffffffffff (prio 0, i/o): big';
  expectScope(g, overflow, '[DETECTED OVERFLOW!]', 'invalid.illegal.overflow.qemu-capture');
  expectScope(g, overflow, 'big', 'entity.name.type.region.qemu-capture');
  expectScope(g, 'memory-region: pc.bios', 'pc.bios', 'entity.name.type.region.qemu-capture');
  expectScope(g, '  0000000000000000-0000000000000fff (prio 0, xyz): odd', 'xyz', 'invalid.illegal.region-type.qemu-capture');
});

test('qemu-capture: info mtree -f views, offsets, dispatch dump, from real captures', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const fd = fixture('qemu-7.2', 'mtree-f-d-o.txt');
  expectScope(g, 'FlatView #12', 'FlatView', 'keyword.other.header.qemu-capture');
  expectScope(g, 'FlatView #12', '12', 'constant.numeric.decimal.qemu-capture');
  const asLine = lineWith(fd, ' AS "I/O", root: io');
  expectScope(g, asLine, 'AS', 'keyword.other.header.qemu-capture');
  expectScope(g, asLine, 'I/O', 'entity.name.namespace.address-space.qemu-capture');
  expectScope(g, asLine, '"I/O"', 'string.quoted.double.qemu-capture');
  expectScope(g, asLine, 'io', 'entity.name.type.region.qemu-capture');
  const aliased = ' AS "vtd-root", root: vtd-00.0, alias vtd-nodmar';
  expectScope(g, aliased, 'vtd-00.0', 'entity.name.type.region.qemu-capture');
  expectScope(g, aliased, 'alias', 'keyword.other.alias.qemu-capture');
  expectScope(g, aliased, 'vtd-nodmar', 'variable.other.reference.qemu-capture');
  expectScope(g, ' Root memory region: (none)', '(none)', 'constant.language.none.qemu-capture');
  expectScope(g, ' Root memory region: bus master container', 'bus master container', 'entity.name.type.region.qemu-capture');
  expectScope(g, '  No rendered FlatView', 'No rendered FlatView', 'constant.language.no-flatview.qemu-capture');

  const off = lineWith(fd, '(prio 0, i/o): rtc @0000000000000001');
  expectScope(g, off, 'rtc', 'entity.name.type.region.qemu-capture');
  assert.ok(!scopesAt(g, off, ' @').includes('entity.name.type.region.qemu-capture'));
  expectScope(g, off, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, off, '0000000000000001', 'constant.numeric.hex.offset.qemu-capture');
  expectScope(g, off, 'owner', 'keyword.other.owner.qemu-capture');

  expectScope(g, lineWith(fd, 'Dispatch'), 'Dispatch', 'keyword.other.header.dispatch.qemu-capture');
  expectScope(g, lineWith(fd, 'Physical sections'), 'Physical sections', 'keyword.other.header.dispatch.qemu-capture');
  const section = lineWith(fd, '(noname) [unassigned]');
  expectScope(g, section, '(noname)', 'constant.language.noname.qemu-capture');
  expectScope(g, section, '[unassigned]', 'storage.modifier.flag.qemu-capture');
  const named = lineWith(fd, 'io [ROOT]');
  expectScope(g, named, 'io', 'entity.name.type.region.qemu-capture');
  expectScope(g, named, '[ROOT]', 'storage.modifier.flag.qemu-capture');
  expectScope(g, '      #2 @00000000000a0000..00000000000bffff vga-lowmem [ROM]', 'vga-lowmem', 'entity.name.type.region.qemu-capture');
  expectScope(g, '      #3 @00000000000c0000..00000000000dffff pc.rom [not dirty] [MRU]', '[not dirty]', 'storage.modifier.flag.qemu-capture');
  const nodes = lineWith(fd, 'Nodes (');
  expectScope(g, nodes, 'Nodes', 'keyword.other.header.dispatch.qemu-capture');
  expectScope(g, nodes, 'ptr', 'variable.parameter.key.qemu-capture');
  expectScope(g, nodes, 'skip', 'variable.parameter.key.qemu-capture');
  expectScope(g, lineWith(fd, '      [0]'), '0', 'constant.numeric.decimal.node.qemu-capture');
  const row = lineWith(fd, '\t  1..511');
  expectScope(g, row, '1', 'constant.numeric.decimal.qemu-capture');
  expectScope(g, row, 'NIL', 'constant.language.nil.qemu-capture');
  expectScope(g, lineWith(fd, 'ptr=[5]'), '[5]', 'variable.other.node.qemu-capture');
});

test('qemu-capture: info ramblock (7.2 and 10.0 columns), gpa2hva answers, trace, prompts, monitor messages', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const rb10 = fixture('qemu-10.0', 'ramblock.txt');
  const header = rb10.split('\n')[0] as string;
  for (const col of ['Block Name', 'PSize', 'Offset', 'Used', 'Total', 'HVA', 'RO']) expectScope(g, header, col, 'keyword.other.column.qemu-capture');
  const vram = lineWith(rb10, 'vga.vram');
  expectScope(g, vram, '0000:00:02.0/vga.vram', 'entity.name.type.ramblock.qemu-capture');
  expectScope(g, vram, '4 KiB', 'constant.numeric.size.qemu-capture');
  expectScope(g, vram, '0x00007f', 'constant.numeric.hex.hva.qemu-capture');
  expectScope(g, vram, 'rw', 'storage.modifier.rw.qemu-capture');
  const rb72 = fixture('qemu-7.2', 'ramblock.txt');
  const tables = lineWith(rb72, '/rom@etc/acpi/tables');
  expectScope(g, tables, '/rom@etc/acpi/tables', 'entity.name.type.ramblock.qemu-capture');
  expectScope(g, tables, '0x0000000000200000', 'constant.numeric.hex.total.qemu-capture');
  const empty = '                            4 KiB  0x0000000009340000 0x0000000004000000 0x0000000004000000 0x00007f0ffb400000  ro';
  expectScope(g, empty, '4 KiB', 'constant.numeric.size.qemu-capture');
  expectScope(g, empty, 'ro', 'storage.modifier.ro.qemu-capture');

  const gh = fixture('qemu-7.2', 'gpa2hva.txt');
  const prompt = lineWith(gh, '(qemu) gpa2hva');
  expectScope(g, prompt, '(qemu)', 'keyword.control.prompt.qemu.qemu-capture');
  expectScope(g, prompt, 'gpa2hva', 'entity.name.function.command.qemu-capture');
  expectScope(g, prompt, '0x', 'constant.numeric.hex.qemu-capture');
  const hit = lineWith(gh, 'Host virtual address for');
  expectScope(g, hit, 'Host virtual address for', 'keyword.other.gpa2hva.qemu-capture');
  expectScope(g, hit, 'pc.ram', 'entity.name.type.region.qemu-capture');
  expectScope(g, hit, '0x7f', 'constant.numeric.hex.hva.qemu-capture');
  const notRam = lineWith(gh, 'is not RAM');
  expectScope(g, notRam, '0x', 'constant.numeric.hex.gpa.qemu-capture');
  expectScope(g, notRam, 'is not RAM', 'keyword.other.gpa2hva.qemu-capture');
  expectScope(g, lineWith(gh, 'No memory is mapped'), 'No memory is mapped at address', 'keyword.other.gpa2hva.qemu-capture');
  const tsv = '0x0000000000100000\tHost virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000';
  expectScope(g, tsv, '0x0000000000100000', 'constant.numeric.hex.gpa.qemu-capture');
  expectScope(g, tsv, 'pc.ram', 'entity.name.type.region.qemu-capture');

  const tr = fixture('qemu-7.2', 'trace.txt');
  const loop = lineWith(tr, 'find_ram_offset_loop');
  expectScope(g, loop, 'find_ram_offset_loop', 'entity.name.function.trace-event.qemu-capture');
  expectScope(g, loop, 'mingap', 'variable.parameter.key.qemu-capture');
  expectScope(g, loop, '0x40000', 'constant.numeric.hex.qemu-capture');
  const chosen = lineWith(tr, 'find_ram_offset size');
  expectScope(g, chosen, 'find_ram_offset', 'entity.name.function.trace-event.qemu-capture');
  expectScope(g, chosen, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, '12345@1700000000.123456:find_ram_offset size: 0x1000 @ 0x0', '12345', 'constant.numeric.decimal.pid.qemu-capture');

  const mtreePrompt = '(qemu) info mtree -f -d -o';
  expectScope(g, mtreePrompt, 'info', 'entity.name.function.command.qemu-capture');
  expectScope(g, mtreePrompt, 'mtree', 'entity.name.function.command.qemu-capture');
  expectScope(g, mtreePrompt, '-d', 'variable.parameter.option.qemu-capture');
  expectScope(g, 'mtree: unsupported option -d', 'mtree:', 'invalid.illegal.monitor-error.qemu-capture');
  expectScope(g, 'Try "help info mtree" for more information', 'Try', 'comment.line.hint.qemu-capture');
  expectScope(g, "QEMU 7.2.22 monitor - type 'help' for more information", 'QEMU', 'comment.line.banner.qemu-capture');
});

test('qemu-capture: gdb script dumps', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const text = readFileSync(join(ROOT, 'examples', 'captures', 'gdb-scripts.txt'), 'utf8');
  const p = lineWith(text, '(gdb) dump_flatview');
  expectScope(g, p, '(gdb)', 'keyword.control.prompt.gdb.qemu-capture');
  expectScope(g, p, 'dump_flatview', 'entity.name.function.command.qemu-capture');
  expectScope(g, p, '0x555557a2e650', 'constant.numeric.hex.qemu-capture');
  const as = lineWith(text, 'AddressSpace : memory');
  expectScope(g, as, 'AddressSpace', 'keyword.other.header.gdb.qemu-capture');
  expectScope(g, as, 'memory', 'entity.name.namespace.address-space.qemu-capture');
  expectScope(g, as, '0x5555566ed920', 'constant.numeric.hex.pointer.qemu-capture');
  expectScope(g, lineWith(text, 'Root MR'), '0x555556804b00', 'constant.numeric.hex.pointer.qemu-capture');
  expectScope(g, lineWith(text, '    FlatView : '), 'FlatView', 'keyword.other.header.gdb.qemu-capture');
  expectScope(g, lineWith(text, 'Dump MemoryRegion'), 'system', 'entity.name.type.region.qemu-capture');
  const mr = lineWith(text, ']:apic-msi');
  expectScope(g, mr, '00000000fee00000', 'constant.numeric.hex.address.qemu-capture');
  expectScope(g, mr, 'apic-msi', 'entity.name.type.region.qemu-capture');
  const fv = lineWith(text, 'offset_in_region 0000000000020000');
  expectScope(g, fv, 'offset_in_region', 'variable.parameter.key.qemu-capture');
  expectScope(g, fv, '0000000000020000', 'constant.numeric.hex.offset.qemu-capture');
});

test('qemu-capture: every non-blank line of the real captures and examples is recognised', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const texts: [string, string][] = [];
  for (const version of ['qemu-7.2', 'qemu-10.0']) {
    for (const f of ['mtree-o-D.txt', 'mtree-f-d-o.txt', 'mtree-f-d.txt', 'ramblock.txt', 'trace.txt', 'gpa2hva.txt', 'transcript.txt']) texts.push([`${version}/${f}`, fixture(version, f)]);
  }
  for (const f of ['aarch64-virt-secure-flatview-qemu10.txt', 'churn-ramblock-qemu10.txt', 'churn-trace-qemu72.txt', 'gdb-scripts.txt', 'pc-4G-mtree-o-D-qemu72.txt', 'pc-gpa2hva-qemu72.txt', 'q35-devices-qemu10.txt']) {
    texts.push([f, readFileSync(join(ROOT, 'examples', 'captures', f), 'utf8')]);
  }
  for (const [name, text] of texts) {
    for (const { line, scopes } of tokenize(g, text)) {
      const at = line.search(/\S/);
      if (at < 0) continue;
      const s = scopes[at] as string[];
      assert.ok(s.length > 1, `${name}: ${JSON.stringify(line)} is not recognised`);
      assert.ok(!s.some((x) => x.startsWith('invalid')), `${name}: ${JSON.stringify(line)}: ${s.join(' ')}`);
    }
  }
});
