//! What rules report: a diagnostic with spans, labels, help and an
//! optional fix.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// How serious a diagnostic is. A rule that is off emits nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Reported; does not fail the run.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `--fix` applies a fix on its own, or only with `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning; applied by `--fix`.
    Safe,
    /// A guess, or may change meaning; needs `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes in `range` with `content`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// The replacement.
    pub content: String,
}

impl Edit {
    /// Replace `range` with `content`.
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }

    /// Insert `content` at `offset`.
    pub fn insert(offset: usize, content: impl Into<String>) -> Self {
        Edit::replace(offset..offset, content)
    }
}

/// A set of edits applied together, or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// What the fix does, e.g. `insert a space after ##`.
    pub title: String,
    /// The edits; they must not overlap. Shared: several diagnostics can
    /// carry one fix (a reorder of sections) without copying its text.
    pub edits: Arc<[Edit]>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            applicability: Applicability::Safe,
            title: title.into(),
            edits: edits.into(),
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            applicability: Applicability::Unsafe,
            title: title.into(),
            edits: edits.into(),
        }
    }
}

/// A secondary span with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's kebab-case name.
    pub rule: &'static str,
    /// Set from the configuration when the rule runs. A rule may make a
    /// diagnostic a warning before that ([`Diagnostic::at_most_warning`]):
    /// the configured severity then applies only if it is lower.
    pub severity: Severity,
    /// Matter of fact: what is wrong and where; no capital, no final period.
    pub message: String,
    /// The primary span, a byte range in the source.
    pub span: Range<usize>,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// `help:` notes.
    pub help: Vec<String>,
    /// How to repair it, if weeklint can.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`.
    pub fn new(rule: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: Vec::new(),
            fix: None,
        }
    }

    /// Add a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Add a `help:` note.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// A warning even when the rule's severity is `error`: a lesser case of
    /// the rule's problem (`version-link`'s unused definition).
    #[must_use]
    pub fn at_most_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Attach a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
