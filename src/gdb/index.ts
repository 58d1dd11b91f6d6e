/**
 * The gdb adapter: runs gdb with the product's extension (gdb/qemu-memmap.py) on a running QEMU or a core
 * file, and the /proc and core-file look-ups the commands offer choices from (used by the CLI and the VS Code
 * client). Node only; it does not need the core.
 */
export { captureWithGdb, checkSource, failureMessage, GdbCaptureError, isFile, ptraceAdvice } from './capture';
export type { GdbCapture, GdbCaptureErrorKind, GdbCaptureOptions } from './capture';
export { gdbArguments, quoteGdbArgument } from './command-line';
export type { GdbSource } from './command-line';
export { NotACoreFile, readCoreFile } from './core-file';
export type { CoreFileInfo } from './core-file';
export { isQemuProgram, processExecutable, processExists, qemuProcesses } from './processes';
export type { QemuProcess } from './processes';
export { findGdbScript, GDB_SCRIPT } from './script';
export { parseGdbOrigin } from './origin';
export type { GdbOrigin } from './origin';
