import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCapture } from '../../../src/core/capture/parse';
import type { RegionNode } from '../../../src/core/model/region';
import { compilePattern, isNamePattern, patternLiterals, unescapeName } from '../../../src/core/knowledge/region-pattern';
import { lookupRegion, qemuVersionOf, QEMU_VERSIONS, regionKnowledgeSize, type CtorKind, type QemuVersion } from '../../../src/core/knowledge/regions';
import { FILES, REGIONS } from '../../../src/core/knowledge/regions-data';
import { fixtureFiles } from '../../shared/fixtures';

function kinds(name: string, version?: QemuVersion): CtorKind[] {
  return [...(lookupRegion(name, version)?.kinds ?? [])].sort();
}

test('patterns: placeholders, literals, anchored regexes', () => {
  assert.equal(isNamePattern('vtd-%02x.%x'), true);
  assert.equal(isNamePattern('100%% io'), false);
  assert.equal(unescapeName('100%% io'), '100% io');
  assert.deepEqual(patternLiterals('vtd-%02x.%x'), { prefix: 'vtd-', suffix: '', literalLength: 5 });
  assert.deepEqual(patternLiterals('%s-msix'), { prefix: '', suffix: '-msix', literalLength: 5 });
  const vtd = compilePattern('vtd-%02x.%x');
  assert.ok(vtd.test('vtd-00.0'));
  assert.ok(vtd.test('vtd-1f.7'));
  assert.ok(!vtd.test('vtd-0.0'), 'zero-padded to two digits');
  assert.ok(!vtd.test('vtd-00.0-pasid-1'), 'anchored at the end');
  assert.ok(!vtd.test('xvtd-00.0'), 'anchored at the start');
  assert.ok(compilePattern('cpu%d.(io)').test('cpu-1.(io)'), 'literal regex characters escaped, %d signed');
  assert.ok(compilePattern('%s-msix').test('virtio-rng-pci-msix'));
  assert.ok(compilePattern('a%cb').test('a/b'));
  assert.ok(!compilePattern('a%cb').test('ab'));
  assert.ok(compilePattern('50%% %u').test('50% 12'));
});

test('qemuVersionOf: major.minor of the covered versions only', () => {
  assert.deepEqual(QEMU_VERSIONS, ['7.2', '10.0']);
  assert.equal(qemuVersionOf('7.2.22'), '7.2');
  assert.equal(qemuVersionOf('10.0.2'), '10.0');
  assert.equal(qemuVersionOf('v10.0.0-rc1'), '10.0');
  assert.equal(qemuVersionOf('10.1.0'), undefined);
  assert.equal(qemuVersionOf('7.20.1'), undefined);
});

test('the data: generated, compact, every source points at a file', () => {
  const { names, patterns } = regionKnowledgeSize();
  assert.ok(names > 1000 && patterns > 50, `${names} names, ${patterns} patterns`);
  assert.ok(REGIONS.length + FILES.length < 250 * 1024, 'small enough to bundle into the language server');
  const files = FILES.split('\n');
  for (const line of REGIONS.split('\n')) {
    const [, flags = '', ...cols] = line.split('|');
    assert.match(flags, /^[ciroadmv][RWQ]?D?$/, line);
    for (const col of cols) {
      if (col === '' || col === '=') continue;
      const [file = '', at = ''] = col.split('.');
      assert.ok(parseInt(file, 36) < files.length && parseInt(at, 36) > 0, line);
    }
  }
});

