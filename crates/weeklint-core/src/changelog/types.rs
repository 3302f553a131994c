//! Change types: the sub-headings of a release (`### Added`), and the
//! other names people give them.

/// Other names for each change type, normalized (see [`normalize`]).
const ALIASES: [(&str, &[&str]); 6] = [
    (
        "Added",
        &[
            "add",
            "adds",
            "addition",
            "additions",
            "new",
            "feature",
            "features",
            "new feature",
            "new features",
        ],
    ),
    ("Changed", &["change", "changes"]),
    ("Deprecated", &["deprecate", "deprecation", "deprecations"]),
    (
        "Removed",
        &["remove", "removes", "removal", "removals", "deleted"],
    ),
    (
        "Fixed",
        &[
            "fix",
            "fixes",
            "bug fix",
            "bug fixes",
            "bugfix",
            "bugfixes",
            "bugs",
        ],
    ),
    (
        "Security",
        &["security fix", "security fixes", "vulnerabilities"],
    ),
];

/// Whether two names are the same, case aside.
pub fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// A heading's text as aliases are written: lower case, `-` and `_` as
/// spaces, one space between words, no `:` or `.` at the end, no
/// brackets around it.
fn normalize(text: &str) -> String {
    let lower = text.to_lowercase().replace(['-', '_'], " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let joined = words.join(" ");
    let bare = joined.trim_end_matches([':', '.']).trim_end();
    bare.strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(bare)
        .trim()
        .to_string()
}

/// The change type `text` is another name for: a Keep a Changelog type
/// (to be spelt as the configured list does).
pub fn alias(text: &str) -> Option<&'static str> {
    let n = normalize(text);
    ALIASES
        .iter()
        .find(|(name, others)| normalize(name) == n || others.contains(&n.as_str()))
        .map(|(name, _)| *name)
}
