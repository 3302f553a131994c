//! "Did you mean …?": the nearest name by edit distance.

/// Levenshtein distance in characters, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (mut fa, mut fb) = (String::new(), String::new());
    fold_into(&mut fa, a);
    fold_into(&mut fb, b);
    strsim::levenshtein(&fa, &fb)
}

/// Levenshtein distance of `a` and `b` if it is at most `max`, else
/// `None`. strsim fills the whole table; the cheap tests first spare it
/// most candidates of a folder.
fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    // A common prefix or suffix costs nothing: names in one folder share
    // most of theirs (`f12-3.png`, `f12-4.png`), leaving a tiny table.
    // Compared by bytes, then cut at a character boundary: one in `a` is
    // one in `b` too, as their bytes agree up to it.
    let mut prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let mut suffix = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - suffix) {
        suffix -= 1;
    }
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    if len_a.abs_diff(len_b) > max {
        return None;
    }
    // What is left differs in its first and last characters, so it is one
    // edit apart only when each side is at most one character (the
    // common case once a near name is found: no table at all).
    if max <= 1 {
        let d = len_a.max(len_b);
        return (len_a <= 1 && len_b <= 1 && d <= max).then_some(d);
    }
    if bag_distance(a, b).is_some_and(|d| d > max) {
        return None;
    }
    Some(strsim::levenshtein(a, b)).filter(|&d| d <= max)
}

/// A lower bound of the edit distance of two short ASCII texts, from the
/// characters each has more of than the other: an edit takes away at most
/// one such character from each side. `week-99999` and `week-00045` have
/// five `9`s the other lacks, so they are at least five edits apart; the
/// bound spares most candidates of a search the distance table.
fn bag_distance(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() || a.len() > 127 || b.len() > 127 {
        return None;
    }
    let mut count = [0i8; 128];
    for c in a.bytes() {
        count[usize::from(c)] += 1;
    }
    for c in b.bytes() {
        count[usize::from(c)] -= 1;
    }
    // Each character's surplus, taken once: the texts are short, the table
    // is not gone through.
    let mut surplus = |text: &str, sign: i8| {
        let mut n = 0;
        for c in text.bytes() {
            let k = &mut count[usize::from(c)];
            if *k * sign > 0 {
                n += usize::from(k.unsigned_abs());
                *k = 0;
            }
        }
        n
    };
    let more = surplus(a, 1);
    let fewer = surplus(b, -1);
    Some(more.max(fewer))
}

/// The candidate nearest to `name`, if it is near enough to be a likely
/// typo (at most a third of the name's length, and at least 1 edit allowed).
/// Ties go to the first candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut folded = String::new();
    let mut best = None;
    let mut search = Search::new(name);
    for c in candidates {
        folded.clear();
        fold_into(&mut folded, c);
        if search.offer(&folded) {
            best = Some(c);
        }
        if search.exact() {
            break;
        }
    }
    best
}

/// Append `name` as names are compared: each character lowercase.
pub fn fold_into(out: &mut String, name: &str) {
    if name.is_ascii() {
        // Byte by byte, as most names are.
        let from = out.len();
        out.push_str(name);
        out[from..].make_ascii_lowercase();
    } else {
        // Not `str::to_lowercase`: a final `Σ` folds to `σ` like any other.
        out.extend(name.chars().flat_map(char::to_lowercase));
    }
}

/// A search for the name nearest to one name, fed candidates already
/// folded with [`fold_into`] (a folder's listing folds its names once for
/// all the missing images that point into it).
#[derive(Debug)]
pub struct Search {
    name: String,
    limit: usize,
    best: Option<usize>,
}

impl Search {
    /// Start a search for the names nearest to `name`.
    pub fn new(name: &str) -> Self {
        let mut folded = String::new();
        fold_into(&mut folded, name);
        Search {
            name: folded,
            limit: (name.chars().count() / 3).max(1),
            best: None,
        }
    }

    /// Whether `candidate` is nearer than every earlier one (and near
    /// enough at all).
    pub fn offer(&mut self, candidate: &str) -> bool {
        // Only a strictly better candidate matters after the first.
        let max = self.best.map_or(self.limit, |d| d.saturating_sub(1));
        if self.exact() {
            return false;
        }
        match bounded_distance(&self.name, candidate, max) {
            Some(d) => {
                self.best = Some(d);
                true
            }
            None => false,
        }
    }

    /// Whether an exact (case-insensitive) match was found: nothing can beat it.
    pub fn exact(&self) -> bool {
        self.best == Some(0)
    }

    /// Whether a candidate at most `distance` edits away was found.
    pub fn within(&self, distance: usize) -> bool {
        self.best.is_some_and(|d| d <= distance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("date-ordr", "date-order"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("CLIPasso1", "clipasso1"), 0);
    }

    #[test]
    fn the_bag_distance_bounds_the_edit_distance_from_below() {
        assert_eq!(bag_distance("99999", "00045"), Some(5));
        assert_eq!(bag_distance("pending", "2023618"), Some(7));
        assert_eq!(bag_distance("kitten", "sitting"), Some(3));
        assert_eq!(bag_distance("listen", "silent"), Some(0));
        assert_eq!(bag_distance("é", "e"), None);
    }

    #[test]
    fn bounded_distance_gives_up_beyond_the_bound() {
        assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_distance("kitten", "sitting", 2), None);
        assert_eq!(bounded_distance("a", "abcd", 2), None);
        assert_eq!(bounded_distance("", "", 0), Some(0));
    }

    proptest::proptest! {
        // Small alphabets make shared prefixes, suffixes and repeats
        // (`aab` against `ab`) common, where trimming could go wrong;
        // `é` and `è` share their first byte, `é` and `ĩ` their last.
        #[test]
        fn bounded_distance_is_the_distance_within_the_bound(
            a in "[ab.]{0,7}",
            b in "[ab.]{0,7}",
            max in 0usize..5,
        ) {
            let d = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(bounded_distance(&a, &b, max), (d <= max).then_some(d));
        }

        #[test]
        fn the_bag_distance_is_at_most_the_distance(a in "[ab.c]{0,9}", b in "[ab.c]{0,9}") {
            let d = strsim::levenshtein(&a, &b);
            proptest::prop_assert!(bag_distance(&a, &b).is_some_and(|bag| bag <= d));
        }

        #[test]
        fn bounded_distance_cuts_between_characters(
            a in "[aéèĩ]{0,6}",
            b in "[aéèĩ]{0,6}",
            max in 0usize..5,
        ) {
            let d = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(bounded_distance(&a, &b, max), (d <= max).then_some(d));
        }
    }

    #[test]
    fn closest_prefers_the_nearest_and_the_first_of_equals() {
        let names = ["f1-10.png", "f1-12.png", "f1-2.png", "f1-1.png"];
        assert_eq!(closest("f1-1.png", names), Some("f1-1.png"));
        assert_eq!(closest("f1-11.png", names), Some("f1-10.png"));
        assert_eq!(closest("F1-2.PNG", names), Some("f1-2.png"));
    }

    #[test]
    fn closest_picks_a_likely_typo_only() {
        let names = ["date-order", "date-format", "duplicate-date"];
        assert_eq!(closest("date-ordr", names), Some("date-order"));
        assert_eq!(closest("dateformat", names), Some("date-format"));
        assert_eq!(closest("images", names), None);
    }
}
