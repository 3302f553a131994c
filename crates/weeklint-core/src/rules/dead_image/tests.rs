use std::path::Path;

use crate::Applicability;
use crate::fs::MemoryFs;
use crate::test_util::lint_in;

const RULE: &str = "dead-image";
const ROOT: &str = "/j";

/// A journal at `/j` holding `files` (relative to it).
fn tree(files: &[&str]) -> MemoryFs {
    files.iter().fold(MemoryFs::new().dir(ROOT), |fs, f| {
        fs.file(Path::new(ROOT).join(f))
    })
}

/// `(line, message)` of each diagnostic.
fn found(fs: MemoryFs, rel: &str, text: &str) -> Vec<(usize, String)> {
    let (s, d) = lint_in(fs, ROOT, rel, text, RULE, "");
    d.iter()
        .map(|d| (s.line_col(d.span.start).line, d.message.clone()))
        .collect()
}

#[test]
fn every_reference_form_is_resolved() {
    let fs = tree(&[
        "pic/a.png",
        "pic/b c.png",
        "pic/图 1.png",
        "notes/pic/local.png",
    ]);
    let text = "![a](../pic/a.png) ![a](<../pic/b c.png>) ![a](../pic/b%20c.png?raw=true#x)\n\n\
                ![r][ok] ![ok][] ![ok]\n\n<img src=\"../pic/图 1.png\"><IMG SRC='/pic/a.png'>\n\n\
                text <img alt=x src=pic/local.png> ![a](/pic/%E5%9B%BE%201.png)\n\n\
                [ok]: /pic/a.png\n";
    assert_eq!(found(fs, "notes/n.md", text), []);
}

#[test]
fn missing_files_in_every_form_are_reported_where_written() {
    let fs = tree(&["pic/a.png"]);
    let text = "# Log\n\n![a](pic/nope.png)\n\n![b][r]\n\n<img width=4 src=\"pic/gone.png\">\n\n\
                x <img src=/pic/none.png width=4\">\n\n![c](pic)\n\n![d]()\n\n<img alt=x>\n\n[r]: pic/ref%20gone.png\n\n\
                <img src=\"\" alt=y>\n";
    assert_eq!(
        found(fs.clone(), "n.md", text),
        [
            (3, "image pic/nope.png does not exist".to_string()),
            (5, "image pic/ref gone.png does not exist".to_string()),
            (7, "image pic/gone.png does not exist".to_string()),
            (9, "image /pic/none.png does not exist".to_string()),
            (11, "image pic is a folder, not a file".to_string()),
            (13, "image has an empty destination".to_string()),
            (15, "`<img>` tag has no `src`".to_string()),
            (19, "`<img>` tag has an empty `src`".to_string()),
        ]
    );
    // The reference image is reported at its use, with a label on the definition.
    let (s, d) = lint_in(fs, ROOT, "n.md", text, RULE, "");
    assert_eq!(&s.text()[d[1].span.clone()], "![b][r]");
    assert_eq!(&s.text()[d[1].labels[0].span.clone()], "pic/ref%20gone.png");
}

#[test]
fn code_comments_front_matter_and_remote_images_are_not_checked() {
    let text = "---\nimage: <img src=\"pic/fm.png\">\n---\n\n```\n![a](pic/code.png)\n```\n\n\
                `<img src=\"pic/span.png\">`\n\n<!-- ![a](pic/comment.png) -->\n\n\
                ![a](https://x.org/a.png) ![b](//cdn/a.png) ![c](data:image/png;base64,AA)\n";
    assert_eq!(found(tree(&[]), "n.md", text), []);
}

#[test]
fn letter_case_mismatch_names_both_spellings_with_a_safe_fix() {
    let fs = tree(&["pic/CLIPasso1.png", "Figures/x.png"]);
    let text = "<img src=\"pic/clipasso1.png\" width=\"400\">\n\n![x](./figures/X.png)\n";
    let (s, d) = lint_in(fs, ROOT, "n.md", text, RULE, "");
    assert_eq!(
        d[0].message,
        "pic/clipasso1.png differs in letter case from pic/CLIPasso1.png: GitHub will not show it"
    );
    assert_eq!(&s.text()[d[0].span.clone()], "pic/clipasso1.png");
    let fix = d[0]
        .fix
        .as_ref()
        .map(|f| (f.applicability, f.edits[0].content.as_str()));
    assert_eq!(fix, Some((Applicability::Safe, "pic/CLIPasso1.png")));
    assert_eq!(
        d[1].message,
        "./figures/X.png differs in letter case from ./Figures/x.png: GitHub will not show it"
    );
    assert_eq!(
        d[1].fix.as_ref().map(|f| f.edits[0].content.as_str()),
        Some("./Figures/x.png")
    );
}

#[test]
fn case_mismatch_with_several_matches_has_no_fix() {
    let fs = tree(&["pic/A.png", "pic/a.PNG"]);
    let (_, d) = lint_in(fs, ROOT, "n.md", "![x](pic/a.png)\n", RULE, "");
    assert_eq!(
        d[0].message,
        "pic/a.png differs in letter case from pic/A.png and pic/a.PNG: GitHub will not show it"
    );
    assert!(d[0].fix.is_none());
}

