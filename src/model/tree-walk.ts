import type {Element} from 'hast'

/** A node of a Markdown or HTML tree, as much of it as the walkers read. */
export interface TreeNode {
  type: string
  children?: TreeNode[]
}

/**
 * Calls `visit` on every node under `tree`, in document order, with its
 * parent and index; a node the visitor replaces in its parent keeps its own
 * children visited. A plain loop: the generic tree walker names a function
 * for each node it meets, which costs a tenth of a contribution's parse.
 */
export function walk<Tree extends TreeNode>(
  tree: Tree,
  visit: (node: TreeNode, index: number, parent: TreeNode) => void
) {
  const children = tree.children ?? []
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    visit(child, index, tree)
    if (child.children) walk(child, visit)
  }
}

export function isElement(node: TreeNode): node is Element {
  return node.type === 'element'
}
