use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::{Anchors, Document, Fragment, LinkRef, ProjectNeeds};
use crate::fs;
use crate::rule::{Context, ProjectContext, ProjectOutput, Rule, RuleMeta, declare_rule};

use super::local_files::{Folders, Noun, check_local};

declare_rule! {
    /// ## What it does
    /// Checks that every local link leads somewhere on GitHub: `[text](path)`,
    /// reference links (`[text][ref]` with `[ref]: path`) and the `href` of
    /// `<a>` tags. A link is dead when its file or folder does not exist;
    /// when the file exists only with other letter case (`notes/Setup.md`
    /// for `notes/setup.md`: fine on macOS and Windows, a 404 on GitHub);
    /// inside a git work tree, when the file is on disk but not in the git
    /// index, so the commit would publish a broken link; and when its
    /// `#fragment` names no anchor of the Markdown page it points at.
    ///
    /// Anchors are computed as GitHub computes them (github-slugger's
    /// algorithm): a heading's text in lower case, with punctuation other
    /// than `-` and `_` removed, spaces made `-`, letters of every script
    /// kept, and `-1`, `-2` added to repeated headings; so `## 2023.6.18
    /// CLIP` is `#2023618-clip`. `id` attributes and `<a name>` are anchors
    /// too, and `#top` is the top of any page. Fragments of links to files
    /// that are not Markdown (`src/train.py#L10`) are left alone.
    ///
    /// A fragment that differs from an anchor only in letter case is a
    /// warning: github.com finds the anchor anyway, other viewers do not.
    ///
    /// A fragment of another page is judged once every file of the run is
    /// linted, against that page as linted (or as it is on disk, when it
    /// is not linted in the run).
    ///
    /// Paths are percent-decoded; a leading `/` means the project root.
    /// Links to other sites (`https:`, `mailto:`) are not checked.
    ///
    /// ## Why is this bad?
    /// Journals link to themselves (`[last week](#2023618)`,
    /// `[the CLIP notes](papers.md#clip)`): the links work in the author's
    /// editor, but a renamed heading, a file in other letter case or a
    /// forgotten `git add` leaves the reader on GitHub with a 404 or a
    /// jump to nowhere.
    ///
    /// ## Example
    /// ```markdown
    /// See [last week](#2023.6.18) and [setup](Notes/setup.md#instal).
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// See [last week](#2023618) and [setup](notes/setup.md#install).
    /// ```
    ///
    /// ## Fix safety
    /// When a fragment differs from an anchor only in letter case or in
    /// what GitHub's anchors leave out (`#2023.6.18` for `#2023618`), and
    /// when a path differs from exactly one file only in letter case, the
    /// fix writes the anchor or the file's real name: it is safe. The
    /// nearest anchor or file name for a fragment or path that matches
    /// none is a guess, so that fix is unsafe. A fragment of another page
    /// is fixed once every file of the run is fixed, against that page as
    /// fixed (its own fixes may change its headings). Untracked files are
    /// not fixed: the help note gives the `git add` command.
    ///
    /// ## Options
    /// `images.require-tracked` (default `true`): inside a git work tree,
    /// also report links to files that are not in the git index.
    pub struct DeadLink {
        name: "dead-link",
        severity: Error,
        fix: SafeOrUnsafe,
        project: true,
    }
}

/// How the link rule names what it checks.
static LINK: Noun = Noun {
    meta: &DeadLink::META,
    what: "linked file",
    broken: "the link is broken on GitHub",
    folder_is_fine: true,
};

impl Rule for DeadLink {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Every page offers its anchors, for the links of other pages.
        let own = Arc::new(Anchors::of(cx.doc));
        let me = fs::normalize(&cx.env.cwd.join(cx.path));
        cx.env.pages.offer(me, Arc::clone(&own));
        let links = &cx.doc.links.local;
        if links.is_empty() {
            return;
        }
        let text = cx.source.text();
        let bases = cx.image_bases();
        let mut folders = Folders::default();
        let mut judged = Judged::default();
        for link in links {
            let d = if link.is_same_page(text) {
                let has_headings = !cx.doc.headings.all().is_empty();
                link.fragment
                    .as_ref()
                    .filter(|f| judged.first(f))
                    .and_then(|f| check_fragment(link, f, &own, None, has_headings))
            } else {
                check_link(cx, bases, &mut folders, link)
            };
            if let Some(d) = d {
                out.push(with_definition(d, link));
            }
        }
    }

    /// Only a file with a link to a fragment of another page.
    fn needs_document(&self, doc: &Document, text: &str) -> bool {
        doc.links
            .local
            .iter()
            .any(|l| l.is_to_fragment_of_other_page(text))
    }

    fn project_needs(&self) -> ProjectNeeds {
        ProjectNeeds {
            fragment_links: true,
            ..ProjectNeeds::default()
        }
    }

    /// Fragments of other pages, once every page of the run has offered
    /// its anchors: a page is parsed once, whichever file links to it.
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectOutput) {
        for (i, file) in cx.files.iter().enumerate() {
            if file.settings.severity(Self::META.name).is_none() {
                continue;
            }
            let text = file.source.text();
            let bases = fs::ImageBases::new(cx.env, file.path);
            let mut judged = Judged::default();
            for link in &file.doc.links.local {
                let Some(fragment) = link
                    .fragment
                    .as_ref()
                    .filter(|f| link.is_to_fragment_of_other_page(text) && judged.first(f))
                else {
                    continue;
                };
                let local = &link.path;
                let path = local.path(text);
                if !is_markdown(path) || bases.leaves_root(local.from_root, path) {
                    continue;
                }
                let base = bases.get(local.from_root);
                // A page not found as written is reported for its path.
                if !matches!(
                    fs::lookup(cx.env.fs.as_ref(), base, path),
                    fs::Lookup::Found(_)
                ) {
                    continue;
                }
                let target = fs::normalize(&base.join(path));
                let Some(anchors) = cx.env.pages.anchors(cx.env.fs.as_ref(), &target) else {
                    continue;
                };
                let page = if local.from_root {
                    format!("/{path}")
                } else {
                    path.to_string()
                };
                if let Some(d) = check_fragment(link, fragment, &anchors, Some(&page), true) {
                    out.in_files.push((i, with_definition(d, link)));
                }
            }
        }
    }
}

