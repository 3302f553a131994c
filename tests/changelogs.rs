//! Changelogs: parity with python-kacl (`kacl-cli verify`, the validator
//! people use for Keep a Changelog files) on the same files, and the
//! changelog rules and fixes end to end.
//!
//! The fixtures under `tests/fixtures/changelogs/` hold each kind of
//! mistake kacl knows, and valid changelogs in several styles. Every
//! problem kacl reports that SPEC covers, weeklint reports on the same
//! line; every changelog problem weeklint reports, kacl reports on that
//! line too. Where the two differ, [`DIFFERENCES`] says why, from SPEC.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{read, repo_root, run, temp_dir, temp_tree, weeklint, write};

const FIXTURES: &str = "tests/fixtures/changelogs";

/// The rules that report what kacl reports, or what SPEC adds for
/// changelogs.
const RULES: &str = "version-order,duplicate-version,unreleased-position,release-date,\
                     version-link,change-type,duplicate-heading,invalid-date,single-title";

/// What weeklint reports for a kind of kacl finding.
enum Weeklint {
    /// One of these rules, on the same line.
    Reports(&'static [&'static str]),
    /// Nothing: SPEC has no such rule, for this reason.
    Not(&'static str),
}

use Weeklint::{Not, Reports};

/// Each kind of kacl finding, by a part of its message.
const KINDS: &[(&str, Weeklint)] = &[
    (
        "Versions are not in descending order",
        Reports(&["version-order", "duplicate-version"]),
    ),
    (
        "is linked, but no link reference found",
        Reports(&["version-link"]),
    ),
    // kacl reports an unused definition of any label; SPEC, of versions
    // (`[#13]` is listed in DIFFERENCES).
    (
        "Link not referenced anywhere in the document",
        Reports(&["version-link"]),
    ),
    (
        "is not a valid section for a version",
        Reports(&["change-type"]),
    ),
    (
        "has multiple sections with title",
        Reports(&["duplicate-heading"]),
    ),
    (
        "Versions need to be decorated with a release date",
        Reports(&["release-date"]),
    ),
    ("Date does not match format", Reports(&["invalid-date"])),
    (
        "Unexpected additional top-level heading",
        Reports(&["single-title"]),
    ),
    (
        "Version is not a valid semantic version",
        Not("SPEC: `v1.2.0`, CalVer and PEP 440 versions are versions"),
    ),
    (
        "Missing default content",
        Not("SPEC has no rule about a changelog's boilerplate"),
    ),
    (
        "Header title not valid",
        Not("SPEC has no rule about a changelog's title"),
    ),
    (
        "No 'Changelog' header found",
        Not("SPEC has no rule about a changelog's title"),
    ),
    (
        "Changelog header not placed on first line",
        Not("SPEC has no rule about a changelog's title"),
    ),
    (
        "has content outside of a section",
        Not("SPEC: prose in a release renders fine"),
    ),
    (
        "has change elements outside of a change section",
        Not("SPEC: prose in a release renders fine"),
    ),
    (
        "Section does contain more than only listings",
        Not("SPEC: prose in a release renders fine"),
    ),
];

