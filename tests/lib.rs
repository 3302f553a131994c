//! End-to-end tests of the `weeklint` binary. One test binary, many modules.

// A helper's panic is its test's failure, with the message: as in `#[test]`
// functions, where clippy.toml allows them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod bad_input;
mod changelogs;
mod check;
mod config;
mod dates;
mod discovery;
mod example;
mod fix;
mod git_hook;
mod images;
mod integrations;
mod lsp;
mod readme;
mod rules;