// The names below were checked against QEMU 7.2.22 and 10.0.2's source (file:line in each assertion's
// source list).
test('root containers and I/O regions that a bare info mtree prints alike as i/o', () => {
  // physmem.c's get_system_io() root is memory_region_init_io; xilinx-pcie names a container "io" too.
  const io = lookupRegion('io');
  assert.deepEqual(kinds('io'), ['container', 'io']);
  assert.ok(io?.sources.some((s) => s.kind === 'io' && /^(softmmu|system)\/physmem\.c$/.test(s.file)));
  assert.ok(io?.sources.some((s) => s.kind === 'container' && s.file === 'hw/pci-host/xilinx-pcie.c'));
  // "system": physmem.c's root container; virtio-iommu names an alias of it "system" too.
  assert.deepEqual(kinds('system'), ['alias', 'container']);
  for (const v of QEMU_VERSIONS) {
    assert.deepEqual(kinds('pci', v), ['container']);
    assert.deepEqual(kinds('bus master container', v), ['container']);
    assert.deepEqual(kinds('platform bus', v), ['container']);
    assert.deepEqual(kinds('gpex_ioport', v), ['container']);
    assert.deepEqual(kinds('gpex_mmio', v), ['container']);
    assert.deepEqual(kinds('gpex_mmio_window', v), ['io']);
    assert.deepEqual(kinds('gpex_ioport_window', v), ['io']);
    assert.deepEqual(kinds('vga-lowmem', v), ['io']);
    assert.deepEqual(kinds('msix-table', v), ['io']);
    assert.deepEqual(kinds('msix-pba', v), ['io']);
    // i440fx and q35 make the "smram" container; x86 CPUs alias it under the same name.
    assert.deepEqual(kinds('smram', v), ['alias', 'container']);
    assert.deepEqual(kinds('pci_bridge_pci', v), ['container']);
    // pci_bridge.c: a container for the bridge's I/O space, and an alias window of the same name.
    assert.deepEqual(kinds('pci_bridge_io', v), ['alias', 'container']);
    assert.deepEqual(kinds('pci_bridge_mem', v), ['alias']);
  }
});

test('PAM: all four aliases start disabled, only pam-rom is read-only', () => {
  for (const v of QEMU_VERSIONS) {
    const rom = lookupRegion('pam-rom', v);
    assert.deepEqual(kinds('pam-rom', v), ['alias']);
    assert.equal(rom?.readonly, true);
    assert.equal(rom?.disabled, true);
    assert.deepEqual(rom?.sources.map((s) => `${s.file}:${s.line}`), ['hw/pci-host/pam.c:43']);
    for (const name of ['pam-ram', 'pam-pci']) {
      const r = lookupRegion(name, v);
      assert.deepEqual(kinds(name, v), ['alias']);
      assert.equal(r?.readonly, false, name);
      assert.equal(r?.disabled, true, name);
    }
  }
  // pam-pci: two calls in pam.c (one into the PCI space, one into RAM).
  assert.equal(lookupRegion('pam-pci', '7.2')?.sources[0]?.count, 2);
  assert.deepEqual(lookupRegion('pam-rom')?.sources[0]?.versions, ['7.2', '10.0']);
});

test('x86 firmware and RAM', () => {
  // pc.bios: RAM made read-only (7.2: always; 10.0: !isapc_ram_fw, known at run time).
  assert.deepEqual(kinds('pc.bios'), ['ram']);
  assert.equal(lookupRegion('pc.bios', '7.2')?.readonly, true);
  assert.equal(lookupRegion('pc.bios', '10.0')?.readonly, undefined);
  assert.ok(lookupRegion('pc.bios', '10.0')?.sources.every((s) => s.readonly === 'runtime'));
  // isa-bios: an alias of pc.bios (x86.c / x86-common.c) or, with a flash, RAM (pc_sysfw.c).
  assert.deepEqual(kinds('isa-bios'), ['alias', 'ram']);
  assert.equal(lookupRegion('isa-bios', '7.2')?.readonly, true);
  // pc.ram: the default RAM backend's region (hostmem backends, named MachineClass.default_ram_id),
  // or numa.c's container when NUMA nodes have memdevs.
  assert.deepEqual(kinds('pc.ram'), ['container', 'ram']);
  assert.deepEqual(kinds('ram-below-4g'), ['alias']);
  assert.deepEqual(kinds('ram-above-4g'), ['alias']);
});

test('patterns: printf-built names', () => {
  // tce-root: spapr_iommu.c's "tce-root-%x" (the LIOBN); there is no plain "tce-root".
  const tce = lookupRegion('tce-root-80000000');
  assert.equal(tce?.pattern, 'tce-root-%x');
  assert.deepEqual(kinds('tce-root-80000000'), ['container']);
  assert.equal(lookupRegion('tce-root'), undefined);
  // intel_iommu.c names both the per-device root container and its IOMMU region vtd-BB.F.
  const vtd = lookupRegion('vtd-00.0');
  assert.equal(vtd?.pattern, 'vtd-%02x.%x');
  assert.deepEqual(kinds('vtd-00.0'), ['container', 'iommu']);
  assert.equal(lookupRegion('vtd-00.0-pasid-3')?.pattern, 'vtd-%02x.%x-pasid-%x');
  // Exact names win over patterns: vtd-ir is intel_iommu.c's I/O region and its per-device alias.
  assert.equal(lookupRegion('vtd-ir')?.pattern, undefined);
  assert.deepEqual(kinds('vtd-ir'), ['alias', 'io']);
  // The most specific pattern wins.
  assert.equal(lookupRegion('virtio-pci-common-virtio-rng')?.pattern, 'virtio-pci-common-%s');
  assert.equal(lookupRegion('virtio-rng-pci-msix')?.pattern, '%s-msix');
});

