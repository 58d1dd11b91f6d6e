# qemu-memmap gdb extension: a lossless capture of QEMU's memory state, from a live QEMU or a core file.
#
#   (gdb) source gdb/qemu-memmap.py
#   (gdb) qemu-memmap capture FILE [--format transcript|gdb-scripts] [--wide] [--command TEXT]
#
# It reads QEMU's own structures (address_spaces, every MemoryRegion's subregion list, every AddressSpace's
# current_map FlatView, ram_list.blocks) and writes what QEMU's monitor would print for `info mtree -o -D`,
# `info mtree -f`, `info ramblock` and `gpa2hva` (the transcript of `qemu-memmap capture --qmp`), or the three
# formats of the seed gdb script (dump_address_spaces, dump_memory_region, dump_flatview).
#
# It only reads memory: it never calls a function of QEMU (a live QEMU is stopped under gdb, and a core
# file has no process). It needs QEMU's debug info; without it, it says so and writes nothing.
# Errors are one line (a gdb error), never a Python traceback.
#
# Written for this project from QEMU's data structures and print formats (QEMU 7.2 and 10.x); see
# docs/gdb-capture.md.

import datetime
import math
import mmap
import os
import re

import gdb

NO_DEBUG_INFO = 'this QEMU has no debug info: install its debug symbols or build it with -g'
U64 = (1 << 64) - 1
U32 = (1 << 32) - 1
HEADER_TITLE = '# qemu-memmap capture'

# Fields QEMU renamed between versions: the first name that the struct has is read.
FIELD_NAMES = {
    # MemoryRegion
    'container': ('container', 'parent'),
    'subregions_link': ('subregions_link',),
    'alias_offset': ('alias_offset',),
    # RAMBlock: the list link; QEMU 1.x called the host pointer `host` too, page_size came with 2.9
    'next': ('next',),
    'page_size': ('page_size',),
    # AddressSpace: the FlatView pointer (QEMU before 2.12 had no current_map but a `current_map` of type FlatView* too)
    'current_map': ('current_map',),
}


class CaptureError(Exception):
    """A failure to explain in one line."""


def field(value, name):
    """value.NAME, trying the names QEMU has used for that field."""
    t = value.type.strip_typedefs()
    names = FIELD_NAMES.get(name, (name,))
    for n in names:
        if has_field(t, n):
            return value[n]
    raise CaptureError("QEMU's %s has no field %s: this QEMU's layout is not one qemu-memmap knows" % (t.name or t, '/'.join(names)))


def has_field(t, name):
    try:
        return any(f.name == name for f in t.fields())
    except (TypeError, gdb.error):
        return False


def addr_of(ptr):
    """The address a pointer value holds, as a Python int (0 for NULL)."""
    return int(ptr.cast(gdb.lookup_type('unsigned long'))) & U64


def c_string(ptr):
    """A NUL-terminated string from a char pointer (None for NULL)."""
    if addr_of(ptr) == 0:
        return None
    return ptr.string(errors='replace')


def char_array(value, size):
    """A char[N] field, up to its first NUL."""
    raw = bytes(gdb.selected_inferior().read_memory(value.address, size))
    return raw.split(b'\0', 1)[0].decode('utf-8', errors='replace')


