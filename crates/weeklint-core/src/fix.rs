//! Applying fixes: whole fixes in order, overlapping ones left for the
//! next pass, re-parse and re-lint until nothing changes.
//!
//! Pure functions over text: reading and writing files is the caller's job.
//!
//! ```
//! use std::path::Path;
//! use std::sync::Arc;
//! use weeklint_core::fix::{FixMode, fix_source};
//! use weeklint_core::fs::MemoryFs;
//! use weeklint_core::{LintEnv, NaiveDate, Settings, Source};
//!
//! let text = "# Log\r\n\r\n## 2023.6.18\r\n\r\n##2023.6.1\r\n\r\n## 2023.6.10\r\n";
//! let source = Source::new(text.to_string());
//! let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! let env = LintEnv::new(today, ".", Arc::new(MemoryFs::new()));
//! let fixed = fix_source(&source, Path::new("log.md"), &Settings::default(), &env, FixMode::Safe)
//!     .unwrap();
//! // The space is inserted, then the sections are put newest first; CRLF stays.
//! assert_eq!(
//!     fixed.source.text(),
//!     "# Log\r\n\r\n## 2023.6.18\r\n\r\n## 2023.6.10\r\n\r\n## 2023.6.1\r\n"
//! );
//! assert!(fixed.diagnostics.is_empty());
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::Path;

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::Document;
use crate::linter::{LintEnv, check_document};
use crate::source::Source;

/// Passes of apply → re-parse → re-lint before stopping.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    /// Whether a fix of `applicability` is applied in this mode.
    pub fn applies(self, applicability: Applicability) -> bool {
        self == FixMode::Unsafe || applicability == Applicability::Safe
    }
}

/// Why a file could not be fixed. Nothing should be written for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// An edit reaches past the end of the text.
    #[error("a `{rule}` fix edits bytes {start}..{end}, past the end of the text ({len} bytes)")]
    OutOfBounds {
        /// The rule whose fix it is.
        rule: &'static str,
        /// Start of the edit.
        start: usize,
        /// End of the edit.
        end: usize,
        /// Length of the text.
        len: usize,
    },
    /// An edit starts or ends inside a multi-byte character.
    #[error("a `{rule}` fix edits at byte {offset}, inside a character")]
    NotCharBoundary {
        /// The rule whose fix it is.
        rule: &'static str,
        /// The offending offset.
        offset: usize,
    },
    /// The edits of one fix overlap each other, or run backwards.
    #[error("a `{rule}` fix has overlapping edits")]
    OverlappingEdits {
        /// The rule whose fix it is.
        rule: &'static str,
    },
    /// Fixes undo each other: a pass gave back a text an earlier pass had.
    #[error(
        "fixes undo each other after {passes} passes; these rules keep changing the text: {}",
        rules.join(", ")
    )]
    NoConvergence {
        /// Passes run.
        passes: usize,
        /// The rules of the cycle, sorted.
        rules: Vec<&'static str>,
    },
    /// A fix would change something fixes must keep: the BOM, the final
    /// newline, or the kind of line endings.
    #[error("a `{rule}` fix would change the file's {what}")]
    Changed {
        /// The rule whose fix it is.
        rule: &'static str,
        /// What would change.
        what: &'static str,
    },
}

/// The result of fixing one text.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text.
    pub source: Source,
    /// Diagnostics of the fixed text.
    pub diagnostics: Vec<Diagnostic>,
    /// The fixed text, parsed: [`fix_source`] parsed it for its last pass
    /// and keeps it, so that no caller parses it again. `None` from
    /// [`fix_with`].
    pub document: Option<Document>,
    /// Fixes applied, per rule.
    pub applied: BTreeMap<&'static str, usize>,
    /// Passes that applied at least one fix.
    pub passes: usize,
    /// Rules with fixes still to apply after [`MAX_PASSES`] passes, sorted;
    /// empty when fixing settled. Each pass made progress (no text came
    /// back), as when every fix uncovers another: fixing the result again
    /// goes on from there.
    pub unsettled: Vec<&'static str>,
}

