//! Every rule over every fixture: what it reports, what its fix makes of
//! the file (snapshotted), and the promises every fix keeps: it converges,
//! fixing twice equals fixing once, no safe fix is left over, and a rule
//! that declares no fix never offers one.

// Helpers of a test file panic on failure like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use weeklint_core::document::Document;
use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::fs::MemoryFs;
use weeklint_core::registry::{self, RULES};
use weeklint_core::rule::{Context, FixAvailability};
use weeklint_core::{Applicability, Diagnostic, LintEnv, NaiveDate, Settings, Source};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Every fixture, plus the example journal.
fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    out.sort();
    out.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/papers-weekly/README.md"));
    out
}

fn env() -> LintEnv {
    let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap_or_default();
    let root = fixtures_dir();
    let fs = on_disk(MemoryFs::new().dir(&root), &root);
    LintEnv::new(today, root, Arc::new(fs))
}

/// `fs` with the files and folders under `dir` as they are on disk.
fn on_disk(mut fs: MemoryFs, dir: &Path) -> MemoryFs {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        fs = if path.is_dir() {
            on_disk(fs.dir(&path), &path)
        } else {
            fs.file(&path)
        };
    }
    fs
}

fn read(path: &Path) -> Source {
    Source::new(std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Default settings with only `rule` on, or every rule on.
fn settings(rule: Option<&str>) -> Settings {
    let mut s = Settings::default();
    let select: Vec<usize> = match rule {
        Some(name) => vec![registry::index_of(name).unwrap_or_else(|| panic!("no rule {name}"))],
        None => (0..RULES.len()).collect(),
    };
    s.apply_selection(Some(&select), &[]);
    s
}

fn render(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let lc = source.line_col(d.span.start);
        let fix = d.fix.as_ref().map_or(String::new(), |f| {
            format!(" [{} fix: {}]", f.applicability.as_str(), f.title)
        });
        let _ = writeln!(
            out,
            "{}:{} {} {}{fix}",
            lc.line, lc.column, d.rule, d.message
        );
    }
    out
}

/// Fix `source` to a fixed point, failing the test if it does not settle,
/// and check that fixing the result again changes nothing.
fn fix_checked(source: &Source, path: &Path, settings: &Settings, what: &str) -> Source {
    let env = env();
    let once = fix_source(source, path, settings, &env, FixMode::Safe)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        once.unsettled.is_empty(),
        "{what}: fixing did not settle in one run: {:?}",
        once.unsettled
    );
    let leftover: Vec<&Diagnostic> = once
        .diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        })
        .collect();
    assert!(
        leftover.is_empty(),
        "{what}: safe fixes left after fixing: {leftover:#?}"
    );
    let twice = fix_source(&once.source, path, settings, &env, FixMode::Safe)
        .unwrap_or_else(|e| panic!("{what}, second run: {e}"));
    assert_eq!(
        twice.source.text(),
        once.source.text(),
        "{what}: a second fix changed the text"
    );
    assert_eq!(
        twice.applied_count(),
        0,
        "{what}: a second fix applied fixes"
    );
    once.source
}

#[test]
fn every_fixable_rule_has_a_fixture_whose_fix_is_snapshotted() {
    for rule in RULES {
        let meta = rule.meta();
        if meta.fix == FixAvailability::None {
            continue;
        }
        let path = fixtures_dir().join(format!("{}.md", meta.name));
        assert!(
            path.is_file(),
            "{} has a fix but no fixture {}",
            meta.name,
            path.display()
        );
        let source = read(&path);
        let settings = settings(Some(meta.name));
        let fixed = fix_checked(&source, &path, &settings, meta.name);
        let before = weeklint_core::lint_source(&source, &path, &settings, &env());
        assert!(
            before.iter().any(|d| d.fix.is_some()),
            "{}: its fixture shows no fix",
            meta.name
        );
        assert_ne!(
            fixed.text(),
            source.text(),
            "{}: nothing was fixed",
            meta.name
        );
        let snapshot = format!(
            "--- diagnostics ---\n{}--- fixed ---\n{}",
            render(&source, &before),
            fixed.text()
        );
        insta::assert_snapshot!(meta.name, snapshot);
    }
}

#[test]
fn all_rules_together_converge_and_are_idempotent_on_every_fixture() {
    let settings = settings(None);
    for path in fixtures() {
        let source = read(&path);
        fix_checked(&source, &path, &settings, &path.display().to_string());
    }
}

#[test]
fn a_rule_offers_only_the_fixes_it_declares() {
    let env = env();
    let settings = settings(None);
    for path in fixtures() {
        let source = read(&path);
        let doc = Document::parse(&source);
        let cx = Context::new(&source, &doc, &settings, &env, &path);
        for rule in RULES {
            let meta = rule.meta();
            let mut out = Vec::new();
            rule.check(&cx, &mut out);
            for d in &out {
                if let Some(f) = &d.fix {
                    assert!(
                        meta.fix.allows(f.applicability),
                        "{} offers a {} fix it does not declare, in {}",
                        meta.name,
                        f.applicability.as_str(),
                        path.display()
                    );
                    assert!(!f.edits.is_empty(), "{}: a fix with no edits", meta.name);
                }
            }
        }
    }
}

#[test]
fn inputs_found_by_fuzzing_settle() {
    // An indented task item read its indentation as its bullet, and the
    // checkbox fixes undid each other.
    let indented = " [] t\n#2023.6.1\n\r#e\r#2023.6.1 \n# 2023.6.12\n# 2023.5.1\n# 2023.6.2\n- [\n[ ] r\n-   []s";
    // Reordering sections held off the heading and date fixes inside them
    // pass after pass.
    let starved = "u\n## 2023.5.2\n#2023.6.1le\n## \n#2023.6.1\r\r\n#te\r## 2023.6.1\n# 2023年6月8日\r#2023.6.1\n# 2023年6月8日k\nr\n- []c.\n#2023.6.14 \n# 2023/6/10*d\n## 2023年6月8日\0\0\n#2023.6.1\r\r##\n#2023.6.1\r\n\n#Ti\n## 2023.6.12w\n# 2023-6-14\n## 2023.6\\.1\n#2023.6.1\r##\n#2023.6.1\r\n\n#Ti\n## 2023.6.12";
    let mut strict = settings(None);
    strict.checkboxes.checked = 'X';
    strict.checkboxes.marker = weeklint_core::config::TaskMarker::Bullet('*');
    strict.dates.order = weeklint_core::config::DateOrder::NewestFirst;
    // In CRLF text the range of a nested item starts at the `\n` before
    // it, which was taken for its bullet.
    let nested_crlf = "- []d\r\n\t[] 6";
    let mut ordered_x = settings(None);
    ordered_x.checkboxes.checked = 'X';
    ordered_x.dates.order = weeklint_core::config::DateOrder::OldestFirst;
    ordered_x.dates.heading_level = Some(2);
    let path = Path::new("fuzz.md");
    fix_checked(
        &Source::new(nested_crlf.to_string()),
        path,
        &ordered_x,
        "nested_crlf",
    );
    fix_checked(
        &Source::new(indented.to_string()),
        path,
        &settings(None),
        "indented",
    );
    fix_checked(&Source::new(starved.to_string()), path, &strict, "starved");
}
