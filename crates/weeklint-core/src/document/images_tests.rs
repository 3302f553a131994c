//! Image references as the document model sees them.

use crate::document::{Document, ImageKind, Malformation, Target};
use crate::source::Source;

/// `(kind, primary span text, local path or remote URL)` of each image.
fn images(text: &str) -> Vec<(ImageKind, String, String)> {
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    doc.images
        .refs
        .iter()
        .map(|i| {
            let target = match &i.target {
                Target::Local(l) if l.from_root => format!("/{}", l.path(source.text())),
                Target::Local(l) => l.path(source.text()).to_string(),
                Target::Remote(u) => u.clone(),
                Target::Empty => String::new(),
            };
            (i.kind, source.text()[i.span.clone()].to_string(), target)
        })
        .collect()
}

fn paths(text: &str) -> Vec<String> {
    images(text).into_iter().map(|i| i.2).collect()
}

#[test]
fn inline_images_with_titles_angle_brackets_and_encoding() {
    let text = "![a](pic/a.png) ![b *c*](pic/b%20c.png \"title\") ![](<pic/d e.png>)\n\
                ![x](/pic/root.png?raw=true#frag) ![y](pic/(1).png) ![z](pic/esc\\_x.png)\n";
    assert_eq!(
        images(text),
        [
            (ImageKind::Inline, "pic/a.png".into(), "pic/a.png".into()),
            (
                ImageKind::Inline,
                "pic/b%20c.png".into(),
                "pic/b c.png".into()
            ),
            (
                ImageKind::Inline,
                "pic/d e.png".into(),
                "pic/d e.png".into()
            ),
            (
                ImageKind::Inline,
                "/pic/root.png?raw=true#frag".into(),
                "/pic/root.png".into()
            ),
            (
                ImageKind::Inline,
                "pic/(1).png".into(),
                "pic/(1).png".into()
            ),
            (
                ImageKind::Inline,
                "pic/esc\\_x.png".into(),
                "pic/esc_x.png".into()
            ),
        ]
    );
}

#[test]
fn reference_images_point_at_their_definition() {
    let text = "![one][r] ![r][] ![r] ![Two][R]\n\n[r]: <pic/x y.png> \"t\"\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    assert_eq!(doc.images.refs.len(), 4);
    for i in &doc.images.refs {
        assert_eq!(i.kind, ImageKind::Reference);
        assert_eq!(i.span, i.whole, "the usage is the primary span");
        let def = i.definition.clone().unwrap_or_default();
        assert_eq!(&text[def], "pic/x y.png");
        assert_eq!(i.local().map(|l| l.path(text)), Some("pic/x y.png"));
    }
    assert_eq!(&text[doc.images.refs[0].span.clone()], "![one][r]");
    // A link to the same definition is not an image.
    assert!(paths("[link][r]\n\n[r]: pic/a.png\n").is_empty());
}

#[test]
fn img_tags_in_blocks_inline_and_text() {
    let text = "<img src=\"pic/a.png\" width=\"400\">\n\n\
                text <IMG WIDTH=4 SRC='pic/b.png'> and <img\n  alt=\"x\"\n  src=pic/c.png>\n\n\
                <div>\n<img src=\"pic/d.png\"><img\nsrc=\"pic/e.png\">\n</div>\n\n\
                <img src=\"pic/f.png\" width=400\"> broken\n";
    assert_eq!(
        images(text),
        [
            (ImageKind::HtmlBlock, "pic/a.png".into(), "pic/a.png".into()),
            (
                ImageKind::InlineHtml,
                "pic/b.png".into(),
                "pic/b.png".into()
            ),
            (
                ImageKind::InlineHtml,
                "pic/c.png".into(),
                "pic/c.png".into()
            ),
            (ImageKind::HtmlBlock, "pic/d.png".into(), "pic/d.png".into()),
            (ImageKind::HtmlBlock, "pic/e.png".into(), "pic/e.png".into()),
            (ImageKind::HtmlText, "pic/f.png".into(), "pic/f.png".into()),
        ]
    );
}

#[test]
fn html_src_entities_and_remote_urls() {
    let text = "<img src=\"pic/a&amp;b.png\">\n\n<img src=\"https://x.org/a.png\">\n\n\
                ![r](//cdn.x/a.png) ![d](data:image/png;base64,AA==) ![e]()\n";
    assert_eq!(
        paths(text),
        [
            "pic/a&b.png",
            "https://x.org/a.png",
            "//cdn.x/a.png",
            "data:image/png;base64,AA==",
            ""
        ]
    );
}

#[test]
fn nothing_in_code_comments_or_front_matter() {
    let text = "---\nimg: <img src=\"pic/fm.png\">\n---\n\n\
                ```\n![a](pic/fence.png)\n<img src=\"pic/fence.png\">\n```\n\n    ![a](pic/indented.png)\n\n\
                `<img src=\"pic/span.png\">` and `![a](pic/span.png)`\n\n\
                <!-- ![a](pic/comment.png) <img src=\"pic/comment.png\"> -->\n\n\
                text <!-- <img src=\"pic/inline-comment.png\"> --> \\<img src=\"pic/escaped.png\">\n\n\
                <div>\n<!-- <img src=\"pic/block-comment.png\"> -->\n<img src=\"pic/kept.png\">\n</div>\n";
    assert_eq!(paths(text), ["pic/kept.png"]);
}

