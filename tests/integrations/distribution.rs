//! How weeklint reaches people who have no Rust: the wheel built from this
//! checkout (`pip wheel . --no-deps`, maturin from PyPI), installed in a
//! fresh virtual environment, and the pre-commit mirror's hooks
//! (`pre-commit-mirror/`), installed by the real pre-commit framework from
//! a folder of wheels — both run with no `cargo` or `rustc` on PATH.
//!
//! The tools come from PyPI (.ci/requirements.txt; .ci/run installs them).
//! Where one is missing the test says so on stderr and passes, except in CI
//! (`CI` set), where that is a failure.
//!
//! The wheel is built once per test run and shared. Its cargo build uses
//! the pre-commit test's target folder and profile settings, so the two
//! compile the dependencies once between them; the release profile's
//! optimisations are turned off there, as the package, not the speed, is
//! under test.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use super::support::{TODAY, read, repo_root, temp_dir, weeklint, write};

/// Passes the test with `reason` on stderr (past the test harness's
/// capture, so that it shows), or fails it in CI.
pub(crate) fn skip(reason: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{reason} (CI must install it: .ci/run does)"
    );
    let _ = writeln!(std::io::stderr(), "skipped: {reason}");
}

/// A line for the report on stderr, shown even when output is captured.
pub(crate) fn report(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Does `program args…` run and succeed?
pub(crate) fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// `cmd`'s output, both streams, asserting success.
pub(crate) fn ok(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// PATH without the folders that hold `cargo` or `rustc`: what someone
/// without Rust has.
pub(crate) fn path_without_rust() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| {
            !["cargo", "rustc", "cargo.exe", "rustc.exe"]
                .iter()
                .any(|tool| dir.join(tool).exists())
        })
        .collect();
    std::env::join_paths(kept).unwrap()
}

