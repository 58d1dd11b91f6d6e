import { closeSync, openSync, readSync } from 'node:fs';

/** What a core file says about the process that wrote it. */
export interface CoreFileInfo {
  /** The executable: the file of the core's NT_FILE mappings that the process ran, when the core lists its mappings. */
  readonly executable?: string;
  /** The process's command name (`comm`, at most 15 characters), from NT_PRPSINFO. */
  readonly name?: string;
  /** The start of its command line (at most 80 characters), from NT_PRPSINFO. */
  readonly args?: string;
}

/** Why a file is not a core file this reader understands (thrown by readCoreFile). */
export class NotACoreFile extends Error {
  override readonly name = 'NotACoreFile';
}

const PT_NOTE = 4;
const ET_CORE = 4;
const NT_PRPSINFO = 3;
const NT_FILE = 0x46494c45;
/** Notes of a core are small (a few hundred KiB for thousands of mappings); more is not a core note. */
const MAX_NOTES = 64 << 20;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

function cString(buf: Buffer, from: number, to: number): string {
  const end = buf.indexOf(0, from);
  return buf.toString('utf8', from, end < 0 || end > to ? to : end);
}

/**
 * Reads the ELF header, the program headers and the PT_NOTE segments of a core file (never its memory, which
 * may be gigabytes): the process's name and command line (NT_PRPSINFO) and its executable (the NT_FILE
 * mapping whose name matches the command name, else the first one named qemu-system-*, else the first
 * mapping). Throws NotACoreFile for anything that is not an ELF core (a compressed systemd-coredump file, a
 * binary, text).
 */
export function readCoreFile(path: string): CoreFileInfo {
  const fd = openSync(path, 'r');
  try {
    const ident = readAt(fd, 0, 64);
    if (ident.length < 52 || ident.readUInt32BE(0) !== 0x7f454c46) {
      const zstd = ident.length >= 4 && ident.readUInt32LE(0) === 0xfd2fb528;
      throw new NotACoreFile(zstd ? 'it is compressed with zstd (systemd-coredump keeps cores so: `coredumpctl dump PID -o core` writes a plain one)' : 'it is not an ELF file');
    }
    const wide = ident[4] === 2;
    const little = ident[5] !== 2;
    const u16 = (b: Buffer, o: number): number => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const word = (b: Buffer, o: number): number => (wide ? Number(little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
    if (u16(ident, 16) !== ET_CORE) throw new NotACoreFile(`it is an ELF file of type ${String(u16(ident, 16))}, not a core file (type 4)`);
    const phoff = word(ident, wide ? 32 : 28);
    const phentsize = u16(ident, wide ? 54 : 42);
    const phnum = u16(ident, wide ? 56 : 44);
    const table = readAt(fd, phoff, phentsize * phnum);
    let name: string | undefined;
    let args: string | undefined;
    const files: string[] = [];
    for (let i = 0; i < phnum && (i + 1) * phentsize <= table.length; i++) {
      const ph = i * phentsize;
      if (u32(table, ph) !== PT_NOTE) continue;
      const offset = word(table, ph + (wide ? 8 : 4));
      const size = word(table, ph + (wide ? 32 : 16));
      if (size > MAX_NOTES) continue;
      const notes = readAt(fd, offset, size);
      for (let at = 0; at + 12 <= notes.length;) {
        const namesz = u32(notes, at);
        const descsz = u32(notes, at + 4);
        const type = u32(notes, at + 8);
        const desc = at + 12 + ((namesz + 3) & ~3);
        const next = desc + ((descsz + 3) & ~3);
        if (desc + descsz > notes.length) break;
        if (type === NT_PRPSINFO && descsz >= 96) {
          // struct elf_prpsinfo ends with pr_fname[16] and pr_psargs[80], whatever the word size before them.
          const fname = desc + descsz - 96;
          name = cString(notes, fname, fname + 16);
          args = cString(notes, fname + 16, fname + 96).trim();
        } else if (type === NT_FILE) {
          const w = wide ? 8 : 4;
          const count = word(notes, desc);
          let s = desc + 2 * w + 3 * w * count;
          for (let k = 0; k < count && s < desc + descsz; k++) {
            const end = notes.indexOf(0, s);
            if (end < 0 || end > desc + descsz) break;
            files.push(notes.toString('utf8', s, end));
            s = end + 1;
          }
        }
        at = next;
      }
    }
    const base = (f: string): string => f.slice(f.lastIndexOf('/') + 1);
    const executable = (name ? files.find((f) => base(f).startsWith(name)) : undefined) ?? files.find((f) => base(f).startsWith('qemu-system-')) ?? files[0];
    return {
      ...(executable !== undefined ? { executable: executable.replace(/ \(deleted\)$/, '') } : {}),
      ...(name ? { name } : {}),
      ...(args ? { args } : {}),
    };
  } finally {
    closeSync(fd);
  }
}
