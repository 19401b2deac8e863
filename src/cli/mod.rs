//! The command line: `check`, `explain`, `rules`. IO, exit codes and output formats live here.

pub mod check;
pub mod check_file;
pub mod explain;
pub mod files;
pub mod fix;
pub mod import;
pub mod numbers;
pub mod parallel;

use clap::{Parser, Subcommand, ValueEnum};

/// jslint: checks final-accounts report sources (.jsmd): tables, totals and every number in the text.
#[derive(Debug, Parser)]
#[command(name = "jslint", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check report sources (files, folders, or `-` for stdin).
    Check(check::CheckArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule code (JL201) or name (total-mismatch).
        rule: String,
    },
    /// List every rule.
    Rules,
    /// Run the language server over stdio.
    Lsp,
    /// Show what every narrative number was linked to or derived from.
    Numbers {
        /// A report source.
        path: std::path::PathBuf,
    },
    /// Turn extracted PDF text or a workbook (.xlsx, .xls) into a report source.
    Import(import::ImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit statuses CI can rely on.
pub mod exit {
    pub const CLEAN: i32 = 0;
    pub const FOUND: i32 = 1;
    pub const USAGE: i32 = 2;
}

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain { rule } => explain::explain(&rule),
        Command::Rules => explain::list(),
        Command::Lsp => crate::lsp::run(),
        Command::Numbers { path } => numbers::run(&path),
        Command::Import(args) => import::run(args),
    }
}
