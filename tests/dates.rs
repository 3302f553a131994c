//! Dates as real journals write them: `weeklint outline` and the date
//! rules on excerpts of real meeting notes, logs and changelogs
//! (`tests/fixtures/journals/`, sources in its README).

use crate::common::{repo_root, run, temp_tree, weeklint};

const JOURNALS: &str = "tests/fixtures/journals";

/// `weeklint outline --output-format json` of `path`, as
/// `(line, precision, date, year_from)` per dated heading.
fn outline(path: &str) -> Vec<(u64, String, Option<String>, Option<String>)> {
    let (code, out, err) = run(weeklint(&repo_root()).args([
        "outline",
        "--isolated",
        "--output-format",
        "json",
        &format!("{JOURNALS}/{path}"),
    ]));
    assert_eq!(code, 0, "{err}");
    let items: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    items
        .as_array()
        .unwrap_or_else(|| panic!("an array: {out}"))
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().map(str::to_string);
            (
                e["line"].as_u64().unwrap_or_default(),
                s("precision").unwrap_or_default(),
                s("date"),
                s("year_from"),
            )
        })
        .collect()
}

fn dates(path: &str) -> Vec<Option<String>> {
    outline(path).into_iter().map(|e| e.2).collect()
}

fn d(iso: &str) -> Option<String> {
    Some(iso.to_string())
}

#[test]
fn year_less_meeting_notes_take_the_year_of_the_heading_above() {
    let found = outline("kubernetes-community/2019-meeting-notes.md");
    assert_eq!(found[0], (1, "year".into(), d("2019"), None));
    let from_2019 = Some("year 2019 from line 1 (`2019`)".to_string());
    assert_eq!(
        found[1],
        (3, "day".into(), d("2019-12-19"), from_2019.clone())
    );
    // `November 20/21`, `July 31th` (sic), `Feb 27`, `Jan 2`.
    let isos: Vec<Option<String>> = found.iter().map(|e| e.2.clone()).collect();
    for want in ["2019-11-20", "2019-07-31", "2019-02-27", "2019-01-02"] {
        assert!(isos.contains(&d(want)), "{want}: {isos:?}");
    }
    // `### March 27` is under `## April 3`, the nearest heading with a year.
    let from_april = Some("year 2019 from line 47 (`April 3 (recording)`)".to_string());
    assert!(found[1..13].iter().all(|e| e.3 == from_2019), "{found:?}");
    assert!(found[13..].iter().all(|e| e.3 == from_april), "{found:?}");
    assert_eq!(found.len(), 17);
}

#[test]
fn year_less_headings_take_the_year_of_the_file_name() {
    let found = outline("python-steering-council/2021-12-steering-council-update.md");
    let from_name = Some("year 2021 from the file name".to_string());
    assert_eq!(
        found,
        [
            (1, "day".into(), d("2021-12-06"), from_name.clone()),
            (5, "day".into(), d("2021-12-13"), from_name.clone()),
            (9, "day".into(), d("2021-12-13"), from_name),
        ]
    );
}

#[test]
fn cjk_dates_with_spaces_and_colloquial_day() {
    assert_eq!(
        dates("chinese-independent-developer/README.md"),
        [
            d("2026-08-22"),
            d("2025-08-08"),
            d("2025-08-08"),
            d("2024-04-13"),
            d("2024-04-12"),
            d("2024-01-31"),
            d("2020-01-16"),
            d("2019-01-10"),
            d("2019-12-21"),
            d("2019-12-19"),
        ]
    );
}

#[test]
fn release_headings_are_dated_by_the_date_after_their_version() {
    assert_eq!(
        dates("nextcloud-user_oidc/CHANGELOG.md"),
        [
            d("2026-04-24"),
            d("2026-04-17"),
            d("2026-01-12"),
            d("2025-12-17"),
            d("2025-12-17"),
            d("2025-12-17"),
            d("2025-10-15"),
        ]
    );
    let tokio = dates("tokio/CHANGELOG.md");
    assert_eq!(tokio[0], d("2026-07-20"));
    assert_eq!(tokio[7], d("2026-03-03"));
    let kac = outline("keep-a-changelog/CHANGELOG.md");
    assert!(kac.iter().all(|e| e.1 == "day" && e.2.is_some()), "{kac:?}");
    assert_eq!(kac[0].2, d("2026-06-07"));
}

