use std::ops::Range;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::{ExcludedKind, HeadingKind};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::section_end::heading_follows;

declare_rule! {
    /// ## What it does
    /// Checks, in a changelog, that the `[Unreleased]` section comes
    /// before its sibling releases: first when releases run newest first
    /// (Keep a Changelog), last when they run oldest first (the direction
    /// `version-order` finds, or `dates.order`).
    ///
    /// ## Why is this bad?
    /// Unreleased changes are the newest. Below a release they read as
    /// part of an older one, and tools that cut a release from the
    /// `[Unreleased]` section (`kacl-cli release`) put the new version in
    /// the wrong place.
    ///
    /// ## Example
    /// ```markdown
    /// ## [1.2.0] - 2024-03-01
    /// ### Added
    /// - export
    ///
    /// ## [Unreleased]
    /// ### Fixed
    /// - import
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [Unreleased]
    /// ### Fixed
    /// - import
    ///
    /// ## [1.2.0] - 2024-03-01
    /// ### Added
    /// - export
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it moves the section (its heading, its
    /// sub-sections, and comment lines right above its heading) to the top
    /// of its siblings, or to the bottom when releases run oldest first.
    /// Every other section keeps its bytes; the link reference definitions
    /// at the end of the file stay there. There is no fix when the move
    /// would cross or carry a `weeklint-disable`/`weeklint-enable`
    /// comment, when a section at either end of the move ends in code, a
    /// comment or an HTML block, or when a setext heading lacks the blank
    /// lines that keep it a heading.
    ///
    /// ## Options
    /// - `dates.order`: `newest-first` or `oldest-first` says where
    ///   `[Unreleased]` goes; `auto` (default) follows the releases.
    /// - `changelog.files`: changelogs whose names do not say so.
    pub struct UnreleasedPosition {
        name: "unreleased-position",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for UnreleasedPosition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        if changelog.releases().iter().all(|r| r.version.is_some()) {
            return;
        }
        let direction = changelog.direction(cx.doc, cx.settings.dates.order);
        let newest_first = direction.newest_first;
        for group in changelog.sibling_groups(cx.doc) {
            let is_version = |r: usize| changelog.releases()[r].version.is_some();
            // A second `[Unreleased]` is `duplicate-version`'s.
            let Some(u) = group.iter().position(|&r| !is_version(r)) else {
                continue;
            };
            let versions = group.iter().enumerate().filter(|(_, r)| is_version(**r));
            let target = if newest_first {
                versions.map(|(p, _)| p).find(|&p| p < u)
            } else {
                versions.map(|(p, _)| p).rfind(|&p| p > u)
            };
            let Some(target) = target else { continue };
            let (label, span) = changelog.label_and_span(cx.doc, group[u]);
            let (other, other_span) = changelog.label_and_span(cx.doc, group[target]);
            let (message, place) = if newest_first {
                (
                    format!("`{label}` is not the first release heading"),
                    "the first",
                )
            } else {
                (
                    format!("`{label}` is not the last release heading"),
                    "the last",
                )
            };
            let mut d = Self::META
                .diagnostic(span, message)
                .with_label(other_span, format!("{place} release: {other}"))
                .with_help(direction.why);
            let headings = cx.doc.headings.all();
            let (u_h, t_h) = (
                &headings[changelog.releases()[group[u]].heading],
                &headings[changelog.releases()[group[target]].heading],
            );
            let setext = group
                .iter()
                .any(|&r| headings[changelog.releases()[r].heading].kind == HeadingKind::Setext);
            let mv = Move { cx, setext };
            let fix = if newest_first {
                mv.up(u_h.range.start, u_h.section_end, t_h.range.start)
            } else {
                mv.down(
                    u_h.range.start,
                    u_h.section_end,
                    t_h.range.start,
                    t_h.section_end,
                )
            };
            if let Some(edits) = fix {
                let to = if newest_first { "top" } else { "bottom" };
                d = d.with_fix(Fix::safe(
                    format!("move the section to the {to} of the releases"),
                    edits,
                ));
            }
            out.push(d);
        }
    }
}

/// Moving one section among its siblings.
struct Move<'c, 'a> {
    cx: &'c Context<'a>,
    /// A release heading of the group is a setext heading: the lines
    /// around a moved section must be blank, or it could join a paragraph.
    setext: bool,
}

impl Move<'_, '_> {
    /// Move the section at `start..end` to where the section at `to`
    /// starts (above it): cut it with the separator before it, paste it
    /// with that separator after it.
    fn up(&self, start: usize, end: usize, to: usize) -> Option<Vec<Edit>> {
        let text = self.cx.source.text();
        let to = self.with_comments_above(to);
        let moved = self.body(start, end);
        let before = body_end(text, to, moved.start);
        let separator = &text[before..moved.start];
        let after = gap(text, moved.end);
        let fits = self.ends_clean(moved.clone(), separator)
            && self.ends_clean(to..before, after)
            && (!self.setext
                || (blank_above(text, to)
                    && is_blank_gap(separator)
                    && (moved.end + after.len() == text.len() || is_blank_gap(after))));
        if !fits {
            return None;
        }
        self.no_bound_in(to..moved.end)?;
        let pasted = format!("{}{separator}", &text[moved.clone()]);
        Some(vec![
            Edit::insert(to, pasted),
            Edit::replace(before..moved.end, ""),
        ])
    }

    /// Move the section at `start..end` below the section at
    /// `last..last_end`: cut it with the separator after it, paste it
    /// with that separator before it.
    fn down(&self, start: usize, end: usize, last: usize, last_end: usize) -> Option<Vec<Edit>> {
        let text = self.cx.source.text();
        let moved = self.body(start, end);
        let separator = gap(text, moved.end);
        let next = moved.end + separator.len();
        let to = self.body(last, last_end).end;
        let fits = self.ends_clean(moved.clone(), gap(text, to))
            && self.ends_clean(next..to, separator)
            && (!self.setext || (blank_above(text, moved.start) && is_blank_gap(separator)));
        if !fits {
            return None;
        }
        self.no_bound_in(moved.start..to)?;
        let pasted = format!("{separator}{}", &text[moved.clone()]);
        Some(vec![
            Edit::replace(moved.start..next, ""),
            Edit::insert(to, pasted),
        ])
    }

    /// Whether the text `body` may be followed by `then` (blank lines, or
    /// none) and a heading: it does not end in code, a comment or an HTML
    /// block that would take the heading in, nor in a comment that a
    /// `disable-next-line` could make reach the next line.
    fn ends_clean(&self, body: Range<usize>, then: &str) -> bool {
        let (source, doc) = (self.cx.source, self.cx.doc);
        let text = source.text();
        let Some(last) = text[body.clone()]
            .trim_end()
            .char_indices()
            .next_back()
            .map(|(i, _)| body.start + i)
        else {
            return true;
        };
        let line = source.line_range(source.line_index(last));
        let comment = doc.excluded.iter().any(|e| {
            e.kind == ExcludedKind::Comment && e.range.start < line.end && e.range.end > line.start
        });
        if comment && !is_blank_gap(then) {
            return false;
        }
        heading_follows(self.cx, body, last, then)
    }

    /// The text of the section `start..end` that moves: with the comment
    /// lines right above its heading, without the blank lines after it,
    /// the comment lines above the next heading (they go with that one),
    /// or the link reference definitions that end the file.
    fn body(&self, start: usize, end: usize) -> Range<usize> {
        let text = self.cx.source.text();
        let start = self.with_comments_above(start);
        let mut end = if end < text.len() {
            self.with_comments_above(end)
        } else {
            end
        };
        loop {
            end = body_end(text, start, end);
            let defs = &self.cx.doc.links.definitions;
            match defs
                .iter()
                .find(|d| d.range.start < end && end <= d.range.end + 1)
            {
                Some(d) if d.range.start > start => end = line_start(text, d.range.start),
                _ => break,
            }
        }
        start..end
    }

    /// `Some` if no suppressed region starts or ends in `range`: a move
    /// across one would change what it covers.
    fn no_bound_in(&self, range: Range<usize>) -> Option<()> {
        let mut bounds = self.cx.doc.suppressions.region_bounds();
        (!bounds.any(|b| range.contains(&b))).then_some(())
    }

    /// Where the heading at `start` begins with the HTML comment lines
    /// right above it (`<!-- weeklint-disable-next-line … -->`), which
    /// are about it.
    fn with_comments_above(&self, start: usize) -> usize {
        let source = self.cx.source;
        let mut from = start;
        let mut line = source.line_index(start);
        while line > 0 {
            let prev = source.line_range(line - 1);
            let content = source.text()[prev.clone()].trim();
            let open = prev.start + source.text()[prev.clone()].find("<!--").unwrap_or(0);
            let html = self.cx.doc.html.partition_point(|h| h.range.start <= open);
            let block = html > 0 && {
                let h = &self.cx.doc.html[html - 1];
                h.block && h.range.start >= prev.start && h.range.end > open
            };
            if !(content.starts_with("<!--") && content.ends_with("-->") && block) {
                break;
            }
            from = prev.start;
            line -= 1;
        }
        from
    }
}

/// Where the text from `start` to `end` ends without its blank lines and
/// final line ending (trailing spaces of the last line, a hard break, are
/// kept).
fn body_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end;
    while e > start && matches!(bytes[e - 1], b' ' | b'\t' | b'\r' | b'\n') {
        e -= 1;
    }
    while e < end && matches!(bytes[e], b' ' | b'\t') {
        e += 1;
    }
    e
}

