//! Date tokens in a heading's text: each way of writing a date that
//! weeklint knows, found where it starts.
//!
//! A token is what is written; what it means may still depend on the file
//! (which of `6/7/2023`'s numbers is the month, the year of `March 8`).

use std::ops::Range;

use super::Precision;

/// The separator of a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sep {
    /// `2023.6.18`
    Dot,
    /// `2023-6-18`
    Dash,
    /// `2023/6/18`
    Slash,
    /// `2023_6_18`
    Underscore,
}

impl Sep {
    fn of(b: u8) -> Option<Sep> {
        match b {
            b'.' => Some(Sep::Dot),
            b'-' => Some(Sep::Dash),
            b'/' => Some(Sep::Slash),
            b'_' => Some(Sep::Underscore),
            _ => None,
        }
    }

    /// The separator as written.
    pub fn char(self) -> char {
        match self {
            Sep::Dot => '.',
            Sep::Dash => '-',
            Sep::Slash => '/',
            Sep::Underscore => '_',
        }
    }

    fn byte(self) -> u8 {
        self.char() as u8
    }
}

/// How a date token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Year first, numbers: `2023.6.18`, `2023-06`.
    YearFirst(Sep),
    /// `20230618`.
    Compact,
    /// `2023年6月18日`, `6月18日`, `2023 年 6 月`.
    Cjk,
    /// A month name before the day: `June 18, 2023`, `Dec 27th`, `June 2023`.
    MonthName,
    /// The day before a month name: `18 June 2023`, `18th Jun`.
    DayMonthName,
    /// Numbers, year last: `6/18/2023`, `18.06.2023`, `6/18`. Which of the
    /// first two numbers is the month is decided per file.
    YearLast(Sep),
    /// An ISO week: `2023-W24`, `Week 24, 2023`.
    Week,
    /// A heading whose whole text is a year: `2023`, `2023 年`.
    Year,
}

/// A date as written in a heading's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where it is in the text searched.
    pub(crate) range: Range<usize>,
    /// How it is written.
    pub(crate) style: Style,
    /// Day, week, month or year.
    pub(crate) precision: Precision,
    /// The year, when written.
    pub(crate) year: Option<i32>,
    /// The month (or, for [`Style::YearLast`], the first number as
    /// written; for [`Style::Week`], the week). 0 when absent.
    pub(crate) first: u32,
    /// The day (or, for [`Style::YearLast`], the second number as
    /// written). 0 when absent.
    pub(crate) second: u32,
    /// Digits written for `first` and `second` (for zero padding).
    pub(crate) digits: (u8, u8),
    /// A day range written with the day first whatever the file does
    /// (`01-02.02.2021`).
    pub(crate) day_first: bool,
    /// The end of a range (`2023.6.18-2023.6.24`, `June 18 – June 24,
    /// 2023`), written in the same style.
    pub(crate) end: Option<Box<Token>>,
}

impl Token {
    fn new(range: Range<usize>, style: Style, precision: Precision) -> Self {
        Token {
            range,
            style,
            precision,
            year: None,
            first: 0,
            second: 0,
            digits: (0, 0),
            day_first: false,
            end: None,
        }
    }
}

