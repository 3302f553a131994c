use std::path::Path;

use crate::fs::MemoryFs;
use crate::test_util::lint_in;
use crate::{
    Applicability, Config, Diagnostic, Document, ProjectContext, ProjectFile, Settings, Source,
    check_document, check_project,
};

const RULE: &str = "dead-link";
const ROOT: &str = "/j";

/// A journal at `/j` holding `files` (relative to it), in a git work tree.
fn tree(files: &[&str]) -> MemoryFs {
    files.iter().fold(MemoryFs::new().repo(ROOT), |fs, f| {
        fs.file(Path::new(ROOT).join(f))
    })
}

/// `(line, message)` of each diagnostic, the project pass's included.
fn found(fs: MemoryFs, rel: &str, text: &str) -> Vec<(usize, String)> {
    let (s, d) = lint_project(fs, rel, text);
    d.iter()
        .map(|d| (s.line_col(d.span.start).line, d.message.clone()))
        .collect()
}

/// Lint `text` as `rel` under `/j` with only this rule on, then run the
/// project pass over it: every diagnostic, sorted.
fn lint_project(fs: MemoryFs, rel: &str, text: &str) -> (Source, Vec<Diagnostic>) {
    let mut settings: Settings = Config::parse("").expect("config").settings_for(rel);
    let index = crate::registry::index_of(RULE).expect("rule");
    settings.apply_selection(Some(&[index]), &[]);
    let mut env = crate::test_util::env();
    env.root = ROOT.into();
    env.cwd = ROOT.into();
    env.fs = std::sync::Arc::new(fs);
    let source = Source::new(text.to_string());
    let path = Path::new(ROOT).join(rel);
    let doc = Document::parse(&source);
    let mut all = check_document(&source, &doc, &path, &settings, &env);
    let settings_for = |_: &Path| settings.clone();
    let report = check_project(&ProjectContext {
        files: &[ProjectFile {
            path: &path,
            source: &source,
            doc: &doc,
            settings: &settings,
        }],
        env: &env,
        whole_project: true,
        settings_for: &settings_for,
    });
    all.extend(report.in_files.into_iter().flatten());
    crate::linter::sort_diagnostics(&mut all);
    (source, all)
}

/// `text` with the fixes of `applicability` or safer applied once.
fn fixed(fs: MemoryFs, rel: &str, text: &str, unsafe_too: bool) -> String {
    let (_, d) = lint_in(fs, ROOT, rel, text, RULE, "");
    let mut edits: Vec<_> = d
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_too || f.applicability == Applicability::Safe)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range, &e.content);
    }
    out
}

#[test]
fn links_to_files_and_folders_that_exist_pass() {
    let fs = tree(&["notes/setup.md", "src/train.py", "docs/a b.md", "pic/x.png"]);
    let text = "# Log\n\n[s](notes/setup.md) [t](./src/train.py#L10-L20) [d](<docs/a b.md>) \
                [e](docs/a%20b.md) [folder](notes/) [root](/src/train.py) [f](pic/x.png?raw=true)\n\n\
                [r][ref] <a href=\"notes/setup.md\">s</a> [w](https://x.org/nope.md) [m](mailto:a@b)\n\n\
                [ref]: src/train.py\n";
    assert_eq!(found(fs, "log.md", text), []);
}

#[test]
fn missing_files_are_reported_in_every_form() {
    let fs = tree(&["notes/setup.md"]);
    let text = "# Log\n\n[a](notes/gone.md)\n\n[b][r]\n\n<a href=\"src/none.py\">x</a>\n\n\
                [c](/nowhere/)\n\n[r]: notes/old%20name.md\n";
    assert_eq!(
        found(fs.clone(), "log.md", text),
        [
            (3, "linked file notes/gone.md does not exist".to_string()),
            (
                5,
                "linked file notes/old name.md does not exist".to_string()
            ),
            (7, "linked file src/none.py does not exist".to_string()),
            (9, "linked file /nowhere/ does not exist".to_string()),
        ]
    );
    // A reference link is reported at its use, labelled at its definition.
    let (s, d) = lint_in(fs, ROOT, "log.md", text, RULE, "");
    assert_eq!(&s.text()[d[1].span.clone()], "[b][r]");
    assert_eq!(
        &s.text()[d[1].labels[0].span.clone()],
        "notes/old%20name.md"
    );
}

#[test]
fn letter_case_of_a_path_has_a_safe_fix_and_a_near_name_an_unsafe_one() {
    let fs = tree(&["notes/Setup.md", "notes/install.md"]);
    let text = "[a](notes/setup.md) [b](notes/instal.md)\n";
    assert_eq!(
        found(fs.clone(), "log.md", text),
        [
            (
                1,
                "notes/setup.md differs in letter case from notes/Setup.md: the link is broken on GitHub"
                    .to_string()
            ),
            (1, "linked file notes/instal.md does not exist".to_string()),
        ]
    );
    assert_eq!(
        fixed(fs.clone(), "log.md", text, false),
        "[a](notes/Setup.md) [b](notes/instal.md)\n"
    );
    assert_eq!(
        fixed(fs, "log.md", text, true),
        "[a](notes/Setup.md) [b](notes/install.md)\n"
    );
}

