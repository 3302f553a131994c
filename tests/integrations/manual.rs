//! `weeklint completions SHELL` and `weeklint man`.

use super::support::{repo_root, run, temp_dir, weeklint};

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(weeklint(&repo_root()).args(["completions", shell]));
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("weeklint"), "{shell}");
        // Subcommands and their options are completed too.
        assert!(r.stdout.contains("output-format"), "{shell}");
        assert!(r.stdout.contains("init"), "{shell}");
    }
    // Rule names, for `--select`, `--ignore` and `weeklint rule`, where the
    // shell takes a list of values (with what each rule checks in zsh
    // and fish).
    for shell in ["bash", "zsh", "fish"] {
        let r = run(weeklint(&repo_root()).args(["completions", shell]));
        for name in ["date-order", "checkbox-style", "unknown-rule"] {
            assert!(r.stdout.contains(name), "{shell}: no {name}");
        }
    }
    let bash = run(weeklint(&repo_root()).args(["completions", "bash"])).stdout;
    let rules = "date-order duplicate-date invalid-date future-date date-format heading-space \
                 heading-increment empty-heading single-title duplicate-heading dead-image \
                 malformed-img-tag image-outside-root remote-image unused-image dead-link checkbox-syntax \
                 checkbox-style version-order duplicate-version unreleased-position release-date \
                 version-link change-type unknown-rule";
    // `--select` and `--ignore`, at the top and after `check`.
    let values = format!("COMPREPLY=($(compgen -W \"all {rules}\" -- \"${{cur}}\"))");
    assert_eq!(bash.matches(&values).count(), 4, "{bash}");
    assert!(
        bash.contains(&format!("opts=\"-h --all --help {rules}\"")),
        "{bash}"
    );
    let zsh = run(weeklint(&repo_root()).args(["completions", "zsh"])).stdout;
    assert!(
        zsh.contains("date-order\\:\"Checks that sibling dated sections follow one date order\""),
        "{zsh}"
    );
    let r = run(weeklint(&repo_root()).args(["completions", "tcsh"]));
    assert_eq!(r.code, 2);
}

#[test]
fn bash_completion_is_valid_bash() {
    let r = run(weeklint(&repo_root()).args(["completions", "bash"]));
    let dir = temp_dir();
    let script = dir.path().join("weeklint.bash");
    std::fs::write(&script, r.stdout).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash");
    assert!(status.success());
}

#[test]
fn man_page() {
    let r = run(weeklint(&repo_root()).arg("man"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH weeklint 1"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("weeklint \\- A linter and fixer for Markdown journals kept in git"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("output\\-format"));

    let dir = temp_dir();
    let out = dir.path().join("man1");
    let r = run(weeklint(&repo_root()).args(["man", "--out-dir"]).arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "weeklint-check.1",
            "weeklint-completions.1",
            "weeklint-hook-install.1",
            "weeklint-hook-status.1",
            "weeklint-hook-uninstall.1",
            "weeklint-hook.1",
            "weeklint-init.1",
            "weeklint-man.1",
            "weeklint-outline.1",
            "weeklint-rule.1",
            "weeklint-server.1",
            "weeklint.1"
        ]
    );
}

#[test]
fn man_page_has_exit_status_and_configuration() {
    let r = run(weeklint(&repo_root()).arg("man"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = &r.stdout;
    let exit = page.find(".SH \"EXIT STATUS\"\n").expect("no EXIT STATUS");
    let config = page.find(".SH CONFIGURATION\n").expect("no CONFIGURATION");
    assert!(exit < config, "{page}");
    for text in [
        ".TP\n\\fB0\\fR\nNo error\\-severity diagnostics (warnings alone exit 0).\n",
        ".TP\n\\fB1\\fR\nErrors remain (after fixing, when fixing). With \\-\\-diff: there are fixes to apply.\n",
        ".TP\n\\fB2\\fR\nweeklint could not do its job: a bad config, bad arguments, a path that does not \
         exist, or a file that cannot be read or decoded.\n",
        "Each file is linted with the nearest \\fIlint.toml\\fR, found by walking up from the \
         folder of the file and stopping at the root of its git repository (outside one, at the \
         home folder)",
        "\\fB\\-\\-config\\fR \\fIPATH\\fR uses that file for every file; \\fB\\-\\-isolated\\fR \
         ignores every config file and uses the defaults.",
        "https://github.com/weeklint/weeklint#configuration",
    ] {
        assert!(page.contains(text), "no {text:?} in\n{page}");
    }
    // The page of `weeklint check` has them too.
    let dir = temp_dir();
    let r = run(weeklint(&repo_root())
        .args(["man", "--out-dir"])
        .arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let check = std::fs::read_to_string(dir.path().join("weeklint-check.1")).unwrap();
    assert!(check.contains(".SH \"EXIT STATUS\"\n"), "{check}");
    assert!(check.contains(".SH CONFIGURATION\n"), "{check}");
}