test('a version narrows the sources; unknown names are undefined', () => {
  // msix.c's MSI-X table; 10.0 adds riscv-iommu-sys.c's, alike (io, no facts): one source, two calls.
  const v10 = lookupRegion('msix-table', '10.0')?.sources;
  const v72 = lookupRegion('msix-table', '7.2')?.sources;
  assert.deepEqual(v10?.map((s) => [s.file, s.versions, s.count]), [['hw/pci/msix.c', ['10.0'], 2]]);
  assert.deepEqual(v72?.map((s) => [s.file, s.versions, s.count]), [['hw/pci/msix.c', ['7.2'], 1]]);
  assert.equal(lookupRegion('msix-table')?.sources.length, 2, 'a different line in each version');
  assert.equal(lookupRegion('no such region anywhere'), undefined);
  assert.equal(lookupRegion(''), undefined);
  assert.equal(lookupRegion('pam-rom'), lookupRegion('pam-rom'), 'answers are remembered');
});

/**
 * Every i/o region name of the real captures: known to the knowledge base, or here with the reason it
 * cannot be (QEMU takes the name from somewhere its source does not say).
 */
/** intel_iommu.c names each device's IOMMU region with snprintf, then strcat(name, "-dmar"): the generator follows printf-style builders, not strcat. */
const DMAR = 'built with strcat after snprintf (hw/i386/intel_iommu.c); an IOMMU region, which prints as i/o';
const UNKNOWN_IO_NAMES: Record<string, string> = {
  'vtd-00.0-dmar': DMAR,
  'vtd-01.0-dmar': DMAR,
  'vtd-02.0-dmar': DMAR,
  'vtd-03.0-dmar': DMAR,
  'vtd-04.0-dmar': DMAR,
  'vtd-05.0-dmar': DMAR,
  'vtd-1f.0-dmar': DMAR,
  'vtd-1f.2-dmar': DMAR,
  'vtd-1f.3-dmar': DMAR,
};

function ioNames(node: RegionNode, into: Set<string>): void {
  if (node.type === 'i/o' && !node.notPrinted) into.add(node.name);
  for (const c of node.children) ioNames(c, into);
}

test('fixtures: every i/o region name is known or listed as unknown with a reason', (t) => {
  const byVersion = new Map<QemuVersion, Set<string>>();
  for (const f of fixtureFiles().filter((x) => x.file === 'mtree-D.txt')) {
    const version = qemuVersionOf(f.version.replace(/^qemu-/, ''));
    assert.ok(version, f.version);
    const names = byVersion.get(version) ?? new Set<string>();
    byVersion.set(version, names);
    for (const s of parseCapture(f.text).sections) {
      if (s.kind !== 'mtree') continue;
      for (const g of s.groups) if (g.root) ioNames(g.root, names);
      for (const r of s.regionSections) if (r.root) ioNames(r.root, names);
    }
  }
  const all = new Set<string>();
  const known = new Set<string>();
  const missing: string[] = [];
  for (const [version, names] of byVersion) {
    for (const name of names) {
      all.add(name);
      if (lookupRegion(name, version)) known.add(name);
      else if (!(name in UNKNOWN_IO_NAMES)) missing.push(`${version}: ${name}`);
    }
  }
  assert.deepEqual(missing, [], 'i/o names neither known nor listed in UNKNOWN_IO_NAMES');
  for (const name of Object.keys(UNKNOWN_IO_NAMES)) assert.ok(all.has(name) && !known.has(name), `${name} is listed as unknown`);
  t.diagnostic(`fixture i/o names known: ${known.size} of ${all.size} distinct`);
});
