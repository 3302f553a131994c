//! Checks of single values of `lint.toml`: each says what is wrong
//! with a value, and how to put it right.

use toml::Value;
use toml::de::DeValue;

use crate::suggest::closest;

/// Whether the relative folder `dir` is absolute, or leads out of the
/// folder it is relative to.
pub(super) fn leaves(dir: &str) -> bool {
    if dir.starts_with(['/', '\\']) || std::path::Path::new(dir).is_absolute() {
        return true;
    }
    let mut depth = 0usize;
    for part in dir.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

/// What is wrong with a value: the message and a help.
pub(super) type Wrong = (String, Option<String>);

pub(super) fn must_be(what: &str, kind: &str, found: &str) -> Wrong {
    (format!("`{what}` must be {kind}, not {found}"), None)
}

pub(super) fn did_you_mean(name: &str) -> String {
    format!("did you mean `{name}`?")
}

/// The check of `what`: one of `options`, by name.
pub(super) fn choice<'a, T: Copy>(
    what: &'a str,
    options: &'a [(&str, T)],
) -> impl FnOnce(&Value) -> Result<T, Wrong> + 'a {
    move |v| {
        let s = v
            .as_str()
            .ok_or_else(|| must_be(what, "a string", v.type_str()))?;
        if let Some(&(_, t)) = options.iter().find(|(name, _)| *name == s) {
            return Ok(t);
        }
        let names = options.iter().map(|(name, _)| *name);
        let all = || {
            format!(
                "expected one of: {}",
                names.clone().collect::<Vec<_>>().join(", ")
            )
        };
        let help = closest(s, names.clone()).map_or_else(all, did_you_mean);
        Err((
            format!("`{s}` is not a valid value for `{what}`"),
            Some(help),
        ))
    }
}

/// The check of `what`: a whole number from 1 to `max`.
pub(super) fn number(what: &str, max: u64) -> impl FnOnce(&Value) -> Result<u64, Wrong> + '_ {
    move |v| match v.as_integer().map(u64::try_from) {
        Some(Ok(n @ 1..)) if n <= max => Ok(n),
        Some(Ok(1..)) => Err((format!("`{what}` must be 1 to {max}"), None)),
        _ => {
            let help = Some(format!("from 1 to {max}"));
            Err((format!("`{what}` must be a positive whole number"), help))
        }
    }
}

/// The check of `dates.heading-level`: `None` is `auto`.
pub(super) fn heading_level(v: &Value) -> Result<Option<u8>, Wrong> {
    let help = match v {
        Value::String(s) if s == "auto" => return Ok(None),
        &Value::Integer(n @ 1..=6) => return Ok(Some(n as u8)),
        Value::Integer(_) => None,
        _ => Some("for example: heading-level = 2".to_string()),
    };
    let message = "`dates.heading-level` must be 1 to 6, or \"auto\"";
    Err((message.to_string(), help))
}

/// Numbers beyond `i64` or `f64` are not TOML, but the parser reads them
/// and serde cannot: each becomes the nearest number it can read, refused
/// by every check all the same.
pub(super) fn readable(v: &mut DeValue<'_>) {
    let nearest = match v {
        DeValue::Integer(n) if i64::from_str_radix(n.as_str(), n.radix()).is_err() => {
            if n.as_str().starts_with('-') {
                "-9223372036854775808"
            } else {
                "9223372036854775807"
            }
        }
        DeValue::Float(f) if f.as_str().parse::<f64>().map_or(true, f64::is_infinite) => "inf",
        DeValue::Array(items) => return items.iter_mut().for_each(|i| readable(i.get_mut())),
        DeValue::Table(t) => return t.iter_mut().for_each(|(_, v)| readable(v.get_mut())),
        _ => return,
    };
    if let Ok(number) = DeValue::parse(nearest) {
        *v = number.into_inner();
    }
}
