//! Which date token, if any, is a heading's date.

use chrono::NaiveDate;

use super::Precision;
use super::token::{Sep, Style, Token, first_token, has_digit, is_weekday, token_at};

/// The date of a heading's rendered `text`, as written: the first date
/// token, after a leading release label (a version, `[Cancelled]`). In a
/// changelog (`changelog`), a leading number that could be a date or a
/// CalVer version (`2023.6.18`) is a version.
pub(crate) fn heading_token(text: &str, changelog: bool) -> Option<Token> {
    if !has_digit(text.as_bytes()) {
        return None;
    }
    if let Some(year) = year_heading(text) {
        return Some(year);
    }
    let lead = lead_end(text);
    let first = first_token(text, 0, lead)?;
    let calver = first.style == Style::YearFirst(Sep::Dot)
        && matches!(first.precision, Precision::Day | Precision::Month);
    if calver {
        if let Some(end) = &first.end {
            // `2023.6.18-2023.6.24` is a range; `2024.1.1 - 2024.1.26` in
            // a changelog, or with an end before its start, is a version
            // and its date.
            if !changelog && ymd(end, first.year) >= ymd(&first, first.year) {
                return Some(first);
            }
            return Some(Token {
                end: None,
                ..(**end).clone()
            });
        }
        // `2025.09.0 – 2025-09-27`, `2024.1.1 (2024-01-26)`: a version,
        // then its date.
        if let Some(date) = date_after_label(text, first.range.end) {
            return Some(date);
        }
    }
    if !plausible(&first)
        && let Some(later) = later_plausible(text, first.range.end)
    {
        return Some(later);
    }
    if calver && changelog {
        return first_token(text, first.range.end, usize::MAX);
    }
    Some(first)
}

/// A date right after the label ending at `end`: past a `]`, then a dash
/// or an opening parenthesis.
fn date_after_label(text: &str, end: usize) -> Option<Token> {
    let mut i = end;
    if text[i..].starts_with(']') {
        i += 1;
    }
    let rest = text[i..].trim_start();
    i = text.len() - rest.len();
    let len = ["-", "–", "—", "("]
        .iter()
        .find(|d| rest.starts_with(*d))?
        .len();
    let j = i + len;
    let j = j + (text[j..].len() - text[j..].trim_start().len());
    if j >= text.len() {
        return None;
    }
    token_at(text, j, false, true)
}

/// The first token after `from` that is a calendar date.
fn later_plausible(text: &str, mut from: usize) -> Option<Token> {
    while let Some(t) = first_token(text, from, usize::MAX) {
        if plausible(&t) {
            return Some(t);
        }
        from = t.range.end;
    }
    None
}

/// `(year, month, day)` of a year-first or CJK token, for comparing a
/// range's ends; `year` stands in for a year not written.
fn ymd(t: &Token, year: Option<i32>) -> (i32, u32, u32) {
    (t.year.or(year).unwrap_or(0), t.first, t.second)
}

/// Whether the token could be a calendar date, in some reading.
fn plausible(t: &Token) -> bool {
    // A year-less date is checked in a leap year: February 29 may be right.
    let year = t.year.unwrap_or(2000);
    match t.precision {
        Precision::Day => match t.style {
            Style::YearLast(_) if !t.day_first => {
                NaiveDate::from_ymd_opt(year, t.first, t.second).is_some()
                    || NaiveDate::from_ymd_opt(year, t.second, t.first).is_some()
            }
            Style::YearLast(_) => NaiveDate::from_ymd_opt(year, t.second, t.first).is_some(),
            _ => NaiveDate::from_ymd_opt(year, t.first, t.second).is_some(),
        },
        Precision::Week => {
            NaiveDate::from_isoywd_opt(year, t.first, chrono::Weekday::Mon).is_some()
        }
        Precision::Month | Precision::Year => true,
    }
}

/// A heading whose whole text is a year: `2023`, `2023 年`, `2023年`.
fn year_heading(text: &str) -> Option<Token> {
    let end = text.trim_end().len();
    let t = &text[..end];
    let t = t.strip_suffix('年').map_or(t, str::trim_end);
    let mut year = 0;
    let mut count = 0;
    for c in t.chars() {
        year = year * 10 + c.to_digit(10).or_else(|| full_width(c))?;
        count += 1;
        if count > 4 {
            return None;
        }
    }
    if count != 4 || !(1000..=2999).contains(&year) {
        return None;
    }
    Some(Token {
        range: 0..end,
        style: Style::Year,
        precision: Precision::Year,
        year: Some(year as i32),
        first: 0,
        second: 0,
        digits: (0, 0),
        day_first: false,
        end: None,
    })
}

