# qemu-memmap gdb extension: a lossless capture of QEMU's memory state, from a live QEMU or a core file.
#
# gdb/qemu-memmap.py (the file gdb sources) loads this package and registers its command:
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
# The modules, in the order a capture uses them:
#   reading.py      reading QEMU's memory: fields by name (FIELD_NAMES: renamed fields), pointers, strings,
#                   variables and types through the debug info; CaptureError, the one-line failure
#   qom.py          QOM objects: type names, the device test, GLib hash tables, canonical paths, owners
#   memory.py       Memory: MemoryRegions (fields, Int128 sizes, names, types, owner text), cached
#   snapshot.py     Snapshot: the address spaces, their FlatViews and ram_list.blocks, read once
#   mtree.py        `info mtree -o -D` and `info mtree -f`
#   ram.py          `info ramblock` and `gpa2hva`
#   gdb_scripts.py  the seed gdb script's formats (dump_address_spaces, dump_memory_region, dump_flatview)
#   header.py       the transcript header: version, target, machine, name, where the capture comes from
#   command.py      the `qemu-memmap capture` gdb command: its arguments, the capture, the file, the errors
#
# Written for this project from QEMU's data structures and print formats (QEMU 7.2 and 10.x); see
# docs/gdb-capture.md.
