use super::choices::quote;
use super::tasks::{TaskItem, parse_task_line};
use super::*;
use crate::config::Config;

fn infer(files: &[&str]) -> Inference {
    let mut inferrer = Inferrer::default();
    for text in files {
        let source = Source::new((*text).to_string());
        inferrer.add(Path::new("log.md"), &source, &Document::parse(&source));
    }
    inferrer.finish()
}

fn value(inference: &Inference, key: &str) -> String {
    inference
        .choices()
        .into_iter()
        .find(|c| c.key == key)
        .map(|c| c.value)
        .unwrap_or_default()
}

#[test]
fn task_lines() {
    let t = |bullet, mark| Some(TaskItem { bullet, mark });
    assert_eq!(parse_task_line("- [ ] a"), t(Some('-'), ' '));
    assert_eq!(parse_task_line("  * [x] a"), t(Some('*'), 'x'));
    assert_eq!(parse_task_line("> + [X]\tb"), t(Some('+'), 'X'));
    assert_eq!(parse_task_line("12. [x] c"), t(None, 'x'));
    assert_eq!(parse_task_line("3) [ ] c"), t(None, ' '));
    for not_a_task in [
        "-[ ] a",
        "- [] a",
        "- [ ]a",
        "- [*] a",
        "- [ x] a",
        "[ ] a",
        "- plain",
        "1234567890. [x] a",
        "",
    ] {
        assert_eq!(parse_task_line(not_a_task), None, "{not_a_task:?}");
    }
}

#[test]
fn most_used_date_form_and_order_across_files() {
    let inference = infer(&[
        "## 2023.6.18\n## 2023.6.10\n## 2023.5.22\n",
        "# Log\n## 2024.1.9\n## 2024-01-02\n",
    ]);
    assert_eq!(value(&inference, "format"), "\"YYYY.M.D\"");
    let format = inference.format.expect("no format");
    assert_eq!((format.count, format.total), (4, 5));
    assert_eq!(value(&inference, "order"), "\"newest-first\"");
    assert_eq!(value(&inference, "heading-level"), "2");
}

#[test]
fn tree_runs_oldest_first() {
    let inference = infer(&["## 2023-01-01\n## 2023-01-05\n## 2023-01-03\n## 2023-01-09\n"]);
    assert_eq!(value(&inference, "order"), "\"oldest-first\"");
    assert_eq!(value(&inference, "format"), "\"YYYY-MM-DD\"");
}

#[test]
fn form_tie_goes_to_the_first_dated_heading() {
    let inference = infer(&["## 2023/6/1\n## 2023.6.2\n"]);
    assert_eq!(value(&inference, "format"), "\"YYYY/M/D\"");
    // In two files, each is consistent: they disagree.
    let inference = infer(&["## 2023/6/1\n", "## 2023.6.2\n"]);
    assert_eq!(value(&inference, "format"), "\"auto\"");
}

#[test]
fn files_in_different_forms_keep_auto_and_say_so() {
    let inference = infer(&[
        "## 2023.6.18\n## 2023.6.11\n",
        "## 2023-05-28\n## 2023-05-21\n## 2023.5.14\n",
        "## 2023.5.7\n",
        "# Notes\n",
    ]);
    assert_eq!(inference.format, None);
    let format = &inference.choices()[0];
    assert_eq!((format.key, format.value.as_str()), ("format", "\"auto\""));
    assert_eq!(
        format.reason,
        "the files use different forms (2 files use YYYY.M.D, 1 uses YYYY-MM-DD); \
         `auto` holds each file to the form most of its own dated headings use"
    );
    let toml = inference.to_toml();
    assert!(
        toml.contains(
            "\n# The files use different forms (2 files use YYYY.M.D, 1 uses YYYY-MM-DD); ",
        ),
        "{toml}"
    );
    let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
    assert_eq!(config.base().dates.format, crate::config::DateFormat::Auto);
}

