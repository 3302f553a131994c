//! Image rules end to end: real files, real git repositories, a real HTTP
//! server on 127.0.0.1.

mod remote;

use std::path::Path;

use crate::common::example_journal as papers_weekly;
pub(crate) use crate::common::{git, temp_dir as tempdir, weeklint};

/// Stdout and exit code of `weeklint ARGS` in `dir`.
pub(crate) fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let (code, out, _) = crate::common::run(weeklint(dir).args(args));
    (out, code)
}

fn stderr(dir: &Path, args: &[&str]) -> String {
    crate::common::run(weeklint(dir).args(args)).2
}

fn init_repo(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

/// Write `content` to `rel` under `dir`.
pub(crate) fn write(dir: &Path, rel: &str, content: &[u8]) {
    crate::common::write(&dir.join(rel), content);
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

#[test]
fn untracked_and_ignored_images_are_reported_until_added() {
    let tmp = tempdir();
    let dir = tmp.path();
    init_repo(dir);
    write(
        dir,
        "notes.md",
        b"# Notes\n\n## 2023.6.18\n\n<img src=\"pic/tracked.png\" width=\"400\">\n\n\
          ![new](pic/new.png)\n\n<img src=\"pic/ignored.png\">\n",
    );
    write(dir, ".gitignore", b"pic/ignored.png\n");
    for f in ["pic/tracked.png", "pic/new.png", "pic/ignored.png"] {
        write(dir, f, PNG);
    }
    git(dir, &["add", "notes.md", ".gitignore", "pic/tracked.png"]);
    git(dir, &["commit", "-q", "-m", "notes"]);

    let (out, code) = run(dir, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("tracked.png is"), "{out}");
    assert!(
        out.contains("error[dead-image]: image pic/new.png is not in the git index: the commit will not include it"),
        "{out}"
    );
    assert!(out.contains("--> notes.md:7:8"), "{out}");
    assert!(
        out.contains("= help: track it: git add pic/new.png"),
        "{out}"
    );
    assert!(
        out.contains("error[dead-image]: image pic/ignored.png is ignored by git: the commit will not include it"),
        "{out}"
    );
    assert!(out.contains("2 errors in 1 file"), "{out}");

    git(dir, &["add", "pic/new.png"]);
    let (out, code) = run(dir, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "notes.md:9:11: error[dead-image] image pic/ignored.png is ignored by git: the commit will not include it\n\
         1 error in 1 file\n"
    );
}

#[test]
fn git_add_is_written_for_the_current_folder() {
    let tmp = tempdir();
    let dir = tmp.path();
    init_repo(dir);
    write(dir, "journal/notes.md", b"![a](pic/new.png)\n");
    write(dir, "journal/pic/new.png", PNG);
    let (out, _) = run(&dir.join("journal"), &["check", "notes.md"]);
    assert!(
        out.contains("= help: track it: git add pic/new.png"),
        "{out}"
    );
    let (out, _) = run(dir, &["check", "journal/notes.md"]);
    assert!(
        out.contains("= help: track it: git add journal/pic/new.png"),
        "{out}"
    );
}

#[test]
fn papers_weekly_stays_clean() {
    let expected_warning = "warning[single-title]: `pending list` is a second level-1 heading";
    // The example in the repository itself, images tracked or not in git.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, code) = run(root, &["check", "examples/papers-weekly"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(expected_warning), "{out}");
    assert!(out.ends_with("1 warning in 1 file\n"), "{out}");

    let (_tmp, dir) = papers_weekly();
    let (out, code) = run(&dir, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "README.md:5:1: warning[single-title] `pending list` is a second level-1 heading\n\
         1 warning in 1 file\n"
    );
}

#[test]
fn papers_weekly_with_a_deleted_image() {
    let (_tmp, dir) = papers_weekly();
    std::fs::remove_file(dir.join("pic/DepthCLIP.png")).unwrap();
    let (out, code) = run(
        &dir,
        &[
            "check",
            "--select",
            "dead-image",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "README.md:55:11: error[dead-image] image pic/DepthCLIP.png does not exist\n\
         1 error in 1 file\n"
    );
}

#[test]
fn papers_weekly_with_a_renamed_image() {
    let (_tmp, dir) = papers_weekly();
    std::fs::rename(dir.join("pic/CLIPasso1.png"), dir.join("pic/clipasso1.png")).unwrap();
    let (out, code) = run(&dir, &["check", "--select", "dead-image"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "error[dead-image]: [*] pic/CLIPasso1.png differs in letter case from pic/clipasso1.png: GitHub will not show it"
        ),
        "{out}"
    );
    assert!(out.contains("--> README.md:30:11"), "{out}");
    assert!(out.contains("1 error in 1 file"), "{out}");
}

#[test]
fn papers_weekly_with_a_broken_img_tag() {
    let (_tmp, dir) = papers_weekly();
    let readme = dir.join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    let broken = text.replacen(
        "<img src=\"pic/AudioCLIP.png\" width=\"500\" height=\"260\">",
        "见图 <img src=\"pic/AudioCLIP.png\" width=500\" height=\"260\">",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&readme, broken).unwrap();
    let (out, code) = run(
        &dir,
        &[
            "check",
            "--ignore",
            "single-title",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "README.md:59:39: error[malformed-img-tag] unquoted attribute value `500\"` holds `\"`: GitHub shows this `<img>` tag as text\n\
         1 error in 1 file; 1 fixable with --fix\n"
    );
    std::fs::remove_file(dir.join("pic/AudioCLIP.png")).unwrap();
    let (out, _) = run(
        &dir,
        &[
            "check",
            "--select",
            "dead-image",
            "--output-format",
            "concise",
        ],
    );
    assert!(
        out.starts_with(
            "README.md:59:14: error[dead-image] image pic/AudioCLIP.png does not exist\n"
        ),
        "{out}"
    );
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "笔记/图 片/CLIP 架构.png", PNG);
    write(
        dir,
        "笔记/周记 1.md",
        "# 周记\n\n<img src=\"图 片/CLIP 架构.png\">\n\n![架构](<图 片/CLIP 架构.png>)\n\n\
         ![架构](%E5%9B%BE%20%E7%89%87/CLIP%20%E6%9E%B6%E6%9E%84.png)\n\n<img src=\"图 片/clip 架构.png\">\n"
            .as_bytes(),
    );
    let (out, code) = run(
        dir,
        &[
            "check",
            "--select",
            "dead-image",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "笔记/周记 1.md:9:11: error[dead-image] 图 片/clip 架构.png differs in letter case from 图 片/CLIP 架构.png: GitHub will not show it\n\
         1 error in 1 file\n"
    );
}

#[test]
fn image_outside_the_root_is_a_warning() {
    let tmp = tempdir();
    let dir = tmp.path().join("project");
    write(&dir, "lint.toml", b"");
    write(
        &dir,
        "notes.md",
        b"![a](../common.png)\n\n![b](/pic/a.png)\n",
    );
    write(tmp.path(), "common.png", PNG);
    write(&dir, "pic/a.png", PNG);
    let (out, code) = run(&dir, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "notes.md:1:6: warning[image-outside-root] image ../common.png is outside the project root\n\
         1 warning in 1 file\n"
    );
}

#[test]
fn unused_images_need_the_whole_project() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(
        dir,
        "lint.toml",
        b"[rules]\nunused-image = \"warn\"\n\n[images]\ndirs = [\"pic\", \"assets/img\"]\n",
    );
    write(dir, "a.md", b"![a](pic/used.png)\n");
    write(
        dir,
        "notes/b.md",
        b"<img src=\"../assets/img/Used2.PNG\">\n",
    );
    for f in [
        "pic/used.png",
        "pic/old.png",
        "pic/.DS_Store",
        "assets/img/used2.png",
        "assets/img/deep/x.png",
        "other/y.png",
    ] {
        write(dir, f, PNG);
    }
    // A link back up must not send the folder walk round in circles.
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.join("pic/loop")).unwrap();
    let (out, code) = run(
        dir,
        &[
            "check",
            "--ignore",
            "dead-image",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "assets/img/deep/x.png:1:1: warning[unused-image] image assets/img/deep/x.png is not referenced by any Markdown file\n\
         pic/old.png:1:1: warning[unused-image] image pic/old.png is not referenced by any Markdown file\n\
         2 warnings in 2 files\n"
    );
    // A subset of the project says so instead of calling everything unused.
    let (out, code) = run(dir, &["check", "a.md", "--output-format", "concise"]);
    assert_eq!((out.as_str(), code), ("no problems in 1 file\n", 0));
    assert!(
        stderr(dir, &["check", "notes"]).contains(
            "weeklint: note: unused-image was skipped: it needs the whole project, and only some paths were given"
        )
    );
    // Off by default: no note either.
    write(dir, "lint.toml", b"");
    assert_eq!(stderr(dir, &["check", "a.md"]), "");
}

#[test]
fn rule_docs_are_built_in() {
    for rule in [
        "dead-image",
        "malformed-img-tag",
        "image-outside-root",
        "remote-image",
        "unused-image",
    ] {
        let (out, code) = run(Path::new(env!("CARGO_MANIFEST_DIR")), &["rule", rule]);
        assert_eq!(code, 0);
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix safety",
            "## Options",
        ] {
            assert!(out.contains(section), "{rule}: {section}");
        }
    }
}

#[test]
fn images_left_out_of_a_sparse_checkout_are_not_missing() {
    // Tracked images outside the sparse cone were reported as missing:
    // they are in the index, the commit and on GitHub.
    let tmp = tempdir();
    let dir = tmp.path();
    init_repo(dir);
    write(
        dir,
        "notes/log.md",
        b"# Log\n\n![a](../assets/a.png)\n![b](../assets/gone.png)\n",
    );
    write(dir, "assets/a.png", PNG);
    write(dir, "assets/gone.png", PNG);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "log"]);
    // A deleted file is not left out of the checkout: it is missing.
    git(dir, &["rm", "-q", "assets/gone.png"]);
    git(dir, &["commit", "-q", "-m", "gone"]);
    git(dir, &["sparse-checkout", "set", "--no-cone", "/notes/"]);
    assert!(!dir.join("assets/a.png").exists());
    let (out, code) = run(dir, &["check", "--output-format", "concise"]);
    assert_eq!(
        (out.as_str(), code),
        (
            "notes/log.md:4:6: error[dead-image] image ../assets/gone.png does not exist\n\
             1 error in 1 file\n",
            1
        )
    );
}
