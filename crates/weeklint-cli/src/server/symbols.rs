//! Document symbols: the outline of headings, each dated entry with its
//! date as weeklint reads it, so that the editor's outline and
//! breadcrumbs list the entries by date.

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation,
    SymbolKind,
};
use weeklint_core::rule::Context;

use super::workspace::Linted;
use super::{Failure, Server};

/// One heading of the outline, before nesting.
struct Item {
    level: u8,
    symbol: DocumentSymbol,
}

impl Server {
    pub(super) fn symbols(
        &mut self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>, Failure> {
        let uri = p.text_document.uri;
        let linted = self.fresh(&uri)?;
        let tree = outline(&linted, self.enc);
        if self.caps.hierarchical_symbols {
            return Ok(Some(DocumentSymbolResponse::Nested(tree)));
        }
        let mut flat = Vec::new();
        flatten(&uri, tree, None, &mut flat);
        Ok(Some(DocumentSymbolResponse::Flat(flat)))
    }
}

/// The headings of the outline (not those in quotes or list items),
/// nested by level.
#[allow(deprecated)] // `DocumentSymbol::deprecated`: a field that must be given.
fn outline(linted: &Linted, enc: super::text::Encoding) -> Vec<DocumentSymbol> {
    let doc = &linted.document;
    let text = linted.source.text();
    let cx = linted
        .setup
        .as_ref()
        .ok()
        .map(|s| Context::new(&linted.source, doc, &s.settings, &s.env, &linted.path));
    let mut roots = Vec::new();
    let mut open: Vec<Item> = Vec::new();
    for (i, h) in doc.headings.all().iter().enumerate() {
        if h.nested {
            continue;
        }
        let date = cx.as_ref().and_then(|cx| cx.date(i));
        let name = doc.headings.text(h).trim();
        let symbol = DocumentSymbol {
            name: if name.is_empty() {
                "(empty heading)".to_string()
            } else {
                name.to_string()
            },
            detail: date.map(|d| d.iso().unwrap_or_else(|| "not a calendar date".to_string())),
            kind: if date.is_some() {
                SymbolKind::EVENT
            } else {
                SymbolKind::STRING
            },
            tags: None,
            deprecated: None,
            range: linted.lines.range(text, &h.section(), enc),
            selection_range: linted.lines.range(text, &h.line(), enc),
            children: None,
        };
        while open.last().is_some_and(|top| top.level >= h.level) {
            close(&mut open, &mut roots);
        }
        open.push(Item {
            level: h.level,
            symbol,
        });
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

/// Close the innermost open heading: a child of the one below it, or a
/// root.
fn close(open: &mut Vec<Item>, roots: &mut Vec<DocumentSymbol>) {
    let Some(item) = open.pop() else { return };
    match open.last_mut() {
        Some(parent) => parent
            .symbol
            .children
            .get_or_insert_with(Vec::new)
            .push(item.symbol),
        None => roots.push(item.symbol),
    }
}

/// The tree as a list, each with its parent's name, for clients that
/// show no nesting.
#[allow(deprecated)] // `SymbolInformation::deprecated`: a field that must be given.
fn flatten(
    uri: &lsp_types::Uri,
    symbols: Vec<DocumentSymbol>,
    container: Option<&str>,
    out: &mut Vec<SymbolInformation>,
) {
    for s in symbols {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: s.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), s.range),
            container_name: container.map(str::to_string),
        });
        if let Some(children) = s.children {
            flatten(uri, children, Some(&s.name), out);
        }
    }
}
