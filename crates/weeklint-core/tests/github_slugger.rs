//! Heading anchors against github-slugger, the reference implementation
//! of GitHub's anchors, run for real: thousands of real headings (CJK,
//! emoji, punctuation, code, links, repeats) from public repositories,
//! whole files at a time, in `tests/fixtures/headings.txt`.
//!
//! Needs Node and github-slugger (`npm install --prefix tests/slugger`,
//! which `.ci/run` does): without them the test fails, saying so.

// Helpers of a test file panic on failure like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use weeklint_core::Source;
use weeklint_core::document::{Document, Slugger, slug};

/// One file's headings: where they come from, and the lines.
struct Page {
    from: String,
    lines: Vec<String>,
}

fn pages() -> Vec<Page> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/headings.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut pages: Vec<Page> = Vec::new();
    for line in text.lines() {
        if let Some(from) = line.strip_prefix("==> ") {
            pages.push(Page {
                from: from.to_string(),
                lines: Vec::new(),
            });
        } else if let Some(page) = pages.last_mut() {
            // Lines before the first page are comments.
            page.lines.push(line.to_string());
        }
    }
    pages
}

fn slugger_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/slugger")
}

/// github-slugger's anchors for each page's heading texts.
fn github_slugger(texts: &[Vec<String>]) -> Vec<Vec<String>> {
    let dir = slugger_dir();
    assert!(
        dir.join("node_modules/github-slugger").is_dir(),
        "github-slugger is not installed; run: npm install --prefix tests/slugger"
    );
    let mut child = Command::new("node")
        .arg(dir.join("slug.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run node (needed for github-slugger): {e}"));
    let input = serde_json::to_vec(texts).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node slug.mjs failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn heading_anchors_match_github_slugger() {
    let pages = pages();
    let mut texts = Vec::new();
    let mut ours = Vec::new();
    // Headings numbered as repeats (`notes-1`).
    let mut repeats = 0;
    for page in &pages {
        // A blank line between headings: each is its own block.
        let source = Source::new(page.lines.join("\n\n") + "\n");
        let doc = Document::parse(&source);
        let headings = doc.headings.all();
        assert_eq!(
            headings.len(),
            page.lines.len(),
            "{}: not every line is one heading",
            page.from
        );
        let page_texts: Vec<String> = headings
            .iter()
            .map(|h| doc.headings.anchor_text(h).to_string())
            .collect();
        let mut slugger = Slugger::default();
        let anchors: Vec<String> = page_texts.iter().map(|t| slugger.slug(t)).collect();
        repeats += anchors
            .iter()
            .zip(&page_texts)
            .filter(|(a, t)| **a != slug(t))
            .count();
        ours.push(anchors);
        texts.push(page_texts);
    }
    let theirs = github_slugger(&texts);
    let mut agree = 0;
    let mut differ = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (i, line) in page.lines.iter().enumerate() {
            if ours[p][i] == theirs[p][i] {
                agree += 1;
            } else {
                differ.push(format!(
                    "{}: {line:?}: weeklint #{}, github-slugger #{}",
                    page.from, ours[p][i], theirs[p][i]
                ));
            }
        }
    }
    assert!(agree >= 1000, "only {agree} headings compared");
    assert!(repeats >= 20, "too few repeated headings to tell");
    assert!(
        differ.is_empty(),
        "{} of {} headings differ:\n{}",
        differ.len(),
        agree + differ.len(),
        differ.join("\n")
    );
    eprintln!("{agree} heading anchors agree with github-slugger ({repeats} numbered as repeats)");
}
