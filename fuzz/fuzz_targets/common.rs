//! What every fuzz target shares: turning bytes into text, and checking that the ranges the
//! library hands out are on character boundaries inside the text.

#![allow(dead_code)]

use jslint::text::TextRange;

/// The fuzz input as text: valid UTF-8 as is, anything else with replacement characters
/// (the CLI refuses invalid UTF-8 before parsing, so the parser only ever sees `&str`).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Whether `src` hits a reported bug that is still open (a fixture listed in
/// `tests/robustness.rs`'s `KNOWN_FAILURES`). The targets skip such inputs, so that a bounded
/// run looks for new bugs instead of finding the known one again. Remove a case when its bug
/// is fixed.
pub fn known_bug(src: &str) -> bool {
    // decimal-max-scale-share.jsmd: a figure with 28 decimals (rust_decimal's maximum scale)
    // makes `decimal::half_ulp` panic.
    let mut digits_after_point = None;
    for c in src.chars() {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        digits_after_point = match (c, digits_after_point) {
            ('.' | '．', _) => Some(0),
            (_, Some(n)) if digit => Some(n + 1),
            _ => None,
        };
        if digits_after_point.is_some_and(|n| n >= 28) {
            return true;
        }
    }
    false
}

/// Panics unless `range` is ordered, inside `src`, and on character boundaries.
pub fn assert_range(src: &str, range: TextRange, what: &str) {
    let (start, end) = (range.start as usize, range.end as usize);
    assert!(start <= end, "{what}: reversed range {start}..{end}");
    assert!(
        end <= src.len(),
        "{what}: range {start}..{end} past the end ({})",
        src.len()
    );
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{what}: range {start}..{end} splits a character"
    );
}

/// Every `TextRange { start: N, end: M }` in a `{:?}` dump of a value, so that a new node
/// type is covered without listing it here.
pub fn ranges_in_debug(debug: &str) -> Vec<TextRange> {
    const OPEN: &str = "TextRange { start: ";
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(at) = rest.find(OPEN) {
        rest = &rest[at + OPEN.len()..];
        let start: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Some(after) = rest.find(", end: ") else {
            break;
        };
        rest = &rest[after + ", end: ".len()..];
        let end: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(start), Ok(end)) = (start.parse(), end.parse()) {
            out.push(TextRange { start, end });
        }
    }
    out
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

/// Applies edits (sorted, non-overlapping) back to front.
pub fn apply_edits(src: &str, edits: &[jslint::diagnostics::Edit]) -> String {
    let mut out = src.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.range.as_range(), &e.replacement);
    }
    out
}

/// Whether `formatted` is `src` with only white space changed, the delimiter row's dashes
/// changed, and outer pipes added: every other character of `src` is kept, in order.
pub fn keeps_characters(src: &str, formatted: &str) -> Result<(), String> {
    let significant = |c: &char| !c.is_whitespace() && *c != '-';
    let mut want = src.chars().filter(significant).peekable();
    for c in formatted.chars().filter(significant) {
        if want.peek() == Some(&c) {
            want.next();
        } else if c != '|' {
            return Err(format!("added {c:?}"));
        }
    }
    match want.next() {
        Some(c) => Err(format!("dropped {c:?}")),
        None => Ok(()),
    }
}