fn full_width(c: char) -> Option<u32> {
    ('\u{ff10}'..='\u{ff19}')
        .contains(&c)
        .then(|| c as u32 - 0xff10)
}

/// Where the heading's words start: past spaces, opening brackets and a
/// weekday (`Sunday, 6/18`).
fn lead_end(text: &str) -> usize {
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return 0;
    }
    let skip = |i: usize| {
        i + text[i..]
            .chars()
            .take_while(|c| c.is_whitespace() || matches!(c, '[' | '(' | ',' | '.'))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let i = skip(0);
    let word = text[i..]
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    if !word.is_empty() && is_weekday(word) {
        skip(i + word.len())
    } else {
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<(Style, Option<i32>, u32, u32, &str)> {
        heading_token(text, false).map(|t| (t.style, t.year, t.first, t.second, &text[t.range]))
    }

    #[test]
    fn a_calver_version_followed_by_its_date_is_a_version() {
        assert_eq!(
            date("2025.09.0 – 2025-09-27").map(|d| d.4),
            Some("2025-09-27")
        );
        assert_eq!(
            date("2024.1.1 - 2024-01-26").map(|d| d.4),
            Some("2024-01-26")
        );
        assert_eq!(
            date("2024.1.1 (2024-01-26)").map(|d| d.4),
            Some("2024-01-26")
        );
        assert_eq!(
            date("[2024.1.1] - 2024-01-26").map(|d| d.4),
            Some("2024-01-26")
        );
        // An end before its start is no range.
        assert_eq!(date("2024.1.5 - 2024.1.3").map(|d| d.4), Some("2024.1.3"));
    }

    #[test]
    fn a_range_is_dated_by_its_start() {
        assert_eq!(date("2023.6.18-2023.6.24").map(|d| d.4), Some("2023.6.18"));
        assert_eq!(
            date("2023.6.18 ~ 6.24 notes").map(|d| d.4),
            Some("2023.6.18")
        );
    }

    #[test]
    fn in_a_changelog_a_leading_calver_is_a_version() {
        assert!(heading_token("2025.09.0", true).is_none());
        assert!(heading_token("2023.6.18", true).is_none());
        assert_eq!(
            heading_token("2024.1.1 - 2024.1.26", true).map(|t| t.second),
            Some(26)
        );
        // Outside a changelog, `2025.09.0` is a date token that is not a
        // calendar date: reported by invalid-date.
        assert_eq!(date("2025.09.0").map(|d| d.3), Some(0));
    }

    #[test]
    fn a_later_date_is_not_a_version() {
        assert_eq!(
            date("2023.6.18 notes on the 2023.6.1 talk").map(|d| d.4),
            Some("2023.6.18")
        );
    }

    #[test]
    fn an_invalid_first_token_gives_way_to_a_valid_later_one() {
        assert_eq!(
            date("2025.13.0 released 2025-09-27").map(|d| d.4),
            Some("2025-09-27")
        );
        assert_eq!(date("2023.2.30 notes").map(|d| d.4), Some("2023.2.30"));
    }

    #[test]
    fn year_headings() {
        assert_eq!(date("2023").map(|d| d.1), Some(Some(2023)));
        assert_eq!(date("2022 年").map(|d| d.1), Some(Some(2022)));
        assert_eq!(date("２０２２年").map(|d| d.1), Some(Some(2022)));
        assert!(date("Archive — 2023").is_none());
        assert!(date("0123").is_none());
        assert!(date("20234").is_none());
    }

    #[test]
    fn weekdays_before_a_year_less_date() {
        assert_eq!(date("Sunday, 6/18").map(|d| d.4), Some("6/18"));
        assert_eq!(date("Tue 9/21").map(|d| d.4), Some("9/21"));
        // Not at the start: a fraction, not a date.
        assert!(date("1 cup and 3/4").is_none());
    }
}
