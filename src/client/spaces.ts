import type { WireModel } from '../protocol';

/** Every address-space name of a model once, in the order the server lists them (groups, then views). */
export function spaceNames(model: WireModel): string[] {
  const names = new Set<string>();
  for (const g of model.spaces) for (const n of g.names) names.add(n);
  for (const v of model.views) for (const n of v.spaces) names.add(n);
  return [...names];
}

/**
 * The address space that map, translate and why use for a document: the one the user picked for it,
 * else the `qemuMemmap.map.defaultAddressSpace` setting, else the model's GPA space, else the first one
 * (each only when the model has it). Undefined when the model has no address spaces.
 */
export function chooseSpace(model: WireModel, picked: string | undefined, setting: string | undefined): string | undefined {
  const names = spaceNames(model);
  for (const candidate of [picked, setting, model.gpaSpace]) {
    if (candidate && names.includes(candidate)) return candidate;
  }
  return names[0];
}

/** The address space to answer a tree item in: the current one when the item's view or group shares it, else the item's first. */
export function spaceForItem(itemSpaces: readonly string[], current: string | undefined): string | undefined {
  if (itemSpaces.length === 0 || (current !== undefined && itemSpaces.includes(current))) return current;
  return itemSpaces[0];
}
