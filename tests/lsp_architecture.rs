//! The language server's layout, checked from its source text:
//! - no import cycle among the modules of `src/lsp` (each file is a module;
//!   an edge is a `use` of `crate::lsp::…`, `super::…` or `self::…` that
//!   names another module), so in particular `workspace` and `handlers`
//!   never import each other;
//! - `handlers/` holds handlers only: each file there is called from `server.rs`;
//! - every method of `server.rs` runs under the panic guard.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LSP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lsp");

/// The tree checked: `src/lsp`, or `BAOGAO_LSP_SRC` (to show the checks
/// failing on an older tree).
fn lsp_dir() -> PathBuf {
    std::env::var_os("BAOGAO_LSP_SRC").map_or_else(|| PathBuf::from(LSP), PathBuf::from)
}

/// Every `.rs` file under `dir`, as (module path, source): `handlers/sync.rs`
/// is `handlers::sync`, `pipeline/mod.rs` is `pipeline`, `mod.rs` is ``.
fn modules(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir)
            .expect("src/lsp is readable")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|l| l == "mod") {
                parts.pop();
            }
            (parts.join("::"), std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The `use` statements of `source` (multi-line ones joined), tests excluded.
fn uses(source: &str) -> Vec<String> {
    let body = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        let t = line.trim();
        if let Some(cur) = &mut current {
            cur.push_str(t);
        } else if let Some(rest) = t
            .strip_prefix("pub use ")
            .or_else(|| t.strip_prefix("use "))
        {
            current = Some(rest.to_string());
        }
        if current.as_ref().is_some_and(|c| c.ends_with(';')) {
            out.push(current.take().unwrap());
        }
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into the paths it names.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim().trim_end_matches(';').trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap().trim().to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.to_string(),
            _ => format!("{prefix}::{p}"),
        })
        .collect()
}

/// The module of `from` that `path` (as written in `from`) refers to, if any:
/// the longest prefix of the resolved path that is a module.
fn target(from: &str, path: &str, known: &BTreeSet<String>) -> Option<String> {
    let mut segs: Vec<String> = Vec::new();
    let mut parts = path.split("::").peekable();
    let here: Vec<String> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").map(String::from).collect()
    };
    // A file `a/b.rs` is module `a::b`; `super` from it is `a`.
    match parts.peek().copied() {
        Some("crate") => {
            parts.next();
            if parts.next() != Some("lsp") {
                return None;
            }
        }
        Some("super") => {
            segs = here.clone();
            while parts.peek() == Some(&"super") {
                parts.next();
                segs.pop();
            }
        }
        Some("self") => {
            parts.next();
            segs = here.clone();
        }
        _ => return None,
    }
    segs.extend(parts.map(String::from));
    (0..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find(|m| known.contains(m))
        .filter(|m| m != from)
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules(&lsp_dir());
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (name, source) in &mods {
        let mut to = BTreeSet::new();
        for u in uses(source) {
            for path in expand(&u) {
                if let Some(t) = target(name, &path, &known) {
                    // The root declares every module and is no layer of its own.
                    if !t.is_empty() {
                        to.insert(t);
                    }
                }
            }
        }
        edges.insert(name.clone(), to);
    }
    edges
}

/// A cycle through the graph, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let i = stack.iter().position(|s| s == m).unwrap();
                    let mut cycle = stack[i..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_checker_sees_imports_and_cycles() {
    let known: BTreeSet<String> = ["", "a", "b", "b::c", "handlers", "handlers::x"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        expand("super::{a, b::{self, c::D}};"),
        ["super::a", "super::b", "super::b::c::D"]
    );
    assert_eq!(
        target("handlers::x", "super::super::a::f", &known).as_deref(),
        Some("a")
    );
    assert_eq!(
        target("a", "crate::lsp::b::c::T", &known).as_deref(),
        Some("b::c")
    );
    assert_eq!(target("a", "tower_lsp_server::Client", &known), None);
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

#[test]
fn no_import_cycles_in_the_language_server() {
    let edges = graph();
    assert!(
        edges.contains_key("handlers::sync"),
        "the modules are found"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle in src/lsp: {}", cycle.join(" → "));
    }
    // `handlers` may use `workspace` (lifecycle starts the scan), so the
    // reverse would be a cycle; named here because it is the one issue 10 saw.
    let workspace_to_handlers = edges
        .iter()
        .filter(|(n, _)| n.as_str() == "workspace" || n.starts_with("drafts"))
        .any(|(_, to)| {
            to.iter()
                .any(|t| t == "handlers" || t.starts_with("handlers::"))
        });
    assert!(!workspace_to_handlers, "workspace imports handlers");
}

#[test]
fn handlers_are_all_handlers() {
    let mods = modules(&lsp_dir());
    let server = &mods["server"];
    for name in mods.keys().filter_map(|m| m.strip_prefix("handlers::")) {
        assert!(
            server.contains(&format!("{name}::")),
            "handlers/{name}.rs is not called from server.rs: move it out of handlers/"
        );
    }
}

/// `workspace/didChangeWatchedFiles` used to run outside the guard.
#[test]
fn every_server_method_runs_under_the_guard() {
    let mods = modules(&lsp_dir());
    let server = &mods["server"];
    let mut n = 0;
    for m in server.split("async fn ").skip(1) {
        let name = m.split('(').next().unwrap();
        assert!(
            m.contains("guard::request(") || m.contains("guard::notification("),
            "server.rs: `{name}` does not run under guard.rs"
        );
        n += 1;
    }
    assert!(n >= 20, "found only {n} methods in server.rs");
}

#[test]
fn only_the_pipeline_publishes_diagnostics() {
    let mods = modules(&lsp_dir());
    let senders: Vec<&String> = mods
        .iter()
        .filter(|(_, source)| source.contains("publish_diagnostics("))
        .map(|(name, _)| name)
        .collect();
    assert!(!senders.is_empty(), "the checker found no publisher at all");
    for name in senders {
        assert!(
            name == "pipeline" || name.starts_with("pipeline::"),
            "{name} sends publishDiagnostics; only pipeline::publish/clear may (one road)"
        );
    }
}
