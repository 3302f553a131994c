//! `remote-image` against a server on 127.0.0.1 that the test starts.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{run, tempdir, write};

type Log = Arc<Mutex<HashMap<String, usize>>>;

/// Serve until `max` requests or 60 seconds, whichever comes first;
/// answer by path and count each `METHOD /path`.
fn serve(max: usize) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut served = 0;
        while served < max && Instant::now() < deadline {
            let stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            served += 1;
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or_default().to_string();
            let path = parts.next().unwrap_or_default().to_string();
            if let Ok(mut l) = seen.lock() {
                *l.entry(format!("{method} {path}")).or_insert(0) += 1;
            }
            let route = path.split('?').next().unwrap_or_default();
            let status = match (method.as_str(), route) {
                (_, "/ok.png") => "200 OK",
                ("HEAD", "/nohead.png") => "405 Method Not Allowed",
                ("GET", "/nohead.png") => "200 OK",
                (_, "/moved.png") => "302 Found\r\nLocation: /ok.png",
                _ => "404 Not Found",
            };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (format!("http://127.0.0.1:{port}"), log)
}

fn count(log: &Log, key: &str) -> usize {
    log.lock().map_or(0, |l| l.get(key).copied().unwrap_or(0))
}

#[test]
fn remote_images_are_asked_once_each_and_not_offline() {
    let (base, log) = serve(20);
    let tmp = tempdir();
    let dir = tmp.path();
    write(
        dir,
        "a.md",
        format!(
            "![ok]({base}/ok.png)\n\n<img src=\"{base}/missing.png\" width=\"4\">\n\n![n]({base}/nohead.png)\n"
        )
        .as_bytes(),
    );
    write(
        dir,
        "b.md",
        format!("![ok again]({base}/ok.png?x=1#f)\n\n![ok]({base}/ok.png) ![m]({base}/moved.png)\n\n![d](data:image/png;base64,AA==)\n").as_bytes(),
    );

    // Off by default.
    let (out, code) = run(dir, &["check", "--output-format", "concise"]);
    assert_eq!((out.as_str(), code), ("no problems in 2 files\n", 0));
    assert_eq!(count(&log, "HEAD /ok.png"), 0);

    let args = [
        "check",
        "--select",
        "remote-image",
        "--output-format",
        "concise",
    ];
    let (out, code) = run(dir, &args);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!(
            "a.md:3:11: warning[remote-image] remote image {base}/missing.png answers 404 Not Found\n\
             1 warning in 1 file\n"
        )
    );
    // Used twice in two files, asked once.
    assert_eq!(count(&log, "HEAD /ok.png"), 1);
    // The fragment stays in the browser; the query is part of the resource.
    assert_eq!(count(&log, "HEAD /ok.png?x=1"), 1);
    assert_eq!(count(&log, "HEAD /nohead.png"), 1);
    assert_eq!(count(&log, "GET /nohead.png"), 1);
    assert_eq!(count(&log, "GET /ok.png"), 0);
    // A redirect is an answer; it is not followed.
    assert_eq!(count(&log, "HEAD /moved.png"), 1);

    let before: usize = log.lock().map_or(0, |l| l.values().sum());
    let mut offline = args.to_vec();
    offline.push("--offline");
    let (out, code) = run(dir, &offline);
    assert_eq!((out.as_str(), code), ("no problems in 2 files\n", 0));
    let after: usize = log.lock().map_or(0, |l| l.values().sum());
    assert_eq!(before, after, "--offline sent requests");
}

/// A port nothing listens on (bound, then let go).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9)
}

/// `check` of `a.md` holding `text`, with `remote-image` on as an error.
fn check_remote(text: &str) -> (String, i32) {
    let tmp = tempdir();
    write(tmp.path(), "a.md", text.as_bytes());
    write(
        tmp.path(),
        "lint.toml",
        b"[rules]\nremote-image = \"error\"\n\n[images]\ntimeout-secs = 2\n",
    );
    run(tmp.path(), &["check", "--output-format", "concise"])
}

