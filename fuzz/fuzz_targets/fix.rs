//! Parse, lint with every rule and fix any text: no panic, and fixing
//! settles, keeps the BOM, final newline and line endings, and is
//! idempotent.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use weeklint_core::config::{DateOrder, TaskMarker};
use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::registry::RULES;
use weeklint_core::{LintEnv, NaiveDate, Settings, Source, lint_source};

fuzz_target!(|data: &[u8]| {
    // The first byte picks settings, the rest is the document.
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut settings = Settings::default();
    let all: Vec<usize> = (0..RULES.len()).collect();
    settings.apply_selection(Some(&all), &[]);
    if knobs & 1 != 0 {
        settings.checkboxes.checked = 'X';
    }
    settings.checkboxes.marker = match (knobs >> 1) & 3 {
        0 => TaskMarker::Consistent,
        1 => TaskMarker::Bullet('-'),
        2 => TaskMarker::Bullet('*'),
        _ => TaskMarker::Bullet('+'),
    };
    settings.dates.order = match (knobs >> 3) & 3 {
        0 => DateOrder::NewestFirst,
        1 => DateOrder::OldestFirst,
        _ => DateOrder::Auto,
    };
    if knobs & 0x20 != 0 {
        settings.dates.heading_level = Some(2);
    }
    let env = LintEnv::new(
        NaiveDate::from_ymd_opt(2024, 1, 10).unwrap_or_default(),
        "/nonexistent-fuzz-root",
        std::sync::Arc::new(weeklint_core::fs::MemoryFs::new()),
    );
    let path = Path::new("fuzz.md");
    let source = Source::new(text.to_string());
    let _ = lint_source(&source, path, &settings, &env);

    // Fixes that each uncover another may need more passes than one run
    // has; a run goes on where the last one stopped. Ten runs (100 passes)
    // that do not settle mean a fix that never does.
    let mut fixed = match fix_source(&source, path, &settings, &env, FixMode::Unsafe) {
        Ok(f) => f,
        Err(e) => panic!("fix failed: {e}"),
    };
    for _ in 0..9 {
        if fixed.unsettled.is_empty() {
            break;
        }
        fixed = match fix_source(&fixed.source, path, &settings, &env, FixMode::Unsafe) {
            Ok(f) => f,
            Err(e) => panic!("fix failed in a later run: {e}"),
        };
    }
    assert!(
        fixed.unsettled.is_empty(),
        "fixes did not settle in 10 runs: {:?}",
        fixed.unsettled
    );
    let out = fixed.source.text();
    assert_eq!(out.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
    assert_eq!(out.ends_with('\n'), text.ends_with('\n'));
    if !text.contains("\r\n") {
        assert!(!out.contains("\r\n"), "CRLF appeared");
    }
    let again = match fix_source(&fixed.source, path, &settings, &env, FixMode::Unsafe) {
        Ok(f) => f,
        Err(e) => panic!("second fix failed: {e}"),
    };
    assert_eq!(again.source.text(), out, "fixing twice differs from fixing once");
});