impl Fixed {
    /// Fixes applied, all rules together.
    pub fn applied_count(&self) -> usize {
        self.applied.values().sum()
    }

    /// Whether the text changed.
    pub fn changed(&self, original: &Source) -> bool {
        self.source.text() != original.text()
    }
}

/// Lint `source` and apply the fixes `mode` allows, to a fixed point.
///
/// Each pass applies whole fixes, narrowest first, then in order of
/// position; a fix that overlaps one already applied in the pass waits for
/// the next one (after a
/// re-parse its rule reports it again if it is still needed). When a text
/// comes back that an earlier pass already produced, the rules of that
/// cycle are an error; after [`MAX_PASSES`] passes that each made
/// progress, the text so far is returned with [`Fixed::unsettled`] set.
pub fn fix_source(
    source: &Source,
    path: &Path,
    settings: &Settings,
    env: &LintEnv,
    mode: FixMode,
) -> Result<Fixed, FixError> {
    let mut last = None;
    let fixed = fix_with(source, mode, |s| {
        let doc = Document::parse(s);
        let diagnostics = check_document(s, &doc, path, settings, env);
        last = Some(doc);
        diagnostics
    })?;
    // The last pass linted the text returned.
    Ok(Fixed {
        document: last,
        ..fixed
    })
}

