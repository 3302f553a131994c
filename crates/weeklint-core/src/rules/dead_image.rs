use crate::diagnostic::Diagnostic;
use crate::document::{ImageRef, Target};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

use super::local_files::{Folders, Noun, check_local};

/// How the image rule names what it checks.
static IMAGE: Noun = Noun {
    meta: &DeadImage::META,
    what: "image",
    broken: "GitHub will not show it",
    folder_is_fine: false,
};

declare_rule! {
    /// ## What it does
    /// Checks that every local image points at a file as GitHub will see
    /// it: `![alt](path)`, reference images (`![alt][ref]` with
    /// `[ref]: path`) and the `src` of `<img>` tags. An image is dead when
    /// the file does not exist; when it exists only with other letter case
    /// (`pic/clipasso1.png` for `pic/CLIPasso1.png`: fine on macOS and
    /// Windows, broken on GitHub); and, inside a git work tree, when the
    /// file is on disk but not in the git index (untracked or ignored), so
    /// the commit would publish a broken image.
    ///
    /// Destinations are percent-decoded and lose any `?query` or
    /// `#fragment`; a leading `/` means the project root. Remote images
    /// (`https:`, `//host`, `data:`) are left to `remote-image`.
    ///
    /// ## Why is this bad?
    /// The notes read fine in the author's editor, but every reader on
    /// GitHub sees a broken image. Case mismatches and forgotten
    /// `git add`s are invisible locally.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="pic/clipasso1.png" width="400">
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <img src="pic/CLIPasso1.png" width="400">
    /// ```
    ///
    /// ## Fix safety
    /// When the only problem is letter case and exactly one file matches,
    /// the fix rewrites the path with the file's real name; it is safe.
    /// When the file is missing and a file with a close name exists in the
    /// same folder, the fix uses that name; it is a guess, so it is unsafe.
    /// Untracked files are not fixed: the help note gives the `git add`
    /// command.
    ///
    /// ## Options
    /// `images.require-tracked` (default `true`): inside a git work tree,
    /// report images whose file is not in the git index.
    pub struct DeadImage {
        name: "dead-image",
        severity: Error,
        fix: SafeOrUnsafe,
    }
}

impl Rule for DeadImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.doc.images.refs.is_empty() {
            return;
        }
        let bases = cx.image_bases();
        let mut folders = Folders::default();
        for image in &cx.doc.images.refs {
            let local = match &image.target {
                Target::Local(l) => l,
                Target::Remote(_) => continue,
                Target::Empty => {
                    // Without a `src` the span is the tag's `<img`.
                    let what = if image.kind.is_html() && image.span.start == image.whole.start {
                        "`<img>` tag has no `src`"
                    } else if image.kind.is_html() {
                        "`<img>` tag has an empty `src`"
                    } else {
                        "image has an empty destination"
                    };
                    out.push(with_definition(
                        Self::META.diagnostic(image.span.clone(), what),
                        image,
                    ));
                    continue;
                }
            };
            // `image-outside-root` says all there is to say; what is
            // outside is not looked at, nor listed for a suggestion.
            if bases.leaves_root(local.from_root, local.path(cx.source.text())) {
                continue;
            }
            let base = bases.get(local.from_root);
            let found = folders.find(cx, base, local);
            if let Some(d) = check_local(cx, &IMAGE, base, image.span.clone(), local, found) {
                out.push(with_definition(d, image));
            }
        }
    }
}

fn with_definition(d: Diagnostic, image: &ImageRef) -> Diagnostic {
    match &image.definition {
        Some(def) => d.with_label(def.clone(), "the path is defined here"),
        None => d,
    }
}

#[cfg(test)]
mod tests;