/// The start of the line holding `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |p| p + 1)
}

/// Whether the line above the one starting at `at` is blank, or there is
/// none.
fn blank_above(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(['\n', '\r']);
    at == 0 || before.is_empty() || text[line_start(text, before.len())..at].trim().is_empty()
}

/// The white space from `at` to the start of the line of the next text
/// (or to the end).
fn gap(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let run = &rest[..rest.len() - rest.trim_start().len()];
    if run.len() == rest.len() {
        return run;
    }
    run.rfind(['\n', '\r']).map_or("", |p| &run[..=p])
}

/// Whether a run of white space holds a blank line.
fn is_blank_gap(gap: &str) -> bool {
    gap.replace("\r\n", "\n").matches(['\n', '\r']).count() >= 2
}

#[cfg(test)]
mod tests {
    use crate::test_util::{fixed_in, lint_changelog};

    #[test]
    fn moved_to_the_top_with_every_other_byte_kept() {
        let text = "# Changelog\n\nIntro.\n\n## [1.2.0] - 2024-03-01\n### Added\n- export\n\n\
                    <!-- weeklint-disable-next-line version-link -->\n## [Unreleased]\n### Fixed\n- import  \n\n\n\
                    ## [1.1.0] - 2024-01-01\n- old\n\n[Unreleased]: u\n[1.2.0]: a\n";
        let fixed = fixed_in("CHANGELOG.md", text, "unreleased-position", "");
        assert_eq!(
            fixed,
            "# Changelog\n\nIntro.\n\n<!-- weeklint-disable-next-line version-link -->\n## [Unreleased]\n### Fixed\n- import  \n\n\
             ## [1.2.0] - 2024-03-01\n### Added\n- export\n\n\n\
             ## [1.1.0] - 2024-01-01\n- old\n\n[Unreleased]: u\n[1.2.0]: a\n"
        );
    }