#[test]
fn month_names_before_or_after_the_day() {
    assert_eq!(dates("tc39-notes/apr-20.md"), [d("2021-04-20")]);
    assert_eq!(dates("tc39-notes/mar-13.md"), [d("2013-03-13")]);
}

#[test]
fn european_dates_are_read_day_first_and_an_impossible_one_is_null() {
    let found = outline("powerplay/README.md");
    assert_eq!(found[0].2, d("2022-12-19"));
    // `2022 IA Nuclear_Meet_2022-19-11`: year, day, month, as ISO it has
    // no month 19.
    assert_eq!(found[5], (13, "day".into(), None, None));
}

#[test]
fn cancelled_meetings_are_dated() {
    assert_eq!(
        dates("kubernetes-community/meeting-notes-2016.md"),
        [
            d("2016-12-15"),
            d("2016-12-01"),
            d("2016-11-24"),
            d("2016-11-17"),
            d("2016-11-10"),
            d("2016-10-27"),
        ]
    );
}

/// Every error of the date rules on the real excerpts: the mistakes the
/// journals really hold, and nothing else (each checked by hand against
/// the source).
#[test]
fn the_real_mistakes_are_found_and_nothing_else() {
    let (code, out, err) = run(weeklint(&repo_root()).args([
        "check",
        "--isolated",
        "--offline",
        "--output-format",
        "concise",
        "--select",
        "date-order,duplicate-date,invalid-date",
        JOURNALS,
    ]));
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            // A day written twice, and 2019 typed for 2020 in January.
            "tests/fixtures/journals/chinese-independent-developer/README.md:9:5: error[duplicate-date] date 2025 年 8 月 8 号 is already used by an earlier sibling section",
            "tests/fixtures/journals/chinese-independent-developer/README.md:24:5: error[date-order] date 2019年1月10号 is older than the entry below it (2019年12月21号)",
            // The three mistakes of kubernetes/community.
            "tests/fixtures/journals/kubernetes-community/201801-201807_Community_Meeting_Minutes.md:11:4: error[date-order] date July 15, 2018 is newer than the entry above it (June 28, 2018)",
            "tests/fixtures/journals/kubernetes-community/201911-202010_Community_Meeting_Notes.md:13:5: error[duplicate-date] date June 18, 2020 is already used by an earlier sibling section",
            "tests/fixtures/journals/kubernetes-community/2021_Weekly_Meeting_Minutes.md:27:5: error[duplicate-date] date 09/21/2021 is already used by an earlier sibling section",
            // Year-day-month written where the file is day-month-year.
            "tests/fixtures/journals/powerplay/README.md:7:25: error[date-order] date 2022-03-12 is older than the entry below it (05.12.2022)",
            "tests/fixtures/journals/powerplay/README.md:13:25: error[invalid-date] 2022-19-11 is not a calendar date: there is no month 19",
            // Four November entries pasted below October.
            "tests/fixtures/journals/powerplay/README.md:17:4: error[date-order] date 31.10.2022 is older than the entry below it (17.11.2022)",
            "tests/fixtures/journals/powerplay/README.md:19:4: error[date-order] date 24.10.2022 is older than the entry below it (17.11.2022)",
            // Release dates typed with the year before, in January; the
            // backports of older release lines are in order.
            "tests/fixtures/journals/tokio/CHANGELOG.md:23:11: error[date-order] date January 5, 2022 is older than the entry below it (December 5, 2022)",
            "tests/fixtures/journals/tokio/CHANGELOG.md:27:11: error[date-order] date December 5, 2022 is newer than the entry above it (January 4, 2022)",
            "tests/fixtures/journals/tokio/CHANGELOG.md:33:11: error[date-order] date January 3, 2022 is older than the entry below it (September 27, 2022)",
            "12 errors in 6 files; 5 fixable with --fix",
        ]
    );
}

