//! The hooks of `.pre-commit-hooks.yaml`, installed and run by the real
//! pre-commit framework on a scratch journal repository, through `git
//! commit` as a user would.
//!
//! pre-commit must be on PATH (`pip install pre-commit`); CI installs it.
//! It builds weeklint with `cargo install --path .` once per hook
//! repository revision, so every step here shares one pre-commit home, and
//! cargo's target folder is kept between runs of the test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::support::{TODAY, read, repo_root, temp_dir, write};

/// What a command printed, both streams together, and whether it succeeded.
struct Output {
    success: bool,
    text: String,
}

/// Everything the steps share: one pre-commit home, one cargo target
/// folder, a git identity, and no influence from the user's git config.
struct Env {
    _work: tempfile::TempDir,
    work: PathBuf,
    home: PathBuf,
    git_config: PathBuf,
}

impl Env {
    fn new() -> Self {
        let work = temp_dir();
        let root = work.path().to_path_buf();
        let git_config = root.join("gitconfig");
        write(&git_config, "");
        Env {
            home: root.join("pre-commit-home"),
            work: root,
            git_config,
            _work: work,
        }
    }

    /// `program args…` in `dir` with the shared environment.
    fn command(&self, dir: &Path, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(dir)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("PRE_COMMIT_COLOR", "never")
            .env("GIT_CONFIG_GLOBAL", &self.git_config)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "weeklint test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "weeklint test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("WEEKLINT_TODAY", TODAY)
            .env("NO_COLOR", "1")
            // Kept between runs: after the first, `cargo install` rebuilds
            // only weeklint's own crates.
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-cargo-target"),
            )
            // The hook's behaviour, not the release profile's speed, is
            // under test: build it like a debug build.
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
        cmd
    }

    fn run(&self, dir: &Path, program: &str, args: &[&str]) -> Output {
        let out = self
            .command(dir, program, args)
            .output()
            .unwrap_or_else(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    panic!(
                        "`{program}` is not on PATH; this test needs the pre-commit \
                         framework: pip install pre-commit"
                    )
                }
                panic!("cannot run {program}: {e}")
            });
        Output {
            success: out.status.success(),
            text: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }

    /// Run and insist on success.
    fn ok(&self, dir: &Path, program: &str, args: &[&str]) -> String {
        let out = self.run(dir, program, args);
        assert!(
            out.success,
            "{program} {args:?} failed in {dir:?}:\n{}",
            out.text
        );
        out.text
    }
}

/// This checkout as a one-commit git repository, as pre-commit wants a
/// hook repository: the files git tracks or would track, as they are in
/// the working tree now (so uncommitted changes are tested too).
struct HookRepo {
    path: PathBuf,
    rev: String,
}

impl HookRepo {
    fn new(env: &Env) -> Self {
        let root = repo_root();
        let path = env.work.join("weeklint");
        let listed = env.ok(
            &root,
            "git",
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
        );
        for rel in listed.split('\0').filter(|r| !r.is_empty()) {
            let from = root.join(rel);
            // Deleted in the working tree but still in the index.
            if from.is_file() {
                write(
                    &path.join(rel),
                    std::fs::read(&from).unwrap_or_else(|e| panic!("{from:?}: {e}")),
                );
            }
        }
        env.ok(&path, "git", &["init", "-q"]);
        env.ok(&path, "git", &["add", "-A"]);
        env.ok(&path, "git", &["commit", "-q", "-m", "weeklint"]);
        let rev = env
            .ok(&path, "git", &["rev-parse", "HEAD"])
            .trim()
            .to_string();
        HookRepo { path, rev }
    }
}

/// A scratch journal repository whose `.pre-commit-config.yaml` uses
/// `hooks` from the hook repository, installed as its git pre-commit hook.
struct Journal<'e> {
    env: &'e Env,
    path: PathBuf,
}

impl<'e> Journal<'e> {
    fn new(env: &'e Env, hooks: &HookRepo, name: &str, hook_ids: &[&str]) -> Self {
        let path = env.work.join(name);
        std::fs::create_dir_all(&path).unwrap();
        env.ok(&path, "git", &["init", "-q"]);
        let ids: String = hook_ids
            .iter()
            .map(|id| format!("      - id: {id}\n"))
            .collect();
        write(
            &path.join(".pre-commit-config.yaml"),
            format!(
                "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n{ids}",
                hooks.path.display(),
                hooks.rev
            ),
        );
        env.ok(&path, "git", &["add", ".pre-commit-config.yaml"]);
        env.ok(&path, "pre-commit", &["install"]);
        Journal { env, path }
    }

    /// Write `text` to `rel` and stage it.
    fn stage(&self, rel: &str, text: &str) {
        write(&self.path.join(rel), text);
        self.env.ok(&self.path, "git", &["add", rel]);
    }

    /// `git commit`, which runs the hooks.
    fn commit(&self, message: &str) -> Output {
        self.env
            .run(&self.path, "git", &["commit", "-q", "-m", message])
    }

    fn read(&self, rel: &str) -> String {
        read(&self.path.join(rel))
    }
}

const OUT_OF_ORDER: &str = "# Reading log\n\n## 2023.6.18\n\n## 2023.5.22\n\n## 2023.6.10\n";
const IN_ORDER: &str = "# Reading log\n\n## 2023.6.18\n\n## 2023.6.10\n\n## 2023.5.22\n";

