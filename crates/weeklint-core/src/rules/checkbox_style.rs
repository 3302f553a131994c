use crate::config::TaskMarker;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that task items are written one way: the mark of every checked
    /// box is `checkboxes.checked` (`x` by default, or `X`), and the bullet
    /// of every task item in a bullet list is `checkboxes.marker` (`-`, `*`,
    /// `+`, or `consistent`: the bullet of the file's first task item).
    /// Items of ordered lists (`1. [ ]`) have no bullet to check.
    ///
    /// ## Why is this bad?
    /// Mixed marks and bullets make a pending list harder to search
    /// (`grep '\- \[x\]'` misses `* [X]`) and to edit with other tools; a
    /// change of bullet also starts a new list.
    ///
    /// ## Example
    /// ```markdown
    /// - [X] CLIP
    /// * [ ] DALLE
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - [x] CLIP
    /// - [ ] DALLE
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it rewrites the one mark or bullet character.
    ///
    /// ## Options
    /// - `checkboxes.checked`: `x` (default) or `X`.
    /// - `checkboxes.marker`: `consistent` (default), `-`, `*` or `+`.
    pub struct CheckboxStyle {
        name: "checkbox-style",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for CheckboxStyle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.source.text();
        let items = &cx.doc.tasks.items;
        let checked = cx.settings.checkboxes.checked;
        let first_bullet = items.iter().find(|t| !t.ordered).map(|t| t.marker.clone());
        let (bullet, why) = match cx.settings.checkboxes.marker {
            TaskMarker::Bullet(c) => (Some(c), format!("checkboxes.marker = \"{c}\"")),
            TaskMarker::Consistent => (
                first_bullet
                    .as_ref()
                    .and_then(|m| text[m.clone()].chars().next()),
                "the first task item of this file uses it".to_string(),
            ),
        };
        for t in items {
            let mark = t.mark();
            let written = &text[mark.clone()];
            if t.checked && written != checked.to_string() {
                out.push(
                    Self::META
                        .diagnostic(
                            mark.clone(),
                            format!("checked box is marked `{written}`, not `{checked}`"),
                        )
                        .with_help(format!(
                            "write `[{checked}]` (checkboxes.checked = \"{checked}\")"
                        ))
                        .with_fix(Fix::safe(
                            format!("write `[{checked}]`"),
                            vec![Edit::replace(mark, checked.to_string())],
                        )),
                );
            }
            let Some(expected) = bullet else { continue };
            let used = &text[t.marker.clone()];
            if t.ordered || used == expected.to_string() {
                continue;
            }
            let mut d = Self::META
                .diagnostic(
                    t.marker.clone(),
                    format!("task item bullet is `{used}`, not `{expected}`"),
                )
                .with_help(format!("use `{expected}` ({why})"));
            if let (TaskMarker::Consistent, Some(first)) =
                (cx.settings.checkboxes.marker, &first_bullet)
            {
                d = d.with_label(first.clone(), "the first task item");
            }
            out.push(d.with_fix(Fix::safe(
                format!("use `{expected}` as the bullet"),
                vec![Edit::replace(t.marker.clone(), expected.to_string())],
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{messages, positions, positions_with};

    const RULE: &str = "checkbox-style";

    #[test]
    fn checked_mark_and_bullet() {
        let text = "- [ ] a\n- [X] b\n* [x] c\n1. [X] d\n+ [ ] e\n";
        assert_eq!(positions(text, RULE), [(2, 4), (3, 1), (4, 5), (5, 1)]);
        assert_eq!(
            messages(text, RULE),
            [
                "checked box is marked `X`, not `x`",
                "task item bullet is `*`, not `-`",
                "checked box is marked `X`, not `x`",
                "task item bullet is `+`, not `-`",
            ]
        );
    }

    #[test]
    fn configured_mark_and_bullet() {
        let text = "- [x] a\n* [X] b\n";
        assert_eq!(
            positions_with(text, RULE, "[checkboxes]\nchecked = \"X\"\nmarker = \"*\""),
            [(1, 1), (1, 4)]
        );
    }

    #[test]
    fn first_bullet_is_the_first_task_item_not_the_first_list_item() {
        let text = "* plain\n\n1. [ ] ordered\n\n+ [ ] first\n- [ ] second\n";
        assert_eq!(positions(text, RULE), [(6, 1)]);
    }

    #[test]
    fn unchecked_boxes_and_other_lists_are_fine() {
        assert!(positions("- [ ] a\n- [ ] b\n\n* plain\n", RULE).is_empty());
    }
}
