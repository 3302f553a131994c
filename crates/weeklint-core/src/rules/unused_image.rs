use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::document::ProjectNeeds;
use crate::document::Target;
use crate::fs::{self, EntryKind, FsView, Lookup};
use crate::rule::{Context, ProjectContext, ProjectOutput, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for files under the image folders (`images.dirs`, relative to
    /// the project root) that no linted Markdown file shows or links to
    /// (`[the full-size figure](pic/fig1.png)` counts as a use). Hidden
    /// files (`.DS_Store`) are ignored.
    ///
    /// It needs every Markdown file of the project: when only some paths
    /// are given, it says so and checks nothing.
    ///
    /// ## Why is this bad?
    /// Screenshots pile up in `pic/` after the notes that showed them were
    /// rewritten, bloating the repository.
    ///
    /// ## Example
    /// `pic/old-draft.png` exists, but no note shows it.
    ///
    /// ## Use instead
    /// Delete the file, or show it in a note.
    ///
    /// ## Fix safety
    /// There is no fix: deleting files is left to the author.
    ///
    /// ## Options
    /// `images.dirs` (default `["pic"]`): the folders to look in. The rule is
    /// off by default; turn it on with `[rules] unused-image = "warn"`.
    pub struct UnusedImage {
        name: "unused-image",
        severity: Off,
        fix: None,
        project: true,
    }
}

impl Rule for UnusedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn project_needs(&self) -> ProjectNeeds {
        ProjectNeeds {
            images: true,
            links: true,
            ..ProjectNeeds::default()
        }
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectOutput) {
        let root = fs::normalize(&cx.env.cwd.join(&cx.env.root));
        let settings = (cx.settings_for)(&root);
        let name = Self::META.name;
        // Off (the default) costs nothing: no folder is listed.
        let enabled = settings.severity(name).is_some()
            || cx.files.iter().any(|f| f.settings.severity(name).is_some());
        if !enabled {
            return;
        }
        // Skipped before any folder is listed: the hook and the language
        // server give one or a few paths at a time.
        if !cx.whole_project {
            out.notes.push(
                "unused-image was skipped: it needs the whole project, and only some paths were given"
                    .to_string(),
            );
            return;
        }
        let dirs: Vec<PathBuf> = settings
            .images
            .dirs
            .iter()
            .map(|d| fs::normalize(&root.join(d.trim_start_matches('/'))))
            .collect();
        let mut files = Vec::new();
        for dir in &dirs {
            files_under(cx.env.fs.as_ref(), dir, &mut files);
        }
        let referenced = referenced(cx);
        for file in files {
            if !referenced.contains(&file) {
                let shown = file
                    .strip_prefix(&root)
                    .map_or_else(|_| fs::slash(&file), fs::slash);
                out.at_paths.push((
                    file,
                    Self::META.diagnostic(
                        0..0,
                        format!("image {shown} is not referenced by any Markdown file"),
                    ),
                ));
            }
        }
    }
}

/// Every file under `dir`, hidden ones left out.
fn files_under(view: &dyn FsView, dir: &Path, out: &mut Vec<PathBuf>) {
    let Some(list) = view.list(dir) else { return };
    for e in list.entries() {
        if e.name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(e.name);
        match e.kind {
            EntryKind::File => out.push(path),
            // A linked folder may lead back up: a loop.
            EntryKind::Dir if !e.link => files_under(view, &path, out),
            EntryKind::Dir => {}
            EntryKind::Other => {}
        }
    }
}

/// The files the linted documents show or link to, in their real letter
/// case (a reference with the wrong case still counts: `dead-image` and
/// `dead-link` report it).
fn referenced(cx: &ProjectContext<'_>) -> HashSet<PathBuf> {
    let mut set = HashSet::new();
    for file in cx.files {
        let bases = fs::ImageBases::new(cx.env, file.path);
        let text = file.source.text();
        let images = file.doc.images.refs.iter().filter_map(|i| match &i.target {
            Target::Local(local) => Some(local),
            _ => None,
        });
        let links = file
            .doc
            .links
            .local
            .iter()
            .filter(|l| !l.is_same_page(text));
        for local in images.chain(links.map(|l| &l.path)) {
            let path = local.path(text);
            match fs::lookup(cx.env.fs.as_ref(), bases.get(local.from_root), path) {
                Lookup::Found(p) => {
                    set.insert(p);
                }
                Lookup::CaseMismatch(matches) => set.extend(matches.into_iter().map(|m| m.path)),
                Lookup::Folder | Lookup::Missing { .. } => {}
            }
        }
    }
    set
}
