//! `<img>` tags in raw text: a lenient, browser-like tokenizer that finds
//! the `src`, and a strict check against CommonMark's raw-HTML grammar,
//! which decides whether GitHub renders the tag or shows it as text.
//!
//! Hand-written rather than a regex: one linear pass, no per-file setup,
//! and the positions of every part are needed for spans and fixes.

use std::ops::Range;

/// An attribute value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrValue {
    /// The value without its quotes.
    pub range: Range<usize>,
    /// The quote character, if quoted.
    pub quote: Option<u8>,
}

/// An `<img` tag read the way a browser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImgTag {
    /// From `<` to after `>`, or to where the text ran out.
    pub range: Range<usize>,
    /// The first `src` attribute.
    pub src: Option<AttrValue>,
}

/// Why CommonMark does not accept an `<img` tag as raw HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformation {
    /// An unquoted attribute value runs into this character (`width=400"`).
    UnquotedValue(char),
    /// A quoted value whose closing quote is missing.
    UnclosedQuote(char),
    /// Two attributes with nothing between them (`src="a.png"width="4"`).
    NoSpaceBetweenAttributes,
    /// The tag never ends with `>`.
    MissingClose,
    /// A character that cannot start an attribute name.
    Unexpected(char),
}

/// A malformed tag: what is wrong, where, and the one edit that repairs
/// it when there is exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub kind: Malformation,
    /// The offending part of the tag.
    pub at: Range<usize>,
    /// Replace this range with this text to make the tag valid.
    pub fix: Option<(Range<usize>, String)>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Whether `text[at..]` starts an `<img` tag (case-insensitive).
pub(crate) fn starts_img(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    b.get(at) == Some(&b'<')
        && b.get(at + 1..at + 4)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"img"))
        && b.get(at + 4)
            .is_none_or(|&c| is_ws(c) || c == b'/' || c == b'>')
}

/// Every `<img` tag starting in `range` of `text`, skipping starts for
/// which `skip` is true. Tags may run past `range.end` up to `limit`.
pub(crate) fn find_img_tags(
    text: &str,
    range: Range<usize>,
    limit: usize,
    mut skip: impl FnMut(usize) -> bool,
) -> impl Iterator<Item = ImgTag> {
    let mut from = range.start;
    std::iter::from_fn(move || {
        while from < range.end {
            let at = from + memchr::memchr(b'<', &text.as_bytes()[from..range.end])?;
            if starts_img(text, at) && !skip(at) {
                let tag = read_img(text, at, limit);
                from = tag.range.end.max(at + 1);
                return Some(tag);
            }
            from = at + 1;
        }
        None
    })
}

/// Read the `<img` tag at `start` as a browser would (HTML5 tokenizer,
/// simplified): attributes split on whitespace, quotes honoured, the first
/// `src` wins.
pub(crate) fn read_img(text: &str, start: usize, limit: usize) -> ImgTag {
    let mut src = None;
    let end = read_attributes(text, start + 4, limit, |name, value| {
        if src.is_none() && name.eq_ignore_ascii_case(b"src") {
            src = Some(value);
        }
    });
    ImgTag {
        range: start..end,
        src,
    }
}

/// The start tag at `start` (its `<`), if there is one: its name.
pub(crate) fn tag_name(text: &str, start: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    if b.get(start) != Some(&b'<') || !b.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut p = start + 2;
    while p < b.len() && b[p].is_ascii_alphanumeric() {
        p += 1;
    }
    (p >= b.len() || is_ws(b[p]) || matches!(b[p], b'/' | b'>')).then_some(start + 1..p)
}

