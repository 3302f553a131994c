use crate::diagnostic::Diagnostic;
use crate::document::Target;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for local images whose path leads outside the project root
    /// (the folder holding `lint.toml`, else the git work tree root, else
    /// the current folder), such as `../../other-repo/pic/a.png`.
    ///
    /// ## Why is this bad?
    /// GitHub shows only files inside the repository. An image outside it
    /// works on the author's disk and nowhere else.
    ///
    /// ## Example
    /// ```markdown
    /// ![diagram](../../other-repo/pic/diagram.png)
    /// ```
    ///
    /// ## Use instead
    /// Copy the image into the project:
    /// ```markdown
    /// ![diagram](pic/diagram.png)
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: the file has to be copied.
    ///
    /// ## Options
    /// None.
    pub struct ImageOutsideRoot {
        name: "image-outside-root",
        severity: Warning,
        fix: None,
    }
}

impl Rule for ImageOutsideRoot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.doc.images.refs.is_empty() {
            return;
        }
        let bases = cx.image_bases();
        for image in &cx.doc.images.refs {
            let Target::Local(local) = &image.target else {
                continue;
            };
            let path = local.path(cx.source.text());
            if bases.leaves_root(local.from_root, path) {
                let written = if local.from_root {
                    format!("/{path}")
                } else {
                    path.to_string()
                };
                out.push(
                    Self::META
                        .diagnostic(
                            image.span.clone(),
                            format!("image {written} is outside the project root"),
                        )
                        .with_help("GitHub shows only images inside the repository; copy it into the project"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Settings;
    use crate::linter::{LintEnv, lint_source};
    use crate::source::Source;
    use crate::{NaiveDate, registry};

    #[test]
    fn paths_leaving_the_root_are_flagged() {
        let env = LintEnv::new(
            NaiveDate::default(),
            "/project",
            std::sync::Arc::new(crate::fs::MemoryFs::new()),
        );
        let mut settings = Settings::default();
        let i = registry::index_of("image-outside-root").unwrap_or_default();
        settings.apply_selection(Some(&[i]), &[]);
        let text = "![a](../../x.png) ![b](../ok.png) ![c](/pic/a.png) ![d](/../x.png) <img src=\"../../../y.png\"> ![r](https://x/a.png)\n";
        let source = Source::new(text.to_string());
        let d = lint_source(&source, Path::new("/project/notes/n.md"), &settings, &env);
        let found: Vec<&str> = d.iter().map(|d| &text[d.span.clone()]).collect();
        assert_eq!(found, ["../../x.png", "/../x.png", "../../../y.png"]);
        assert_eq!(
            d[0].message,
            "image ../../x.png is outside the project root"
        );
    }

    /// Regression: linting a folder outside the project flagged every image
    /// of every file there as outside the project root.
    #[test]
    fn images_of_a_file_outside_the_root_are_not_compared_with_it() {
        let env = LintEnv::new(
            NaiveDate::default(),
            "/project",
            std::sync::Arc::new(crate::fs::MemoryFs::new()),
        );
        let mut settings = Settings::default();
        let i = registry::index_of("image-outside-root").unwrap_or_default();
        settings.apply_selection(Some(&[i]), &[]);
        let text = "![a](pic/a.png) ![b](../pic/b.png) ![c](/../c.png)\n";
        let source = Source::new(text.to_string());
        let d = lint_source(&source, Path::new("/elsewhere/notes/n.md"), &settings, &env);
        let found: Vec<&str> = d.iter().map(|d| &text[d.span.clone()]).collect();
        assert_eq!(found, ["/../c.png"]);
    }
}
