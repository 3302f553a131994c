//! "Did you mean …?": the nearest name by edit distance.

/// Levenshtein distance in characters, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = fold(a).collect();
    let b: Vec<char> = fold(b).collect();
    let mut scratch = Vec::new();
    bounded_distance(&a, &b, usize::MAX, &mut scratch).unwrap_or(usize::MAX)
}

/// Levenshtein distance of `a` and `b` if it is at most `max`, else
/// `None`, stopping as soon as a whole row exceeds `max`. `scratch` is
/// reused between calls so that comparing a name with a folder of
/// thousands of files allocates nothing per file.
fn bounded_distance(a: &[char], b: &[char], max: usize, scratch: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // A common prefix or suffix costs nothing: names in one folder share
    // most of theirs (`f12-3.png`, `f12-4.png`), leaving a tiny table.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // What is left differs in its first and last characters, so it is one
    // edit apart only when each side is at most one character (the
    // common case once a near name is found: no table at all).
    if max <= 1 {
        let d = a.len().max(b.len());
        return (a.len() <= 1 && b.len() <= 1 && d <= max).then_some(d);
    }
    scratch.clear();
    scratch.extend(0..=2 * (b.len() + 1));
    let (prev, cur) = scratch.split_at_mut(b.len() + 1);
    let (mut prev, mut cur) = (prev, &mut cur[..b.len() + 1]);
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// The candidate nearest to `name`, if it is near enough to be a likely
/// typo (at most a third of the name's length, and at least 1 edit allowed).
/// Ties go to the first candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut folded: Vec<char> = Vec::new();
    let mut best = None;
    let mut search = Search::new(name);
    for c in candidates {
        folded.clear();
        folded.extend(fold(c));
        if search.offer(&folded) {
            best = Some(c);
        }
        if search.exact() {
            break;
        }
    }
    best
}

/// The lowercase characters names are compared by.
pub fn fold(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(char::to_lowercase)
}

/// A search for the name nearest to one name, fed candidates already
/// folded with [`fold`] (a folder's listing folds its names once for all
/// the missing images that point into it).
#[derive(Debug)]
pub struct Search {
    name: Vec<char>,
    limit: usize,
    best: Option<usize>,
    scratch: Vec<usize>,
}

impl Search {
    /// Start a search for the names nearest to `name`.
    pub fn new(name: &str) -> Self {
        Search {
            name: fold(name).collect(),
            limit: (name.chars().count() / 3).max(1),
            best: None,
            scratch: Vec::new(),
        }
    }

    /// Whether `candidate` is nearer than every earlier one (and near
    /// enough at all).
    pub fn offer(&mut self, candidate: &[char]) -> bool {
        // Only a strictly better candidate matters after the first.
        let max = self.best.map_or(self.limit, |d| d.saturating_sub(1));
        if self.exact() {
            return false;
        }
        match bounded_distance(&self.name, candidate, max, &mut self.scratch) {
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
    fn bounded_distance_gives_up_beyond_the_bound() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let mut scratch = Vec::new();
        assert_eq!(
            bounded_distance(&chars("kitten"), &chars("sitting"), 3, &mut scratch),
            Some(3)
        );
        assert_eq!(
            bounded_distance(&chars("kitten"), &chars("sitting"), 2, &mut scratch),
            None
        );
        assert_eq!(
            bounded_distance(&chars("a"), &chars("abcd"), 2, &mut scratch),
            None
        );
        assert_eq!(bounded_distance(&[], &[], 0, &mut scratch), Some(0));
    }

    /// Levenshtein distance by the full table, for comparison.
    fn plain_distance(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        // Small alphabets make shared prefixes, suffixes and repeats
        // (`aab` against `ab`) common, where trimming could go wrong.
        #[test]
        fn bounded_distance_is_the_distance_within_the_bound(
            a in "[ab.]{0,7}",
            b in "[ab.]{0,7}",
            max in 0usize..5,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = plain_distance(&a, &b);
            let mut scratch = Vec::new();
            proptest::prop_assert_eq!(
                bounded_distance(&a, &b, max, &mut scratch),
                (d <= max).then_some(d)
            );
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
