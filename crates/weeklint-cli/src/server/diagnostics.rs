//! weeklint's diagnostics as the protocol's: a range in the client's
//! units, the severity, the rule as the code with a link to its
//! documentation, the help notes in the message, the labels as related
//! information.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use weeklint_core::{Diagnostic, Severity, registry};

use super::text::Encoding;
use super::workspace::{Linted, Skip, path_uri};
use crate::project::LoadError;
use crate::read::ReadError;

/// Where the rules' sources are: each rule's documentation is the doc
/// comment at the top of its file (what `weeklint rule NAME` prints).
const RULES_SOURCE: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/crates/weeklint-core/src/rules/"
);

/// What the client shows of diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shown {
    /// Secondary locations.
    pub related: bool,
    /// A link for the code.
    pub code_links: bool,
}

/// The protocol's diagnostic for `d` of the document `uri`.
pub(crate) fn to_lsp(
    d: &Diagnostic,
    linted: &Linted,
    uri: &Uri,
    enc: Encoding,
    shown: Shown,
) -> lsp_types::Diagnostic {
    let text = linted.source.text();
    let mut message = d.message.clone();
    for help in &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = (shown.related && !d.labels.is_empty()).then(|| {
        d.labels
            .iter()
            .map(|l| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), linted.lines.range(text, &l.span, enc)),
                message: l.message.clone(),
            })
            .collect()
    });
    lsp_types::Diagnostic {
        range: linted.lines.range(text, &d.span, enc),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: shown.code_links.then(|| rule_link(d.rule)).flatten(),
        source: Some("weeklint".to_string()),
        message,
        related_information: related,
        tags: None,
        data: None,
    }
}

/// The link to `rule`'s documentation; none for what is not a rule
/// (`config`, `io-error`).
fn rule_link(rule: &str) -> Option<CodeDescription> {
    registry::find(rule)?;
    let href = format!("{RULES_SOURCE}{}.rs", rule.replace('-', "_"))
        .parse()
        .ok()?;
    Some(CodeDescription { href })
}

/// The diagnostics of a lint, or the one that says why there was none.
pub(crate) fn of(
    linted: &Linted,
    uri: &Uri,
    enc: Encoding,
    shown: Shown,
) -> Vec<lsp_types::Diagnostic> {
    match &linted.setup {
        Ok(_) => linted
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, linted, uri, enc, shown))
            .collect(),
        Err(Skip::Excluded) => Vec::new(),
        Err(skip) => vec![skipped(skip, enc, shown)],
    }
}

/// Why a document was not checked, at its start.
fn skipped(skip: &Skip, enc: Encoding, shown: Shown) -> lsp_types::Diagnostic {
    let start = Range::new(Position::new(0, 0), Position::new(0, 0));
    let (code, message, related) = match skip {
        Skip::Excluded => ("excluded", String::new(), None),
        Skip::TooLarge { size, max } => (
            "io-error",
            format!(
                "weeklint did not check this document: it is {}, larger than files.max-size ({} MB)",
                megabytes(*size),
                max >> 20
            ),
            None,
        ),
        Skip::Config(e) => config_problem(e, enc),
        Skip::Failed(why) => (
            "internal-error",
            format!("weeklint failed on this document ({why}); please report it"),
            None,
        ),
    };
    lsp_types::Diagnostic {
        range: start,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("weeklint".to_string()),
        message,
        related_information: related.filter(|_| shown.related),
        ..lsp_types::Diagnostic::default()
    }
}

/// `size` bytes, in MB with one decimal.
fn megabytes(size: usize) -> String {
    format!("{:.1} MB", size as f64 / f64::from(1 << 20))
}

type Problem = (
    &'static str,
    String,
    Option<Vec<DiagnosticRelatedInformation>>,
);

/// A lint.toml that cannot be used: what is wrong, and where.
fn config_problem(e: &LoadError, enc: Encoding) -> Problem {
    let path = e.path();
    let name = path.display();
    match e {
        LoadError::Read(_, ReadError::Io(reason)) => (
            "config",
            format!("weeklint did not check this document: cannot read {name}: {reason}"),
            None,
        ),
        LoadError::Read(_, ReadError::Content(what)) => (
            "config",
            format!("weeklint did not check this document: {name} {what}"),
            None,
        ),
        LoadError::Invalid { text, errors, .. } => {
            let first = errors
                .first()
                .map(|e| e.message.as_str())
                .unwrap_or_default();
            let more = match errors.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let lines = super::text::Lines::new(text);
            let related = path_uri(path).map(|uri| {
                errors
                    .iter()
                    .map(|err| {
                        let span = err.span.clone().unwrap_or(0..0);
                        let mut message = err.message.clone();
                        if let Some(help) = &err.help {
                            message.push_str("; ");
                            message.push_str(help);
                        }
                        DiagnosticRelatedInformation {
                            location: Location::new(uri.clone(), lines.range(text, &span, enc)),
                            message,
                        }
                    })
                    .collect()
            });
            (
                "config",
                format!("weeklint did not check this document: {name} has problems: {first}{more}"),
                related,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_links_to_the_file_that_documents_it() {
        let rules =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../weeklint-core/src/rules");
        for name in registry::names() {
            let href = rule_link(name).expect(name).href;
            let file = href.as_str().rsplit('/').next().unwrap_or_default();
            assert!(rules.join(file).is_file(), "{name}: {}", href.as_str());
        }
        assert!(rule_link("io-error").is_none());
    }
}