#[test]
fn unreachable_hosts_are_reported_with_the_reason() {
    let port = closed_port();
    let (out, code) = check_remote(&format!("![x](http://127.0.0.1:{port}/a.png)\n"));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(&format!(
            "a.md:1:6: error[remote-image] remote image http://127.0.0.1:{port}/a.png cannot be reached: "
        )),
        "{out}"
    );
}

#[test]
fn a_suppression_comment_silences_a_remote_image() {
    // Rules that look at every file run after each file is checked: their
    // diagnostics must still honour the file's suppression comments.
    let port = closed_port();
    let (out, code) = check_remote(&format!(
        "<!-- weeklint-disable-next-line remote-image -->\n![x](http://127.0.0.1:{port}/a.png)\n\n![y](http://127.0.0.1:{port}/b.png)\n"
    ));
    assert_eq!(code, 1, "{out}");
    let reported: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[remote-image]"))
        .collect();
    assert_eq!(reported.len(), 1, "{out}");
    assert!(
        reported[0].starts_with(&format!(
            "a.md:4:6: error[remote-image] remote image http://127.0.0.1:{port}/b.png cannot be reached: "
        )),
        "{out}"
    );
}

#[test]
fn all_rules_means_every_offline_rule() {
    // `--select all` checked 17,640 URLs for 5 minutes: the network is
    // asked for by name.
    let (base, log) = serve(4);
    let tmp = tempdir();
    write(
        tmp.path(),
        "a.md",
        format!("# A\n\n![m]({base}/missing.png)\n").as_bytes(),
    );
    let (out, code) = run(
        tmp.path(),
        &["check", "--select", "all", "--output-format", "concise"],
    );
    assert_eq!((out.as_str(), code), ("no problems in 1 file\n", 0));
    assert_eq!(log.lock().map_or(1, |l| l.values().sum::<usize>()), 0);
    let (out, _) = run(
        tmp.path(),
        &[
            "check",
            "--select",
            "all,remote-image",
            "--output-format",
            "concise",
        ],
    );
    assert!(out.contains("warning[remote-image]"), "{out}");
}

/// Run `weeklint ARGS` in `dir` under a pseudo-terminal (util-linux
/// `script`), so that stderr is a terminal; what it printed.
#[cfg(target_os = "linux")]
fn in_terminal(dir: &std::path::Path, args: &str) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin!("weeklint");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn remote_checks_show_progress_on_a_terminal_only() {
    let (base, _) = serve(60);
    let tmp = tempdir();
    let images: String = (0..20)
        .map(|i| format!("![i]({base}/slow{i}.png)\n\n"))
        .collect();
    write(tmp.path(), "a.md", images.as_bytes());
    let args = "check --select remote-image --output-format concise";
    let Some(shown) = in_terminal(tmp.path(), args) else {
        return; // no `script` here
    };
    assert!(shown.contains("checking remote images"), "{shown}");
    assert!(shown.contains("(Ctrl-C stops)"), "{shown}");
    // Not on a pipe.
    let (code, _, err) =
        crate::common::run(crate::common::weeklint(tmp.path()).args(args.split(' ')));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("checking remote images"), "{err}");
}

/// A server that answers every request after `delay`, 404.
fn slow_server(delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                std::thread::sleep(delay);
                let _ = write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_checks_and_keeps_the_answers_so_far() {
    let base = slow_server(Duration::from_secs(2));
    let tmp = tempdir();
    let images: String = (0..40)
        .map(|i| format!("![i]({base}/slow{i}.png)\n\n"))
        .collect();
    write(tmp.path(), "a.md", images.as_bytes());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("weeklint"))
        .args([
            "check",
            "--select",
            "remote-image",
            "--output-format",
            "concise",
        ])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Eight at a time, two seconds each: the first answers come at 2 s,
    // all of them would take 10 s.
    std::thread::sleep(Duration::from_millis(2500));
    let started = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    // The answers so far are reported; the rest are said to be unchecked.
    let reported = stdout.matches("warning[remote-image]").count();
    assert!((8..40).contains(&reported), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "weeklint: note: remote-image: the checks were stopped; {} of 40 URLs were not checked",
            40 - reported
        )),
        "{stderr}"
    );
}
