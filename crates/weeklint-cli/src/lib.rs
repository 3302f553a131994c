//! weeklint's command line: arguments, file discovery, parallel runs,
//! output formats. No rule logic lives here.
//!
//! The `weeklint` binary is `fn main() { weeklint_cli::main() }`.

pub mod args;
pub mod check;
pub mod diff;
pub mod discover;
pub mod hook;
pub mod init;
pub mod inputs;
pub mod manual;
pub mod outline;
pub mod output;
pub mod project;
pub mod read;
pub mod report;
pub mod rule_cmd;
pub mod run;
pub mod server;
pub mod staged;
pub mod write;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{CommandFactory as _, Parser};
use weeklint_core::suggest::closest;
use weeklint_core::{NaiveDate, registry};

use crate::args::{Cli, ColorChoice, Command, RuleArgs};
use crate::project::{Configs, LoadError};

/// Exit codes: no errors, errors found, weeklint could not do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: no error-severity diagnostics.
    Clean,
    /// 1: errors remain.
    Errors,
    /// 2: bad config, bad arguments, unreadable file.
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Errors => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
        }
    }
}

/// Run weeklint with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => match mistyped_command(&cli.check.paths) {
            Some(message) => {
                let _ = writeln!(io::stderr(), "weeklint: error: {message}");
                return Outcome::Failure.into();
            }
            None => check::run(&cli.check),
        },
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Rule(args)) => rule(&args),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Outline(args)) => outline::run(&args),
        Some(Command::Completions(args)) => manual::completions(args.shell),
        Some(Command::Man(args)) => manual::man(args.out_dir.as_deref()),
        Some(Command::Hook(args)) => hook::run(&args),
        Some(Command::Server(_)) => server::run(),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "weeklint: error: {e:#}");
            Outcome::Failure.into()
        }
    }
}

/// `weeklint chek`: `weeklint PATHS` is `weeklint check PATHS`, so a
/// mistyped command reads as a path. When the first path is a bare word
/// (no `/`, no `.`) that names nothing on disk and is within two edits of
/// a command, the command was meant: say so rather than "cannot read".
fn mistyped_command(paths: &[PathBuf]) -> Option<String> {
    let word = paths.first()?.to_str()?;
    if word.is_empty()
        || word.starts_with('-')
        || word.contains(['/', '.', '\\'])
        || Path::new(word).symlink_metadata().is_ok()
    {
        return None;
    }
    let cli = Cli::command();
    let (distance, command) = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| (strsim::osa_distance(word, c.get_name()), c.get_name()))
        .min_by_key(|(distance, _)| *distance)?;
    (distance <= 2)
        .then(|| format!("no file or folder named `{word}`; did you mean the `{command}` command?"))
}

/// `weeklint … | head` closes the pipe early: not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn rule(args: &RuleArgs) -> Result<Outcome> {
    let text = if args.all {
        rule_cmd::all()
    } else if let Some(name) = &args.name {
        match rule_cmd::lookup(name) {
            Ok(t) => t,
            Err(message) => {
                writeln!(io::stderr(), "weeklint: error: {message}")?;
                return Ok(Outcome::Failure);
            }
        }
    } else {
        rule_cmd::list()
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// Whether to color stdout.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    color_for(choice, io::stdout())
}

/// Whether to color stderr.
pub(crate) fn use_color_stderr(choice: ColorChoice) -> bool {
    color_for(choice, io::stderr())
}

/// `--color` for `stream`: `auto` is a terminal and no NO_COLOR. Not
/// anstream's choice, which CLICOLOR, CLICOLOR_FORCE and TERM also sway.
fn color_for(choice: ColorChoice, stream: impl IsTerminal) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !anstyle_query::no_color() && stream.is_terminal(),
    }
}

