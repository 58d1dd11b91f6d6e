"""`info mtree -o -D` and `info mtree -f`, as QEMU's mtree_print_mr and mtree_print_flatview print them."""

from .reading import U64


def hx(v):
    return '%016x' % (v & U64)


def mr_size_minus_one(size):
    """MR_SIZE(size): size - 1 as a 64-bit number, 0 for an empty region."""
    return (size - 1) & U64 if size != 0 else 0



def mtree_text(snap, owner=True, disabled=True):
    """`info mtree [-o] [-D]`: one group per distinct root (in address_spaces order), then the alias targets."""
    mem = snap.mem
    out = []
    queue = []
    queued = set()

    def print_mr(addr, level, base):
        info = mem.mr(addr)
        cur_start = (base + info['start']) & U64
        cur_end = (cur_start + mr_size_minus_one(info['size'])) & U64
        prefix = '[DETECTED OVERFLOW!] ' if cur_start < base or cur_end < cur_start else ''
        shown = info['enabled'] or disabled
        if info['alias']:
            if info['alias'] not in queued:
                queued.add(info['alias'])
                queue.append(info['alias'])
            if shown:
                target = info['alias']
                line = '%s%s%s-%s (prio %d, %s%s): alias %s @%s %s-%s%s' % (
                    prefix, '  ' * level, hx(cur_start), hx(cur_end), info['priority'],
                    'nv-' if info['nonvolatile'] else '', mem.mr_type(addr), mem.mr_name(addr), mem.mr_name(target),
                    hx(info['alias_offset']), hx(info['alias_offset'] + mr_size_minus_one(info['size'])),
                    '' if info['enabled'] else ' [disabled]')
        elif shown:
            line = '%s%s%s-%s (prio %d, %s%s): %s%s' % (
                prefix, '  ' * level, hx(cur_start), hx(cur_end), info['priority'],
                'nv-' if info['nonvolatile'] else '', mem.mr_type(addr), mem.mr_name(addr),
                '' if info['enabled'] else ' [disabled]')
        if shown:
            out.append(line + (mem.owner_text(addr) if owner else '') + '\n')
        # Children sorted by address, then higher priority first; ties keep the subregion list's order.
        kids = sorted(info['subregions'], key=lambda k: (mem.mr(k)['start'], -mem.mr(k)['priority']))
        for k in kids:
            print_mr(k, level + 1, cur_start)

    groups = {}
    order = []
    for s in snap.spaces:
        if s['root'] not in groups:
            groups[s['root']] = []
            order.append(s['root'])
        groups[s['root']].append(s)
    for root in order:
        # g_slist_insert_sorted with g_strcmp0: by bytes, equal names keep insertion order after existing ones
        # (g_slist_insert_sorted puts a name before the equal ones already there: ties in reverse order)
        names = sorted(reversed(groups[root]), key=lambda s: s['name'].encode('utf-8', errors='replace'))
        for s in names:
            out.append('address-space: %s\n' % s['name'])
        if root:
            print_mr(root, 1, 0)
        out.append('\n')
    i = 0
    while i < len(queue):
        mr = queue[i]
        out.append('memory-region: %s\n' % mem.mr_name(mr))
        print_mr(mr, 1, 0)
        out.append('\n')
        i += 1
    return ''.join(out)


def view_order(snap):
    """The FlatViews in the order the address_spaces list first uses them, each with its address spaces."""
    order = []
    members = {}
    for s in snap.spaces:
        v = s['view']
        if v not in members:
            members[v] = []
            order.append(v)
        members[v].append(s)
    return order, members


def flat_range_type(mem, r):
    return 'rom' if r['readonly'] else mem.mr_type(r['mr'])


def mtree_flat_text(snap):
    """`info mtree -f`."""
    mem = snap.mem
    out = []
    order, members = view_order(snap)
    for n, v in enumerate(order):
        out.append('FlatView #%d\n' % n)
        for s in members[v]:
            line = ' AS "%s", root: %s' % (s['name'], mem.mr_name(s['root']) if s['root'] else '')
            if s['root'] and mem.mr(s['root'])['alias']:
                line += ', alias %s' % mem.mr_name(mem.mr(s['root'])['alias'])
            out.append(line + '\n')
        view = snap.views.get(v, {'root': 0, 'nr': 0, 'ranges': []})
        out.append(' Root memory region: %s\n' % (mem.mr_name(view['root']) if view['root'] else '(none)'))
        if view['nr'] <= 0:
            out.append('  No rendered FlatView\n\n')
            continue
        for r in view['ranges']:
            start = r['start'] & U64
            end = (start + mr_size_minus_one(r['size'])) & U64
            info = mem.mr(r['mr'])
            text = '  %s-%s (prio %d, %s%s): %s' % (
                hx(start), hx(end), info['priority'], 'nv-' if r['nonvolatile'] else '',
                flat_range_type(mem, r), mem.mr_name(r['mr']))
            if r['offset']:
                text += ' @%s' % hx(r['offset'])
            out.append(text + '\n')
        out.append('\n')
    return ''.join(out)
