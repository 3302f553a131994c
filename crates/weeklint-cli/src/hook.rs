//! `weeklint hook install|uninstall|status`: a native git pre-commit hook
//! that runs `weeklint check --staged`, for people without the pre-commit
//! framework.
//!
//! The hook is a POSIX sh script in the folder git runs hooks from
//! (`core.hooksPath`, else the repository's hooks folder, which linked
//! worktrees share). A marker line says weeklint wrote it: weeklint only
//! ever replaces or removes its own hook. `--force` moves a hook it did
//! not write to `pre-commit.bak`, and the new hook records that, so that
//! `uninstall` puts back exactly what `install` moved away.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use crate::Outcome;
use crate::args::{HookAction, HookArgs};
use crate::discover::slash;
use weeklint_env::git::Git;

/// The line that marks a hook as weeklint's.
pub const MARKER: &str = "# weeklint pre-commit hook, written by `weeklint hook install`";

/// The line that says `install --force` moved the previous hook to
/// `pre-commit.bak`.
const KEPT_BACKUP: &str = "# weeklint kept the hook it replaced as pre-commit.bak";

const HOOK: &str = "pre-commit";
const BACKUP: &str = "pre-commit.bak";

/// Run `weeklint hook ACTION` in the current folder.
pub fn run(args: &HookArgs) -> Result<Outcome> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let git = match Git::open(&cwd) {
        Ok(g) => g,
        Err(e) => {
            writeln!(
                io::stderr(),
                "weeklint: error: a git hook needs a git work tree ({e:#})"
            )?;
            return Ok(Outcome::Failure);
        }
    };
    let dir = git
        .hooks_dir()
        .context("cannot find the git hooks folder")?;
    let hooks = Hooks {
        hook: dir.join(HOOK),
        backup: dir.join(BACKUP),
        dir,
        shown: Box::new(move |p: &Path| shown(p, &cwd)),
    };
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    match args.action {
        HookAction::Install { force } => {
            let exe = std::env::current_exe().context("cannot find the weeklint binary")?;
            let exe = exe
                .to_str()
                .ok_or_else(|| anyhow!("the path of the weeklint binary is not UTF-8: {exe:?}"))?;
            hooks.install(exe, force, &mut out, &mut err)
        }
        HookAction::Uninstall => hooks.uninstall(&mut out, &mut err),
        HookAction::Status => hooks.status(&mut out),
    }
}

/// `path` as printed: relative to `cwd` when under it.
fn shown(path: &Path, cwd: &Path) -> String {
    match path.strip_prefix(cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => slash(rel),
        _ => slash(path),
    }
}

/// What is at a hook's path.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Nothing,
    /// weeklint's hook, with its text.
    Ours(String),
    /// Someone else's hook (or something that cannot be read as text).
    Foreign,
}

/// The hooks folder and the paths weeklint uses in it.
struct Hooks {
    dir: PathBuf,
    hook: PathBuf,
    backup: PathBuf,
    shown: Box<dyn Fn(&Path) -> String>,
}