/// Lines where weeklint and kacl differ on purpose: the fixture, the line,
/// the kacl finding or weeklint rule the other has no counterpart for,
/// and why.
const DIFFERENCES: &[(&str, usize, &str, &str)] = &[
    (
        "order",
        25,
        "version-order",
        "SPEC: version-order flags the fewest releases whose removal leaves the rest in order, \
         like date-order: the mistyped 0.2.0; kacl flags the release after it (line 31)",
    ),
    (
        "order",
        31,
        "Versions are not in descending order",
        "kacl flags 1.2.1 for coming after the mistyped 0.2.0 (line 25), which weeklint flags",
    ),
    (
        "order",
        37,
        "Versions are not in descending order",
        "SPEC/docs: 1.2.1 is a patch of the 1.2 line listed by date (a backport); releases are \
         compared within their line, and lines by their first release, as date-order does",
    ),
    (
        "styles",
        17,
        "Versions are not in descending order",
        "SPEC: PEP 440 suffixes: 2.0.0rc1 is a pre-release, below 2.0.0",
    ),
    (
        "styles",
        23,
        "is linked, but no link reference found",
        "SPEC: version-link is about brackets GitHub shows; `[1.10.0](url)` is an inline link, \
         which GitHub renders as one",
    ),
    (
        "dates",
        19,
        "invalid-date",
        "SPEC: invalid-date checks the calendar; kacl only the digits (2024-13-01 passes)",
    ),
    (
        "dates",
        25,
        "invalid-date",
        "SPEC: invalid-date checks the calendar; kacl only the digits (2024-02-30 passes)",
    ),
    (
        "links",
        33,
        "version-link",
        "SPEC: a version definition no heading uses is a warning, reported at the definition; \
         kacl says the heading `## 1.0.0` (line 25) is not a valid version",
    ),
    (
        "links",
        36,
        "Link not referenced anywhere in the document",
        "SPEC: version-link checks the definitions of versions; `[#13]` is none",
    ),
    (
        "types",
        19,
        "change-type",
        "kacl stops checking the section names of a release once one repeats (1.2.0 has two \
         Fixed sections), so it misses `Bug fixes`; SPEC checks every sub-heading",
    ),
    (
        "unreleased",
        13,
        "unreleased-position",
        "SPEC: unreleased-position; kacl does not compare [Unreleased] with the releases",
    ),
];

/// kacl's findings in `file`: `(line, message)`.
fn kacl(file: &Path) -> Vec<(Option<usize>, String)> {
    // In an empty folder: kacl reads `.kacl.yml` from where it runs.
    let dir = temp_dir();
    let out = match Command::new("kacl-cli")
        .arg("-f")
        .arg(file)
        .args(["verify", "--json"])
        .current_dir(dir.path())
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!(
                "`kacl-cli` is not on PATH; this test needs python-kacl: pip install python-kacl"
            )
        }
        Err(e) => panic!("kacl-cli: {e}"),
    };
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "kacl-cli on {}: {e}\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let errors = json["errors"].as_array().expect("kacl errors");
    errors
        .iter()
        .map(|e| {
            let message = e["error_message"].as_str().unwrap_or_default().to_string();
            let mut line = e["line_number"].as_u64().map(|l| l as usize);
            // kacl counts the line of a link definition from the line
            // break before it: one line early.
            if message.starts_with("Link not referenced") {
                line = line.map(|l| l + 1);
            }
            (line, message)
        })
        .collect()
}

/// The kind of a kacl finding.
fn kind(message: &str) -> &'static (&'static str, Weeklint) {
    KINDS
        .iter()
        .find(|(part, _)| message.contains(part))
        .unwrap_or_else(|| panic!("a kind of kacl finding this test does not know: {message}"))
}

/// weeklint's findings in each fixture folder, by the changelog rules:
/// `(folder, line, rule, severity)`.
fn weeklint_findings(extra: &[&str]) -> Vec<(String, usize, String, String)> {
    let (_, out, err) = run(weeklint(&repo_root())
        .args([
            "check",
            "--isolated",
            "--offline",
            "--output-format",
            "json",
        ])
        .args(extra)
        .arg(FIXTURES));
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}{err}"));
    json.as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap_or_default();
            let folder = path
                .strip_prefix(&format!("{FIXTURES}/"))
                .and_then(|p| p.split('/').next())
                .unwrap_or(path);
            (
                folder.to_string(),
                d["line"].as_u64().unwrap_or_default() as usize,
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn folders() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(repo_root().join(FIXTURES))
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// kacl's findings in each fixture folder, `(folder, line, message)`.
type Findings = Vec<(String, Option<usize>, String)>;

/// kacl's findings in each fixture folder. kacl-cli must be installed
/// (`.ci/run` installs it). Read once: kacl takes a while to start.
fn kacl_findings() -> &'static Findings {
    static FINDINGS: OnceLock<Findings> = OnceLock::new();
    FINDINGS.get_or_init(|| {
        let mut all = Vec::new();
        for folder in folders() {
            let file = repo_root()
                .join(FIXTURES)
                .join(&folder)
                .join("CHANGELOG.md");
            all.extend(kacl(&file).into_iter().map(|(l, m)| (folder.clone(), l, m)));
        }
        all
    })
}

