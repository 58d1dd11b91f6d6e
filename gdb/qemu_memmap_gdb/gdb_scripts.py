"""The seed gdb script's formats: dump_address_spaces, dump_memory_region and dump_flatview."""

from .reading import U32, U64


def gdb_scripts_text(snap, wide):
    """`dump_address_spaces 0`, then dump_memory_region for each root and dump_flatview for each view, in the
    order the listing first uses them, as the seed script prints them (values cut to 32 bits unless wide)."""
    mem = snap.mem
    cut = U64 if wide else U32

    def p(v):
        return '0x%x' % v if v else '0x0'

    out = ['(gdb) dump_address_spaces 0\n']
    roots, views = [], []
    for s in snap.spaces:
        out.append('AddressSpace : %s(%s)\n     Root MR : %s\n    FlatView : %s\n' % (s['name'], p(s['addr']), p(s['root']), p(s['view'])))
        if s['root'] not in roots:
            roots.append(s['root'])
        if s['view'] not in views:
            views.append(s['view'])
    out.append('\n')

    for root in roots:
        out.append('(gdb) dump_memory_region %s\n' % p(root))
        if root:
            out.append('Dump MemoryRegion:%s\n' % mem.mr_name(root))

            def walk(addr, level):
                info = mem.mr(addr)
                size = info['size']
                hi, lo = size >> 64, size & U64
                end = (info['start'] + lo - 1) & U64
                out.append('%s[%016x-%x%016x]:%s\n' % ('  ' * level, info['start'] & cut, hi, end & cut, mem.mr_name(addr)))
                for k in info['subregions']:
                    walk(k, level + 1)

            walk(root, 0)
        out.append('\n')

    for v in views:
        out.append('(gdb) dump_flatview %s\n' % p(v))
        view = snap.views.get(v)
        for r in (view['ranges'] if view else []):
            start, size = r['start'], r['size']
            end = (start + size) & U64
            out.append('[%x%016x-%x%016x], offset_in_region %016x\n' % (
                start >> 64, (start & U64) & cut, size >> 64, end & cut, r['offset'] & cut))
        out.append('\n')
    return ''.join(out)
