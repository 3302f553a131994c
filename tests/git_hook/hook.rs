//! `weeklint hook install|uninstall|status`, and the installed hook run by
//! the real `git commit`.

use super::{PNG, Repo};

const WITH_IMAGE: &str = "# Log\n\n## 2023.6.18\n\n<img src=\"pic/x.png\" width=\"400\">\n";
const OUT_OF_ORDER: &str = "# Log\n\n## 2023.6.25\n\na\n\n## 2023.6.18\n\nb\n\n## 2023.6.30\n\nc\n";
const FOREIGN: &str = "#!/bin/sh\necho the team's own checks\n";

fn install(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["hook", "install"];
    all.extend_from_slice(args);
    repo.weeklint(&all)
}

#[test]
fn the_hook_blocks_a_commit_whose_image_is_not_staged_until_it_is() {
    let repo = Repo::new(&[("notes.md", WITH_IMAGE), ("pic/x.png", PNG)]);
    let (code, out, err) = install(&repo, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("installed weeklint's pre-commit hook at .git/hooks/pre-commit"),
        "{out}"
    );
    repo.git(&["add", "notes.md"]);
    let (ok, text) = repo.commit("notes");
    assert!(!ok, "the commit went through:\n{text}");
    assert!(
        text.contains("image pic/x.png is not in the git index"),
        "{text}"
    );
    assert!(text.contains("git add pic/x.png"), "{text}");
    // The first commit of the repository: nothing was committed.
    assert_eq!(repo.commits(), 0);

    repo.git(&["add", "pic/x.png"]);
    let (ok, text) = repo.commit("notes");
    assert!(ok, "{text}");
    assert_eq!(repo.commits(), 1);
}

#[test]
fn the_hook_file_is_an_executable_sh_script_calling_this_weeklint() {
    let repo = Repo::new(&[]);
    install(&repo, &[]);
    let text = repo.read(".git/hooks/pre-commit");
    assert!(text.starts_with("#!/bin/sh\n"), "{text}");
    assert!(text.contains("check --staged"), "{text}");
    let exe = assert_cmd::cargo::cargo_bin("weeklint");
    assert!(
        text.contains(&format!("weeklint='{}'", exe.display())),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path(".git/hooks/pre-commit"))
            .map(|m| m.permissions().mode())
            .unwrap_or(0);
        assert_eq!(mode & 0o111, 0o111, "{mode:o}");
    }
    // POSIX sh can parse it.
    let status = std::process::Command::new("sh")
        .arg("-n")
        .arg(repo.path(".git/hooks/pre-commit"))
        .status()
        .expect("sh");
    assert!(status.success());
    // Installing again changes nothing.
    let (code, out, _) = install(&repo, &[]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "weeklint's pre-commit hook is already installed at .git/hooks/pre-commit\n"
        )
    );
}

#[test]
fn without_the_weeklint_binary_the_hook_falls_back_to_path_or_stops() {
    let repo = Repo::new(&[("log.md", OUT_OF_ORDER)]);
    install(&repo, &[]);
    let hook = repo.path(".git/hooks/pre-commit");
    let text = repo.read(".git/hooks/pre-commit");
    let exe = assert_cmd::cargo::cargo_bin("weeklint");
    let moved = text.replace(&exe.display().to_string(), "/nonexistent/weeklint");
    std::fs::write(&hook, moved).unwrap();
    repo.git(&["add", "log.md"]);
    // No weeklint on PATH: the hook says so and stops the commit.
    let out = std::process::Command::new("sh")
        .arg(&hook)
        .current_dir(&repo.root)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("sh");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("weeklint is neither at /nonexistent/weeklint nor on PATH"),
        "{err}"
    );
    // weeklint on PATH: that one runs, and finds the error.
    let bin_dir = exe.parent().expect("no folder");
    let path = format!("{}:/usr/bin:/bin", bin_dir.display());
    let out = std::process::Command::new("sh")
        .arg(&hook)
        .current_dir(&repo.root)
        .env("PATH", path)
        .env("WEEKLINT_TODAY", crate::common::TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[date-order]"));
}