#[test]
fn spaces_and_non_ascii_names() {
    let text = "![图](pic/图 1.png)\n\n![图](<pic/图 1.png>)\n\n<img src=\"pic/笔记 图.png\">\n\n\
                ![x](pic/%E5%9B%BE.png)\n";
    // `![](pic/图 1.png)` is not an image: a space ends the destination.
    assert_eq!(
        paths(text),
        ["pic/图 1.png", "pic/笔记 图.png", "pic/图.png"]
    );
}

#[test]
fn images_in_lists_quotes_headings_and_tables() {
    let text = "- ![a](pic/item.png)\n\n> <img src=\"pic/quote.png\">\n\n## <img src=\"pic/h.png\" width=4\">\n\n\
                | a |\n|---|\n| <img src=pic/cell.png width=4\"> |\n";
    assert_eq!(
        paths(text),
        ["pic/item.png", "pic/quote.png", "pic/h.png", "pic/cell.png"]
    );
}

#[test]
fn malformed_tags_are_found_in_text_only() {
    let text = "<img src=\"pic/a.png\" width=400\"> x\n\n<div>\n<img src=\"b.png\" width=400\">\n</div>\n\n\
                ok <img src=\"c.png\" width=\"400\">\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let found: Vec<(Malformation, &str)> = doc
        .images
        .malformed
        .iter()
        .map(|m| (m.kind, &text[m.at.clone()]))
        .collect();
    assert_eq!(found, [(Malformation::UnquotedValue('"'), "400\"")]);
}

#[test]
fn bom_shifts_spans() {
    let text = "\u{feff}![a](pic/a.png)\n\n![b][r]\n\n[r]: pic/b.png\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let spans: Vec<&str> = doc
        .images
        .refs
        .iter()
        .map(|i| &text[i.span.clone()])
        .collect();
    assert_eq!(spans, ["pic/a.png", "![b][r]"]);
    let def = doc.images.refs[1].definition.clone().unwrap_or_default();
    assert_eq!(&text[def], "pic/b.png");
}

#[test]
fn an_unclosed_img_tag_in_text_ends_where_the_next_one_starts() {
    // Without this bound each tag read to the end of the paragraph:
    // quadratic time on a paragraph of many unclosed tags.
    let text = "x <img src=a.png <img src=\"b.png\" width=4\" <img src=c.png\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let tags: Vec<&str> = doc
        .images
        .malformed
        .iter()
        .map(|m| &text[m.tag.clone()])
        .collect();
    assert_eq!(
        tags,
        [
            "<img src=a.png ",
            "<img src=\"b.png\" width=4\" ",
            "<img src=c.png\n"
        ]
    );
    assert_eq!(paths(text), ["a.png", "b.png", "c.png"]);
}

#[test]
fn schemes_queries_and_escapes_decide_the_target() {
    let text = "![a](pic/a.png?v=http://x) ![b](HTTP://X/b.png) ![c](a+b-c.d:rest) \
                ![d](1http:d.png) ![e](pi%20c:e.png) ![f](pic/%E5%9B%BE.png#http:x) \
                ![g](/pic/g.png#top) ![h](mailto:h@x.org)\n";
    assert_eq!(
        paths(text),
        [
            "pic/a.png",
            "HTTP://X/b.png",
            "a+b-c.d:rest",
            "1http:d.png",
            "pi c:e.png",
            "pic/图.png",
            "/pic/g.png",
            "mailto:h@x.org"
        ]
    );
    // Only a path with no escape can be edited where it is written.
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let verbatim: Vec<bool> = doc
        .images
        .refs
        .iter()
        .map(|i| matches!(&i.target, Target::Local(l) if l.verbatim.is_some()))
        .collect();
    assert_eq!(
        verbatim,
        [true, false, false, true, false, false, true, false]
    );
}

#[test]
fn img_tags_in_text_are_found_among_text_without_any() {
    // Text events with no `<` between ones with an `<img` that is text
    // (never closed, so not HTML), and `<` in a code span, a comment and
    // an autolink, which are not text events.
    let text = "plain one\n\nx <img src=a.png y\n\nplain `<code>` two <!-- c -->\n\n\
                - item <img src=\"b.png\" w=4\"\n- plain <https://x.org> item\n\n\
                more plain\n\nend <img src=c.png and <img src=d.png\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let tags: Vec<usize> = doc.images.malformed.iter().map(|m| m.tag.start).collect();
    let written: Vec<usize> = text.match_indices("<img").map(|(at, _)| at).collect();
    assert_eq!(tags, written);
    assert_eq!(paths(text), ["a.png", "b.png", "c.png", "d.png"]);
}

#[test]
fn percent_escapes_are_two_hex_digits_and_utf8() {
    assert_eq!(
        paths("![a](a%2Fb%2.png) ![b](c%+f.png) ![c](%E5%9B%BE.png) ![d](%E5%9B.png)\n"),
        ["a/b%2.png", "c%+f.png", "图.png", "%E5%9B.png"]
    );
}
