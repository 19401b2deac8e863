//! `jslint check`: reads files, runs the checks, renders, and decides the exit status.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::check_file::{check_path, check_text, Checked, Mode, Outcome};
use crate::cli::{exit, files, parallel, ColorChoice, Format};
use crate::config::Config;
use crate::diagnostics::render::{self, FileReport};
use crate::diagnostics::{Applicability, Diagnostic, Severity};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check (folders are searched for *.jsmd); `-` reads stdin.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,
    /// Print per file how many narrative numbers were linked, derived and unverified.
    #[arg(long)]
    pub stats: bool,
    /// The name to report for stdin (and to find jslint.toml from).
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Use this configuration file instead of looking for jslint.toml.
    #[arg(long, conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Print only errors and the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Apply safe fixes (and write the files).
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (recomputed figures: review them).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Show the fixes as a diff instead of writing them (exit 1 if there are any).
    #[arg(long)]
    pub diff: bool,
    /// How many files to check at once (default: one per core). The output is the same
    /// whatever the number: files are reported in the order they were found.
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

/// One found file: its configuration, or why there is none.
enum Job {
    Check(PathBuf, Config),
    Failed(String),
}

/// What the files produced so far, in file order.
#[derive(Default)]
struct Report {
    checked: Vec<Checked>,
    io_errors: Vec<String>,
    /// How many files `--diff` has fixes for.
    changed: usize,
}

impl Report {
    /// Prints what a file printed in a serial run (a diff, the fixed stdin, a note that fixes
    /// were written) and keeps the rest for the end.
    fn add(&mut self, outcome: Outcome) {
        print!("{}", outcome.stdout);
        eprint!("{}", outcome.stderr);
        self.checked.extend(outcome.checked);
        self.io_errors.extend(outcome.errors);
        self.changed += usize::from(outcome.changed);
    }
}

pub fn run(args: CheckArgs) -> i32 {
    let fixed_config = match (&args.config, args.isolated) {
        (Some(path), _) => match Config::load(path) {
            Ok(c) => Some(c),
            Err(e) => return usage(&format!("{e}")),
        },
        (None, true) => Some(Config::default()),
        (None, false) => None,
    };
    let mut configs: HashMap<PathBuf, Config> = HashMap::new();
    let mut config_for = |path: &Path| -> Result<Config, String> {
        if let Some(c) = &fixed_config {
            return Ok(c.clone());
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(c) = configs.get(&dir) {
            return Ok(c.clone());
        }
        match Config::discover(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        }) {
            Ok(c) => {
                let c = c.unwrap_or_default();
                configs.insert(dir, c.clone());
                Ok(c)
            }
            Err(e) => Err(e.to_string()),
        }
    };

    let mut report = Report::default();
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let mut fail_on_config = None;
    let mode = mode(&args);
    if reads_stdin {
        let mut bytes = Vec::new();
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        match std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|_| files::decode(bytes))
        {
            Ok(src) => match config_for(&name) {
                Ok(config) => {
                    fail_on_config = fail_on_config.or(config.fail_on);
                    let display = name.display().to_string();
                    report.add(check_text(None, display, src, &config, mode));
                }
                Err(e) => report.io_errors.push(e),
            },
            Err(e) => report.io_errors.push(format!("{}: {e}", name.display())),
        }
    }
    if !paths.is_empty() || !reads_stdin {
        let (found, errors) = files::collect(&paths);
        report.io_errors.extend(errors);
        if found.is_empty() && report.io_errors.is_empty() && !reads_stdin {
            report.io_errors.push(format!(
                "no .{} files found in {}",
                crate::EXTENSION,
                display_paths(&paths)
            ));
        }
        // Configurations are found one folder after another, with the cache; only then are
        // the files checked, on every core.
        let mut jobs = Vec::new();
        for path in found {
            let config = match config_for(&path) {
                Ok(config) => config,
                Err(e) => {
                    jobs.push(Job::Failed(e));
                    continue;
                }
            };
            // Globs match the path as given (relative to the working folder when it is).
            let included =
                config.include.is_empty() || config.include.iter().any(|g| glob_match(g, &path));
            if !included || config.exclude.iter().any(|g| glob_match(g, &path)) {
                continue;
            }
            fail_on_config = fail_on_config.or(config.fail_on);
            jobs.push(Job::Check(path, config));
        }
        let progress = Progress::new(jobs.len(), args.format == Format::Human && !args.quiet);
        parallel::map_in_order(
            &jobs,
            args.threads.unwrap_or_else(parallel::default_threads),
            |job| match job {
                Job::Check(path, config) => check_path(path, config, mode),
                Job::Failed(e) => Outcome::failed(e.clone()),
            },
            |done| progress.show(done),
            |outcome| report.add(outcome),
        );
    }
    let Report {
        checked,
        mut io_errors,
        changed,
    } = report;

    let fail_on = args
        .fail_on
        .as_deref()
        .and_then(Severity::parse)
        .or(fail_on_config)
        .unwrap_or(Severity::Error);
    let shown: Vec<Vec<Diagnostic>> = checked
        .iter()
        .map(|c| {
            c.diagnostics
                .iter()
                .filter(|d| !args.quiet || d.severity == Severity::Error)
                .cloned()
                .collect()
        })
        .collect();
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .zip(&shown)
        .map(|(c, d)| FileReport {
            path: &c.path,
            src: &c.src,
            diagnostics: d,
            stats: c.stats.clone(),
        })
        .collect();
    if mode.diff || (reads_stdin && mode.fix.is_some()) {
        // The diff (or the fixed text) is the output.
        for e in &io_errors {
            eprintln!("error: {e}");
        }
        return if !io_errors.is_empty() {
            exit::USAGE
        } else if changed > 0 {
            exit::FOUND
        } else {
            exit::CLEAN
        };
    }
    // The machine formats are one string each (JSON and SARIF end with a newline).
    let machine = match args.format {
        Format::Json => Some(render::json::render(&reports) + "\n"),
        Format::Sarif => Some(render::sarif::render(&reports) + "\n"),
        Format::Github => Some(render::github::render(&reports)),
        Format::Junit => Some(render::junit::render(&reports)),
        Format::Human => None,
    };
    let written = match machine {
        Some(text) => std::io::stdout().lock().write_all(text.as_bytes()),
        None => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut out = render::human::Stdout::new(color);
            reports
                .iter()
                .try_for_each(|report| out.report(report))
                .and_then(|_| {
                    if args.stats {
                        for r in &reports {
                            if let Some(s) = &r.stats {
                                writeln!(out, "{}: {}", r.path, s.summary_line())?;
                            }
                        }
                    }
                    let s = render::json::summarize(&reports);
                    writeln!(
                        out,
                        "{} file(s) checked: {} error(s), {} warning(s), {} info(s)",
                        s.files, s.errors, s.warnings, s.infos
                    )?;
                    out.flush()
                })
        }
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            io_errors.push(format!("cannot write output: {e}"));
        }
    }
    for e in &io_errors {
        eprintln!("error: {e}");
    }
    if !io_errors.is_empty() {
        return exit::USAGE;
    }
    let failing = checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .any(|d| d.severity >= fail_on);
    if failing {
        exit::FOUND
    } else {
        exit::CLEAN
    }
}

