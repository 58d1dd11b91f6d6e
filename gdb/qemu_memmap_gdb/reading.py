"""Reading QEMU's memory through gdb and its debug info: fields by name, pointers, strings, variables."""

import gdb

NO_DEBUG_INFO = 'this QEMU has no debug info: install its debug symbols or build it with -g'
U64 = (1 << 64) - 1
U32 = (1 << 32) - 1

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