class Memory:
    """Reads QEMU's structures through gdb, read-only, with a cache per object."""

    def __init__(self):
        self.inferior = gdb.selected_inferior()
        self.little = 'big endian' not in gdb.execute('show endian', to_string=True)
        self.t_ulong = gdb.lookup_type('unsigned long')
        self.t_mr = lookup_type('MemoryRegion')
        self.t_obj = lookup_type('Object')
        self.t_mr_p = self.t_mr.pointer()
        self.t_obj_p = self.t_obj.pointer()
        self.t_dev_p = lookup_type('DeviceState').pointer()
        self.t_prop_p = lookup_type('ObjectProperty').pointer()
        self.mrs = {}
        self.paths = {}
        self.types = {}

    # --- numbers ---------------------------------------------------------------------------------------
    def int128(self, value):
        """An Int128 exactly (2^64 included): `__int128` or the struct {lo, hi} of hosts without it."""
        t = value.type.strip_typedefs()
        if t.code == gdb.TYPE_CODE_STRUCT and has_field(t, 'lo') and has_field(t, 'hi'):
            return ((int(value['hi']) & U64) << 64) | (int(value['lo']) & U64)
        if value.address is None:
            raise CaptureError('an Int128 value is not in memory')
        raw = bytes(self.inferior.read_memory(value.address, 16))
        return int.from_bytes(raw, 'little' if self.little else 'big', signed=False)

    # --- QOM -------------------------------------------------------------------------------------------
    def type_name(self, obj_addr):
        """object_get_typename: the object's class's TypeImpl name."""
        obj = gdb.Value(obj_addr).cast(self.t_obj_p).dereference()
        impl = obj['class'].dereference()['type']
        return c_string(impl.dereference()['name']) or '?'

    def is_device(self, obj_addr):
        """object_dynamic_cast(obj, "device") != NULL, by walking the type's parents."""
        obj = gdb.Value(obj_addr).cast(self.t_obj_p).dereference()
        impl = obj['class'].dereference()['type']
        key = addr_of(impl)
        if key in self.types:
            return self.types[key]
        found = False
        seen = 0
        while addr_of(impl) != 0 and seen < 64:
            seen += 1
            if c_string(impl.dereference()['name']) == 'device':
                found = True
                break
            parent_name = c_string(impl.dereference()['parent'])
            nxt = impl.dereference()['parent_type']
            if addr_of(nxt) == 0:
                found = parent_name == 'device'
                break
            impl = nxt
        self.types[key] = found
        return found

    def hash_values(self, table_ptr):
        """The values of a GLib GHashTable (glib's private layout, read directly; no function is called)."""
        base = addr_of(table_ptr)
        if base == 0:
            return []
        try:
            t = gdb.lookup_type('struct _GHashTable')
            tv = gdb.Value(base).cast(t.pointer()).dereference()
            size, nnodes = int(tv['size']), int(tv['nnodes'])
            keys, hashes, values = addr_of(tv['keys']), addr_of(tv['hashes']), addr_of(tv['values'])
            big_values = bool(int(tv['have_big_values'])) if has_field(t, 'have_big_values') else True
        except gdb.error:
            # glib >= 2.59 on LP64: gsize size; gint mod; guint mask, nnodes, noccupied; bits; keys; hashes; values
            raw = bytes(self.inferior.read_memory(base, 56))
            order = 'little' if self.little else 'big'
            size = int.from_bytes(raw[0:8], order)
            mask = int.from_bytes(raw[12:16], order)
            nnodes = int.from_bytes(raw[16:20], order)
            bits = int.from_bytes(raw[24:28], order)
            keys = int.from_bytes(raw[32:40], order)
            hashes = int.from_bytes(raw[40:48], order)
            values = int.from_bytes(raw[48:56], order)
            big_values = bool(bits & 2) if self.little else bool(bits & (1 << 30))
            if size < 8 or size & (size - 1) or mask != size - 1 or nnodes > size:
                raise CaptureError("cannot read a GLib hash table in this QEMU (unknown GHashTable layout): owners' paths are unknown")
        if size > (1 << 24):
            raise CaptureError('a GLib hash table of %d slots is not plausible' % size)
        order = 'little' if self.little else 'big'
        hraw = bytes(self.inferior.read_memory(hashes, 4 * size))
        width = 8 if big_values else 4
        vraw = bytes(self.inferior.read_memory(values, width * size))
        out = []
        for i in range(size):
            if int.from_bytes(hraw[4 * i:4 * i + 4], order) >= 2:
                out.append(int.from_bytes(vraw[width * i:width * i + width], order))
        return out

    def path_component(self, obj_addr):
        """object_get_canonical_path_component: the name of the child<> property of the parent that holds obj."""
        obj = gdb.Value(obj_addr).cast(self.t_obj_p).dereference()
        parent = addr_of(obj['parent'])
        if parent == 0:
            return None
        pobj = gdb.Value(parent).cast(self.t_obj_p).dereference()
        for prop_addr in self.hash_values(pobj['properties']):
            prop = gdb.Value(prop_addr).cast(self.t_prop_p).dereference()
            ptype = c_string(prop['type']) or ''
            if ptype.startswith('child<') and addr_of(prop['opaque']) == obj_addr:
                return c_string(prop['name'])
        return None

    def canonical_path(self, obj_addr):
        """object_get_canonical_path: /a/b/c, '/' for the root, None when the object is not in the tree."""
        if obj_addr in self.paths:
            return self.paths[obj_addr]
        parts = []
        cur = obj_addr
        result = None
        for _ in range(256):
            obj = gdb.Value(cur).cast(self.t_obj_p).dereference()
            parent = addr_of(obj['parent'])
            if parent == 0:
                # Only the root has no parent and is in the tree.
                if cur == self.root_object():
                    result = '/' + '/'.join(reversed(parts)) if parts else '/'
                break
            component = self.path_component(cur)
            if component is None:
                break
            parts.append(component)
            cur = parent
        self.paths[obj_addr] = result
        return result

    def root_object(self):
        """QOM's root object: the top ancestor of current_machine (/machine), read without calling object_get_root."""
        if not hasattr(self, '_root'):
            self._root = 0
            m = lookup_variable('current_machine', required=False)
            cur = addr_of(m) if m is not None else 0
            for _ in range(256):
                if cur == 0:
                    break
                parent = addr_of(gdb.Value(cur).cast(self.t_obj_p).dereference()['parent'])
                if parent == 0:
                    self._root = cur
                    break
                cur = parent
        return self._root

    def expand_owner(self, label, obj_addr):
        """mtree_expand_owner's text: ` owner:{dev id=X}` / `{obj path=/P}` / `{obj type=T}`."""
        dev = self.is_device(obj_addr)
        text = ' %s:{%s' % (label, 'dev' if dev else 'obj')
        dev_id = None
        if dev:
            dev_id = c_string(gdb.Value(obj_addr).cast(self.t_dev_p).dereference()['id'])
        if dev_id:
            text += ' id=%s' % dev_id
        else:
            path = self.canonical_path(obj_addr)
            text += (' path=%s' % path) if path is not None else (' type=%s' % self.type_name(obj_addr))
        return text + '}'

    # --- memory regions --------------------------------------------------------------------------------
    def mr(self, addr):
        """A dict of the MemoryRegion's fields at addr (cached)."""
        info = self.mrs.get(addr)
        if info is not None:
            return info
        v = gdb.Value(addr).cast(self.t_mr_p).dereference()
        obj = v.address.cast(self.t_obj_p).dereference()
        subs = []
        child = v['subregions']['tqh_first']
        guard = 0
        while addr_of(child) != 0:
            subs.append(addr_of(child))
            child = field(child.dereference(), 'subregions_link')['tqe_next']
            guard += 1
            if guard > 1000000:
                raise CaptureError('a subregion list does not end (memory is inconsistent)')
        name = c_string(v['name'])
        info = {
            'addr': addr,
            'name': name,
            'start': int(v['addr']) & U64,
            'size': self.int128(v['size']),
            'priority': int(v['priority']),
            'enabled': bool(int(v['enabled'])),
            'alias': addr_of(v['alias']),
            'alias_offset': int(field(v, 'alias_offset')) & U64,
            'ram': bool(int(v['ram'])),
            'readonly': bool(int(v['readonly'])),
            'rom_device': bool(int(v['rom_device'])),
            'romd_mode': bool(int(v['romd_mode'])),
            'ram_device': bool(int(v['ram_device'])),
            'nonvolatile': bool(int(v['nonvolatile'])),
            'container': addr_of(field(v, 'container')),
            'ram_block': addr_of(v['ram_block']),
            'owner': addr_of(v['owner']),
            'parent': addr_of(obj['parent']),
            'subregions': subs,
        }
        self.mrs[addr] = info
        return info

    def mr_name(self, addr):
        """memory_region_name: the name, or the region's QOM path component when it has none."""
        info = self.mr(addr)
        if info['name'] is None:
            info['name'] = self.path_component(addr) or ''
        return info['name']

    def mr_type(self, addr):
        """memory_region_type: follows aliases; ramd, romd, rom, ram or i/o."""
        seen = 0
        info = self.mr(addr)
        while info['alias'] and seen < 1000:
            info = self.mr(info['alias'])
            seen += 1
        if info['ram_device']:
            return 'ramd'
        if info['rom_device'] and info['romd_mode']:
            return 'romd'
        if info['ram'] and info['readonly']:
            return 'rom'
        if info['ram']:
            return 'ram'
        return 'i/o'

    def owner_text(self, addr):
        """mtree_print_mr_owner's text."""
        info = self.mr(addr)
        owner, parent = info['owner'], info['parent']
        if not owner and not parent:
            return ' orphan'
        text = ''
        if owner:
            text += self.expand_owner('owner', owner)
        if parent and parent != owner:
            text += self.expand_owner('parent', parent)
        return text


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        raise CaptureError(NO_DEBUG_INFO)


