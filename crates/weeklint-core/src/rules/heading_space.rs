use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::HashLine;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::shorten;

declare_rule! {
    /// ## What it does
    /// Checks for lines meant as headings that have no space after the
    /// `#`s (`##2023.6.18`). CommonMark, and so GitHub, renders them as a
    /// paragraph of text.
    ///
    /// Two to six `#`s are always flagged, and so is a single `#` followed by
    /// a date (`#2023.6.18`). A single `#` glued to a word is how hashtags
    /// are written, so it is flagged only when the line reads as a heading:
    /// a paragraph of its own, not right after a list marker, no digit or
    /// code mark (`#[`, `#!`) right after the `#`, several words, and no
    /// other `#tag` on the line (`#Meeting notes`). Lines of hashtags
    /// (`#rust #til`, `#todo`, `#100DaysOfCode #day3`), hashtags in prose or
    /// list items (`#slack-log, #slack-reports`, `- #sig-docs`) and issue
    /// references (`#123`) are left alone.
    ///
    /// ## Why is this bad?
    /// The section silently disappears from the outline: no heading, no
    /// anchor, and date rules cannot see it.
    ///
    /// ## Example
    /// ```markdown
    /// ##2023.6.18
    ///
    /// #Meeting notes
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    ///
    /// # Meeting notes
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts one space after the `#`s. It is safe for two to six
    /// `#`s and for a single `#` before a date. For a single `#` before
    /// words it is unsafe (applied with `--unsafe-fixes`): the line may be a
    /// hashtag followed by text, and the fix would turn it into a heading.
    /// To keep such a line as text, escape the `#` (`\#Meeting notes`).
    ///
    /// ## Options
    /// None.
    pub struct HeadingSpace {
        name: "heading-space",
        severity: Error,
        fix: SafeOrUnsafe,
    }
}

impl Rule for HeadingSpace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for line in &cx.doc.hash_lines {
            let sure = line.hashes.len() >= 2 || line.date_follows;
            if !sure && !reads_as_heading(line) {
                continue;
            }
            let text = cx.source.text();
            let hashes = &text[line.hashes.clone()];
            let line_end = cx
                .source
                .line_range(cx.source.line_index(line.hashes.start))
                .end;
            let rest = text[line.hashes.end..line_end].trim_end();
            let shown = shorten(rest, 40);
            let title = format!("insert a space after `{hashes}`");
            let edits = vec![Edit::insert(line.hashes.end, " ")];
            let diagnostic = Self::META.diagnostic(
                line.hashes.clone(),
                format!("no space after `{hashes}`: this line is shown as text, not a heading"),
            );
            out.push(if sure {
                diagnostic
                    .with_help(format!("add a space: `{hashes} {shown}`"))
                    .with_fix(Fix::safe(title, edits))
            } else {
                diagnostic
                    .with_help(format!(
                        "if it is meant as a heading, add a space: `{hashes} {shown}`"
                    ))
                    .with_help(format!(
                        "a `#` glued to a word may be a hashtag, so the fix is a guess; \
                         to keep the line as text, write `\\{hashes}{}`",
                        shorten(rest, 20)
                    ))
                    .with_fix(Fix::unsafe_(title, edits))
            });
        }
    }
}

/// Whether a single `#` glued to text starts what reads as a heading
/// (`#Meeting notes`) rather than hashtags (`#rust #til`, `#todo`), an
/// issue reference (`#123`) or code (`#[test]`, `#!/bin/sh`).
fn reads_as_heading(line: &HashLine) -> bool {
    line.own_block
        && !line.after_list_marker
        && !line.next.is_ascii_digit()
        && !matches!(line.next, '[' | '!')
        && line.words >= 2
        && !line.more_tags
}

#[cfg(test)]
mod tests {
    use crate::test_util::{fixed, lint_with, positions};

    const RULE: &str = "heading-space";

    #[test]
    fn two_to_six_hashes_are_always_flagged() {
        let text = "##2023.6.18\n\ntext\n###Notes\n\n- ##item\n> ####quote\n\n#######seven\n";
        assert_eq!(positions(text, RULE), [(1, 1), (4, 1), (6, 3), (7, 3)]);
    }

