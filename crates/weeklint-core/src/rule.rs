//! What a rule is: metadata compiled from its doc comment, and a check.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::changelog::{Changelog, is_changelog};
use crate::config::Settings;
use crate::date::{DateForm, FileDates, HeadingDate};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Heading, ProjectNeeds};
use crate::linter::LintEnv;
use crate::source::Source;

/// Which fixes a rule can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// The rule never offers a fix.
    None,
    /// Every fix it offers is safe.
    Safe,
    /// Every fix it offers is unsafe.
    Unsafe,
    /// Safe when unambiguous, unsafe when a guess.
    SafeOrUnsafe,
}

impl FixAvailability {
    /// Whether the rule may offer a fix of this applicability.
    pub fn allows(self, applicability: crate::Applicability) -> bool {
        use crate::Applicability::{Safe, Unsafe};
        matches!(
            (self, applicability),
            (FixAvailability::Safe, Safe)
                | (FixAvailability::Unsafe, Unsafe)
                | (FixAvailability::SafeOrUnsafe, _)
        )
    }
}

/// A rule's name, defaults and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case name: the stable identifier in config, comments and output.
    pub name: &'static str,
    /// Severity when the configuration says nothing; `None` is off.
    pub default_severity: Option<Severity>,
    /// Severity when a rule that is off by default is turned on by `--select`.
    pub selected_severity: Severity,
    /// Which fixes it offers.
    pub fix: FixAvailability,
    /// The doc comment, Markdown with `## What it does`, `## Why is this bad?`, ….
    pub doc: &'static str,
    /// The rule looks at the whole run ([`Rule::check_project`]): the
    /// parsed files must be kept until every file is linted.
    pub project: bool,
}

impl RuleMeta {
    /// The first paragraph of `## What it does`, on one line.
    pub fn summary(&self) -> String {
        let section = self.section("What it does").unwrap_or_default();
        section
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The text of the `## TITLE` section, trimmed.
    pub fn section(&self, title: &str) -> Option<String> {
        let doc = self.doc();
        let header = format!("## {title}\n");
        let start = doc.find(&header)? + header.len();
        let end = doc[start..].find("\n## ").map_or(doc.len(), |i| start + i);
        Some(doc[start..end].trim().to_string())
    }

    /// The documentation with the one-space indent of `///` removed.
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// Start a diagnostic of this rule.
    pub fn diagnostic(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.name, span, message)
    }
}

/// Everything a rule may look at while checking one file.
pub struct Context<'a> {
    /// The file's text.
    pub source: &'a Source,
    /// The parsed document.
    pub doc: &'a Document,
    /// Effective settings for this file.
    pub settings: &'a Settings,
    /// What the run knows beyond this file (today, the project root, …).
    pub env: &'a LintEnv,
    /// The file's path: as opened, or as named by `--stdin-filename`.
    pub path: &'a Path,
    /// The headings' dates, read once for the rules that need them.
    dates: OnceLock<FileDates>,
    /// The release headings, if the file is a changelog: read once.
    changelog: OnceLock<Option<Changelog>>,
    /// Sibling groups of dated headings, worked out once for the rules
    /// that need them.
    dated_groups: OnceLock<Vec<Vec<usize>>>,
    /// Where the file's image paths start from, for the image rules.
    image_bases: OnceLock<crate::fs::ImageBases>,
}

impl<'a> Context<'a> {
    /// The context for checking one file.
    pub fn new(
        source: &'a Source,
        doc: &'a Document,
        settings: &'a Settings,
        env: &'a LintEnv,
        path: &'a Path,
    ) -> Self {
        Context {
            source,
            doc,
            settings,
            env,
            path,
            dates: OnceLock::new(),
            changelog: OnceLock::new(),
            dated_groups: OnceLock::new(),
            image_bases: OnceLock::new(),
        }
    }
}