/// Read the attributes of a tag from `p` (after its name) as a browser
/// would, handing each with a value to `each`; where the tag ends (after
/// `>`, or where the text, up to `limit`, runs out).
pub(crate) fn read_attributes(
    text: &str,
    mut p: usize,
    limit: usize,
    mut each: impl FnMut(&[u8], AttrValue),
) -> usize {
    let b = &text.as_bytes()[..limit.min(text.len())];
    loop {
        while p < b.len() && (is_ws(b[p]) || b[p] == b'/') {
            p += 1;
        }
        if p >= b.len() {
            break;
        }
        if b[p] == b'>' {
            p += 1;
            break;
        }
        let name_start = p;
        p += 1; // a leading `=` belongs to the name
        while p < b.len() && !is_ws(b[p]) && !matches!(b[p], b'/' | b'>' | b'=') {
            p += 1;
        }
        let name = &b[name_start..p];
        let mut q = p;
        while q < b.len() && is_ws(b[q]) {
            q += 1;
        }
        if q >= b.len() || b[q] != b'=' {
            continue;
        }
        p = q + 1;
        while p < b.len() && is_ws(b[p]) {
            p += 1;
        }
        let value = if p < b.len() && matches!(b[p], b'"' | b'\'') {
            let quote = b[p];
            let begin = p + 1;
            let end = memchr::memchr(quote, &b[begin..]).map_or(b.len(), |i| begin + i);
            p = (end + 1).min(b.len());
            AttrValue {
                range: begin..end,
                quote: Some(quote),
            }
        } else {
            let begin = p;
            while p < b.len() && !is_ws(b[p]) && b[p] != b'>' {
                p += 1;
            }
            AttrValue {
                range: begin..p,
                quote: None,
            }
        };
        each(name, value);
    }
    p.min(b.len())
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')
}

fn is_unquoted_char(b: u8) -> bool {
    !is_ws(b) && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
}

/// Check the `<img` tag at `start` against CommonMark's open-tag grammar.
/// `Ok(end)` is the offset after `>`.
fn strict(b: &[u8], start: usize) -> Result<usize, (Malformation, Range<usize>, Option<usize>)> {
    let mut p = start + 4;
    // End of the last attribute, for "missing `>`".
    let mut last_end = p;
    // A quoted value holding `>`: likely an unclosed quote that swallowed the tag end.
    let mut suspect: Option<(u8, usize)> = None;
    let mut bare = false;
    let fail = |kind, at: Range<usize>, suspect: Option<(u8, usize)>, last_end| {
        if let Some((q, open)) = suspect {
            return Err((Malformation::UnclosedQuote(q as char), open..open + 1, None));
        }
        Err((kind, at, Some(last_end)))
    };
    loop {
        let ws_start = p;
        while p < b.len() && is_ws(b[p]) {
            p += 1;
        }
        let spaced = p > ws_start;
        if p >= b.len() {
            return fail(
                Malformation::MissingClose,
                start..b.len(),
                suspect,
                last_end,
            );
        }
        match b[p] {
            b'>' => return Ok(p + 1),
            b'/' if b.get(p + 1) == Some(&b'>') => return Ok(p + 2),
            b'<' => return fail(Malformation::MissingClose, start..p, suspect, last_end),
            c if is_name_start(c) => {
                if !spaced {
                    return fail(
                        Malformation::NoSpaceBetweenAttributes,
                        p..p + 1,
                        suspect,
                        last_end,
                    );
                }
            }
            // The tag's line ended and the next line is something else.
            _ if b[ws_start..p].contains(&b'\n') => {
                return fail(
                    Malformation::MissingClose,
                    start..ws_start,
                    suspect,
                    last_end,
                );
            }
            c => {
                let ch = char_at(b, p);
                return fail(
                    Malformation::Unexpected(ch.unwrap_or(c as char)),
                    p..p + ch.map_or(1, char::len_utf8),
                    suspect,
                    last_end,
                );
            }
        }
        while p < b.len() && is_name_char(b[p]) {
            p += 1;
        }
        if !bare {
            last_end = p;
        }
        let mut q = p;
        while q < b.len() && is_ws(b[q]) {
            q += 1;
        }
        if q >= b.len() || b[q] != b'=' {
            // A bare name may as well be the next words of text: where the
            // tag should end becomes a guess.
            bare = true;
            last_end = start;
            continue;
        }
        q += 1;
        while q < b.len() && is_ws(b[q]) {
            q += 1;
        }
        match b.get(q) {
            Some(&quote @ (b'"' | b'\'')) => {
                let Some(len) = memchr::memchr(quote, &b[q + 1..]) else {
                    return Err((Malformation::UnclosedQuote(quote as char), q..q + 1, None));
                };
                let close = q + 1 + len;
                if suspect.is_none() && memchr::memchr(b'>', &b[q + 1..close]).is_some() {
                    suspect = Some((quote, q));
                }
                p = close + 1;
            }
            Some(&c) if is_unquoted_char(c) => {
                let begin = q;
                while q < b.len() && is_unquoted_char(b[q]) {
                    q += 1;
                }
                p = q;
                if let Some(&c) = b.get(q)
                    && matches!(c, b'"' | b'\'' | b'=' | b'<' | b'`')
                {
                    return fail(
                        Malformation::UnquotedValue(c as char),
                        begin..q + 1,
                        suspect,
                        last_end,
                    );
                }
            }
            Some(&c) => {
                let ch = char_at(b, q).unwrap_or(c as char);
                return fail(
                    Malformation::UnquotedValue(ch),
                    q..q + ch.len_utf8(),
                    suspect,
                    last_end,
                );
            }
            None => {
                return fail(
                    Malformation::MissingClose,
                    start..b.len(),
                    suspect,
                    last_end,
                );
            }
        }
        if !bare {
            last_end = p;
        }
    }
}