def lookup_variable(name, required=True, prefer_file=None):
    """A global or file-static variable of QEMU (its value), through the debug info only."""
    sym = None
    try:
        if prefer_file is not None and hasattr(gdb, 'lookup_static_symbols'):
            for s in gdb.lookup_static_symbols(name):
                if s.symtab is not None and s.symtab.filename.endswith(prefer_file):
                    sym = s
                    break
        if sym is None:
            sym = gdb.lookup_global_symbol(name)
        if sym is None:
            sym = gdb.lookup_static_symbol(name)
    except gdb.error:
        sym = None
    value = None
    if sym is not None and not sym.is_function and sym.addr_class != gdb.SYMBOL_LOC_TYPEDEF:
        try:
            value = sym.value()
        except gdb.error:
            value = None
    if value is None and required:
        raise CaptureError(NO_DEBUG_INFO)
    return value


def hx(v):
    return '%016x' % (v & U64)


def mr_size_minus_one(size):
    """MR_SIZE(size): size - 1 as a 64-bit number, 0 for an empty region."""
    return (size - 1) & U64 if size != 0 else 0


def size_to_str(val):
    """QEMU's size_to_str: `4 KiB`, `2 MiB`."""
    prefixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']
    _, i = math.frexp(val / (1000.0 / 1024.0))
    i = int((i - 1) / 10) * 10
    return '%0.3g %sB' % (val / float(1 << i), prefixes[i // 10])


class Snapshot:
    """Everything one capture needs, read once."""

    def __init__(self, mem):
        self.mem = mem
        self.spaces = []
        head = lookup_variable('address_spaces', prefer_file='memory.c')
        cur = head['tqh_first']
        while addr_of(cur) != 0:
            a = cur.dereference()
            self.spaces.append({
                'addr': addr_of(cur),
                'name': c_string(a['name']) or '',
                'root': addr_of(a['root']),
                'view': addr_of(field(a, 'current_map')),
            })
            cur = a['address_spaces_link']['tqe_next']
            if len(self.spaces) > 100000:
                raise CaptureError('the address_spaces list does not end (memory is inconsistent)')
        if not self.spaces:
            raise CaptureError('QEMU has no address space yet (is this QEMU past its memory setup?)')
        self.views = {}
        t_fv_p = lookup_type('FlatView').pointer()
        for s in self.spaces:
            if s['view'] and s['view'] not in self.views:
                self.views[s['view']] = self.read_view(gdb.Value(s['view']).cast(t_fv_p).dereference())
        self.blocks = self.read_blocks()

    def read_view(self, fv):
        nr = int(fv['nr'])
        if nr > 10000000 or nr > int(fv['nr_allocated']):
            raise CaptureError('a FlatView claims %d ranges (memory is inconsistent)' % nr)
        ranges = []
        base = fv['ranges']
        for i in range(max(nr, 0)):
            r = (base + i).dereference()
            ranges.append({
                'mr': addr_of(r['mr']),
                'offset': int(r['offset_in_region']) & U64,
                'start': self.mem.int128(r['addr']['start']),
                'size': self.mem.int128(r['addr']['size']),
                'readonly': bool(int(r['readonly'])),
                'nonvolatile': bool(int(r['nonvolatile'])),
                'romd_mode': bool(int(r['romd_mode'])),
            })
        return {'root': addr_of(fv['root']), 'nr': nr, 'ranges': ranges}

    def read_blocks(self):
        ram_list = lookup_variable('ram_list')
        blocks = []
        cur = ram_list['blocks']['lh_first']
        while addr_of(cur) != 0:
            b = cur.dereference()
            idstr = b['idstr']
            blocks.append({
                'idstr': char_array(idstr, idstr.type.sizeof),
                'offset': int(b['offset']) & U64,
                'used': int(b['used_length']) & U64,
                'max': int(b['max_length']) & U64,
                'host': addr_of(b['host']),
                'page_size': int(field(b, 'page_size')) & U64,
                'flags': int(b['flags']),
                'fd': int(b['fd']),
                'mr': addr_of(b['mr']),
            })
            cur = field(b, 'next')['le_next']
            if len(blocks) > 100000:
                raise CaptureError('the ram_list.blocks list does not end (memory is inconsistent)')
        return blocks


# --- QEMU's monitor formats ---------------------------------------------------------------------------

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


# --- the seed gdb script's formats ----------------------------------------------------------------------

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


# --- where the capture comes from ---------------------------------------------------------------------

def binary_path():
    prog = gdb.current_progspace()
    name = prog.filename if prog is not None else None
    return name


def binary_facts(path):
    """QEMU's version string and whether `info ramblock` prints the HVA column, read from the binary's file."""
    version, with_hva = None, None
    if not path or not os.path.isfile(path):
        return version, with_hva
    try:
        with open(path, 'rb') as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            i = m.find(b'QEMU emulator version ')
            if i >= 0:
                j = m.find(b'\n', i)
                version = m[i + len('QEMU emulator version '):j].decode('utf-8', errors='replace').strip()
            with_hva = m.find(b'%24s %8s  %18s %18s %18s %18s %3s') >= 0
    except (OSError, ValueError):
        pass
    return version, with_hva


def source_of():
    """('core', PATH) for a core file, ('live', PID) for a process; raises when gdb has neither."""
    inf = gdb.selected_inferior()
    conn = getattr(inf, 'connection', None)
    kind = getattr(conn, 'type', None) if conn is not None else None
    info = gdb.execute('info target', to_string=True)
    m = re.search(r"Local core dump file:\s*\n\s*`([^']*)'", info)
    if kind == 'core' or m:
        return 'core', (m.group(1) if m else '?')
    if inf.pid:
        return 'live', str(inf.pid)
    raise CaptureError('no QEMU to read: attach to one (gdb -p PID) or open a core file (gdb QEMU-BINARY CORE)')


def machine_type(mem):
    m = lookup_variable('current_machine', required=False)
    if m is None or addr_of(m) == 0:
        return None
    return re.sub(r'-machine$', '', mem.type_name(addr_of(m)))


def guest_name():
    n = lookup_variable('qemu_name', required=False)
    return c_string(n) if n is not None else None


def target_of(path):
    m = re.search(r'qemu-system-([A-Za-z0-9_]+)', os.path.basename(path or ''))
    return m.group(1) if m else 'unknown'


def header(fields):
    lines = [HEADER_TITLE]
    for key, value in fields:
        if value:
            lines.append('# %s: %s' % (key, re.sub(r'[\r\n]+', ' ', str(value))))
    return '\n'.join(lines) + '\n'


def capture(fmt, wide, command):
    """The whole capture text (nothing is written until it is complete)."""
    kind, where = source_of()
    lookup_type('MemoryRegion')
    lookup_variable('address_spaces', prefer_file='memory.c')
    mem = Memory()
    snap = Snapshot(mem)
    if fmt == 'gdb-scripts':
        return gdb_scripts_text(snap, wide)
    path = binary_path()
    version, with_hva = binary_facts(path)
    if with_hva is None:
        # No binary file to look in: QEMU 10 prints the HVA and RO columns, 7.2 does not.
        major = re.match(r'(\d+)\.', version or '')
        with_hva = major is not None and int(major.group(1)) >= 10
    fields = [
        ('qemu', version or 'unknown'),
        ('target', target_of(path)),
        ('machine', machine_type(mem)),
        ('name', guest_name()),
        ('time', datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'),
        ('command', command),
        ('gdb', ('core file %s' % where) if kind == 'core' else ('live process %s' % where)),
        ('binary', path),
    ]
    tree = mtree_text(snap, owner=True, disabled=True)
    flat = mtree_flat_text(snap)
    ram = ramblock_text(snap, with_hva)
    system = lookup_variable('system_memory', required=False, prefer_file='physmem.c')
    answers = ''
    if system is not None and addr_of(system):
        view, shift = gpa_view(snap, addr_of(system))
        for gpa in probe_addresses(snap, view):
            answers += '(qemu) gpa2hva 0x%x\n' % gpa + gpa2hva_answer(snap, view, shift, gpa)
    return (header(fields) + '(qemu) info mtree -o -D\n' + tree + '(qemu) info mtree -f\n' + flat +
            '(qemu) info ramblock\n' + ram + answers)


def write_atomically(path, text):
    if path == '-':
        gdb.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    temp = os.path.join(directory, '.%s.%d.tmp' % (os.path.basename(path), os.getpid()))
    try:
        with open(temp, 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)
        os.replace(temp, path)
    except OSError as e:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise CaptureError('cannot write %s: %s' % (path, e.strerror or e))


USAGE = 'usage: qemu-memmap capture FILE|- [--format transcript|gdb-scripts] [--wide] [--command TEXT]'


class QemuMemmapPrefix(gdb.Command):
    """QEMU memory map captures: qemu-memmap capture FILE [--format transcript|gdb-scripts]."""

    def __init__(self):
        super().__init__('qemu-memmap', gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class QemuMemmapCapture(gdb.Command):
    """Write QEMU's memory state to FILE (- for the terminal), read from this process or core file.

qemu-memmap capture FILE|- [--format transcript|gdb-scripts] [--wide] [--command TEXT]
  --format transcript   (default) what `qemu-memmap capture --qmp` writes: a header, info mtree -o -D,
                        info mtree -f, info ramblock and gpa2hva answers, in QEMU's own formats
  --format gdb-scripts  dump_address_spaces 0, dump_memory_region and dump_flatview as the seed gdb
                        script prints them (values cut to 32 bits like that script; --wide keeps 64)
  --command TEXT        the command to name in the header (default: this gdb command)
Reads memory only: never calls a function of QEMU."""

    def __init__(self):
        super().__init__('qemu-memmap capture', gdb.COMMAND_DATA, gdb.COMPLETE_FILENAME)

    def invoke(self, argument, from_tty):
        try:
            args = gdb.string_to_argv(argument)
            fmt, wide, command, target = 'transcript', False, None, None
            i = 0
            while i < len(args):
                a = args[i]
                if a == '--format' and i + 1 < len(args):
                    fmt = args[i + 1]
                    i += 2
                    continue
                if a.startswith('--format='):
                    fmt = a.split('=', 1)[1]
                elif a == '--wide':
                    wide = True
                elif a == '--command' and i + 1 < len(args):
                    command = args[i + 1]
                    i += 2
                    continue
                elif a.startswith('--'):
                    raise CaptureError('unknown option %s; %s' % (a, USAGE))
                elif target is None:
                    target = a
                else:
                    raise CaptureError(USAGE)
                i += 1
            if target is None or fmt not in ('transcript', 'gdb-scripts'):
                raise CaptureError(USAGE)
            text = capture(fmt, wide, command or ('gdb: qemu-memmap capture ' + argument.strip()))
            write_atomically(target, text)
            if target != '-':
                gdb.write('qemu-memmap: wrote %s (%d lines)\n' % (target, text.count('\n')))
        except CaptureError as e:
            raise gdb.GdbError('qemu-memmap: %s' % e)
        except gdb.MemoryError as e:
            raise gdb.GdbError('qemu-memmap: cannot read QEMU memory (%s); a core file must hold the heap (gcore does)' % e)
        except gdb.GdbError:
            raise
        except gdb.error as e:
            text = str(e)
            if 'No symbol table' in text or 'no debug info' in text:
                raise gdb.GdbError('qemu-memmap: ' + NO_DEBUG_INFO)
            raise gdb.GdbError('qemu-memmap: gdb could not read QEMU: %s' % text.splitlines()[0] if text else 'qemu-memmap: gdb could not read QEMU')
        except KeyboardInterrupt:
            raise gdb.GdbError('qemu-memmap: interrupted; nothing written')
        except Exception as e:  # never a traceback: one line saying what failed
            raise gdb.GdbError('qemu-memmap: internal error (%s: %s); nothing written' % (type(e).__name__, e))


QemuMemmapPrefix()
QemuMemmapCapture()
