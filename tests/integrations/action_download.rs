//! The action's download step (`action/install.sh`) against a release
//! served from 127.0.0.1, laid out by `release/archive.py` as the release
//! workflow lays it out: one archive per target and SHA256SUMS.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use super::distribution::{ok, runs, skip};
use super::support::{copy_tree, read, repo_root, temp_dir, write};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Serve the files under `root` over HTTP; the paths asked for are logged.
fn serve(root: PathBuf) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let asked = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("/").to_string();
            asked.lock().unwrap().push(path.clone());
            let file = root.join(path.trim_start_matches('/'));
            let (status, body) = match std::fs::read(&file) {
                Ok(body) if !path.contains("..") => ("200 OK", body),
                _ => ("404 Not Found", b"Not Found\n".to_vec()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    (url, log)
}

/// `RUNNER_OS`, `RUNNER_ARCH` and the release target of this machine.
fn this_runner() -> Option<(&'static str, &'static str, String)> {
    let arch = match std::env::consts::ARCH {
        "x86_64" => ("X64", "x86_64"),
        "aarch64" => ("ARM64", "aarch64"),
        _ => return None,
    };
    let libc = if cfg!(target_env = "musl") {
        "musl"
    } else {
        "gnu"
    };
    match std::env::consts::OS {
        "linux" => Some(("Linux", arch.0, format!("{}-unknown-linux-{libc}", arch.1))),
        "macos" => Some(("macOS", arch.0, format!("{}-apple-darwin", arch.1))),
        _ => None,
    }
}

/// A release of this version in `dir/v{VERSION}/`: this machine's archive
/// holds the weeklint the tests run; every other target's holds a script
/// that prints the wrong version, so taking the wrong one shows. Laid out
/// once (packing the debug binary takes a while), and copied for each test.
fn release(dir: &Path, target: &str) {
    static LAID_OUT: OnceLock<PathBuf> = OnceLock::new();
    let laid_out = LAID_OUT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release");
        let _ = std::fs::remove_dir_all(&dir);
        lay_out(&dir, target);
        dir
    });
    copy_tree(laid_out, dir);
}

fn lay_out(dir: &Path, target: &str) {
    let assets = dir.join(format!("v{VERSION}"));
    let decoy = dir.join("decoy");
    write(&decoy, "#!/bin/sh\necho weeklint 0.0.0-wrong-target\n");
    let weeklint = assert_cmd::cargo::cargo_bin("weeklint");
    for t in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        let binary = if t == target { &weeklint } else { &decoy };
        // The release workflow's command (release.yml, "Binary archive").
        ok(Command::new("python3")
            .arg(repo_root().join("release/archive.py"))
            .args(["pack", "--target", t, "--binary"])
            .arg(binary)
            .arg("--out")
            .arg(&assets));
    }
    ok(Command::new("python3")
        .arg(repo_root().join("release/archive.py"))
        .arg("sums")
        .arg(&assets));
}

struct Step {
    code: i32,
    stdout: String,
    output: String,
}

/// Run the step as action.yml does, with the releases at `url`.
fn install(
    url: &str,
    version: &str,
    runner: (&str, &str),
    build: bool,
) -> (Step, tempfile::TempDir) {
    let temp = temp_dir();
    let output = temp.path().join("output");
    write(&output, "");
    let out = Command::new("bash")
        .arg(repo_root().join("action/install.sh"))
        .env("INPUT_VERSION", version)
        .env(
            "INPUT_BUILD_FROM_SOURCE",
            if build { "true" } else { "false" },
        )
        .env("WEEKLINT_RELEASES_URL", url)
        .env("RUNNER_OS", runner.0)
        .env("RUNNER_ARCH", runner.1)
        .env("RUNNER_TEMP", temp.path())
        .env("GITHUB_OUTPUT", &output)
        .env("NO_PROXY", "127.0.0.1")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("bash");
    let step = Step {
        code: out.status.code().unwrap_or(-1),
        stdout: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        output: read(&output),
    };
    (step, temp)
}

/// Skips where the step's tools or a release for this machine are missing.
fn ready() -> Option<(&'static str, &'static str, String)> {
    if !runs("python3", &["--version"]) || !runs("curl", &["--version"]) {
        skip("the download test needs python3 (to lay out the release) and curl");
        return None;
    }
    let runner = this_runner();
    if runner.is_none() {
        skip("the release has no binary for this machine's OS and architecture");
    }
    runner
}

