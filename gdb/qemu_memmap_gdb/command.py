"""The `qemu-memmap capture` gdb command: its arguments, the capture, the file, and one-line errors."""

import datetime
import os
import re

import gdb

from .gdb_scripts import gdb_scripts_text
from .header import binary_facts, binary_path, guest_name, header, machine_type, source_of, target_of
from .memory import Memory
from .mtree import mtree_flat_text, mtree_text
from .ram import gpa2hva_answer, gpa_view, probe_addresses, ramblock_text
from .reading import NO_DEBUG_INFO, CaptureError, addr_of, lookup_type, lookup_variable
from .snapshot import Snapshot


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


def parse_arguments(args):
    """(target, format, wide, command) from the command's arguments (as gdb.string_to_argv splits them)."""
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
    return target, fmt, wide, command


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
            target, fmt, wide, command = parse_arguments(gdb.string_to_argv(argument))
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


def register():
    """Defines the gdb commands `qemu-memmap` and `qemu-memmap capture` (again when sourced again)."""
    QemuMemmapPrefix()
    QemuMemmapCapture()
