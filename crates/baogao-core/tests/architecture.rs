//! Architecture checks that read the core's own sources.
//!
//! - No import cycle among the core's top-level modules (`rules/*` counts as
//!   one module, `rules`): a module's imports are the `crate::…` paths in its
//!   files, names re-exported from `lib.rs` resolved to the module defining them.
//! - The core's `[dependencies]` are exactly the crates ARCHITECTURE.md's
//!   invariant names ("The core depends on `regex` and `memchr` only").

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read the core's sources")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The source without `//` comments (doc links are not imports).
fn code(source: &str) -> String {
    source
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of each item of a `use` tree body: `a::b, c, d::{e}`.
fn heads(tree: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    let bytes = tree.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                out.push(tree[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(tree[start..].to_string());
    out.into_iter()
        .map(|item| {
            let item = item.trim();
            let end = item
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(item.len());
            item[..end].to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every name that follows `crate::` in the code: `crate::fix::Edit` gives
/// `fix`, `crate::{Analysis, fix::Edit}` gives `Analysis` and `fix`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let preceded = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[i + "crate::".len()..];
        if preceded {
            continue;
        }
        if let Some(body) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(body.len(), |(j, _)| j);
            out.extend(heads(&body[..end]));
        } else {
            out.extend(heads(
                rest.split([';', '\n', ' ', '(', ')', '<', '>', ','])
                    .next()
                    .unwrap_or(""),
            ));
        }
    }
    out
}

/// The names `lib.rs` re-exports from each module (`pub use heading::{Bracket, …}`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(at) = stmt.find("pub use ") else {
            continue;
        };
        let path = stmt[at + "pub use ".len()..].trim();
        let Some((module, names)) = path.split_once("::") else {
            continue;
        };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in heads(names) {
            out.insert(name, module.trim().to_string());
        }
    }
    out
}

/// The import graph among the core's top-level modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let lib = code(&std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs"));
    let names = reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let module_of = |p: &Path| -> Option<String> {
        let rel = p.strip_prefix(&src).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?;
        let m = first.trim_end_matches(".rs").to_string();
        (m != "lib").then_some(m)
    };
    let modules: BTreeSet<String> = files.iter().filter_map(|p| module_of(p)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &files {
        let Some(from) = module_of(p) else {
            continue;
        };
        let source = code(&std::fs::read_to_string(p).expect("a source file"));
        let deps = g.entry(from.clone()).or_default();
        for head in crate_paths(&source) {
            let to = if modules.contains(&head) {
                head
            } else if let Some(m) = names.get(&head) {
                m.clone()
            } else {
                // Defined in lib.rs itself (`Config`, `analyze`): the root.
                continue;
            };
            if to != from {
                deps.insert(to);
            }
        }
    }
    g
}

/// A cycle in `g`, as the path of modules around it.
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let i = path.iter().position(|x| x == m).unwrap_or(0);
                    let mut cycle = path[i..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn core_modules_import_each_other_without_cycles() {
    let g = graph();
    // The graph is really built: these edges exist.
    assert!(g["fix"].contains("rules"), "{g:#?}");
    assert!(g["rules"].contains("edit"), "{g:#?}");
    assert!(g["outline"].contains("heading"), "{g:#?}");
    assert!(!g["rules"].contains("fix"), "rules must not use crate::fix");
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle among core modules: {}", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g).map(|c| c.join(" → ")),
        Some("a → b → c → a".to_string())
    );
    assert_eq!(
        crate_paths(
            "use crate::{Analysis, fix::{Edit, Fix}, rules};\nlet x = crate::text::excerpt(s);"
        ),
        ["Analysis", "fix", "rules", "text"]
    );
}

#[test]
fn dependencies_are_the_ones_architecture_md_names() {
    let doc =
        std::fs::read_to_string(root().join("../../ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let line = doc
        .lines()
        .find(|l| l.contains("The core depends on"))
        .expect(
        "ARCHITECTURE.md names the core's dependencies in a line \"The core depends on `…` only\"",
    );
    let named: BTreeSet<String> = line[..line.find(" only").expect("“… only”")]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let mut in_deps = false;
    let mut actual = BTreeSet::new();
    for l in manifest.lines() {
        let l = l.trim();
        if l.starts_with('[') {
            in_deps = l == "[dependencies]";
        } else if in_deps && !l.is_empty() && !l.starts_with('#') {
            if let Some((name, _)) = l.split_once('=') {
                actual.insert(name.trim().to_string());
            }
        }
    }
    assert_eq!(
        actual, named,
        "crates/baogao-core/Cargo.toml [dependencies] vs ARCHITECTURE.md: {line}"
    );
}
