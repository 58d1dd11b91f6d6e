import type { WireModel } from '../../protocol';
import type { TreeNode } from './model-tree';
import { flatViewNodes } from './model-tree';
import { ModelTreeProvider } from './tree-provider';

/** The `qemuMemmap.flatView` view: each FlatView, labelled by its address spaces, with its ranges. */
export class FlatViewProvider extends ModelTreeProvider {
  protected override build(model: WireModel): TreeNode[] {
    return flatViewNodes(model);
  }

  /** Only the first view starts open: a q35 has dozens, most of them for PCI functions. */
  protected override expandedByDefault(node: TreeNode): boolean {
    return node.kind === 'view' && this.getChildren()[0] === node;
  }
}
