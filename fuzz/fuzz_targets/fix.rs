//! Fix application: applying safe fixes reaches a fixed point within a few rounds and adds no
//! syntax error (through the library's `fix::apply` and the CLI's `fix_text`); applying unsafe
//! fixes as well never panics and never produces an edit outside the text.

#![no_main]

use jslint::config::Config;
use jslint::diagnostics::Applicability;
use libfuzzer_sys::fuzz_target;

mod common;

/// Rounds after which safe fixes must have stopped changing the text.
const ROUNDS: usize = 8;

fn error_codes(src: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = jslint::syntax::parse(src)
        .errors
        .iter()
        .map(|e| e.code)
        .collect();
    codes.sort_unstable();
    codes
}

/// Whether `after` has some error code more often than `before`.
fn added_error(before: &[&'static str], after: &[&'static str]) -> Option<&'static str> {
    let count = |v: &[&str], c: &str| v.iter().filter(|x| **x == c).count();
    after
        .iter()
        .copied()
        .find(|c| count(after, c) > count(before, c))
}

fuzz_target!(|data: &[u8]| {
    let src = common::text(data);
    let config = Config::default();
    let before = error_codes(&src);

    // Safe fixes through the library, round after round.
    let mut text = src.clone();
    let mut converged = false;
    for _ in 0..ROUNDS {
        let diagnostics = jslint::check(&text, &config);
        common::assert_diagnostics(&text, &diagnostics);
        let (next, applied) = jslint::fix::apply(&text, &diagnostics, Applicability::Safe);
        if applied == 0 || next == text {
            converged = true;
            break;
        }
        text = next;
    }
    assert!(converged, "safe fixes did not converge in {ROUNDS} rounds");
    if let Some(code) = added_error(&before, &error_codes(&text)) {
        panic!("safe fixes introduced a syntax error {code}");
    }

    // Safe fixes as `--fix` applies them: converged, and no new syntax error.
    let (fixed, _) = jslint::cli::fix::fix_text(&src, &config, Applicability::Safe);
    let (_, more) = jslint::cli::fix::fix_text(&fixed, &config, Applicability::Safe);
    assert_eq!(more, 0, "--fix left safe fixes to apply");
    if let Some(code) = added_error(&before, &error_codes(&fixed)) {
        panic!("--fix introduced a syntax error {code}");
    }

    // Unsafe fixes too: no panic, ranges inside the text.
    let mut text = src;
    for _ in 0..ROUNDS {
        let diagnostics = jslint::check(&text, &config);
        common::assert_diagnostics(&text, &diagnostics);
        let (next, applied) = jslint::fix::apply(&text, &diagnostics, Applicability::Unsafe);
        if applied == 0 || next == text {
            break;
        }
        text = next;
    }
    let _ = jslint::cli::fix::fix_text(&text, &config, Applicability::Unsafe);
});