#[test]
fn a_foreign_hook_is_kept_as_bak_with_force_and_restored_by_uninstall() {
    let repo = Repo::new(&[]);
    repo.write(".git/hooks/pre-commit", FOREIGN);
    let (code, out, err) = install(&repo, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(".git/hooks/pre-commit is a hook weeklint did not write; left it alone"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(repo.read(".git/hooks/pre-commit"), FOREIGN);

    let (code, out, err) = install(&repo, &["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("moved the existing hook to .git/hooks/pre-commit.bak"),
        "{out}"
    );
    assert_eq!(repo.read(".git/hooks/pre-commit.bak"), FOREIGN);
    assert!(
        repo.read(".git/hooks/pre-commit")
            .contains("check --staged")
    );
    let (_, out, _) = repo.weeklint(&["hook", "status"]);
    assert!(
        out.contains("installed at .git/hooks/pre-commit")
            && out.contains("kept as .git/hooks/pre-commit.bak"),
        "{out}"
    );
    // Reinstalling keeps the record of the backup.
    let (code, _, _) = install(&repo, &["--force"]);
    assert_eq!(code, 0);
    assert_eq!(repo.read(".git/hooks/pre-commit.bak"), FOREIGN);

    let (code, out, err) = repo.weeklint(&["hook", "uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "removed weeklint's pre-commit hook from .git/hooks/pre-commit\n\
         restored the hook it had replaced, from .git/hooks/pre-commit.bak\n"
    );
    assert_eq!(repo.read(".git/hooks/pre-commit"), FOREIGN);
    assert!(!repo.path(".git/hooks/pre-commit.bak").exists());
}

#[test]
fn uninstall_removes_only_what_weeklint_wrote() {
    let repo = Repo::new(&[]);
    // A foreign hook is left untouched.
    repo.write(".git/hooks/pre-commit", FOREIGN);
    let (code, out, err) = repo.weeklint(&["hook", "uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("weeklint did not write; left it alone"),
        "{err}"
    );
    assert_eq!(repo.read(".git/hooks/pre-commit"), FOREIGN);
    let (_, out, _) = repo.weeklint(&["hook", "status"]);
    assert!(
        out.contains("a pre-commit hook weeklint did not write"),
        "{out}"
    );

    // A pre-commit.bak weeklint did not make is not "restored".
    std::fs::remove_file(repo.path(".git/hooks/pre-commit")).unwrap();
    repo.write(".git/hooks/pre-commit.bak", FOREIGN);
    install(&repo, &[]);
    let (code, out, _) = repo.weeklint(&["hook", "uninstall"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "removed weeklint's pre-commit hook from .git/hooks/pre-commit\n"
        )
    );
    assert!(!repo.path(".git/hooks/pre-commit").exists());
    assert_eq!(repo.read(".git/hooks/pre-commit.bak"), FOREIGN);

    let (code, out, _) = repo.weeklint(&["hook", "uninstall"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "no pre-commit hook at .git/hooks/pre-commit; nothing to remove\n"
        )
    );
}

#[test]
fn force_never_overwrites_an_existing_backup() {
    let repo = Repo::new(&[]);
    repo.write(".git/hooks/pre-commit", FOREIGN);
    repo.write(".git/hooks/pre-commit.bak", "#!/bin/sh\necho older\n");
    let (code, _, err) = install(&repo, &["--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(".git/hooks/pre-commit.bak exists already"),
        "{err}"
    );
    assert_eq!(repo.read(".git/hooks/pre-commit"), FOREIGN);
    assert_eq!(
        repo.read(".git/hooks/pre-commit.bak"),
        "#!/bin/sh\necho older\n"
    );
}

#[test]
fn status_says_what_is_installed() {
    let repo = Repo::new(&[]);
    let (code, out, _) = repo.weeklint(&["hook", "status"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "no pre-commit hook at .git/hooks/pre-commit; `weeklint hook install` writes one\n"
        )
    );
    install(&repo, &[]);
    let (code, out, _) = repo.weeklint(&["hook", "status"]);
    let exe = assert_cmd::cargo::cargo_bin("weeklint");
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            format!(
                "weeklint's pre-commit hook is installed at .git/hooks/pre-commit; it runs {}\n",
                exe.display()
            )
            .as_str()
        )
    );
}

#[test]
fn core_hooks_path_is_where_the_hook_goes_and_runs_from() {
    let repo = Repo::new(&[("log.md", OUT_OF_ORDER)]);
    repo.git(&["config", "core.hooksPath", "githooks"]);
    std::fs::create_dir_all(repo.path("docs")).unwrap();
    // From a subfolder: the relative hooks path is the work tree root's.
    let (code, out, err) = repo.weeklint_in(&repo.path("docs"), &["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(repo.path("githooks/pre-commit").is_file());
    assert!(!repo.path(".git/hooks/pre-commit").exists());
    assert!(!repo.path("docs/githooks").exists());
    repo.git(&["add", "log.md"]);
    let (ok, text) = repo.commit("log");
    assert!(!ok, "{text}");
    assert!(text.contains("error[date-order]"), "{text}");
    let (code, out, _) = repo.weeklint(&["hook", "uninstall"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "removed weeklint's pre-commit hook from githooks/pre-commit\n"
    );
}

#[test]
fn in_a_linked_worktree_the_shared_hook_checks_that_worktree_s_index() {
    let repo = Repo::new(&[("log.md", "# Log\n")]);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "start"]);
    let wt = repo.root.with_file_name("journal-wt");
    let wt_arg = wt.to_string_lossy().into_owned();
    repo.git(&["worktree", "add", "-q", "-b", "side", &wt_arg]);
    let (code, out, err) = repo.weeklint_in(&wt, &["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    // Hooks live in the repository, shared by its worktrees.
    assert!(repo.path(".git/hooks/pre-commit").is_file());

    std::fs::write(wt.join("notes.md"), WITH_IMAGE).unwrap();
    std::fs::create_dir_all(wt.join("pic")).unwrap();
    std::fs::write(wt.join("pic/x.png"), PNG).unwrap();
    let (ok, text) = repo.git_in(&wt, &["add", "notes.md"]);
    assert!(ok, "{text}");
    let (ok, text) = repo.git_in(&wt, &["commit", "-q", "-m", "notes"]);
    assert!(!ok, "{text}");
    assert!(text.contains("git add pic/x.png"), "{text}");
    let (ok, text) = repo.git_in(&wt, &["add", "pic/x.png"]);
    assert!(ok, "{text}");
    let (ok, text) = repo.git_in(&wt, &["commit", "-q", "-m", "notes"]);
    assert!(ok, "{text}");
}

#[test]
fn a_partial_commit_is_judged_by_what_it_commits() {
    let repo = Repo::new(&[("a.md", "# A\n"), ("b.md", "# B\n")]);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "start"]);
    install(&repo, &[]);
    // a.md is staged with an error, but only b.md is committed: git hands
    // the hook an index of its own (GIT_INDEX_FILE).
    repo.write("a.md", OUT_OF_ORDER);
    repo.git(&["add", "a.md"]);
    repo.write("b.md", "# B\n\n## 2023.6.18\n\nb\n");
    let (ok, text) = repo.git_in(&repo.root, &["commit", "-q", "-m", "b only", "b.md"]);
    assert!(ok, "{text}");
    let (ok, text) = repo.commit("a");
    assert!(!ok, "{text}");
    // One pair each way, and 2023.6.25 is older than 2023.6.30: oldest
    // first, and 2023.6.18 is out of place.
    assert!(text.contains("a.md:7:4"), "{text}");
}

#[test]
fn outside_a_git_repository_hook_commands_fail_clearly() {
    let tmp = crate::common::temp_tree(&[]);
    for action in ["install", "uninstall", "status"] {
        let mut cmd = crate::common::weeklint(tmp.path());
        cmd.args(["hook", action])
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .env_remove("GIT_DIR");
        let (code, out, err) = crate::common::run(&mut cmd);
        assert_eq!(code, 2, "{action}: {out}{err}");
        assert!(
            err.contains("a git hook needs a git work tree")
                && err.contains("not a git repository"),
            "{action}: {err}"
        );
    }
}
