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
max-size = 64

[rules]
single-title = "off"
date-format = "error"
future-date = "warning"

[dates]
order = "newest-first"
format = "YYYY-MM-DD"
heading-level = 2
numeric-order = "day-first"

[images]
require-tracked = false
dirs = ["pic", "img"]
timeout-secs = 3

[checkboxes]
checked = "X"
marker = "*"

[changelog]
files = ["docs/releases.md"]
change-types = ["Added", "Fixed", "Internal"]

[[overrides]]
files = ["archive/**"]
rules = { date-order = "off" }
dates = { order = "oldest-first" }

[[overrides]]
files = ["archive/2019/**"]
rules = { date-order = "warn" }
checkboxes = { checked = "x", marker = "-" }
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
    assert_eq!(c.max_size_bytes(), 64 << 20);
    assert_eq!(s.changelog.change_types, ["Added", "Fixed", "Internal"]);
    assert!(!s.changelog.listed);
    assert!(c.settings_for("docs/releases.md").changelog.listed);
    assert_eq!(s.dates.numeric_order, NumericOrder::DayFirst);

    let a = c.settings_for("archive/2020/log.md");
    assert_eq!(a.severity("date-order"), None);
    assert_eq!(a.dates.order, DateOrder::OldestFirst);
    // Later overrides win.
    let b = c.settings_for("archive/2019/log.md");
    assert_eq!(b.severity("date-order"), Some(Severity::Warning));
    assert_eq!(b.dates.order, DateOrder::OldestFirst);
    assert_eq!(b.checkboxes.marker, TaskMarker::Bullet('-'));
    assert_eq!(b.checkboxes.checked, 'x');
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

/// `(message, text at the span, help)` of the only error in `text`.
fn error(text: &str) -> (String, Option<String>, Option<String>) {
    let mut e = errors(text);
    assert_eq!(e.len(), 1, "{e:?}");
    e.remove(0)
}

#[test]
fn numbers_are_checked_against_their_ranges() {
    // An `Instant` plus this many seconds overflows: refused at load.
    assert_eq!(
        error("[images]\ntimeout-secs = 9223372036854775807\n"),
        (
            "`images.timeout-secs` must be 1 to 600".to_string(),
            Some("9223372036854775807".to_string()),
            None
        )
    );
    assert_eq!(
        error("[images]\ntimeout-secs = 601\n").0,
        "`images.timeout-secs` must be 1 to 600"
    );
    // Beyond `i64`: not TOML, but the parser reads it.
    assert_eq!(
        error("[images]\ntimeout-secs = 9223372036854775808\n").1,
        Some("9223372036854775808".to_string())
    );
    assert_eq!(
        error("[images]\ntimeout-secs = 9223372036854775808\n").0,
        "`images.timeout-secs` must be 1 to 600"
    );
    assert_eq!(
        error("[images]\ntimeout-secs = -1\n"),
        (
            "`images.timeout-secs` must be a positive whole number".to_string(),
            Some("-1".to_string()),
            Some("from 1 to 600".to_string())
        )
    );
    assert_eq!(
        error("[files]\nmax-size = 0\n"),
        (
            "`files.max-size` must be a positive whole number".to_string(),
            Some("0".to_string()),
            Some("from 1 to 4096".to_string())
        )
    );
    assert_eq!(
        error("[files]\nmax-size = 5000\n"),
        (
            "`files.max-size` must be 1 to 4096".to_string(),
            Some("5000".to_string()),
            None
        )
    );
    assert_eq!(
        error("[files]\nmax-size = \"1GB\"\n").0,
        "`files.max-size` must be a positive whole number"
    );
    for level in ["0", "7", "-1"] {
        assert_eq!(
            error(&format!("[dates]\nheading-level = {level}\n")),
            (
                "`dates.heading-level` must be 1 to 6, or \"auto\"".to_string(),
                Some(level.to_string()),
                None
            )
        );
    }
    // An override is checked like the top of the file.
    assert_eq!(
        error("[[overrides]]\nfiles = [\"a/**\"]\ndates = { heading-level = 7 }\n").1,
        Some("7".to_string())
    );
}

#[test]
fn the_ends_of_each_range_are_accepted() {
    let c = Config::parse(
        "[files]\nmax-size = 4096\n[dates]\nheading-level = 6\n[images]\ntimeout-secs = 600\n",
    )
    .unwrap();
    assert_eq!(c.max_size_bytes(), 4096 << 20);
    assert_eq!(c.base().dates.heading_level, Some(6));
    assert_eq!(c.base().images.timeout_secs, 600);
    let c = Config::parse(
        "[files]\nmax-size = 1\n[dates]\nheading-level = 1\n[images]\ntimeout-secs = 1\n",
    )
    .unwrap();
    assert_eq!(c.max_size_bytes(), 1 << 20);
    assert_eq!(c.base().dates.heading_level, Some(1));
    assert_eq!(c.base().images.timeout_secs, 1);
}

#[test]
fn max_size_defaults_to_256_mb() {
    assert_eq!(Config::default().max_size_bytes(), 256 << 20);
    assert_eq!(Config::parse("").unwrap().max_size_bytes(), 256 << 20);
}

