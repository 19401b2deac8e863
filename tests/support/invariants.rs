//! Invariants that both the property tests (`tests/properties.rs`) and the fuzz targets
//! (`fuzz/fuzz_targets/common.rs`) check, in one place: each includes this file with
//! `#[path]`, since the fuzz crate is a workspace of its own.

#![allow(dead_code)]

use jslint::text::TextRange;

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

/// What is wrong with `range` as a range of `src` (reversed, past the end, or splitting a
/// character), if anything.
pub fn range_problem(src: &str, range: TextRange) -> Option<String> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start > end {
        Some(format!("reversed range {start}..{end}"))
    } else if end > src.len() {
        Some(format!("range {start}..{end} past the end ({})", src.len()))
    } else if !src.is_char_boundary(start) || !src.is_char_boundary(end) {
        Some(format!("range {start}..{end} splits a character"))
    } else {
        None
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