#[test]
fn untracked_and_ignored_targets_name_the_git_command() {
    let fs = tree(&["notes/a.md"])
        .untracked("/j/notes/new.md")
        .ignored("/j/out/report.md");
    let text = "[n](notes/new.md) [r](out/report.md) [a](notes/a.md)\n";
    let (_, d) = lint_in(fs, ROOT, "log.md", text, RULE, "");
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.message.as_str(), d.help[0].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "linked file notes/new.md is not in the git index: the commit will not include it",
                "track it: git add notes/new.md"
            ),
            (
                "linked file out/report.md is ignored by git: the commit will not include it",
                "stop ignoring it, or force it in: git add -f out/report.md"
            ),
        ]
    );
}

#[test]
fn same_page_fragments_match_github_anchors() {
    let text = "# Weekly papers\n\n## 2023.6.18 CLIP\n\n## Notes\n\n## Notes\n\n\
                ## `Rc<T>` and [links](x.md)\n\n## 中文 标题！\n\n<a name=\"custom\"></a>\n\n\
                <div id=\"box\">x</div>\n\n\
                [a](#2023618-clip) [b](#notes-1) [c](#rct-and-links) [d](#中文-标题) \
                [e](#%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98) [f](#custom) [g](#box) [h](#top) [i](#) \
                [j](#user-content-notes)\n";
    assert_eq!(found(tree(&["x.md"]), "log.md", text), []);
}

#[test]
fn a_fragment_that_github_would_normalise_has_a_safe_fix() {
    let text = "## 2023.6.18\n\n## Setup\n\nSee [last week](#2023.6.18) and [setup](#Setup).\n";
    assert_eq!(
        found(tree(&[]), "log.md", text),
        [
            (
                5,
                "#2023.6.18 is not an anchor of this file: GitHub's anchor for that heading is #2023618"
                    .to_string()
            ),
            (
                5,
                "#Setup differs in letter case from the anchor #setup of this file: GitHub finds it, other Markdown viewers may not".to_string()
            ),
        ]
    );
    assert_eq!(
        fixed(tree(&[]), "log.md", text, false),
        "## 2023.6.18\n\n## Setup\n\nSee [last week](#2023618) and [setup](#setup).\n"
    );
}

#[test]
fn an_unknown_fragment_suggests_the_nearest_anchor_as_an_unsafe_fix() {
    let text = "## Installation\n\n[i](#instalation) [x](#zzzzzzzzzzzz)\n";
    let (_, d) = lint_in(tree(&[]), ROOT, "log.md", text, RULE, "");
    assert_eq!(d.len(), 2);
    assert_eq!(
        d[0].message,
        "#instalation matches no heading or anchor of this file"
    );
    assert_eq!(d[0].help, ["the nearest anchor is #installation"]);
    assert_eq!(
        d[0].fix.as_ref().map(|f| f.applicability),
        Some(Applicability::Unsafe)
    );
    assert_eq!(d[1].fix, None);
    assert_eq!(
        fixed(tree(&[]), "log.md", text, true),
        "## Installation\n\n[i](#installation) [x](#zzzzzzzzzzzz)\n"
    );
}

#[test]
fn fragments_of_other_pages_are_read_from_them() {
    let fs = tree(&["src/train.py"]).text(
        "/j/notes/setup.md",
        "# Setup\n\n## Install it\n\n<a id=\"env\"></a>\n",
    );
    let text = "[a](notes/setup.md#install-it) [b](notes/setup.md#env) \
                [c](notes/setup.md#Install-It) [d](notes/setup.md#instal-it) \
                [e](src/train.py#anything)\n";
    assert_eq!(
        found(fs, "log.md", text),
        [
            (
                1,
                "#Install-It differs in letter case from the anchor #install-it of notes/setup.md: GitHub finds it, other Markdown viewers may not"
                    .to_string()
            ),
            (
                1,
                "#instal-it matches no heading or anchor of notes/setup.md".to_string()
            ),
        ]
    );
}

#[test]
fn headings_anchor_their_text_without_image_alt_text() {
    let text = "## ![logo](l.png) Setup\n\n## Usage 🚀\n\n[a](#-setup) [b](#usage-)\n";
    assert_eq!(found(tree(&["l.png"]), "log.md", text), []);
}

#[test]
fn links_in_code_and_comments_are_not_checked() {
    // The last is indented code.
    let text = "```\n[a](gone.md)\n```\n\n`[b](gone.md)`\n\n<!-- [c](gone.md) <a href=\"gone.md\"> -->\n\n\
                \x20   [d](gone.md)\n";
    assert_eq!(found(tree(&[]), "log.md", text), []);
}