#[test]
fn problems_of_every_kind_are_reported_together() {
    // Unknown keys and sections that are not tables are removed before
    // serde reads the file; the values left are all still checked.
    let text = "checkboxes = 1979-05-27\n\
        overrides = [3, { dates = { order = \"up\", ordr = 1 } }]\n\
        [dates]\nordr = \"auto\"\norder = 1\nformat = \"YYYY-MM-DDD\"\n\
        [images]\ndirs = [\"pic\", true]\n";
    let e = errors(text);
    let got: Vec<(&str, Option<&str>, Option<&str>)> = e
        .iter()
        .map(|(m, at, help)| (m.as_str(), at.as_deref(), help.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "`checkboxes` must be a table, not datetime",
                Some("1979-05-27"),
                None
            ),
            ("`overrides` must be a table, not integer", Some("3"), None),
            (
                "an override needs `files`",
                Some("{ dates = { order = \"up\", ordr = 1 } }"),
                Some("for example: files = [\"archive/**\"]")
            ),
            (
                "`up` is not a valid value for `dates.order`",
                Some("\"up\""),
                Some("expected one of: newest-first, oldest-first, auto")
            ),
            (
                "unknown key `ordr` in [overrides.dates]",
                Some("ordr"),
                Some("did you mean `order`?")
            ),
            (
                "unknown key `ordr` in [dates]",
                Some("ordr"),
                Some("did you mean `order`?")
            ),
            (
                "`dates.order` must be a string, not integer",
                Some("1"),
                None
            ),
            (
                "`YYYY-MM-DDD` is not a valid value for `dates.format`",
                Some("\"YYYY-MM-DDD\""),
                Some("did you mean `YYYY-MM-DD`?")
            ),
            (
                "`images.dirs` must be a string, not boolean",
                Some("true"),
                None
            ),
        ]
    );
}

#[test]
fn overrides_must_be_an_array_of_tables_and_rules_known() {
    assert_eq!(
        error("overrides = 3\n"),
        (
            "`overrides` must be an array of tables".to_string(),
            Some("3".to_string()),
            Some("write each override as [[overrides]]".to_string())
        )
    );
    assert_eq!(
        error("[[overrides]]\nfiles = [\"a/**\"]\nrules = { date-ordr = \"off\" }\n"),
        (
            "unknown rule `date-ordr` in [overrides.rules]".to_string(),
            Some("date-ordr".to_string()),
            Some("did you mean `date-order`?".to_string())
        )
    );
    assert_eq!(
        error("[[overrides]]\nfiles = [\"a/**\"]\nimages = { dirs = [] }\n"),
        (
            "unknown key `images` in [[overrides]]".to_string(),
            Some("images".to_string()),
            Some("valid keys here: files, rules, dates, checkboxes".to_string())
        )
    );
}

#[test]
fn image_folders_must_be_inside_the_root() {
    // `unused-image` listed `../secret/keys` for its unused files.
    let e = errors(
        "[images]\ndirs = [\"pic\", \"../secret/keys\", \"/etc\", \"a/../../b\", \"a/../b\", \"./img\"]\n",
    );
    let got: Vec<(&str, Option<&str>)> = e.iter().map(|x| (x.0.as_str(), x.1.as_deref())).collect();
    assert_eq!(
        got,
        [
            (
                "`images.dirs` holds `../secret/keys`, outside the project root",
                Some("\"../secret/keys\"")
            ),
            (
                "`images.dirs` holds `/etc`, outside the project root",
                Some("\"/etc\"")
            ),
            (
                "`images.dirs` holds `a/../../b`, outside the project root",
                Some("\"a/../../b\"")
            ),
        ]
    );
    assert!(
        e.iter().all(|x| x.2.as_deref()
            == Some("name a folder inside the folder of lint.toml, such as `pic`"))
    );
}

#[test]
fn changelog_files_and_change_types() {
    let c = Config::parse("[changelog]\nfiles = [\"docs/*.md\"]\n").unwrap();
    assert!(c.has_overrides(), "settings differ per file");
    assert!(c.settings_for("docs/RELEASES-2.md").changelog.listed);
    assert!(!c.settings_for("docs/sub/notes.md").changelog.listed);
    assert_eq!(
        c.settings_for("notes.md").changelog.change_types,
        crate::config::CHANGE_TYPES
    );
    let defaults = Config::parse("[changelog]\nfiles = []\n").unwrap();
    assert!(!defaults.has_overrides());

    let e = errors(
        "[changelog]\nfiles = [\"a/[\"]\nchange-types = [\"Added\", \"added\", \"\", \" Fixed\", 3]\n",
    );
    let found: Vec<(&str, Option<&str>)> =
        e.iter().map(|x| (x.0.as_str(), x.1.as_deref())).collect();
    assert_eq!(
        found,
        [
            (
                "invalid glob `a/[`: error parsing glob 'a/[': unclosed character class; missing ']'",
                Some("\"a/[\""),
            ),
            (
                "`changelog.change-types` must be a string, not integer",
                Some("3")
            ),
        ]
    );
    // The names are checked once every item is a string.
    let e = errors("[changelog]\nchange-types = [\"Added\", \"added\", \"\", \" Fixed\"]\n");
    let found: Vec<(&str, Option<&str>)> =
        e.iter().map(|x| (x.0.as_str(), x.1.as_deref())).collect();
    assert_eq!(
        found,
        [
            (
                "`changelog.change-types` lists `added` twice",
                Some("\"added\"")
            ),
            ("`changelog.change-types` holds an empty name", Some("\"\"")),
            (
                "`changelog.change-types` holds ` Fixed`, with spaces around it",
                Some("\" Fixed\"")
            ),
        ]
    );
    let (message, at, help) = error("[changelog]\nchange-types = []\n");
    assert_eq!(
        message,
        "`changelog.change-types` is empty: every sub-heading of a release would be reported"
    );
    assert_eq!(at.as_deref(), Some("[]"));
    assert!(help.is_some_and(|h| h.contains("change-type = \"off\"")));
    // Only at the top: an override cannot make a file a changelog.
    let (message, _, _) = error("[[overrides]]\nfiles = [\"x\"]\nchangelog = { files = [] }\n");
    assert_eq!(message, "unknown key `changelog` in [[overrides]]");
}
