//! Image paths, resolved by every image rule: no panic, and the rules
//! never look at a folder outside the project root, whatever the path
//! (`..`, `/`, percent-encoding, HTML entities, long runs of `../`), so
//! nothing there is named in a message or a fix.
#![no_main]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libfuzzer_sys::fuzz_target;
use weeklint_core::fs::{DirList, Entry, EntryKind, FsView, GitStatus};
use weeklint_core::registry::RULES;
use weeklint_core::{LintEnv, NaiveDate, Settings, Source, lint_source};

/// A project at `/r/j` holding `pic/a.png`, a secret beside it at
/// `/r/secret/id_rsa`, and a record of every folder asked for.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<PathBuf>>);

impl FsView for Recorder {
    fn list(&self, dir: &Path) -> Option<Arc<DirList>> {
        self.0.lock().unwrap().push(dir.to_path_buf());
        let entries: &[(&str, EntryKind)] = match dir.to_str()? {
            "/" => &[("r", EntryKind::Dir)],
            "/r" => &[("j", EntryKind::Dir), ("secret", EntryKind::Dir)],
            "/r/j" => &[("pic", EntryKind::Dir), ("n.md", EntryKind::File)],
            "/r/j/pic" => &[("a.png", EntryKind::File)],
            "/r/secret" => &[("id_rsa", EntryKind::File)],
            _ => return None,
        };
        Some(Arc::new(DirList::new(entries.iter().map(|&(name, kind)| Entry {
            name: OsStr::new(name),
            kind,
            link: false,
        }))))
    }

    fn git_status(&self, _: &Path) -> GitStatus {
        GitStatus::NoRepo
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!(
        "# n\n\n![a]({path})\n\n<img src=\"{path}\">\n\n![r][x]\n\n[x]: {path}\n"
    );
    let source = Source::new(text);
    let mut settings = Settings::default();
    let all: Vec<usize> = (0..RULES.len()).collect();
    settings.apply_selection(Some(&all), &[]);
    let fs = Arc::new(Recorder::default());
    let mut env = LintEnv::new(
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        PathBuf::from("/r/j"),
        fs.clone(),
    );
    env.cwd = PathBuf::from("/r/j");
    let _ = lint_source(&source, Path::new("/r/j/n.md"), &settings, &env);
    // What is never listed cannot be named in a message or a fix.
    for dir in fs.0.lock().unwrap().iter() {
        assert!(dir.starts_with("/r/j"), "listed {dir:?} for {path:?}");
    }
});
