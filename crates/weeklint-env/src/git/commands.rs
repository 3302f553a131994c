//! The git commands `--staged` and `weeklint hook` run, and reading what
//! they print (`-z` output: paths may hold spaces, tabs, newlines and any
//! UTF-8). Inside a hook they see the index of the commit being made (see
//! the module's environment policy).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, anyhow, bail};

/// A git work tree, and the git commands weeklint runs in it.
#[derive(Debug, Clone)]
pub struct Git {
    root: PathBuf,
}

/// One path of the index (`git ls-files -s`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRecord {
    /// The mode: `0o100644`, `0o100755`, `0o120000` (link), `0o160000` (submodule).
    pub mode: u32,
    /// The object id of the content.
    pub oid: String,
    /// 0, or 1–3 for the sides of a merge conflict.
    pub stage: u8,
    /// Relative to the work tree root, `/`-separated.
    pub path: String,
}

impl IndexRecord {
    /// A regular file, executable or not.
    pub fn is_file(&self) -> bool {
        self.mode & 0o170000 == 0o100000
    }
}

/// One path of `git diff --cached --name-status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `A`dded, `C`opied, `D`eleted, `M`odified, `R`enamed, `T`ype
    /// changed, `U`nmerged, …
    pub status: char,
    /// The path in the index.
    pub path: String,
    /// For a rename or copy: where it came from.
    pub from: Option<String>,
}

impl Change {
    /// Whether the index has new content at `path` for the commit.
    pub fn has_content(&self) -> bool {
        matches!(self.status, 'A' | 'C' | 'M' | 'R' | 'T')
    }
}

impl Git {
    /// The git work tree holding `cwd`.
    pub fn open(cwd: &Path) -> Result<Git> {
        let out = run(Command::new("git")
            .current_dir(cwd)
            .args(["rev-parse", "--show-toplevel"]))?;
        let root = String::from_utf8(out)
            .map_err(|_| anyhow!("the path of the git work tree is not UTF-8"))?;
        let root = root.trim_end_matches(['\n', '\r']);
        if root.is_empty() {
            bail!("not inside a git work tree");
        }
        Ok(Git {
            root: PathBuf::from(root),
        })
    }

    /// The work tree root, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn git(&self) -> Command {
        // Relative paths in and out are relative to the root, whatever the
        // current folder and `diff.relative`.
        super::command(&self.root)
    }

    /// Every path of the index.
    pub fn index(&self) -> Result<Vec<IndexRecord>> {
        let out = run(self
            .git()
            .args(["ls-files", "--stage", "-z", "--full-name"]))?;
        parse_ls_files_stage(&out)
    }

    /// What the index changes against `HEAD` (against nothing before the
    /// first commit).
    pub fn staged_changes(&self) -> Result<Vec<Change>> {
        let out = run(self.git().args([
            "diff",
            "--cached",
            "--name-status",
            "-z",
            "--no-color",
            "--no-ext-diff",
            "--ignore-submodules=all",
        ]))?;
        parse_name_status(&out)
    }

    /// Paths whose working file differs from the index.
    pub fn unstaged_paths(&self) -> Result<Vec<String>> {
        let out =
            run(self
                .git()
                .args(["diff", "--name-only", "-z", "--no-color", "--no-ext-diff"]))?;
        Ok(split_z(&out))
    }

    /// Paths git ignores, ignored folders once with a final `/`.
    pub fn ignored_paths(&self) -> Result<Vec<String>> {
        let out = run(self.git().args(super::LS_IGNORED))?;
        Ok(split_z(&out))
    }

    /// The content of each object in `oids`, read by one `git cat-file
    /// --batch`; an object git does not have is left out.
    pub fn blobs(&self, oids: &[&str]) -> Result<HashMap<String, Vec<u8>>> {
        if oids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let mut input = oids.join("\n");
        input.push('\n');
        let stdin = child.stdin.take();
        // Written from another thread: git answers while it reads, and a
        // full pipe on either side would otherwise block both.
        let writer = std::thread::spawn(move || match stdin {
            Some(mut s) => s.write_all(input.as_bytes()),
            None => Ok(()),
        });
        let out = child.wait_with_output().context("cannot read from git")?;
        let written = writer
            .join()
            .map_err(|_| anyhow!("cannot write to git cat-file"))?;
        if !out.status.success() {
            bail!("{}", git_failure(&out.stderr));
        }
        written.context("cannot write to git cat-file")?;
        let objects = parse_cat_file_batch(&out.stdout)?;
        Ok(objects
            .into_iter()
            .filter_map(|(oid, content)| content.map(|c| (oid, c)))
            .collect())
    }

    /// The folder git runs hooks from: `core.hooksPath`, else the hooks
    /// folder of the repository (shared by its linked worktrees).
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let out = run(self.git().args(["rev-parse", "--git-path", "hooks"]))?;
        let dir = String::from_utf8(out)
            .map_err(|_| anyhow!("the path of the git hooks folder is not UTF-8"))?;
        Ok(self.root.join(dir.trim_end_matches(['\n', '\r'])))
    }

    /// `git add -- PATHS` (relative to the root).
    pub fn add(&self, paths: &[&str]) -> Result<()> {
        if paths.is_empty() {
            return Ok(());
        }
        run(self.git().args(["add", "--"]).args(paths))?;
        Ok(())
    }
}

