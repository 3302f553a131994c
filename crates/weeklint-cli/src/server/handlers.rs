//! What the server offers, and the documents' life: open, change, close,
//! and formatting (the safe fixes).

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentFormattingParams, ExecuteCommandOptions, HoverProviderCapability, MessageType, OneOf,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextEdit,
};
use weeklint_core::Document;
use weeklint_core::fix::{FixMode, LateFixes, fix_source};

use super::text::{apply_change, minimal_edit};
use super::workspace::{Doc, Linted, Skip, project_findings, uri_path};
use super::{Failure, Server, actions, images, text::Encoding};

/// The server's capabilities, positions counted in `enc`.
pub(super) fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                actions::fix_all_kind(),
                actions::new_entry_kind(),
            ]),
            resolve_provider: Some(true),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["(", "/", "\"", "'"].map(str::to_string).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![images::GIT_ADD.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

impl Server {
    pub(super) fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let path = uri_path(&item.uri, &self.ws.root);
        let key = item.uri.as_str().to_string();
        // Opened again without a close: a new start all the same.
        let revision = self.ws.docs.get(&key).map_or(0, |d| d.revision + 1);
        self.ws.docs.insert(
            key,
            Doc {
                uri: item.uri,
                path,
                version: item.version,
                revision,
                text: item.text,
                linted: None,
            },
        );
    }

    pub(super) fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let enc = self.enc;
        let key = p.text_document.uri.as_str();
        let Some(doc) = self.ws.docs.get_mut(key) else {
            self.log(
                MessageType::WARNING,
                format!("weeklint: a change to {key}, which is not open, was ignored"),
            );
            return;
        };
        for change in p.content_changes {
            apply_change(&mut doc.text, change, enc);
        }
        doc.version = p.text_document.version;
        doc.revision += 1;
    }

    pub(super) fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        if let Some(doc) = self.ws.docs.remove(p.text_document.uri.as_str()) {
            // What was shown for it goes with it.
            self.notify(
                "textDocument/publishDiagnostics",
                lsp_types::PublishDiagnosticsParams {
                    uri: doc.uri,
                    diagnostics: Vec::new(),
                    version: None,
                },
            );
        }
    }

    /// `textDocument/formatting`: the safe fixes, as one edit.
    pub(super) fn format(
        &mut self,
        p: DocumentFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>, Failure> {
        let linted = self.fresh(&p.text_document.uri)?;
        Ok(Some(safe_fixes(&linted, self.enc)?.into_iter().collect()))
    }
}

/// The edit that applies every safe fix of `linted`, if there is any.
pub(super) fn safe_fixes(linted: &Linted, enc: Encoding) -> Result<Option<TextEdit>, Failure> {
    let setup = match &linted.setup {
        Ok(setup) => setup,
        Err(Skip::Excluded) => return Ok(None),
        Err(skip) => return Err(Failure::failed(not_checked(skip))),
    };
    let fixed = fix_source(
        &linted.source,
        &linted.path,
        &setup.settings,
        &setup.env,
        FixMode::Safe,
    )
    .map_err(|e| Failure::failed(format!("weeklint did not fix this document: {e}")))?;
    // Then, as `--fix` does, links to fragments of other pages.
    let document = fixed
        .document
        .unwrap_or_else(|| Document::parse(&fixed.source));
    let found = project_findings(&linted.path, &fixed.source, &document, setup);
    let late = LateFixes::plan(fixed.source.text(), &found, FixMode::Safe)
        .map_err(|e| Failure::failed(format!("weeklint did not fix this document: {e}")))?;
    let fixed = late.map_or_else(|| fixed.source.into_text(), |l| l.text);
    let text = linted.source.text();
    Ok(minimal_edit(text, &fixed).map(|(span, new_text)| TextEdit {
        range: linted.lines.range(text, &span, enc),
        new_text,
    }))
}

/// Why a request about a document that was not checked cannot be done.
pub(super) fn not_checked(skip: &Skip) -> String {
    match skip {
        Skip::Excluded => "files.exclude leaves this document out".to_string(),
        Skip::TooLarge { size, max } => format!(
            "this document ({} MB) is larger than files.max-size ({} MB): weeklint did not check it",
            size >> 20,
            max >> 20
        ),
        Skip::Config(e) => format!(
            "weeklint did not check this document: {} has problems",
            e.path().display()
        ),
        Skip::Failed(why) => format!("weeklint failed on this document: {why}"),
    }
}
