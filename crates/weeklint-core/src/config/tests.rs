use super::*;

fn errors(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    match Config::parse(text) {
        Ok(_) => Vec::new(),
        Err(errs) => errs
            .into_iter()
            .map(|e| {
                let at = e.span.map(|s| text[s].to_string());
                (e.message, at, e.help)
            })
            .collect(),
    }
}

#[test]
fn defaults_without_a_file() {
    let c = Config::parse("").unwrap_or_default();
    let s = c.settings_for("notes.md");
    assert_eq!(s, Settings::default());
    assert_eq!(s.severity("date-order"), Some(Severity::Error));
    assert_eq!(s.severity("single-title"), Some(Severity::Warning));
    assert_eq!(c.include, ["**/*.md", "**/*.markdown"]);
}

#[test]
fn every_key_of_the_spec_parses() {
    let text = r#"
[files]
include = ["**/*.md"]
exclude = ["node_modules/**", "drafts"]

[rules]
single-title = "off"
date-format = "error"
future-date = "warning"

[dates]
order = "newest-first"
format = "YYYY-MM-DD"
heading-level = 2

[images]
require-tracked = false
dirs = ["pic", "img"]
timeout-secs = 3

[checkboxes]
checked = "X"
marker = "*"

[[overrides]]
files = ["archive/**"]
rules = { date-order = "off" }
dates = { order = "oldest-first" }

[[overrides]]
files = ["archive/2019/**"]
rules = { date-order = "warn" }
"#;
    let c = Config::parse(text).unwrap();
    let s = c.settings_for("notes.md");
    assert_eq!(s.severity("single-title"), None);
    assert_eq!(s.severity("date-format"), Some(Severity::Error));
    assert_eq!(s.severity("future-date"), Some(Severity::Warning));
    assert_eq!(s.dates.order, DateOrder::NewestFirst);
    assert_eq!(
        s.dates.format,
        DateFormat::Form(DateForm::from_name("YYYY-MM-DD").expect("a form"))
    );
    assert_eq!(s.dates.heading_level, Some(2));
    assert!(!s.images.require_tracked);
    assert_eq!(s.images.dirs, ["pic", "img"]);
    assert_eq!(s.images.timeout_secs, 3);
    assert_eq!(s.checkboxes.checked, 'X');
    assert_eq!(s.checkboxes.marker, TaskMarker::Bullet('*'));
    assert_eq!(c.exclude, ["node_modules/**", "drafts"]);

    let a = c.settings_for("archive/2020/log.md");
    assert_eq!(a.severity("date-order"), None);
    assert_eq!(a.dates.order, DateOrder::OldestFirst);
    // Later overrides win.
    let b = c.settings_for("archive/2019/log.md");
    assert_eq!(b.severity("date-order"), Some(Severity::Warning));
    assert_eq!(b.dates.order, DateOrder::OldestFirst);
}

#[test]
fn unknown_keys_and_rules_name_the_nearest() {
    let e = errors("[dates]\nordr = \"auto\"\n[rules]\ndate-ordr = \"off\"\n[checkbox]\n");
    assert_eq!(
        e,
        [
            (
                "unknown key `ordr` in [dates]".to_string(),
                Some("ordr".to_string()),
                Some("did you mean `order`?".to_string())
            ),
            (
                "unknown rule `date-ordr` in [rules]".to_string(),
                Some("date-ordr".to_string()),
                Some("did you mean `date-order`?".to_string())
            ),
            (
                "unknown key `checkbox` in lint.toml".to_string(),
                Some("checkbox".to_string()),
                Some("did you mean `checkboxes`?".to_string())
            ),
        ]
    );
}

#[test]
fn bad_values_point_at_the_value() {
    let e = errors(
        "[dates]\norder = \"newest\"\nheading-level = 9\nformat = 3\n[rules]\nsingle-title = \"warnn\"\n",
    );
    let at: Vec<Option<String>> = e.iter().map(|x| x.1.clone()).collect();
    assert_eq!(
        at,
        [
            Some("\"newest\"".to_string()),
            Some("9".to_string()),
            Some("3".to_string()),
            Some("\"warnn\"".to_string())
        ]
    );
    assert_eq!(e[0].0, "`newest` is not a valid value for `dates.order`");
    assert_eq!(e[3].2.as_deref(), Some("did you mean `warn`?"));
}

#[test]
fn toml_syntax_error_has_a_span() {
    let e = Config::parse("[dates\norder = 1\n")
        .err()
        .unwrap_or_default();
    assert_eq!(e.len(), 1);
    assert!(e[0].span.is_some());
}

#[test]
fn override_needs_files_and_valid_globs() {
    let e = errors(
        "[[overrides]]\nrules = { date-order = \"off\" }\n[[overrides]]\nfiles = [\"a/[\"]\n",
    );
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].0, "an override needs `files`");
    assert!(e[1].0.starts_with("invalid glob `a/[`"), "{}", e[1].0);
}

#[test]
fn wrong_types() {
    let e = errors(
        "files = 3\n[images]\ndirs = \"pic\"\nrequire-tracked = \"yes\"\ntimeout-secs = 0\n",
    );
    let messages: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`files` must be a table, not integer",
            "`images.dirs` must be an array of strings",
            "`images.require-tracked` must be true or false, not string",
            "`images.timeout-secs` must be a positive whole number"
        ]
    );
}

#[test]
fn a_list_written_as_a_string_gets_an_example_to_paste_into_its_table() {
    let helps: Vec<Option<String>> = [
        "[files]\ninclude = \"**/*.md\"\n",
        "[images]\ndirs = \"pic\"\n",
        "[[overrides]]\nfiles = \"archive/**\"\n",
    ]
    .iter()
    .flat_map(|t| errors(t))
    .map(|(_, _, help)| help)
    .collect();
    assert_eq!(
        helps,
        [
            Some("for example: include = [\"notes/**\"]".to_string()),
            Some("for example: dirs = [\"pic\"]".to_string()),
            Some("for example: files = [\"archive/**\"]".to_string()),
        ]
    );
}