/// Run a git command; its stdout, or the first line of what it said.
fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let out = cmd.stdin(Stdio::null()).output().map_err(spawn_error)?;
    if !out.status.success() {
        bail!("{}", git_failure(&out.stderr));
    }
    Ok(out.stdout)
}

fn spawn_error(e: std::io::Error) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("git is not installed (or not on PATH)"),
        _ => anyhow!("cannot run git: {e}"),
    }
}

/// The first line of git's complaint, without `fatal: `.
fn git_failure(stderr: &[u8]) -> String {
    let stderr = String::from_utf8_lossy(stderr);
    let first = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("exited with an error");
    let first = first
        .strip_prefix("fatal: ")
        .or_else(|| first.strip_prefix("error: "))
        .unwrap_or(first);
    format!("git: {first}")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// NUL-separated fields, empty ones dropped.
fn split_z(out: &[u8]) -> Vec<String> {
    out.split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(text)
        .collect()
}

/// `git ls-files --stage -z`: `MODE OID STAGE<TAB>PATH<NUL>`, repeated.
pub fn parse_ls_files_stage(out: &[u8]) -> Result<Vec<IndexRecord>> {
    let mut records = Vec::new();
    for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let bad = || anyhow!("unexpected output of git ls-files: {:?}", text(record));
        // The path is everything after the first tab: it may hold tabs.
        let tab = record.iter().position(|&b| b == b'\t').ok_or_else(bad)?;
        let (info, path) = (&record[..tab], &record[tab + 1..]);
        let info = std::str::from_utf8(info).map_err(|_| bad())?;
        let mut fields = info.split(' ');
        let (Some(mode), Some(oid), Some(stage), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        records.push(IndexRecord {
            mode: u32::from_str_radix(mode, 8).map_err(|_| bad())?,
            oid: oid.to_string(),
            stage: stage.parse().map_err(|_| bad())?,
            path: text(path),
        });
    }
    Ok(records)
}

/// `git diff --name-status -z`: `STATUS<NUL>PATH<NUL>`, or for renames
/// and copies `R100<NUL>FROM<NUL>TO<NUL>`.
pub fn parse_name_status(out: &[u8]) -> Result<Vec<Change>> {
    let mut fields = out.split(|&b| b == 0);
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let letter = status.first().map(|&b| char::from(b)).unwrap_or('?');
        let mut path = || {
            fields
                .next()
                .filter(|p| !p.is_empty())
                .map(text)
                .ok_or_else(|| anyhow!("unexpected output of git diff: a status without a path"))
        };
        let change = if matches!(letter, 'R' | 'C') {
            let from = path()?;
            Change {
                status: letter,
                path: path()?,
                from: Some(from),
            }
        } else {
            Change {
                status: letter,
                path: path()?,
                from: None,
            }
        };
        changes.push(change);
    }
    Ok(changes)
}

