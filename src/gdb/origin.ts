/** Where a gdb capture came from, as its header's `gdb:` and `binary:` keys say. */
export type GdbOrigin =
  | { readonly kind: 'pid'; readonly pid: number; readonly binary?: string }
  | { readonly kind: 'core'; readonly core: string; readonly binary?: string };


/** Reads a capture header's `gdb:` value (and `binary:`); undefined when it is neither form. */
export function parseGdbOrigin(gdb: string | undefined, binary?: string): GdbOrigin | undefined {
  if (gdb === undefined) return undefined;
  const extra = binary ? { binary } : {};
  const live = /^live process (\d+)$/.exec(gdb.trim());
  if (live) return { kind: 'pid', pid: Number(live[1]), ...extra };
  const core = /^core file (.+)$/.exec(gdb.trim());
  if (core) return { kind: 'core', core: core[1] as string, ...extra };
  return undefined;
}