#[test]
fn every_problem_kacl_reports_that_spec_covers_weeklint_reports_on_the_same_line() {
    let kacl = kacl_findings();
    let ours = weeklint_findings(&["--select", RULES]);
    let differs = |folder: &str, line: usize, what: &str| {
        DIFFERENCES
            .iter()
            .any(|&(f, l, w, _)| f == folder && l == line && what.contains(w))
    };
    let mut used: Vec<(&str, usize)> = Vec::new();
    // kacl → weeklint.
    for (folder, line, message) in kacl {
        let (part, weeklint) = kind(message);
        let rules = match weeklint {
            Reports(rules) => rules,
            Not(reason) => {
                // Each is a SPEC decision: say which.
                assert!(reason.starts_with("SPEC"), "{part}: {reason}");
                eprintln!("{folder}:{line:?}: kacl `{message}`: not reported ({reason})");
                continue;
            }
        };
        let line = line.unwrap_or_else(|| panic!("{folder}: kacl gives no line for {message}"));
        let found = ours
            .iter()
            .any(|(f, l, r, _)| f == folder && *l == line && rules.contains(&r.as_str()));
        if differs(folder, line, part) {
            assert!(
                !found,
                "{folder}:{line}: listed as a difference, but both report it"
            );
            used.push((folder, line));
            continue;
        }
        assert!(
            found,
            "{folder}:{line}: kacl reports `{message}`, weeklint none of {rules:?} there\n{ours:#?}"
        );
    }
    // weeklint → kacl.
    for (folder, line, rule, _) in &ours {
        let found = kacl.iter().any(|(f, l, m)| {
            f == folder
                && *l == Some(*line)
                && matches!(kind(m).1, Reports(rules) if rules.contains(&rule.as_str()))
        });
        if differs(folder, *line, rule) {
            assert!(
                !found,
                "{folder}:{line}: listed as a difference, but both report it"
            );
            used.push((folder, *line));
            continue;
        }
        assert!(
            found,
            "{folder}:{line}: weeklint reports {rule}, kacl nothing of that kind there\n{kacl:#?}"
        );
    }
    // Every difference listed is still one.
    for &(folder, line, what, _) in DIFFERENCES {
        assert!(
            used.contains(&(folder, line)),
            "{folder}:{line}: the difference about `{what}` no longer shows"
        );
    }
}

#[test]
fn a_changelog_kacl_accepts_has_no_error() {
    let kacl = kacl_findings();
    let ours = weeklint_findings(&[]);
    let accepted: Vec<String> = folders()
        .into_iter()
        .filter(|f| !kacl.iter().any(|(k, _, _)| k == f))
        .collect();
    assert_eq!(accepted, ["unreleased", "valid"]);
    for folder in &accepted {
        let errors: Vec<_> = ours
            .iter()
            .filter(|(f, _, _, severity)| f == folder && severity == "error")
            .collect();
        assert!(errors.is_empty(), "{folder}: {errors:?}");
    }
    // Nor one in another style that GitHub renders fine.
    assert!(
        !ours
            .iter()
            .any(|(f, _, _, _)| f == "styles" || f == "valid")
    );
}

