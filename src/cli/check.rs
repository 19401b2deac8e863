//! `jslint check`: reads files, runs the checks, renders, and decides the exit status.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::{exit, files, ColorChoice, Format};
use crate::config::Config;
use crate::diagnostics::render::{self, FileReport};
use crate::diagnostics::{Diagnostic, Severity};

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
}

struct Checked {
    path: String,
    src: String,
    diagnostics: Vec<Diagnostic>,
    stats: Option<crate::semantic::Coverage>,
}

pub fn run(args: CheckArgs) -> i32 {
    let mut io_errors: Vec<String> = Vec::new();
    let fixed_config = match (&args.config, args.isolated) {
        (Some(path), _) => match Config::load(path) {
            Ok(c) => Some(c),
            Err(e) => return usage(&format!("{e}")),
        },
        (None, true) => Some(Config::default()),
        (None, false) => None,
    };
    let mut configs: HashMap<PathBuf, Config> = HashMap::new();
    let mut config_for = |path: &Path, io_errors: &mut Vec<String>| -> Option<Config> {
        if let Some(c) = &fixed_config {
            return Some(c.clone());
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(c) = configs.get(&dir) {
            return Some(c.clone());
        }
        match Config::discover(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        }) {
            Ok(c) => {
                let c = c.unwrap_or_default();
                configs.insert(dir, c.clone());
                Some(c)
            }
            Err(e) => {
                io_errors.push(e.to_string());
                None
            }
        }
    };

    let mut checked: Vec<Checked> = Vec::new();
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let mut fail_on_config = None;
    let mode = FixMode::from(&args);
    let mut changed = 0;
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
            Ok(src) => {
                if let Some(config) = config_for(&name, &mut io_errors) {
                    fail_on_config = fail_on_config.or(config.fail_on);
                    let display = name.display().to_string();
                    let src = fix_one(
                        None,
                        &display,
                        src,
                        &config,
                        mode,
                        &mut io_errors,
                        &mut changed,
                    );
                    checked.push(check_one(display, src, &config, args.stats));
                }
            }
            Err(e) => io_errors.push(format!("{}: {e}", name.display())),
        }
    }
    if !paths.is_empty() || !reads_stdin {
        let (found, errors) = files::collect(&paths);
        io_errors.extend(errors);
        if found.is_empty() && io_errors.is_empty() && !reads_stdin {
            io_errors.push(format!(
                "no .{} files found in {}",
                crate::EXTENSION,
                display_paths(&paths)
            ));
        }
        let progress = Progress::new(found.len(), args.format == Format::Human && !args.quiet);
        for (n, path) in found.into_iter().enumerate() {
            progress.show(n);
            let Some(config) = config_for(&path, &mut io_errors) else {
                continue;
            };
            // Globs match the path as given (relative to the working folder when it is).
            let included =
                config.include.is_empty() || config.include.iter().any(|g| glob_match(g, &path));
            if !included || config.exclude.iter().any(|g| glob_match(g, &path)) {
                continue;
            }
            fail_on_config = fail_on_config.or(config.fail_on);
            match files::read(&path) {
                Ok(src) => {
                    let display = path.display().to_string();
                    let src = fix_one(
                        Some(&path),
                        &display,
                        src,
                        &config,
                        mode,
                        &mut io_errors,
                        &mut changed,
                    );
                    checked.push(check_one(display, src, &config, args.stats));
                }
                Err(e) => io_errors.push(format!("{}: {e}", path.display())),
            }
        }
    }

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
    if mode.diff || (reads_stdin && mode.min.is_some()) {
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
    let written = match args.format {
        Format::Json => writeln!(
            std::io::stdout().lock(),
            "{}",
            render::json::render(&reports)
        ),
        Format::Sarif => writeln!(
            std::io::stdout().lock(),
            "{}",
            render::sarif::render(&reports)
        ),
        Format::Github => write!(
            std::io::stdout().lock(),
            "{}",
            render::github::render(&reports)
        ),
        Format::Junit => write!(
            std::io::stdout().lock(),
            "{}",
            render::junit::render(&reports)
        ),
        Format::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut out = render::human::stdout(color);
            render::human::render(&reports, &mut out).and_then(|_| {
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
                )
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

/// What `--fix`, `--unsafe-fixes` and `--diff` ask for.
#[derive(Clone, Copy)]
struct FixMode {
    min: Option<crate::diagnostics::Applicability>,
    diff: bool,
}

impl FixMode {
    fn from(args: &CheckArgs) -> FixMode {
        use crate::diagnostics::Applicability;
        let min = if args.unsafe_fixes {
            Some(Applicability::Unsafe)
        } else if args.fix || args.diff {
            Some(Applicability::Safe)
        } else {
            None
        };
        FixMode {
            min,
            diff: args.diff,
        }
    }
}

/// Applies fixes to one file; returns the text to check afterwards.
fn fix_one(
    path: Option<&Path>,
    display: &str,
    src: String,
    config: &Config,
    mode: FixMode,
    io_errors: &mut Vec<String>,
    changed: &mut usize,
) -> String {
    let Some(min) = mode.min else { return src };
    let (fixed, applied) = crate::cli::fix::fix_text(&src, config, min);
    if applied == 0 {
        return src;
    }
    if mode.diff {
        print!("{}", crate::cli::fix::unified_diff(display, &src, &fixed));
        *changed += 1;
        return src;
    }
    match path {
        Some(p) => match crate::cli::fix::write_atomic(p, &fixed) {
            Ok(()) => {
                eprintln!("{display}: applied {applied} fix(es)");
                fixed
            }
            Err(e) => {
                io_errors.push(format!(
                    "{display}: cannot write the fixes, the file is unchanged: {e}"
                ));
                src
            }
        },
        None => {
            // Fixing stdin prints the fixed text, as formatters do.
            print!("{fixed}");
            fixed
        }
    }
}

fn check_one(path: String, src: String, config: &Config, stats: bool) -> Checked {
    let analysis = crate::analyze_with(&src, &config.analysis_options());
    let diagnostics = crate::rules::check(&src, &analysis, config);
    let stats = stats.then(|| analysis.model.coverage());
    Checked {
        path,
        src,
        diagnostics,
        stats,
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

    fn show(&self, done: usize) {
        if self.enabled {
            eprint!("\rchecking {}/{} files", done + 1, self.total);
            if done + 1 == self.total {
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
