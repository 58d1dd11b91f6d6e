"""`info ramblock` and `gpa2hva`, as QEMU's ram_block_format and hmp_gpa2hva print them."""

import math

import gdb

from .mtree import flat_range_type
from .reading import U64, addr_of, lookup_type


def size_to_str(val):
    """QEMU's size_to_str: `4 KiB`, `2 MiB`."""
    prefixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']
    _, i = math.frexp(val / (1000.0 / 1024.0))
    i = int((i - 1) / 10) * 10
    return '%0.3g %sB' % (val / float(1 << i), prefixes[i // 10])


def ramblock_text(snap, with_hva):
    """`info ramblock`, with QEMU 10's HVA and RO columns when this QEMU prints them."""
    mem = snap.mem
    if with_hva:
        out = ['%24s %8s  %18s %18s %18s %18s %3s\n' % ('Block Name', 'PSize', 'Offset', 'Used', 'Total', 'HVA', 'RO')]
    else:
        out = ['%24s %8s  %18s %18s %18s\n' % ('Block Name', 'PSize', 'Offset', 'Used', 'Total')]
    for b in snap.blocks:
        row = '%24s %8s  0x%016x 0x%016x 0x%016x' % (b['idstr'], size_to_str(b['page_size']), b['offset'], b['used'], b['max'])
        if with_hva:
            ro = mem.mr(b['mr'])['readonly'] if b['mr'] else False
            row += ' 0x%016x %3s' % (b['host'], 'ro' if ro else 'rw')
        out.append(row + '\n')
    return ''.join(out)


def gpa_view(snap, system):
    """The FlatView gpa2hva looks in (memory_region_find on system memory) and the offset added to a GPA."""
    mem = snap.mem
    shift = mem.mr(system)['start']
    root = system
    guard = 0
    while mem.mr(root)['container'] and guard < 1000:
        root = mem.mr(root)['container']
        shift = (shift + mem.mr(root)['start']) & U64
        guard += 1
    for s in snap.spaces:
        if s['root'] == root:
            return snap.views.get(s['view']), shift
    return None, shift


def probe_addresses(snap, view):
    """As the core's probes.ts: the start of every RAM, ROM, romd and RAM-device range of that view, in order."""
    if view is None:
        return []
    starts = set()
    for r in view['ranges']:
        if flat_range_type(snap.mem, r) != 'i/o':
            starts.add(r['start'] & U64)
    return sorted(starts)


def gpa2hva_answer(snap, view, shift, gpa):
    """What `gpa2hva GPA` prints (QEMU's hmp_gpa2hva, without calling it)."""
    mem = snap.mem
    addr = (gpa + shift) & U64
    hit = None
    if view is not None:
        for r in view['ranges']:
            if r['start'] <= addr < r['start'] + r['size']:
                hit = r
                break
    if hit is None:
        return 'No memory is mapped at address 0x%x\n' % gpa
    info = mem.mr(hit['mr'])
    if not info['ram'] and not (info['rom_device'] and info['romd_mode']):
        return 'Memory at address 0x%x is not RAM\n' % gpa
    offset = hit['offset'] + (addr - hit['start'])
    host = 0
    if info['ram_block']:
        b = gdb.Value(info['ram_block']).cast(lookup_type('RAMBlock').pointer()).dereference()
        host = addr_of(b['host'])
    ptr = (host + offset) & U64
    return 'Host virtual address for 0x%x (%s) is %s\n' % (gpa, info['name'] or '(null)', ('0x%x' % ptr) if ptr else '(nil)')
