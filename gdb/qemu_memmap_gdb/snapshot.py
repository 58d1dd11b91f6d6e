"""Snapshot: the address spaces, their FlatViews and ram_list.blocks, read once for one capture."""

import gdb

from .reading import U64, CaptureError, addr_of, c_string, char_array, field, lookup_type, lookup_variable


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
