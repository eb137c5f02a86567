//! How an editor names an outline node (symbols, folding, hover, search).

/// The name an editor shows for a node: marker and label, as written.
pub fn node_name(text: &str, node: &baogao_core::Node) -> String {
    let label = text.get(node.label.clone()).unwrap_or("").trim();
    let marker = node
        .marker()
        .and_then(|m| text.get(m.range.clone()))
        .unwrap_or("")
        // `## 一、` names the node `一、…`: the hashes only nest it.
        .trim_start_matches(['#', ' ', '\t'])
        .trim();
    let name = match node.marker().map(|m| m.kind) {
        // `## ` carries no meaning in an outline; the label alone reads better.
        Some(baogao_core::MarkerKind::Markdown(_)) => label.to_string(),
        _ => format!("{marker}{label}"),
    };
    if name.is_empty() {
        // Clients reject symbols with an empty name.
        "（无标题）".to_string()
    } else {
        name
    }
}
