"""The transcript header: QEMU's version, target, machine and name, and where the capture comes from."""

import mmap
import os
import re

import gdb

from .reading import CaptureError, addr_of, c_string, lookup_variable

HEADER_TITLE = '# qemu-memmap capture'


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