#[test]
fn files_agree_when_the_form_fits_each_as_well_as_its_own() {
    // `2024.10.12` fits `YYYY.M.D` as well as `YYYY.MM.DD`; a stray date
    // in a file is that file's own warning whatever the setting.
    let inference = infer(&[
        "## 2024.10.12\n",
        "## 2024.1.5\n## 2024.1.4\n## 2024-01-03\n",
        "## 2024.1.2\n",
    ]);
    assert_eq!(value(&inference, "format"), "\"YYYY.M.D\"");
    assert!(inference.format_files.is_empty());
}

#[test]
fn several_dated_levels_stay_auto() {
    let inference = infer(&["# 2023.1.1 year\n## 2023.12.1\n## 2023.6.1\n"]);
    assert_eq!(inference.heading_level(), None);
    let level = &inference.choices()[2];
    assert_eq!(level.value, "\"auto\"");
    assert_eq!(
        level.reason,
        "dated headings are at level 1 (1), level 2 (2); `auto` keeps every level dated"
    );
}

#[test]
fn day_order_and_new_forms_from_year_last_dates() {
    let inference = infer(&[
        "## 18.06.2023\n## 05.06.2023\n",
        "## 21.05.2023\n## 14.05.2023\n## 1.5.2023\n",
        "## 5/6/2023\n",
    ]);
    let order = &inference.choices()[3];
    assert_eq!(
        (order.key, order.value.as_str()),
        ("numeric-order", "\"day-first\"")
    );
    assert_eq!(
        order.reason,
        "all 3 numeric dates with a number above 12 write the day first (18.06.2023)"
    );
    // `5/6/2023` alone in its file is `M/D/YYYY` to `auto`: pinning
    // `DD.MM.YYYY` would warn about it.
    assert_eq!(value(&inference, "format"), "\"auto\"");
    assert_eq!(
        inference
            .format_files
            .iter()
            .map(|(f, n)| (f.name(), *n))
            .collect::<Vec<_>>(),
        [("DD.MM.YYYY", 2), ("M/D/YYYY", 1)]
    );
    // With the written config, `5/6/2023` is read day first too.
    let config = Config::parse(&inference.to_toml()).unwrap();
    assert_eq!(
        config.base().dates.numeric_order,
        crate::config::NumericOrder::DayFirst
    );
}

#[test]
fn month_names_are_a_form_of_their_own() {
    let inference = infer(&["## June 18, 2023\n## Jun 11th, 2023\n## 2023-06-04\n"]);
    assert_eq!(value(&inference, "format"), "\"MMMM D, YYYY\"");
}

#[test]
fn checkbox_style_from_tasks_outside_code() {
    let inference = infer(&[
        "* [X] a\n* [X] b\n- [x] c\n* [ ] d\n1. [X] e\n",
        "```\n- [x] in code\n- [x] in code\n- [x] in code\n```\n<!--\n- [x] hidden\n-->\n",
    ]);
    assert_eq!(value(&inference, "checked"), "\"X\"");
    assert_eq!(inference.checked.map(|t| (t.count, t.total)), Some((3, 4)));
    assert_eq!(value(&inference, "marker"), "\"*\"");
    assert_eq!(inference.marker.map(|t| (t.count, t.total)), Some((3, 4)));
}

#[test]
fn no_evidence_keeps_auto_and_defaults() {
    let inference = infer(&["# Notes\n\nNothing dated.\n"]);
    let values: Vec<String> = inference.choices().into_iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [
            "\"auto\"",
            "\"auto\"",
            "\"auto\"",
            "\"auto\"",
            "\"x\"",
            "\"consistent\""
        ]
    );
}

#[test]
fn written_config_is_valid_and_means_what_was_inferred() {
    let inference = infer(&[
        "## 2023年6月18日\n- [x] a\n+ [ ] b\n+ [ ] c\n\n## 2023年6月1日\n",
        "## 2023年5月2日\n",
    ]);
    let toml = inference.to_toml();
    let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
    let s = config.base();
    assert_eq!(
        s.dates.format,
        crate::config::DateFormat::Form(DateForm::from_name("YYYY年M月D日").expect("a form"))
    );
    assert_eq!(s.dates.order, Order::NewestFirst);
    assert_eq!(s.dates.heading_level, Some(2));
    assert_eq!(s.checkboxes.checked, 'x');
    assert_eq!(s.checkboxes.marker, crate::config::TaskMarker::Bullet('+'));
    insta::assert_snapshot!(toml);
}

