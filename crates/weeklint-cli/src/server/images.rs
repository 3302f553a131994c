//! Images, as a journal kept in git needs them: paths completed from the
//! folder on disk (with the files git does not have marked), a hover that
//! says whether the file is there, how large, and whether it is
//! committed, and `git add` for an image that is not, after asking.

use std::path::{Path, PathBuf};

use lsp_server::RequestId;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionParams,
    CompletionResponse, CompletionTextEdit, ExecuteCommandParams, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, MessageActionItem, MessageType,
    ShowMessageRequestParams, TextEdit,
};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use serde_json::Value;
use weeklint_core::document::ImageRef;
use weeklint_core::fs::{EntryKind, FsView, GitStatus, ImageBases, Lookup, lookup, normalize};

use super::workspace::Linted;
use super::{Answer, Failure, Server, Waiting};

/// The command that stages an image.
pub(crate) const GIT_ADD: &str = "weeklint.gitAdd";

/// The answer that says yes to staging.
pub(crate) const STAGE: &str = "Stage";

/// File names completion offers: images as GitHub shows them.
const IMAGE_EXTENSIONS: [&str; 12] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff", "apng",
];

/// What a name keeps percent-encoded in an image path: what would end
/// the destination or the attribute, or read as a query or a fragment.
const NAME_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'#')
    .add(b'%')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'?');