#[test]
fn fixing_a_changelog_moves_unreleased_up_and_renames_types_keeping_every_other_byte() {
    let original = "# Changelog\r\n\r\n## [1.2.0] - 2023-03-01\r\n### added\r\n- Export.  \r\n\r\n\
                    ## [Unreleased]\r\n### Bug fixes\r\n- Import.\r\n\r\n\r\n\
                    ## [1.1.0] - 2023-01-01\r\n### Fixed\r\n- Start.\r\n### Removed\r\n- Old.\r\n\r\n\
                    [Unreleased]: https://x/compare/v1.2.0...HEAD\r\n[1.2.0]: https://x/compare/v1.1.0...v1.2.0\r\n\
                    [1.1.0]: https://x/releases/tag/v1.1.0";
    let dir = temp_tree(&[("CHANGELOG.md", original)]);
    let path = dir.path().join("CHANGELOG.md");
    let (code, out, err) = run(weeklint(dir.path()).args([
        "check",
        "--isolated",
        "--fix",
        "--output-format",
        "concise",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    let safe = "# Changelog\r\n\r\n## [Unreleased]\r\n### Bug fixes\r\n- Import.\r\n\r\n\
                ## [1.2.0] - 2023-03-01\r\n### Added\r\n- Export.  \r\n\r\n\r\n\
                ## [1.1.0] - 2023-01-01\r\n### Fixed\r\n- Start.\r\n### Removed\r\n- Old.\r\n\r\n\
                [Unreleased]: https://x/compare/v1.2.0...HEAD\r\n[1.2.0]: https://x/compare/v1.1.0...v1.2.0\r\n\
                [1.1.0]: https://x/releases/tag/v1.1.0";
    assert_eq!(read(&path), safe);
    assert!(
        out.contains("CHANGELOG.md:4:5: warning[change-type] `Bug fixes` is not a change type"),
        "{out}"
    );
    let (code, _, err) = run(weeklint(dir.path()).args(["check", "--isolated", "--unsafe-fixes"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&path),
        safe.replace("### Bug fixes", "### Fixed"),
        "the unsafe fix renames the alias, and nothing else"
    );
    // A second run changes nothing.
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "--isolated", "--unsafe-fixes"]));
    assert_eq!(code, 0);
    assert!(out.contains("no problems in 1 file; 0 fixed"), "{out}");
    assert_eq!(read(&path), safe.replace("### Bug fixes", "### Fixed"));
}

#[test]
fn changelog_config_names_files_and_change_types() {
    let dir = temp_tree(&[
        (
            "lint.toml",
            "[changelog]\nfiles = [\"docs/*.md\"]\nchange-types = [\"Added\", \"Fixed\", \"Docs\"]\n",
        ),
        (
            "docs/releases.md",
            "# Releases\n\n## 1.3.0 - 2023-03-01\n### Docs\n## 1.1.0 - 2023-02-01\n### Fixed\n\
             ## 1.2.0 - 2023-01-15\n### Added\n### Changed\n## 1.0.0 - 2023-01-01\n",
        ),
        // Not a changelog: the same headings are two dated notes.
        ("notes.md", "## 1.1.0 - 2023-02-01\n## 1.2.0 - 2023-01-01\n"),
    ]);
    let (code, out, err) = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "docs/releases.md:7:4: error[version-order] version 1.2.0 is newer than the release above it (1.1.0)",
            "docs/releases.md:9:5: warning[change-type] `Changed` is not a change type",
            "1 error, 1 warning in 1 file",
        ]
    );
}

#[test]
fn outline_reads_a_listed_changelogs_calver_as_versions() {
    let dir = temp_dir();
    write(
        &dir.path().join("lint.toml"),
        "[changelog]\nfiles = [\"log.md\"]\n",
    );
    write(
        &dir.path().join("log.md"),
        "## 2024.06.1\n## 2024.05.3 - 2024-05-20\n",
    );
    let (code, out, _) = run(weeklint(dir.path()).args(["outline", "log.md"]));
    assert_eq!(code, 0);
    // `2024.06.1` is a version, not June 1st; the release of May 20 is dated.
    assert!(!out.contains("2024-06-01"), "{out}");
    assert!(out.contains("2024-05-20"), "{out}");
}
