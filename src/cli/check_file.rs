//! What `jslint check` does to one file: read it, apply the fixes asked for, check it.
//!
//! Nothing here prints. What a file produces (the checked source, a diff, a note that fixes
//! were written, errors) is kept in an `Outcome`, so that files checked on several threads
//! are reported in the order they were given, exactly as a serial run reports them.

use std::path::Path;

use crate::cli::{files, fix};
use crate::config::Config;
use crate::diagnostics::{Applicability, Diagnostic};
use crate::semantic::Coverage;

/// What the command line asks of every file.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// The least safe fixes to apply (`--fix`, `--unsafe-fixes`, `--diff`); `None` applies none.
    pub fix: Option<Applicability>,
    /// Print the fixes as a diff instead of writing them.
    pub diff: bool,
    /// Count the narrative numbers that were linked, derived and left unverified.
    pub stats: bool,
}

/// A checked source, ready to render.
pub struct Checked {
    pub path: String,
    pub src: String,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Option<Coverage>,
}

/// Everything one file produced, to be reported in file order.
#[derive(Default)]
pub struct Outcome {
    /// The checked source; `None` when it could not be read.
    pub checked: Option<Checked>,
    /// For stdout: the diff of `--diff`, or the fixed text of stdin under `--fix`.
    pub stdout: String,
    /// For stderr: how many fixes were written.
    pub stderr: String,
    /// What went wrong (each makes the exit status 2).
    pub errors: Vec<String>,
    /// Whether `--diff` has fixes to show for the source.
    pub changed: bool,
}

impl Outcome {
    /// A file that could not be checked at all.
    pub fn failed(error: String) -> Outcome {
        Outcome {
            errors: vec![error],
            ..Outcome::default()
        }
    }
}

/// Reads, fixes (and writes) and checks the report source at `path`.
pub fn check_path(path: &Path, config: &Config, mode: Mode) -> Outcome {
    match files::read(path) {
        Ok(src) => check_text(Some(path), path.display().to_string(), src, config, mode),
        Err(e) => Outcome::failed(format!("{}: {e}", path.display())),
    }
}

/// Fixes and checks a source already read; `path` is `None` for stdin, whose fixed text goes
/// to stdout instead of a file.
pub fn check_text(
    path: Option<&Path>,
    display: String,
    src: String,
    config: &Config,
    mode: Mode,
) -> Outcome {
    let mut outcome = Outcome::default();
    let src = apply_fixes(path, &display, src, config, mode, &mut outcome);
    let analysis = crate::analyze_with(&src, &config.analysis_options());
    let diagnostics = crate::rules::check(&src, &analysis, config);
    let stats = mode.stats.then(|| analysis.model.coverage());
    outcome.checked = Some(Checked {
        path: display,
        src,
        diagnostics,
        stats,
    });
    outcome
}

/// Applies the fixes `mode` asks for; returns the text to check afterwards.
fn apply_fixes(
    path: Option<&Path>,
    display: &str,
    src: String,
    config: &Config,
    mode: Mode,
    outcome: &mut Outcome,
) -> String {
    let Some(min) = mode.fix else { return src };
    let (fixed, applied) = fix::fix_text(&src, config, min);
    if applied == 0 {
        return src;
    }
    if mode.diff {
        outcome.stdout = fix::unified_diff(display, &src, &fixed);
        outcome.changed = true;
        return src;
    }
    let Some(path) = path else {
        // Fixing stdin prints the fixed text, as formatters do.
        outcome.stdout.clone_from(&fixed);
        return fixed;
    };
    match crate::cli::files::replace(path, &fixed, false) {
        Ok(()) => {
            outcome.stderr = format!("{display}: applied {applied} fix(es)\n");
            fixed
        }
        Err(e) => {
            let state = if crate::cli::files::damaged(&e) {
                "the file may be damaged"
            } else {
                "the file is unchanged"
            };
            outcome
                .errors
                .push(format!("{display}: cannot write the fixes, {state}: {e}"));
            src
        }
    }
}
