// The machine configurations scripts/capture-fixtures.mjs captures, one fixture directory each.
//
// `args(tmp)` gets the per-run temp dir (for file-backed memory); `setup(tmp)` prepares it.
// `probeAS` lists the address spaces whose FlatView is probed with gpa2hva (default: "memory").
// `pci` ({ host: 'i440fx' | 'q35', expect: [MR names], emptyBars?: [MR names] }) runs runPciSetup
// (scripts/pci-setup.mjs) before the captures; the `expect` names must then show up in the FlatView
// of AS "memory". `churn` lists the RAMBlock add/remove steps logged to churn.txt.

import * as fs from 'node:fs';
import * as path from 'node:path';

const MiB = 1024 * 1024;

const PC_DEVICES_ARGS = [
  '-M', 'pc', '-m', '512M',
  '-device', 'VGA,id=vga0',
  '-device', 'e1000,id=nic0',
  '-device', 'virtio-balloon-pci,id=balloon0',
  '-device', 'ich9-ahci,id=ahci0',
  '-device', 'virtio-rng-pci,id=rng0',
  '-device', 'nec-usb-xhci,id=xhci0',
];

const q35DevicesArgs = (tmp) => [
  '-M', 'q35,nvdimm=on', '-m', '1G,slots=2,maxmem=4G',
  '-object', `memory-backend-file,id=shmmem0,mem-path=${tmp}/shm/ivshmem0,size=4M,share=on`,
  '-object', `memory-backend-file,id=nvmem0,mem-path=${tmp}/nvdimm0,size=256M,share=on`,
  '-device', 'pcie-root-port,id=rp1,chassis=1,bus=pcie.0,addr=0x10',
  '-device', 'virtio-balloon-pci,id=balloon0,bus=rp1',
  '-device', 'pci-bridge,id=br0,chassis_nr=2,bus=pcie.0,addr=0x11',
  '-device', 'virtio-rng-pci,id=rng0,bus=br0,addr=0x1',
  '-device', 'e1000,id=nic0,bus=br0,addr=0x2',
  '-device', 'ivshmem-plain,id=shm0,memdev=shmmem0',
  '-device', 'nvdimm,id=nv0,memdev=nvmem0',
];