/// A digit, ASCII or full-width (`０`–`９`, as CJK text has): its value
/// and length in bytes.
fn digit(b: &[u8], i: usize) -> Option<(u32, usize)> {
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
fn number(b: &[u8], i: usize) -> Option<(u32, usize, u8)> {
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
fn spaces(text: &str, mut i: usize) -> usize {
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
fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

/// Whether a token may start at `i`: not inside a word or a number
/// (`v2023.6.18`, `1.2023.6.18`).
fn starts_word(text: &str, i: usize) -> bool {
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
fn in_url(text: &str, i: usize) -> bool {
    let start = text[..i]
        .rfind(|c: char| c.is_whitespace() || c == '<' || c == '(')
        .map_or(0, |p| p + 1);
    let word = &text[start..];
    let word = &word[..word.find(char::is_whitespace).unwrap_or(word.len())];
    word.as_bytes().windows(3).any(|w| w == b"://") || word.starts_with("www.")
}

const MONTHS: [&str; 12] = [
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
fn month_name(text: &str, i: usize) -> Option<(u32, usize)> {
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

const WEEKDAYS: [&str; 7] = [
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
fn ordinal(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let two = b.get(i..i + 2)?;
    let two = [two[0].to_ascii_lowercase(), two[1].to_ascii_lowercase()];
    (matches!(&two, b"st" | b"nd" | b"rd" | b"th")
        && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic))
    .then_some(i + 2)
}

/// A four-digit year at `i`: the year and where it ends.
fn year_at(b: &[u8], i: usize) -> Option<(i32, usize)> {
    match number(b, i)? {
        (y, end, 4) => Some((y as i32, end)),
        _ => None,
    }
}

/// A range word or dash at `i` (`-`, `–`, `—`, `~`, `to`, `至`), spaces
/// around it included: where what follows starts.
fn range_word(text: &str, i: usize) -> Option<usize> {
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
fn ends_number(text: &str, end: usize, own: Option<Sep>) -> bool {
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

/// The token that starts at `i`, if one does. `at_start`: `i` is where
/// the heading's words start (only there is `20230618` or `6/18` a date).
/// `range`: look for the end of a range after it.
pub(crate) fn token_at(text: &str, i: usize, at_start: bool, range: bool) -> Option<Token> {
    let b = text.as_bytes();
    let mut token = if b[i].is_ascii_alphabetic() {
        month_first(text, i).or_else(|| week_word(text, i))?
    } else {
        let (n, end, count) = number(b, i)?;
        match count {
            4 => year_first(text, i, n as i32, end, at_start)?,
            8 if at_start => compact(text, i, n, end)?,
            1 | 2 => number_first(text, i, n, end, count, at_start)?,
            _ => return None,
        }
    };
    if range {
        token.end = range_end(text, &token).map(Box::new);
    }
    Some(token)
}

/// The end of a range after `start`, in the same style: a full token, or
/// (for year-first and CJK dates) the month and day alone
/// (`2023.6.18-6.24`, `2023年6月18日-6月24日`).
fn range_end(text: &str, start: &Token) -> Option<Token> {
    let from = range_word(text, start.range.end)?;
    if from >= text.len() {
        return None;
    }
    let b = text.as_bytes();
    if let Some(end) = token_at(text, from, false, false)
        && end.style == start.style
        && end.precision == start.precision
    {
        return Some(end);
    }
    // The same month and day without the year.
    let (m, e1, c1) = number(b, from)?;
    match start.style {
        Style::YearFirst(sep) if start.precision == Precision::Day && c1 <= 2 => {
            if b.get(e1) != Some(&sep.byte()) {
                return None;
            }
            let (d, e2, c2) = number(b, e1 + 1)?;
            (c2 <= 2 && ends_number(text, e2, Some(sep))).then(|| {
                let mut t = Token::new(from..e2, start.style, Precision::Day);
                (t.first, t.second, t.digits) = (m, d, (c1, c2));
                t
            })
        }
        Style::Cjk if c1 <= 2 => cjk_month_day(text, from, m, e1, c1).filter(|t| t.second > 0),
        _ => None,
    }
}

/// Tokens starting with a four-digit year at `i`, ending at `end`.
fn year_first(text: &str, i: usize, year: i32, end: usize, at_start: bool) -> Option<Token> {
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
fn cjk_month_day(text: &str, from: usize, m: u32, e: usize, c: u8) -> Option<Token> {
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
fn compact(text: &str, i: usize, n: u32, end: usize) -> Option<Token> {
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
fn number_first(
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
fn day_month_name(text: &str, i: usize, day: u32, end: usize) -> Option<Token> {
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

/// Past what separates a month name from a number: spaces and a comma
/// (`June 18, 2023`), or one dash (`Sep-02,2019`, `02-Sep-2019`).
fn gap(text: &str, i: usize) -> usize {
    let j = spaces(text, skip_comma(text, i));
    if j == i && text.as_bytes().get(i) == Some(&b'-') {
        i + 1
    } else {
        j
    }
}

fn skip_comma(text: &str, i: usize) -> usize {
    let j = spaces(text, i);
    if text[j..].starts_with(',') { j + 1 } else { i }
}

/// `June 18, 2023`, `Jun 18th 2023`, `June 18–24, 2023`, `June 2023`,
/// `Dec 27th`.
fn month_first(text: &str, i: usize) -> Option<Token> {
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
fn week_word(text: &str, i: usize) -> Option<Token> {
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

/// The first token in `text` at or after `from`. `lead` is where the
/// heading's words start (see [`token_at`]).
pub(crate) fn first_token(text: &str, from: usize, lead: usize) -> Option<Token> {
    // A URL has a `/` (a bare `www.x.com` holds no date worth keeping).
    let urls = memchr::memchr(b'/', text.as_bytes()).is_some();
    for (i, c) in text[from..].char_indices() {
        let i = from + i;
        let candidate = c.is_ascii_digit()
            || ('\u{ff10}'..='\u{ff19}').contains(&c)
            || (c.is_ascii_alphabetic()
                && matches!(
                    c.to_ascii_lowercase(),
                    'a' | 'd' | 'f' | 'j' | 'm' | 'n' | 'o' | 's' | 'w'
                ));
        if !candidate || !starts_word(text, i) {
            continue;
        }
        if let Some(t) = token_at(text, i, i == lead, true)
            && !(urls && in_url(text, i))
        {
            return Some(t);
        }
    }
    None
}
