//! End-to-end tests of the `weeklint` binary. One test binary, many modules.

mod common;

mod bad_input;
mod check;
mod config;
mod dates;
mod discovery;
mod example;
mod fix;
mod git_hook;
mod images;
mod integrations;
mod readme;
mod rules;
