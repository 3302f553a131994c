use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that sibling headings without a date (same level, same parent)
    /// do not repeat the same text. Dated headings are checked by
    /// `duplicate-date` instead.
    ///
    /// ## Why is this bad?
    /// Repeated headings make the outline ambiguous, and links to them
    /// (`#notes`) only reach the first.
    ///
    /// ## Example
    /// ```markdown
    /// ## Notes
    /// ## Notes
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Notes
    /// ## More notes
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// None.
    pub struct DuplicateHeading {
        name: "duplicate-heading",
        severity: Warning,
        fix: None,
    }
}

/// Files with up to this many headings that can repeat are searched
/// without a table.
const SMALL: usize = 16;

impl Rule for DuplicateHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let headings = cx.doc.headings.all();
        // The headings that can repeat a sibling, in order. Siblings have
        // the same parent in the outline and the same level.
        let kept: Vec<usize> = (0..headings.len())
            .filter(|&i| {
                let h = &headings[i];
                !h.nested && !cx.is_dated(i) && h.has_text()
            })
            .collect();
        let text = |i: usize| cx.doc.headings.text(&headings[i]);
        let key = |i: usize| (headings[i].parent, headings[i].level, text(i));
        // The first earlier sibling with the same text: compared one by one
        // among the few headings of most files (no table to make), looked
        // up in a table in long ones.
        let small = kept.len() <= SMALL;
        let mut first: HashMap<(Option<usize>, u8, &str), usize> = HashMap::default();
        if !small {
            first.reserve(kept.len());
        }
        for (k, &i) in kept.iter().enumerate() {
            let earlier = if small {
                kept[..k].iter().copied().find(|&j| key(j) == key(i))
            } else {
                match first.entry(key(i)) {
                    Entry::Occupied(e) => Some(*e.get()),
                    Entry::Vacant(e) => {
                        e.insert(i);
                        None
                    }
                }
            };
            if let Some(j) = earlier {
                out.push(
                    Self::META
                        .diagnostic(
                            headings[i].line(),
                            format!("heading `{}` repeats an earlier sibling heading", text(i)),
                        )
                        .with_label(headings[j].line(), "first heading with this text"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::positions;

    #[test]
    fn repeated_sibling_text() {
        let text = "# A\n## Notes\n## Notes\n# B\n## Notes\n### Notes\n## 2023.6.1\n## 2023.6.1\n";
        // Only the second `## Notes` under A; dated headings are duplicate-date's.
        assert_eq!(positions(text, "duplicate-heading"), [(3, 1)]);
    }

    /// Few headings are searched one by one and many in a table: both
    /// report each repeat once, with its first sibling as the label, and
    /// neither takes a heading under another parent for a sibling.
    #[test]
    fn repeats_point_at_the_first_sibling_among_few_and_many_headings() {
        // `siblings + 5` headings: the most searched one by one, the
        // fewest looked up in a table, and one of each further off.
        for siblings in [3, super::SMALL - 5, super::SMALL - 4, 40] {
            // `## A`, `## B`, `## A`, `## B`, … then one more `## A`; then
            // `A` and `B` once each under another parent.
            let mut text = String::from("# Top\n");
            for k in 0..siblings {
                text.push_str(if k % 2 == 0 { "## A\n" } else { "## B\n" });
            }
            text.push_str("## A\n# Other\n## A\n## B\n");
            let (source, diags) = crate::test_util::lint_with(&text, "duplicate-heading", "");
            let lines: Vec<(usize, usize)> = diags
                .iter()
                .map(|d| {
                    let label = d.labels.first().map(|l| source.line_col(l.span.start).line);
                    (source.line_col(d.span.start).line, label.unwrap_or(0))
                })
                .collect();
            // Lines 2 (`A`) and 3 (`B`) come first; every later one under
            // `Top` repeats.
            let want: Vec<(usize, usize)> = (2..siblings + 3)
                .skip(2)
                .map(|line| {
                    (
                        line,
                        if line == siblings + 2 || line % 2 == 0 {
                            2
                        } else {
                            3
                        },
                    )
                })
                .collect();
            assert_eq!(lines, want, "{siblings} siblings");
        }
    }
}
