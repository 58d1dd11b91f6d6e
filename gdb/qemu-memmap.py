# qemu-memmap gdb extension: a lossless capture of QEMU's memory state, from a live QEMU or a core file.
#
#   (gdb) source gdb/qemu-memmap.py
#   (gdb) qemu-memmap capture FILE [--format transcript|gdb-scripts] [--wide] [--command TEXT]
#
# This file is what gdb sources (-x, --command, `source`); the extension itself is the package beside it,
# gdb/qemu_memmap_gdb/ (see its __init__.py for what each module holds, and docs/gdb-capture.md). This
# loader puts its own directory at the front of sys.path, imports the package afresh (sourcing the file
# again reloads it, as sourcing a one-file script would) and registers the `qemu-memmap` commands.
# The package's name is its own, so no other `qemu_memmap` module in gdb's Python is touched.
#
# It only reads memory: it never calls a function of QEMU. Errors are one line, never a Python traceback.


def _qemu_memmap_load():
    import os
    import sys

    import gdb

    here = os.path.dirname(os.path.realpath(__file__))
    package = 'qemu_memmap_gdb'
    try:
        if here in sys.path:
            sys.path.remove(here)
        sys.path.insert(0, here)
        for name in [n for n in sys.modules if n == package or n.startswith(package + '.')]:
            del sys.modules[name]
        from qemu_memmap_gdb import command
        command.register()
    except Exception as e:  # never a traceback: one line saying what failed
        gdb.write('qemu-memmap: cannot load the gdb extension from %s (%s: %s)\n'
                  % (os.path.join(here, package), type(e).__name__, e), gdb.STDERR)


_qemu_memmap_load()
del _qemu_memmap_load
