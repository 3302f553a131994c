//! The lexical pieces of dates: digits (ASCII or full-width), spaces,
//! month and weekday names, ordinals, and where a number may end.

use super::Sep;

/// A digit, ASCII or full-width (`０`–`９`, as CJK text has): its value
/// and length in bytes.
pub(super) fn digit(b: &[u8], i: usize) -> Option<(u32, usize)> {
    match b.get(i)? {
        c @ b'0'..=b'9' => Some((u32::from(c - b'0'), 1)),
        // U+FF10 to U+FF19 are EF BC 90 to EF BC 99.
        0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2)? {
            c @ 0x90..=0x99 => Some((u32::from(c - 0x90), 3)),
            _ => None,
        },
        _ => None,
    }
}

/// A run of digits at `i`: value (saturating), end, how many digits.
pub(super) fn number(b: &[u8], i: usize) -> Option<(u32, usize, u8)> {
    let (mut value, mut end, mut count) = (0u32, i, 0u8);
    while let Some((d, len)) = digit(b, end) {
        value = value.saturating_mul(10).saturating_add(d);
        end += len;
        count = count.saturating_add(1);
    }
    (count > 0).then_some((value, end, count))
}

/// Whether `b` holds a digit, ASCII or full-width: every date has one.
pub(crate) fn has_digit(b: &[u8]) -> bool {
    b.iter().any(u8::is_ascii_digit) || memchr::memchr_iter(0xEF, b).any(|i| digit(b, i).is_some())
}

/// Past spaces (ASCII, no-break and ideographic).
pub(super) fn spaces(text: &str, mut i: usize) -> usize {
    loop {
        let rest = &text[i..];
        if rest.starts_with([' ', '\t']) {
            i += 1;
        } else if rest.starts_with(['\u{a0}', '\u{3000}']) {
            i += rest.chars().next().map_or(1, char::len_utf8);
        } else {
            return i;
        }
    }
}

/// The char before `i`, if any.
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

/// Whether a token may start at `i`: not inside a word or a number
/// (`v2023.6.18`, `1.2023.6.18`).
pub(super) fn starts_word(text: &str, i: usize) -> bool {
    match char_before(text, i) {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('.' | '-' | '/' | '_' | ':' | '+') => {
            !char_before(text, i - 1).is_some_and(|c| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Whether the word holding `i` is a URL (`https://x.com/2023/06/18/post`):
/// its dates are not the heading's.
pub(super) fn in_url(text: &str, i: usize) -> bool {
    let start = text[..i]
        .rfind(|c: char| c.is_whitespace() || c == '<' || c == '(')
        .map_or(0, |p| p + 1);
    let word = &text[start..];
    let word = &word[..word.find(char::is_whitespace).unwrap_or(word.len())];
    word.as_bytes().windows(3).any(|w| w == b"://") || word.starts_with("www.")
}

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name at `i` (full, or abbreviated to three letters, or
/// `Sept`, with an optional `.` after an abbreviation; any case): the
/// month and where the name ends.
pub(super) fn month_name(text: &str, i: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let len = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if !(3..=9).contains(&len) {
        return None;
    }
    let word = &b[i..i + len];
    let month = if word.eq_ignore_ascii_case(b"sept") {
        8
    } else {
        MONTHS.iter().position(|m| {
            let m = m.as_bytes();
            (len == m.len() || len == 3) && m[..len].eq_ignore_ascii_case(word)
        })?
    };
    let mut end = i + len;
    if (len == 3 || len < MONTHS[month].len()) && b.get(end) == Some(&b'.') {
        end += 1;
    }
    Some((month as u32 + 1, end))
}

pub(super) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether `word` names a day of the week, in full or abbreviated
/// (`Sun`, `Tues`, `Thu.`).
pub(crate) fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').as_bytes();
    w.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|d| d.len() >= w.len() && d.as_bytes()[..w.len()].eq_ignore_ascii_case(w))
}

/// An ordinal suffix (`st`, `nd`, `rd`, `th`) at `i`, not followed by a
/// letter: where it ends.
pub(super) fn ordinal(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let two = b.get(i..i + 2)?;
    let two = [two[0].to_ascii_lowercase(), two[1].to_ascii_lowercase()];
    (matches!(&two, b"st" | b"nd" | b"rd" | b"th")
        && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic))
    .then_some(i + 2)
}

/// A four-digit year at `i`: the year and where it ends.
pub(super) fn year_at(b: &[u8], i: usize) -> Option<(i32, usize)> {
    match number(b, i)? {
        (y, end, 4) => Some((y as i32, end)),
        _ => None,
    }
}

/// A range word or dash at `i` (`-`, `–`, `—`, `~`, `to`, `至`), spaces
/// around it included: where what follows starts.
pub(super) fn range_word(text: &str, i: usize) -> Option<usize> {
    let j = spaces(text, i);
    let rest = &text[j..];
    // Most dates end a heading or are followed by a word: no range.
    if !matches!(
        rest.as_bytes().first(),
        Some(b'-' | b'~' | b't' | b'T' | b'u' | b'U' | 0xE2 | 0xEF | 0xE8)
    ) {
        return None;
    }
    let len = ["-", "–", "—", "~", "～", "至", "to ", "through ", "until "]
        .iter()
        .find(|w| {
            rest.len() >= w.len() && rest.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
        })?
        .len();
    Some(spaces(text, j + len))
}

/// Whether a numeric token may end at `end`: no digit or letter follows
/// (an ISO time `T10:00` may), and no separator and digit that would make
/// it part of a longer number. A CalVer or PEP 440 suffix
/// (`2024.1.1rc1`, `2024.1.0.dev2`, `2024.1.1-beta`, `+build`) makes a
/// dotted year-first token a version.
pub(super) fn ends_number(text: &str, end: usize, own: Option<Sep>) -> bool {
    let b = text.as_bytes();
    let Some(&next) = b.get(end) else {
        return true;
    };
    let after = b.get(end + 1).copied();
    if digit(b, end).is_some() {
        return false;
    }
    if next.is_ascii_alphabetic() {
        return next == b'T' && after.is_some_and(|c| c.is_ascii_digit());
    }
    let dotted = own == Some(Sep::Dot);
    match Sep::of(next) {
        Some(s) if Some(s) == own && after.is_some_and(|c| c.is_ascii_digit()) => false,
        Some(Sep::Dot | Sep::Dash)
            if dotted && after.is_some_and(|c| c.is_ascii_alphanumeric()) =>
        {
            false
        }
        _ => !(next == b'+' && dotted && after.is_some_and(|c| c.is_ascii_alphanumeric())),
    }
}

/// Past what separates a month name from a number: spaces and a comma
/// (`June 18, 2023`), or one dash (`Sep-02,2019`, `02-Sep-2019`).
pub(super) fn gap(text: &str, i: usize) -> usize {
    let j = spaces(text, skip_comma(text, i));
    if j == i && text.as_bytes().get(i) == Some(&b'-') {
        i + 1
    } else {
        j
    }
}

pub(super) fn skip_comma(text: &str, i: usize) -> usize {
    let j = spaces(text, i);
    if text[j..].starts_with(',') { j + 1 } else { i }
}