#[test]
fn downloads_the_archive_for_the_runner_and_checks_its_sha256() {
    let Some((os, arch, target)) = ready() else {
        return;
    };
    let releases = temp_dir();
    release(releases.path(), &target);
    let (url, log) = serve(releases.path().to_path_buf());

    // `v` or not, as people write versions.
    let (step, temp) = install(&url, &format!("v{VERSION}"), (os, arch), false);
    assert_eq!(step.code, 0, "{}", step.stdout);
    let asset = format!("weeklint-{target}.tar.gz");
    let bin = temp.path().join(format!(
        "weeklint-{VERSION}-{target}/weeklint-{target}/weeklint"
    ));
    assert_eq!(step.output, format!("bin={}\n", bin.display()));
    assert!(
        step.stdout.starts_with(&format!(
            "weeklint {VERSION}: {asset} from release v{VERSION}, SHA-256 "
        )),
        "{}",
        step.stdout
    );
    // Only the checksums and this runner's archive were fetched.
    assert_eq!(
        *log.lock().unwrap(),
        [
            format!("/v{VERSION}/SHA256SUMS"),
            format!("/v{VERSION}/{asset}")
        ]
    );
    let out = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("weeklint {VERSION}\n")
    );
    // The archive holds the README and the licences beside the binary.
    for extra in ["README.md", "LICENSE-APACHE", "LICENSE-MIT"] {
        assert!(bin.with_file_name(extra).is_file(), "{extra}");
    }

    // The SHA-256 lines are what `sha256sum --check` reads.
    if runs("sha256sum", &["--version"]) {
        ok(Command::new("sha256sum")
            .args(["--check", "--ignore-missing", "SHA256SUMS"])
            .current_dir(releases.path().join(format!("v{VERSION}"))));
    }
}

#[test]
fn an_archive_that_does_not_match_its_checksum_is_refused() {
    let Some((os, arch, target)) = ready() else {
        return;
    };
    let releases = temp_dir();
    release(releases.path(), &target);
    // Another archive in its place after the sums were written: a corrupt
    // or tampered download.
    let assets = releases.path().join(format!("v{VERSION}"));
    let asset = format!("weeklint-{target}.tar.gz");
    std::fs::copy(
        assets.join("weeklint-x86_64-apple-darwin.tar.gz"),
        assets.join(&asset),
    )
    .unwrap();
    let (url, _log) = serve(releases.path().to_path_buf());

    let (step, temp) = install(&url, VERSION, (os, arch), false);
    assert_eq!(step.code, 2, "{}", step.stdout);
    assert!(
        step.stdout.starts_with(&format!(
            "::error title=weeklint::SHA-256 mismatch for {asset} of weeklint v{VERSION}: SHA256SUMS says "
        )),
        "{}",
        step.stdout
    );
    assert!(
        step.stdout.contains("; not installing it\n"),
        "{}",
        step.stdout
    );
    // Nothing installed, nothing for the next steps to run.
    assert_eq!(step.output, "");
    let unpacked = temp.path().join(format!("weeklint-{VERSION}-{target}"));
    assert_eq!(
        std::fs::read_dir(&unpacked).unwrap().count(),
        1,
        "only SHA256SUMS is left"
    );
}

#[test]
fn builds_from_source_when_asked_or_when_no_binary_fits() {
    let Some((os, arch, target)) = ready() else {
        return;
    };
    let releases = temp_dir();
    release(releases.path(), &target);
    // A release without this runner's archive.
    let assets = releases.path().join(format!("v{VERSION}"));
    let sums = read(&assets.join("SHA256SUMS"));
    let asset = format!("weeklint-{target}.tar.gz");
    write(
        &assets.join("SHA256SUMS"),
        sums.lines()
            .filter(|l| !l.ends_with(&format!("  {asset}")))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    // An older release, made before there were binaries.
    std::fs::create_dir_all(releases.path().join("v0.0.1")).unwrap();
    let (url, log) = serve(releases.path().to_path_buf());

    let no_binary = |version: &str, runner: (&str, &str), build: bool| {
        let (step, _temp) = install(&url, version, runner, build);
        assert_eq!(step.code, 0, "{}", step.stdout);
        // No `bin=`: the action's build steps run.
        assert_eq!(step.output, "", "{}", step.stdout);
        step.stdout
    };
    // Not asked for a release.
    assert_eq!(no_binary("", (os, arch), false), "");
    // Asked to build.
    assert_eq!(
        no_binary(VERSION, (os, arch), true),
        format!("weeklint {VERSION}: building from source, as asked (build-from-source)\n")
    );
    assert!(log.lock().unwrap().is_empty());
    // No binary for this OS and architecture.
    assert_eq!(
        no_binary(VERSION, ("Linux", "ARM"), false),
        format!(
            "::notice title=weeklint::no weeklint release binary for Linux ARM; building {VERSION} from source\n"
        )
    );
    // The release has none for this runner.
    assert_eq!(
        no_binary(VERSION, (os, arch), false),
        format!(
            "::notice title=weeklint::release v{VERSION} has no {asset}; building it from source\n"
        )
    );
    // The release has no binaries at all.
    assert_eq!(
        no_binary("0.0.1", (os, arch), false),
        "::notice title=weeklint::release v0.0.1 has no SHA256SUMS (no binaries); building it from source\n"
    );
}

#[test]
fn action_yml_downloads_first_and_builds_only_without_a_binary() {
    let action = read(&repo_root().join("action.yml"));
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/action/install.sh\""));
    assert!(action.contains("\n  build-from-source:\n"));
    for env in ["INPUT_VERSION", "INPUT_BUILD_FROM_SOURCE"] {
        assert!(action.contains(&format!("\n        {env}: ")), "env {env}");
    }
    // The download comes first; the three build steps only run without it.
    let download = action.find("id: download").unwrap();
    assert!(download < action.find("id: prepare").unwrap());
    assert_eq!(
        action
            .matches("      if: steps.download.outputs.bin == ''\n")
            .count(),
        3
    );
    assert!(
        action.contains("WEEKLINT: ${{ steps.download.outputs.bin || steps.build.outputs.bin }}")
    );
}
