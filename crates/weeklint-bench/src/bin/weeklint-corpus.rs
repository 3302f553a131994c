//! Write a seeded benchmark corpus: `weeklint-corpus OUT [--files N]
//! [--files-per-dir N] [--max-sections N] [--seed N] [--links N] [--stress MB]`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use weeklint_bench::corpus::{CorpusSpec, generate, generate_stress};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut spec = CorpusSpec {
        files: 2000,
        files_per_dir: 50,
        max_sections: 40,
        seed: 1,
        links: 0,
    };
    let mut stress: Option<usize> = None;
    while let Some(a) = args.next() {
        let mut value = |name: &str| -> Result<usize> {
            args.next()
                .with_context(|| format!("{name} needs a value"))?
                .parse()
                .with_context(|| format!("{name} needs a number"))
        };
        match a.as_str() {
            "--files" => spec.files = value("--files")?,
            "--files-per-dir" => spec.files_per_dir = value("--files-per-dir")?,
            "--max-sections" => spec.max_sections = value("--max-sections")?,
            "--seed" => spec.seed = value("--seed")? as u64,
            "--links" => spec.links = value("--links")?,
            "--stress" => stress = Some(value("--stress")?),
            _ if a.starts_with('-') => bail!("unknown option {a}"),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.context("usage: weeklint-corpus OUT [--files N] [--seed N] [--stress MB]")?;
    if let Some(mb) = stress {
        for (name, bytes) in generate_stress(&out, mb)? {
            println!("{name}\t{bytes}");
        }
        return Ok(());
    }
    let stats = generate(&out, &spec)?;
    println!(
        "{} files, {} bytes, {} images, {} image references, {} links",
        stats.files, stats.bytes, stats.images, stats.image_refs, stats.links
    );
    Ok(())
}