/// What `--fix`, `--unsafe-fixes`, `--diff` and `--stats` ask of every file.
fn mode(args: &CheckArgs) -> Mode {
    let fix = if args.unsafe_fixes {
        Some(Applicability::Unsafe)
    } else if args.fix || args.diff {
        Some(Applicability::Safe)
    } else {
        None
    };
    Mode {
        fix,
        diff: args.diff,
        stats: args.stats,
    }
}

/// A one-line progress count on stderr, shown only when many files are checked at a terminal.
struct Progress {
    total: usize,
    enabled: bool,
}

impl Progress {
    fn new(total: usize, human: bool) -> Progress {
        Progress {
            total,
            enabled: human && total >= 20 && std::io::stderr().is_terminal(),
        }
    }

    /// Shows how many files are done (in any order).
    fn show(&self, done: usize) {
        if self.enabled {
            eprint!("\rchecking {}/{} files", done, self.total);
            if done == self.total {
                eprint!("\r\x1b[K");
            }
        }
    }
}

fn usage(message: &str) -> i32 {
    eprintln!("error: {message}");
    exit::USAGE
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return ".".into();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A small glob: `*` within a path segment, `**` across segments.
pub fn glob_match(pattern: &str, path: &Path) -> bool {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./");
    glob(pattern.as_bytes(), text.as_bytes())
}

fn glob(p: &[u8], t: &[u8]) -> bool {
    match p {
        [] => t.is_empty(),
        [b'*', b'*', b'/', rest @ ..] => {
            glob(rest, t) || (0..t.len()).any(|i| t[i] == b'/' && glob(rest, &t[i + 1..]))
        }
        [b'*', b'*', rest @ ..] => (0..=t.len()).any(|i| glob(rest, &t[i..])),
        [b'*', rest @ ..] => (0..=t.len())
            .take_while(|&i| i == 0 || t[i - 1] != b'/')
            .any(|i| glob(rest, &t[i..])),
        [c, rest @ ..] => t.first() == Some(c) && glob(rest, &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("drafts/**", Path::new("drafts/a/b.jsmd")));
        assert!(glob_match("**/*.jsmd", Path::new("x/y/z.jsmd")));
        assert!(glob_match("*.jsmd", Path::new("z.jsmd")));
        assert!(!glob_match("*.jsmd", Path::new("x/z.jsmd")));
    }
}
