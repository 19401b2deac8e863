//! What every fuzz target shares: turning bytes into text, and checking that the ranges the
//! library hands out are on character boundaries inside the text.

#![allow(dead_code)]

use jslint::text::TextRange;

#[path = "../../tests/support/invariants.rs"]
mod invariants;
// Each target uses some of these.
#[allow(unused_imports)]
pub use invariants::{apply_edits, keeps_characters, range_problem, ranges_in_debug};

/// The fuzz input as text: valid UTF-8 as is, anything else with replacement characters
/// (the CLI refuses invalid UTF-8 before parsing, so the parser only ever sees `&str`).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Panics unless `range` is ordered, inside `src`, and on character boundaries.
pub fn assert_range(src: &str, range: TextRange, what: &str) {
    if let Some(problem) = range_problem(src, range) {
        panic!("{what}: {problem}");
    }
}

/// Parses `src` and checks every range of the tree and of the syntax errors.
pub fn parse_checked(src: &str) -> jslint::syntax::Parse {
    let parse = jslint::syntax::parse(src);
    for r in ranges_in_debug(&format!("{:?}", parse.document)) {
        assert_range(src, r, "syntax tree");
    }
    for e in &parse.errors {
        assert_range(src, e.range, e.code);
    }
    parse
}

/// Checks every range a diagnostic carries: primary, related, and its fix's edits.
pub fn assert_diagnostics(src: &str, diagnostics: &[jslint::Diagnostic]) {
    for d in diagnostics {
        assert_range(src, d.range, d.code);
        for r in &d.related {
            assert_range(src, r.range, d.code);
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert_range(src, e.range, d.code);
            }
        }
    }
}