    #[test]
    fn the_last_section_leaves_the_definitions_behind() {
        let text = "## 1.2.0\n- a\n\n## Unreleased\n- b\n\n[1.2.0]: x\n[#3]: y";
        assert_eq!(
            fixed_in("CHANGELOG.md", text, "unreleased-position", ""),
            "## Unreleased\n- b\n\n## 1.2.0\n- a\n\n[1.2.0]: x\n[#3]: y"
        );
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            fixed_in("CHANGELOG.md", &crlf, "unreleased-position", ""),
            "## Unreleased\r\n- b\r\n\r\n## 1.2.0\r\n- a\r\n\r\n[1.2.0]: x\r\n[#3]: y"
        );
    }

    #[test]
    fn oldest_first_it_goes_last() {
        let text = "## 1.0.0\n- a\n\n## Unreleased\n- b\n\n## 1.1.0\n- c\n\n## 1.2.0\n- d\n";
        let (_, d) = lint_changelog(text, "unreleased-position", "");
        assert_eq!(d[0].message, "`Unreleased` is not the last release heading");
        assert_eq!(
            fixed_in("CHANGELOG.md", text, "unreleased-position", ""),
            "## 1.0.0\n- a\n\n## 1.1.0\n- c\n\n## 1.2.0\n- d\n\n## Unreleased\n- b\n"
        );
    }

    #[test]
    fn no_fix_across_a_suppressed_region_or_out_of_code() {
        let region = "## 1.1.0\n<!-- weeklint-disable -->\n## 1.0.0\n<!-- weeklint-enable -->\n## Unreleased\n";
        let open_code = "## 1.1.0\n## Unreleased\n```\ncode\n";
        for text in [region, open_code] {
            let (_, d) = lint_changelog(text, "unreleased-position", "");
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.is_none(), "{text}");
        }
    }

    #[test]
    fn first_is_fine_and_setext_needs_blank_lines() {
        let (_, d) = lint_changelog("## [Unreleased]\n## 1.0.0\n", "unreleased-position", "");
        assert!(d.is_empty());
        // No blank line above the first release: a setext heading pasted
        // there could join a paragraph.
        let tight = "# Title\n1.0.0\n-----\ntext\n\nUnreleased\n----------\n";
        let (_, d) = lint_changelog(tight, "unreleased-position", "");
        assert!(d[0].fix.is_none());
        let spaced = "1.0.0\n-----\ntext\n\nUnreleased\n----------\nnew\n";
        assert_eq!(
            fixed_in("CHANGELOG.md", spaced, "unreleased-position", ""),
            "Unreleased\n----------\nnew\n\n1.0.0\n-----\ntext\n"
        );
    }
}