/// `cmd` with no Rust toolchain to find: PATH without it, and none of the
/// variables that point rustup or cargo at one.
fn without_rust(cmd: &mut Command) -> &mut Command {
    cmd.env("PATH", path_without_rust());
    for var in [
        "CARGO",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "RUSTC",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The wheel built from this checkout, or why there is none (a tool is
/// missing: the caller skips).
fn wheel() -> Result<&'static Path, &'static str> {
    static WHEEL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match WHEEL.get_or_init(build_wheel) {
        Ok(path) => Ok(path),
        Err(reason) => Err(reason),
    }
}

/// The settings the pre-commit test builds with (same folder, same
/// profile), so that the dependencies are compiled once for both.
fn fast_release_build(cmd: &mut Command) -> &mut Command {
    cmd.env(
        "CARGO_TARGET_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-cargo-target"),
    )
    .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
    .env("CARGO_PROFILE_RELEASE_LTO", "false")
    .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
    .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
    // Nothing from an index: maturin is the one installed.
    .env("PIP_NO_INDEX", "1")
    .env("PIP_NO_CACHE_DIR", "1")
    .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
}

fn build_wheel() -> Result<PathBuf, String> {
    if !runs("python3", &["-c", "import maturin, pip"]) {
        return Err(
            "python3 with pip and maturin is needed to build the wheel: \
                    pip install maturin"
                .into(),
        );
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheel");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    // The build isolation would install maturin from PyPI again: it is
    // installed already, so use it.
    let start = Instant::now();
    ok(fast_release_build(
        Command::new("python3")
            .args([
                "-m",
                "pip",
                "wheel",
                ".",
                "--no-deps",
                "--no-build-isolation",
            ])
            .arg("--wheel-dir")
            .arg(&out)
            .current_dir(repo_root()),
    ));
    report(&format!(
        "wheel: `pip wheel . --no-deps` took {:.1} s",
        start.elapsed().as_secs_f64()
    ));
    let wheels: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    Ok(wheels.into_iter().next().unwrap())
}

/// A fresh virtual environment with the wheel installed: its `bin` folder.
fn venv_with(wheel: &Path, at: &Path) -> PathBuf {
    ok(Command::new("python3").args(["-m", "venv"]).arg(at));
    let bin = if cfg!(windows) {
        at.join("Scripts")
    } else {
        at.join("bin")
    };
    ok(without_rust(
        Command::new(bin.join("python"))
            .args(["-m", "pip", "install", "--no-index", "--no-deps"])
            .arg(wheel)
            .env("PIP_NO_CACHE_DIR", "1")
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
    ));
    bin
}

#[test]
fn the_wheel_installs_in_a_fresh_venv_and_runs_without_rust() {
    let wheel = match wheel() {
        Ok(wheel) => wheel,
        Err(reason) => return skip(reason),
    };
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("weeklint-{version}-py3-none-")),
        "{name}"
    );

    let tmp = temp_dir();
    let bin = venv_with(wheel, &tmp.path().join("venv"));
    let path = {
        let mut dirs = vec![bin.clone()];
        dirs.extend(std::env::split_paths(&path_without_rust()));
        std::env::join_paths(dirs).unwrap()
    };
    let run = |args: &[&str]| {
        let mut cmd = Command::new("weeklint");
        without_rust(&mut cmd)
            .env("PATH", &path)
            .args(args)
            .current_dir(repo_root())
            .env("WEEKLINT_TODAY", TODAY)
            .env("NO_COLOR", "1");
        cmd.output().expect("weeklint from the venv")
    };
    // No Rust here: the command is the wheel's.
    let cargo = Command::new("cargo")
        .arg("--version")
        .env("PATH", &path)
        .output();
    assert!(cargo.is_err(), "cargo is still on PATH");

    let out = run(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("weeklint {version}\n")
    );
    // The example journal, as the README's quick start lints it: the same
    // report as the binary cargo built.
    let out = run(&["check", "examples/papers-weekly"]);
    let (code, expected, _) =
        crate::common::run(weeklint(&repo_root()).args(["check", "examples/papers-weekly"]));
    assert_eq!(out.status.code(), Some(code));
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    assert!(expected.contains("warning[single-title]"), "{expected}");

    // What PyPI shows comes from pyproject.toml and Cargo.toml.
    let shown = ok(Command::new(bin.join("python")).args(["-m", "pip", "show", "weeklint"]));
    assert!(shown.contains(&format!("Version: {version}\n")), "{shown}");
    assert!(
        shown.contains(&format!("Summary: {}\n", env!("CARGO_PKG_DESCRIPTION"))),
        "{shown}"
    );
}

#[test]
fn the_release_build_tags_linux_wheels_manylinux() {
    // `pip install .` builds for this machine only (maturin tags such a
    // wheel `linux_*`); the release workflow runs `maturin build`, which
    // tags the wheel for the oldest glibc its binary works with.
    if !cfg!(target_os = "linux") {
        return skip("manylinux tags are for Linux");
    }
    if let Err(reason) = wheel() {
        return skip(reason);
    }
    if !runs("maturin", &["--version"]) {
        return skip("maturin is not on PATH: pip install maturin");
    }
    let out = temp_dir();
    // The release workflow's arguments (maturin-action's `args`).
    let text = ok(fast_release_build(
        Command::new("maturin")
            .args(["build", "--release", "--locked", "--out"])
            .arg(out.path())
            .current_dir(repo_root()),
    ));
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{text}");
    let tag = names[0]
        .strip_suffix(".whl")
        .and_then(|n| n.rsplit('-').next())
        .unwrap();
    assert!(
        tag.starts_with("manylinux_") || tag.starts_with("musllinux_"),
        "{}",
        names[0]
    );
    let release = read(&repo_root().join(".github/workflows/release.yml"));
    assert!(
        release.contains("args: --release --locked --out dist\n"),
        "release.yml builds the wheels with other arguments"
    );
}

/// The folder of `pre-commit-mirror/` as the mirror repository the release
/// workflow pushes: a one-commit git repository.
fn mirror_repo(at: &Path, git: &dyn Fn(&Path, &[&str]) -> String) -> String {
    let from = repo_root().join("pre-commit-mirror");
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            write(
                &at.join(entry.file_name()),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    git(at, &["init", "-q"]);
    git(at, &["add", "-A"]);
    git(at, &["commit", "-q", "-m", "weeklint-pre-commit"]);
    git(at, &["rev-parse", "HEAD"]).trim().to_string()
}

const OUT_OF_ORDER: &str = "# Reading log\n\n## 2023.6.18\n\n## 2023.5.22\n\n## 2023.6.10\n";
const IN_ORDER: &str = "# Reading log\n\n## 2023.6.18\n\n## 2023.6.10\n\n## 2023.5.22\n";

#[test]
fn the_mirror_hook_installs_from_the_wheel_without_rust_and_blocks_dates_out_of_order() {
    let wheel = match wheel() {
        Ok(wheel) => wheel,
        Err(reason) => return skip(reason),
    };
    if !runs("pre-commit", &["--version"]) {
        return skip("pre-commit is not on PATH: pip install pre-commit");
    }
    let tmp = temp_dir();
    let root = tmp.path();
    let git_config = root.join("gitconfig");
    write(&git_config, "");
    let home = root.join("pre-commit-home");
    // pip in the hook's environment finds only the wheel folder.
    let wheels = wheel.parent().unwrap();
    let command = |dir: &Path, program: &str, args: &[&str]| {
        let mut cmd = Command::new(program);
        without_rust(&mut cmd)
            .args(args)
            .current_dir(dir)
            .env("PRE_COMMIT_HOME", &home)
            .env("PRE_COMMIT_COLOR", "never")
            .env("PIP_FIND_LINKS", wheels)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_NO_CACHE_DIR", "1")
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("GIT_CONFIG_GLOBAL", &git_config)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "weeklint test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "weeklint test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("WEEKLINT_TODAY", TODAY)
            .env("NO_COLOR", "1");
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
            cmd.env_remove(var);
        }
        cmd
    };
    let git = |dir: &Path, args: &[&str]| ok(&mut command(dir, "git", args));

    let mirror = root.join("weeklint-pre-commit");
    let rev = mirror_repo(&mirror, &git);
    ok(&mut command(
        &mirror,
        "pre-commit",
        &["validate-manifest", ".pre-commit-hooks.yaml"],
    ));

    let journal = root.join("journal");
    std::fs::create_dir_all(&journal).unwrap();
    git(&journal, &["init", "-q"]);
    write(
        &journal.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: weeklint\n",
            mirror.display()
        ),
    );
    git(&journal, &["add", ".pre-commit-config.yaml"]);
    ok(&mut command(&journal, "pre-commit", &["install"]));

    // What a new machine does on the first commit: make the hook's
    // environment, here from the wheel folder alone.
    let start = Instant::now();
    ok(&mut command(&journal, "pre-commit", &["install-hooks"]));
    report(&format!(
        "pre-commit: the mirror hook (language: python) installed in {:.1} s",
        start.elapsed().as_secs_f64()
    ));

    // A journal with an entry out of order: the commit fails and says why.
    write(&journal.join("log.md"), OUT_OF_ORDER);
    git(&journal, &["add", "log.md"]);
    let out = command(&journal, "git", &["commit", "-q", "-m", "add log"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("error[date-order]"), "{text}");
    assert!(text.contains("--> log.md:7:4"), "{text}");

    // Put right: the same commit passes.
    write(&journal.join("log.md"), IN_ORDER);
    git(&journal, &["add", "log.md"]);
    let text = git(&journal, &["commit", "-q", "-m", "add log"]);
    assert!(text.contains("Passed"), "{text}");
}

#[test]
fn the_mirror_pins_the_wheel_of_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let pyproject = read(&repo_root().join("pre-commit-mirror/pyproject.toml"));
    // The lines the release workflow checks against the tag.
    assert!(
        pyproject.contains(&format!("\nversion = \"{version}\"\n")),
        "{pyproject}"
    );
    assert!(
        pyproject.contains(&format!("\ndependencies = [\"weeklint=={version}\"]\n")),
        "{pyproject}"
    );
    // Both hook files offer the same hooks, with the same commands.
    let own = read(&repo_root().join(".pre-commit-hooks.yaml"));
    let mirror = read(&repo_root().join("pre-commit-mirror/.pre-commit-hooks.yaml"));
    let hooks = |text: &str, language: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .replace(&format!("language: {language}"), "language: ?")
    };
    assert_eq!(hooks(&own, "rust"), hooks(&mirror, "python"));
}

#[test]
fn the_readme_installs_with_python_cargo_a_release_or_a_checkout() {
    let readme = read(&repo_root().join("README.md"));
    let install = readme
        .split("\n## Install\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has no ## Install section");
    for way in [
        "pipx install weeklint",
        "uv tool install weeklint",
        "cargo install weeklint",
        "cargo install --path .",
        "releases/latest/download/weeklint-x86_64-unknown-linux-gnu.tar.gz",
        "sha256sum --check --ignore-missing SHA256SUMS",
    ] {
        assert!(install.contains(way), "{way}");
    }
    // Both hook repositories, and which to take.
    let hooks = readme.split("\n## Use as a git hook\n").nth(1).unwrap();
    assert!(hooks.contains("  - repo: https://github.com/weeklint/weeklint-pre-commit\n"));
    assert!(hooks.contains("  - repo: https://github.com/weeklint/weeklint\n"));
    assert!(hooks.contains("Which hooks?"));
}
