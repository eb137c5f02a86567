//! Diagnostic rules: one file per rule, listed in [`REGISTRY`].

use crate::{Diagnostic, Outline, Placeholder, Severity};

/// What a rule sees: the text and what the core found in it.
pub struct RuleContext<'a> {
    pub text: &'a str,
    pub outline: &'a Outline,
    pub placeholders: &'a [Placeholder],
}

/// A rule's identity and entry point.
pub struct RuleMeta {
    /// Stable code, used in configuration, JSON output and LSP `code`.
    pub code: &'static str,
    /// Short Chinese name.
    pub name: &'static str,
    pub default_severity: Severity,
    /// What it checks, one sentence.
    pub summary: &'static str,
    pub check: fn(&RuleContext, &mut Vec<Diagnostic>),
}

/// Every rule, sorted by code. Keep it sorted.
pub static REGISTRY: &[RuleMeta] = &[];

/// Looks a rule up by its code.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    REGISTRY.iter().find(|r| r.code == code)
}
