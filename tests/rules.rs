//! Data-driven rule tests: every `tests/data/rules/*.jsmd` fixture carries its expectations
//! as comments, `<!-- expect: JL201 "611.70" -->`, on the line after the flagged line (or
//! after a table, with `in-table`, for a problem inside the table above). The test checks
//! that each expectation matches exactly one diagnostic and that nothing else is reported,
//! snapshots the rendered diagnostics and fixes, and checks that safe fixes converge.
//!
//! `line=N` pins the expected line instead (front matter, comment lines).
//!
//! A fixture may have a `*.toml` beside it: the configuration it is checked with.

use std::path::Path;

use jslint::config::Config;
use jslint::diagnostics::{Applicability, Diagnostic};
use jslint::text::{ColumnUnit, LineIndex};

struct Expectation {
    code: String,
    text: String,
    /// 0-based lines the diagnostic may start on.
    lines: std::ops::RangeInclusive<usize>,
    source_line: usize,
}

fn expectations(src: &str) -> Vec<Expectation> {
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(body) = line
            .trim()
            .strip_prefix("<!-- expect:")
            .and_then(|b| b.strip_suffix("-->"))
        else {
            continue;
        };
        let body = body.trim();
        let (code, rest) = body.split_once(' ').unwrap_or((body, ""));
        let text = rest.split('"').nth(1).unwrap_or("").to_string();
        let in_table = rest.contains("in-table");
        // `line=N`: the diagnostic starts on line N (1-based), for places a comment cannot
        // follow (front matter, comment lines).
        let at_line = rest
            .split_whitespace()
            .find_map(|w| w.strip_prefix("line="))
            .and_then(|n| n.trim_end_matches("-->").parse::<usize>().ok());
        // The nearest line above that is not blank and not a comment.
        let mut target = i;
        while target > 0 {
            target -= 1;
            let t = lines[target].trim();
            if !t.is_empty() && !t.starts_with("<!--") {
                break;
            }
        }
        let first = if in_table {
            let mut first = target;
            while first > 0 && lines[first - 1].trim_start().starts_with('|') {
                first -= 1;
            }
            first
        } else {
            target
        };
        let lines = match at_line {
            Some(n) => n - 1..=n - 1,
            None => first..=target,
        };
        out.push(Expectation {
            code: code.to_string(),
            text,
            lines,
            source_line: i,
        });
    }
    out
}

fn config_for(path: &Path) -> Config {
    let toml = path.with_extension("toml");
    if toml.exists() {
        Config::load(&toml).expect("fixture config")
    } else {
        Config::default()
    }
}

fn render(src: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(src);
    let mut out = String::new();
    for d in diagnostics {
        let lc = index.line_col(src, d.range.start as usize, ColumnUnit::Char);
        out.push_str(&format!(
            "{}:{} {} {} {}: `{}`\n    {}\n",
            lc.line + 1,
            lc.col + 1,
            d.code,
            d.name,
            d.severity.as_str(),
            &src[d.range.as_range()],
            d.message
        ));
        for r in &d.related {
            let rl = index.line_col(src, r.range.start as usize, ColumnUnit::Char);
            out.push_str(&format!(
                "    related {}:{} `{}` {}\n",
                rl.line + 1,
                rl.col + 1,
                &src[r.range.as_range()],
                r.message
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("    help: {help}\n"));
        }
        if let Some(fix) = &d.fix {
            out.push_str(&format!(
                "    fix ({:?}): {}\n",
                fix.applicability, fix.message
            ));
            for e in &fix.edits {
                out.push_str(&format!(
                    "      `{}` -> `{}`\n",
                    &src[e.range.as_range()],
                    e.replacement
                ));
            }
        }
    }
    out
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    insta::glob!("data/rules/*.jsmd", |path| {
        let src = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let config = config_for(path);
        let diagnostics = jslint::check(&src, &config);
        let index = LineIndex::new(&src);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut unmatched: Vec<&Diagnostic> = diagnostics.iter().collect();
        for e in expectations(&src) {
            let found = unmatched.iter().position(|d| {
                d.code == e.code
                    && e.lines.contains(&index.line_of(d.range.start as usize))
                    && src[d.range.as_range()].contains(&e.text)
            });
            match found {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => failures.push(format!(
                    "{name}:{}: expected {} \"{}\" on lines {}..={}, not reported",
                    e.source_line + 1,
                    e.code,
                    e.text,
                    e.lines.start() + 1,
                    e.lines.end() + 1
                )),
            }
        }
        for d in unmatched {
            let line = index.line_of(d.range.start as usize) + 1;
            failures.push(format!(
                "{name}:{line}: unexpected {} `{}`: {}",
                d.code,
                &src[d.range.as_range()],
                d.message
            ));
        }
        insta::assert_snapshot!(render(&src, &diagnostics));
        check_fixes_converge(&name, &src, &config, &mut failures);
    });
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Applying every safe fix converges within a few rounds and adds no syntax error.
fn check_fixes_converge(name: &str, src: &str, config: &Config, failures: &mut Vec<String>) {
    let syntax_errors = |s: &str| jslint::syntax::parse(s).errors.len();
    let before = syntax_errors(src);
    let mut text = src.to_string();
    for _ in 0..5 {
        let diagnostics = jslint::check(&text, config);
        let (next, applied) = jslint::fix::apply(&text, &diagnostics, Applicability::Safe);
        if applied == 0 {
            if syntax_errors(&text) > before {
                failures.push(format!("{name}: safe fixes added a syntax error"));
            }
            return;
        }
        text = next;
    }
    failures.push(format!("{name}: safe fixes did not converge in 5 rounds"));
}

#[test]
fn the_clean_example_has_no_diagnostics() {
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-2024.jsmd"),
    )
    .unwrap();
    let diagnostics = jslint::check(&src, &Config::default());
    assert!(diagnostics.is_empty(), "{}", render(&src, &diagnostics));
}
