//! Paths as text: `/`-separated, and normalized without the disk.

use std::path::{Component, Path, PathBuf};

/// A path `/`-separated.
pub fn slash(path: &Path) -> String {
    let mut out = String::with_capacity(path.as_os_str().len());
    push_slash(&mut out, path);
    out
}

/// Append `path`, `/`-separated, to `out`.
pub fn push_slash(out: &mut String, path: &Path) {
    // `to_str` first: its check of valid (nearly always ASCII) names is
    // several times faster than lossy decoding, and it runs per file.
    let s = match path.to_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => path.to_string_lossy(),
    };
    if std::path::MAIN_SEPARATOR == '/' {
        out.push_str(&s);
    } else {
        out.push_str(&s.replace(std::path::MAIN_SEPARATOR, "/"));
    }
}

/// Remove `.` and resolve `..` lexically (symbolic links are not followed).
pub fn normalize(path: &Path) -> PathBuf {
    if is_normal(path) {
        // The common case (a folder joined to the working folder), with
        // no path rebuilt a component at a time.
        return path.to_path_buf();
    }
    let mut out = PathBuf::with_capacity(path.as_os_str().len());
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `normalize` would give `path` back as it is: no `.` or `..`
/// names, no empty ones (`a//b`, `a/`). Only `/` paths are judged; any
/// other is not normal.
fn is_normal(path: &Path) -> bool {
    if std::path::MAIN_SEPARATOR != '/' {
        return false;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    // `/` alone, or nothing at all, comes back as it is.
    rest.is_empty()
        || rest
            .split(|&b| b == b'/')
            .all(|name| !matches!(name, b"" | b"." | b".."))
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    #[test]
    fn normalize_keeps_normal_paths_and_cleans_others() {
        for (path, want) in [
            ("/a/b", "/a/b"),
            ("a/b.png", "a/b.png"),
            ("/", "/"),
            ("", ""),
            ("/a/./b", "/a/b"),
            ("/a/../b", "/b"),
            ("a//b/", "a/b"),
            ("./a", "a"),
            ("../a", "../a"),
            ("/..", "/"),
            ("a/..", ""),
            ("/a/.hidden/b", "/a/.hidden/b"),
            ("/a/..b/c", "/a/..b/c"),
        ] {
            assert_eq!(normalize(Path::new(path)), Path::new(want), "{path}");
            // The fast path agrees with the full one.
            if is_normal(Path::new(path)) {
                assert_eq!(path, want);
            }
        }
    }

    /// A UTF-8 name is appended as it is; one that is not, lossily.
    #[test]
    fn push_slash_appends_names_as_text() {
        let mut out = String::from("root/");
        push_slash(&mut out, Path::new("pic/图 1.png"));
        assert_eq!(out, "root/pic/图 1.png");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let mut out = String::new();
            push_slash(&mut out, Path::new(OsStr::from_bytes(b"pic/a\xff.png")));
            assert_eq!(out, "pic/a\u{FFFD}.png");
        }
    }
}