    #[test]
    fn single_hash_only_on_its_own_line_and_not_a_tag_or_issue() {
        // `#Title`, one word, reads as a hashtag like `#todo`.
        let text = "#Title\n\n#2023.6.18\n\n#123\n\nsee\n#slack-log, #slack-reports\n\n- #sig-docs\n- #2023.6.1\n";
        assert_eq!(positions(text, RULE), [(3, 1), (11, 3)]);
    }

    #[test]
    fn lines_of_hashtags_are_prose() {
        let text = "#rust #til\n\n#todo\n\n#100DaysOfCode #day3\n\n#rust,#til\n\n#TIL git (#123)\n\n#qtum #\n";
        assert!(positions(text, RULE).is_empty());
        assert_eq!(fixed(text, RULE), text);
    }

    #[test]
    fn single_hash_before_words_is_a_heading_only_by_guess() {
        let text = "#Meeting notes\n\n#「Rust每日新闻」本周精选 • 第十期\n\n#2023-06-18\n";
        assert_eq!(positions(text, RULE), [(1, 1), (3, 1), (5, 1)]);
        let (_, d) = lint_with(text, RULE, "");
        let kinds: Vec<&str> = d
            .iter()
            .map(|d| d.fix.as_ref().map_or("none", |f| f.applicability.as_str()))
            .collect();
        assert_eq!(kinds, ["unsafe", "unsafe", "safe"]);
        assert_eq!(
            d[0].help,
            [
                "if it is meant as a heading, add a space: `# Meeting notes`",
                "a `#` glued to a word may be a hashtag, so the fix is a guess; \
                 to keep the line as text, write `\\#Meeting notes`"
            ]
        );
        // `--fix` adds the space before the date only.
        assert_eq!(
            fixed(text, RULE),
            text.replace("#2023-06-18", "# 2023-06-18")
        );
    }

    #[test]
    fn code_and_text_that_goes_on_are_not_headings() {
        // A Rust attribute, a shebang, a line inside a paragraph, a
        // hashtag starting a list item, and a `#` escaped to keep it text.
        let text = "> #[diagnostic::on_unimplemented] shipped to stable!\n\n#!/usr/bin/env python3 -u\n\nsee\n#Meeting notes\n\n- #Meeting notes\n\n\\#Meeting notes\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn a_url_fragment_or_entity_is_not_another_tag() {
        let text = "#Notes on C# and F#\n\n#Read docs.html#intro today\n\n#Tea &#38; cake\n";
        assert_eq!(positions(text, RULE), [(1, 1), (3, 1), (5, 1)]);
    }

    #[test]
    fn code_comments_html_and_real_headings_are_left_alone() {
        let text = "```\n##code\n```\n\n    ##indented\n\n<!--\n##comment\n-->\n\n<div>\n##html\n</div>\n\n## ok\n##\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn escaped_hash_in_a_list_item_is_not_flagged() {
        let text = "- \\#[123](x): add swap\n- \\##2023.6.1\n\n\\##notes\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn keycap_emoji_is_not_a_heading_without_its_space() {
        // `#️⃣` is `#`, U+FE0F, U+20E3: a space after the `#` would break it.
        let text = "#\u{fe0f}\u{20e3} numbers\n\n#\u{20e3} bare keycap\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        // CommonMark ends lines at `\r` alone too (classic Mac OS files).
        for eol in ["\n", "\r\n", "\r"] {
            let text = ["# Log", "", "##2023.6.18", "", "###Notes", ""].join(eol);
            assert_eq!(positions(&text, RULE), [(3, 1), (5, 1)], "{eol:?}");
            let want = ["# Log", "", "## 2023.6.18", "", "### Notes", ""].join(eol);
            assert_eq!(fixed(&text, RULE), want, "{eol:?}");
        }
    }

    #[test]
    fn help_shows_the_heading_with_its_space() {
        let (_, d) = lint_with("##2023.6.18 CLIP\n", RULE, "");
        assert_eq!(d[0].help, ["add a space: `## 2023.6.18 CLIP`"]);
    }
}
