//! The integrations: `github`, `sarif` and `summary` output, `init`,
//! completions and the man page, the pre-commit hooks run by the real
//! pre-commit framework, and the ways weeklint is distributed: the wheel,
//! the pre-commit mirror, the action's download, the release workflow.

mod action;
mod action_download;
mod distribution;
mod formats;
mod init;
mod manual;
mod pre_commit;
mod support;
mod workflows;
