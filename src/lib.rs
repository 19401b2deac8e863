//! jslint: a linter and language server for final-accounts report sources (`.jsmd`).
//!
//! The pipeline is `parse → analyze → check`, all pure functions of the source text:
//! [`syntax::parse`] builds the tree, [`semantic::analyze`] turns tables into arithmetic and
//! links narrative numbers to cells, [`rules::check`] runs every rule and returns diagnostics.
//! Input and output (files, terminals, the editor protocol) live in `cli` and `lsp` only.

pub mod config;
pub mod decimal;
pub mod diagnostics;
pub mod fix;
pub mod format;
pub mod import;
pub mod rules;
pub mod semantic;
pub mod syntax;
pub mod text;

#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod lsp;

pub use diagnostics::{Diagnostic, Severity};

/// The file extension of report sources.
pub const EXTENSION: &str = "jsmd";

/// Everything known about one source text after analysis.
pub struct Analysis {
    pub parse: syntax::Parse,
    pub model: semantic::Model,
}

/// Parses and analyses a source text with the default options.
pub fn analyze(src: &str) -> Analysis {
    analyze_with(src, &semantic::Options::default())
}

/// Parses and analyses a source text with the options a configuration gives
/// ([`config::Config::analysis_options`]).
pub fn analyze_with(src: &str, options: &semantic::Options) -> Analysis {
    analyze_parsed(src, syntax::parse(src), options, None)
}

/// Analyses a source text already parsed (by [`syntax::reparse`], say), reusing what an
/// earlier analysis allows (see [`semantic::reuse`]).
pub fn analyze_parsed(
    src: &str,
    parse: syntax::Parse,
    options: &semantic::Options,
    earlier: Option<&mut semantic::reuse::Earlier>,
) -> Analysis {
    let model = semantic::analyze_after(src, &parse.document, options, earlier);
    Analysis { parse, model }
}

/// Parses, analyses and checks a source text with the given configuration.
pub fn check(src: &str, config: &config::Config) -> Vec<Diagnostic> {
    let analysis = analyze_with(src, &config.analysis_options());
    rules::check(src, &analysis, config)
}