/// The fragments of one file judged so far, by where they are written:
/// the links that share a reference definition share its fragment, which
/// is reported (and fixed) once.
#[derive(Default)]
struct Judged(FxHashSet<usize>);

impl Judged {
    /// Whether `fragment` is judged for the first time.
    fn first(&mut self, fragment: &Fragment) -> bool {
        fragment
            .verbatim
            .as_ref()
            .is_none_or(|r| self.0.insert(r.start))
    }
}

fn with_definition(d: Diagnostic, link: &LinkRef) -> Diagnostic {
    match &link.definition {
        Some(def) => d.with_label(def.clone(), "the link is defined here"),
        None => d,
    }
}

/// What is wrong with a link to another file, if anything.
fn check_link<'a>(
    cx: &'a Context<'_>,
    bases: &fs::ImageBases,
    folders: &mut Folders<'a>,
    link: &'a LinkRef,
) -> Option<Diagnostic> {
    let local = &link.path;
    let path = local.path(cx.source.text());
    // Outside the project is outside what the commit publishes.
    if bases.leaves_root(local.from_root, path) {
        return None;
    }
    let base = bases.get(local.from_root);
    let found = folders.find(cx, base, local);
    // Its fragment is judged in the project pass.
    check_local(cx, &LINK, base, link.span.clone(), local, found)
}

/// Whether GitHub renders the file at `path` as Markdown, with anchors.
fn is_markdown(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ["md", "markdown", "mdown", "mkdn", "mkd", "mdwn"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e))
    })
}

/// What is wrong with `fragment`, a fragment of the page whose anchors
/// are `anchors` (`page` as written, `None` for the linking page itself).
fn check_fragment(
    link: &LinkRef,
    fragment: &Fragment,
    anchors: &Anchors,
    page: Option<&str>,
    has_headings: bool,
) -> Option<Diagnostic> {
    let name = &*fragment.text;
    // `#` alone and `#top` are the top of the page; GitHub's own prefix
    // for anchors in a page reaches them too.
    let bare = name.strip_prefix("user-content-").unwrap_or(name);
    if name.is_empty() || name.eq_ignore_ascii_case("top") || anchors.contains(bare) {
        return None;
    }
    let span = fragment
        .verbatim
        .as_ref()
        .map_or_else(|| link.span.clone(), |r| r.start.saturating_sub(1)..r.end);
    let of = page.map_or_else(|| "this file".to_string(), str::to_string);
    if let Some(anchor) = anchors.normalized(bare) {
        // GitHub matches a fragment to an anchor whatever its letter case;
        // other viewers (VS Code's preview, a site built from the files)
        // match it exactly: a lesser problem, a warning.
        let d = if anchor.to_lowercase() == bare.to_lowercase() {
            DeadLink::META
                .diagnostic(
                    span,
                    format!(
                        "#{name} differs in letter case from the anchor #{anchor} of {of}: \
                         GitHub finds it, other Markdown viewers may not"
                    ),
                )
                .at_most_warning()
        } else {
            DeadLink::META.diagnostic(
                span,
                format!(
                    "#{name} is not an anchor of {of}: GitHub's anchor for that heading is #{anchor}"
                ),
            )
        };
        return Some(with_anchor_fix(d, fragment, anchor, true));
    }
    let mut d = DeadLink::META.diagnostic(
        span,
        format!("#{name} matches no heading or anchor of {of}"),
    );
    match anchors.nearest(bare) {
        Some(anchor) => {
            d = d.with_help(format!("the nearest anchor is #{anchor}"));
            d = with_anchor_fix(d, fragment, anchor, false);
        }
        None if !has_headings && page.is_none() => {
            d = d.with_help("this file has no headings");
        }
        None => {}
    }
    Some(d)
}

/// `d` with a fix writing `anchor` for the fragment, when it is written
/// as it reads and `anchor` can be written there as it is (otherwise,
/// when the anchor is certain, a help note naming it).
fn with_anchor_fix(d: Diagnostic, fragment: &Fragment, anchor: &str, safe: bool) -> Diagnostic {
    let writable = !anchor.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '(' | ')' | '<' | '>' | '"' | '\'' | '\\' | '%' | '&' | '#' | '`'
            )
    });
    let Some(range) = fragment.verbatim.clone().filter(|_| writable) else {
        return if safe {
            d.with_help(format!("write #{anchor}"))
        } else {
            d
        };
    };
    let title = format!("use #{anchor}");
    let edits = vec![Edit::replace(range, anchor.to_string())];
    d.with_fix(if safe {
        Fix::safe(title, edits)
    } else {
        Fix::unsafe_(title, edits)
    })
}

#[cfg(test)]
mod tests;
