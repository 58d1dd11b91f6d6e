import type { WireModel } from '../../protocol';
import type { TreeNode } from './model-tree';
import { addressSpaceNodes } from './model-tree';
import { ModelTreeProvider } from './tree-provider';

/** The `qemuMemmap.addressSpaces` view: each address-space group with its region tree. */
export class AddressSpacesProvider extends ModelTreeProvider {
  protected override build(model: WireModel): TreeNode[] {
    return addressSpaceNodes(model);
  }

  /** Groups and their root regions start open: the root alone says little. */
  protected override expandedByDefault(node: TreeNode): boolean {
    return node.kind === 'space' || node.parent?.kind === 'space';
  }
}
