//! The anchors of a document as GitHub makes them: one per heading, by
//! github-slugger's algorithm (GitHub's own), and the explicit `id` and
//! `<a name>` anchors of its HTML.

mod removed;

use std::hash::BuildHasher;
use std::sync::OnceLock;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::Document;

/// The anchor GitHub gives a heading whose text is `text`, before repeats
/// are numbered: lower case; every character that is not a letter, mark,
/// number, connector (`_`), `-` or space removed; spaces made `-`.
///
/// ```
/// use weeklint_core::document::slug;
/// assert_eq!(slug("2023.6.18 CLIP"), "2023618-clip");
/// assert_eq!(slug("中文 标题！"), "中文-标题");
/// assert_eq!(slug("🎉 Party time"), "-party-time");
/// ```
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    slug_into(&mut out, text);
    out
}

/// [`slug`], appended to `out`.
fn slug_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        for b in text.bytes() {
            match b {
                b' ' => out.push('-'),
                b'-' | b'_' | b'0'..=b'9' | b'a'..=b'z' => out.push(b as char),
                b'A'..=b'Z' => out.push(b.to_ascii_lowercase() as char),
                _ => {}
            }
        }
        return;
    }
    // The whole text at once, as JavaScript's `toLowerCase` does: a
    // final sigma depends on what follows it.
    for c in text.to_lowercase().chars() {
        if c == ' ' {
            out.push('-');
        } else if !is_removed(c) {
            out.push(c);
        }
    }
}

/// Whether github-slugger leaves `c` out of an anchor.
fn is_removed(c: char) -> bool {
    let c = c as u32;
    let i = removed::REMOVED.partition_point(|&(start, _)| start <= c);
    i > 0 && removed::REMOVED[i - 1].1 >= c
}

/// Anchors for the headings of one page, numbered as GitHub numbers
/// repeats: the second `Notes` is `notes-1`, the third `notes-2`.
///
/// The anchors are kept one after another in one text, found by a table
/// of their positions: a page's anchors are a few allocations, not one
/// per heading, and a run keeps those of every page linked to.
#[derive(Debug, Default)]
pub struct Slugger {
    /// Every anchor given, one after another, each ending at its `ends`.
    texts: String,
    ends: Vec<u32>,
    /// Each anchor's index in `ends`, hashed by its text, with the count
    /// of repeats of it as a base.
    by_text: HashTable<(u32, u32)>,
}

impl Slugger {
    /// The anchor of the next heading, whose text is `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let i = self.add(text);
        self.get(i).to_string()
    }

    /// The `i`th anchor given.
    fn get(&self, i: usize) -> &str {
        anchor_at(&self.texts, &self.ends, i)
    }

    /// Every anchor, in the order given.
    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// Whether `anchor` was given.
    fn contains(&self, anchor: &str) -> bool {
        is_taken(&self.by_text, &self.texts, &self.ends, anchor)
    }

    /// [`Slugger::slug`], keeping the anchor only here: its index.
    fn add(&mut self, text: &str) -> usize {
        let start = self.texts.len();
        slug_into(&mut self.texts, text);
        let base_end = self.texts.len();
        let Slugger {
            texts,
            ends,
            by_text,
        } = self;
        let base_hash = hash(&texts[start..]);
        let is_base =
            |texts: &str, i: u32| anchor_at(texts, ends, i as usize) == &texts[start..base_end];
        if by_text
            .find(base_hash, |&(i, _)| is_base(texts, i))
            .is_some()
        {
            // As github-slugger: a numbered anchor may itself be taken by a
            // heading written that way (`a`, `a`, `a-1` give `a-1-1`).
            loop {
                let n = by_text
                    .find_mut(base_hash, |&(i, _)| is_base(texts, i))
                    .map_or(1, |(_, n)| {
                        *n += 1;
                        *n
                    });
                texts.truncate(base_end);
                texts.push('-');
                texts.push_str(&n.to_string());
                if !is_taken(by_text, texts, ends, &texts[start..]) {
                    break;
                }
            }
        }
        self.push_anchor(start)
    }

    /// Keep `texts[start..]` as the next anchor: its index.
    fn push_anchor(&mut self, start: usize) -> usize {
        let i = self.ends.len();
        // A page is far smaller than 4 GB (`files.max-size`).
        self.ends
            .push(u32::try_from(self.texts.len()).unwrap_or(u32::MAX));
        let Slugger {
            texts,
            ends,
            by_text,
        } = self;
        let h = hash(&texts[start..]);
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        by_text.insert_unique(h, (index, 0), |&(j, _)| {
            hash(anchor_at(texts, ends, j as usize))
        });
        i
    }

    /// Add `id`, an explicit anchor, unless an anchor is written so.
    fn add_id(&mut self, id: &str) {
        if !self.contains(id) {
            let start = self.texts.len();
            self.texts.push_str(id);
            self.push_anchor(start);
        }
    }
}