impl Server {
    /// Image paths inside `![](` and `<img src="`, from the folder the
    /// path typed so far leads to.
    pub(super) fn complete(
        &mut self,
        p: CompletionParams,
    ) -> Result<Option<CompletionResponse>, Failure> {
        let at = p.text_document_position;
        let linted = self.fresh(&at.text_document.uri)?;
        let Ok(setup) = &linted.setup else {
            return Ok(None);
        };
        let text = linted.source.text();
        let offset = linted.lines.offset(text, at.position, self.enc);
        if linted.document.is_excluded(offset) {
            return Ok(None);
        }
        let (line_start, line) = linted.lines.line_at(text, offset);
        let Some(typed) = typed_path(&line[..offset - line_start]) else {
            return Ok(None);
        };
        if typed.contains(':') || typed.starts_with("//") {
            // A URL, not a file.
            return Ok(None);
        }
        let (folder, name) = typed.rsplit_once('/').unwrap_or(("", typed));
        let bases = ImageBases::new(&setup.env, &linted.path);
        let from_root = typed.starts_with('/');
        let folder = percent_decode_str(folder.trim_start_matches('/')).decode_utf8_lossy();
        let dir = normalize(&bases.get(from_root).join(folder.as_ref()));
        let fs = setup.env.fs.as_ref();
        let Some(list) = fs.list(&dir) else {
            return Ok(None);
        };
        let git = fs.git_folder(dir);
        let range = linted
            .lines
            .range(text, &(offset - name.len()..offset), self.enc);
        let mut items = Vec::new();
        for entry in list.entries() {
            let Some(file) = entry.name.to_str() else {
                continue;
            };
            if file.starts_with('.') {
                continue;
            }
            let (label, kind, state) = match entry.kind {
                EntryKind::Dir => (format!("{file}/"), CompletionItemKind::FOLDER, None),
                EntryKind::File if is_image(file) => (
                    file.to_string(),
                    CompletionItemKind::FILE,
                    mark(&git(entry.name)),
                ),
                _ => continue,
            };
            let encoded = utf8_percent_encode(&label, NAME_SET).to_string();
            items.push(CompletionItem {
                label_details: state.filter(|_| self.caps.label_details).map(|(short, _)| {
                    CompletionItemLabelDetails {
                        detail: None,
                        description: Some(short.to_string()),
                    }
                }),
                detail: state.map(|(_, long)| long.to_string()),
                kind: Some(kind),
                // Folders first.
                sort_text: Some(format!(
                    "{}{label}",
                    u8::from(kind != CompletionItemKind::FOLDER)
                )),
                filter_text: Some(encoded.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: encoded,
                })),
                label,
                ..CompletionItem::default()
            });
        }
        Ok(Some(CompletionResponse::Array(items)))
    }

    /// What an image path points at: there or not, its size, its git state.
    pub(super) fn hover(&mut self, p: HoverParams) -> Result<Option<Hover>, Failure> {
        let at = p.text_document_position_params;
        let linted = self.fresh(&at.text_document.uri)?;
        let Ok(setup) = &linted.setup else {
            return Ok(None);
        };
        let text = linted.source.text();
        let offset = linted.lines.offset(text, at.position, self.enc);
        let Some((image, span)) = image_at(&linted, offset) else {
            return Ok(None);
        };
        let Some(local) = image.local() else {
            return Ok(None);
        };
        let written = local.path(text);
        let bases = ImageBases::new(&setup.env, &linted.path);
        let fs = setup.env.fs.as_ref();
        let found = lookup(fs, bases.get(local.from_root), written);
        let value = describe(fs, written, &found);
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(linted.lines.range(text, &span, self.enc)),
        }))
    }

    /// `weeklint.gitAdd PATH`: ask the user, then stage the file.
    pub(super) fn execute(&mut self, id: RequestId, p: ExecuteCommandParams) -> Answer {
        if p.command != GIT_ADD {
            return Err(Failure::invalid(format!(
                "weeklint has no command {}; it has {GIT_ADD}",
                p.command
            )));
        }
        let Some(Value::String(path)) = p.arguments.first() else {
            return Err(Failure::invalid(format!(
                "{GIT_ADD} takes the path of the file to stage"
            )));
        };
        let path = PathBuf::from(path);
        let Some((_, rel)) = in_repository(&path) else {
            return Err(Failure::failed(format!(
                "{} is not a file in a git work tree",
                path.display()
            )));
        };
        // The user chose the action; staging changes the repository, so
        // the protocol's own question makes sure, and the answer to the
        // command waits for theirs.
        self.ask(
            "window/showMessageRequest",
            ShowMessageRequestParams {
                typ: MessageType::INFO,
                message: format!(
                    "Stage {rel} with `git add`? It is not committed, so GitHub does not show it yet."
                ),
                actions: Some(vec![
                    MessageActionItem {
                        title: STAGE.to_string(),
                        properties: Default::default(),
                    },
                    MessageActionItem {
                        title: "Cancel".to_string(),
                        properties: Default::default(),
                    },
                ]),
            },
            Waiting::GitAdd { path, command: id },
        );
        Ok(None)
    }

    /// Run `git add -- PATH` where the file's repository is, then read the
    /// disk again.
    pub(super) fn git_add(&mut self, path: &Path) -> Answer {
        let Some((root, rel)) = in_repository(path) else {
            return Err(Failure::failed(format!(
                "{} is not a file in a git work tree",
                path.display()
            )));
        };
        weeklint_env::git::output(&root, &["add", "--", &rel])
            .map_err(|e| Failure::failed(format!("git add {rel} failed: {e}")))?;
        self.ws.refresh();
        self.show(MessageType::INFO, format!("weeklint: staged {rel}"));
        Ok(Some(Value::Null))
    }
}

/// The git work tree holding the file at `path`, and the file's path in
/// it, `/`-separated.
pub(crate) fn in_repository(path: &Path) -> Option<(PathBuf, String)> {
    if !path.is_file() {
        return None;
    }
    let path = normalize(path);
    let root = weeklint_env::git::work_tree_root(path.parent()?)?;
    let rel = weeklint_core::fs::slash(path.strip_prefix(&root).ok()?);
    Some((root, rel))
}

/// The image reference whose path (or reference definition) holds
/// `offset`, with that span.
fn image_at(linted: &Linted, offset: usize) -> Option<(&ImageRef, std::ops::Range<usize>)> {
    linted.document.images.refs.iter().find_map(|r| {
        [Some(r.span.clone()), r.definition.clone()]
            .into_iter()
            .flatten()
            .find(|s| s.start <= offset && offset <= s.end)
            .map(|s| (r, s))
    })
}