#[test]
fn hooks_block_errors_pass_clean_journals_and_fix_checkboxes() {
    let env = Env::new();
    let hooks = HookRepo::new(&env);
    env.ok(
        &hooks.path,
        "pre-commit",
        &["validate-manifest", ".pre-commit-hooks.yaml"],
    );
    let journal = Journal::new(&env, &hooks, "journal", &["weeklint"]);
    // What a new machine does on the first commit: build the hook's
    // environment (`cargo install` of this checkout).
    let start = Instant::now();
    env.ok(&journal.path, "pre-commit", &["install-hooks"]);
    super::distribution::report(&format!(
        "pre-commit: the build-from-source hook (language: rust) installed in {:.1} s",
        start.elapsed().as_secs_f64()
    ));

    // A journal with an entry out of order: the commit fails and says why.
    journal.stage("log.md", OUT_OF_ORDER);
    let out = journal.commit("add log");
    assert!(!out.success, "the commit went through:\n{}", out.text);
    assert!(out.text.contains("weeklint"), "{}", out.text);
    assert!(out.text.contains("Failed"), "{}", out.text);
    assert!(out.text.contains("error[date-order]"), "{}", out.text);
    assert!(
        out.text
            .contains("date 2023.6.10 is newer than the entry above it (2023.5.22)"),
        "{}",
        out.text
    );
    assert!(out.text.contains("--> log.md:7:4"), "{}", out.text);
    // The hook only reads.
    assert_eq!(journal.read("log.md"), OUT_OF_ORDER);

    // Put right: the same commit passes.
    journal.stage("log.md", IN_ORDER);
    let out = journal.commit("add log");
    assert!(out.success, "{}", out.text);
    assert!(out.text.contains("Passed"), "{}", out.text);

    // Only Markdown is handed to the hook (`types: [markdown]`).
    journal.stage("notes.txt", "## 2023.5.22\n## 2023.6.10\n");
    let out = journal.commit("add notes");
    assert!(out.success, "{}", out.text);
    assert!(out.text.contains("Skipped"), "{}", out.text);

    // `--force-exclude`: what lint.toml excludes stays out, even when staged.
    journal.stage("lint.toml", "[files]\nexclude = [\"drafts/**\"]\n");
    journal.stage("drafts/wip.md", OUT_OF_ORDER);
    let out = journal.commit("add a draft");
    assert!(out.success, "{}", out.text);
    // …but not a journal beside it.
    journal.stage("2024.md", OUT_OF_ORDER);
    let out = journal.commit("add 2024");
    assert!(!out.success, "{}", out.text);
    assert!(out.text.contains("--> 2024.md:7:4"), "{}", out.text);
    assert!(!out.text.contains("drafts/wip.md"), "{}", out.text);

    // The fix hook (same hook repository, so the same build) repairs a
    // malformed checkbox; pre-commit fails a hook that changed files, so the
    // fix can be reviewed and staged; the second commit passes.
    let fixing = Journal::new(&env, &hooks, "fixing", &["weeklint-fix"]);
    let broken = "# Pending\n\n- [] read CLIP\n- [x] read ViT\n";
    let fixed = "# Pending\n\n- [ ] read CLIP\n- [x] read ViT\n";
    fixing.stage("todo.md", broken);
    let out = fixing.commit("add todo");
    assert!(!out.success, "the commit went through:\n{}", out.text);
    assert!(
        out.text.contains("files were modified by this hook"),
        "{}",
        out.text
    );
    assert_eq!(fixing.read("todo.md"), fixed);
    fixing.stage("todo.md", fixed);
    let out = fixing.commit("add todo");
    assert!(out.success, "{}", out.text);
    assert!(out.text.contains("Passed"), "{}", out.text);
}

/// pre-commit builds weeklint with `cargo install --path .`, whose
/// resolution leaves dev-dependencies out: a `[profile.*.package.NAME]`
/// override naming one of them makes cargo warn in every install. Each
/// override must name a package that the installed binary is built from.
#[test]
fn profile_overrides_name_only_packages_cargo_install_builds() {
    let manifest = read(&repo_root().join("Cargo.toml"));
    let mut overridden = Vec::new();
    let mut in_package_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            // `[profile.dev.package.NAME]`, or `[profile.dev.package]`
            // followed by `NAME.opt-level = …` lines.
            let header = line.trim_matches(['[', ']']);
            in_package_table = false;
            if let Some((_, rest)) = header
                .strip_prefix("profile.")
                .and_then(|h| h.split_once(".package"))
            {
                match rest.strip_prefix('.') {
                    Some(name) => overridden.push(name.trim_matches('"').to_string()),
                    None => in_package_table = true,
                }
            }
        } else if in_package_table && let Some((name, _)) = line.split_once('.') {
            overridden.push(name.trim_matches('"').to_string());
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--package",
            "weeklint",
        ])
        .current_dir(repo_root())
        .output()
        .expect("cargo tree");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built: Vec<&str> = tree.lines().filter_map(|l| l.split(' ').next()).collect();
    for name in overridden.iter().filter(|n| n.as_str() != "*") {
        assert!(
            built.contains(&name.as_str()),
            "Cargo.toml overrides the profile of `{name}`, which `cargo install` does not build: \
             it warns that the spec matches no package"
        );
    }
}
