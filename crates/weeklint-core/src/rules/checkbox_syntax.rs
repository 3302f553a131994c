use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::TaskBox;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::checkbox_style::task_bullet;
use crate::rules::shorten;

declare_rule! {
    /// ## What it does
    /// Checks for text meant as a task item that GitHub renders as plain
    /// text: `-[ ] x` (no space after the bullet), `- [] x` (empty box),
    /// `- [ ]x` (no space after the box), `- [ x] x` and `- [x ] x` (stray
    /// spaces), `- [  ] x`, `- [*] x` and `- [✓] x` (a mark GitHub does not
    /// know), and `[ ] x` with no list marker.
    ///
    /// Only a box at the start of a line counts: `see [x] above` is text,
    /// and so is `*[ ] Proposed*` (emphasis, not a glued bullet). `[✓]` and
    /// `[✔]` are flagged only in a file that has real task items: elsewhere
    /// a check mark in brackets is deliberate text. Other single marks
    /// (`[-]`, `[/]`, `[>]`), which some editors use for custom states, are
    /// left alone.
    ///
    /// ## Why is this bad?
    /// The item is shown as `[ ]` text instead of a checkbox, so a pending
    /// list silently loses its state, and it is not counted in the task
    /// progress GitHub shows for issues and pull requests.
    ///
    /// ## Example
    /// ```markdown
    /// -[ ] Big Transfer (BiT)
    /// - [] DALLE
    /// - [✓] CLIP
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - [ ] Big Transfer (BiT)
    /// - [ ] DALLE
    /// - [x] CLIP
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it rewrites the box to `[ ]`, or to `[x]` when it
    /// holds a mark (`x` or `X` with stray spaces, `*`, `✓`, `✔`), adds the
    /// missing spaces, and adds a list marker where there is none: the bullet
    /// `checkbox-style` asks for (`checkboxes.marker`, or the file's first
    /// task bullet), else `-`. The list marker, indentation and text are
    /// kept.
    ///
    /// ## Options
    /// - `checkboxes.checked`: the mark written for a checked box (`x` or `X`).
    /// - `checkboxes.marker`: the bullet added where there is no list marker.
    pub struct CheckboxSyntax {
        name: "checkbox-syntax",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for CheckboxSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.source.text();
        // A marker the fix adds is the one `checkbox-style` wants, so that
        // one pass settles both.
        let bullet = task_bullet(cx).unwrap_or('-');
        // A check mark in brackets is deliberate text in a file with no
        // task list (`[✓] done` in a table of results).
        let has_tasks = !cx.doc.tasks.items.is_empty();
        for b in &cx.doc.tasks.malformed {
            let written = &text[b.checkbox.clone()];
            let inner = &text[b.inner.clone()];
            if !has_tasks && inner.trim_matches(' ').starts_with(['✓', '✔']) {
                continue;
            }
            let mark = if b.checked {
                cx.settings.checkboxes.checked
            } else {
                ' '
            };
            let problem = if b.glued {
                let marker = b.marker.clone().map_or("", |m| &text[m]);
                format!("no space between `{marker}` and the task box")
            } else if b.marker.is_none() {
                format!("task box `{written}` has no list marker")
            } else if inner.is_empty() {
                "empty task box `[]`".to_string()
            } else if matches!(inner, " " | "x" | "X") {
                format!("no space after the task box `{written}`")
            } else if inner.trim_matches(' ').is_empty() {
                format!("task box `{written}` holds more than one space")
            } else if !matches!(inner.trim_matches(' '), "x" | "X") {
                format!("`{}` is not a task box mark", inner.trim_matches(' '))
            } else {
                format!("stray space in task box `{written}`")
            };
            let span = b.marker.as_ref().map_or(b.checkbox.start, |m| m.start)..b.checkbox.end;
            let fixed = fixed_line(text, b, mark, bullet);
            out.push(
                Self::META
                    .diagnostic(span, format!("{problem}: shown as text, not a checkbox"))
                    .with_help(format!("write it as `{fixed}`"))
                    .with_fix(Fix::safe(
                        fix_title(text, b, mark, bullet),
                        edits(b, mark, bullet),
                    )),
            );
        }
    }
}

/// What the edits of [`edits`] do, in words.
fn fix_title(text: &str, b: &TaskBox, mark: char, bullet: char) -> String {
    let mut parts = Vec::new();
    match &b.marker {
        None => parts.push(format!("add the list marker `{bullet} `")),
        Some(m) if b.glued => parts.push(format!("insert a space after `{}`", &text[m.clone()])),
        Some(_) => {}
    }
    let rewrite = text[b.inner.clone()] != *mark.to_string();
    if rewrite {
        parts.push(format!("write the task box as `[{mark}]`"));
    }
    if !b.space_after {
        parts.push(
            if rewrite {
                "then a space"
            } else {
                "insert a space after the task box"
            }
            .to_string(),
        );
    }
    parts.join(", ")
}

fn edits(b: &TaskBox, mark: char, bullet: char) -> Vec<Edit> {
    let mut edits = Vec::new();
    match &b.marker {
        None => edits.push(Edit::insert(b.checkbox.start, format!("{bullet} "))),
        Some(m) if b.glued => edits.push(Edit::insert(m.end, " ")),
        Some(_) => {}
    }
    edits.push(Edit::replace(b.inner.clone(), mark.to_string()));
    if !b.space_after {
        edits.push(Edit::insert(b.checkbox.end, " "));
    }
    edits
}

