use super::*;
use crate::document::Document;

fn numbers(text: &str) -> Option<(Vec<u64>, String, bool)> {
    release_version(text).map(|v| (v.numbers, v.suffix, v.bracketed))
}

#[test]
fn release_versions() {
    let n = |v: &[u64]| v.to_vec();
    assert_eq!(
        numbers("[1.2.0] - 2019-03-15"),
        Some((n(&[1, 2, 0]), String::new(), true))
    );
    assert_eq!(
        numbers("v1.2.0 (2019-03-15)"),
        Some((n(&[1, 2, 0]), String::new(), false))
    );
    assert_eq!(numbers("v2"), Some((n(&[2]), String::new(), false)));
    assert_eq!(
        numbers("1.2.0-rc.1+build.5"),
        Some((n(&[1, 2, 0]), "-rc.1".into(), false))
    );
    assert_eq!(
        numbers("0.13.0.dev2"),
        Some((n(&[0, 13, 0]), ".dev2".into(), false))
    );
    assert_eq!(
        numbers("2.0a1 (2023-04-03)"),
        Some((n(&[2, 0]), "a1".into(), false))
    );
    assert_eq!(
        numbers("22.06.0rc1"),
        Some((n(&[22, 6, 0]), "rc1".into(), false))
    );
    assert_eq!(
        numbers("2025.09.0 – 2025-09-27"),
        Some((n(&[2025, 9, 0]), String::new(), false))
    );
    assert_eq!(
        numbers("1.2.0."),
        Some((n(&[1, 2, 0]), String::new(), false))
    );
    // Regression: keepassxc's `## 2.0 Beta 2 (2015-09-06)` was read as a
    // second 2.0.
    assert_eq!(
        numbers("2.0 Beta 2 (2015-09-06)"),
        Some((n(&[2, 0]), " Beta 2".into(), false))
    );
    assert_eq!(
        numbers("[1.0 RC1]"),
        Some((n(&[1, 0]), " RC1".into(), true))
    );
    assert_eq!(
        numbers("2.0 Betamax"),
        Some((n(&[2, 0]), String::new(), false))
    );
}

#[test]
fn pre_releases_written_apart_come_before_their_release() {
    let ordered = [
        "2.0 Alpha 5",
        "2.0 Alpha 6",
        "2.0 Beta 1",
        "2.0 beta 2",
        "2.0 RC1",
        "2.0",
        "2.0.1",
    ];
    for pair in ordered.windows(2) {
        assert!(precedence(pair[0]) < precedence(pair[1]), "{pair:?}");
    }
    assert_eq!(precedence("2.0 Beta 2"), precedence("2.0.0-beta.2"));
}

#[test]
fn not_versions() {
    for text in [
        "2023-06-18",
        "[Unreleased]",
        "Added",
        "2",
        "1.2.0x",
        "[1.2.0",
        "version",
    ] {
        assert_eq!(numbers(text), None, "{text}");
    }
}

#[test]
fn unreleased_headings() {
    assert!(is_unreleased("[Unreleased]"));
    assert!(is_unreleased("Unreleased"));
    assert!(is_unreleased("[unreleased] - ReleaseDate"));
    assert!(!is_unreleased("Unreleasedx"));
    assert!(!is_unreleased("Released"));
}

fn precedence(text: &str) -> Precedence {
    release_version(text)
        .unwrap_or_else(|| panic!("{text} is no version"))
        .precedence()
}

#[test]
fn semver_precedence_from_the_spec() {
    // The example of SemVer 2.0 §11, in order.
    let ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "2.0.0",
        "2.1.0",
        "2.1.1",
    ];
    for pair in ordered.windows(2) {
        assert!(precedence(pair[0]) < precedence(pair[1]), "{pair:?}");
    }
    // Build metadata does not count, nor a `v`, nor trailing zeros.
    assert_eq!(precedence("1.0.0+20130313144700"), precedence("v1.0.0"));
    assert_eq!(precedence("1.2"), precedence("1.2.0"));
    assert!(precedence("1.0.0-rc9") < precedence("1.0.0-rc10"));
}

