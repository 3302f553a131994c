//! `--fix`, `--unsafe-fixes` and `--diff` end to end, on real files.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

use crate::common::{read, temp_dir, write};

/// `weeklint check`, without color, in `dir`.
fn weeklint(dir: &Path) -> Command {
    let mut cmd = crate::common::weeklint(dir);
    cmd.args(["check", "--color", "never"]);
    cmd
}

fn folder_with(name: &str, text: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir();
    let path = dir.path().join(name);
    write(&path, text);
    (dir, path)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of the example journal: its folder, and its README's path.
fn example_journal() -> (TempDir, PathBuf) {
    let (tmp, dir) = crate::common::example_journal();
    let path = dir.join("README.md");
    (tmp, path)
}

/// The `## ` sections of `text`, each split into its text and the blank
/// lines after it.
fn sections(text: &str) -> Vec<(usize, usize, usize)> {
    let starts: Vec<usize> = text
        .match_indices("\n## ")
        .map(|(i, _)| i + 1)
        .chain([text.len()])
        .collect();
    starts
        .windows(2)
        .map(|w| {
            let body_end = w[0] + text[w[0]..w[1]].trim_end().len();
            (w[0], body_end, w[1])
        })
        .collect()
}

#[test]
fn fix_restores_the_example_journal_after_three_sections_are_shuffled() {
    let (dir, path) = example_journal();
    let original = read(&path);
    let secs = sections(&original);
    assert!(secs.len() > 8, "the example has dated sections");
    // Move the last section up, and two others round, the way one pastes
    // entries: each section's text moves, the blank lines stay.
    let (a, b, last) = (1, 6, secs.len() - 1);
    let body = |i: usize| &original[secs[i].0..secs[i].1];
    let mut shuffled = String::new();
    let mut at = 0;
    for (i, &(start, end, _)) in secs.iter().enumerate() {
        let moved = match i {
            _ if i == a => body(last),
            _ if i == b => body(a),
            _ if i == last => body(b),
            _ => body(i),
        };
        shuffled.push_str(&original[at..start]);
        shuffled.push_str(moved);
        at = end;
    }
    shuffled.push_str(&original[at..]);
    assert_ne!(shuffled, original);
    fs::write(&path, &shuffled).unwrap();

    let journal = path.parent().unwrap_or(dir.path());
    let out = weeklint(journal).arg("--fix").output().unwrap();
    assert_eq!(read(&path), original, "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("1 warning in 1 file; 3 fixed, 1 remaining\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn crlf_bom_and_a_missing_final_newline_are_kept() {
    let text =
        "\u{feff}# Log\r\n\r\n## 2023.6.1\r\n\r\n-[ ] a\r\n* [X] b\r\n\r\n##2023.6.18\r\n\r\nlast";
    let (dir, path) = folder_with("notes.md", text);
    fs::write(
        dir.path().join("lint.toml"),
        "[dates]\norder = \"newest-first\"\n",
    )
    .unwrap();
    let out = weeklint(dir.path()).arg("--fix").output().unwrap();
    // The last section moves up and gets the separator of its new place;
    // the section now last ends the file without a newline, as before.
    assert_eq!(
        read(&path),
        "\u{feff}# Log\r\n\r\n## 2023.6.18\r\n\r\nlast\r\n\r\n## 2023.6.1\r\n\r\n- [ ] a\r\n- [x] b"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "fixed 5 problems in notes.md\nno problems in 1 file; 5 fixed, 0 remaining\n"
    );
}

#[test]
fn unsafe_fixes_alone_fixes_too() {
    let (dir, path) = folder_with("notes.md", "##2023.6.1\n");
    let out = weeklint(dir.path()).arg("--unsafe-fixes").output().unwrap();
    assert_eq!(read(&path), "## 2023.6.1\n");
    assert_eq!(
        stdout(&out),
        "fixed 1 problem in notes.md\nno problems in 1 file; 1 fixed, 0 remaining\n"
    );
}

/// A TIL file: hashtag lines, a date and a title glued to a `#`, `##x`.
const TIL: &str = "# TIL\n\n#rust #til\n\n#2023-06-18\n\nLearned about lifetimes.\n\n#todo\n\n\
                   #Meeting notes\n\nTalked about #rust and #wasm.\n\n##x\n\n#100DaysOfCode #day3\n";

#[test]
fn hashtag_lines_stay_text_and_a_title_glued_to_a_hash_needs_unsafe_fixes() {
    let (dir, path) = folder_with("til.md", TIL);
    let out = weeklint(dir.path())
        .args(["--fix", "--output-format", "concise"])
        .output()
        .unwrap();
    // `--fix`: the date and `##x` become headings; hashtags stay text.
    let fixed = TIL
        .replace("#2023-06-18", "# 2023-06-18")
        .replace("##x", "## x");
    assert_eq!(read(&path), fixed);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "til.md:11:1: error[heading-space] no space after `#`: this line is shown as text, not a heading\n\
         fixed 2 problems in til.md\n\
         1 error in 1 file; 2 fixed, 1 remaining\n\
         1 more fixable with --unsafe-fixes\n"
    );

    // `--unsafe-fixes`: the guess too, and still no hashtag line.
    let out = weeklint(dir.path())
        .args(["--unsafe-fixes", "--output-format", "concise"])
        .output()
        .unwrap();
    assert_eq!(
        read(&path),
        fixed.replace("#Meeting notes", "# Meeting notes")
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    for tags in ["\n#rust #til\n", "\n#todo\n", "\n#100DaysOfCode #day3\n"] {
        assert!(read(&path).contains(tags), "{tags:?}");
    }
}

#[test]
fn a_second_fix_changes_nothing_and_does_not_write() {
    let (dir, path) = folder_with("notes.md", "# Log\n\n##2023.6.1\n\n- [] a\n");
    weeklint(dir.path()).arg("--fix").assert().success();
    let fixed = read(&path);
    let modified = fs::metadata(&path).and_then(|m| m.modified()).ok();
    let out = weeklint(dir.path()).arg("--fix").output().unwrap();
    assert_eq!(
        stdout(&out),
        "no problems in 1 file; 0 fixed, 0 remaining\n"
    );
    assert_eq!(read(&path), fixed);
    assert_eq!(
        fs::metadata(&path).and_then(|m| m.modified()).ok(),
        modified
    );
}

#[test]
fn nested_dated_sections_with_suppression_regions_are_fixed_in_one_run() {
    // Journals where moving sections once moved the `weeklint-disable` and
    // `weeklint-enable` comments inside them, so that every pass found
    // other sections to move: fixing stopped after 10 passes, and the next
    // run changed the file again.
    let fixtures = crate::common::repo_root().join("crates/weeklint-core/tests/fixtures/converge");
    for name in ["suppression-regions.md", "suppression-regions-nested.md"] {
        for flags in [&["--fix"][..], &["--fix", "--unsafe-fixes"]] {
            let (dir, path) = folder_with(name, &read(&fixtures.join(name)));
            let out = weeklint(dir.path())
                .args(flags)
                .args(["--output-format", "concise"])
                .output()
                .unwrap();
            assert_ne!(
                out.status.code(),
                Some(2),
                "{name} {flags:?}: {}",
                stderr(&out)
            );
            assert_eq!(stderr(&out), "", "{name} {flags:?}");
            let fixed = read(&path);
            assert_ne!(
                fixed,
                read(&fixtures.join(name)),
                "{name} {flags:?}: nothing fixed"
            );
            let modified = fs::metadata(&path).and_then(|m| m.modified()).ok();
            let again = weeklint(dir.path())
                .args(flags)
                .args(["--output-format", "concise"])
                .output()
                .unwrap();
            assert_eq!(stderr(&again), "", "{name} {flags:?}");
            assert!(
                stdout(&again).contains("; 0 fixed, "),
                "{name} {flags:?}: {}",
                stdout(&again)
            );
            assert_eq!(
                read(&path),
                fixed,
                "{name} {flags:?}: the second run changed the file"
            );
            assert_eq!(
                fs::metadata(&path).and_then(|m| m.modified()).ok(),
                modified,
                "{name} {flags:?}: the second run wrote the file"
            );
        }
    }
}

#[test]
fn errors_that_remain_after_fixing_exit_1() {
    let (dir, path) = folder_with("notes.md", "# Log\n\n##2023.6.1\n\n## 2023.6.1\n");
    let out = weeklint(dir.path())
        .args(["--fix", "--output-format", "concise"])
        .output()
        .unwrap();
    assert_eq!(read(&path), "# Log\n\n## 2023.6.1\n\n## 2023.6.1\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "notes.md:5:4: error[duplicate-date] date 2023.6.1 is already used by an earlier sibling section\n\
         fixed 1 problem in notes.md\n\
         1 error in 1 file; 1 fixed, 1 remaining\n"
    );
}

#[test]
fn fixes_that_each_uncover_the_next_are_written_and_go_on_in_the_next_run() {
    // Each `[] tN` line is text until the one above becomes a list item:
    // before that, the fence under it runs to the end of the file. So each
    // pass fixes one line, and 15 lines need more passes than one run has.
    let text: String = (0..15).map(|i| format!("[] t{i}\n  ```t{i}\n")).collect();
    let want: String = (0..15)
        .map(|i| format!("- [ ] t{i}\n  ```t{i}\n"))
        .collect();
    let (dir, path) = folder_with("todo.md", &text);
    let out = weeklint(dir.path())
        .args(["--fix", "--output-format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let fixed_once = read(&path);
    assert_eq!(fixed_once.matches("- [ ]").count(), 10, "{fixed_once}");
    assert_eq!(
        stdout(&out),
        "todo.md:21:1: error[checkbox-syntax] task box `[]` has no list marker: shown as text, not a checkbox\n\
         fixed 10 problems in todo.md\n\
         1 error in 1 file; 10 fixed, 1 remaining\n"
    );
    assert_eq!(
        stderr(&out),
        "weeklint: warning: todo.md: fixing stopped after 10 passes, each fix uncovering \
         another; fixes of checkbox-syntax remain: run the fix again to go on\n"
    );
    let out = weeklint(dir.path()).arg("--fix").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&path), want);
    assert_eq!(stderr(&out), "");
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let text = "# Log\n\n##2023.6.1\n\ntext\n";
    let (dir, path) = folder_with("notes.md", text);
    let out = weeklint(dir.path()).arg("--diff").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "--- a/notes.md\n+++ b/notes.md\n@@ -1,5 +1,5 @@\n # Log\n \n-##2023.6.1\n+## 2023.6.1\n \n text\n"
    );
    assert_eq!(stderr(&out), "1 fix in 1 file would be applied (--fix)\n");
    assert_eq!(read(&path), text);

    fs::write(&path, "# Log\n").unwrap();
    let out = weeklint(dir.path()).arg("--diff").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn diff_names_the_flag_that_applies_what_it_shows() {
    // The nearest file for a dead image is a guess: an unsafe fix.
    let text = "# Notes\n\n![clip](pic/clip2.png)\n";
    let (dir, path) = folder_with("notes.md", text);
    write(&dir.path().join("pic/clip1.png"), "");
    let out = weeklint(dir.path())
        .args(["--diff", "--unsafe-fixes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "--- a/notes.md\n+++ b/notes.md\n@@ -1,3 +1,3 @@\n # Notes\n \n-![clip](pic/clip2.png)\n+![clip](pic/clip1.png)\n"
    );
    assert_eq!(
        stderr(&out),
        "1 fix in 1 file would be applied (--unsafe-fixes)\n"
    );
    assert_eq!(read(&path), text);
    let out = weeklint(dir.path()).arg("--diff").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "no fixes to apply\n");
}

#[test]
fn the_diff_of_moving_a_section_shows_it_taken_out_and_put_back_in() {
    // 2023.6.14 belongs at the top. The two blank lines between 2023.6.8
    // and 2023.6.6, which do not move, stay between them.
    let section = "## 2023.6.14\n\nfourteen\nmore of it\n";
    let text = format!(
        "# Log\n\n## 2023.6.10\n\nten\n\n## 2023.6.8\n\neight\n\n\n## 2023.6.6\n\nsix\n\n\
         {section}\n## 2023.6.2\n\ntwo\n"
    );
    let (dir, path) = folder_with("notes.md", &text);
    let out = weeklint(dir.path()).arg("--diff").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert_eq!(read(&path), text);
    // One run of removed lines and one of added lines, each the section's
    // lines and at most one blank line.
    let body: Vec<&str> = diff
        .lines()
        .filter(|l| !l.starts_with("--- ") && !l.starts_with("+++ ") && !l.starts_with("@@"))
        .collect();
    let section_lines: Vec<&str> = section.lines().collect();
    for sign in ["-", "+"] {
        let changed: Vec<usize> = (0..body.len())
            .filter(|&i| body[i].starts_with(sign))
            .collect();
        assert!(
            changed.windows(2).all(|w| w[1] == w[0] + 1),
            "{sign} lines are not together:\n{diff}"
        );
        let lines: Vec<&str> = changed.iter().map(|&i| &body[i][1..]).collect();
        let words: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
        let blank = lines.len() - words.len();
        assert_eq!(
            words,
            section_lines
                .iter()
                .copied()
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>(),
            "{diff}"
        );
        assert!(
            lines.len() <= section_lines.len() + 1 && blank <= 2,
            "{sign}: {lines:?}\n{diff}"
        );
    }

    // `git apply` of the diff gives what --fix writes.
    let repo = temp_dir();
    crate::common::git(repo.path(), &["init", "-q"]);
    write(&repo.path().join("notes.md"), &text);
    crate::common::git(repo.path(), &["add", "notes.md"]);
    crate::common::git(repo.path(), &["commit", "-q", "-m", "journal"]);
    write(&repo.path().join("fix.diff"), &diff);
    crate::common::git(repo.path(), &["apply", "fix.diff"]);
    let fixed = weeklint(dir.path()).arg("--fix").output().unwrap();
    assert_eq!(fixed.status.code(), Some(0), "{}", stdout(&fixed));
    assert_eq!(read(&repo.path().join("notes.md")), read(&path));
    assert_eq!(
        read(&path),
        format!(
            "# Log\n\n{section}\n## 2023.6.10\n\nten\n\n## 2023.6.8\n\neight\n\n\n\
             ## 2023.6.6\n\nsix\n\n## 2023.6.2\n\ntwo\n"
        )
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_left_alone_and_named() {
    use std::os::unix::fs::PermissionsExt;
    let text = "##2023.6.1\n";
    let (dir, path) = folder_with("notes.md", text);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = weeklint(dir.path())
        .args(["--fix", "--output-format", "concise"])
        .output()
        .unwrap();
    assert_eq!(read(&path), text);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "weeklint: error: notes.md is read-only; fixes were not written\n"
    );
    // The report shows the file as it still is.
    assert!(stdout(&out).contains("notes.md:1:1: error[heading-space]"));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = folder_with("notes.md", "##2023.6.1\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    weeklint(dir.path()).arg("--fix").assert().success();
    assert_eq!(read(&path), "## 2023.6.1\n");
    let mode = fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o600));
}

/// A journal that takes the fixer a while: thousands of entries out of
/// order, each with a heading and a task box to repair first.
fn slow_to_fix(entries: u64) -> String {
    let mut text = String::from("# Log\n\n");
    let mut x: u64 = 12345;
    for i in 0..entries {
        x = (x * 1_103_515_245 + 12_345) % (1 << 31);
        let (y, m, d) = (2000 + x % 24, 1 + (x >> 5) % 12, 1 + (x >> 9) % 28);
        text.push_str(&format!("##{y}.{m}.{d} entry {i}\n\n-[ ] item {i}\n\n"));
    }
    text
}

/// Bytes a process has read so far (Linux: `rchar` in /proc/PID/io).
#[cfg(target_os = "linux")]
fn bytes_read(pid: u32) -> usize {
    fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()
        .and_then(|io| {
            io.lines().find_map(|l| {
                l.strip_prefix("rchar: ")
                    .and_then(|n| n.trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_saved_by_someone_else_while_being_fixed_is_left_alone() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let text = slow_to_fix(20_000);
    let edited = format!("{text}a line saved meanwhile\n");
    // The save is timed from outside, by what weeklint has read so far; on
    // a busy machine it can land before weeklint reads the file, and then
    // weeklint fixes the saved version, which loses nothing either. So try
    // until a save lands while the fixes are being worked out.
    for _ in 0..5 {
        let (dir, path) = folder_with("notes.md", &text);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_weeklint"))
            .current_dir(dir.path())
            .env("WEEKLINT_TODAY", "2024-01-10")
            .args([
                "check",
                "--fix",
                "--statistics",
                "--color",
                "never",
                "notes.md",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Once weeklint has read the file, save another version, as an
        // editor would.
        let deadline = Instant::now() + Duration::from_secs(60);
        while bytes_read(child.id()) < text.len() && Instant::now() < deadline {
            std::thread::yield_now();
        }
        fs::write(&path, &edited).unwrap();
        let still_running = matches!(child.try_wait(), Ok(None));
        let out = child.wait_with_output().unwrap();
        let now = read(&path);
        if stderr(&out).contains("changed on disk") {
            assert!(still_running);
            assert_eq!(now, edited, "the other version was overwritten");
            assert_eq!(out.status.code(), Some(2));
            assert_eq!(
                stderr(&out),
                "weeklint: error: notes.md changed on disk while it was being fixed; left alone, run weeklint again\n"
            );
            return;
        }
        // Read after the save: the file is the saved version, fixed.
        let (again, again_path) = folder_with("notes.md", &edited);
        weeklint(again.path())
            .env("WEEKLINT_TODAY", "2024-01-10")
            .args(["--fix", "notes.md"])
            .output()
            .unwrap();
        assert_eq!(
            now,
            read(&again_path),
            "the other version was overwritten: {}",
            stderr(&out)
        );
    }
    panic!("no save landed while weeklint was fixing, in 5 tries");
}

#[test]
fn stdin_with_fix_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = weeklint(dir.path())
        .args(["--fix", "--stdin-filename", "notes.md"])
        .write_stdin("##2023.6.1\r\n- [] a\r\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "## 2023.6.1\r\n- [ ] a\r\n");
    assert_eq!(
        stderr(&out),
        "fixed 2 problems in notes.md\nno problems in 1 file; 2 fixed, 0 remaining\n"
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.path().join("notes.md").exists());
}

#[test]
fn stdin_with_fix_prints_links_to_other_pages_fixed_against_them_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("papers.md"), "# Papers\n\n## CLIP\n").unwrap();
    let out = weeklint(dir.path())
        .args(["--fix", "--stdin-filename", "notes.md"])
        .write_stdin("##Notes\n\nSee [CLIP](papers.md#Clip).\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "## Notes\n\nSee [CLIP](papers.md#clip).\n");
    assert_eq!(
        stderr(&out),
        "fixed 2 problems in notes.md\nno problems in 1 file; 2 fixed, 0 remaining\n"
    );
    assert!(!dir.path().join("notes.md").exists());
}

#[test]
fn stdin_with_fix_gives_back_input_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let input: &[u8] = b"##a\n\xff\xfe broken\n";
    let out = weeklint(dir.path())
        .args(["--fix", "--stdin-filename", "notes.md"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.stdout, input);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn full_output_marks_what_fix_repairs() {
    let (dir, _path) = folder_with("notes.md", "# Log\n\n##2023.6.1\n\n## 2023.6.1\n");
    let out = weeklint(dir.path()).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("error[heading-space]: [*] no space after `##`"),
        "{text}"
    );
    assert!(
        text.contains("= fix: insert a space after `##` (--fix)"),
        "{text}"
    );
    assert!(
        text.ends_with("1 error in 1 file; 1 fixable with --fix\n"),
        "{text}"
    );
}

#[test]
fn json_output_carries_the_fix() {
    let (dir, _path) = folder_with("notes.md", "##2023.6.1\n");
    let out = weeklint(dir.path())
        .args(["--output-format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json[0]["fix"],
        serde_json::json!({
            "applicability": "safe",
            "edits": [{
                "start": {"line": 1, "column": 3},
                "end": {"line": 1, "column": 3},
                "content": " "
            }]
        })
    );
}

/// Apply JSON edits (1-based lines, columns in characters) to `text`.
fn apply_json_edits(text: &str, edits: &[serde_json::Value]) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |at: &serde_json::Value| {
        let line = at["line"].as_u64().unwrap_or_else(|| panic!("{at}")) as usize;
        let column = at["column"].as_u64().unwrap_or_else(|| panic!("{at}")) as usize;
        let start = starts[line - 1];
        start
            + text[start..]
                .chars()
                .take(column - 1)
                .map(char::len_utf8)
                .sum::<usize>()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let content = e["content"].as_str().unwrap_or_else(|| panic!("{e}"));
            (offset(&e["start"]), offset(&e["end"]), content)
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, content) in edits {
        out.replace_range(start..end, content);
    }
    out
}

#[test]
fn a_fix_shared_by_several_diagnostics_is_written_once_in_json_and_sarif() {
    // Newest first, with three sections out of place: one fix moves all.
    let text = "# Log\n\n## 2023.6.9\n\na\n\n## 2023.6.2\n\nb\n\n## 2023.6.8\n\nc\n\n\
                ## 2023.6.3\n\nd\n\n## 2023.6.7\n\ne\n\n## 2023.6.6\n\nf\n\n## 2023.6.1\n\ng\n";
    let (dir, path) = folder_with("notes.md", text);
    let output = |format: &str| -> serde_json::Value {
        let out = weeklint(dir.path())
            .args(["--select", "date-order", "--output-format", format])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let json = output("json");
    let items = json.as_array().unwrap_or_else(|| panic!("{json}"));
    assert!(items.len() >= 2, "{json}");
    let fixes: Vec<&serde_json::Value> = items
        .iter()
        .map(|d| &d["fix"])
        .filter(|f| !f.is_null())
        .collect();
    // The first diagnostic carries the whole fix; the others none.
    assert_eq!(fixes.len(), 1, "{json}");
    assert!(!items[0]["fix"].is_null(), "{json}");
    let edits = fixes[0]["edits"]
        .as_array()
        .unwrap_or_else(|| panic!("{json}"));
    let applied = apply_json_edits(text, edits);
    // Applying what JSON gives is what --fix writes.
    let fixed = weeklint(dir.path())
        .args(["--select", "date-order", "--fix"])
        .output()
        .unwrap();
    assert!(fixed.status.success(), "{}", stderr(&fixed));
    assert_eq!(applied, read(&path));
    assert_ne!(applied, text);
    // SARIF likewise: one result with the fix.
    write(&path, text);
    let sarif = output("sarif");
    let results = sarif["runs"][0]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{sarif}"));
    assert_eq!(results.len(), items.len());
    let with_fixes = results
        .iter()
        .filter(|r| r["fixes"].as_array().is_some_and(|f| !f.is_empty()))
        .count();
    assert_eq!(with_fixes, 1, "{sarif}");
}
