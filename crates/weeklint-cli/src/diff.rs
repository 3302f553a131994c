//! Unified diffs of fixed files, for `--diff`.

use std::fmt::Write as _;

/// Changed lines (old and new together) past which no minimal diff is
/// searched for. Myers' algorithm takes time in lines × changes: a
/// reordered log of thousands of sections is nothing but changes.
const EXACT_LIMIT: usize = 20_000;

/// The unified diff of the file printed as `display`, from `old` to `new`.
pub fn of_file(display: &str, old: &str, new: &str) -> String {
    unified(
        old,
        new,
        &quote(&format!("a/{display}")),
        &quote(&format!("b/{display}")),
    )
}

/// The unified diff of `old` and `new` with `--- a` / `+++ b` headers.
///
/// Small changes get a minimal diff with three lines of context. When the
/// changed middle of the file (past the common first and last lines) is
/// larger than [`EXACT_LIMIT`] lines, it is shown as one hunk: every old
/// line removed, every new line added; so is a file with a line ended
/// by a bare `\r` (lines are split at `\n` only, as git does). Both are
/// deterministic.
pub fn unified(old: &str, new: &str, a: &str, b: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(x, y)| x == y)
        .count();
    let suffix = old_lines[prefix..]
        .iter()
        .rev()
        .zip(new_lines[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let old_mid = old_lines.len() - prefix - suffix;
    let new_mid = new_lines.len() - prefix - suffix;
    // `similar` takes a bare `\r` for a line's end, and writes no `\n`
    // after it: a file with one is shown as one hunk of `\n`-ended lines,
    // as git reads them.
    let bare_cr = |s: &str| {
        memchr::memchr_iter(b'\r', s.as_bytes()).any(|i| s.as_bytes().get(i + 1) != Some(&b'\n'))
    };
    if old_mid + new_mid <= EXACT_LIMIT && !bare_cr(old) && !bare_cr(new) {
        return similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .header(a, b)
            .to_string();
    }
    let context = 3;
    let start = prefix.saturating_sub(context);
    let old_end = (prefix + old_mid + context).min(old_lines.len());
    let new_end = (prefix + new_mid + context).min(new_lines.len());
    let mut out = String::with_capacity(old.len() + new.len() + 64);
    let _ = writeln!(out, "--- {a}\n+++ {b}");
    // An empty range starts at the line before it.
    let first = |len: usize| if len == 0 { start } else { start + 1 };
    let _ = writeln!(
        out,
        "@@ -{},{} +{},{} @@",
        first(old_end - start),
        old_end - start,
        first(new_end - start),
        new_end - start
    );
    let mut line = |mark: char, text: &str| {
        out.push(mark);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for l in &old_lines[start..prefix] {
        line(' ', l);
    }
    for l in &old_lines[prefix..prefix + old_mid] {
        line('-', l);
    }
    for l in &new_lines[prefix..prefix + new_mid] {
        line('+', l);
    }
    for l in &old_lines[prefix + old_mid..old_end] {
        line(' ', l);
    }
    out
}

/// A path for a diff header, quoted as git quotes it when it holds a
/// control character, `"` or `\\` (a newline would end the header).
pub fn quote(path: &str) -> std::borrow::Cow<'_, str> {
    if !path
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return path.into();
    }
    let mut out = String::from('"');
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                // Octal bytes, as git writes them.
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\{b:03o}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_changes_get_a_minimal_diff() {
        let d = unified("a\nb\nc\n", "a\nB\nc\n", "a/x.md", "b/x.md");
        assert_eq!(
            d,
            "--- a/x.md\n+++ b/x.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }

    #[test]
    fn a_huge_reorder_is_one_hunk_with_context() {
        let n = EXACT_LIMIT;
        let old: String = (0..n).map(|i| format!("{i}\n")).collect();
        let mut lines: Vec<String> = (0..n).map(|i| format!("{i}\n")).collect();
        // Keep the first and last five lines, reverse the middle.
        lines[5..n - 5].reverse();
        let new: String = lines.concat();
        let d = unified(&old, &new, "a/x", "b/x");
        let mid = n - 10;
        let header = format!(
            "--- a/x\n+++ b/x\n@@ -3,{} +3,{} @@\n 2\n 3\n 4\n-5\n",
            mid + 6,
            mid + 6
        );
        assert!(d.starts_with(&header), "{}", &d[..200]);
        assert!(d.ends_with(&format!("+5\n {}\n {}\n {}\n", n - 5, n - 4, n - 3)));
        assert_eq!(
            d.lines()
                .filter(|l| l.starts_with('-') && !l.starts_with("---"))
                .count(),
            mid
        );
        assert_eq!(
            d.lines()
                .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
                .count(),
            mid
        );
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let n = EXACT_LIMIT;
        let old: String = (0..n).map(|i| format!("{i}\n")).collect::<String>() + "end";
        let new: String = (0..n).rev().map(|i| format!("{i}\n")).collect::<String>() + "end";
        let d = unified(&old, &new, "a/x", "b/x");
        assert!(
            d.contains("\n+0\n end\n\\ No newline at end of file\n"),
            "{}",
            &d[d.len() - 100..]
        );
    }
}
