//! One reader per way of writing a date, each starting at a known place.

use super::scan::{
    ends_number, gap, month_name, number, ordinal, range_word, skip_comma, spaces, year_at,
};
use super::{Precision, Sep, Style, Token, range_end};

/// Tokens starting with a four-digit year at `i`, ending at `end`.
pub(super) fn year_first(
    text: &str,
    i: usize,
    year: i32,
    end: usize,
    at_start: bool,
) -> Option<Token> {
    let b = text.as_bytes();
    let j = spaces(text, end);
    if text[j..].starts_with('年') {
        let k = spaces(text, j + '年'.len_utf8());
        let (m, e, c) = number(b, k)?;
        if c > 2 {
            return None;
        }
        let mut t = cjk_month_day(text, k, m, e, c)?;
        t.range.start = i;
        t.year = Some(year);
        return Some(t);
    }
    let next = *b.get(end)?;
    // `2023-W24`, `2023W24`
    let w = if next == b'-' { end + 1 } else { end };
    if matches!(b.get(w), Some(b'W' | b'w')) {
        let (week, e, c) = number(b, w + 1)?;
        if c != 2 || !ends_number(text, e, Some(Sep::Dash)) {
            return None;
        }
        let mut t = Token::new(i..e, Style::Week, Precision::Week);
        t.year = Some(year);
        t.first = week;
        return Some(t);
    }
    let sep = Sep::of(next)?;
    let (month, e1, c1) = number(b, end + 1)?;
    if c1 > 2 {
        return None;
    }
    let style = Style::YearFirst(sep);
    if b.get(e1) == Some(&next)
        && let Some((day, e2, c2)) = number(b, e1 + 1)
    {
        if c2 > 2 {
            return None;
        }
        let mut t = Token::new(i..e2, style, Precision::Day);
        (t.year, t.first, t.second, t.digits) = (Some(year), month, day, (c1, c2));
        // `2023-06-18-2023-06-24`, `2023.6.18-6.24`: a range, not a
        // longer number or a version's pre-release part.
        let ok = ends_number(text, e2, Some(sep)) || range_end(text, &t).is_some();
        return ok.then_some(t);
    }
    // A month: `2023-06`, `2022/05`, `2023.06`. Dotted, only at the
    // start: later in a heading it is a version (`AppCode 2022.3`).
    if sep == Sep::Underscore
        || (sep == Sep::Dot && !at_start)
        || !(1..=12).contains(&month)
        || !ends_number(text, e1, Some(sep))
    {
        return None;
    }
    let mut t = Token::new(i..e1, style, Precision::Month);
    (t.year, t.first, t.digits) = (Some(year), month, (c1, 0));
    Some(t)
}

/// `月` and `日` after the month number `m` (at `from`, ending at `e`):
/// `6月18日`, `6 月 18 日`, or `6月` alone (a month).
pub(super) fn cjk_month_day(text: &str, from: usize, m: u32, e: usize, c: u8) -> Option<Token> {
    let b = text.as_bytes();
    let k = spaces(text, e);
    if !text[k..].starts_with('月') || !(1..=12).contains(&m) {
        return None;
    }
    let after_month = k + '月'.len_utf8();
    let j = spaces(text, after_month);
    if let Some((d, e2, c2)) = number(b, j)
        && c2 <= 2
    {
        let k2 = spaces(text, e2);
        let rest = &text[k2..];
        if rest.starts_with(['日', '号']) {
            let mut t = Token::new(from..k2 + '日'.len_utf8(), Style::Cjk, Precision::Day);
            (t.first, t.second, t.digits) = (m, d, (c, c2));
            return Some(t);
        }
    }
    let mut t = Token::new(from..after_month, Style::Cjk, Precision::Month);
    (t.first, t.digits) = (m, (c, 0));
    Some(t)
}

/// `20230618`, alone as the heading's first word.
pub(super) fn compact(text: &str, i: usize, n: u32, end: usize) -> Option<Token> {
    let (year, month, day) = (n / 10_000, n / 100 % 100, n % 100);
    let next = text[end..].chars().next();
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '_'))
    {
        return None;
    }
    let mut t = Token::new(i..end, Style::Compact, Precision::Day);
    (t.year, t.first, t.second, t.digits) = (Some(year as i32), month, day, (2, 2));
    Some(t)
}

