use super::*;

fn doc(text: &str) -> (Source, Document) {
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    (source, doc)
}

fn heading_texts(d: &Document) -> Vec<(u8, &str)> {
    d.headings
        .all()
        .iter()
        .map(|h| (h.level, d.headings.text(h)))
        .collect()
}

#[test]
fn headings_atx_and_setext_with_rendered_text() {
    let (_, d) = doc("# Log\n\n## **2023.6.18**\n\nNotes\n-----\n\n## [2023.6.10](https://x) ##\n");
    assert_eq!(
        heading_texts(&d),
        [(1, "Log"), (2, "2023.6.18"), (2, "Notes"), (2, "2023.6.10")]
    );
    let kinds: Vec<HeadingKind> = d.headings.all().iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        [
            HeadingKind::Atx,
            HeadingKind::Atx,
            HeadingKind::Setext,
            HeadingKind::Atx
        ]
    );
}

#[test]
fn heading_text_maps_back_to_the_source() {
    let text = "## **2023.6.18** CLIP\n## [2023-06-10](u)\n## 2023\\.6.1\n##   `x` y\n";
    let (s, d) = doc(text);
    let spans: Vec<Option<&str>> = d
        .headings
        .all()
        .iter()
        .map(|h| {
            d.headings
                .source_range(h, 0..d.headings.text(h).len().min(9))
                .map(|r| &s.text()[r])
        })
        .collect();
    // The escaped dot and the code span do not map byte for byte.
    assert_eq!(spans, [Some("2023.6.18"), Some("2023-06-1"), None, None]);
    assert_eq!(d.headings.text(&d.headings.all()[2]), "2023.6.1");
    let h = &d.headings.all()[3];
    assert_eq!(
        d.headings.source_range(h, 2..3).map(|r| &s.text()[r]),
        Some("y")
    );
}

#[test]
fn nothing_in_code_comments_or_front_matter_is_a_heading() {
    let text = "---\ntitle: x\n# not\n---\n\n```\n## 2023.6.18\n```\n\n    ## 2023.6.17\n\n<!--\n## 2023.6.16\n-->\n\n## 2023.6.15\n";
    let (_, d) = doc(text);
    assert_eq!(heading_texts(&d), [(2, "2023.6.15")]);
    let kinds: Vec<ExcludedKind> = d.excluded.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            ExcludedKind::FrontMatter,
            ExcludedKind::Code,
            ExcludedKind::Code,
            ExcludedKind::Comment
        ]
    );
}

#[test]
fn bare_cr_lines_parse_like_lf_lines() {
    // Fences and indented code close at a bare `\r` as at `\n`.
    let lf = "```\n## 2023.6.18\n```\n\n    ## 2023.6.17\n\n## 2023.6.15\n##x\n";
    let cr = lf.replace('\n', "\r");
    let (_, want) = doc(lf);
    let (s, got) = doc(&cr);
    assert_eq!(heading_texts(&got), [(2, "2023.6.15")]);
    assert_eq!(got.excluded, want.excluded);
    let hashes: Vec<&str> = got
        .hash_lines
        .iter()
        .map(|h| &s.text()[h.hashes.clone()])
        .collect();
    assert_eq!(hashes, ["##"]);
    assert!(
        s.text().contains("\r##x\r"),
        "the text keeps its own line endings"
    );
}

#[test]
fn front_matter_is_only_at_the_top() {
    // Further down, `---` lines are rules and setext underlines, as GitHub
    // renders them: the headings between them count.
    let (_, d) = doc("# Log\n\n---\n## 2023.1.5\nnotes\n---\n\n## 2023.1.3\n");
    assert_eq!(
        heading_texts(&d),
        [(1, "Log"), (2, "2023.1.5"), (2, "notes"), (2, "2023.1.3")]
    );
    assert!(d.excluded.is_empty());
    let (_, d) = doc("+++\ntitle = 1\n+++\n\n+++\n# A\n+++\n");
    assert_eq!(heading_texts(&d), [(1, "A")]);
    assert_eq!(d.excluded.len(), 1);
    // YAML may close with `...`; a blank first line means no front matter.
    let (_, d) = doc("---\ntitle: x\n...\n# A\n");
    assert_eq!(
        (d.excluded[0].range.clone(), d.excluded[0].kind),
        (0..16, ExcludedKind::FrontMatter)
    );
    let (_, d) = doc("---\n\n# A\n---\n");
    assert_eq!(heading_texts(&d), [(1, "A")]);
    assert!(d.excluded.is_empty());
}

