//! `weeklint check`: load the configuration, lint the inputs, run the
//! rules that need every file, print.

use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::ValueEnum as _;
use weeklint_core::FixMode;
use weeklint_core::LintEnv;
use weeklint_core::fix::MAX_PASSES;
use weeklint_env::{HttpProbe, WorkTree};

use crate::args::{CheckArgs, OutputFormat};
use crate::discover::normalize;
use crate::inputs::Inputs;
use crate::output::{self, Counts};
use crate::project::CONFIG_FILE;
use crate::report::FileReport;
use crate::run::{Fixing, Linter};
use crate::staged::Staged;
use crate::{
    Outcome, load_configs, report_load_error, rule_selection, today, use_color, use_color_stderr,
};

/// Run `weeklint check`.
pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let threads = threads(args.threads)?;
    if args.statistics
        && !matches!(
            args.output_format,
            OutputFormat::Full | OutputFormat::Concise | OutputFormat::Json
        )
    {
        let format = args
            .output_format
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        bail!(
            "--statistics prints a table (or JSON); it does not go with --output-format {format}: \
             use full, concise or json"
        );
    }
    let Some(configs) = load_configs(
        args.config.as_deref(),
        args.isolated,
        &args.paths,
        args.color,
    )?
    else {
        return Ok(Outcome::Failure);
    };
    // The project of the current folder: where the machine formats' paths
    // start, and what `--staged` covers when given no paths.
    let project = configs
        .for_dir(configs.cwd())
        .map_err(|e| anyhow::anyhow!("config {} has problems", e.path().display()))?;
    let (select, ignore) = rule_selection(args.select.as_deref(), &args.ignore)?;
    // Like ruff: a lone `-` reads stdin, named `-`.
    let stdin_name = args.stdin_filename.clone().or_else(|| {
        (args.paths.len() == 1 && args.paths[0].as_os_str() == "-").then(|| PathBuf::from("-"))
    });
    if stdin_name.is_some() && args.paths.iter().any(|p| p.as_os_str() != "-") {
        bail!("--stdin-filename reads stdin; give no other paths (or `-`)");
    }
    let inputs = if args.staged {
        let staged = Staged::read(&configs, &project.root, &args.paths)?;
        if staged.files().is_empty()
            && matches!(
                args.output_format,
                OutputFormat::Full | OutputFormat::Concise
            )
        {
            writeln!(io::stdout(), "no staged Markdown files to check")?;
            return Ok(Outcome::Clean);
        }
        Inputs::Staged(staged)
    } else if let Some(name) = &stdin_name {
        Inputs::Stdin { name: name.clone() }
    } else {
        Inputs::Walk {
            paths: if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths.clone()
            },
            force_exclude: args.force_exclude,
        }
    };
    let mut env = LintEnv::new(today()?, project.root.clone(), Arc::new(WorkTree::new()));
    env.cwd = project.cwd.clone();
    if let Inputs::Staged(staged) = &inputs {
        env.fs = staged.view();
    }
    if !args.offline {
        env.http = Some(Arc::new(HttpProbe::new()));
    }
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
    // The linter and the reports are left to the process's exit to free:
    // taking apart the anchors and reports of thousands of files costs
    // more than linting the last of them.
    let linter = ManuallyDrop::new(Linter::new(
        &configs,
        select,
        ignore,
        env,
        fixing,
        matches!(args.output_format, OutputFormat::Json | OutputFormat::Sarif),
    ));
    if let Ok(scope) = linter.scope_for(&project.root.join(CONFIG_FILE)) {
        scope
            .env
            .warm_up(&linter.settings_for(&scope, &project.root));
    }
    let walked = matches!(inputs, Inputs::Walk { .. });
    let mut kept = ManuallyDrop::new(inputs.lint(&linter, threads)?);
    let linted = &mut *kept;
    // A path that is not there is a mistake in the arguments, said once;
    // the other paths are linted all the same.
    for m in &linted.missing {
        writeln!(
            io::stderr(),
            "weeklint: error: {}: {}",
            output::escape(&m.path.to_string_lossy()),
            m.reason
        )?;
    }
    let missing = !linted.missing.is_empty();
    let is_missing = |p: &PathBuf| {
        let p = normalize(p);
        linted.missing.iter().any(|m| normalize(&m.path) == p)
    };
    if missing && args.paths.iter().all(is_missing) {
        // Nothing named is there: nothing to report on.
        return Ok(Outcome::Failure);
    }
    if walked && linted.reports.is_empty() {
        // Like ruff: say so, in case a path or an exclude is not what was
        // meant; finding nothing is not an error.
        writeln!(
            io::stderr(),
            "weeklint: warning: no Markdown files found under the given paths"
        )?;
    }
    for warning in &linted.warnings {
        writeln!(
            io::stderr(),
            "weeklint: warning: {}",
            output::escape(warning)
        )?;
    }
    let reports = &mut linted.reports;
    let notes = linter.project_pass(reports, linted.walked.as_deref());
    if let Some(restage) = &linted.restage {
        restage.run(reports)?;
    }
    let failed_configs = configs.failures();
    for e in &failed_configs {
        report_load_error(e, args.color, "the files under it were not checked")?;
    }
    {
        let mut err = io::stderr().lock();
        for note in notes {
            writeln!(err, "weeklint: note: {}", output::escape(&note))?;
        }
    }
    if args.diff {
        let flag = if args.unsafe_fixes {
            "--unsafe-fixes"
        } else {
            "--fix"
        };
        let outcome = emit_diff(reports, flag, args.exit_zero)?;
        return Ok(if missing { Outcome::Failure } else { outcome });
    }
    // Stdout is line-buffered: one write per line adds up on long reports.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if fixing.is_some() && stdin_name.is_some() {
        // Like ruff: the fixed text goes to stdout, the report to stderr.
        // An editor replaces its buffer with stdout, so input that could
        // not be read as text goes back as it came.
        for r in reports.iter() {
            if let Some(source) = &r.source {
                stdout.write_all(source.text().as_bytes())?;
            } else if let Some(raw) = &linted.undecoded_stdin {
                stdout.write_all(raw)?;
            }
        }
        stdout.flush()?;
        let mut stderr = io::BufWriter::new(io::stderr().lock());
        output::emit(
            &mut stderr,
            args.output_format,
            reports,
            use_color_stderr(args.color),
            args.statistics,
            &project,
        )?;
        stderr.flush()?;
    } else {
        output::emit(
            &mut stdout,
            args.output_format,
            reports,
            use_color(args.color),
            args.statistics,
            &project,
        )?;
        stdout.flush()?;
    }
    let fix_errors = report_fix_errors(reports)?;
    let counts = Counts::of(reports);
    Ok(
        if counts.io_errors > 0 || fix_errors > 0 || !failed_configs.is_empty() || missing {
            Outcome::Failure
        } else if counts.errors > 0 && !args.exit_zero {
            Outcome::Errors
        } else {
            Outcome::Clean
        },
    )
}