fn char_at(b: &[u8], p: usize) -> Option<char> {
    std::str::from_utf8(&b[p..(p + 4).min(b.len())])
        .ok()
        .or_else(|| {
            (1..4)
                .rev()
                .find_map(|n| std::str::from_utf8(b.get(p..p + n)?).ok())
        })
        .and_then(|s| s.chars().next())
}

/// The problem with the `<img` tag at `start` (text up to `limit`), or
/// `None` when CommonMark accepts it as raw HTML.
pub(crate) fn problem(text: &str, start: usize, limit: usize) -> Option<Problem> {
    let b = &text.as_bytes()[..limit.min(text.len())];
    let (kind, mut at, last_end) = strict(b, start).err()?;
    if kind == Malformation::MissingClose {
        // The tag as far as its attributes go, not the rest of the paragraph.
        at = start..last_end.unwrap_or(start + 4).max(start + 4);
    }
    let fix = repair(b, start, kind, &at, last_end)
        .filter(|(range, content)| is_valid_after(b, start, range, content));
    Some(Problem { kind, at, fix })
}

/// The one edit that repairs the tag, if the problem admits only one.
fn repair(
    b: &[u8],
    start: usize,
    kind: Malformation,
    at: &Range<usize>,
    last_end: Option<usize>,
) -> Option<(Range<usize>, String)> {
    match kind {
        Malformation::UnquotedValue(_) => {
            // The value as a browser reads it: up to whitespace or `>`.
            let begin = at.start;
            let mut end = begin;
            while end < b.len() && !is_ws(b[end]) && b[end] != b'>' {
                end += 1;
            }
            let core = std::str::from_utf8(&b[begin..end]).ok()?;
            let core = core.trim_matches(['"', '\'']);
            (!core.is_empty() && !core.contains('"')).then(|| (begin..end, format!("\"{core}\"")))
        }
        Malformation::UnclosedQuote(q) => {
            // Close the quote at the tag's `>`, unless a space makes the
            // end of the value a guess.
            let open = at.start;
            let gt = open + 1 + memchr::memchr(b'>', &b[open + 1..])?;
            let value = &b[open + 1..gt];
            (!value.is_empty() && !value.iter().any(|&c| is_ws(c) || c == q as u8))
                .then(|| (gt..gt, q.to_string()))
        }
        Malformation::NoSpaceBetweenAttributes => Some((at.start..at.start, " ".to_string())),
        Malformation::MissingClose => {
            // Only when the attributes end the line (or meet the next tag):
            // then `>` belongs right after them.
            let end = last_end?;
            if end <= start + 4 {
                return None;
            }
            let mut p = end;
            while p < b.len() && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
            (p >= b.len() || matches!(b[p], b'\n' | b'\r' | b'<'))
                .then(|| (end..end, ">".to_string()))
        }
        Malformation::Unexpected(_) => None,
    }
}

/// How far past an edit a repaired tag may run: far enough for any real
/// tag, near enough that a huge paragraph is not copied per tag.
const REPAIR_WINDOW: usize = 4096;

/// Whether the tag at `start` is valid once `range` is replaced by `content`.
fn is_valid_after(b: &[u8], start: usize, range: &Range<usize>, content: &str) -> bool {
    let end = b.len().min(range.end + REPAIR_WINDOW);
    let mut fixed = Vec::with_capacity(end - start + content.len());
    fixed.extend_from_slice(&b[start..range.start]);
    fixed.extend_from_slice(content.as_bytes());
    fixed.extend_from_slice(&b[range.end..end]);
    strict(&fixed, 0).is_ok()
}