#[test]
fn toml_front_matter_and_bom() {
    let (s, d) = doc("\u{feff}+++\ntitle = 1\n+++\n# A\n");
    assert_eq!(heading_texts(&d), [(1, "A")]);
    assert_eq!(d.excluded[0].kind, ExcludedKind::FrontMatter);
    let h = &d.headings.all()[0];
    assert_eq!(&s.text()[h.range.clone()], "# A");
    assert_eq!(s.line_col(h.range.start).line, 4);
    assert!(d.is_excluded(4));
}

#[test]
fn a_bom_does_not_hide_the_first_heading() {
    let (s, d) = doc("\u{feff}# Title\n");
    assert_eq!(heading_texts(&d), [(1, "Title")]);
    assert_eq!(s.line_col(d.headings.all()[0].range.start).column, 1);
}

#[test]
fn outline_parents_sections_and_siblings() {
    let text = "# Log\n## 2023.6.18\n### a\n## 2023.6.10\n# Other\n## 2023.6.9\n> ## 2023.6.8\n";
    let (s, d) = doc(text);
    let h = d.headings.all();
    let parents: Vec<Option<usize>> = h.iter().map(|x| x.parent).collect();
    assert_eq!(
        parents,
        [None, Some(0), Some(1), Some(0), None, Some(4), None]
    );
    assert!(h[6].nested);
    assert_eq!(&s.text()[h[1].section()], "## 2023.6.18\n### a\n");
    assert_eq!(h[5].section_end, text.len());
    let groups = d
        .headings
        .sibling_groups(|_, x| d.headings.text(x).starts_with("2023"));
    assert_eq!(groups, [vec![1, 3], vec![5]]);
}

#[test]
fn tight_list_item_text_is_a_text_block() {
    let (s, d) = doc("- ##a\n- b\n  - c\n\npara\n");
    let blocks: Vec<&str> = d
        .text_blocks
        .iter()
        .map(|b| &s.text()[b.range.clone()])
        .collect();
    assert_eq!(blocks, ["##a", "b", "c", "para"]);
}

