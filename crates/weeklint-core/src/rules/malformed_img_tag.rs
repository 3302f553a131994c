use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::Malformation;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::shorten;

declare_rule! {
    /// ## What it does
    /// Checks `<img` tags in Markdown text that CommonMark does not accept
    /// as HTML, so that GitHub shows the tag itself as text instead of the
    /// image: an unquoted attribute value holding `"`, `'`, `=`, `<`, `>` or
    /// a backtick (`width=400"`), a quote that is never closed, attributes
    /// with no space between them, or a tag with no closing `>`.
    ///
    /// Tags inside an HTML block (a line that starts with an HTML tag and
    /// is handed to the browser as is) are not checked: the browser copes.
    /// The `src` of a malformed tag is still checked by `dead-image`.
    ///
    /// ## Why is this bad?
    /// The reader sees `<img src="pic/CLIPasso1.png" width=400">` as text
    /// where the figure should be. The editor's preview often renders it
    /// anyway, so the mistake goes unnoticed.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="pic/CLIPasso1.png" width=400"> sketch results
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <img src="pic/CLIPasso1.png" width="400"> sketch results
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe and offered only when one edit makes the tag valid:
    /// quoting a value (`width=400"` → `width="400"`), closing a quote at
    /// the tag's `>` when the value has no space, inserting a missing space
    /// between attributes, or adding `>` after the last attribute when the
    /// tag ends its line.
    ///
    /// ## Options
    /// None.
    pub struct MalformedImgTag {
        name: "malformed-img-tag",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for MalformedImgTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.source.text();
        for m in &cx.doc.images.malformed {
            let at = &text[m.at.clone()];
            let (message, title) = match m.kind {
                Malformation::UnquotedValue(c) => (
                    format!(
                        "unquoted attribute value `{at}` holds `{c}`: GitHub shows this `<img>` tag as text"
                    ),
                    "quote the value",
                ),
                Malformation::UnclosedQuote(q) => (
                    format!(
                        "the quote `{q}` is never closed: GitHub shows this `<img>` tag as text"
                    ),
                    "close the quote",
                ),
                Malformation::NoSpaceBetweenAttributes => (
                    "no space between attributes: GitHub shows this `<img>` tag as text"
                        .to_string(),
                    "insert a space",
                ),
                Malformation::MissingClose => (
                    "`<img` tag has no closing `>`: GitHub shows it as text".to_string(),
                    "close the tag with `>`",
                ),
                Malformation::Unexpected(c) => (
                    format!("unexpected `{c}` in an `<img>` tag: GitHub shows the tag as text"),
                    "",
                ),
            };
            let mut d = Self::META.diagnostic(m.at.clone(), message);
            // A tag with no end runs on into the text: no label for that.
            let ends = !matches!(
                m.kind,
                Malformation::MissingClose | Malformation::UnclosedQuote(_)
            );
            // A tag without `>` runs to the end of its paragraph or item,
            // line ending included: the label stops at its last character.
            let shown = &text[m.tag.clone()];
            let label = m.tag.start..m.tag.start + shown.trim_end().len();
            if ends && m.at != label {
                d = d.with_label(label, "shown as text");
            }
            if let Some((range, content)) = &m.fix {
                let tag = &text[m.tag.clone()];
                let local = range.start - m.tag.start..range.end - m.tag.start;
                let fixed = format!("{}{content}{}", &tag[..local.start], &tag[local.end..]);
                let fixed = fixed.split_whitespace().collect::<Vec<_>>().join(" ");
                d = d
                    .with_help(format!("write `{}`", shorten(&fixed, 80)))
                    .with_fix(Fix::safe(
                        title,
                        vec![Edit::replace(range.clone(), content.clone())],
                    ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{lint_with, positions};

    const RULE: &str = "malformed-img-tag";

    #[test]
    fn a_tag_cut_short_by_the_end_of_its_paragraph_is_labelled_on_its_line() {
        for text in [
            "text <img src=\"a.png\" width=4\"\n\nnext\n",
            "- text <img src=\"a.png\" width=4\"\r\n- next\r\n",
        ] {
            let (_, d) = lint_with(text, RULE, "");
            let labels: Vec<&str> = d[0].labels.iter().map(|l| &text[l.span.clone()]).collect();
            assert_eq!(labels, ["<img src=\"a.png\" width=4\""], "{text:?}");
        }
    }

    #[test]
    fn stray_quote_is_flagged_and_fixed() {
        let text = "# Log\n\n<img src=\"pic/a.png\" width=400\"> notes\n";
        assert_eq!(positions(text, RULE), [(3, 28)]);
        let (_, d) = lint_with(text, RULE, "");
        assert_eq!(
            d[0].message,
            "unquoted attribute value `400\"` holds `\"`: GitHub shows this `<img>` tag as text"
        );
        assert_eq!(d[0].help, ["write `<img src=\"pic/a.png\" width=\"400\">`"]);
        let fix = d[0]
            .fix
            .as_ref()
            .map(|f| (f.edits[0].range.clone(), f.edits[0].content.as_str()));
        let at = text.find("400").unwrap_or_default();
        assert_eq!(fix, Some((at..at + 4, "\"400\"")));
    }

    #[test]
    fn html_blocks_valid_tags_code_and_comments_are_left_alone() {
        let text = "<img src=\"a.png\" width=400\">\n\n<div>\n<img src=a.png width=400\">\n</div>\n\n\
                    text <img src=\"a.png\" width=\"400\"> <IMG SRC=a.png>\n\n\
                    `<img src=a.png width=400\">`\n\n<!-- <img src=a.png width=400\"> -->\n\n\
                    ```\n<img src=a.png width=400\">\n```\n";
        // Only the first: a line that starts with a broken tag is no HTML block.
        assert_eq!(positions(text, RULE), [(1, 24)]);
    }

    #[test]
    fn each_kind_of_damage() {
        let text = "a <img src=\"a.png>\n\nb <img src=\"a.png\"width=\"4\">\n\nc <img src=\"a.png\" width=\"4\"\n\n\
                    d <img src=a.png %>\n\n- e <img src=\"x.png\"\n  - nested\n";
        let (_, d) = lint_with(text, RULE, "");
        let kinds: Vec<(&str, bool)> = d
            .iter()
            .map(|d| {
                (
                    d.message.split(':').next().unwrap_or_default(),
                    d.fix.is_some(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("the quote `\"` is never closed", true),
                ("no space between attributes", true),
                ("`<img` tag has no closing `>`", true),
                ("unexpected `%` in an `<img>` tag", false),
                ("`<img` tag has no closing `>`", true),
            ]
        );
    }
}
