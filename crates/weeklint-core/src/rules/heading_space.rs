use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::shorten;

declare_rule! {
    /// ## What it does
    /// Checks for lines meant as headings that have no space after the
    /// `#`s (`##2023.6.18`). CommonMark, and so GitHub, renders them as a
    /// paragraph of text.
    ///
    /// Two to six `#`s are always flagged, and so is a single `#` followed by
    /// a date (`#2023.6.18`). Otherwise a single `#` is flagged only when the
    /// line is a paragraph of its own, not right after a list marker, and no
    /// digit follows: hashtags in prose or list items (`#slack-log`,
    /// `- #sig-docs`) and issue references (`#123`) are left alone.
    ///
    /// ## Why is this bad?
    /// The section silently disappears from the outline: no heading, no
    /// anchor, and date rules cannot see it.
    ///
    /// ## Example
    /// ```markdown
    /// ##2023.6.18
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it inserts one space after the `#`s.
    ///
    /// ## Options
    /// None.
    pub struct HeadingSpace {
        name: "heading-space",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for HeadingSpace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for line in &cx.doc.hash_lines {
            let count = line.hashes.len();
            let flag = count >= 2
                || line.date_follows
                || (line.own_block && !line.after_list_marker && !line.next.is_ascii_digit());
            if !flag {
                continue;
            }
            let text = cx.source.text();
            let hashes = &text[line.hashes.clone()];
            let line_end = cx
                .source
                .line_range(cx.source.line_index(line.hashes.start))
                .end;
            let rest = shorten(text[line.hashes.end..line_end].trim_end(), 40);
            out.push(
                Self::META
                    .diagnostic(
                        line.hashes.clone(),
                        format!(
                            "no space after `{hashes}`: this line is shown as text, not a heading"
                        ),
                    )
                    .with_help(format!("add a space: `{hashes} {rest}`"))
                    .with_fix(Fix::safe(
                        format!("insert a space after `{hashes}`"),
                        vec![Edit::insert(line.hashes.end, " ")],
                    )),
            );
        }
    }
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
        let text = "#Title\n\n#2023.6.18\n\n#123\n\nsee\n#slack-log, #slack-reports\n\n- #sig-docs\n- #2023.6.1\n";
        assert_eq!(positions(text, RULE), [(1, 1), (3, 1), (11, 3)]);
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
