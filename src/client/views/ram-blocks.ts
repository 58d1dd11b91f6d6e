import type { WireModel } from '../../protocol';
import type { TreeNode } from './model-tree';
import { ramBlockNodes } from './model-tree';
import { ModelTreeProvider } from './tree-provider';

/** The `qemuMemmap.ramBlocks` view: the RAMBlocks in ram_list order. */
export class RamBlocksProvider extends ModelTreeProvider {
  protected override build(model: WireModel): TreeNode[] {
    return ramBlockNodes(model);
  }
}