/// The start of the line as the fix writes it, for the help note.
fn fixed_line(text: &str, b: &TaskBox, mark: char, bullet: char) -> String {
    let bullet = bullet.to_string();
    let marker = match &b.marker {
        Some(m) => &text[m.clone()],
        None => &bullet,
    };
    let rest = text[b.checkbox.end..]
        .split(['\n', '\r'])
        .next()
        .unwrap_or_default()
        .trim_start_matches([' ', '\t']);
    format!("{marker} [{mark}] {}", shorten(rest, 40))
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::test_util::{fixed, fixed_with, lint_with, messages, positions};

    const RULE: &str = "checkbox-syntax";

    #[test]
    fn every_malformed_box_of_the_spec_is_flagged() {
        let text = "-[ ] a\n\n- [] b\n- [ ]c\n- [ x] d\n- [x ] e\n- [  ] f\n- [*] g\n- [✓] h\n\n[ ] i\n\n\
                    - [ ] a real task\n";
        assert_eq!(
            positions(text, RULE),
            [
                (1, 1),
                (3, 1),
                (4, 1),
                (5, 1),
                (6, 1),
                (7, 1),
                (8, 1),
                (9, 1),
                (11, 1)
            ]
        );
        assert_eq!(
            messages(text, RULE),
            [
                "no space between `-` and the task box: shown as text, not a checkbox",
                "empty task box `[]`: shown as text, not a checkbox",
                "no space after the task box `[ ]`: shown as text, not a checkbox",
                "stray space in task box `[ x]`: shown as text, not a checkbox",
                "stray space in task box `[x ]`: shown as text, not a checkbox",
                "task box `[  ]` holds more than one space: shown as text, not a checkbox",
                "`*` is not a task box mark: shown as text, not a checkbox",
                "`✓` is not a task box mark: shown as text, not a checkbox",
                "task box `[ ]` has no list marker: shown as text, not a checkbox",
            ]
        );
    }

    #[test]
    fn valid_boxes_custom_states_and_mid_sentence_boxes_are_left_alone() {
        let text = "- [ ] a\n- [x] b\n* [X] c\n1. [ ] d\n- [-] e\n- [/] f\n- [>] g\n\nsee [x] above\n\n- [x](link) h\n\n*[x]* i\n\n[*] a footnote mark\n\n[link]: /u\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn emphasis_is_not_a_glued_bullet() {
        // Found in meeting notes: a proposal's state in italics.
        let text = "*[ ] Proposed*\n\n*[x] Accepted* on Monday\n\n*[ ] not closed\n";
        assert_eq!(positions(text, RULE), [(5, 1)]);
    }

    #[test]
    fn check_marks_are_text_in_a_file_without_task_items() {
        let text = "- [✓] CLIP\n- [✔] ViT\n";
        assert!(positions(text, RULE).is_empty());
        let with_tasks = format!("{text}- [ ] DALLE\n");
        assert_eq!(positions(&with_tasks, RULE), [(1, 1), (2, 1)]);
    }

    #[test]
    fn code_comments_and_front_matter_are_left_alone() {
        let text = "---\n- [] fm\n---\n\n```\n- [] code\n```\n\n<!--\n- [] comment\n-->\n\n    - [] indented\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn a_lazy_continuation_line_is_found() {
        // CommonMark reads `-[ ] b` as more text of the item above.
        let text = "- [ ] a\n-[ ] b\n> - [ ] c\n> [] d\n";
        assert_eq!(positions(text, RULE), [(2, 1), (4, 3)]);
    }

    #[test]
    fn fix_title_says_what_the_edits_do() {
        let (_, d) = lint_with("[ ] a\n\n-[ ] b\n\n- [ ]c\n\n- [* ]d\n", RULE, "");
        let titles: Vec<&str> = d
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                "add the list marker `- `",
                "insert a space after `-`",
                "insert a space after the task box",
                "write the task box as `[x]`, then a space",
            ]
        );
    }

    #[test]
    fn an_added_marker_is_the_bullet_checkbox_style_wants() {
        // The file's first task bullet, else `-`, else the configured one.
        assert_eq!(fixed("* [ ] a\n\n[] b\n", RULE), "* [ ] a\n\n* [ ] b\n");
        assert_eq!(fixed("[] b\n\n1. [ ] a\n", RULE), "- [ ] b\n\n1. [ ] a\n");
        let config = "[checkboxes]\nmarker = \"+\"";
        assert_eq!(
            fixed_with("- [ ] a\n\n[] b\n", RULE, config),
            "- [ ] a\n\n+ [ ] b\n"
        );
        let (_, d) = lint_with("[x] b\n", RULE, config);
        assert_eq!(d[0].help, ["write it as `+ [x] b`"]);
    }

    #[test]
    fn help_shows_the_line_as_fixed() {
        let text = "  *[✔] done it\n- [ ] to do\n";
        let (_, d) = lint_with(text, RULE, "[checkboxes]\nchecked = \"X\"");
        assert_eq!(d[0].help, ["write it as `* [X] done it`"]);
    }
}
