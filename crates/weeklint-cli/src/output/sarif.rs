//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the tool with
//! every rule's documentation, and one result per diagnostic.
//!
//! Paths are relative to the project root (`uriBaseId` `%SRCROOT%`) and the
//! absolute root is not written, so the same tree gives the same bytes on
//! every machine. Columns count Unicode code points, as weeklint's do.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use weeklint_core::{Diagnostic, Fix, RuleMeta, Severity, Source, registry};

use super::{Counts, IO_ERROR, SharedFixes, io_error_message};
use crate::discover::{normalize, slash};
use crate::project::Project;
use crate::report::FileReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

// Not serde-sarif: it writes keys in alphabetical order (`runs` before
// `version`, `ruleId` last), and holds every result in memory.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Results<'a>,
}

/// The results of every report, made one at a time as they are written:
/// a file with thousands of findings is never held as SARIF in memory.
struct Results<'a> {
    reports: &'a [FileReport],
    project: &'a Project,
    /// The rule index of `io-error`.
    io_index: usize,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut seq = serializer.serialize_seq(None)?;
        for r in self.reports {
            let artifact = artifact_location(self.project, &r.path);
            if let Some(message) = io_error_message(r) {
                seq.serialize_element(&SarifResult {
                    rule_id: IO_ERROR,
                    rule_index: self.io_index,
                    level: "error",
                    message: Text { text: message },
                    locations: [Location {
                        id: None,
                        physical_location: PhysicalLocation {
                            artifact_location: artifact.clone(),
                            region: None,
                        },
                        message: None,
                    }],
                    related_locations: Vec::new(),
                    partial_fingerprints: Fingerprints {
                        weeklint: fingerprint(IO_ERROR, &artifact.uri, "", 0),
                    },
                    fixes: Vec::new(),
                })?;
            }
            let Some(source) = &r.source else { continue };
            // Occurrences of the same rule on identical lines, so that two
            // equal findings keep distinct fingerprints (by hash: a long
            // log can have thousands of findings).
            let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
            let mut shared = SharedFixes::default();
            for d in &r.diagnostics {
                let line_text = line_text(source, d.span.start);
                let occurrence = *seen
                    .entry((d.rule, line_text))
                    .and_modify(|n| *n += 1)
                    .or_insert(0);
                let fix = d.fix.as_ref().filter(|f| shared.first(f));
                seq.serialize_element(&result(
                    d,
                    fix,
                    source,
                    &artifact,
                    fingerprint(d.rule, &artifact.uri, line_text, occurrence),
                ))?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    /// No rule has a page of its own on the web yet; the text is in `help`.
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    enabled: bool,
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    /// One past the last character.
    end_column: usize,
}

/// `partialFingerprints`; GitHub adds its own `primaryLocationLineHash`.
#[derive(Serialize)]
struct Fingerprints {
    /// Versioned: a new way of hashing gets a new key.
    #[serde(rename = "weeklint/v1")]
    weeklint: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

pub(super) fn emit(
    out: &mut dyn Write,
    reports: &[FileReport],
    project: &Project,
) -> io::Result<()> {
    let rules = rule_descriptors();
    let io_index = rules.len() - 1;
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "weeklint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: Counts::of(reports).io_errors == 0,
            }],
            column_kind: "unicodeCodePoints",
            results: Results {
                reports,
                project,
                io_index,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

fn result<'a>(
    d: &'a Diagnostic,
    fix: Option<&Fix>,
    source: &Source,
    artifact: &ArtifactLocation,
    fingerprint: String,
) -> SarifResult<'a> {
    let at = |span: &std::ops::Range<usize>| PhysicalLocation {
        artifact_location: artifact.clone(),
        region: Some(region(source, span)),
    };
    SarifResult {
        rule_id: d.rule,
        rule_index: registry::index_of(d.rule).unwrap_or_default(),
        level: level(d.severity),
        message: Text {
            text: d.message.clone(),
        },
        locations: [Location {
            id: None,
            physical_location: at(&d.span),
            message: None,
        }],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| Location {
                id: Some(i),
                physical_location: at(&l.span),
                message: Some(Text {
                    text: l.message.clone(),
                }),
            })
            .collect(),
        partial_fingerprints: Fingerprints {
            weeklint: fingerprint,
        },
        fixes: fix.iter().map(|f| sarif_fix(f, source, artifact)).collect(),
    }
}

fn sarif_fix(fix: &Fix, source: &Source, artifact: &ArtifactLocation) -> SarifFix {
    let description = match fix.applicability {
        weeklint_core::Applicability::Safe => fix.title.clone(),
        weeklint_core::Applicability::Unsafe => format!("{} (unsafe)", fix.title),
    };
    SarifFix {
        description: Text { text: description },
        artifact_changes: [ArtifactChange {
            artifact_location: artifact.clone(),
            replacements: fix
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: region(source, &e.range),
                    inserted_content: Text {
                        text: e.content.clone(),
                    },
                })
                .collect(),
        }],
    }
}

