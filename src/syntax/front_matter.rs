//! The front matter: a small YAML subset of `key: value` lines, one level of nested maps and
//! lists, between two `---` lines at the top of the file.

use crate::syntax::ast::{FmEntry, FmValue, FrontMatter};
use crate::syntax::error::{codes, SyntaxError};
use crate::syntax::lines::Line;
use crate::text::{range_in, TextRange};

/// Top-level keys the dialect defines.
pub const KNOWN_KEYS: &[&str] = &[
    "entity",
    "year",
    "unit",
    "profile",
    "kind",
    "title",
    "prior",
    "identities",
    "aliases",
];

/// Parses the front matter if `lines` starts with `---`; returns it and how many lines it took.
pub fn parse(
    src: &str,
    lines: &[Line<'_>],
    errors: &mut Vec<SyntaxError>,
) -> Option<(FrontMatter, usize)> {
    let first = lines.first()?;
    if first.text.trim_end() != "---" {
        return None;
    }
    let Some(close) = lines[1..]
        .iter()
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))
    else {
        errors.push(SyntaxError {
            code: codes::UNCLOSED,
            range: TextRange::new(first.start, first.end()),
            message: "front matter is not closed: add a `---` line after its last key".into(),
            repair: None,
        });
        return None;
    };
    let body = &lines[1..close + 1];
    let mut entries: Vec<FmEntry> = Vec::new();
    for line in body {
        let text = strip_comment(line.text);
        if text.trim().is_empty() {
            continue;
        }
        let indented = text.starts_with([' ', '\t']);
        let trimmed = text.trim();
        let line_range = range_in(src, trimmed);
        if indented {
            let Some(parent) = entries.last_mut() else {
                errors.push(bad(line_range, "an indented line with no key above it"));
                continue;
            };
            // `-` alone is an empty item: its (empty) slice must come from the source.
            if let Some(item) = trimmed
                .strip_prefix("- ")
                .or_else(|| (trimmed == "-").then(|| &trimmed[1..]))
            {
                match &mut parent.value {
                    FmValue::List(items) => items.push(range_in(src, unquote(item.trim()))),
                    FmValue::Scalar(r) if r.is_empty() => {
                        parent.value = FmValue::List(vec![range_in(src, unquote(item.trim()))])
                    }
                    _ => errors.push(bad(
                        line_range,
                        "a list item under a key that already has a value",
                    )),
                }
            } else if let Some(entry) = entry(src, trimmed) {
                match &mut parent.value {
                    FmValue::Map(map) => map.push(entry),
                    FmValue::Scalar(r) if r.is_empty() => parent.value = FmValue::Map(vec![entry]),
                    _ => errors.push(bad(
                        line_range,
                        "a nested key under a key that already has a value",
                    )),
                }
            } else {
                errors.push(bad(line_range, "expected `key: value`"));
            }
            parent.range = parent.range.cover(line_range);
            continue;
        }
        match entry(src, trimmed) {
            Some(e) => {
                let key = &src[e.key.as_range()];
                if !KNOWN_KEYS.contains(&key) {
                    errors.push(bad(
                        e.key,
                        &format!(
                            "unknown front-matter key `{key}` (known: {})",
                            KNOWN_KEYS.join(", ")
                        ),
                    ));
                }
                if entries.iter().any(|o| &src[o.key.as_range()] == key) {
                    errors.push(bad(
                        e.key,
                        &format!("front-matter key `{key}` is given twice"),
                    ));
                }
                entries.push(e);
            }
            None => errors.push(bad(line_range, "expected `key: value`")),
        }
    }
    let range = TextRange::new(first.start, lines[close + 1].end());
    Some((FrontMatter { range, entries }, close + 2))
}

fn entry(src: &str, line: &str) -> Option<FmEntry> {
    let colon = line.find(':')?;
    let key = unquote(line[..colon].trim());
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    let value = unquote(line[colon + 1..].trim());
    let value_range = if value.is_empty() {
        TextRange::empty(offset(src, line) + line.len())
    } else {
        range_in(src, value)
    };
    Some(FmEntry {
        range: range_in(src, line),
        key: range_in(src, key),
        value: FmValue::Scalar(value_range),
    })
}

fn offset(src: &str, part: &str) -> usize {
    crate::text::offset_in(src, part)
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// Drops a ` # comment` that is not inside quotes.
fn strip_comment(line: &str) -> &str {
    let mut in_quotes = false;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '#' if !in_quotes && prev_space => return line[..i].trim_end(),
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    line
}

fn bad(range: TextRange, message: &str) -> SyntaxError {
    SyntaxError {
        code: codes::UNKNOWN_KEY,
        range,
        message: message.to_string(),
        repair: None,
    }
}
