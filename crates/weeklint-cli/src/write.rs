//! Writing fixed files: atomically, keeping permissions, and never over a
//! file that changed since it was read.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::SystemTime;

use crate::read::describe_io_error;

/// Why a fixed file was not written. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file has no write permission.
    #[error("is read-only; fixes were not written")]
    ReadOnly,
    /// The file on disk is no longer the text that was fixed.
    #[error("changed on disk while it was being fixed; left alone, run weeklint again")]
    Changed,
    /// The path leads, through a symbolic link, out of the project root.
    #[error("is a link to a file outside the project root; fixes are not written through it")]
    OutsideLink,
    /// The file has other hard links, which a new file would split off.
    #[error("has {0} hard links, which fixing would split apart; fixes were not written")]
    HardLinks(u64),
    /// Reading, writing or renaming failed.
    #[error("could not be written ({0}); it is unchanged")]
    Io(String),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(describe_io_error(&e))
    }
}

/// Replace the file at `path`, whose text was `original` when read, with
/// `fixed`. Returns whether it wrote anything: an unchanged text is not
/// written.
///
/// The new text goes to a temporary file in the same folder, which then
/// replaces the file in one rename, so a crash leaves either the old or the
/// new file, never half of one. A symbolic link is followed, so the link
/// stays a link, unless it leads out of the project `root` (an absolute
/// path): a link committed to a repository must not make weeklint edit a
/// file elsewhere. The new file keeps the mode and, where the user may
/// set them, the owner and group; see docs/fixing.md.
pub fn write_fixed(
    path: &Path,
    original: &str,
    fixed: &str,
    root: &Path,
) -> Result<bool, WriteError> {
    if original == fixed {
        return Ok(false);
    }
    let target = fs::canonicalize(path)?;
    let written =
        std::env::current_dir().map(|cwd| weeklint_core::fs::normalize(&cwd.join(path)))?;
    if written.starts_with(root) && !fs::canonicalize(root).is_ok_and(|r| target.starts_with(r)) {
        return Err(WriteError::OutsideLink);
    }
    let meta = fs::metadata(&target)?;
    // Renaming over a read-only file would succeed: the folder allows it.
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(meta.nlink()));
        }
    }
    let stamp = |m: &fs::Metadata| (m.len(), m.modified().ok());
    let before: (u64, Option<SystemTime>) = stamp(&meta);
    if fs::read(&target)? != original.as_bytes() {
        return Err(WriteError::Changed);
    }
    let dir = target
        .parent()
        .ok_or_else(|| WriteError::Io("the file has no parent folder".to_string()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".weeklint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(fixed.as_bytes())?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        // Run as root, the new file would be root's: give it back. Others
        // may only set a group they are in; a failure leaves the file
        // theirs, as any editor that saves by rename does.
        let file = tmp.as_file();
        if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
        }
    }
    tmp.as_file().sync_all()?;
    // Last look before the rename: an editor may have saved meanwhile.
    if stamp(&fs::metadata(&target)?) != before {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target)
        .map_err(|e| WriteError::from(e.error))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    #[test]
    fn writes_the_new_text_and_leaves_no_temporary_file() {
        let (dir, path) = temp_file("##a\n");
        assert!(matches!(
            write_fixed(&path, "##a\n", "## a\n", Path::new("/")),
            Ok(true)
        ));
        assert_eq!(read(&path), "## a\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["notes.md"]);
    }

    #[test]
    fn an_unchanged_text_is_not_written() {
        let (_dir, path) = temp_file("## a\n");
        let before = fs::metadata(&path).and_then(|m| m.modified()).ok();
        assert!(matches!(
            write_fixed(&path, "## a\n", "## a\n", Path::new("/")),
            Ok(false)
        ));
        assert_eq!(fs::metadata(&path).and_then(|m| m.modified()).ok(), before);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let (_dir, path) = temp_file("##a\nsaved by an editor meanwhile\n");
        assert!(matches!(
            write_fixed(&path, "##a\n", "## a\n", Path::new("/")),
            Err(WriteError::Changed)
        ));
        assert_eq!(read(&path), "##a\nsaved by an editor meanwhile\n");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_read_only_files_are_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = temp_file("##a\n");
        let set = |mode| fs::set_permissions(&path, fs::Permissions::from_mode(mode));
        set(0o640).unwrap();
        assert!(matches!(
            write_fixed(&path, "##a\n", "## a\n", Path::new("/")),
            Ok(true)
        ));
        let mode = fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o640));

        set(0o444).unwrap();
        assert!(matches!(
            write_fixed(&path, "## a\n", "## b\n", Path::new("/")),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(read(&path), "## a\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link() {
        let (dir, path) = temp_file("##a\n");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(
            write_fixed(&link, "##a\n", "## a\n", Path::new("/")),
            Ok(true)
        ));
        assert!(
            fs::symlink_metadata(&link)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        assert_eq!(read(&path), "## a\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_root_is_not_written_through() {
        // A committed `leak.md -> ../outside/notes.md` had its target fixed.
        let (dir, outside) = temp_file("##a\n");
        let root = dir.path().join("project");
        fs::create_dir(&root).unwrap();
        let link = root.join("leak.md");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(matches!(
            write_fixed(&link, "##a\n", "## a\n", &root),
            Err(WriteError::OutsideLink)
        ));
        assert_eq!(read(&outside), "##a\n");
        // Named from outside the root, the file itself is written.
        assert!(matches!(
            write_fixed(&outside, "##a\n", "## a\n", &root),
            Ok(true)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_hard_links_is_left_alone() {
        let (dir, path) = temp_file("##a\n");
        let other = dir.path().join("other.md");
        fs::hard_link(&path, &other).unwrap();
        assert!(matches!(
            write_fixed(&path, "##a\n", "## a\n", Path::new("/")),
            Err(WriteError::HardLinks(2))
        ));
        assert_eq!(read(&other), "##a\n");
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_and_group_are_kept_when_run_as_root() {
        use std::os::unix::fs::MetadataExt as _;
        let (_dir, path) = temp_file("##a\n");
        // Only root may give a file away.
        if std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_err() {
            return;
        }
        assert!(matches!(
            write_fixed(&path, "##a\n", "## a\n", Path::new("/")),
            Ok(true)
        ));
        let meta = fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
        assert_eq!(read(&path), "## a\n");
    }
}
