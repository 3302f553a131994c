//! weeklint's command line: arguments, file discovery, parallel runs,
//! output formats. No rule logic lives here.
//!
//! The `weeklint` binary is `fn main() { weeklint_cli::main() }`.

pub mod args;
pub mod diff;
pub mod discover;
pub mod git;
pub mod hook;
pub mod init;
pub mod manual;
pub mod outline;
pub mod output;
pub mod project;
pub mod rule_cmd;
pub mod run;
pub mod staged;
pub mod walk;
pub mod write;

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::Parser;
use weeklint_core::fix::MAX_PASSES;
use weeklint_core::net::HttpProbe;
use weeklint_core::suggest::closest;
use weeklint_core::{LintEnv, NaiveDate, registry};

use crate::args::{CheckArgs, Cli, ColorChoice, Command, OutputFormat, RuleArgs};
use crate::discover::{Matcher, discover_each, normalize};
use crate::output::Counts;
use crate::project::{LoadError, Project};
use crate::run::{FileReport, Fixing, Linter};
use crate::staged::Staged;
use weeklint_core::FixMode;

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
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Rule(args)) => rule(&args),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Outline(args)) => outline::run(&args),
        Some(Command::Completions(args)) => manual::completions(args.shell),
        Some(Command::Man(args)) => manual::man(args.out_dir.as_deref()),
        Some(Command::Hook(args)) => hook::run(&args),
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
    } else {
        match rule_cmd::lookup(args.name.as_deref().unwrap_or_default()) {
            Ok(t) => t,
            Err(message) => {
                writeln!(io::stderr(), "weeklint: error: {message}")?;
                return Ok(Outcome::Failure);
            }
        }
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Today's date: `WEEKLINT_TODAY=YYYY-MM-DD`, else the local date.
fn today() -> Result<NaiveDate> {
    match std::env::var("WEEKLINT_TODAY") {
        Ok(v) if !v.is_empty() => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .with_context(|| format!("WEEKLINT_TODAY={v} is not a date in the form YYYY-MM-DD")),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Rule names from `--select`/`--ignore` as registry indices.
fn rule_indices(names: &[String], flag: &str) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if name.eq_ignore_ascii_case("all") {
            out.extend(0..registry::RULES.len());
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

fn check(args: &CheckArgs) -> Result<Outcome> {
    // This thread is one of the pool's workers: it walks the folders and
    // then lints with the others, so a run starts one thread fewer, and
    // with `--threads 1` none. (It also allocates from the process's main
    // heap, which grows in larger steps than a thread's own.)
    // Fails only if a pool already exists, which cannot happen here.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |n| n.max(1)))
        .use_current_thread()
        .build_global();
    let color = use_color(args.color);
    let Some(project) = load_project(args.config.as_deref(), args.isolated, args.color)? else {
        return Ok(Outcome::Failure);
    };
    let select = args
        .select
        .as_ref()
        .map(|names| rule_indices(names, "--select"))
        .transpose()?;
    let ignore = rule_indices(&args.ignore, "--ignore")?;
    let matcher = Matcher::new(&project.config, &project.root, &project.cwd);
    let staged = args
        .staged
        .then(|| Staged::read(&project.cwd, &project.root, &matcher, &args.paths))
        .transpose()?;
    let mut env = LintEnv::new(today()?, project.root.clone());
    env.cwd = project.cwd.clone();
    if let Some(staged) = &staged {
        env.fs = staged.view();
    }
    if !args.offline {
        env.http = Some(Arc::new(HttpProbe::new()));
    }
    // Like ruff: a lone `-` reads stdin, named `-`.
    let stdin_name = args.stdin_filename.clone().or_else(|| {
        (args.paths.len() == 1 && args.paths[0].as_os_str() == "-").then(|| PathBuf::from("-"))
    });
    let fixing = (args.fix || args.unsafe_fixes || args.diff).then(|| Fixing {
        mode: if args.unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        },
        // `--diff` and stdin never write files.
        write: !args.diff && stdin_name.is_none(),
        diff: args.diff,
    });
    let linter = Linter {
        project: &project,
        matcher: &matcher,
        select,
        ignore,
        env,
        fixing,
        print_edits: matches!(args.output_format, OutputFormat::Json | OutputFormat::Sarif),
    };
    linter.env.warm_up(&linter.settings_for(&project.root));
    let mut whole_project = false;

    let mut undecoded_stdin = None;
    let mut reports = if let Some(staged) = &staged {
        if staged.files().is_empty()
            && matches!(
                args.output_format,
                OutputFormat::Full | OutputFormat::Concise
            )
        {
            writeln!(io::stdout(), "no staged Markdown files to check")?;
            return Ok(Outcome::Clean);
        }
        staged.lint(&linter)?
    } else if let Some(name) = &stdin_name {
        if args.paths.iter().any(|p| p.as_os_str() != "-") {
            bail!("--stdin-filename reads stdin; give no other paths (or `-`)");
        }
        let (report, raw) = lint_stdin(&linter, name)?;
        undecoded_stdin = raw;
        vec![report]
    } else {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        whole_project = covers_root(&paths, &project.cwd, &project.root);
        // Files are linted as the walk finds them.
        // The image rules find the folders the walk read already listed.
        let (fs, cwd) = (linter.env.fs.clone(), linter.env.cwd.clone());
        let (mut reports, problems) = linter.lint_found(|found| {
            discover_each(
                &paths,
                &matcher,
                args.force_exclude,
                found,
                &mut |dir, listing| fs.seed(weeklint_core::fs::normalize(&cwd.join(dir)), listing),
            )
        });
        if reports.is_empty() && problems.is_empty() {
            // Like ruff: say so, in case a path or an exclude is not what
            // was meant; finding nothing is not an error.
            writeln!(
                io::stderr(),
                "weeklint: warning: no Markdown files found under the given paths"
            )?;
        }
        reports.extend(problems.into_iter().map(|p| {
            let display = linter.display(&p.path);
            FileReport::failed(p.path, display, &p.error)
        }));
        run::sort_reports(&mut reports);
        reports
    };
    let notes = linter.project_pass(&mut reports, whole_project);
    {
        let mut err = io::stderr().lock();
        for note in notes {
            writeln!(err, "weeklint: note: {note}")?;
        }
    }

    if args.diff {
        return emit_diff(&reports, args.exit_zero);
    }
    // Stdout is line-buffered: one write per line adds up on long reports.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if fixing.is_some() && stdin_name.is_some() {
        // Like ruff: the fixed text goes to stdout, the report to stderr.
        // An editor replaces its buffer with stdout, so input that could
        // not be read as text goes back as it came.
        for r in &reports {
            if let Some(source) = &r.source {
                stdout.write_all(source.text().as_bytes())?;
            } else if let Some(raw) = &undecoded_stdin {
                stdout.write_all(raw)?;
            }
        }
        stdout.flush()?;
        let mut stderr = io::BufWriter::new(io::stderr().lock());
        output::emit(
            &mut stderr,
            args.output_format,
            &reports,
            use_color_stderr(args.color),
            args.statistics,
            &project,
        )?;
        stderr.flush()?;
    } else {
        output::emit(
            &mut stdout,
            args.output_format,
            &reports,
            color,
            args.statistics,
            &project,
        )?;
        stdout.flush()?;
    }
    let fix_errors = report_fix_errors(&reports)?;

    let counts = Counts::of(&reports);
    // The process ends right after this: freeing every report and cache
    // one by one would only cost time.
    std::mem::forget(reports);
    std::mem::forget(linter);
    Ok(if counts.io_errors > 0 || fix_errors > 0 {
        Outcome::Failure
    } else if counts.errors > 0 && !args.exit_zero {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

/// The configuration for a run from the current folder: `explicit` is
/// `--config`, `isolated` is `--isolated`. `None` when the config has
/// problems, which are shown on stderr.
pub(crate) fn load_project(
    explicit: Option<&Path>,
    isolated: bool,
    color: ColorChoice,
) -> Result<Option<Project>> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    match Project::load(cwd, explicit, isolated) {
        Ok(p) => Ok(Some(p)),
        Err(LoadError::Read(path, e)) => {
            bail!(
                "cannot read config {}: {}",
                path.display(),
                run::describe_io_error(&e)
            )
        }
        Err(LoadError::Invalid { path, text, errors }) => {
            let name = run::display_path(&path, &std::env::current_dir().unwrap_or_default());
            let rendered =
                output::render_config_errors(&name, &text, &errors, use_color_stderr(color));
            let mut err = io::stderr().lock();
            err.write_all(&rendered)?;
            writeln!(
                err,
                "weeklint: error: {name} has {}; nothing was checked",
                output::plural(errors.len(), "problem")
            )?;
            Ok(None)
        }
    }
}

/// Whether one of `paths` is the project root or a folder above it, so
/// that every Markdown file of the project is linted.
fn covers_root(paths: &[PathBuf], cwd: &Path, root: &Path) -> bool {
    let root = normalize(&cwd.join(root));
    paths.iter().any(|p| {
        let p = normalize(&cwd.join(p));
        root.starts_with(&p) && p.is_dir()
    })
}

/// Files that were not fixed, and why, on stderr; returns how many. Files
/// whose fixing stopped with fixes still to apply get a warning.
fn report_fix_errors(reports: &[FileReport]) -> Result<usize> {
    let mut stderr = io::stderr().lock();
    let mut n = 0;
    for r in reports {
        let Some(fix) = &r.fix else { continue };
        if let Some(e) = &fix.error {
            writeln!(stderr, "weeklint: error: {} {e}", r.display)?;
            n += 1;
        } else if !fix.unsettled.is_empty() {
            writeln!(
                stderr,
                "weeklint: warning: {}: fixing stopped after {MAX_PASSES} passes, each fix \
                 uncovering another; fixes of {} remain: run the fix again to go on",
                r.display,
                fix.unsettled.join(", ")
            )?;
        }
    }
    Ok(n)
}

/// `--diff`: the fixes as a unified diff on stdout, a count on stderr.
/// Exit 1 when there is a diff, 2 when a file could not be read or fixed.
fn emit_diff(reports: &[FileReport], exit_zero: bool) -> Result<Outcome> {
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let (mut files, mut fixes) = (0usize, 0usize);
    for r in reports {
        let Some(fix) = &r.fix else { continue };
        let Some(diff) = &fix.diff else { continue };
        stdout.write_all(diff.as_bytes())?;
        files += 1;
        fixes += fix.applied;
    }
    stdout.flush()?;
    let mut stderr = io::stderr().lock();
    for r in reports {
        if let Some(e) = &r.io_error {
            writeln!(stderr, "weeklint: error: {e}")?;
        }
    }
    let fix_errors = report_fix_errors(reports)?;
    if files == 0 {
        writeln!(stderr, "no fixes to apply")?;
    } else {
        let fixes = if fixes == 1 {
            "1 fix".to_string()
        } else {
            format!("{fixes} fixes")
        };
        writeln!(
            stderr,
            "{fixes} in {} would be applied (--fix)",
            output::plural(files, "file")
        )?;
    }
    let io_errors = reports.iter().filter(|r| r.io_error.is_some()).count();
    Ok(if io_errors > 0 || fix_errors > 0 {
        Outcome::Failure
    } else if files > 0 && !exit_zero {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

fn use_color_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    }
}

/// Lint stdin. When fixing, also returns the bytes read if they could not
/// be decoded: they go back to stdout unchanged.
fn lint_stdin(
    linter: &Linter<'_>,
    name: &std::path::Path,
) -> Result<(FileReport, Option<Vec<u8>>)> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    let display = linter.display(name);
    let raw = linter.fixing.is_some().then(|| bytes.clone());
    Ok(match run::decode(bytes) {
        Ok(text) => {
            let settings = linter.settings_for(name);
            let report = linter.lint_text(name.to_path_buf(), display, text, &settings);
            (report, None)
        }
        Err(e) => (FileReport::failed(name.to_path_buf(), display, &e), raw),
    })
}
