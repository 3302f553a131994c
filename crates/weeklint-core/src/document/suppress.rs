//! Suppression comments: `<!-- weeklint-disable RULE... -->` and friends.

use std::ops::Range;

use crate::registry;
use crate::source::Source;

/// The directives, as written after `weeklint-`.
const DIRECTIVES: [&str; 4] = ["disable", "enable", "disable-next-line", "disable-file"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    All,
    Rules(Vec<&'static str>),
}

impl Filter {
    fn matches(&self, rule: &str) -> bool {
        match self {
            Filter::All => true,
            Filter::Rules(rules) => rules.contains(&rule),
        }
    }
}

/// A name in a suppression comment that is not a rule (or a directive that
/// does not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRuleName {
    /// Where the name is.
    pub span: Range<usize>,
    /// The name as written.
    pub name: String,
    /// The name is the directive (`weeklint-disabel`), not a rule.
    pub is_directive: bool,
}

/// The suppression comments of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    file: Vec<Filter>,
    /// 0-based line numbers with the rules disabled on them.
    next_lines: Vec<(usize, Filter)>,
    /// `(offset, disable?, filter)` in file order.
    regions: Vec<(usize, bool, Filter)>,
    /// Names that are not rules.
    pub unknown: Vec<UnknownRuleName>,
}

impl Suppressions {
    pub(super) fn parse(source: &Source, comments: &[Range<usize>]) -> Suppressions {
        let mut s = Suppressions::default();
        for range in comments {
            s.parse_comment(source, range.clone());
        }
        s
    }

    fn parse_comment(&mut self, source: &Source, range: Range<usize>) {
        let raw = &source.text()[range.clone()];
        let Some(inner) = raw.strip_prefix("<!--") else {
            return;
        };
        let inner = inner.strip_suffix("-->").unwrap_or(inner);
        let body_start = range.start + 4 + (inner.len() - inner.trim_start().len());
        let body = inner.trim();
        let Some(rest) = body.strip_prefix("weeklint-") else {
            return;
        };
        let directive_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let directive = &rest[..directive_len];
        if !DIRECTIVES.contains(&directive) {
            let start = body_start + "weeklint-".len();
            self.unknown.push(UnknownRuleName {
                span: body_start..start + directive_len,
                name: format!("weeklint-{directive}"),
                is_directive: true,
            });
            return;
        }
        let names_start = body_start + "weeklint-".len() + directive_len;
        let mut rules = Vec::new();
        let names = &rest[directive_len..];
        let mut offset = 0;
        for part in names.split(|c: char| c.is_whitespace() || c == ',') {
            let at = offset;
            offset += part.len() + 1;
            if part.is_empty() {
                continue;
            }
            match registry::find(part) {
                Some(rule) => rules.push(rule.meta().name),
                None => self.unknown.push(UnknownRuleName {
                    span: names_start + at..names_start + at + part.len(),
                    name: part.to_string(),
                    is_directive: false,
                }),
            }
        }
        let had_names = names
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|p| !p.is_empty());
        let filter = if !had_names {
            Filter::All
        } else if rules.is_empty() {
            // Only unknown names: disable nothing rather than everything.
            return;
        } else {
            Filter::Rules(rules)
        };
        match directive {
            "disable" => self.regions.push((range.start, true, filter)),
            "enable" => self.regions.push((range.start, false, filter)),
            "disable-next-line" => {
                let line = source.line_index(range.end.saturating_sub(1)) + 1;
                self.next_lines.push((line, filter));
            }
            _ => self.file.push(filter),
        }
    }

    /// Whether a diagnostic of `rule` starting at byte `offset` (on 0-based
    /// `line`) is suppressed.
    pub fn is_suppressed(&self, rule: &str, offset: usize, line: usize) -> bool {
        if self.file.iter().any(|f| f.matches(rule)) {
            return true;
        }
        if self
            .next_lines
            .iter()
            .any(|(l, f)| *l == line && f.matches(rule))
        {
            return true;
        }
        let mut disabled = false;
        for (at, disable, filter) in &self.regions {
            if *at > offset {
                break;
            }
            if filter.matches(rule) {
                disabled = *disable;
            }
        }
        disabled
    }

    /// Where the `weeklint-disable` and `weeklint-enable` comments start,
    /// in file order: the bounds of the suppressed regions, for any rule.
    /// Text moved across one of them, or a move of one of them, changes
    /// what is suppressed.
    pub fn region_bounds(&self) -> impl Iterator<Item = usize> + '_ {
        self.regions.iter().map(|&(at, _, _)| at)
    }

    /// Whether the file has any suppression at all (a fast path).
    pub fn is_empty(&self) -> bool {
        self.file.is_empty() && self.next_lines.is_empty() && self.regions.is_empty()
    }
}
