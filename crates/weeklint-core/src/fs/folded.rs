//! Paths by their lowercase form, to tell a name written in other
//! letter case.

use std::ops::Range;

/// Paths of a git index by their lowercase form, to tell a path that is
/// tracked in other letter case. When several paths fold alike, the first
/// by name answers, so the message is the same on every run.
#[derive(Debug, Default)]
pub struct FoldedPaths {
    folded: String,
    original: String,
    /// Where each path lies in `folded` and in `original`, and its place
    /// among the paths given; sorted by the folded form, then the original.
    keys: Vec<(Range<usize>, Range<usize>, usize)>,
}

impl FoldedPaths {
    /// The paths `paths`, in the order given (the places
    /// [`FoldedPaths::positions`] answers with).
    pub fn new<S: AsRef<str>>(paths: impl IntoIterator<Item = S>) -> Self {
        let mut this = FoldedPaths::default();
        for p in paths {
            let p = p.as_ref();
            let f = this.folded.len();
            push_lowercase(&mut this.folded, p);
            let o = this.original.len();
            this.original.push_str(p);
            let place = this.keys.len();
            this.keys
                .push((f..this.folded.len(), o..this.original.len(), place));
        }
        let (folded, original) = (&this.folded, &this.original);
        this.keys.sort_unstable_by(|a, b| {
            folded[a.0.clone()]
                .cmp(&folded[b.0.clone()])
                .then_with(|| original[a.1.clone()].cmp(&original[b.1.clone()]))
        });
        this
    }

    /// The first path by name that equals `path` ignoring letter case.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.matches(path)
            .next()
            .map(|(_, o, _)| &self.original[o.clone()])
    }

    /// Where the paths that equal `path` ignoring letter case were given,
    /// by name.
    pub fn positions(&self, path: &str) -> impl Iterator<Item = usize> + use<'_> {
        self.matches(path).map(|&(_, _, place)| place)
    }

    fn matches(
        &self,
        path: &str,
    ) -> impl Iterator<Item = &(Range<usize>, Range<usize>, usize)> + use<'_> {
        let mut key = String::with_capacity(path.len());
        push_lowercase(&mut key, path);
        let from = self
            .keys
            .partition_point(|(f, _, _)| self.folded[f.clone()] < *key);
        self.keys[from..]
            .iter()
            .take_while(move |(f, _, _)| self.folded[f.clone()] == *key)
    }
}

/// Append `s` in lowercase: byte by byte when it is ASCII, as most
/// paths are.
pub fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_paths_answer_the_first_by_name_whatever_the_order_given() {
        let paths = ["pic/b.PNG", "pic/B.png", "Pic/Ä.png", "x.md"];
        let mut reversed = paths;
        reversed.reverse();
        for given in [paths, reversed] {
            let folded = FoldedPaths::new(given);
            assert_eq!(folded.get("PIC/b.png"), Some("pic/B.png"));
            assert_eq!(folded.get("pic/ä.PNG"), Some("Pic/Ä.png"));
            assert_eq!(folded.get("X.MD"), Some("x.md"));
            assert_eq!(folded.get("pic/c.png"), None);
            assert_eq!(folded.get("pic/b.pn"), None);
        }
        // Every match, by name, at the place it was given.
        let folded = FoldedPaths::new(["b.png", "a.PNG", "A.png", "a.pn"]);
        assert_eq!(folded.positions("A.Png").collect::<Vec<_>>(), [2, 1]);
        assert_eq!(folded.positions("c.png").count(), 0);
    }
}
