//! What image rules ask of the outside world, and the parts of answering
//! that need no disk: folder listings as data, path lookups by letter
//! case, nearest names for suggestions.
//!
//! The answers come from an [`FsView`] the caller hands in: weeklint-env
//! reads the working tree and git; [`MemoryFs`] holds a tree in memory for
//! tests and examples.

mod dir_list;
mod folded;
mod lookup;
mod memory;
mod path;
mod view;

pub use dir_list::{DirList, Entry, EntryKind, Names};
pub use folded::{FoldedPaths, push_lowercase};
pub use lookup::{ImageBases, Lookup, Match, lookup};
pub use memory::MemoryFs;
pub use path::{normalize, push_slash, slash};
pub use view::{FsView, GitFolder, GitStatus, RepoPath};
