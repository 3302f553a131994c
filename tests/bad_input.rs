//! Bad input: each gets a clear `io-error` naming the path; the other
//! files are still linted; exit 2; nothing panics or hangs.

use std::path::Path;

use crate::common::{run, temp_tree, weeklint, write};

const BAD: &str = "##x\n";

fn concise(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(weeklint(dir)
        .args(["--output-format", "concise"])
        .args(args))
}

#[test]
fn non_utf8_binary_and_utf16_files() {
    let dir = temp_tree(&[("good.md", BAD)]);
    write(&dir.path().join("latin1.md"), b"# caf\xe9\n");
    write(&dir.path().join("binary.md"), b"\x89PNG\r\n\x1a\n\0\0");
    write(&dir.path().join("utf16.md"), b"\xff\xfe#\0 \0A\0");
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        out,
        "binary.md:1:1: error[io-error] binary.md is a binary file (NUL byte at line 3, column 1), not Markdown\n\
         good.md:1:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         latin1.md:1:1: error[io-error] latin1.md is not valid UTF-8 (byte 0xE9 at line 1, column 6); weeklint reads UTF-8 only: convert it with iconv -f WINDOWS-1252 -t UTF-8\n\
         utf16.md:1:1: error[io-error] utf16.md is UTF-16 text; weeklint reads UTF-8 only: convert it with iconv -f UTF-16 -t UTF-8\n\
         4 errors in 4 files; 1 fixable with --fix\n"
    );
}

#[test]
fn a_gbk_file_gets_the_command_that_converts_it() {
    let dir = temp_tree(&[]);
    // `# 论文周记`, a dated section and a task, as a Windows editor in
    // China saves them.
    write(
        &dir.path().join("gbk.md"),
        b"# \xc2\xdb\xce\xc4\xd6\xdc\xbc\xc7\n\n## 2023.6.18 \xb6\xd4\xb1\xc8\xd1\xa7\xcf\xb0\n\n\
          - [ ] \xb6\xc1\xcd\xea\xd5\xe2\xc6\xaa\xc2\xdb\xce\xc4\n",
    );
    let (code, out, _) = concise(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(
        out,
        "gbk.md:1:1: error[io-error] gbk.md is not valid UTF-8 (byte 0xC2 at line 1, column 3); \
         weeklint reads UTF-8 only: convert it with iconv -f GBK -t UTF-8\n\
         1 error in 1 file\n"
    );
}

#[test]
fn a_directory_named_like_markdown_is_walked_into() {
    // Found by a sweep: a folder `x.md` was an io-error, and exit 2.
    let dir = temp_tree(&[("x.md/inner.md", BAD)]);
    let (code, out, _) = concise(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "x.md/inner.md:1:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         1 error in 1 file; 1 fixable with --fix\n"
    );
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_tree(&[("good.md", BAD), ("secret.md", BAD)]);
    let secret = dir.path().join("secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, out, _) = concise(dir.path(), &[]);
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reading, so the file is
        // linted like any other.
        assert_eq!(code, 1, "{out}");
        return;
    }
    assert_eq!(code, 2);
    assert!(
        out.contains("secret.md:1:1: error[io-error] cannot read secret.md: permission denied"),
        "{out}"
    );
    assert!(out.contains("good.md:1:1: error[heading-space]"), "{out}");
}

#[test]
fn broken_symlink_and_symlink_loop() {
    let dir = temp_tree(&[("good.md", BAD)]);
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).unwrap();
    std::fs::create_dir(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    let (code, out, _) = concise(dir.path(), &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "dangling.md:1:1: error[io-error] cannot read dangling.md: no such file or directory"
        ),
        "{out}"
    );
    assert!(out.contains("good.md:1:1: error[heading-space]"), "{out}");
    // The loop is not followed (links are not walked), so it is no problem.
    assert!(!out.contains("loop"), "{out}");
}

