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
         latin1.md:1:1: error[io-error] latin1.md is not valid UTF-8 (byte 0xE9 at line 1, column 6); weeklint reads UTF-8 only\n\
         utf16.md:1:1: error[io-error] utf16.md is UTF-16 text; weeklint reads UTF-8 only\n\
         4 errors in 4 files; 1 fixable with --fix\n"
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
