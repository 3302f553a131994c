//! The integrations: `github`, `sarif` and `summary` output, `init`,
//! completions and the man page, and the pre-commit hooks run by the real
//! pre-commit framework.

mod action;
mod formats;
mod init;
mod manual;
mod pre_commit;
mod support;