/// Today's date: `WEEKLINT_TODAY=YYYY-MM-DD`, else the local date.
pub(crate) fn today() -> Result<NaiveDate> {
    match std::env::var("WEEKLINT_TODAY") {
        Ok(v) if !v.is_empty() => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .with_context(|| format!("WEEKLINT_TODAY={v} is not a date in the form YYYY-MM-DD")),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// `--select` and `--ignore` as registry indices; an error when they
/// leave no rule to run (`--select ""`, `--ignore all`): a run that
/// checks nothing would say "no problems".
pub(crate) fn rule_selection(
    select: Option<&[String]>,
    ignore: &[String],
) -> Result<(Option<Vec<usize>>, Vec<usize>)> {
    let selected = select
        .map(|names| rule_indices(names, "--select"))
        .transpose()?;
    let ignored = rule_indices(ignore, "--ignore")?;
    // The names as given, without the empty ones (`--select a,`).
    let shown = |names: &[String]| {
        let names: Vec<&str> = names
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        names.join(",")
    };
    if let (Some(names), Some(selected)) = (select, &selected)
        && selected.is_empty()
    {
        bail!("--select {:?} selects no rule", names.join(","));
    }
    let runs = |i: &usize| !ignored.contains(i);
    let left = match &selected {
        Some(selected) => selected.iter().any(runs),
        None => (0..registry::RULES.len()).any(|i| runs(&i)),
    };
    if !left {
        match select {
            Some(names) => bail!(
                "--select {} --ignore {} leaves no rule to run",
                shown(names),
                shown(ignore)
            ),
            None => bail!("--ignore {} leaves no rule to run", shown(ignore)),
        }
    }
    Ok((selected, ignored))
}

/// Rule names from `--select`/`--ignore` as registry indices.
pub(crate) fn rule_indices(names: &[String], flag: &str) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if name.eq_ignore_ascii_case("all") {
            // Selected, every rule that stays offline: asking thousands
            // of URLs is done only when `remote-image` is named. Ignored,
            // every rule.
            let online = registry::index_of(weeklint_core::rules::RemoteImage::META.name);
            let selecting = flag == "--select";
            out.extend((0..registry::RULES.len()).filter(|&i| !selecting || Some(i) != online));
            continue;
        }
        match registry::index_of(name) {
            Some(i) => out.push(i),
            None => match closest(name, registry::names()) {
                Some(s) => bail!("unknown rule `{name}` in {flag}; did you mean `{s}`?"),
                None => {
                    bail!("unknown rule `{name}` in {flag}; `weeklint rule --all` lists the rules")
                }
            },
        }
    }
    Ok(out)
}

/// The configurations of a run from the current folder, with those of
/// `paths` (the current folder when none) read: `explicit` is
/// `--config`, `isolated` is `--isolated`. `None` when a config the paths
/// need has problems, which are shown on stderr.
pub(crate) fn load_configs(
    explicit: Option<&Path>,
    isolated: bool,
    paths: &[PathBuf],
    color: ColorChoice,
) -> Result<Option<Configs>> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let configs = match Configs::new(cwd, explicit, isolated) {
        Ok(c) => c,
        Err(e) => {
            report_load_error(&e, color, "nothing was checked")?;
            return Ok(None);
        }
    };
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    for path in paths {
        let found = if path.is_dir() {
            configs.for_dir(path)
        } else {
            configs.for_file(path)
        };
        if let Err(e) = found {
            report_load_error(&e, color, "nothing was checked")?;
            return Ok(None);
        }
    }
    Ok(Some(configs))
}

/// Show why a config cannot be used, and what that means for the run.
pub(crate) fn report_load_error(
    e: &LoadError,
    color: ColorChoice,
    consequence: &str,
) -> Result<()> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let name = run::display_path(e.path(), &cwd);
    let mut err = io::stderr().lock();
    match e {
        LoadError::Read(path, read::ReadError::Io(reason)) => {
            writeln!(
                err,
                "weeklint: error: cannot read config {}: {reason}",
                path.display()
            )?;
        }
        LoadError::Read(path, read::ReadError::Content(what)) => {
            writeln!(err, "weeklint: error: config {} {what}", path.display())?;
        }
        LoadError::Invalid { text, errors, .. } => {
            let rendered =
                output::render_config_errors(&name, text, errors, use_color_stderr(color));
            err.write_all(&rendered)?;
            writeln!(
                err,
                "weeklint: error: {name} has {}; {consequence}",
                output::plural(errors.len(), "problem")
            )?;
        }
    }
    Ok(())
}
