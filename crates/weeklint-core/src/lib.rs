//! weeklint's library: the document model, the rules, diagnostics, fixes
//! and configuration. It does no I/O: what the rules ask of the outside
//! world (folders, git, the network) they ask the views they are handed
//! (weeklint-env answers from the disk), and it never prints.
//!
//! ```
//! use std::path::Path;
//! use std::sync::Arc;
//! use weeklint_core::fs::MemoryFs;
//! use weeklint_core::{LintEnv, NaiveDate, Settings, Source, lint_source};
//!
//! let source = Source::new("# Log\n\n## 2023.6.18\n\n## 2023.5.22\n\n##2023.6.10\n".to_string());
//! let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! let env = LintEnv::new(today, "/journal", Arc::new(MemoryFs::new()));
//! let diagnostics = lint_source(&source, Path::new("log.md"), &Settings::default(), &env);
//! let found: Vec<(&str, usize)> = diagnostics
//!     .iter()
//!     .map(|d| (d.rule, source.line_col(d.span.start).line))
//!     .collect();
//! // Without its space, `##2023.6.10` is text, not a heading.
//! assert_eq!(found, [("heading-space", 7)]);
//! ```
#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

pub mod changelog;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod fs;
pub mod infer;
pub mod linter;
pub mod net;
pub mod outline;
pub mod pages;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod source;
pub mod suggest;
#[cfg(test)]
mod test_util;

pub use chrono::NaiveDate;
pub use config::{Config, ConfigError, Settings};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use document::Document;
pub use fix::{FixError, FixMode, Fixed, fix_source};
pub use linter::{LintEnv, ProjectReport, check_document, check_project, lint_source};
pub use rule::{ProjectContext, ProjectFile, Rule, RuleMeta};
pub use source::{LineCol, LineEnding, Source};
