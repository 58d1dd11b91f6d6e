import type { AddressSpace } from '../engine/machine';
import type { Mr } from '../engine/mr';
import { layoutName } from './names';

const ID_CHAR = /[A-Za-z0-9_.\-/:@[\]]/;

/** An id label made from a name: characters the lexer does not take in an id become `_`. */
function idBase(name: string): string {
  let out = '';
  for (const c of name) out += ID_CHAR.test(c) ? c : '_';
  return out === '' ? 'region' : out;
}

/**
 * The `$id` labels of a converted layout: names must name one region where they are used as targets
 * (alias targets, address-space roots), so such a region whose name `emitted` repeats gets an id.
 */
export function regionIds(emitted: readonly Mr[], spaces: readonly AddressSpace[], canonical: (mr: Mr) => Mr): Map<Mr, string> {
  const nameCount = new Map<string, number>();
  for (const mr of emitted) nameCount.set(mr.name, (nameCount.get(mr.name) ?? 0) + 1);
  const firstSpace = new Map<Mr, string>();
  for (const as of spaces) if (as.root && !firstSpace.has(canonical(as.root))) firstSpace.set(canonical(as.root), as.name);
  const referenced = new Set<Mr>([...firstSpace.keys()]);
  for (const mr of emitted) if (mr.alias) referenced.add(canonical(mr.alias));
  const idOf = new Map<Mr, string>();
  const usedIds = new Set<string>();
  for (const mr of emitted) {
    if (!referenced.has(mr) || (nameCount.get(mr.name) ?? 0) <= 1) continue;
    // An address space's root reads best under the address space's name.
    const base = idBase(firstSpace.get(mr) ?? mr.name);
    let id = base;
    for (let k = 2; usedIds.has(id); k++) id = `${base}.${k}`;
    usedIds.add(id);
    idOf.set(mr, id);
  }
  return idOf;
}

/** How a converted layout refers to a region: its `$id`, else its name. */
export function refOf(idOf: ReadonlyMap<Mr, string>, mr: Mr): string {
  const id = idOf.get(mr);
  return id !== undefined ? '$' + id : layoutName(mr.name);
}