/// Tokens starting with a one- or two-digit number `n` at `i`.
pub(super) fn number_first(
    text: &str,
    i: usize,
    n: u32,
    end: usize,
    count: u8,
    at_start: bool,
) -> Option<Token> {
    let b = text.as_bytes();
    let j = spaces(text, end);
    if text[j..].starts_with('月') {
        return cjk_month_day(text, i, n, end, count).filter(|t| t.second > 0);
    }
    if let Some(sep) = b.get(end).copied().and_then(Sep::of)
        && sep != Sep::Underscore
        && let Some((n2, e2, c2)) = number(b, end + 1)
    {
        let style = Style::YearLast(sep);
        // `06/2023`, `06.2023`: a month.
        if c2 == 4 && sep != Sep::Dash {
            if !(1..=12).contains(&n) || !ends_number(text, e2, Some(sep)) {
                return None;
            }
            let mut t = Token::new(i..e2, style, Precision::Month);
            (t.year, t.first, t.digits) = (Some(n2 as i32), n, (count, 0));
            return Some(t);
        }
        if c2 > 2 {
            return None;
        }
        // `6/18/2023`, `18.06.2023`
        if b.get(e2) == Some(&sep.byte())
            && let Some((year, e3)) = year_at(b, e2 + 1)
        {
            if !ends_number(text, e3, Some(sep)) {
                return None;
            }
            let mut t = Token::new(i..e3, style, Precision::Day);
            (t.year, t.first, t.second, t.digits) = (Some(year), n, n2, (count, c2));
            return Some(t);
        }
        // `01-02.02.2021`: a range of days, day first.
        if sep == Sep::Dash
            && let Some(sep2) = b.get(e2).copied().and_then(Sep::of)
            && matches!(sep2, Sep::Dot | Sep::Slash)
            && let Some((month, e3, c3)) = number(b, e2 + 1)
            && c3 <= 2
            && b.get(e3) == Some(&sep2.byte())
            && let Some((year, e4)) = year_at(b, e3 + 1)
            && ends_number(text, e4, Some(sep2))
        {
            let mut t = Token::new(i..e4, Style::YearLast(sep2), Precision::Day);
            (t.year, t.first, t.second, t.digits) = (Some(year), n, month, (count, c3));
            t.day_first = true;
            return Some(t);
        }
        // `6/18` at the start of a heading, the year from elsewhere.
        if sep == Sep::Slash && at_start && ends_number(text, e2, Some(sep)) {
            let mut t = Token::new(i..e2, style, Precision::Day);
            (t.first, t.second, t.digits) = (n, n2, (count, c2));
            return Some(t);
        }
        // `25-26 June 2023` goes on below.
        if sep != Sep::Dash {
            return None;
        }
    }
    day_month_name(text, i, n, end)
}

/// `18 June 2023`, `18th Jun, 2023`, `25–26 June 2023`, `18 June`.
pub(super) fn day_month_name(text: &str, i: usize, day: u32, end: usize) -> Option<Token> {
    if !(1..=31).contains(&day) {
        return None;
    }
    let b = text.as_bytes();
    let mut e = ordinal(text, end).unwrap_or(end);
    // A range of days: the first is the date.
    if let Some(k) = range_word(text, e)
        && let Some((d2, e2, c2)) = number(b, k)
        && c2 <= 2
        && (1..=31).contains(&d2)
    {
        let e2 = ordinal(text, e2).unwrap_or(e2);
        if b.get(e2).is_some_and(|c| c.is_ascii_whitespace()) {
            e = e2;
        }
    }
    let k = gap(text, e);
    if k == e {
        return None;
    }
    let (month, m_end) = month_name(text, k)?;
    if b.get(m_end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut t = Token::new(i..m_end, Style::DayMonthName, Precision::Day);
    (t.first, t.second) = (month, day);
    let y = gap(text, m_end);
    if let Some((year, e)) = year_at(b, y)
        && ends_number(text, e, None)
    {
        t.year = Some(year);
        t.range.end = e;
    }
    Some(t)
}

/// `June 18, 2023`, `Jun 18th 2023`, `June 18–24, 2023`, `June 2023`,
/// `Dec 27th`.
pub(super) fn month_first(text: &str, i: usize) -> Option<Token> {
    let b = text.as_bytes();
    let (month, m_end) = month_name(text, i)?;
    if b.get(m_end).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let j = gap(text, m_end);
    if j == m_end {
        return None;
    }
    let (n, e, count) = number(b, j)?;
    if count == 4 {
        // `June 2023`, `June, 2023`; `April-2021` is too often something
        // else's date (`EOL April-2021`).
        if b[m_end] == b'-' || !ends_number(text, e, None) {
            return None;
        }
        let mut t = Token::new(i..e, Style::MonthName, Precision::Month);
        (t.year, t.first) = (Some(n as i32), month);
        return Some(t);
    }
    if count > 2 || !(1..=31).contains(&n) {
        return None;
    }
    let mut e = ordinal(text, e).unwrap_or(e);
    if !ends_number(text, e, None) {
        return None;
    }
    let mut t = Token::new(i..e, Style::MonthName, Precision::Day);
    (t.first, t.second) = (month, n);
    // `June 18–24, 2023`: a range of days, dated by the first.
    if let Some(k) = range_word(text, e)
        && let Some((d2, e2, c2)) = number(b, k)
        && c2 <= 2
        && (1..=31).contains(&d2)
    {
        let e2 = ordinal(text, e2).unwrap_or(e2);
        let y = spaces(text, skip_comma(text, e2));
        if y > e2 && year_at(b, y).is_some() {
            e = e2;
        }
    }
    let y = gap(text, e);
    if y > e
        && let Some((year, ye)) = year_at(b, y)
        && ends_number(text, ye, None)
    {
        t.year = Some(year);
        t.range.end = ye;
    }
    Some(t)
}

/// `Week 24, 2023`, `week 24 2023`.
pub(super) fn week_word(text: &str, i: usize) -> Option<Token> {
    let b = text.as_bytes();
    let word = b.get(i..i + 4)?;
    if !word.eq_ignore_ascii_case(b"week") {
        return None;
    }
    let j = spaces(text, i + 4);
    let (week, e, count) = number(b, j)?;
    if j == i + 4 || count > 2 {
        return None;
    }
    let y = spaces(text, skip_comma(text, e));
    let (year, ye) = year_at(b, y).filter(|_| y > e)?;
    if !ends_number(text, ye, None) {
        return None;
    }
    let mut t = Token::new(i..ye, Style::Week, Precision::Week);
    (t.year, t.first) = (Some(year), week);
    Some(t)
}
