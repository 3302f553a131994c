//! `weeklint init`: find the Markdown files, let the core infer the
//! settings, and write `lint.toml` — never over an existing one.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use weeklint_core::infer::Inferrer;
use weeklint_core::{Config, Document, Source};

use crate::Outcome;
use crate::args::InitArgs;
use crate::discover::{discover, normalize};
use crate::output::plural;
use crate::project::CONFIG_FILE;
use crate::project::{Configs, Project};
use crate::read::read_text;
use crate::run::display_path;

/// Run `weeklint init`.
pub fn run(args: &InitArgs) -> Result<Outcome> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let dir = normalize(&cwd.join(args.dir.as_deref().unwrap_or(Path::new("."))));
    if !dir.is_dir() {
        bail!("{} is not a folder", display_path(&dir, &cwd));
    }
    let target = dir.join(CONFIG_FILE);
    let shown = display_path(&target, &cwd);
    // `symlink_metadata`: a dangling link named lint.toml still counts.
    if !args.stdout && target.symlink_metadata().is_ok() {
        return refuse(&shown);
    }

    let (toml, report) = infer(&dir, &cwd);
    if args.stdout {
        io::stderr().lock().write_all(report.as_bytes())?;
        io::stdout().lock().write_all(toml.as_bytes())?;
        return Ok(Outcome::Clean);
    }
    // `create_new`: a file that appeared meanwhile is not overwritten either.
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return refuse(&shown),
        Err(e) => return Err(e).with_context(|| format!("cannot create {shown}")),
    };
    file.write_all(toml.as_bytes())
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {shown}"))?;
    let mut out = io::stdout().lock();
    out.write_all(report.as_bytes())?;
    writeln!(out, "wrote {shown}")?;
    Ok(Outcome::Clean)
}

fn refuse(shown: &str) -> Result<Outcome> {
    writeln!(
        io::stderr(),
        "weeklint: error: {shown} already exists; `weeklint init` does not overwrite it \
         (remove it first, or run `weeklint init --stdout` to see what it would write)"
    )?;
    Ok(Outcome::Failure)
}

/// The config text for the Markdown files under `dir`, and a report of
/// what was inferred from how many files.
fn infer(dir: &Path, cwd: &Path) -> (String, String) {
    let config = Config::default();
    let max_size = config.max_size_bytes();
    // The files as they are, whatever config is around them.
    let project = Project::new(cwd, dir.to_path_buf(), config, None);
    let configs = Configs::fixed(cwd.to_path_buf(), project);
    let fs = weeklint_env::WorkTree::new();
    let (files, walked) = discover(&[dir.to_path_buf()], &configs, false, &fs);
    let mut inferrer = Inferrer::new(dir);
    let mut skipped: Vec<PathBuf> = walked.problems.into_iter().map(|p| p.path).collect();
    for file in files {
        match read_text(&file, max_size) {
            Ok(text) => {
                let source = Source::new(text);
                inferrer.add(&file, &source, &Document::parse(&source));
            }
            Err(_) => skipped.push(file),
        }
    }
    let inference = inferrer.finish();
    let mut shown_dir = display_path(dir, cwd);
    if shown_dir.is_empty() {
        shown_dir.push('.');
    }
    let mut report = format!(
        "inferred from {} under {shown_dir}:\n",
        plural(inference.files, "Markdown file")
    );
    let choices = inference.choices();
    let settings: Vec<String> = choices
        .iter()
        .map(|c| format!("{}.{} = {}", c.section, c.key, c.value))
        .collect();
    // Reasons line up after the settings, a long list of change types
    // aside.
    let width = settings
        .iter()
        .map(|s| s.chars().count())
        .filter(|&n| n <= 40)
        .max()
        .unwrap_or(0);
    for (setting, c) in settings.iter().zip(&choices) {
        let pad = width.saturating_sub(setting.chars().count());
        report.push_str(&format!("  {setting}{}  {}\n", " ".repeat(pad), c.reason));
    }
    for (files, dates, reason) in inference.overrides() {
        report.push_str(&format!(
            "  [[overrides]] files = {files}, dates = {dates}  {reason}\n"
        ));
    }
    if !skipped.is_empty() {
        report.push_str(&format!(
            "  ({} could not be read and did not count)\n",
            plural(skipped.len(), "file")
        ));
    }
    (inference.to_toml(), report)
}