/// `git cat-file --batch`: for each object `OID TYPE SIZE<LF>CONTENT<LF>`,
/// or `OID missing<LF>`. Content `None` for a missing object.
pub fn parse_cat_file_batch(mut out: &[u8]) -> Result<Vec<(String, Option<Vec<u8>>)>> {
    let mut objects = Vec::new();
    while !out.is_empty() {
        let bad = || anyhow!("unexpected output of git cat-file");
        let eol = out.iter().position(|&b| b == b'\n').ok_or_else(bad)?;
        let header = std::str::from_utf8(&out[..eol]).map_err(|_| bad())?;
        out = &out[eol + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        match fields.as_slice() {
            [oid, "missing" | "ambiguous"] => objects.push((oid.to_string(), None)),
            [oid, _kind, size] => {
                let size: usize = size.parse().map_err(|_| bad())?;
                if out.len() < size + 1 || out[size] != b'\n' {
                    return Err(bad());
                }
                objects.push((oid.to_string(), Some(out[..size].to_vec())));
                out = &out[size + 1..];
            }
            _ => return Err(bad()),
        }
    }
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_files_paths_keep_spaces_tabs_newlines_and_non_ascii() {
        let out = "100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 0\tweek notes.md\0\
                   100755 0123456789abcdef0123456789abcdef01234567 0\t周报/2023\t年.md\0\
                   120000 89abcdef0123456789abcdef0123456789abcdef 0\tline\nbreak.md\0\
                   160000 fedcba9876543210fedcba9876543210fedcba98 0\tvendor/theme\0\
                   100644 1111111111111111111111111111111111111111 2\tconflict.md\0";
        let records = parse_ls_files_stage(out.as_bytes()).unwrap();
        let got: Vec<(u32, u8, &str, bool)> = records
            .iter()
            .map(|r| (r.mode, r.stage, r.path.as_str(), r.is_file()))
            .collect();
        assert_eq!(
            got,
            [
                (0o100644, 0, "week notes.md", true),
                (0o100755, 0, "周报/2023\t年.md", true),
                (0o120000, 0, "line\nbreak.md", false),
                (0o160000, 0, "vendor/theme", false),
                (0o100644, 2, "conflict.md", true),
            ]
        );
        assert_eq!(records[0].oid, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assert!(parse_ls_files_stage(b"").is_ok_and(|r| r.is_empty()));
    }

    #[test]
    fn ls_files_garbage_is_an_error_not_a_panic() {
        for bad in [
            &b"100644 abc\tx.md\0"[..],
            b"no tab here\0",
            b"99x abc 0\tx.md\0",
        ] {
            assert!(parse_ls_files_stage(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn name_status_with_renames_copies_and_odd_paths() {
        let out = "M\0notes/week 1.md\0A\0周报.md\0D\0gone.md\0R087\0old\nname.md\0new name.md\0\
                   C100\0a.md\0b.md\0T\0link.md\0";
        let changes = parse_name_status(out.as_bytes()).unwrap();
        let got: Vec<(char, &str, Option<&str>, bool)> = changes
            .iter()
            .map(|c| {
                (
                    c.status,
                    c.path.as_str(),
                    c.from.as_deref(),
                    c.has_content(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ('M', "notes/week 1.md", None, true),
                ('A', "周报.md", None, true),
                ('D', "gone.md", None, false),
                ('R', "new name.md", Some("old\nname.md"), true),
                ('C', "b.md", Some("a.md"), true),
                ('T', "link.md", None, true),
            ]
        );
        assert!(parse_name_status(b"M\0").is_err());
        assert!(parse_name_status(b"R100\0only-one.md\0").is_err());
    }

    #[test]
    fn cat_file_batch_reads_sizes_not_lines() {
        let mut out = Vec::new();
        out.extend_from_slice(b"aaaa blob 12\n# A\n\n## B\nx\n\n");
        out.extend_from_slice(b"bbbb missing\n");
        out.extend_from_slice(b"cccc blob 0\n\n");
        out.extend_from_slice("dddd blob 5\n周\n\0\n".as_bytes());
        let objects = parse_cat_file_batch(&out).unwrap();
        assert_eq!(
            objects,
            [
                ("aaaa".to_string(), Some(b"# A\n\n## B\nx\n".to_vec())),
                ("bbbb".to_string(), None),
                ("cccc".to_string(), Some(Vec::new())),
                ("dddd".to_string(), Some("周\n\0".as_bytes().to_vec())),
            ]
        );
        // Cut short, or a size that does not fit.
        assert!(parse_cat_file_batch(b"aaaa blob 12\n# A\n").is_err());
        assert!(parse_cat_file_batch(b"aaaa blob 2\nabc\n").is_err());
        assert!(parse_cat_file_batch(b"aaaa blob x\n\n").is_err());
    }

    #[test]
    fn a_git_complaint_loses_its_prefix() {
        assert_eq!(
            git_failure(b"fatal: not a git repository (or any of the parent directories): .git\n"),
            "git: not a git repository (or any of the parent directories): .git"
        );
        assert_eq!(git_failure(b""), "git: exited with an error");
    }

    /// `git` in `dir` with a fixed identity and no outside config.
    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    }

    #[test]
    fn one_cat_file_reads_every_blob_of_a_real_index() {
        if std::env::var_os("GIT_INDEX_FILE").is_some() || std::env::var_os("GIT_DIR").is_some() {
            // Run from inside a git hook: the index named there is not this one.
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let names = ["plain.md", "with space.md", "周报.md", "line\nbreak.md"];
        for (i, name) in names.iter().enumerate() {
            std::fs::write(root.join(name), format!("# {i}\n")).unwrap();
        }
        git(root, &["init", "-q"]);
        git(root, &["add", "."]);
        let repo = Git::open(root).unwrap();
        let index = repo.index().unwrap();
        let mut paths: Vec<&str> = index.iter().map(|r| r.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            ["line\nbreak.md", "plain.md", "with space.md", "周报.md"]
        );
        let changes = repo.staged_changes().unwrap();
        assert_eq!(changes.len(), 4);
        assert!(changes.iter().all(|c| c.status == 'A'));
        let oids: Vec<&str> = index.iter().map(|r| r.oid.as_str()).collect();
        let blobs = repo.blobs(&oids).unwrap();
        for r in &index {
            let i = names
                .iter()
                .position(|n| *n == r.path)
                .unwrap_or(usize::MAX);
            assert_eq!(blobs.get(&r.oid), Some(&format!("# {i}\n").into_bytes()));
        }
    }
}