/// The threads to run on: `--threads`, else one per CPU. More than a few
/// per CPU only costs time.
fn threads(asked: Option<usize>) -> Result<usize> {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let limit = (4 * cpus).max(16);
    match asked {
        None => Ok(cpus),
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) if n > limit => bail!(
            "--threads {n} is more than weeklint uses on this machine: at most {limit} (4 per CPU, {cpus} CPUs)"
        ),
        Some(n) => Ok(n),
    }
}

/// Files that were not fixed, and why, on stderr; returns how many. Files
/// whose fixing stopped with fixes still to apply get a warning.
fn report_fix_errors(reports: &[FileReport]) -> Result<usize> {
    let mut stderr = io::stderr().lock();
    let mut n = 0;
    for r in reports {
        let Some(fix) = &r.fix else { continue };
        if let Some(e) = &fix.error {
            writeln!(
                stderr,
                "weeklint: error: {} {e}",
                output::escape(&r.display)
            )?;
            n += 1;
        } else if !fix.unsettled.is_empty() {
            writeln!(
                stderr,
                "weeklint: warning: {}: fixing stopped after {MAX_PASSES} passes, each fix \
                 uncovering another; fixes of {} remain: run the fix again to go on",
                output::escape(&r.display),
                fix.unsettled.join(", ")
            )?;
        }
    }
    Ok(n)
}

/// `--diff`: the fixes as a unified diff on stdout, a count on stderr
/// naming `flag`, the option that applies them. Exit 1 when there is a
/// diff, 2 when a file could not be read or fixed.
fn emit_diff(reports: &[FileReport], flag: &str, exit_zero: bool) -> Result<Outcome> {
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
            "{fixes} in {} would be applied ({flag})",
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
