"""Memory: reads QEMU's MemoryRegions through gdb (fields, Int128 sizes, names, types, owner text), cached."""

import gdb

from .qom import QomReader
from .reading import U64, CaptureError, addr_of, c_string, field, has_field, lookup_type


class Memory(QomReader):
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