#[test]
fn nearest_name_is_suggested_with_an_unsafe_fix() {
    let fs = tree(&[
        "pic/CLIPasso1.png",
        "pic/DepthCLIP.png",
        "pic/with space.png",
    ]);
    let text = "![a](pic/CLIPaso1.png) ![b](pic/unrelated.png) ![c](pic/with-space.png) ![d](%70ic/DepthCLP.png)\n";
    let (_, d) = lint_in(fs, ROOT, "n.md", text, RULE, "");
    type Fixed = Option<(Applicability, String)>;
    let got: Vec<(Vec<String>, Fixed)> = d
        .iter()
        .map(|d| {
            (
                d.help.clone(),
                d.fix
                    .as_ref()
                    .map(|f| (f.applicability, f.edits[0].content.clone())),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                vec!["the nearest existing file is pic/CLIPasso1.png".to_string()],
                Some((Applicability::Unsafe, "pic/CLIPasso1.png".to_string()))
            ),
            (vec![], None),
            // A name with a space cannot be written as is.
            (
                vec!["the nearest existing file is pic/with space.png".to_string()],
                None
            ),
            // Percent-encoded destinations are not rewritten.
            (
                vec!["the nearest existing file is pic/DepthCLIP.png".to_string()],
                None
            ),
        ]
    );
}

#[test]
fn untracked_and_ignored_images_in_a_git_work_tree() {
    let fs = MemoryFs::new()
        .repo(ROOT)
        .file("/j/pic/tracked.png")
        .untracked("/j/pic/new.png")
        .ignored("/j/pic/ignored.png")
        .ignored("/j/build/out.png")
        .untracked("/j/pic/sp ace.png");
    let text = "![t](pic/tracked.png)\n![n](pic/new.png)\n![i](pic/ignored.png)\n![b](build/out.png)\n<img src=\"pic/sp ace.png\">\n";
    let (_, d) = lint_in(fs.clone(), ROOT, "notes.md", text, RULE, "");
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.message.as_str(), d.help[0].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "image pic/new.png is not in the git index: the commit will not include it",
                "track it: git add pic/new.png"
            ),
            (
                "image pic/ignored.png is ignored by git: the commit will not include it",
                "stop ignoring it, or force it in: git add -f pic/ignored.png"
            ),
            (
                "image build/out.png is ignored by git: the commit will not include it",
                "stop ignoring it, or force it in: git add -f build/out.png"
            ),
            (
                "image pic/sp ace.png is not in the git index: the commit will not include it",
                "track it: git add 'pic/sp ace.png'"
            ),
        ]
    );
    assert!(d.iter().all(|d| d.fix.is_none()));
    // The check can be turned off.
    let (_, d) = lint_in(
        fs,
        ROOT,
        "notes.md",
        text,
        RULE,
        "[images]\nrequire-tracked = false\n",
    );
    assert!(d.is_empty());
}

/// A file system, counting the questions asked of git.
#[derive(Debug, Default)]
struct CountingGit {
    inner: MemoryFs,
    asked: std::sync::atomic::AtomicUsize,
}

impl crate::fs::FsView for CountingGit {
    fn list(&self, dir: &Path) -> Option<std::sync::Arc<crate::fs::DirList>> {
        self.inner.list(dir)
    }
    fn git_status(&self, path: &Path) -> crate::fs::GitStatus {
        self.asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.git_status(path)
    }
    fn git_status_in(&self, dir: &Path, name: &std::ffi::OsStr) -> crate::fs::GitStatus {
        self.asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.git_status_in(dir, name)
    }
    fn git_folder(&self, dir: std::path::PathBuf) -> crate::fs::GitFolder<'_> {
        self.asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.git_folder(dir)
    }
}

#[test]
fn git_is_not_asked_when_untracked_images_are_not_reported() {
    let root = Path::new(ROOT);
    // Nothing is added to the repository yet.
    let fs = MemoryFs::new()
        .repo(ROOT)
        .untracked("/j/pic/a.png")
        .untracked("/j/pic/B.png");
    let text = "![a](pic/a.png) ![b](pic/b.png) ![c](pic/gone.png)\n";
    let lint = |config: &str| {
        let cfg = crate::Config::parse(config).unwrap();
        let mut settings = cfg.settings_for("n.md");
        let rule = crate::registry::index_of(RULE).expect("no rule");
        settings.apply_selection(Some(&[rule]), &[]);
        let view = std::sync::Arc::new(CountingGit {
            inner: fs.clone(),
            ..CountingGit::default()
        });
        let mut env = crate::test_util::env();
        env.root = root.to_path_buf();
        env.cwd = root.to_path_buf();
        env.fs = view.clone();
        let source = crate::Source::new(text.to_string());
        let d = crate::linter::lint_source(&source, &root.join("n.md"), &settings, &env);
        let asked = view.asked.load(std::sync::atomic::Ordering::Relaxed);
        (d.len(), asked)
    };
    // Letter case and missing files are still reported; git is not asked.
    assert_eq!(lint("[images]\nrequire-tracked = false\n"), (2, 0));
    let (found, asked) = lint("");
    assert_eq!(found, 3);
    assert!(asked > 0);
}

#[test]
fn images_left_out_of_a_sparse_checkout_are_not_missing() {
    let fs = tree(&["notes/x.md"]).repo(ROOT).sparse("/j/assets/a.png");
    let text = "![a](../assets/a.png)\n![b](../assets/b.png)\n";
    assert_eq!(
        found(fs, "notes/n.md", text),
        [(2, "image ../assets/b.png does not exist".to_string())]
    );
}
