/** A canonical dump of a render tree: structure, props, stamps, index. */
import type { ModelNode } from "../../src/model/model_node.ts";
import type { RenderTree } from "../../src/model/render_tree.ts";

export function dump(tree: RenderTree): string {
  const walk = (n: ModelNode): unknown => ({
    id: n.id,
    type: n.type,
    props: n.props,
    v: n.version,
    s: n.subtree,
    d: n.depth,
    p: n.parent?.id ?? null,
    c: n.children.map(walk),
  });
  return JSON.stringify({
    root: tree.root ? walk(tree.root) : null,
    ids: [...tree.ids()].sort((a, b) => a - b),
  });
}