#[test]
fn outline_text_lists_each_file_and_says_where_years_came_from() {
    let dir = temp_tree(&[
        ("notes/2019.md", "# Standups\n\n## March 8\n\n## 6/18\n"),
        ("notes/plain.md", "# Ideas\n\nNo dates here.\n"),
    ]);
    let (code, out, err) = run(weeklint(dir.path()).args(["outline", "notes"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "notes/2019.md: 2 dated headings\n\
         \x20     3  ##      day    2019-03-08  March 8  (year 2019 from the file name)\n\
         \x20     5  ##      day    2019-06-18  6/18  (year 2019 from the file name; month first: line 5 has a day above 12)\n\
         notes/plain.md: no dated headings\n\
         2 dated headings in 1 file; 1 file without\n"
    );
}

#[test]
fn outline_honours_the_config_and_isolated() {
    let files = [
        ("lint.toml", "[dates]\nnumeric-order = \"day-first\"\n"),
        ("log.md", "## 05/06/2023\n"),
    ];
    let dir = temp_tree(&files);
    let json = |args: &[&str]| {
        let (code, out, err) = run(weeklint(dir.path()).args(args));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        (
            v[0]["date"].as_str().map(str::to_string),
            v[0]["day_order"].as_str().map(str::to_string),
        )
    };
    assert_eq!(
        json(&["outline", "--output-format", "json"]),
        (d("2023-06-05"), d("day first: dates.numeric-order"))
    );
    assert_eq!(
        json(&["outline", "--output-format", "json", "--isolated"]).0,
        d("2023-05-06")
    );
    // A bad config stops the outline as it stops a check.
    let dir = temp_tree(&[
        ("lint.toml", "[dates]\nnumeric-order = \"dmy\"\n"),
        ("log.md", ""),
    ]);
    let (code, _, err) = run(weeklint(dir.path()).arg("outline"));
    assert_eq!(code, 2);
    assert!(
        err.contains("`dmy` is not a valid value for `dates.numeric-order`"),
        "{err}"
    );
}

#[test]
fn outline_json_has_the_documented_fields() {
    let dir = temp_tree(&[(
        "log.md",
        "# Log\n\n## Sun, June 18, 2023 standup\n\n## 2023-W24\n",
    )]);
    let (code, out, _) = run(weeklint(dir.path()).args(["outline", "--output-format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {
                "path": "log.md", "line": 3, "level": 2, "precision": "day",
                "date": "2023-06-18", "text": "Sun, June 18, 2023 standup",
                "written": "June 18, 2023", "form": "MMMM D, YYYY",
                "year_from": null, "day_order": null, "nested": false
            },
            {
                "path": "log.md", "line": 5, "level": 2, "precision": "week",
                "date": "2023-W24", "text": "2023-W24", "written": "2023-W24",
                "form": "YYYY-Www", "year_from": null, "day_order": null, "nested": false
            }
        ])
    );
}

#[test]
fn a_daily_log_of_level_one_headings_is_not_a_file_of_titles() {
    let dir = temp_tree(&[(
        "2021.md",
        "# 2021-8-3\n\nnotes\n\n# 2021-8-2\n\nnotes\n\n# 2018-8-22\n\nnotes\n\n# 2021-8-2\n\n# 2021-8-1\n",
    )]);
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "2021.md:9:3: error[date-order] date 2018-8-22 is older than the entry below it (2021-8-2)\n\
         2021.md:13:3: error[duplicate-date] date 2021-8-2 is already used by an earlier sibling section\n\
         2 errors in 1 file; 1 fixable with --fix\n"
    );
}

#[test]
fn a_log_split_evenly_runs_the_way_from_its_first_entry_to_its_last() {
    // One pair each way: 2023.6.10 above 2023.6.15 makes it oldest first,
    // so 2023.6.15 is out of place, not 2023.6.10.
    let text = "## 2023.6.10\n\nten\n\n## 2023.6.18\n\neighteen\n\n## 2023.6.15\n\nfifteen\n";
    let dir = temp_tree(&[("log.md", text)]);
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "log.md:9:4: error[date-order] date 2023.6.15 is older than the entry above it (2023.6.18)\n\
         1 error in 1 file; 1 fixable with --fix\n"
    );
    let (_, out, _) = run(weeklint(dir.path()).args(["check", "--color", "never"]));
    assert!(
        out.contains(
            "help: entries here are split evenly; the first (2023.6.10) is older than the last \
             (2023.6.15), so oldest first\n"
        ),
        "{out}"
    );
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "--fix"]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("log.md")).unwrap(),
        "## 2023.6.10\n\nten\n\n## 2023.6.15\n\nfifteen\n\n## 2023.6.18\n\neighteen\n"
    );
}
