//! `weeklint rule NAME` / `--all`: the documentation compiled into the binary.

use std::fmt::Write as _;

use weeklint_core::registry;
use weeklint_core::rule::{FixAvailability, Rule, RuleMeta};
use weeklint_core::suggest::closest;

/// The documentation of one rule, as Markdown.
pub fn render(rule: &dyn Rule) -> String {
    let meta = rule.meta();
    let severity = default_severity(meta);
    let fix = match meta.fix {
        FixAvailability::None => "none",
        FixAvailability::Safe => "safe (applied by --fix)",
        FixAvailability::Unsafe => "unsafe (needs --unsafe-fixes)",
        FixAvailability::SafeOrUnsafe => {
            "safe or unsafe (safe when unambiguous; a guess needs --unsafe-fixes)"
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", meta.name);
    let _ = writeln!(out, "Default severity: {severity}. Fix: {fix}.\n");
    out.push_str(meta.doc().trim_end());
    out.push('\n');
    out
}

/// The default severity as lint.toml writes it: `error`, `warn` or `off`.
fn default_severity(meta: &RuleMeta) -> &'static str {
    meta.default_severity.map_or("off", |s| match s {
        weeklint_core::Severity::Error => "error",
        weeklint_core::Severity::Warning => "warn",
    })
}

/// Documentation of the rule named `name`, or an error naming the nearest.
pub fn lookup(name: &str) -> Result<String, String> {
    match registry::find(name) {
        Some(rule) => Ok(render(rule)),
        None => Err(match closest(name, registry::names()) {
            Some(s) => format!("unknown rule `{name}`; did you mean `{s}`?"),
            None => format!("unknown rule `{name}`; `weeklint rule --all` lists the rules"),
        }),
    }
}

/// `weeklint rule` with no name: a line per rule (name, default
/// severity, what it checks), then how to see more.
pub fn list() -> String {
    let width = registry::names().map(str::len).max().unwrap_or(0);
    let mut out = String::new();
    for rule in registry::RULES {
        let meta = rule.meta();
        let severity = default_severity(meta);
        let _ = writeln!(
            out,
            "{:<width$}  {severity:<5}  {}",
            meta.name,
            one_line(&meta.summary())
        );
    }
    out.push_str(
        "\n`weeklint rule NAME` shows a rule's documentation; `weeklint rule --all` shows them all.\n\
         lint.toml sets a rule's severity under [rules]: \"error\", \"warn\" (or \"warning\"), or \"off\".\n",
    );
    out
}

/// The gist of a rule's summary: its first sentence, up to a colon, without
/// parentheses (`Checks that no dated heading is after today (the local
/// date), with …: …` → `Checks that no dated heading is after today, with …`).
pub(crate) fn one_line(summary: &str) -> String {
    let sentence = summary.split(". ").next().unwrap_or(summary);
    let sentence = sentence.split(": ").next().unwrap_or(sentence);
    let mut out = String::with_capacity(sentence.len());
    let mut depth = 0usize;
    for c in sentence.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // `today (the local date), with` → `today, with`; `text (…).` → `text`.
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = out.replace(" ,", ",").replace(" .", ".");
    out.trim_end_matches(['.', ',']).to_string()
}

/// Documentation of every rule.
pub fn all() -> String {
    registry::RULES
        .iter()
        .map(|r| render(*r))
        .collect::<Vec<_>>()
        .join("\n")
}
