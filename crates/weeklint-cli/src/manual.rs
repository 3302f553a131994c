//! `weeklint completions SHELL` and `weeklint man`: both generated from the
//! clap definitions in `args`, so they never drift from the real options.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use roff::{Roff, bold, italic, roman};

use crate::Outcome;
use crate::args::Cli;

/// Print the completion script for `shell`.
pub fn completions(shell: Shell) -> Result<Outcome> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "weeklint", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(Outcome::Clean)
}

/// Print `weeklint.1`, or write it and a page per command into `out_dir`.
pub fn man(out_dir: Option<&Path>) -> Result<Outcome> {
    let cmd = Cli::command();
    match out_dir {
        None => {
            let page = page(clap_mangen::Man::new(cmd))?;
            io::stdout().lock().write_all(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            generate_to(cmd, dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
        }
    }
    Ok(Outcome::Clean)
}

/// `clap_mangen::generate_to`, with [`page`] for each page.
fn generate_to(cmd: clap::Command, dir: &Path) -> io::Result<()> {
    fn generate(cmd: clap::Command, dir: &Path) -> io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            generate(sub, dir)?;
        }
        let man = clap_mangen::Man::new(cmd);
        let path = dir.join(man.get_filename());
        std::fs::write(path, page(man)?)
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    generate(cmd, dir)
}

/// The page clap_mangen renders, with EXIT STATUS and CONFIGURATION
/// added to the pages of `weeklint` and `weeklint check`, before VERSION.
fn page(man: clap_mangen::Man) -> io::Result<Vec<u8>> {
    let mut page = Vec::new();
    man.render(&mut page)?;
    if !matches!(
        man.get_filename().as_str(),
        "weeklint.1" | "weeklint-check.1"
    ) {
        return Ok(page);
    }
    let mut extra = Roff::new();
    exit_status(&mut extra);
    configuration(&mut extra);
    // Rendered on its own, with the preamble the page already has.
    let preamble = Roff::new().render();
    let extra = extra.render();
    let extra = extra.strip_prefix(&preamble).unwrap_or(&extra);
    let at = [".SH VERSION\n", ".SH AUTHORS\n"]
        .iter()
        .filter_map(|h| page.windows(h.len()).position(|w| w == h.as_bytes()))
        .min()
        .unwrap_or(page.len());
    page.splice(at..at, extra.bytes());
    Ok(page)
}

/// Exit codes, as SPEC §5 and the README give them.
fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        (
            "0",
            "No error-severity diagnostics (warnings alone exit 0).",
        ),
        (
            "1",
            "Errors remain (after fixing, when fixing). With --diff: there are fixes to apply.",
        ),
        (
            "2",
            "weeklint could not do its job: a bad config, bad arguments, a path that does not \
             exist, or a file that cannot be read or decoded.",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    roff.control("PP", []).text([
        bold("--exit-zero"),
        roman(" exits 0 even when errors are found."),
    ]);
}

/// Where the configuration comes from.
fn configuration(roff: &mut Roff) {
    roff.control("SH", ["CONFIGURATION"]);
    roff.text([
        roman("Each file is linted with the nearest "),
        italic("lint.toml"),
        roman(
            ", found by walking up from the folder of the file and stopping at the root of \
             its git repository (outside one, at the home folder); one run may use several. \
             Without one, the defaults apply.",
        ),
    ]);
    roff.control("PP", []).text([
        bold("--config"),
        roman(" "),
        italic("PATH"),
        roman(" uses that file for every file; "),
        bold("--isolated"),
        roman(" ignores every config file and uses the defaults."),
    ]);
    roff.control("PP", []).text([
        roman(
            "A config weeklint does not fully understand is an error (exit 2), shown with \
             where it is wrong. ",
        ),
        bold("weeklint init"),
        roman(
            " writes a lint.toml inferred from the journals already there. Every key is \
             described in the README: https://github.com/weeklint/weeklint#configuration",
        ),
    ]);
}