impl Context<'_> {
    /// The dates of the file's headings, whatever their level.
    pub fn dates(&self) -> &FileDates {
        self.dates.get_or_init(|| {
            let changelog = self.changelog().is_some();
            FileDates::read(self.doc, self.path, &self.settings.dates, changelog)
        })
    }

    /// The file's release headings, if it is a changelog: named so, listed
    /// in `changelog.files`, or holding an `[Unreleased]` heading.
    pub fn changelog(&self) -> Option<&Changelog> {
        self.changelog
            .get_or_init(|| {
                let listed = self.settings.changelog.listed;
                (listed || is_changelog(self.path, self.doc)).then(|| Changelog::new(self.doc))
            })
            .as_ref()
    }

    /// The date of heading `index`, if it is a dated heading under
    /// `dates.heading-level`.
    pub fn date(&self, index: usize) -> Option<&HeadingDate> {
        let level = self.settings.dates.heading_level;
        self.dates().get(index).filter(|_| {
            level.is_none_or(|l| self.doc.headings.get(index).is_some_and(|h| h.level == l))
        })
    }

    /// Whether heading `index` is a dated heading under `dates.heading-level`.
    pub fn is_dated(&self, index: usize) -> bool {
        self.date(index).is_some()
    }

    /// The form this file's dated headings are held to: `dates.format`,
    /// or with `auto` the form most of them use (`None` when none fits).
    pub fn date_form(&self) -> Option<DateForm> {
        crate::rules::expected_date_form(self)
    }

    /// Dated headings under `dates.heading-level`, in document order, with
    /// their indices and dates.
    pub fn dated_headings(&self) -> impl Iterator<Item = (usize, &Heading, &HeadingDate)> + '_ {
        let headings = self.doc.headings.all();
        self.dates()
            .iter()
            .filter(|(i, _)| self.is_dated(*i))
            .map(move |(i, d)| (i, &headings[i], d))
    }

    /// The date of heading `index` as written (`2023.6.18`, `June 18`).
    pub fn date_text(&self, index: usize) -> &str {
        let (Some(h), Some(d)) = (self.doc.headings.get(index), self.dates().get(index)) else {
            return "";
        };
        self.doc
            .headings
            .text(h)
            .get(d.token.clone())
            .unwrap_or_default()
    }

    /// Where a diagnostic about heading `index`'s date points: the date
    /// token if known, else the heading's first line.
    pub fn date_span(&self, index: usize) -> std::ops::Range<usize> {
        let h = &self.doc.headings.all()[index];
        self.dates()
            .get(index)
            .and_then(|d| d.span.clone())
            .unwrap_or_else(|| h.line())
    }

    /// Groups of sibling dated headings.
    pub fn dated_sibling_groups(&self) -> &[Vec<usize>] {
        self.dated_groups.get_or_init(|| {
            let dates = self.dates();
            let level = self.settings.dates.heading_level;
            self.doc
                .headings
                .sibling_groups(|i, h| dates.get(i).is_some() && level.is_none_or(|l| l == h.level))
        })
    }

    /// Where the file's image paths start from, worked out once for the
    /// rules that resolve them.
    pub fn image_bases(&self) -> &crate::fs::ImageBases {
        self.image_bases
            .get_or_init(|| crate::fs::ImageBases::new(self.env, self.path))
    }

    /// The file-system view images are resolved against.
    pub fn fs(&self) -> &dyn crate::fs::FsView {
        self.env.fs.as_ref()
    }
}

/// One linted file, as the project pass sees it.
#[derive(Clone, Copy)]
pub struct ProjectFile<'a> {
    /// The file's path: as opened, or as named by `--stdin-filename`.
    pub path: &'a Path,
    /// The file's text.
    pub source: &'a Source,
    /// The parsed document.
    pub doc: &'a Document,
    /// Effective settings for this file.
    pub settings: &'a Settings,
}

/// Everything a project-level rule may look at: every file of the run.
pub struct ProjectContext<'a> {
    /// The linted files.
    pub files: &'a [ProjectFile<'a>],
    /// What the run knows (root, file-system view, network).
    pub env: &'a LintEnv,
    /// Whether the run covers the whole project, not just some paths in it.
    pub whole_project: bool,
    /// Effective settings for a path that is not one of `files` (an image).
    pub settings_for: &'a (dyn Fn(&Path) -> Settings + Sync),
}

/// What project-level rules report.
#[derive(Debug, Default)]
pub struct ProjectOutput {
    /// Diagnostics in linted files, by index into [`ProjectContext::files`].
    pub in_files: Vec<(usize, Diagnostic)>,
    /// Diagnostics about a path that is not a linted file (an unused
    /// image); the span is empty, at the start.
    pub at_paths: Vec<(PathBuf, Diagnostic)>,
    /// Things the user should know that are not diagnostics.
    pub notes: Vec<String>,
}

/// A lint rule. Each lives in its own file under `rules/`, named after it.
pub trait Rule: Sync + Send {
    /// Name, defaults and documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Report what is wrong in one file.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
    /// Report what needs every file of the run; runs once, after every
    /// file's [`Rule::check`]. Severity and suppressions are applied by
    /// the caller, per file (or per path).
    fn check_project(&self, _cx: &ProjectContext<'_>, _out: &mut ProjectOutput) {}
    /// Whether [`Rule::check_project`] needs the file whose document is
    /// `doc` and text `text`: only then is it kept until every file is
    /// linted. A rule that looks at every file needs every one.
    fn needs_document(&self, _doc: &Document, _text: &str) -> bool {
        true
    }
    /// What [`Rule::check_project`] reads of a document it needs.
    fn project_needs(&self) -> ProjectNeeds {
        ProjectNeeds::ALL
    }
}

/// Declare a rule type whose doc comment becomes its documentation.
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct DateOrder {
///         name: "date-order",
///         severity: Error,
///         fix: Safe,
///     }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub struct $ty:ident {
            name: $name:literal,
            severity: $sev:ident,
            $(selected: $selected:ident,)?
            fix: $fix:ident
            $(, project: $project:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $ty;

        impl $ty {
            /// Name, defaults and documentation of this rule.
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                name: $name,
                default_severity: declare_rule!(@sev $sev),
                selected_severity: declare_rule!(@selected $sev $(, $selected)?),
                fix: $crate::rule::FixAvailability::$fix,
                doc: concat!($($doc, "\n"),+),
                project: declare_rule!(@project $($project)?),
            };
        }
    };
    (@project) => { false };
    (@project $project:literal) => { $project };
    (@sev Off) => { None };
    (@sev $sev:ident) => { Some($crate::diagnostic::Severity::$sev) };
    (@selected $sev:ident, $selected:ident) => { $crate::diagnostic::Severity::$selected };
    (@selected Off) => { $crate::diagnostic::Severity::Warning };
    (@selected $sev:ident) => { $crate::diagnostic::Severity::$sev };
}
pub(crate) use declare_rule;
