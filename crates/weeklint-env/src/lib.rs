//! weeklint's outside world: the working tree and git, as the rules'
//! file-system view, and remote images over HTTP.
//!
//! Everything that reads the disk, runs git or opens a connection is here;
//! the core asks its questions through the traits [`FsView`] and
//! [`UrlProbe`] and holds none of this.
//!
//! [`FsView`]: weeklint_core::fs::FsView
//! [`UrlProbe`]: weeklint_core::net::UrlProbe

pub mod git;
pub mod net;
mod once_map;
mod worktree;

pub use git::IndexView;
pub use net::HttpProbe;
pub use worktree::WorkTree;
#[cfg(test)]
mod test_util;
