use super::*;
use crate::diagnostic::Diagnostic;

fn diag(rule: &'static str, fix: Fix) -> Diagnostic {
    Diagnostic::new(rule, fix.edits[0].range.clone(), "m").with_fix(fix)
}

fn apply(text: &str, fixes: &[(&'static str, Fix)]) -> Result<String, FixError> {
    let refs: Vec<(&'static str, &Fix)> = fixes.iter().map(|(r, f)| (*r, f)).collect();
    apply_fixes(text, &refs).map(|(t, _)| t)
}

#[test]
fn whole_fixes_apply_narrowest_first_and_an_overlapping_one_waits() {
    // `a` spans bytes 0..6, so the narrower `b` inside it goes first and
    // `a` waits whole, its insertion at 6 included.
    let a = Fix::safe("a", vec![Edit::replace(0..3, "ABC"), Edit::insert(6, "!")]);
    let b = Fix::safe("b", vec![Edit::replace(2..4, "xx")]);
    let c = Fix::safe("c", vec![Edit::insert(8, "?")]);
    assert_eq!(
        apply("abcdefgh", &[("r1", a), ("r2", b), ("r3", c)]).as_deref(),
        Ok("abxxefgh?")
    );
    // Equally wide: the earlier one wins.
    let d = Fix::safe("d", vec![Edit::replace(3..5, "DE")]);
    let e = Fix::safe("e", vec![Edit::replace(1..3, "BC")]);
    let f = Fix::safe("f", vec![Edit::replace(2..4, "cd")]);
    assert_eq!(
        apply("abcdefgh", &[("r", d), ("r", e), ("r", f)]).as_deref(),
        Ok("aBCDEfgh")
    );
}

#[test]
fn two_insertions_at_one_place_do_not_both_apply() {
    let a = Fix::safe("a", vec![Edit::insert(1, "1")]);
    let b = Fix::safe("b", vec![Edit::insert(1, "2")]);
    assert_eq!(apply("ab", &[("r", a), ("s", b)]).as_deref(), Ok("a1b"));
    // An insertion right after a replacement is not an overlap.
    let a = Fix::safe("a", vec![Edit::replace(0..1, "A")]);
    let b = Fix::safe("b", vec![Edit::insert(1, "-")]);
    assert_eq!(apply("ab", &[("r", a), ("s", b)]).as_deref(), Ok("A-b"));
}

#[test]
fn identical_fixes_are_applied_once_and_counted_for_each() {
    let f = Fix::safe("a", vec![Edit::replace(0..1, "X")]);
    let refs = [("r", &f), ("r", &f)];
    let (text, counts) = apply_fixes("ab", &refs).unwrap_or_default();
    assert_eq!(text, "Xb");
    assert_eq!(counts.get("r"), Some(&2));
}

#[test]
fn bad_edits_are_errors() {
    let past = Fix::safe("a", vec![Edit::replace(1..9, "")]);
    assert!(matches!(
        apply("abc", &[("r", past)]),
        Err(FixError::OutOfBounds {
            rule: "r",
            end: 9,
            ..
        })
    ));
    let inside = Fix::safe("a", vec![Edit::insert(1, "x")]);
    assert_eq!(
        apply("é", &[("r", inside)]),
        Err(FixError::NotCharBoundary {
            rule: "r",
            offset: 1
        })
    );
    let crossed = Fix::safe("a", vec![Edit::replace(2..3, ""), Edit::replace(0..1, "")]);
    assert_eq!(
        apply("abc", &[("r", crossed)]),
        Err(FixError::OverlappingEdits { rule: "r" })
    );
}

#[test]
fn loops_to_a_fixed_point_and_counts_fixes() {
    // Every `a` becomes `b`, but each fix also covers the next byte, so
    // neighbours overlap and wait for the next pass.
    let source = Source::new("aaa".to_string());
    let fixed = fix_with(&source, FixMode::Safe, |s| {
        let t = s.text();
        t.match_indices('a')
            .map(|(i, _)| {
                let end = (i + 2).min(t.len());
                let content = format!("b{}", &t[i + 1..end]);
                diag("ab", Fix::safe("b", vec![Edit::replace(i..end, content)]))
            })
            .collect()
    });
    let fixed = fixed.unwrap();
    assert_eq!(fixed.source.text(), "bbb");
    assert_eq!(fixed.passes, 2);
    assert_eq!(fixed.applied_count(), 3);
}

/// A rule that reports `fix` while the text is `a`, and nothing after.
fn a_to_b(rule: &'static str, fix: Fix) -> impl Fn(&Source) -> Vec<Diagnostic> {
    move |s: &Source| {
        if s.text() == "a" {
            vec![diag(rule, fix.clone())]
        } else {
            Vec::new()
        }
    }
}

#[test]
fn unsafe_fixes_need_unsafe_mode() {
    let source = Source::new("a".to_string());
    let lint = a_to_b("u", Fix::unsafe_("b", vec![Edit::replace(0..1, "b")]));
    let safe = fix_with(&source, FixMode::Safe, &lint).unwrap();
    assert_eq!(safe.source.text(), "a");
    assert_eq!(safe.diagnostics.len(), 1);
    let unsafe_ = fix_with(&source, FixMode::Unsafe, lint).unwrap();
    assert_eq!(unsafe_.source.text(), "b");
}

#[test]
fn fixes_that_undo_each_other_are_reported_as_a_cycle() {
    let source = Source::new("a".to_string());
    let result = fix_with(&source, FixMode::Safe, |s| {
        let (rule, to) = if s.text() == "a" {
            ("to-b", "b")
        } else {
            ("to-a", "a")
        };
        vec![diag(rule, Fix::safe("x", vec![Edit::replace(0..1, to)]))]
    });
    assert_eq!(
        result.map(|f| f.source.text().to_string()),
        Err(FixError::NoConvergence {
            passes: 2,
            rules: vec!["to-a", "to-b"]
        })
    );
}

#[test]
fn a_fix_that_never_settles_stops_after_the_pass_limit() {
    let source = Source::new("a".to_string());
    let fixed = fix_with(&source, FixMode::Safe, |s| {
        let n = s.text().len();
        vec![diag("grow", Fix::safe("x", vec![Edit::insert(n, "a")]))]
    })
    .unwrap();
    // Every pass made progress: the text so far comes back, marked.
    assert_eq!(fixed.source.text(), "a".repeat(MAX_PASSES + 1));
    assert_eq!(fixed.passes, MAX_PASSES);
    assert_eq!(fixed.unsettled, ["grow"]);
    assert_eq!(fixed.diagnostics.len(), 1);
}

#[test]
fn a_settled_fix_has_nothing_unsettled() {
    let source = Source::new("a".to_string());
    let lint = a_to_b("b", Fix::safe("b", vec![Edit::replace(0..1, "b")]));
    let fixed = fix_with(&source, FixMode::Safe, lint).unwrap();
    assert!(fixed.unsettled.is_empty());
    assert_eq!(fixed.passes, 1);
}

#[test]
fn a_fix_may_not_change_the_bom_final_newline_or_line_endings() {
    let cases = [
        ("\u{feff}a\n", Edit::replace(0..3, "")),
        ("a\n", Edit::replace(1..2, "")),
        ("a\r\nb\r\n", Edit::insert(1, "\n")),
        ("a\nb\n", Edit::insert(1, "\r\n")),
    ];
    for (text, edit) in cases {
        let source = Source::new(text.to_string());
        let e = edit.clone();
        let result = fix_with(&source, FixMode::Safe, |s| {
            if s.text() == text {
                vec![diag("bad", Fix::safe("x", vec![e.clone()]))]
            } else {
                Vec::new()
            }
        });
        assert!(
            matches!(result, Err(FixError::Changed { rule: "bad", .. })),
            "{text:?}"
        );
    }
}

#[test]
fn fix_source_hands_back_the_document_of_the_text_it_returns() {
    // Two passes: the heading gets its space, then, now a heading, is
    // moved into date order. The document must be the last pass's.
    let source = Source::new("# Log\n\n##2023.1.1\n\n## 2023.1.5\n\n## 2023.1.3\n".to_string());
    let fixed = fix_source(
        &source,
        Path::new("log.md"),
        &crate::config::Settings::default(),
        &crate::test_util::env(),
        FixMode::Safe,
    )
    .unwrap();
    let texts = |doc: &Document| -> Vec<String> {
        doc.headings
            .all()
            .iter()
            .map(|h| doc.headings.text(h).to_string())
            .collect()
    };
    let document = fixed
        .document
        .as_ref()
        .expect("fix_source keeps the document");
    assert_eq!(texts(document), texts(&Document::parse(&fixed.source)));
    // 2023.1.1 above 2023.1.5 and 2023.1.3: one pair each way, and the
    // first is older than the last, so oldest first.
    assert_eq!(texts(document), ["Log", "2023.1.1", "2023.1.3", "2023.1.5"]);
    assert_eq!(
        fixed.source.text(),
        "# Log\n\n## 2023.1.1\n\n## 2023.1.3\n\n## 2023.1.5\n"
    );
}

#[test]
fn late_fixes_apply_once_and_move_what_is_left() {
    // "See [a](p.md#A) and [b](p.md#bb), then [c](q.md#x)."
    let text = "See [a](p.md#A) and [b](p.md#bb), then [c](q.md#x).";
    let at = |s: &str| text.find(s).unwrap_or(0);
    let a = at("A)");
    let b = at("bb)");
    let x = at("x)");
    let found = vec![
        // Safe: applied in both modes.
        Diagnostic::new("dead-link", a..a + 1, "case")
            .with_fix(Fix::safe("use #a", vec![Edit::replace(a..a + 1, "aaa")])),
        // Unsafe: left in safe mode, moved by the edit before it.
        Diagnostic::new("dead-link", b..b + 2, "nearest")
            .with_fix(Fix::unsafe_("use #b", vec![Edit::replace(b..b + 2, "b")])),
    ];
    let Ok(Some(late)) = LateFixes::plan(text, &found, FixMode::Safe) else {
        panic!("a safe fix applies");
    };
    assert_eq!(
        late.text,
        "See [a](p.md#aaa) and [b](p.md#bb), then [c](q.md#x)."
    );
    assert_eq!(late.applied, 1);
    let mut left = found.clone();
    // The file's other diagnostics: one after the edit, one spanning it
    // (a label), and one whose fix touches the edited bytes (stale).
    let mut others = vec![
        Diagnostic::new("other", x..x + 1, "after")
            .with_fix(Fix::safe("t", vec![Edit::replace(x..x + 1, "y")])),
        Diagnostic::new("other", 0..text.len(), "whole"),
        Diagnostic::new("stale", a..a + 1, "same bytes")
            .with_fix(Fix::safe("t", vec![Edit::replace(a..a + 1, "Z")])),
    ];
    late.settle(&mut left, &mut others);
    let new = late.text.as_str();
    assert_eq!(left.len(), 1);
    assert_eq!(&new[left[0].span.clone()], "bb");
    let fix = left[0].fix.as_ref().map(|f| f.edits[0].range.clone());
    assert_eq!(fix.map(|r| &new[r]), Some("bb"));
    assert_eq!(&new[others[0].span.clone()], "x");
    let fix = others[0].fix.as_ref().map(|f| f.edits[0].range.clone());
    assert_eq!(fix.map(|r| &new[r]), Some("x"));
    assert_eq!(others[1].span, 0..new.len());
    // A span of exactly the edited bytes covers what replaced them.
    assert_eq!(&new[others[2].span.clone()], "aaa");
    assert!(
        others[2].fix.is_none(),
        "a fix for the text before is dropped"
    );

    // Unsafe mode takes both; nothing to do when no fix applies.
    let Ok(Some(late)) = LateFixes::plan(text, &found, FixMode::Unsafe) else {
        panic!("both fixes apply");
    };
    assert_eq!(
        late.text,
        "See [a](p.md#aaa) and [b](p.md#b), then [c](q.md#x)."
    );
    assert_eq!(late.applied, 2);
    assert!(matches!(
        LateFixes::plan(text, &found[1..], FixMode::Safe),
        Ok(None)
    ));
}

proptest::proptest! {
    // Edits of any lengths at any places (kept apart): every diagnostic
    // outside them still covers the same text after them.
    #[test]
    fn late_fixes_move_spans_to_the_same_text(
        text in "[a-z #\n]{1,60}",
        cuts in proptest::collection::vec((0usize..60, 0usize..4, "[A-Z]{0,5}"), 1..5),
        probe in (0usize..60, 0usize..10),
    ) {
        // Edits sorted and apart, each with a gap after it.
        let mut edits = Vec::new();
        let mut at = 0;
        let mut sorted = cuts.clone();
        sorted.sort();
        for (start, len, new) in sorted {
            let start = start.max(at);
            let end = (start + len).min(text.len());
            if start > text.len() {
                break;
            }
            edits.push(Edit::replace(start..end, new));
            at = end + 1;
        }
        if edits.is_empty() {
            return Ok(());
        }
        let found: Vec<Diagnostic> = edits
            .iter()
            .map(|e| Diagnostic::new("dead-link", e.range.clone(), "m")
                .with_fix(Fix::safe("f", vec![e.clone()])))
            .collect();
        let late = match LateFixes::plan(&text, &found, FixMode::Safe) {
            Ok(Some(late)) => late,
            // Refused whole (an edit took the final newline): nothing moves.
            Err(FixError::Changed { .. }) => return Ok(()),
            other => {
                return Err(proptest::test_runner::TestCaseError::fail(format!("{other:?}")));
            }
        };
        // A span that touches no edit.
        let start = probe.0.min(text.len());
        let end = (start + probe.1).min(text.len());
        let apart = edits.iter().all(|e| end < e.range.start || start > e.range.end);
        let mut left = found.clone();
        let mut others = vec![Diagnostic::new("other", start..end, "o")];
        late.settle(&mut left, &mut others);
        proptest::prop_assert!(left.is_empty());
        if apart {
            proptest::prop_assert_eq!(&late.text[others[0].span.clone()], &text[start..end]);
        }
    }
}