/// [`fix_source`] with any linter: `lint` parses and lints one text.
pub fn fix_with(
    source: &Source,
    mode: FixMode,
    mut lint: impl FnMut(&Source) -> Vec<Diagnostic>,
) -> Result<Fixed, FixError> {
    let mut current = source.clone();
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    // The hash of the text before each pass, and the rules that pass applied.
    let mut history: Vec<(u64, Vec<&'static str>)> = Vec::new();
    let mut pass = 0;
    loop {
        let diagnostics = lint(&current);
        let fixes: Vec<(&'static str, &Fix)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
            .filter(|(_, f)| mode.applies(f.applicability))
            .collect();
        if fixes.is_empty() || pass == MAX_PASSES {
            let mut unsettled: Vec<&'static str> = fixes.iter().map(|(rule, _)| *rule).collect();
            unsettled.sort_unstable();
            unsettled.dedup();
            return Ok(Fixed {
                source: current,
                diagnostics,
                document: None,
                applied,
                passes: pass,
                unsettled,
            });
        }
        let (text, counts) = apply_fixes(current.text(), &fixes)?;
        check_kept(&current, &text, &fixes)?;
        pass += 1;
        history.push((hash(current.text()), counts.keys().copied().collect()));
        let h = hash(&text);
        // A text seen before means fixes undo each other: more passes would
        // only go round the same loop. The rules of that loop cycle.
        if let Some(start) = history.iter().position(|(seen, _)| *seen == h) {
            let mut rules: Vec<&'static str> = history[start..]
                .iter()
                .flat_map(|(_, r)| r.iter().copied())
                .collect();
            rules.sort_unstable();
            rules.dedup();
            return Err(FixError::NoConvergence {
                passes: pass,
                rules,
            });
        }
        for (rule, n) in counts {
            *applied.entry(rule).or_default() += n;
        }
        current = Source::new(text);
    }
}

/// Apply one pass of fixes to `text`: whole fixes, narrowest first and
/// then in order of position; a fix overlapping one already taken is
/// skipped. A fix identical to one taken counts as applied (several
/// diagnostics may share one fix).
///
/// Returns the new text and the number of fixes applied per rule.
pub fn apply_fixes(
    text: &str,
    fixes: &[(&'static str, &Fix)],
) -> Result<(String, BTreeMap<&'static str, usize>), FixError> {
    let (taken, counts) = take_fixes(text, fixes)?;
    Ok((apply_edits(text, taken.iter().copied()), counts))
}

/// The text with `edits` (sorted, apart) made.
fn apply_edits<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.content);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Which edits of `fixes` one pass of [`apply_fixes`] makes, sorted, and
/// the fixes applied per rule.
fn take_fixes<'a>(
    text: &str,
    fixes: &[(&'static str, &'a Fix)],
) -> Result<(Vec<&'a Edit>, BTreeMap<&'static str, usize>), FixError> {
    // Diagnostics often share one fix (every entry of a group that is out
    // of order carries the group's reorder): handle each fix once, by
    // identity, and count it once per diagnostic.
    let mut by_edits: HashMap<usize, usize> = HashMap::new();
    let mut unique: Vec<(&'static str, &Fix, usize)> = Vec::new();
    for &(rule, fix) in fixes {
        let key = fix.edits.as_ptr() as usize;
        match by_edits.get(&key) {
            Some(&u) if !fix.edits.is_empty() => unique[u].2 += 1,
            _ => {
                by_edits.insert(key, unique.len());
                unique.push((rule, fix, 1));
            }
        }
    }
    for &(rule, fix, _) in &unique {
        validate(text, rule, fix)?;
    }
    // Narrowest first, then by position: a fix that rewrites a whole region
    // (reordering sections) waits until the small fixes inside it are done,
    // instead of holding them off pass after pass.
    let mut order: Vec<(usize, usize, &'static str, usize)> = unique
        .iter()
        .enumerate()
        .map(|(i, &(rule, f, _))| {
            let start = f.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
            let end = f.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
            (end.saturating_sub(start), start, rule, i)
        })
        .collect();
    order.sort_unstable();
    // Taken edits by start; they never overlap, so a new edit can only
    // clash with the last one starting before its end (or at its start).
    let mut taken: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut taken_fixes: HashSet<&[Edit]> = HashSet::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (_, _, _, i) in order {
        let (rule, fix, shared) = unique[i];
        if taken_fixes.contains(&fix.edits[..]) {
            *counts.entry(rule).or_default() += shared;
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            let below = taken
                .range(..e.range.end.max(e.range.start + 1))
                .next_back();
            below.is_some_and(|(_, t)| overlaps(&e.range, &t.range))
        });
        if clashes {
            continue;
        }
        for e in fix.edits.iter() {
            taken.insert(e.range.start, e);
        }
        taken_fixes.insert(&fix.edits[..]);
        *counts.entry(rule).or_default() += shared;
    }
    Ok((taken.into_values().collect(), counts))
}

/// Fixes found once every file of a run is fixed (the project pass's:
/// a link to an anchor of another page, which that page's own fixes may
/// have changed), applied to a file's fixed text in one pass.
#[derive(Debug)]
pub struct LateFixes {
    /// The text with the fixes applied.
    pub text: String,
    /// Fixes applied, all rules together.
    pub applied: usize,
    /// The edits made, sorted.
    edits: Vec<Edit>,
}

impl LateFixes {
    /// The fixes `mode` allows among `found`, diagnostics of `text`, if
    /// any applies.
    pub fn plan(
        text: &str,
        found: &[Diagnostic],
        mode: FixMode,
    ) -> Result<Option<LateFixes>, FixError> {
        let fixes: Vec<(&'static str, &Fix)> = found
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
            .filter(|(_, f)| mode.applies(f.applicability))
            .collect();
        if fixes.is_empty() {
            return Ok(None);
        }
        let (taken, counts) = take_fixes(text, &fixes)?;
        let fixed = apply_edits(text, taken.iter().copied());
        check_kept(&Source::new(text.to_string()), &fixed, &fixes)?;
        Ok(Some(LateFixes {
            text: fixed,
            applied: counts.values().sum(),
            edits: taken.into_iter().cloned().collect(),
        }))
    }

    /// Once the text is taken: drop from `found` the diagnostics whose
    /// fix was applied, and move what is left of them, and `others` (the
    /// file's other diagnostics), to where they are in the new text. A
    /// fix left that touches an edit made is dropped: it was made for the
    /// text before.
    pub fn settle(&self, found: &mut Vec<Diagnostic>, others: &mut [Diagnostic]) {
        let made = |fix: &Fix| fix.edits.iter().all(|e| self.edits.contains(e));
        found.retain(|d| !d.fix.as_ref().is_some_and(made));
        for d in found.iter_mut().chain(others.iter_mut()) {
            d.span = self.moved(d.span.start)..self.moved(d.span.end);
            for label in &mut d.labels {
                label.span = self.moved(label.span.start)..self.moved(label.span.end);
            }
            let stale = d.fix.as_ref().is_some_and(|f| {
                f.edits
                    .iter()
                    .any(|e| self.edits.iter().any(|m| overlaps(&e.range, &m.range)))
            });
            if stale {
                d.fix = None;
            }
            if let Some(fix) = &mut d.fix {
                fix.edits = fix
                    .edits
                    .iter()
                    .map(|e| {
                        Edit::replace(
                            self.moved(e.range.start)..self.moved(e.range.end),
                            e.content.clone(),
                        )
                    })
                    .collect();
            }
        }
    }

    /// Where `offset` of the text before the edits is in the text after.
    fn moved(&self, offset: usize) -> usize {
        let mut to = offset;
        for e in &self.edits {
            if e.range.end <= offset && e.range.start < offset {
                to = to + e.content.len() - e.range.len();
            } else if e.range.start < offset {
                // Inside an edit: at its start, as far in as its new text goes.
                let start = to - (offset - e.range.start);
                return start + (offset - e.range.start).min(e.content.len());
            } else {
                break;
            }
        }
        to
    }
}

/// Two edits clash when their ranges share a byte, or when both start at
/// the same place (two insertions there have no defined order).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

fn validate(text: &str, rule: &'static str, fix: &Fix) -> Result<(), FixError> {
    let mut prev_end = 0;
    for (k, e) in fix.edits.iter().enumerate() {
        let r = &e.range;
        if r.start > r.end || r.end > text.len() {
            return Err(FixError::OutOfBounds {
                rule,
                start: r.start,
                end: r.end,
                len: text.len(),
            });
        }
        for offset in [r.start, r.end] {
            if !text.is_char_boundary(offset) {
                return Err(FixError::NotCharBoundary { rule, offset });
            }
        }
        if k > 0 && r.start < prev_end {
            return Err(FixError::OverlappingEdits { rule });
        }
        prev_end = r.end;
    }
    Ok(())
}

/// Guard what no fix may change: the BOM, the final newline or its
/// absence, and the kinds of line endings in the file.
fn check_kept(
    before: &Source,
    after: &str,
    fixes: &[(&'static str, &Fix)],
) -> Result<(), FixError> {
    let Some(what) = what_changed(before.text(), after) else {
        return Ok(());
    };
    // Name the rule: the first fix that changes it on its own.
    let rule = fixes
        .iter()
        .find(|f| {
            apply_fixes(before.text(), std::slice::from_ref(f))
                .is_ok_and(|(t, _)| what_changed(before.text(), &t).is_some())
        })
        .map_or("unknown", |(rule, _)| *rule);
    Err(FixError::Changed { rule, what })
}

fn what_changed(b: &str, after: &str) -> Option<&'static str> {
    if b.starts_with('\u{feff}') != after.starts_with('\u{feff}') {
        Some("byte order mark")
    } else if b.ends_with('\n') != after.ends_with('\n') {
        Some("final newline")
    } else {
        let (b_crlf, b_lf, b_cr) = endings(b);
        let (a_crlf, a_lf, a_cr) = endings(after);
        ((a_crlf && !b_crlf) || (a_lf && !b_lf) || (a_cr && !b_cr)).then_some("line endings")
    }
}

/// Which line endings `text` has: CRLF, bare LF, bare CR (which the
/// parser also reads as a line ending).
fn endings(text: &str) -> (bool, bool, bool) {
    let bytes = text.as_bytes();
    let (mut crlf, mut lf, mut cr) = (false, false, false);
    for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        match (bytes[pos], bytes.get(pos + 1)) {
            (b'\r', Some(b'\n')) => crlf = true,
            (b'\r', _) => cr = true,
            _ if pos > 0 && bytes[pos - 1] == b'\r' => {}
            _ => lf = true,
        }
    }
    (crlf, lf, cr)
}

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests;
