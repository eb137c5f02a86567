//! Everything outside the code that lists rules or configuration keys is
//! produced from the registry (`baogao::registry_docs`, `baogao::schema`):
//! these tests regenerate each piece and fail when the committed file
//! differs. `BAOGAO_BLESS=1 cargo test --test generated` rewrites the files
//! in place instead.

use std::path::{Path, PathBuf};

use baogao::registry_docs::{self, BEGIN, END};
use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn bless() -> bool {
    std::env::var_os("BAOGAO_BLESS").is_some_and(|v| v != "0")
}

/// Compares a committed file with what it should be, or rewrites it.
fn check_file(path: &str, want: &str) {
    let file = repo(path);
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    if have == want {
        return;
    }
    if bless() {
        std::fs::write(&file, want).unwrap();
        eprintln!("rewrote {path}");
        return;
    }
    let first = have
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(have.lines().count().min(want.lines().count()));
    panic!(
        "{path} is out of date with the rule registry (first difference at line {}); \
         run `BAOGAO_BLESS=1 cargo test --test generated` and commit the result",
        first + 1
    );
}

fn check_markers(path: &str, content: &str) {
    let have = std::fs::read_to_string(repo(path)).unwrap();
    let want = registry_docs::replace_between(&have, BEGIN, END, content)
        .unwrap_or_else(|| panic!("{path} has no {BEGIN} … {END} markers"));
    check_file(path, &want);
}

#[test]
fn readme_rule_table() {
    check_markers("README.md", &registry_docs::readme_table());
}

#[test]
fn vscode_readme_rule_table() {
    check_markers(
        "editors/vscode/README.md",
        &registry_docs::vscode_readme_table(),
    );
}

#[test]
fn nvim_readme_rule_list() {
    check_markers("editors/nvim/README.md", &registry_docs::nvim_list());
}

#[test]
fn vscode_rule_settings() {
    let path = "editors/vscode/package.json";
    let have = std::fs::read_to_string(repo(path)).unwrap();
    let span = registry_docs::package_json_rules_span(&have)
        .expect("package.json has baogao.rules.* settings in one block");
    let want = format!(
        "{}{}{}",
        &have[..span.start],
        registry_docs::vscode_rule_settings_text(),
        &have[span.end..]
    );
    check_file(path, &want);
    // The file as a whole: valid JSON, one setting per rule and family and
    // no other baogao.rules.* key, and the schema contributed for baogao.toml.
    let json: Value = serde_json::from_str(&std::fs::read_to_string(repo(path)).unwrap())
        .expect("package.json is JSON");
    let properties = json["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    let rules: Vec<(String, Value)> = properties
        .iter()
        .filter(|(k, _)| k.starts_with("baogao.rules."))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(rules, registry_docs::vscode_rule_settings());
    assert_eq!(
        json["contributes"]["tomlValidation"],
        serde_json::json!([{ "fileMatch": "baogao.toml", "url": "./baogao.schema.json" }])
    );
}

#[test]
fn json_schema_files() {
    let schema = baogao::schema::schema_text();
    check_file("baogao.schema.json", &schema);
    // The copy the VS Code extension ships.
    check_file("editors/vscode/baogao.schema.json", &schema);
}

/// Configurations as TOML, whether `baogao.toml` accepts them.
fn samples() -> Vec<(String, bool)> {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let example = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the README's baogao.toml example")
        .to_string();
    let mut out = vec![(example, true), (String::new(), true)];
    for (toml, ok) in [
        (
            "[rules]\n\"numbering-*\" = \"off\"\nplaceholder = \"error\"\n",
            true,
        ),
        (
            "[numbering]\nseparator = \"、\"\nbracket = \"half\"\n",
            true,
        ),
        (
            "[files]\nmax_size_kb = 10\ninclude = [\"**/*.TXT\"]\n",
            true,
        ),
        (
            "[rules]\nplaceholder = \"warn\"\nenumeration = \"info\"\n",
            true,
        ),
        ("[rules]\nplaceholder = \"loud\"\n", false),
        ("[rules]\nno-such-rule = \"off\"\n", false),
        ("[numbering]\nstyel = \"strict\"\n", false),
        ("[numbering]\nstyle = \"loose\"\n", false),
        ("[messages]\nlanguage = \"fr\"\n", false),
        ("[files]\nmax_size_kb = \"big\"\n", false),
        ("[placeholder]\nallow = \"XX联盟\"\n", false),
        ("[other]\nx = 1\n", false),
    ] {
        out.push((toml.to_string(), ok));
    }
    out
}

/// The samples are what the parser says they are (the glob key, which the
/// core resolves, aside).
#[test]
fn samples_agree_with_the_parser() {
    for (toml, ok) in samples() {
        let parsed = baogao::config::parse(Path::new("baogao.toml"), &toml);
        if toml.contains("numbering-*") {
            continue;
        }
        assert_eq!(parsed.is_ok(), ok, "{toml}: {parsed:?}");
    }
}

/// The schema is a valid draft-07 schema, accepts what baogao accepts and
/// rejects what it rejects, checked with Python's `jsonschema` where it is
/// installed (`pip install jsonschema`); skipped loudly otherwise.
#[test]
fn schema_validates_the_samples_with_python_jsonschema() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: python3 with jsonschema is not installed");
        return;
    }
    let samples: Vec<Value> = samples()
        .into_iter()
        .map(|(toml, ok)| {
            let table: toml::Table = toml::from_str(&toml).unwrap();
            serde_json::json!({ "config": table, "ok": ok, "toml": toml })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("samples.json");
    std::fs::write(
        &input,
        serde_json::to_string(&serde_json::json!({
            "schema": baogao::schema::schema(),
            "samples": samples,
        }))
        .unwrap(),
    )
    .unwrap();
    let script = r#"
import json, sys, jsonschema
data = json.load(open(sys.argv[1], encoding="utf-8"))
schema = data["schema"]
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
bad = []
for s in data["samples"]:
    errors = list(v.iter_errors(s["config"]))
    if (not errors) != s["ok"]:
        bad.append((s["toml"], [e.message for e in errors]))
if bad:
    print(json.dumps(bad, ensure_ascii=False, indent=1))
    sys.exit(1)
print(len(data["samples"]), "samples agree")
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