/// The HTML character references of a `src` decoded: named (all of
/// HTML's) and numeric, each closed by `;`.
pub(crate) use html_escape::decode_html_entities as decode_entities;

#[cfg(test)]
mod tests {
    use super::*;

    fn src_of(html: &str) -> Vec<String> {
        find_img_tags(html, 0..html.len(), html.len(), |_| false)
            .filter_map(|t| t.src.as_ref().map(|v| html[v.range.clone()].to_string()))
            .collect()
    }

    #[test]
    fn src_in_any_attribute_order_quote_style_and_case() {
        let html = r#"<img src="a.png"><IMG width=4 SRC='b c.png'><img alt="x > y" src=c.png/><Img
  class="z"
  src = "d.png"
>"#;
        assert_eq!(src_of(html), ["a.png", "b c.png", "c.png/", "d.png"]);
        assert_eq!(
            src_of("<imgx src=a.png><image src=b.png><img>"),
            Vec::<String>::new()
        );
        assert_eq!(src_of("<img src=\"a.png\" src=\"b.png\">"), ["a.png"]);
    }

    fn check(tag: &str) -> Option<(Malformation, Option<String>)> {
        let p = problem(tag, 0, tag.len())?;
        let fixed = p
            .fix
            .map(|(r, c)| format!("{}{c}{}", &tag[..r.start], &tag[r.end..]));
        Some((p.kind, fixed))
    }

    #[test]
    fn valid_tags_pass() {
        for tag in [
            r#"<img src="a.png" width="400">"#,
            "<img src=a.png width=400>",
            "<IMG SRC='a.png'/>",
            "<img\n  src=\"a.png\"\n  width=\"4\"\n>",
            r#"<img src="a.png" alt="x > y">"#,
        ] {
            assert_eq!(check(tag), None, "{tag}");
        }
    }

    #[test]
    fn stray_quote_in_unquoted_value_is_fixed_by_quoting() {
        assert_eq!(
            check(r#"<img src="pic/a.png" width=400">"#),
            Some((
                Malformation::UnquotedValue('"'),
                Some(r#"<img src="pic/a.png" width="400">"#.to_string())
            ))
        );
        assert_eq!(
            check(r#"<img src=pic/a.png" width="4">"#).map(|c| c.1),
            Some(Some(r#"<img src="pic/a.png" width="4">"#.to_string()))
        );
        assert_eq!(
            check("<img src=a.png alt=a`b>").map(|c| c.0),
            Some(Malformation::UnquotedValue('`'))
        );
    }

    #[test]
    fn unclosed_quote_missing_close_and_missing_space() {
        assert_eq!(
            check(r#"<img src="a.png>"#),
            Some((
                Malformation::UnclosedQuote('"'),
                Some(r#"<img src="a.png">"#.to_string())
            ))
        );
        assert_eq!(
            check(r#"<img src="a.png width=4> text "x""#).map(|c| c.0),
            Some(Malformation::UnclosedQuote('"'))
        );
        assert_eq!(
            check(r#"<img src="a.png" width="4""#),
            Some((
                Malformation::MissingClose,
                Some(r#"<img src="a.png" width="4">"#.to_string())
            ))
        );
        assert_eq!(
            check(r#"<img src="a.png"width="4">"#),
            Some((
                Malformation::NoSpaceBetweenAttributes,
                Some(r#"<img src="a.png" width="4">"#.to_string())
            ))
        );
        assert_eq!(check("<img src=a.png %>").map(|c| c.1), Some(None));
        // Words after the tag could be attributes or text: no guess.
        assert_eq!(
            check("<img src=\"a.png\"\nmore text").map(|c| c.1),
            Some(None)
        );
        assert_eq!(
            check("<img src=\"a.png\"\nwidth=\"4\"\n").map(|c| c.1),
            Some(Some("<img src=\"a.png\"\nwidth=\"4\">\n".to_string()))
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&amp;b&#32;c&#x41;&bogus;"),
            "a&b cA&bogus;"
        );
    }

    #[test]
    fn entities_as_a_browser_reads_them() {
        assert_eq!(decode_entities("&copy;&not;&#0000000065;"), "©¬A");
        // No sign in a number; C0 controls other than spaces stay as written.
        assert_eq!(decode_entities("&#+65;&#x+41;&#1;"), "&#+65;&#x+41;&#1;");
    }
}
