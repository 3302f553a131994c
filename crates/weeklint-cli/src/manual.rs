//! `weeklint completions SHELL` and `weeklint man`: both generated from the
//! clap definitions in `args`, so they never drift from the real options.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::Shell;

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
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            io::stdout().lock().write_all(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
        }
    }
    Ok(Outcome::Clean)
}
