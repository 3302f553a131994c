//! Remote images: the question the `remote-image` rule asks, and the
//! words for the answers. The run decides whether there is a network at
//! all (`--offline` gives none) and how to ask (weeklint-env over HTTP).

use std::fmt;
use std::time::Duration;

/// Asks whether URLs answer.
pub trait UrlProbe: Send + Sync + fmt::Debug {
    /// How each of `urls` answered, in their order, each request given
    /// `timeout`. A 3xx answer counts as an answer: redirects are not
    /// followed.
    fn check_all(&self, urls: &[String], timeout: Duration) -> Vec<UrlState>;
}

/// How a URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlState {
    /// 2xx or 3xx.
    Ok(u16),
    /// Any other status.
    Status(u16),
    /// No answer: the reason.
    Failed(String),
    /// Not asked: the user stopped the checks (Ctrl-C).
    NotChecked,
}

/// The reason phrase of common status codes, for messages.
pub fn reason(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}
