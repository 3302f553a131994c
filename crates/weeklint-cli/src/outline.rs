//! `weeklint outline`: the dated headings weeklint recognises, so that a
//! user who wonders why a journal was not checked can see what was read.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;
use weeklint_core::outline::{Entry, entries};
use weeklint_core::{Document, Source};

use crate::Outcome;
use crate::args::{OutlineArgs, OutlineFormat};
use crate::discover::discover;
use crate::output::plural;
use crate::read::read_text;
use crate::run::display_path;

/// One dated heading of one file, as printed in JSON.
#[derive(Serialize)]
struct JsonEntry<'a> {
    path: &'a str,
    line: usize,
    level: u8,
    precision: &'static str,
    date: Option<&'a str>,
    text: &'a str,
    written: &'a str,
    form: &'a str,
    year_from: Option<&'a str>,
    day_order: Option<&'a str>,
    nested: bool,
}

/// Run `weeklint outline`.
pub fn run(args: &OutlineArgs) -> Result<Outcome> {
    let Some(configs) = crate::load_configs(
        args.config.as_deref(),
        args.isolated,
        &args.paths,
        args.color,
    )?
    else {
        return Ok(Outcome::Failure);
    };
    let cwd = configs.cwd();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let fs = weeklint_env::WorkTree::new();
    let (files, walked) = discover(&paths, &configs, args.force_exclude, &fs);
    let problems = walked.problems;
    let mut failed = problems.len() + walked.missing.len();
    let mut err = io::stderr().lock();
    for m in &walked.missing {
        let shown = crate::output::escape(&m.path.to_string_lossy()).into_owned();
        writeln!(err, "weeklint: error: {shown}: {}", m.reason)?;
    }
    for p in &problems {
        let shown = display_path(&p.path, cwd);
        writeln!(err, "weeklint: error: {}", p.error.message(&shown))?;
    }
    let mut outlines: Vec<(String, Vec<Entry>)> = Vec::with_capacity(files.len());
    for path in &files {
        let shown = display_path(path, cwd);
        // Every file found has a config that could be read.
        let Ok(project) = configs.for_file(path) else {
            continue;
        };
        match read_text(path, project.config.max_size_bytes()) {
            Ok(text) => {
                let source = Source::new(text);
                let doc = Document::parse(&source);
                let settings = project.config.settings_for(&project.matcher.relative(path));
                outlines.push((shown, entries(&source, &doc, path, &settings)));
            }
            Err(e) => {
                failed += 1;
                writeln!(err, "weeklint: error: {}", e.message(&shown))?;
            }
        }
    }
    drop(err);
    for e in configs.failures() {
        failed += 1;
        crate::report_load_error(&e, args.color, "the files under it were not outlined")?;
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.output_format {
        OutlineFormat::Json => print_json(&mut out, &outlines)?,
        OutlineFormat::Text => print_text(&mut out, &outlines)?,
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Clean
    })
}

fn print_json(out: &mut impl Write, outlines: &[(String, Vec<Entry>)]) -> Result<()> {
    let items: Vec<JsonEntry<'_>> = outlines
        .iter()
        .flat_map(|(path, entries)| {
            entries.iter().map(move |e| JsonEntry {
                path,
                line: e.line,
                level: e.level,
                precision: e.precision.as_str(),
                date: e.date.as_deref(),
                text: &e.text,
                written: &e.written,
                form: &e.form,
                year_from: e.year_from.as_deref(),
                day_order: e.day_order.as_deref(),
                nested: e.nested,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)?;
    Ok(())
}

fn print_text(out: &mut impl Write, outlines: &[(String, Vec<Entry>)]) -> Result<()> {
    let mut undated = 0;
    let mut total = 0;
    for (path, entries) in outlines {
        if entries.is_empty() {
            undated += 1;
            writeln!(out, "{path}: no dated headings")?;
            continue;
        }
        total += entries.len();
        writeln!(out, "{path}: {}", plural(entries.len(), "dated heading"))?;
        for e in entries {
            let date = e.date.as_deref().unwrap_or("invalid");
            write!(
                out,
                "  {:>5}  {:<6}  {:<5}  {:<10}  {}",
                e.line,
                "#".repeat(usize::from(e.level)),
                e.precision.as_str(),
                date,
                e.text
            )?;
            let notes: Vec<&str> = e
                .year_from
                .iter()
                .chain(&e.day_order)
                .map(String::as_str)
                .chain(e.nested.then_some("in a quote or list item: not compared"))
                .collect();
            if !notes.is_empty() {
                write!(out, "  ({})", notes.join("; "))?;
            }
            writeln!(out)?;
        }
    }
    let files = outlines.len() - undated;
    let mut summary = format!(
        "{} in {}",
        plural(total, "dated heading"),
        plural(files, "file")
    );
    if undated > 0 {
        summary.push_str(&format!("; {} without", plural(undated, "file")));
    }
    writeln!(out, "{summary}")?;
    Ok(())
}
