//! Command-line arguments (clap derive types only).

use std::path::PathBuf;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use weeklint_core::registry;

/// A linter and fixer for Markdown journals kept in git.
#[derive(Debug, Parser)]
#[command(
    name = "weeklint",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "`weeklint PATHS...` is short for `weeklint check PATHS...`."
)]
pub struct Cli {
    /// What to do (default: check).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Arguments of `check`, when no command is given.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown files (the default command).
    Check(CheckArgs),
    /// Show the documentation of a rule, or list the rules.
    Rule(RuleArgs),
    /// Write a lint.toml inferred from the Markdown files already there.
    Init(InitArgs),
    /// List the dated headings weeklint recognises, with their dates.
    Outline(OutlineArgs),
    /// Print a completion script for a shell.
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a folder.
    Man(ManArgs),
    /// Install, remove or show weeklint's git pre-commit hook.
    Hook(HookArgs),
    /// Run a language server over stdin and stdout, for editors.
    Server(ServerArgs),
}

/// `weeklint server`
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Speak over stdin and stdout (what the server always does; taken
    /// because editors' generic clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// A rule name (or `all`, with `all`). Any text is taken: an unknown name
/// gets weeklint's own message, with the nearest rule. The rule names are
/// its possible values, for shell completions (with what each checks).
#[derive(Debug, Clone, Copy)]
pub struct RuleName {
    /// `all` is a name too.
    pub all: bool,
}

impl TypedValueParser for RuleName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let all = self
            .all
            .then(|| PossibleValue::new("all").help("every rule"));
        let rules = registry::RULES.iter().map(|rule| {
            let meta = rule.meta();
            PossibleValue::new(meta.name).help(crate::rule_cmd::one_line(&meta.summary()))
        });
        Some(Box::new(all.into_iter().chain(rules)))
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Rich diagnostics with source snippets, labels and help, then a summary.
    #[default]
    Full,
    /// One line per diagnostic: `path:line:column: severity[rule] message`.
    Concise,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// A Markdown report for a GitHub job summary: totals, per rule, per file.
    Summary,
}

/// When to use color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `weeklint check`
#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` reads stdin [default: .]
    pub paths: Vec<PathBuf>,

    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub output_format: OutputFormat,

    /// When to use color.
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,

    /// Run only these rules (comma-separated; `all` for every rule but
    /// remote-image, which asks the network and runs only when named).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        value_parser = RuleName { all: true },
        hide_possible_values = true
    )]
    pub select: Option<Vec<String>>,

    /// Do not run these rules (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        value_parser = RuleName { all: true },
        hide_possible_values = true
    )]
    pub ignore: Vec<String>,

    /// Exit 0 even when errors are found.
    #[arg(long)]
    pub exit_zero: bool,

    /// Print the number of diagnostics per rule instead of the diagnostics:
    /// a table, or JSON with `--output-format json`.
    #[arg(long)]
    pub statistics: bool,

    /// Read the document from stdin and lint it as if it were at PATH.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Use this config file instead of the nearest lint.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every config file; use the defaults.
    #[arg(long)]
    pub isolated: bool,

    /// Apply `files.exclude` to paths given on the command line too.
    #[arg(long)]
    pub force_exclude: bool,

    /// No network: remote images are not checked.
    #[arg(long)]
    pub offline: bool,

    /// Apply safe fixes and write the fixed files.
    #[arg(long)]
    pub fix: bool,

    /// Apply unsafe fixes too (implies --fix).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing; exit 1 if there
    /// is any.
    #[arg(long)]
    pub diff: bool,

    /// Number of threads [default: number of CPUs].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Lint what the commit will contain: the staged version of each
    /// staged Markdown file, with images resolved against the git index.
    /// Paths are printed relative to the work tree root.
    #[arg(long, conflicts_with = "stdin_filename")]
    pub staged: bool,
}

/// `weeklint rule`
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's name, e.g. date-order; without one, a line per rule.
    #[arg(
        conflicts_with = "all",
        value_parser = RuleName { all: false },
        hide_possible_values = true
    )]
    pub name: Option<String>,

    /// Show the documentation of every rule.
    #[arg(long)]
    pub all: bool,
}

/// `weeklint init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to look at and write lint.toml into [default: .]
    pub dir: Option<PathBuf>,

    /// Print the inferred lint.toml instead of writing it.
    #[arg(long)]
    pub stdout: bool,
}

/// `weeklint outline`
#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// Files and folders to look at [default: .]
    pub paths: Vec<PathBuf>,

    /// How to print the outline.
    #[arg(long, value_enum, default_value_t)]
    pub output_format: OutlineFormat,

    /// Use this config file instead of the nearest lint.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every config file; use the defaults.
    #[arg(long)]
    pub isolated: bool,

    /// Apply `files.exclude` to paths given on the command line too.
    #[arg(long)]
    pub force_exclude: bool,

    /// When to use color (for config errors).
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
}

/// Output formats of `weeklint outline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutlineFormat {
    /// A table per file: line, level, precision, date, heading.
    #[default]
    Text,
    /// A JSON array, one object per dated heading.
    Json,
}

/// `weeklint completions`
#[derive(Debug, Args)]
#[command(
    after_help = "For example: `weeklint completions bash > ~/.local/share/bash-completion/completions/weeklint`."
)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `weeklint man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write weeklint.1 and a page per command (weeklint-check.1, …) into
    /// this folder instead of printing weeklint.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// `weeklint hook`
#[derive(Debug, Args)]
pub struct HookArgs {
    /// What to do with the hook.
    #[command(subcommand)]
    pub action: HookAction,
}

/// `weeklint hook install|uninstall|status`
#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write a pre-commit hook that runs `weeklint check --staged`
    /// (where git looks for hooks: `core.hooksPath` is honoured).
    Install {
        /// Replace a hook weeklint did not write, keeping it as
        /// `pre-commit.bak`.
        #[arg(long)]
        force: bool,
    },
    /// Remove weeklint's pre-commit hook (and put back the hook it
    /// replaced); a hook weeklint did not write is left alone.
    Uninstall,
    /// Say which pre-commit hook is installed.
    Status,
}