/// The hover text for the path `written`, found as `found`.
fn describe(fs: &dyn FsView, written: &str, found: &Lookup) -> String {
    match found {
        Lookup::Found(path) => {
            let size = std::fs::metadata(path)
                .map_or_else(|_| "size unknown".to_string(), |m| size(m.len()));
            format!(
                "**`{written}`**: an image file, {size}\n\n{}",
                git_state(&fs.git_status(path))
            )
        }
        Lookup::CaseMismatch(matches) => {
            let on_disk: Vec<String> = matches.iter().map(|m| format!("`{}`", m.written)).collect();
            format!(
                "**`{written}`** is not on disk as written: {} differs in letter case \
                 (found on macOS and Windows, missing on GitHub and Linux)",
                on_disk.join(", ")
            )
        }
        Lookup::Folder => format!("**`{written}`** is a folder, not an image"),
        Lookup::Missing { .. } => format!("**`{written}`** does not exist"),
    }
}

/// A file's git state, said for the hover.
fn git_state(status: &GitStatus) -> String {
    match status {
        GitStatus::Tracked => "git: committed (in the index)".to_string(),
        GitStatus::TrackedAs { in_index, .. } => {
            format!("git: in the index as `{in_index}`, in other letter case")
        }
        GitStatus::Untracked(at) => format!(
            "git: **not committed**: GitHub will not show it until `git add {}`",
            at.rel
        ),
        GitStatus::Ignored(_) => {
            "git: ignored (`.gitignore`): it cannot be committed as is".to_string()
        }
        GitStatus::NoRepo => "git: not in a git work tree".to_string(),
    }
}

/// `bytes` as a person reads a size.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1 << 10 => format!("{b} bytes"),
        b if b < 1 << 20 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
    }
}

/// How completion marks a file's git state: a word for the label, a
/// sentence for the details. Nothing for a committed file.
fn mark(status: &GitStatus) -> Option<(&'static str, &'static str)> {
    match status {
        GitStatus::Untracked(_) => Some((
            "not committed",
            "not committed: not in the git index, so GitHub will not show it (git add)",
        )),
        GitStatus::Ignored(_) => Some(("ignored by git", "ignored by git: it cannot be committed")),
        _ => None,
    }
}

fn is_image(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The image path typed so far when `before` (the line up to the cursor)
/// ends inside `![…](` or `<img … src="`.
pub(crate) fn typed_path(before: &str) -> Option<&str> {
    let markdown = before.rfind("](").and_then(|i| {
        let path = &before[i + 2..];
        (before[..i].contains("![") && !path.contains([' ', '\t', ')', '"', '\'', '<', '>']))
            .then_some((i + 2, path))
    });
    let lower = before.to_ascii_lowercase();
    let html = ["src=\"", "src='"].iter().find_map(|open| {
        let i = lower.rfind(open)?;
        let quote = open.chars().last()?;
        let path = &before[i + open.len()..];
        (lower[..i].contains("<img") && !path.contains([quote, '>']))
            .then_some((i + open.len(), path))
    });
    match (markdown, html) {
        (Some(m), Some(h)) => Some(if m.0 > h.0 { m.1 } else { h.1 }),
        (m, h) => m.or(h).map(|(_, p)| p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_typed_inside_images_only() {
        assert_eq!(typed_path("see ![fig](pic/a"), Some("pic/a"));
        assert_eq!(typed_path("![fig]("), Some(""));
        assert_eq!(typed_path("<img width=\"3\" src=\"pic/"), Some("pic/"));
        assert_eq!(typed_path("<IMG SRC='x"), Some("x"));
        assert_eq!(typed_path("[link](pic/a"), None);
        assert_eq!(typed_path("![a](b.png) and ("), None);
        assert_eq!(typed_path("<img src=\"a.png\" alt=\""), None);
        assert_eq!(typed_path("<img src=\"a.png\"> ![b](c"), Some("c"));
    }

    #[test]
    fn sizes_read_as_a_person_reads_them() {
        assert_eq!(size(10), "10 bytes");
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(3 << 20), "3.0 MB");
    }
}
