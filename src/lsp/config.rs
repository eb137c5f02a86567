//! Settings of the language server, read leniently from JSON.
//!
//! They come from `initializationOptions` and from the `baogao` section of
//! `workspace/configuration` (and `workspace/didChangeConfiguration`). Both
//! `{"diagnostics": …}` and `{"baogao": {"diagnostics": …}}` are accepted.
//! Every field is optional; `null`, a missing field or a value of the wrong
//! type leaves the default in place, so a half-written settings file never
//! stops the server.
//!
//! ```json
//! {
//!   "diagnostics": { "enable": true, "debounceMs": 150 },
//!   "rules": { "placeholder": "error", "numbering-gap": "off" },
//!   "placeholder": { "allow": ["XX联盟"] }
//! }
//! ```

use std::time::Duration;

use baogao_core::{Config, DocumentKind, Severity};
use serde_json::Value;

/// Default pause after the last keystroke before diagnostics are computed.
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

/// Default `diagnostics.max`: diagnostics sent per file before a summary.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1000;

/// Default `diagnostics.maxFileKb`: text past this many KiB is outlined but not checked.
pub const DEFAULT_MAX_FILE_KB: usize = 5120;

/// The largest debounce accepted; larger values are clamped.
const MAX_DEBOUNCE_MS: u64 = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `diagnostics.enable`: publish (or answer) diagnostics at all.
    pub diagnostics_enabled: bool,
    /// `diagnostics.debounceMs`: 0 analyses on every change.
    pub debounce: Duration,
    /// `rules.<code>`: `"off"` or a severity (`error`, `warning`, `information`, `hint`).
    pub rule_overrides: Vec<(String, Option<Severity>)>,
    /// `placeholder.allow`: text that is never a placeholder.
    pub placeholder_allow: Vec<String>,
    /// `codeLens.charCount`: show each top-level section's 字数 above it.
    pub char_count_lens: bool,
    /// `diagnostics.max`: at most this many diagnostics per file, then one summary.
    pub max_diagnostics: usize,
    /// `diagnostics.maxFileKb`: diagnostics only in the first this many KiB.
    pub max_file_kb: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            diagnostics_enabled: true,
            debounce: Duration::from_millis(DEFAULT_DEBOUNCE_MS),
            rule_overrides: Vec::new(),
            placeholder_allow: Vec::new(),
            char_count_lens: true,
            max_diagnostics: DEFAULT_MAX_DIAGNOSTICS,
            max_file_kb: DEFAULT_MAX_FILE_KB,
        }
    }
}

impl Settings {
    /// Reads settings from any JSON value; what cannot be read is left at its default.
    pub fn from_json(value: Option<&Value>) -> Settings {
        let mut settings = Settings::default();
        settings.merge(value);
        settings
    }

    /// Overrides the fields present in `value`.
    pub fn merge(&mut self, value: Option<&Value>) {
        let Some(value) = value else { return };
        let value = value.get("baogao").unwrap_or(value);
        if let Some(on) = value
            .pointer("/diagnostics/enable")
            .and_then(Value::as_bool)
        {
            self.diagnostics_enabled = on;
        }
        if let Some(ms) = value
            .pointer("/diagnostics/debounceMs")
            .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64)))
        {
            self.debounce = Duration::from_millis(ms.min(MAX_DEBOUNCE_MS));
        }
        if let Some(n) = value.pointer("/diagnostics/max").and_then(Value::as_u64) {
            self.max_diagnostics = usize::try_from(n).unwrap_or(usize::MAX);
        }
        if let Some(n) = value
            .pointer("/diagnostics/maxFileKb")
            .and_then(Value::as_u64)
        {
            self.max_file_kb = usize::try_from(n).unwrap_or(usize::MAX);
        }
        if let Some(on) = value
            .pointer("/codeLens/charCount")
            .and_then(Value::as_bool)
        {
            self.char_count_lens = on;
        }
        if let Some(rules) = value.get("rules").and_then(Value::as_object) {
            self.rule_overrides = rules
                .iter()
                .filter_map(|(code, v)| {
                    let s = v.as_str()?;
                    let severity = if s == "off" {
                        None
                    } else {
                        Some(Severity::parse(s)?)
                    };
                    Some((code.clone(), severity))
                })
                .collect();
        }
        if let Some(allow) = value
            .pointer("/placeholder/allow")
            .and_then(Value::as_array)
        {
            self.placeholder_allow = allow
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
        }
    }

    /// `diagnostics.maxFileKb` in bytes.
    pub fn max_file_bytes(&self) -> usize {
        self.max_file_kb.saturating_mul(1024)
    }

    /// The core configuration for a document of `kind`: the built-in
    /// defaults, then the document's `baogao.toml` (`project`), then the
    /// editor's settings (a rule the editor leaves at `"default"` or unset
    /// keeps the file's choice).
    pub fn core_config(
        &self,
        project: Option<&crate::config::Settings>,
        kind: DocumentKind,
    ) -> Config {
        let mut config = match project {
            Some(project) => project.core_config(kind),
            None => Config::for_kind(kind),
        };
        // Later overrides win (`Config::severity_of` looks from the end).
        config
            .rule_overrides
            .extend(self.rule_overrides.iter().cloned());
        config
            .placeholder_allow
            .extend(self.placeholder_allow.iter().cloned());
        config
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nulls_and_wrong_types_keep_defaults() {
        assert_eq!(Settings::from_json(None), Settings::default());
        assert_eq!(Settings::from_json(Some(&Value::Null)), Settings::default());
        let s = Settings::from_json(Some(&json!({
            "diagnostics": { "debounceMs": "fast", "enable": null },
            "rules": null,
            "placeholder": { "allow": [1, "XX联盟", null] }
        })));
        assert_eq!(s.debounce, Duration::from_millis(DEFAULT_DEBOUNCE_MS));
        assert!(s.diagnostics_enabled);
        assert_eq!(s.placeholder_allow, vec!["XX联盟".to_string()]);
    }

    #[test]
    fn reads_nested_section_and_rules() {
        let s = Settings::from_json(Some(&json!({
            "baogao": {
                "diagnostics": { "debounceMs": 0 },
                "rules": { "placeholder": "error", "numbering-gap": "off", "x": "loud" }
            }
        })));
        assert_eq!(s.debounce, Duration::ZERO);
        assert_eq!(
            s.rule_overrides,
            vec![
                ("numbering-gap".to_string(), None),
                ("placeholder".to_string(), Some(Severity::Error)),
            ]
        );
    }
}
