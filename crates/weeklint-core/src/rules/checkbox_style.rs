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
    /// The fix is safe: it rewrites the one mark or bullet character. A
    /// task item that shares its list with items that are not tasks gets
    /// no fix for its bullet: a list's items share one bullet, so a new
    /// bullet on the task alone would split the list in three.
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

/// The bullet task items should have: `checkboxes.marker`, or with
/// `consistent` the bullet of the file's first task item in a bullet list
/// (none if there is none).
pub(crate) fn task_bullet(cx: &Context<'_>) -> Option<char> {
    match cx.settings.checkboxes.marker {
        TaskMarker::Bullet(c) => Some(c),
        TaskMarker::Consistent => cx
            .doc
            .tasks
            .items
            .iter()
            .find(|t| !t.ordered)
            .and_then(|t| cx.source.text()[t.marker.clone()].chars().next()),
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
        let bullet = task_bullet(cx);
        let first_bullet = items.iter().find(|t| !t.ordered).map(|t| t.marker.clone());
        let why = || match cx.settings.checkboxes.marker {
            TaskMarker::Bullet(c) => format!("checkboxes.marker = \"{c}\""),
            TaskMarker::Consistent => "the first task item of this file uses it".to_string(),
        };
        for t in items {
            let mark = t.mark();
            let written = &text[mark.clone()];
            if t.checked && !is_char(written, checked) {
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
            if t.ordered || is_char(used, expected) {
                continue;
            }
            // A list's items share one bullet: a new bullet on the task
            // items alone would split a list that has other items.
            let tasks_in_list = items.iter().filter(|o| o.list == t.list).count();
            let whole_list = cx.doc.tasks.list_items.get(t.list) == Some(&tasks_in_list);
            let help = if whole_list {
                format!("use `{expected}` ({})", why())
            } else {
                format!(
                    "use `{expected}` ({}), with the other items of its list",
                    why()
                )
            };
            let mut d = Self::META
                .diagnostic(
                    t.marker.clone(),
                    format!("task item bullet is `{used}`, not `{expected}`"),
                )
                .with_help(help);
            if let (TaskMarker::Consistent, Some(first)) =
                (cx.settings.checkboxes.marker, &first_bullet)
            {
                d = d.with_label(first.clone(), "the first task item");
            }
            if whole_list {
                d = d.with_fix(Fix::safe(
                    format!("use `{expected}` as the bullet"),
                    vec![Edit::replace(t.marker.clone(), expected.to_string())],
                ));
            }
            out.push(d);
        }
    }
}

/// Whether `s` is the one character `c` (without making a string of it
/// for each task item).
fn is_char(s: &str, c: char) -> bool {
    let mut chars = s.chars();
    chars.next() == Some(c) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use crate::test_util::{lint_with, messages, positions, positions_with};

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
    fn no_fix_when_a_new_bullet_would_split_the_list() {
        // `* [ ] b` shares its list with `* plain`: `- [ ] b` alone would
        // end that list and start two more.
        let text = "- [ ] a\n\n* plain\n* [ ] b\n\n+ [ ] c\n+ [x] d\n";
        let (_, d) = lint_with(text, RULE, "");
        let fixable: Vec<(usize, bool)> =
            d.iter().map(|d| (d.span.start, d.fix.is_some())).collect();
        assert_eq!(fixable, [(17, false), (26, true), (34, true)]);
        assert_eq!(
            d[0].help,
            [
                "use `-` (the first task item of this file uses it), with the other items of its list"
            ]
        );
    }

    #[test]
    fn unchecked_boxes_and_other_lists_are_fine() {
        assert!(positions("- [ ] a\n- [ ] b\n\n* plain\n", RULE).is_empty());
    }
}
