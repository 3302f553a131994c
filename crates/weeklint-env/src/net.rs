//! Asking whether remote images answer, over HTTP: HEAD, then GET when
//! HEAD is not allowed, with retries, a timeout and a bounded number of
//! requests in flight.

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use weeklint_core::net::{UrlProbe, UrlState};

/// Requests in flight at once.
const WORKERS: usize = 8;

/// The HTTP method of a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// `HEAD`: headers only.
    Head,
    /// `GET`, for servers that refuse `HEAD`; the body is not read.
    Get,
}

/// Sends one request and returns the status code, or why there is none.
/// Redirects are not followed: a 3xx answer counts as an answer.
trait Request: Sync {
    /// One request, no retries.
    fn request(&self, method: Method, url: &str, timeout: Duration) -> Result<u16, String>;
}

/// Attempts per URL for failures that may pass (timeouts, 5xx, 429).
const ATTEMPTS: u32 = 3;

/// Ask `url`: HEAD, then GET on 405 (or 501); retry what may be transient.
fn check_url(probe: &dyn Request, url: &str, timeout: Duration) -> UrlState {
    let mut last = UrlState::Failed("no attempt".to_string());
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
        }
        let mut answer = probe.request(Method::Head, url, timeout);
        if matches!(answer, Ok(405 | 501)) {
            answer = probe.request(Method::Get, url, timeout);
        }
        last = match answer {
            Ok(code @ 200..=399) => return UrlState::Ok(code),
            Ok(code @ (429 | 500..=599)) => UrlState::Status(code),
            Ok(code) => return UrlState::Status(code),
            Err(e) => UrlState::Failed(e),
        };
    }
    last
}

/// Check every URL once, at most `workers` at a time; results in the
/// order of `urls`. `progress` counts each answer; once `stop` is set, no
/// new URL is asked, and those not asked are [`UrlState::NotChecked`].
fn check_all(
    probe: &dyn Request,
    urls: &[String],
    timeout: Duration,
    workers: usize,
    progress: &ProgressBar,
    stop: &AtomicBool,
) -> Vec<UrlState> {
    let results = Mutex::new(vec![None; urls.len()]);
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, urls.len().max(1)) {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let state = check_url(probe, url, timeout);
                    if !matches!(state, UrlState::Ok(_)) {
                        let n = failed.fetch_add(1, Ordering::Relaxed) + 1;
                        progress.set_message(format!("{n} failed"));
                    }
                    progress.inc(1);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(state);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|s| s.unwrap_or(UrlState::NotChecked))
        .collect()
}

/// Set by Ctrl-C while remote images are being checked: the checks stop
/// and the run goes on with the answers so far. At any other time, or a
/// second time, Ctrl-C ends weeklint as usual.
static STOP: AtomicBool = AtomicBool::new(false);
/// Remote images are being checked.
static CHECKING: AtomicBool = AtomicBool::new(false);

/// Take over Ctrl-C, once per process, as described at [`STOP`].
fn handle_ctrl_c() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Without a handler, Ctrl-C ends the run as it always did.
        let _ = ctrlc::set_handler(|| {
            if CHECKING.load(Ordering::SeqCst) && !STOP.swap(true, Ordering::SeqCst) {
                return;
            }
            std::process::exit(130);
        });
    });
}

/// A progress bar for `len` URLs on stderr, drawn only when stderr is a
/// terminal.
fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "checking remote images {pos}/{len} · {msg} · {eta} left (Ctrl-C stops)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message("0 failed");
    bar
}

/// Real HTTP over the network (ureq, rustls).
pub struct HttpProbe {
    agent: ureq::Agent,
}

impl fmt::Debug for HttpProbe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpProbe")
    }
}

impl Default for HttpProbe {
    fn default() -> Self {
        HttpProbe::new()
    }
}

impl HttpProbe {
    /// A client that returns every status as an answer and follows no
    /// redirect; proxies come from `ALL_PROXY`, `HTTPS_PROXY`,
    /// `HTTP_PROXY` and `NO_PROXY`.
    pub fn new() -> Self {
        HttpProbe::with_proxy(ureq::Proxy::try_from_env())
    }

    /// The same without any proxy: what tests against 127.0.0.1 need
    /// whatever the environment says.
    #[cfg(test)]
    fn direct() -> Self {
        HttpProbe::with_proxy(None)
    }