fn region(source: &Source, span: &std::ops::Range<usize>) -> Region {
    let (start, end) = (source.line_col(span.start), source.line_col(span.end));
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Every rule of the registry, in its order, then `io-error`.
fn rule_descriptors() -> Vec<RuleDescriptor> {
    let mut rules: Vec<RuleDescriptor> = registry::RULES
        .iter()
        .map(|r| descriptor(r.meta()))
        .collect();
    rules.push(RuleDescriptor {
        id: IO_ERROR,
        name: IO_ERROR,
        short_description: Text {
            text: "A file could not be read or is not UTF-8 Markdown text.".to_string(),
        },
        full_description: Text {
            text: "A file given or found could not be read (missing, permission denied, a \
                   folder) or decoded (binary, not UTF-8). The other files are still linted, \
                   and weeklint exits with status 2."
                .to_string(),
        },
        help: Help {
            text: IO_ERROR_HELP.to_string(),
            markdown: IO_ERROR_HELP.to_string(),
        },
        help_uri: None,
        default_configuration: Configuration {
            enabled: true,
            level: "error",
        },
    });
    rules
}

const IO_ERROR_HELP: &str = "## What it does\n\
    Reports a file that weeklint could not lint: it could not be read \
    (missing, permission denied, a folder named like a Markdown file) or \
    it is not UTF-8 text (binary, UTF-16, invalid bytes).\n\n\
    ## Why is this bad?\n\
    Nothing in the file was checked. weeklint exits with status 2.\n\n\
    ## Use instead\n\
    Save the file as UTF-8, or leave it out with `files.exclude` in lint.toml.\n";

fn descriptor(meta: &'static RuleMeta) -> RuleDescriptor {
    let doc = meta.doc();
    let summary = meta.summary();
    RuleDescriptor {
        id: meta.name,
        name: meta.name,
        short_description: Text {
            text: summary.clone(),
        },
        full_description: Text {
            text: meta
                .section("What it does")
                .map(|s| unwrap_paragraphs(&s))
                .unwrap_or(summary),
        },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        help_uri: None,
        default_configuration: match meta.default_severity {
            Some(sev) => Configuration {
                enabled: true,
                level: level(sev),
            },
            None => Configuration {
                enabled: false,
                level: level(meta.selected_severity),
            },
        },
    }
}

/// Paragraphs of a doc section with their line breaks joined, for viewers
/// that show plain text as is.
fn unwrap_paragraphs(section: &str) -> String {
    section
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The file as a URI: relative to the project root under `%SRCROOT%`, or
/// an absolute `file:` URI when it lies outside the root.
fn artifact_location(project: &Project, path: &Path) -> ArtifactLocation {
    let abs = normalize(&project.cwd.join(path));
    let root = normalize(&project.root);
    match abs.strip_prefix(&root) {
        Ok(rel) => ArtifactLocation {
            uri: encode_uri_path(&slash(rel), false),
            uri_base_id: Some(SRCROOT),
        },
        Err(_) => {
            let s = slash(&abs);
            let sep = if s.starts_with('/') { "" } else { "/" };
            ArtifactLocation {
                uri: format!("file://{sep}{}", encode_uri_path(&s, true)),
                uri_base_id: None,
            }
        }
    }
}

/// Bytes escaped in a URI's path: all but RFC 3986's unreserved
/// characters and `/`.
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encode a `/`-separated path for a URI; `:` stays when the URI
/// is absolute (a drive letter), where it cannot be read as a scheme.
fn encode_uri_path(path: &str, absolute: bool) -> String {
    const ABSOLUTE: &AsciiSet = &URI_PATH.remove(b':');
    utf8_percent_encode(path, if absolute { ABSOLUTE } else { URI_PATH }).to_string()
}

/// The text of the line holding `offset`, trimmed.
fn line_text(source: &Source, offset: usize) -> &str {
    let range = source.line_range(source.line_index(offset));
    source.text()[range].trim()
}

/// Stable across runs and versions of Rust: FNV-1a over the rule, the
/// path and the line's text, so that a finding keeps its identity when
/// lines are added above it. `:N` tells apart equal findings on equal lines.
fn fingerprint(rule: &str, uri: &str, line_text: &str, occurrence: usize) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for part in [rule, uri, line_text] {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}:{occurrence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("notes/周报 1.md", false),
            "notes/%E5%91%A8%E6%8A%A5%201.md"
        );
        assert_eq!(encode_uri_path("a:b%#?.md", false), "a%3Ab%25%23%3F.md");
        assert_eq!(encode_uri_path("C:/x y.md", true), "C:/x%20y.md");
    }

    #[test]
    fn fingerprint_ignores_line_numbers_but_not_content() {
        let a = fingerprint("date-order", "log.md", "## 2023.6.10", 0);
        assert_eq!(a, fingerprint("date-order", "log.md", "## 2023.6.10", 0));
        assert_ne!(a, fingerprint("date-order", "log.md", "## 2023.6.11", 0));
        assert_ne!(a, fingerprint("date-format", "log.md", "## 2023.6.10", 0));
        assert_ne!(a, fingerprint("date-order", "other.md", "## 2023.6.10", 0));
        assert!(
            fingerprint("date-order", "log.md", "## 2023.6.10", 1).ends_with(":1"),
            "{a}"
        );
        // Pinned: a change here would reopen every alert on GitHub.
        assert_eq!(
            fingerprint("date-order", "log.md", "## 2023.6.10", 0),
            "aab37b211e033b3f:0"
        );
    }

    #[test]
    fn every_rule_is_described() {
        let rules = rule_descriptors();
        assert_eq!(rules.len(), registry::RULES.len() + 1);
        for (i, r) in rules.iter().enumerate() {
            assert!(!r.short_description.text.is_empty(), "{}", r.id);
            assert!(r.help.markdown.contains("## What it does"), "{}", r.id);
            if i < registry::RULES.len() {
                assert_eq!(registry::index_of(r.id), Some(i));
            }
        }
        assert_eq!(rules[rules.len() - 1].id, IO_ERROR);
    }
}
