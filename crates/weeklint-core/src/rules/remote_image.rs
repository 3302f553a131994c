use std::collections::BTreeMap;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::document::ProjectNeeds;
use crate::document::Target;
use crate::net::{self, UrlState};
use crate::rule::{Context, ProjectContext, ProjectOutput, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that remote images (`https://…`, `http://…`, `//host/…`)
    /// answer with HTTP 2xx or 3xx. Each distinct URL is asked once per run:
    /// `HEAD`, then `GET` when the server does not allow `HEAD` (405), a few
    /// requests at a time, with retries for timeouts and server errors.
    /// `data:` and other schemes are not asked. `--offline` skips the rule.
    ///
    /// ## Why is this bad?
    /// Image hosts disappear and links rot; a reading log years old is
    /// full of broken figures that nobody notices.
    ///
    /// ## Example
    /// ```markdown
    /// ![arch](https://example.com/deleted.png)
    /// ```
    ///
    /// ## Use instead
    /// Keep a copy beside the notes:
    /// ```markdown
    /// ![arch](pic/arch.png)
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// `images.timeout-secs` (default `10`): how long to wait for each
    /// answer. The rule is off by default; turn it on with
    /// `[rules] remote-image = "warn"` or `--select remote-image`.
    pub struct RemoteImage {
        name: "remote-image",
        severity: Off,
        fix: None,
        project: true,
    }
}

impl Rule for RemoteImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn project_needs(&self) -> ProjectNeeds {
        ProjectNeeds {
            images: true,
            ..ProjectNeeds::default()
        }
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectOutput) {
        let Some(probe) = &cx.env.http else {
            return;
        };
        // URL → where it is used (file index, span).
        let mut uses: BTreeMap<String, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
        let mut timeout = 0;
        for (i, file) in cx.files.iter().enumerate() {
            if file.settings.severity(Self::META.name).is_none() {
                continue;
            }
            timeout = timeout.max(file.settings.images.timeout_secs);
            for image in &file.doc.images.refs {
                if let Target::Remote(url) = &image.target
                    && let Some(url) = http_url(url)
                {
                    uses.entry(url).or_default().push((i, image.span.clone()));
                }
            }
        }
        if uses.is_empty() {
            return;
        }
        let urls: Vec<String> = uses.keys().cloned().collect();
        let states = probe.check_all(&urls, Duration::from_secs(timeout.max(1)));
        let unchecked = states
            .iter()
            .filter(|s| **s == UrlState::NotChecked)
            .count();
        if unchecked > 0 {
            out.notes.push(format!(
                "remote-image: the checks were stopped; {unchecked} of {} URLs were not checked",
                urls.len()
            ));
        }
        for (url, state) in urls.iter().zip(states) {
            let message = match state {
                UrlState::Ok(_) | UrlState::NotChecked => continue,
                UrlState::Status(code) => {
                    format!("remote image {url} answers {code} {}", net::reason(code))
                        .trim_end()
                        .to_string()
                }
                UrlState::Failed(why) => format!("remote image {url} cannot be reached: {why}"),
            };
            for (i, span) in uses.get(url).into_iter().flatten() {
                out.in_files
                    .push((*i, Self::META.diagnostic(span.clone(), message.clone())));
            }
        }
    }
}

/// The URL to ask, for `http:`, `https:` and `//host` destinations,
/// without its `#fragment` (browsers never send it).
fn http_url(url: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or(url);
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.to_string())
    } else if url.starts_with("//") {
        // GitHub serves pages over HTTPS, so the browser asks with it.
        Some(format!("https:{url}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::http_url;

    #[test]
    fn only_http_urls_are_asked() {
        assert_eq!(
            http_url("HTTPS://x/a.png").as_deref(),
            Some("HTTPS://x/a.png")
        );
        assert_eq!(
            http_url("//cdn.x/a.png").as_deref(),
            Some("https://cdn.x/a.png")
        );
        assert_eq!(
            http_url("https://x/a.png?s=1#f").as_deref(),
            Some("https://x/a.png?s=1")
        );
        assert_eq!(http_url("data:image/png;base64,AA"), None);
        assert_eq!(http_url("ftp://x/a.png"), None);
    }
}
