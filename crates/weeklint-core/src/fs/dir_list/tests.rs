use std::ffi::OsStr;

use super::*;

#[test]
fn listings_are_sorted_by_name_bytes() {
    // Long shared prefixes, names that are prefixes of others, bytes
    // past ASCII, and a first byte past 0x7F.
    let mut names = vec![
        "screenshot-2023-06-18b.png",
        "screenshot-2023-06-18.png",
        "screenshot-2023-06-1.png",
        "a",
        "ab",
        "a.png",
        "A.png",
        "é.png",
        "e\u{301}.png",
        "zz",
        "Z",
        "",
        "abcdefgh",
        "abcdefg",
        "abcdefghi",
    ];
    let list = DirList::new(names.iter().rev().map(|n| Entry {
        name: OsStr::new(n),
        kind: EntryKind::File,
        link: false,
    }));
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let listed: Vec<_> = list.entries().map(|e| e.name.to_str()).collect();
    let names: Vec<_> = names.into_iter().map(Some).collect();
    assert_eq!(listed, names);
}

#[test]
fn scans_and_indexes_answer_alike() {
    let names = [
        "a.png",
        "A.png",
        "a.PNG",
        "b.png",
        "B.jpg",
        "Straße.png",
        "STRASSE.png",
        "straße.PNG",
        "ΣΟΦΙΑ.png",
        "σοφια.png",
        "ÉTÉ.png",
        "été.png",
        ".a.png",
        "fig-1.png",
        "Fig-2.png",
        "fig-10.png",
        "dir.png",
        "Dir.PNG",
    ];
    // Every name, and the ASCII ones alone (a folder scanned by bytes).
    let ascii: Vec<&str> = names.into_iter().filter(|n| n.is_ascii()).collect();
    let compare = |names: &[&str]| {
        let make = || {
            DirList::new(names.iter().map(|n| Entry {
                name: OsStr::new(n),
                kind: if n.starts_with("dir") || n.starts_with("Dir") {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                },
                link: false,
            }))
        };
        let queries = [
            "A.PNG",
            "b.PNG",
            "b.jpg",
            "straße.png",
            "STRASSE.PNG",
            "σοφια.PNG",
            "ΣΟΦΙΑ.PNG",
            "ÉTÉ.PNG",
            ".A.png",
            "fig-3.png",
            "FIG-1.png",
            "dir.png",
            "nothing-like-it.gif",
            "",
        ];
        let answer = |list: &DirList, q: &str| -> (Vec<String>, Option<String>) {
            let name = |e: Entry<'_>| e.name.to_string_lossy().into_owned();
            let folded = list.get_folded(q).into_iter().map(name).collect();
            (folded, list.nearest_file(q).map(name))
        };
        // Each query on a fresh listing: a scan, as the listing shows after.
        let scanned: Vec<_> = queries
            .iter()
            .map(|q| {
                let list = make();
                let a = answer(&list, q);
                assert!(list.folded.get().is_none() && list.suggestions.get().is_none());
                a
            })
            .collect();
        let list = make();
        for _ in 0..SCANS_BEFORE_INDEX {
            list.get_folded("warm-up");
        }
        assert!(list.folded.get().is_none() && list.suggestions.get().is_none());
        let indexed: Vec<_> = queries.iter().map(|q| answer(&list, q)).collect();
        assert!(list.folded.get().is_some() && list.suggestions.get().is_some());
        assert_eq!(scanned, indexed);
        (list.ascii, indexed)
    };
    let (all_ascii, indexed) = compare(&names);
    assert!(!all_ascii);
    let (all_ascii, ascii_indexed) = compare(&ascii);
    assert!(all_ascii);
    // The answers themselves, as the index gives them.
    assert_eq!(indexed[0].0, ["A.png", "a.PNG", "a.png"]);
    assert_eq!(indexed[3].0, ["Straße.png", "straße.PNG"]);
    assert_eq!(indexed[4].0, ["STRASSE.png"]);
    assert_eq!(indexed[5].0, ["ΣΟΦΙΑ.png", "σοφια.png"]);
    assert_eq!(indexed[8].0, [".a.png"]);
    assert_eq!(indexed[9].1.as_deref(), Some("Fig-2.png"));
    assert_eq!(indexed[11].0, ["Dir.PNG", "dir.png"]);
    assert_eq!(indexed[12], (vec![], None));
    assert_eq!(ascii_indexed[0].0, ["A.png", "a.PNG", "a.png"]);
    // `ß` is two edits from `ss`: near, but not the same name.
    assert_eq!(ascii_indexed[3], (vec![], Some("STRASSE.png".to_string())));
    assert_eq!(ascii_indexed[4].0, ["STRASSE.png"]);
    assert_eq!(ascii_indexed[9].1.as_deref(), Some("Fig-2.png"));
    assert_eq!(ascii_indexed[11].0, ["Dir.PNG", "dir.png"]);
}

