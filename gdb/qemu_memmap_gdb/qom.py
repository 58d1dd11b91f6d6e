"""QOM objects, read from memory: type names, the device test, GLib hash tables, canonical paths, owners."""

import gdb

from .reading import CaptureError, addr_of, c_string, has_field, lookup_variable


class QomReader:
    """The QOM half of Memory (which sets inferior, little, t_obj_p, t_dev_p, t_prop_p, paths and types)."""

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
