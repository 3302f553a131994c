//! The human output formats on any text and diagnostics: no panic, and
//! nothing a terminal would act on reaches it (escape sequences, bare
//! carriage returns, bidi marks), from the text, messages or file names.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use weeklint_cli::args::OutputFormat;
use weeklint_cli::output::{emit, escape, is_hidden};
use weeklint_cli::project::Project;
use weeklint_cli::report::FileReport;
use weeklint_core::rules::HeadingSpace;
use weeklint_core::{Config, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Escaping leaves nothing hidden, and changes nothing else.
    let escaped = escape(text);
    assert!(!escaped.contains(is_hidden));
    if !text.contains(is_hidden) {
        assert_eq!(escaped, text);
    }
    // The text is the file, its first line the file's name, and a
    // diagnostic sits at every 7th character boundary.
    let name = text.lines().next().unwrap_or_default().to_string();
    let diagnostics = text
        .char_indices()
        .step_by(7)
        .map(|(i, c)| HeadingSpace::META.diagnostic(i..i + c.len_utf8(), format!("at {c}")))
        .collect();
    let report = FileReport {
        path: PathBuf::from(&name),
        display: name,
        source: Some(Source::new(text.to_string())),
        diagnostics,
        io_error: None,
        document: None,
        fix: None,
    };
    let project = Project::new(Path::new("/"), PathBuf::from("/"), Config::default(), None);
    for format in [OutputFormat::Full, OutputFormat::Concise] {
        let mut out = Vec::new();
        emit(&mut out, format, std::slice::from_ref(&report), false, false, &project).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            !out.chars().any(|c| is_hidden(c) && c != '\n'),
            "{format:?}: {out:?}"
        );
    }
});
