//! The floor weeklint is measured against: find the same Markdown files,
//! read each, and run the bare pulldown-cmark parse with weeklint's
//! options — nothing else. `weeklint-floor [--threads N] PATHS...`

use std::path::PathBuf;

use anyhow::{Context, Result};
use ignore::WalkBuilder;
use pulldown_cmark::Parser;
use rayon::prelude::*;

fn main() -> Result<()> {
    let mut threads = 0usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--threads" {
            threads = args.next().context("--threads needs a value")?.parse()?;
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }
    let mut files = Vec::new();
    for p in &paths {
        for entry in WalkBuilder::new(p).build().flatten() {
            let path = entry.path();
            let md = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
            });
            if md && entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(entry.into_path());
            }
        }
    }
    let options = weeklint_core::document::parser_options();
    let events: usize = files
        .par_iter()
        .with_max_len(1)
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return 0;
            };
            Parser::new_ext(&text, options).into_offset_iter().count()
        })
        .sum();
    println!("{} files, {events} events", files.len());
    Ok(())
}