#[test]
fn pep_440_and_calver_precedence() {
    let ordered = [
        "1.0.dev1",
        "1.0a1.dev1",
        "1.0a1",
        "1.0b2",
        "1.0rc1",
        "1.0",
        "1.0.post1.dev2",
        "1.0.post1",
        "1.1",
    ];
    for pair in ordered.windows(2) {
        assert!(precedence(pair[0]) < precedence(pair[1]), "{pair:?}");
    }
    // PEP 440 and SemVer pre-releases of one version agree.
    assert_eq!(precedence("2.0a1"), precedence("2.0.0-alpha.1"));
    assert_eq!(precedence("2.0rc1"), precedence("2.0.0-rc.1"));
    // A CalVer `-N` is another release of the day; elsewhere a pre-release.
    assert!(precedence("2021.01.05-1") > precedence("2021.01.05"));
    assert!(precedence("1.0.0-1") < precedence("1.0.0"));
    assert!(precedence("2022.06.22.1") > precedence("2022.06.22"));
}

#[test]
fn the_same_version_and_its_builds() {
    let v = |t: &str| release_version(t).expect("a version");
    assert!(v("[1.2.0]").same_as(&v("v1.2.0")));
    assert!(v("1.2.0+A").same_as(&v("1.2.0+a")));
    assert!(!v("1.2.0+a").same_as(&v("1.2.0+b")));
    assert!(!v("1.2.0-rc.1").same_as(&v("1.2.0")));
    assert_eq!(v("1.2.0-rc.1+build.5").build, "build.5");
}

#[test]
fn release_headings_of_a_changelog() {
    let source = crate::Source::new(
        "# Changelog\n## [Unreleased]\n### Added\n## [v1.2.0] - 2019-03-15\n\
         - ## 9.9.9 in a list\n## Notes\n\n[v1.2.0]: https://x\n"
            .to_string(),
    );
    let doc = Document::parse(&source);
    let changelog = Changelog::new(&doc);
    let found: Vec<(usize, Option<Vec<u64>>)> = changelog
        .releases()
        .iter()
        .map(|r| (r.heading, r.version.as_ref().map(|v| v.numbers.clone())))
        .collect();
    // `[v1.2.0]` is a link (its text `v1.2.0`), the list item's heading
    // is not in the outline.
    assert_eq!(found, [(1, None), (3, Some(vec![1, 2, 0]))]);
    assert_eq!(changelog.label_and_span(&doc, 1).0, "v1.2.0");
    let (label, span) = changelog.label_and_span(&doc, 0);
    assert_eq!(
        (label.as_str(), &source.text()[span]),
        ("Unreleased", "Unreleased")
    );
    assert!(changelog.release(2).is_none());
    assert_eq!(changelog.sibling_groups(&doc), [vec![0, 1]]);
    let h = &doc.headings.all()[1];
    assert!(changelog.releases()[0].shows_brackets(doc.headings.text(h)));
}

#[test]
fn a_changelog_by_name_heading_or_config() {
    let doc = |t: &str| Document::parse(&crate::Source::new(t.to_string()));
    let plain = doc("## 1.0.0\n");
    for name in [
        "CHANGELOG.md",
        "changes.markdown",
        "History.MD",
        "docs/NEWS.md",
        "RELEASES.md",
    ] {
        assert!(is_changelog(Path::new(name), &plain), "{name}");
    }
    assert!(!is_changelog(Path::new("notes.md"), &plain));
    assert!(is_changelog(
        Path::new("notes.md"),
        &doc("# Notes\n## [Unreleased]\n")
    ));
    // `changelog.files` makes any file one, for the dates too.
    let (_, listed) = crate::test_util::lint_in(
        crate::fs::MemoryFs::new(),
        "/r",
        "docs/releases.md",
        "## 2.0.0\n## 3.0.0\n## 1.0.0\n",
        "version-order",
        "[changelog]\nfiles = [\"docs/*.md\"]\n",
    );
    assert_eq!(listed.len(), 1);
}

#[test]
fn words_after_the_version_make_no_release() {
    let source = crate::Source::new(
        "## Unreleased changes in yt-dlc\n## 1.2.0 [YANKED]\n## 24.03 and earlier\n\
         ## [Unreleased] - ReleaseDate\n## v1.0.0 Codename\n## 0.9.0 (unreleased)\n"
            .to_string(),
    );
    let doc = Document::parse(&source);
    let headings: Vec<usize> = Changelog::new(&doc)
        .releases()
        .iter()
        .map(|r| r.heading)
        .collect();
    assert_eq!(headings, [1, 3, 4, 5]);
}
