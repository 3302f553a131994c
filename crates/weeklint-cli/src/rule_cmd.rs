//! `weeklint rule NAME` / `--all`: the documentation compiled into the binary.

use std::fmt::Write as _;

use weeklint_core::registry;
use weeklint_core::rule::{FixAvailability, Rule};
use weeklint_core::suggest::closest;

/// The documentation of one rule, as Markdown.
pub fn render(rule: &dyn Rule) -> String {
    let meta = rule.meta();
    let severity = meta.default_severity.map_or("off", |s| match s {
        weeklint_core::Severity::Error => "error",
        weeklint_core::Severity::Warning => "warn",
    });
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

/// Documentation of every rule.
pub fn all() -> String {
    registry::RULES
        .iter()
        .map(|r| render(*r))
        .collect::<Vec<_>>()
        .join("\n")
}