#[test]
fn nearest_file_is_the_first_by_name_at_the_fewest_edits() {
    let entry = |name: &'static str, kind| Entry {
        name: OsStr::new(name),
        kind,
        link: false,
    };
    let list = DirList::new([
        entry("f4-5.png", EntryKind::File),
        entry("f44-5.png", EntryKind::Dir),
        entry("f44-6.png", EntryKind::File),
        entry("f0-0.png", EntryKind::File),
        entry(".f44-5.png", EntryKind::File),
        entry("F44-7.png", EntryKind::File),
    ]);
    let nearest = |name: &str| list.nearest_file(name).map(|e| e.name.to_string_lossy());
    // One edit from `F44-7.png`, `f4-5.png` and `f44-6.png`: the first
    // by name wins; folders and hidden files are never suggested.
    assert_eq!(nearest("f44-5.png").as_deref(), Some("F44-7.png"));
    assert_eq!(nearest("f0-1.png").as_deref(), Some("f0-0.png"));
    // A file of the same name in other letter case is nearer still.
    assert_eq!(nearest("F4-5.PNG").as_deref(), Some("f4-5.png"));
    assert_eq!(nearest("zzzzzzzz.jpg"), None);
}

proptest::proptest! {
    // Near names everywhere: a small alphabet in two letter cases, some
    // hidden names and folders, scanned and indexed listings alike.
    #[test]
    fn nearest_file_is_the_first_file_at_the_fewest_edits(
        names in proptest::collection::btree_set("[aAb.]{0,5}", 0..12),
        folders in proptest::collection::vec(proptest::bool::ANY, 12),
        query in "[aAb.]{0,5}",
    ) {
        let entries: Vec<Entry<'_>> = names
            .iter()
            .zip(&folders)
            .map(|(n, &folder)| Entry {
                name: OsStr::new(n),
                kind: if folder { EntryKind::Dir } else { EntryKind::File },
                link: false,
            })
            .collect();
        let folded = |s: &str| s.to_ascii_lowercase();
        // By hand: among files not hidden, the fewest edits within the
        // limit, the first by name on a tie.
        let limit = (query.len() / 3).max(1);
        let list = DirList::new(entries.iter().copied());
        let mut want: Option<(usize, String)> = None;
        for e in list.entries() {
            let n = e.name.to_string_lossy();
            if e.kind != EntryKind::File || n.starts_with('.') {
                continue;
            }
            let d = crate::suggest::edit_distance(&folded(&n), &folded(&query));
            if d <= limit && want.as_ref().is_none_or(|(best, _)| d < *best) {
                want = Some((d, n.into_owned()));
            }
        }
        let want = want.map(|(_, n)| n);
        let got = |list: &DirList| list.nearest_file(&query).map(|e| e.name.to_string_lossy().into_owned());
        proptest::prop_assert_eq!(got(&list), want.as_ref().cloned());
        let indexed = DirList::new(entries.iter().copied());
        for _ in 0..SCANS_BEFORE_INDEX {
            indexed.get_folded("warm-up");
        }
        proptest::prop_assert_eq!(got(&indexed), want);
    }
}