#[test]
fn fifo_is_not_read() {
    let dir = temp_tree(&[("good.md", BAD)]);
    let fifo = dir.path().join("pipe.md");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo failed");
    let (code, out, _) = concise(dir.path(), &["pipe.md", "good.md"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("pipe.md:1:1: error[io-error] pipe.md is not a regular file"),
        "{out}"
    );
}

/// A program writing into a FIFO waits for a reader to open it: the FIFO
/// found by the walk, and one named, are reported without being opened,
/// so the writer still waits.
#[cfg(target_os = "linux")]
#[test]
fn special_files_are_not_opened() {
    use std::sync::mpsc;
    let dir = temp_tree(&[("good.md", BAD)]);
    let mut writers = Vec::new();
    let (opened, waiting) = mpsc::channel();
    for rel in ["pipe.md", "sub/deep.md"] {
        let fifo = dir.path().join(rel);
        std::fs::create_dir_all(fifo.parent().unwrap_or(dir.path())).expect("mkdir");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        let opened = opened.clone();
        writers.push(std::thread::spawn(move || {
            let w = std::fs::OpenOptions::new().write(true).open(&fifo);
            let _ = opened.send(rel);
            drop(w);
        }));
    }
    let (code, out, _) = concise(dir.path(), &[]);
    let (named_code, named_out, _) = concise(dir.path(), &["pipe.md", "good.md"]);
    let early = waiting.recv_timeout(std::time::Duration::from_millis(200));
    // Let the writers go: open each FIFO for reading, without waiting.
    for rel in ["pipe.md", "sub/deep.md"] {
        use std::os::unix::fs::OpenOptionsExt as _;
        let _reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(0o4000) // `O_NONBLOCK` on Linux
            .open(dir.path().join(rel));
    }
    for w in writers {
        let _ = w.join();
    }
    assert_eq!(early.ok(), None, "weeklint opened a FIFO");
    assert_eq!(code, 2);
    assert!(
        out.contains("pipe.md:1:1: error[io-error] pipe.md is not a regular file"),
        "{out}"
    );
    assert!(
        out.contains("sub/deep.md:1:1: error[io-error] sub/deep.md is not a regular file"),
        "{out}"
    );
    assert_eq!(named_code, 2);
    assert!(
        named_out.contains("pipe.md is not a regular file"),
        "{named_out}"
    );
}

#[cfg(unix)]
#[test]
fn socket_is_not_read() {
    let dir = temp_tree(&[("good.md", BAD)]);
    // A socket cannot be opened as a file at all; it is named as what it is.
    let _listener =
        std::os::unix::net::UnixListener::bind(dir.path().join("sock.md")).expect("bind");
    let (code, out, _) = concise(dir.path(), &["sock.md", "good.md"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("sock.md:1:1: error[io-error] sock.md is not a regular file"),
        "{out}"
    );
}

#[test]
fn empty_files_crlf_bom_and_long_lines() {
    let long = format!("## 2023.6.18\n\n{}\n", "字".repeat(300_000));
    let dir = temp_tree(&[
        ("empty.md", ""),
        (
            "crlf.md",
            "# Log\r\n\r\n## 2023.6.9\r\n\r\n## 2023.5.1\r\n\r\n## 2023.6.1\r\n",
        ),
        ("bom.md", "\u{feff}# Log\n\n# Again\n"),
        ("long.md", &long),
    ]);
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "bom.md:3:1: warning[single-title] `Again` is a second level-1 heading\n\
         crlf.md:7:4: error[date-order] date 2023.6.1 is newer than the entry above it (2023.5.1)\n\
         1 error, 1 warning in 2 files; 1 fixable with --fix\n"
    );
}

#[test]
fn deep_nesting_and_unterminated_constructs() {
    let nested_lists: String = (0..2000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let nested_quotes = format!("{} deep\n", ">".repeat(5000));
    let dir = temp_tree(&[
        ("lists.md", &nested_lists),
        ("quotes.md", &nested_quotes),
        ("fence.md", "# A\n```\n##x\n"),
        ("comment.md", "# A\n<!--\n##x\n"),
    ]);
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_huge_file_is_an_io_error_and_the_others_are_linted() {
    // A sparse file of 100 GB: reading it whole aborted the run.
    let dir = temp_tree(&[("good.md", BAD)]);
    let huge = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    huge.set_len(100 << 30).unwrap();
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        out,
        "good.md:1:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         huge.md:1:1: error[io-error] huge.md is larger than the 256 MB weeklint reads; exclude it, or raise `files.max-size` in lint.toml\n\
         2 errors in 2 files; 1 fixable with --fix\n"
    );
    // The limit is the config's.
    write(&dir.path().join("lint.toml"), "[files]\nmax-size = 1\n");
    write(&dir.path().join("big.md"), "# x\n".repeat(300_000));
    let (code, out, _) = concise(dir.path(), &["big.md"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("big.md is larger than the 1 MB weeklint reads"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn endless_stdin_is_read_up_to_the_limit() {
    // `check - < /dev/zero` grew until the memory ran out.
    let dir = temp_tree(&[("lint.toml", "[files]\nmax-size = 1\n")]);
    // Straight from the device: assert_cmd would read all of stdin first.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("weeklint"))
        .current_dir(dir.path())
        .args(["--output-format", "concise", "-"])
        .env("NO_COLOR", "1")
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let (out, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        out.starts_with("-:1:1: error[io-error] - is larger than the 1 MB weeklint reads"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_broken_config_is_an_error_not_passed_over() {
    // Each was skipped without a word, and the config above applied.
    let dir = temp_tree(&[
        ("lint.toml", "[rules]\nheading-space = \"off\"\n"),
        ("sub/a.md", BAD),
    ]);
    let sub = dir.path().join("sub");
    let config = sub.join("lint.toml");
    let cases: [(&str, &dyn Fn(), &str); 5] = [
        (
            "dangling link",
            &|| std::os::unix::fs::symlink("nowhere.toml", &config).unwrap(),
            "cannot read config {}: no such file or directory",
        ),
        (
            "folder",
            &|| std::fs::create_dir(&config).unwrap(),
            "config {} is a directory",
        ),
        (
            "link to /dev/zero",
            &|| std::os::unix::fs::symlink("/dev/zero", &config).unwrap(),
            "config {} is not a regular file",
        ),
        (
            "invalid UTF-8",
            &|| write(&config, b"[rules]\n# caf\xe9\n"),
            "config {} is not valid UTF-8 (byte 0xE9 at line 2, column 6); weeklint reads UTF-8 only",
        ),
        (
            "2 MB",
            &|| write(&config, "#".repeat(2 << 20)),
            "config {} is larger than the 1 MB weeklint reads as a config",
        ),
    ];
    for (what, make, message) in cases {
        make();
        let (code, out, err) = concise(&sub, &[]);
        assert_eq!(code, 2, "{what}: {out}{err}");
        let want = message.replace("{}", &config.display().to_string());
        assert!(
            err.contains(&format!("weeklint: error: {want}")),
            "{what}: {err}"
        );
        assert!(out.is_empty(), "{what}: {out}");
        if config.is_dir() {
            std::fs::remove_dir(&config).unwrap();
        } else {
            std::fs::remove_file(&config).unwrap();
        }
    }
    // `--config` is read the same way: bounded, and only a regular file.
    let (code, _, err) = concise(&sub, &["--config", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("weeklint: error: config /dev/zero is not a regular file"),
        "{err}"
    );
}

#[test]
fn threads_are_bounded() {
    // `--threads 100000` ran for minutes on a few files.
    let dir = temp_tree(&[("good.md", "# x\n")]);
    let (code, _, err) = concise(dir.path(), &["--threads", "100000"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--threads"), "{err}");
    assert!(err.contains("at most"), "{err}");
    let (code, _, err) = concise(dir.path(), &["--threads", "0"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = concise(dir.path(), &["--threads", "2"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_line_of_thousands_of_tags_is_shown_in_windows_and_counted() {
    // `full` printed the whole line under each of its 8,000 diagnostics
    // (1.79 GB); columns were counted from the line's start each time.
    let tags: Vec<String> = (0..20_000)
        .map(|i| format!("<img src=\"pic/a{i}.png\" width=400\">"))
        .collect();
    let dir = temp_tree(&[("a.md", &format!("# t\n\n{}\n", tags.join(" ")))]);
    let (code, out, err) = run(weeklint(dir.path()).args(["--output-format", "full"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.len() < 20_000, "{} bytes", out.len());
    assert!(
        out.contains(
            "note: 39990 more diagnostics on line 3 of a.md not shown; \
             `--output-format concise` lists every one"
        ),
        "{out}"
    );
    // The second tag's image, shown after a cut, at its column in the file.
    assert!(out.contains("  --> a.md:3:45\n"), "{out}");
    assert!(
        out.contains("3 | ... src=\"pic/a0.png\" width=400\"> <img src=\"pic/a1.png\" width=400\"> <img src=\"pic/a2.png\" widt...\n"),
        "{out}"
    );
    // Every other format lists all of them, in time linear in the line.
    let (_, out, _) = concise(dir.path(), &[]);
    assert_eq!(out.lines().count(), 40_001);
    let last = out.lines().nth(39_999).unwrap();
    let start = tags[..19_999].iter().map(|t| t.len() + 1).sum::<usize>();
    let column = 1 + start + tags[19_999].find("400\"").unwrap();
    assert!(
        last.starts_with(&format!("a.md:3:{column}: error[malformed-img-tag]")),
        "{last}"
    );
}

#[test]
fn a_diff_of_files_with_any_line_endings_applies_with_git() {
    // A CR-only file's hunk ended in a bare CR, and the next file's
    // header was glued on: `git apply` said "corrupt patch".
    // A name with a newline in it is quoted, as git quotes it.
    let files: [(&str, &[u8]); 5] = [
        ("a-cr.md", b"# t\r\r##x\r\r- [] a\r"),
        ("b-crlf.md", b"# t\r\n\r\n##x\r\n"),
        ("c-lf.md", b"# t\n\n##x"),
        ("d-mixed.md", b"# t\r\n\r##x\n\r\n##y\r"),
        ("e\n\"name\".md", b"# t\n\n##x\n"),
    ];
    let dir = crate::common::temp_dir();
    for (name, bytes) in files {
        write(&dir.path().join(name), bytes);
    }
    crate::common::git(dir.path(), &["init", "-q"]);
    let out = weeklint(dir.path())
        .args(["--diff", "--unsafe-fixes", "--isolated"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let patch = dir.path().join("fix.patch");
    write(&patch, &out.stdout);
    crate::common::git(dir.path(), &["apply", "fix.patch"]);
    let applied: Vec<Vec<u8>> = files
        .iter()
        .map(|(name, _)| std::fs::read(dir.path().join(name)).unwrap())
        .collect();
    // The patch does what --fix does.
    for (name, bytes) in files {
        write(&dir.path().join(name), bytes);
    }
    let (code, _, err) = run(weeklint(dir.path()).args(["--fix", "--unsafe-fixes", "--isolated"]));
    assert!(code <= 1, "{err}");
    for ((name, _), applied) in files.iter().zip(applied) {
        let fixed = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&applied),
            String::from_utf8_lossy(&fixed),
            "{name}"
        );
    }
}

#[test]
fn control_characters_from_files_are_shown_escaped() {
    // `##\x1b]0;PWNED\x07x` retitled the terminal through `full` and
    // `concise`; a newline in a file name split a `concise` line.
    let dir = temp_tree(&[
        ("title.md", "# t\n\n##\u{1b}]0;PWNED\u{7}x\n"),
        ("new\nline.md", "# t\n\n##x\n"),
        ("bidi.md", "# t\n\n##\u{202e}gnp.exe\n"),
    ]);
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "bidi.md:3:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         new\\nline.md:3:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         title.md:3:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         3 errors in 3 files; 3 fixable with --fix\n"
    );
    let (_, out, _) = run(weeklint(dir.path()).args(["--output-format", "full"]));
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "raw control characters in:\n{out}"
    );
    assert!(out.contains("3 | ##\\x1b]0;PWNED\\x07x\n"), "{out}");
    assert!(
        out.contains("= help: add a space: `## \\x1b]0;PWNED\\x07x`"),
        "{out}"
    );
    assert!(out.contains("--> new\\nline.md:3:1\n"), "{out}");
    assert!(out.contains("3 | ##\\u{202e}gnp.exe\n"), "{out}");
}

#[cfg(unix)]
#[test]
fn nothing_outside_the_project_is_named_read_or_written() {
    // `![x](../../secret/keys/id_rs)` gave "the nearest existing file is
    // ../../secret/keys/id_rsa", and a committed link to a file outside
    // the repository was read, printed and fixed.
    let dir = crate::common::temp_dir();
    write(&dir.path().join("secret/keys/id_rsa"), "key");
    write(&dir.path().join("outside/notes.md"), "##secret\n");
    let project = dir.path().join("work/journal");
    write(&project.join("lint.toml"), "");
    write(
        &project.join("log.md"),
        "# Log\n\n![k](../../secret/keys/id_rs)\n![p](../../../../etc/shadowx)\n",
    );
    std::os::unix::fs::symlink("../../outside/notes.md", project.join("leak.md")).unwrap();
    let (code, out, err) = run(weeklint(&project).args([
        "--output-format",
        "concise",
        "--select",
        "all",
        "--unsafe-fixes",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    for secret in ["id_rsa", "nearest", "shadow ", "shadow\n", "##secret"] {
        assert!(
            !out.contains(secret) && !err.contains(secret),
            "{secret}: {out}{err}"
        );
    }
    assert_eq!(
        out,
        "log.md:3:6: warning[image-outside-root] image ../../secret/keys/id_rs is outside the project root\n\
         log.md:4:6: warning[image-outside-root] image ../../../../etc/shadowx is outside the project root\n\
         2 warnings in 1 file; 0 fixed, 2 remaining\n"
    );
    assert_eq!(
        err,
        "weeklint: warning: leak.md links to a file outside the project root; not followed\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("outside/notes.md")).unwrap(),
        "##secret\n"
    );
    // `images.dirs` may not lead out either.
    write(
        &project.join("lint.toml"),
        "[images]\ndirs = [\"../../secret/keys\"]\n",
    );
    let (code, _, err) = run(weeklint(&project).args(["--select", "all"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("`images.dirs` holds `../../secret/keys`, outside the project root"),
        "{err}"
    );
}