#[test]
fn config_without_evidence_is_valid() {
    let toml = infer(&[]).to_toml();
    let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
    assert_eq!(config.base(), &Settings::default());
}

#[test]
fn quoting() {
    assert_eq!(quote("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
}

#[test]
fn changelogs_keep_their_dates_to_themselves_and_get_their_own_section() {
    let mut inferrer = Inferrer::new(Path::new("/p"));
    for (path, text) in [
        // A journal, oldest first.
        (
            "/p/notes/2023.md",
            "## 2023.6.4\n## 2023.6.11\n## 2023.6.18\n",
        ),
        (
            "/p/CHANGELOG.md",
            "# Changelog\n## [1.2.0] - 2024-03-01\n### Added\n### Fixed\n### Docs\n\
             ## [1.1.0] - 2024-02-01\n### Fixed\n### Docs\n### Misc\n\
             ## [1.0.0] - 2024-01-01\n### Added\n### Removed\n",
        ),
        // A changelog by its `[Unreleased]` heading only.
        (
            "/p/docs/release-notes.md",
            "## [Unreleased]\n### Added\n## 0.2.0\n### Added\n### Fixes\n### Fixed\n## 0.1.0\n### Docs\n",
        ),
    ] {
        let source = Source::new(text.to_string());
        inferrer.add(Path::new(path), &source, &Document::parse(&source));
    }
    let inference = inferrer.finish();
    // The release dates did not vote.
    assert_eq!(inference.format.map(|t| t.value.name()), Some("YYYY.M.D"));
    assert_eq!(inference.order.map(|t| t.value), Some(Order::OldestFirst));
    assert_eq!(inference.levels, [0, 3, 0, 0, 0, 0]);
    let c = &inference.changelogs;
    assert_eq!(c.count, 2);
    assert_eq!(c.files, ["docs/release-notes.md"]);
    // `Fixes` is another name for Fixed; `Misc` is under one release only.
    assert_eq!(c.extra_types, [("Docs".to_string(), 3)]);
    let toml = inference.to_toml();
    assert!(
        toml.contains(
            "\n[changelog]\n# 2 changelogs found; `docs/release-notes.md` has an [Unreleased] heading"
        ),
        "{toml}"
    );
    assert!(
        toml.contains(
            "change-types = [\"Added\", \"Changed\", \"Deprecated\", \"Removed\", \"Fixed\", \"Security\", \"Docs\"]\n"
        ),
        "{toml}"
    );
    // The journals' settings do not fit the changelogs: they keep `auto`.
    assert!(
        toml.ends_with(
            "\n[[overrides]]\n# Changelogs follow their own dates (`auto`): `CHANGELOG.md` \
             writes dates another way than YYYY.M.D; `CHANGELOG.md`, \
             `docs/release-notes.md` list releases newest first.\n\
             files = [\"**/{CHANGELOG,CHANGES,HISTORY,RELEASES,NEWS}.*\", \"docs/release-notes.md\"]\n\
             dates = { format = \"auto\", order = \"auto\" }\n"
        ),
        "{toml}"
    );
    let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
    let notes = config.settings_for("docs/release-notes.md");
    assert!(notes.changelog.listed);
    assert_eq!(notes.dates.order, Order::Auto);
    assert_eq!(
        config.settings_for("packages/a/changes.MD").dates.order,
        Order::Auto
    );
    assert_eq!(
        notes.changelog.change_types.last().map(String::as_str),
        Some("Docs")
    );
    assert_eq!(
        config.settings_for("notes/2023.md").dates.order,
        Order::OldestFirst
    );
}

#[test]
fn without_changelogs_there_is_no_changelog_section() {
    let toml = infer(&["## 2023.6.18\n## 2023.6.11\n"]).to_toml();
    assert!(
        !toml.contains("[changelog]") && !toml.contains("[[overrides]]"),
        "{toml}"
    );
}