#[test]
fn hash_lines_only_in_text() {
    let text = "##2023.6.18\n\n```\n##code\n```\n\n<!-- ##comment -->\n\n- #tag\n> ##quote\n\ntext\n#second-line\n";
    let (s, d) = doc(text);
    let found: Vec<(&str, bool, bool)> = d
        .hash_lines
        .iter()
        .map(|h| {
            (
                &s.text()[h.hashes.clone()],
                h.after_list_marker,
                h.own_block,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("##", false, true),
            ("#", true, true),
            ("##", false, true),
            ("#", false, false)
        ]
    );
}

#[test]
fn empty_headings() {
    let (_, d) = doc("##\n## <img src=x>\n#\n");
    let empty: Vec<bool> = d.headings.all().iter().map(|h| h.empty).collect();
    assert_eq!(empty, [true, false, true]);
}

#[test]
fn unterminated_comment_and_fence_run_to_the_end() {
    let (_, d) = doc("# A\n<!-- open\n## 2023.6.1\n");
    assert_eq!(heading_texts(&d), [(1, "A")]);
    let (_, d) = doc("# A\n```\n## 2023.6.1\n");
    assert_eq!(heading_texts(&d), [(1, "A")]);
}

#[test]
fn suppressions() {
    let text = "<!-- weeklint-disable-next-line date-order -->\nx\n<!-- weeklint-disable -->\ny\n<!-- weeklint-enable date-order -->\nz\n<!-- weeklint-disable date-ordr, heading-space -->\n<!-- weeklint-disabel -->\n";
    let (s, d) = doc(text);
    let sup = &d.suppressions;
    let at = |needle: &str| {
        let o = s.text().find(needle).unwrap_or(0);
        (o, s.line_index(o))
    };
    let (x, xl) = at("x\n");
    assert!(sup.is_suppressed("date-order", x, xl));
    assert!(!sup.is_suppressed("heading-space", x, xl));
    let (y, yl) = at("y\n");
    assert!(sup.is_suppressed("date-order", y, yl));
    assert!(sup.is_suppressed("heading-space", y, yl));
    let (z, zl) = at("z\n");
    assert!(!sup.is_suppressed("date-order", z, zl));
    assert!(sup.is_suppressed("heading-space", z, zl));
    let unknown: Vec<(&str, bool)> = sup
        .unknown
        .iter()
        .map(|u| (&s.text()[u.span.clone()], u.is_directive))
        .collect();
    assert_eq!(unknown, [("date-ordr", false), ("weeklint-disabel", true)]);
}

#[test]
fn disable_file() {
    let (s, d) = doc("# A\n<!-- weeklint-disable-file single-title -->\n");
    assert!(d.suppressions.is_suppressed("single-title", 0, 0));
    assert!(!d.suppressions.is_suppressed("date-order", 0, 0));
    assert_eq!(s.line_count(), 2);
}

#[test]
fn task_items_with_marker_box_and_list_kind() {
    // Found by fuzzing: an indented item's range starts with its indentation.
    let text = "- [ ] a\n* [x] b\n\n12) [X] c\n\n> + [ ] d\n\n - [ ] loose\n\n   more\n";
    let (s, d) = doc(text);
    let found: Vec<(&str, &str, bool, bool)> = d
        .tasks
        .items
        .iter()
        .map(|t| {
            (
                &s.text()[t.marker.clone()],
                &s.text()[t.checkbox.clone()],
                t.ordered,
                t.checked,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("-", "[ ]", false, false),
            ("*", "[x]", false, true),
            ("12)", "[X]", true, true),
            ("+", "[ ]", false, false),
            ("-", "[ ]", false, false),
        ]
    );
    assert_eq!(&s.text()[d.tasks.items[2].mark()], "X");
    // A nested item in CRLF text: its range starts at the `\n` before it.
    let (s, d) = doc("- [ ] a\r\n\t* [ ] b\r\n");
    let markers: Vec<&str> = d
        .tasks
        .items
        .iter()
        .map(|t| &s.text()[t.marker.clone()])
        .collect();
    assert_eq!(markers, ["-", "*"]);
}

#[test]
fn malformed_task_boxes_come_from_the_line_scan() {
    let text = "-[ ] a\n\n- [ x] b\n- [ ] c\n[] d\n\n<!-- x\n[ ] in a comment -->\n";
    let (s, d) = doc(text);
    let found: Vec<(Option<&str>, bool, &str, bool)> = d
        .tasks
        .malformed
        .iter()
        .map(|b| {
            (
                b.marker.clone().map(|m| &s.text()[m]),
                b.glued,
                &s.text()[b.checkbox.clone()],
                b.checked,
            )
        })
        .collect();
    // `[] d` is read as more text of item `c`.
    assert_eq!(
        found,
        [
            (Some("-"), true, "[ ]", false),
            (Some("-"), false, "[ x]", true),
            (None, false, "[]", false),
        ]
    );
}

#[test]
fn lines_inside_an_inline_comment_are_not_scanned() {
    let (_, d) = doc("text <!--\n##not-a-heading\n-->\n");
    assert!(d.hash_lines.is_empty());
}

/// Where `leading_events` ends the piece `text`, and the source of the
/// last block it hands over.
fn cut_of(text: &str) -> Option<(usize, String)> {
    let (events, cut) = pieces::leading_events(text)?;
    let (_, last) = events.last()?;
    Some((cut, text[last.clone()].to_string()))
}

#[test]
fn a_piece_ends_before_its_last_top_level_heading() {
    let text = "# Log\n\nintro\n\n## 2023.6.18\n\nnotes\n\n## 2023.6.10\n\nmore\n";
    let cut = text.find("## 2023.6.10").expect("in the text");
    assert_eq!(cut_of(text), Some((cut, "notes\n".to_string())));
}

#[test]
fn a_piece_never_ends_at_a_heading_that_is_not_one_in_the_whole_file() {
    // `#` lines in a fence, an HTML block, a list item and a block quote.
    for text in [
        "aaaaaaaaaaaaaaaaaaaa\n\n```sh\n# install\nmake\n```\n",
        "aaaaaaaaaaaaaaaaaaaa\n\n<div>\n# in html\n</div>\n\n",
        "aaaaaaaaaaaaaaaaaaaa\n\n<!--\n# in a comment\n-->\n",
        "aaaaaaaaaaaaaaaaaaaa\n\n- item\n  # in the item\n  more\n",
        "aaaaaaaaaaaaaaaaaaaa\n\n> quote\n> # in the quote\n> more\n",
    ] {
        assert_eq!(cut_of(text), None, "{text:?}");
    }
    // The line after the heading is not in the piece: it might make the
    // heading line something else.
    assert_eq!(cut_of("aaaaaaaaaaaaaaaaaaaa\n\n# a | b\n"), None);
    // In the first half: too little would be handed over.
    assert_eq!(cut_of("# a\n\naaaaaaaaaaaaaaaaaaaa\n"), None);
}

#[test]
fn a_piece_is_parsed_only_if_a_line_in_its_second_half_opens_like_a_heading() {
    let yes = ["text\n# a\n", "text\n##\n", "text\n###\tb", "text\n######"];
    let no = [
        "text\n#a\n",
        "text\n####### a\n",
        "# a\ntext\n",
        "text # a\n",
        "a\n  # b\n",
    ];
    for text in yes {
        assert!(pieces::has_heading_line(text, 0), "{text:?}");
        assert!(pieces::has_heading_line(text, 5), "{text:?}");
        assert!(!pieces::has_heading_line(text, 6), "{text:?}");
    }
    for text in no {
        assert!(!pieces::has_heading_line(text, 0), "{text:?}");
    }
}

/// Lines a journal is made of, with everything that can span a line a
/// piece might end at: fences, HTML blocks, comments, lists, quotes,
/// tables, setext underlines, front matter.
const PIECE_LINES: [&str; 44] = [
    "# Log",
    "## 2023.6.18",
    "## 2023.6.10 CLIP",
    "##2023.6.1",
    "### Notes",
    "#",
    "# a | b",
    "|---|---|",
    "| c | d |",
    "a | b",
    "Setext",
    "===",
    "---",
    "+++",
    "",
    "",
    "",
    "plain text, 中文笔记",
    "**bold** and `code` <span>x</span>",
    "see <img src=\"pic/a.png\" width=\"300\"> here",
    "<img src=\"pic/b.png\"",
    "alt=\"x\">",
    "![a](pic/c.png)",
    "![a][ref]",
    "[link](https://example.com) [^1]",
    "- [ ] todo",
    "- [] glued",
    "-[x] done",
    "* item",
    "  - nested",
    "1. one",
    "> quote",
    "> # quoted heading",
    "```",
    "~~~",
    "    indented code",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<!-- weeklint-disable date-order -->",
    "<pre>",
    "</pre>",
    "\\# escaped",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Parsing in pieces of any size gives the model of the whole parse.
    #[test]
    fn pieces_give_the_model_of_the_whole_parse(
        lines in proptest::collection::vec(0..PIECE_LINES.len(), 0..80),
        crlf in proptest::bool::ANY,
        bom in proptest::bool::ANY,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.extend(lines.iter().map(|&i| format!("{}{eol}", PIECE_LINES[i])));
        let source = Source::new(text.clone());
        let whole = format!("{:?}", Document::parse_in_pieces(&source, text.len() + 1));
        for piece in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
            let split = format!("{:?}", Document::parse_in_pieces(&source, piece));
            proptest::prop_assert_eq!(&split, &whole, "piece {}", piece);
        }
    }
}

#[test]
fn a_long_journal_in_pieces_matches_the_whole_parse() {
    let mut text = String::from("# Log\n\n- [ ] pending\n- [] glued\n\n");
    for d in (1..=28).rev() {
        text.push_str(&format!(
            "## 2023.2.{d}\n\nNotes <img src=\"pic/{d}.png\">\n\n```py\n# not a heading\n```\n\n"
        ));
    }
    let source = Source::new(text.clone());
    let whole = Document::parse_in_pieces(&source, text.len());
    assert_eq!(whole.headings.all().len(), 29);
    let split = Document::parse_in_pieces(&source, 64);
    assert_eq!(format!("{split:?}"), format!("{whole:?}"));
    // And with a reference definition anywhere, it is parsed whole.
    assert!(pieces::may_split(&text));
    assert!(!pieces::may_split(&format!("{text}[ref]: pic/a.png\n")));
}

#[test]
fn find_short_finds_the_first_occurrence() {
    assert_eq!(find_short(b"a<b<!-- c <!--", b"<!--"), Some(3));
    assert_eq!(find_short(b"<!-", b"<!--"), None);
    assert_eq!(find_short(b"x---->", b"-->"), Some(3));
    assert_eq!(find_short(b"", b"-->"), None);
}

#[test]
fn link_definitions_and_release_references() {
    let text = "\u{feff}## [1.2.0] - 2019\n## [Unreleased]\nSee [v1.0.0][] and [docs].\n\
                ```\n[9.9.9]: in code\n```\n\n  [1.2.0]: https://x\n[unreleased]:\n  https://y \"t\"\n\
                [v1.0.0]: z\n[docs]: d\n[1.2.0]: again\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let defs: Vec<(&str, &str)> = doc
        .links
        .definitions
        .iter()
        .map(|d| (d.label.as_str(), &source.text()[d.range.clone()]))
        .collect();
    assert_eq!(
        defs,
        [
            ("1.2.0", "[1.2.0]: https://x"),
            ("unreleased", "[unreleased]:\n  https://y \"t\""),
            ("v1.0.0", "[v1.0.0]: z"),
            ("docs", "[docs]: d"),
        ]
    );
    // Only the labels that could name a release.
    assert_eq!(doc.links.release_refs, ["1.2.0", "Unreleased", "v1.0.0"]);
    assert!(doc.links.is_referenced("UNRELEASED"));
    assert!(!doc.links.is_referenced("docs"));
    assert_eq!(
        doc.links.definition("Unreleased").map(|d| d.label.as_str()),
        Some("unreleased")
    );
    assert!(crate::document::same_label("Foo  bar", "foo Bar"));
}
