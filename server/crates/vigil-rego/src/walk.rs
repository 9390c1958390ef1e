//! The one tree walk every feature uses: preorder with a cursor, so that a file of
//! hostile depth costs heap, never stack.

use crate::Node;

/// Visits `root` and its descendants in preorder. `visit` gets each node, its field
/// name in its parent, and its ancestors below `root` (outermost first), and returns
/// whether to visit the node's children.
pub(crate) fn preorder<'t>(
    root: Node<'t>,
    mut visit: impl FnMut(Node<'t>, Option<&'static str>, &[Node<'t>]) -> bool,
) {
    let mut cursor = root.walk();
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    loop {
        let node = cursor.node();
        if visit(node, cursor.field_name(), &ancestors) && cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if ancestors.is_empty() {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}
