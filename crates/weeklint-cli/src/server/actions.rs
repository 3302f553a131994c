//! Code actions: each fix as a quick fix (safe ones preferred), a comment
//! that ignores a rule on a line, `git add` for an image not committed,
//! every safe fix at once (`source.fixAll.weeklint`), and a new entry for
//! today.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, TextEdit, Uri,
    WorkspaceEdit,
};
use serde_json::{Value, json};
use weeklint_core::fs::{GitStatus, ImageBases, Lookup, lookup};
use weeklint_core::rule::Context;
use weeklint_core::{Applicability, Diagnostic, Edit};

use super::diagnostics::to_lsp;
use super::entry::new_entry;
use super::handlers::safe_fixes;
use super::images::{GIT_ADD, in_repository};
use super::workspace::{Linted, Setup};
use super::{Failure, Server};

/// Every safe fix of the document, as editors ask on save.
pub(crate) fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.weeklint")
}

/// A dated heading for today.
pub(crate) fn new_entry_kind() -> CodeActionKind {
    CodeActionKind::new("refactor.rewrite.newEntry.weeklint")
}

/// What `codeAction/resolve` is to compute, kept in the action's `data`.
const FIX_ALL: &str = "fixAll";

impl Server {
    pub(super) fn code_actions(
        &mut self,
        p: CodeActionParams,
    ) -> Result<Option<Vec<CodeActionOrCommand>>, Failure> {
        let uri = p.text_document.uri;
        let linted = self.fresh(&uri)?;
        let Ok(setup) = &linted.setup else {
            return Ok(Some(Vec::new()));
        };
        let only = p.context.only.unwrap_or_default();
        let wants = |kind: &CodeActionKind| {
            only.is_empty()
                || only.iter().any(|k| {
                    kind.as_str() == k.as_str()
                        || kind.as_str().starts_with(&format!("{}.", k.as_str()))
                })
        };
        let text = linted.source.text();
        let a = linted.lines.offset(text, p.range.start, self.enc);
        let b = linted.lines.offset(text, p.range.end, self.enc);
        let source = &linted.source;
        let lines = source.line_index(a.min(b))..=source.line_index(a.max(b));
        let mut out = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            let on_lines: Vec<&Diagnostic> = linted
                .diagnostics
                .iter()
                .filter(|d| {
                    let first = source.line_index(d.span.start);
                    let last = source.line_index(d.span.end.max(d.span.start));
                    first <= *lines.end() && last >= *lines.start()
                })
                .collect();
            self.quick_fixes(&uri, &linted, &on_lines, &mut out);
            self.stage_images(&uri, &linted, setup, &on_lines, lines, &mut out);
        }
        if wants(&fix_all_kind()) && has_safe_fix(&linted.diagnostics) {
            let mut action = CodeAction {
                title: "Fix all safe problems (weeklint)".to_string(),
                kind: Some(fix_all_kind()),
                data: Some(json!({ "uri": uri.as_str(), "action": FIX_ALL })),
                ..CodeAction::default()
            };
            if !self.caps.resolve_edits {
                // The client cannot ask for the edit later: it is worked out now.
                action.edit = Some(self.fix_all_edit(&uri, &linted)?);
                action.data = None;
            }
            out.push(CodeActionOrCommand::CodeAction(action));
        }
        if wants(&new_entry_kind()) {
            let cx = Context::new(
                source,
                &linted.document,
                &setup.settings,
                &setup.env,
                &linted.path,
            );
            if let Some(entry) = new_entry(&cx) {
                let at = entry.at..entry.at;
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("New entry for today: {}", entry.heading),
                    kind: Some(new_entry_kind()),
                    edit: Some(edit(&uri, vec![self.text_edit(&linted, &at, entry.insert)])),
                    ..CodeAction::default()
                }));
            }
        }
        Ok(Some(out))
    }

    /// `codeAction/resolve`: the edit of an action that left it for later.
    pub(super) fn resolve_action(&mut self, mut action: CodeAction) -> Result<CodeAction, Failure> {
        let data = action.data.take().unwrap_or(Value::Null);
        let (Some(uri), Some(FIX_ALL)) = (
            data.get("uri").and_then(Value::as_str),
            data.get("action").and_then(Value::as_str),
        ) else {
            return Err(Failure::invalid("not a code action weeklint can resolve"));
        };
        let uri: Uri = uri
            .parse()
            .map_err(|_| Failure::invalid(format!("{uri} is not a URI")))?;
        let linted = self.fresh(&uri)?;
        action.edit = Some(self.fix_all_edit(&uri, &linted)?);
        Ok(action)
    }

    /// Every safe fix of the document, applied to a fixed point.
    fn fix_all_edit(&self, uri: &Uri, linted: &Linted) -> Result<WorkspaceEdit, Failure> {
        Ok(edit(
            uri,
            safe_fixes(linted, self.enc)?.into_iter().collect(),
        ))
    }

    /// A quick fix for each fix (one for a fix several diagnostics share)
    /// and a suppression comment for each rule on each line.
    fn quick_fixes(
        &self,
        uri: &Uri,
        linted: &Linted,
        on_lines: &[&Diagnostic],
        out: &mut Vec<CodeActionOrCommand>,
    ) {
        let mut seen: Vec<*const [Edit]> = Vec::new();
        let mut ignored: Vec<(&str, usize)> = Vec::new();
        for d in on_lines {
            let shown = to_lsp(d, linted, uri, self.enc, self.caps.shown);
            if let Some(fix) = &d.fix
                && !seen.contains(&Arc::as_ptr(&fix.edits))
            {
                seen.push(Arc::as_ptr(&fix.edits));
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("{} ({})", capitalized(&fix.title), d.rule)
                } else {
                    format!(
                        "{} ({}, unsafe fix: check the result)",
                        capitalized(&fix.title),
                        d.rule
                    )
                };
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| self.text_edit(linted, &e.range, e.content.clone()))
                    .collect();
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(edit(uri, edits)),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
            let line = linted.source.line_index(d.span.start);
            if !ignored.contains(&(d.rule, line)) {
                ignored.push((d.rule, line));
                let suppress = self.suppression(linted, d.rule, line);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Ignore {} on this line (weeklint)", d.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown]),
                    edit: Some(edit(uri, vec![suppress])),
                    ..CodeAction::default()
                }));
            }
        }
    }

    /// `<!-- weeklint-disable-next-line RULE -->` above 0-based `line`,
    /// indented as it is; or `RULE` added to such a comment already there.
    fn suppression(&self, linted: &Linted, rule: &str, line: usize) -> TextEdit {
        let source = &linted.source;
        let text = source.text();
        if line > 0 {
            let above = source.line_range(line - 1);
            let comment = text[above.clone()].trim_end();
            if let Some(open) = comment.trim_start().strip_prefix("<!--")
                && open.trim_start().starts_with("weeklint-disable-next-line ")
                && comment.ends_with("-->")
            {
                let close = above.start + comment.len() - "-->".len();
                // Before `-->`, after the names and one space.
                let at = above.start + text[above.start..close].trim_end().len();
                return self.text_edit(linted, &(at..close), format!(" {rule} "));
            }
        }
        // After a BOM on the first line: the BOM stays first.
        let start = source.line_start(line);
        let whole = source.line_range(line);
        let indent_len = text[whole.clone()].len() - text[whole].trim_start().len();
        let indent = &text[start..start + indent_len];
        let eol = source.line_ending().as_str();
        let comment = format!("{indent}<!-- weeklint-disable-next-line {rule} -->{eol}");
        self.text_edit(linted, &(start..start), comment)
    }

    /// "Stage with git add" for each image on `lines` that is on disk and
    /// not committed.
    fn stage_images(
        &self,
        uri: &Uri,
        linted: &Linted,
        setup: &Setup,
        on_lines: &[&Diagnostic],
        lines: std::ops::RangeInclusive<usize>,
        out: &mut Vec<CodeActionOrCommand>,
    ) {
        let source = &linted.source;
        let text = source.text();
        let fs = setup.env.fs.as_ref();
        let bases = ImageBases::new(&setup.env, &linted.path);
        for image in &linted.document.images.refs {
            if !lines.contains(&source.line_index(image.span.start)) {
                continue;
            }
            let Some(local) = image.local() else { continue };
            let Lookup::Found(path) = lookup(fs, bases.get(local.from_root), local.path(text))
            else {
                continue;
            };
            if !matches!(fs.git_status(&path), GitStatus::Untracked(_)) {
                continue;
            }
            let Some((_, rel)) = in_repository(&path) else {
                continue;
            };
            let title =
                format!("Stage {rel} with `git add` (not committed: GitHub does not show it)");
            let diagnostics: Vec<_> = on_lines
                .iter()
                .filter(|d| d.span == image.span)
                .map(|d| to_lsp(d, linted, uri, self.enc, self.caps.shown))
                .collect();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                command: Some(Command {
                    title,
                    command: GIT_ADD.to_string(),
                    arguments: Some(vec![Value::String(path.to_string_lossy().into_owned())]),
                }),
                ..CodeAction::default()
            }));
        }
    }

    /// An edit of the linted text, in the client's units.
    fn text_edit(
        &self,
        linted: &Linted,
        span: &std::ops::Range<usize>,
        new_text: String,
    ) -> TextEdit {
        TextEdit {
            range: linted.lines.range(linted.source.text(), span, self.enc),
            new_text,
        }
    }
}

/// Whether some diagnostic has a safe fix.
fn has_safe_fix(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    })
}

/// `edits` to the document `uri`.
// The map lsp-types asks for: `Uri`'s inner cell caches a parse, which
// changes neither its hash nor its equality.
#[allow(clippy::mutable_key_type)]
fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// `s` with its first letter capitalized, as menus show titles.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