/** Every configuration, in capture order. */
export const CONFIGS = [
  {
    name: 'x86_64-pc',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '128M'],
  },
  {
    name: 'x86_64-pc-devices',
    arch: 'x86_64',
    args: () => PC_DEVICES_ARGS,
  },
  {
    name: 'x86_64-q35-devices',
    arch: 'x86_64',
    args: q35DevicesArgs,
    setup: (tmp) => fs.mkdirSync(path.join(tmp, 'shm')),
  },
  // The same two machines after a firmware-like PCI setup done over HMP port I/O while still
  // paused (see runPciSetup): BARs and ROM BARs assigned, COMMAND=IO|MEM|MASTER, mixed PAM modes,
  // and on q35 the bridges' bus numbers and windows and PCIEXBAR. Everything done is in pci-setup.txt.
  {
    name: 'x86_64-pc-pci',
    arch: 'x86_64',
    args: () => PC_DEVICES_ARGS,
    pci: { host: 'i440fx', expect: ['vga.vram', 'e1000-mmio'] },
  },
  {
    name: 'x86_64-q35-pci',
    arch: 'x86_64',
    args: q35DevicesArgs,
    setup: (tmp) => fs.mkdirSync(path.join(tmp, 'shm')),
    pci: { host: 'q35', expect: ['vga.vram', 'e1000-mmio', 'shmmem0', 'pcie-mmcfg-mmio'] },
  },
  {
    name: 'x86_64-q35-numa',
    arch: 'x86_64',
    args: () => [
      '-M', 'q35', '-m', '3G',
      '-object', 'memory-backend-ram,id=m0,size=1G',
      '-object', 'memory-backend-ram,id=m1,size=2G',
      '-numa', 'node,nodeid=0,memdev=m0',
      '-numa', 'node,nodeid=1,memdev=m1',
    ],
  },
  {
    name: 'x86_64-pc-4G',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '4G'],
  },
  {
    name: 'x86_64-microvm',
    arch: 'x86_64',
    args: () => ['-M', 'microvm'],
  },
  {
    name: 'aarch64-virt',
    arch: 'aarch64',
    args: () => ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '256M'],
  },
  {
    name: 'aarch64-virt-secure',
    arch: 'aarch64',
    args: () => ['-M', 'virt,secure=on', '-cpu', 'cortex-a57', '-m', '256M'],
    // gpa2hva resolves through the outermost container of `system`, which here is
    // `secure-memory`, so its FlatView is probed too.
    probeAS: ['memory', 'cpu-secure-memory-0'],
  },
  {
    name: 'riscv64-virt',
    arch: 'riscv64',
    args: () => ['-M', 'virt', '-m', '256M'],
  },
  // Machines for the region knowledge: a 32-bit arm board, ppc64 pseries (SLOF is loaded but never
  // runs, -S), the ISA-only PC, q35 with a VT-d IOMMU and PCIe devices, and i440FX with PCI-PCI bridges.
  {
    name: 'arm-virt',
    arch: 'arm',
    args: () => ['-M', 'virt', '-cpu', 'cortex-a15', '-m', '256M'],
  },
  {
    name: 'ppc64-pseries',
    arch: 'ppc64',
    // Default devices (VGA and nec-usb-xhci on the PHB, spapr-vty, spapr-nvram, spapr-vscsi); -nic none
    // drops the NIC. Not -nodefaults / -vga none: then ppc_spapr.ram is the only RAMBlock, and
    // find_ram_offset returns 0 for the first block without tracing, so the trace would be empty.
    args: () => ['-M', 'pseries', '-m', '512M'],
  },
  {
    name: 'x86_64-isapc',
    arch: 'x86_64',
    args: () => ['-M', 'isapc', '-m', '32M'],
  },
  {
    name: 'x86_64-q35-iommu-pci',
    arch: 'x86_64',
    // intel-iommu first (it must exist before the PCI devices whose DMA it translates).
    // kernel-irqchip=split is what intremap=on needs under KVM; TCG takes intremap=on with or without it.
    args: () => [
      '-M', 'q35,kernel-irqchip=split', '-m', '512M',
      '-device', 'intel-iommu,id=iommu0,intremap=on',
      '-device', 'e1000e,id=nic0',
      '-device', 'virtio-rng-pci,id=rng0',
      '-device', 'virtio-balloon-pci,id=balloon0',
      '-drive', 'if=none,id=nvm,file=null-co://,format=raw',
      '-device', 'nvme,id=nvme0,drive=nvm,serial=x',
    ],
    // e1000e's BAR1 (`e1000e-flash`, 128 KiB) is an empty container: mapped, but no FlatView range.
    pci: { host: 'q35', expect: ['vga.vram', 'e1000e-mmio', 'pcie-mmcfg-mmio'], emptyBars: ['e1000e-flash'] },
  },
  {
    name: 'x86_64-pc-bridges-pci',
    arch: 'x86_64',
    // br0 with e1000 and virtio-rng-pci behind it; br1 has nothing behind it (all windows closed).
    args: () => [
      '-M', 'pc', '-m', '256M',
      '-device', 'pci-bridge,id=br0,chassis_nr=1,addr=0x5',
      '-device', 'e1000,id=nic0,bus=br0,addr=0x1',
      '-device', 'virtio-rng-pci,id=rng0,bus=br0,addr=0x2',
      '-device', 'pci-bridge,id=br1,chassis_nr=2,addr=0x6',
    ],
    pci: { host: 'i440fx', expect: ['vga.vram', 'e1000-mmio'] },
  },
  {
    name: 'x86_64-pc-ramblock-churn',
    arch: 'x86_64',
    args: () => ['-M', 'pc', '-m', '128M'],
    // Separate memory-backend-ram objects are added/removed while paused; freed RAMBlocks leave
    // holes in the ram_addr space that find_ram_offset refills best-fit (smallest gap that fits).
    // c2/c4 keep the holes of c1 (32M) and c3 (48M) apart: c5 (20M) goes to the 32M hole, c6 (40M)
    // to the 48M one, c7 (10M) and c8 (1M+4K) and c9 (4K) to the smallest rests, and c10 (64M)
    // exactly refills the hole c0 leaves.
    churn: [
      ['new', 'c0', 64 * MiB],
      ['new', 'c1', 32 * MiB],
      ['new', 'c2', 16 * MiB],
      ['new', 'c3', 48 * MiB],
      ['new', 'c4', 16 * MiB],
      ['gone', 'c1'],
      ['gone', 'c3'],
      ['new', 'c5', 20 * MiB],
      ['new', 'c6', 40 * MiB],
      ['new', 'c7', 10 * MiB],
      ['new', 'c8', MiB + 4096],
      ['new', 'c9', 4096],
      ['gone', 'c0'],
      ['new', 'c10', 64 * MiB],
    ],
  },
];