/// Whether `anchor` is among those `by_text` finds in `texts`.
fn is_taken(by_text: &HashTable<(u32, u32)>, texts: &str, ends: &[u32], anchor: &str) -> bool {
    by_text
        .find(hash(anchor), |&(i, _)| {
            anchor_at(texts, ends, i as usize) == anchor
        })
        .is_some()
}

/// The `i`th of the anchors `texts` holds, ending at `ends`.
fn anchor_at<'a>(texts: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = i.checked_sub(1).map_or(0, |p| ends[p] as usize);
    texts.get(start..ends[i] as usize).unwrap_or_default()
}

fn hash(anchor: &str) -> u64 {
    FxBuildHasher.hash_one(anchor)
}

/// Every anchor a link's `#fragment` may name in one document.
///
/// Made cheaply for every linted page (the texts are kept, not slugged);
/// the anchors are worked out the first time a link asks, since most
/// pages are never linked to with a fragment.
#[derive(Debug, Default)]
pub struct Anchors {
    /// The headings' anchor texts, one after another, ending at `ends`.
    texts: String,
    ends: Vec<usize>,
    /// The explicit anchors.
    ids: Vec<Box<str>>,
    /// The headings' anchors, then the explicit ones not among them.
    made: OnceLock<Slugger>,
}

impl Anchors {
    /// The anchors of `doc`.
    pub fn of(doc: &Document) -> Anchors {
        let headings = doc.headings.all();
        let mut texts = String::new();
        let mut ends = Vec::with_capacity(headings.len());
        for h in headings {
            texts.push_str(doc.headings.anchor_text(h));
            ends.push(texts.len());
        }
        Anchors {
            texts,
            ends,
            ids: doc.links.ids.clone(),
            made: OnceLock::new(),
        }
    }

    fn made(&self) -> &Slugger {
        self.made.get_or_init(|| {
            let mut slugger = Slugger {
                texts: String::with_capacity(self.texts.len() + 8 * self.ends.len()),
                ends: Vec::with_capacity(self.ends.len() + self.ids.len()),
                by_text: HashTable::with_capacity(self.ends.len() + self.ids.len()),
            };
            let mut start = 0;
            for &end in &self.ends {
                slugger.add(&self.texts[start..end]);
                start = end;
            }
            for id in &self.ids {
                slugger.add_id(id);
            }
            slugger
        })
    }

    /// Whether `fragment` (percent-decoded) names an anchor exactly.
    pub fn contains(&self, fragment: &str) -> bool {
        self.made().contains(fragment)
    }

    /// Every anchor, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.made().iter()
    }

    /// The one anchor `fragment` names once written as GitHub writes
    /// anchors (`#2023.6.18` for `2023618`, `#Setup` for `setup`), if
    /// there is exactly one.
    pub fn normalized(&self, fragment: &str) -> Option<&str> {
        let wanted = slug(fragment);
        let lower = fragment.to_lowercase();
        let mut found = self
            .iter()
            .filter(|a| *a == wanted || a.to_lowercase() == lower);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The anchor nearest to `fragment` by edit distance, if one is near
    /// enough to be a likely meaning.
    pub fn nearest(&self, fragment: &str) -> Option<&str> {
        let wanted = slug(fragment);
        crate::suggest::closest(&wanted, self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        for (text, want) in [
            ("Hello World", "hello-world"),
            ("2023.6.18", "2023618"),
            ("What's new?", "whats-new"),
            ("C++ & Rust", "c--rust"),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            ("  two  spaces ", "--two--spaces-"),
            ("Über Café", "über-café"),
            ("日本語の見出し", "日本語の見出し"),
            ("Installation 🚀", "installation-"),
            ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("a\nb", "ab"),
        ] {
            assert_eq!(slug(text), want, "{text:?}");
        }
    }

    #[test]
    fn repeats_are_numbered_like_github_slugger() {
        let mut s = Slugger::default();
        let got: Vec<String> = ["Notes", "Notes", "notes-1", "Notes", "Other"]
            .iter()
            .map(|t| s.slug(t))
            .collect();
        assert_eq!(got, ["notes", "notes-1", "notes-1-1", "notes-2", "other"]);
    }

    #[test]
    fn a_fragment_is_normalized_to_one_anchor_or_none() {
        let doc = Document::parse(&crate::Source::new(
            "## 2023.6.18\n\n## Setup\n\n## setup\n".into(),
        ));
        let anchors = Anchors::of(&doc);
        assert_eq!(
            anchors.iter().collect::<Vec<_>>(),
            ["2023618", "setup", "setup-1"]
        );
        assert_eq!(anchors.normalized("2023.6.18"), Some("2023618"));
        assert_eq!(anchors.normalized("SETUP-1"), Some("setup-1"));
        assert_eq!(anchors.normalized("nothing"), None);
    }
}