    fn with_proxy(proxy: Option<ureq::Proxy>) -> Self {
        let agent = ureq::Agent::config_builder()
            .proxy(proxy)
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("weeklint/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpProbe { agent }
    }
}

impl UrlProbe for HttpProbe {
    fn check_all(&self, urls: &[String], timeout: Duration) -> Vec<UrlState> {
        handle_ctrl_c();
        let progress = progress_bar(urls.len());
        CHECKING.store(true, Ordering::SeqCst);
        let states = check_all(self, urls, timeout, WORKERS, &progress, &STOP);
        CHECKING.store(false, Ordering::SeqCst);
        progress.finish_and_clear();
        states
    }
}

impl Request for HttpProbe {
    fn request(&self, method: Method, url: &str, timeout: Duration) -> Result<u16, String> {
        let result = match method {
            Method::Head => self
                .agent
                .head(url)
                .config()
                .timeout_global(Some(timeout))
                .build()
                .call(),
            Method::Get => self
                .agent
                .get(url)
                .config()
                .timeout_global(Some(timeout))
                .build()
                .call(),
        };
        match result {
            Ok(response) => Ok(response.status().as_u16()),
            Err(ureq::Error::Timeout(_)) => {
                Err(format!("no answer within {} s", timeout.as_secs()))
            }
            Err(e) => Err(lowercase_first(&e.to_string())),
        }
    }
}

/// `s` starting in lowercase, as weeklint's messages do, unless its first
/// word is an acronym (`CONNECT proxy failed`, `DNS …`).
fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    let acronym = s.chars().nth(1).is_some_and(char::is_uppercase);
    match c.next() {
        Some(f) if !acronym => f.to_lowercase().collect::<String>() + c.as_str(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_in_lowercase_but_acronyms_stay() {
        assert_eq!(lowercase_first("Connection refused"), "connection refused");
        assert_eq!(
            lowercase_first("CONNECT proxy failed"),
            "CONNECT proxy failed"
        );
        assert_eq!(lowercase_first("DNS lookup failed"), "DNS lookup failed");
        assert_eq!(lowercase_first("I"), "i");
        assert_eq!(lowercase_first(""), "");
    }
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Arc;

    /// A tiny HTTP/1.1 server on 127.0.0.1 that answers by path and counts
    /// requests. It serves `count` requests, then stops.
    fn serve(count: usize) -> (String, Arc<Mutex<HashMap<String, usize>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let seen = Arc::new(Mutex::new(HashMap::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().take(count) {
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                // Skip the headers.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_string();
                let path = parts.next().unwrap_or_default().to_string();
                if let Ok(mut l) = log.lock() {
                    *l.entry(format!("{method} {path}")).or_insert(0) += 1;
                }
                let status = match (method.as_str(), path.as_str()) {
                    (_, "/ok.png") => "200 OK",
                    ("HEAD", "/nohead.png") => "405 Method Not Allowed",
                    ("GET", "/nohead.png") => "200 OK",
                    (_, "/moved.png") => "301 Moved Permanently\r\nLocation: /ok.png",
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        (format!("http://127.0.0.1:{port}"), seen)
    }

    #[test]
    fn head_then_get_on_405_and_statuses() {
        let (base, seen) = serve(5);
        let probe = HttpProbe::direct();
        let urls: Vec<String> = ["/ok.png", "/nohead.png", "/missing.png", "/moved.png"]
            .iter()
            .map(|p| format!("{base}{p}"))
            .collect();
        let bar = ProgressBar::hidden();
        let go = AtomicBool::new(false);
        let states = check_all(&probe, &urls, Duration::from_secs(5), 2, &bar, &go);
        assert_eq!(bar.position(), 4);
        assert_eq!(
            states,
            [
                UrlState::Ok(200),
                UrlState::Ok(200),
                UrlState::Status(404),
                UrlState::Ok(301)
            ]
        );
        let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(seen.get("HEAD /nohead.png"), Some(&1));
        assert_eq!(seen.get("GET /nohead.png"), Some(&1));
        assert_eq!(seen.get("GET /ok.png"), None);
        assert_eq!(seen.get("HEAD /missing.png"), Some(&1));
    }

    #[test]
    fn once_stopped_no_url_is_asked() {
        // As after Ctrl-C: what was not asked is said to be not checked.
        let (base, seen) = serve(1);
        let urls = vec![format!("{base}/ok.png"), format!("{base}/missing.png")];
        let stop = AtomicBool::new(true);
        let states = check_all(
            &HttpProbe::direct(),
            &urls,
            Duration::from_secs(5),
            2,
            &ProgressBar::hidden(),
            &stop,
        );
        assert_eq!(states, [UrlState::NotChecked, UrlState::NotChecked]);
        assert!(seen.lock().map(|s| s.is_empty()).unwrap_or(false));
    }

    #[test]
    fn a_closed_port_fails_after_retries() {
        // Bind, then drop: nothing listens on the port any more.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(1);
        let state = check_url(
            &HttpProbe::direct(),
            &format!("http://127.0.0.1:{port}/a.png"),
            Duration::from_secs(2),
        );
        assert!(matches!(state, UrlState::Failed(_)), "{state:?}");
    }
}
