/**
 * The live node the model keeps for each id.
 *
 * @module
 */
import type { NodeType, Props } from "../protocol/messages/types.ts";

/**
 * A node of the live tree. `version` is the stamp of the last batch that changed
 * the node itself (props or child list); `subtree` is the stamp of the last batch
 * that changed it or anything below it. Renderers and the projection compare
 * stamps to skip unchanged parts (remote-dom's version-stamped nodes).
 */
export interface ModelNode {
  readonly id: number;
  readonly type: NodeType;
  props: Props;
  children: ModelNode[];
  parent: ModelNode | null;
  depth: number;
  version: number;
  subtree: number;
}

/** What one applied batch changed, handed to change listeners. */
export interface TreeChange {
  /** Stamp of the batch (also written into the changed nodes' `version`). */
  stamp: number;
  /** Ids of live nodes whose own props or child list changed, or that were added. */
  changed: Set<number>;
  /** Ids that are no longer in the tree. */
  removed: Set<number>;
  /** True when the whole tree was replaced (TREE message). */
  root: boolean;
}