impl Hooks {
    fn find(&self, path: &Path) -> Result<Found> {
        // A dangling link is still something weeklint must not overwrite.
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(Found::Nothing);
        }
        Ok(match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) if is_ours(&text) => Found::Ours(text),
                _ => Found::Foreign,
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => Found::Foreign,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", (self.shown)(path)));
            }
        })
    }

    fn install(
        &self,
        exe: &str,
        force: bool,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<Outcome> {
        let shown = (self.shown)(&self.hook);
        let (kept_backup, verb) = match self.find(&self.hook)? {
            Found::Nothing => (false, "installed"),
            Found::Ours(text) => {
                let kept = text.lines().any(|l| l == KEPT_BACKUP);
                if text == script(exe, kept) {
                    writeln!(
                        out,
                        "weeklint's pre-commit hook is already installed at {shown}"
                    )?;
                    return Ok(Outcome::Clean);
                }
                (kept, "updated")
            }
            Found::Foreign if !force => {
                writeln!(
                    err,
                    "weeklint: error: {shown} is a hook weeklint did not write; left it alone. \
                     `weeklint hook install --force` replaces it and keeps it as {BACKUP}"
                )?;
                return Ok(Outcome::Failure);
            }
            Found::Foreign => {
                if std::fs::symlink_metadata(&self.backup).is_ok() {
                    writeln!(
                        err,
                        "weeklint: error: {} exists already, and weeklint does not overwrite it; \
                         move it away and run this again",
                        (self.shown)(&self.backup)
                    )?;
                    return Ok(Outcome::Failure);
                }
                std::fs::rename(&self.hook, &self.backup).with_context(|| {
                    format!("cannot move {shown} to {}", (self.shown)(&self.backup))
                })?;
                writeln!(
                    out,
                    "moved the existing hook to {}; it no longer runs",
                    (self.shown)(&self.backup)
                )?;
                (true, "installed")
            }
        };
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", (self.shown)(&self.dir)))?;
        write_executable(&self.hook, &script(exe, kept_backup))
            .with_context(|| format!("cannot write {shown}"))?;
        writeln!(
            out,
            "{verb} weeklint's pre-commit hook at {shown}: `git commit` runs `weeklint check --staged` \
             ({exe}, else weeklint on PATH)"
        )?;
        Ok(Outcome::Clean)
    }

    fn uninstall(&self, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
        let shown = (self.shown)(&self.hook);
        let text = match self.find(&self.hook)? {
            Found::Nothing => {
                writeln!(out, "no pre-commit hook at {shown}; nothing to remove")?;
                return Ok(Outcome::Clean);
            }
            Found::Foreign => {
                writeln!(
                    err,
                    "weeklint: {shown} is a hook weeklint did not write; left it alone"
                )?;
                return Ok(Outcome::Clean);
            }
            Found::Ours(text) => text,
        };
        std::fs::remove_file(&self.hook).with_context(|| format!("cannot remove {shown}"))?;
        writeln!(out, "removed weeklint's pre-commit hook from {shown}")?;
        let backup = (self.shown)(&self.backup);
        if text.lines().any(|l| l == KEPT_BACKUP) {
            if std::fs::symlink_metadata(&self.backup).is_ok() {
                std::fs::rename(&self.backup, &self.hook)
                    .with_context(|| format!("cannot move {backup} back to {shown}"))?;
                writeln!(out, "restored the hook it had replaced, from {backup}")?;
            } else {
                writeln!(
                    err,
                    "weeklint: {backup}, the hook it had replaced, is gone; nothing to restore"
                )?;
            }
        }
        Ok(Outcome::Clean)
    }

    fn status(&self, out: &mut dyn Write) -> Result<Outcome> {
        let shown = (self.shown)(&self.hook);
        match self.find(&self.hook)? {
            Found::Nothing => writeln!(
                out,
                "no pre-commit hook at {shown}; `weeklint hook install` writes one"
            )?,
            Found::Foreign => writeln!(
                out,
                "{shown} is a pre-commit hook weeklint did not write; \
                 `weeklint hook install --force` replaces it (keeping it as {BACKUP})"
            )?,
            Found::Ours(text) => {
                write!(out, "weeklint's pre-commit hook is installed at {shown}")?;
                match binary(&text) {
                    Some(exe) if Path::new(&exe).is_file() => write!(out, "; it runs {exe}")?,
                    Some(exe) => write!(
                        out,
                        "; {exe} is gone, so it runs weeklint on PATH \
                         (`weeklint hook install` points it at this weeklint)"
                    )?,
                    None => {}
                }
                writeln!(out)?;
                if !is_executable(&self.hook) {
                    writeln!(
                        out,
                        "it is not executable, so git does not run it; `weeklint hook install` fixes that"
                    )?;
                }
                if text.lines().any(|l| l == KEPT_BACKUP) {
                    writeln!(
                        out,
                        "the hook it replaced is kept as {}; `weeklint hook uninstall` puts it back",
                        (self.shown)(&self.backup)
                    )?;
                }
            }
        }
        Ok(Outcome::Clean)
    }
}

fn is_ours(text: &str) -> bool {
    text.lines().any(|l| l == MARKER)
}

/// The hook script: weeklint at `exe`, else `weeklint` on PATH.
pub fn script(exe: &str, kept_backup: bool) -> String {
    let backup = if kept_backup {
        format!("{KEPT_BACKUP}\n")
    } else {
        String::new()
    };
    format!(
        r#"#!/bin/sh
{MARKER}
# It lints what the commit will contain; `git commit --no-verify` skips it
# once, `weeklint hook uninstall` removes it.
{backup}weeklint={exe}
if [ ! -x "$weeklint" ]; then
    if ! command -v weeklint >/dev/null 2>&1; then
        echo "weeklint pre-commit hook: weeklint is neither at $weeklint nor on PATH" >&2
        echo "install it, or skip this check once with git commit --no-verify" >&2
        exit 1
    fi
    weeklint=weeklint
fi
"$weeklint" check --staged
status=$?
if [ "$status" -ne 0 ]; then
    echo "weeklint stopped the commit; \`git commit --no-verify\` skips this check" >&2
fi
exit "$status"
"#,
        exe = sh_quote(exe)
    )
}

/// The binary a weeklint hook calls.
fn binary(text: &str) -> Option<String> {
    let quoted = text.lines().find_map(|l| l.strip_prefix("weeklint="))?;
    let inner = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace(r"'\''", "'"))
}

/// Single-quoted for sh.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Write `text` to `path` through a temporary file in the same folder, so
/// that git never runs half a hook, with the executable bits set.
fn write_executable(path: &Path, text: &str) -> io::Result<()> {
    let tmp = path.with_extension("weeklint-tmp");
    std::fs::write(&tmp, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_quotes_the_binary_and_reads_it_back() {
        let exe = "/opt/my tools/it's/weeklint";
        let text = script(exe, false);
        assert!(is_ours(&text));
        assert!(text.contains(r"weeklint='/opt/my tools/it'\''s/weeklint'"));
        assert_eq!(binary(&text).as_deref(), Some(exe));
        assert!(!text.contains(KEPT_BACKUP));
        assert!(script(exe, true).lines().any(|l| l == KEPT_BACKUP));
        assert!(!is_ours("#!/bin/sh\n# weeklint\nweeklint check\n"));
    }
}
