//! Attribute blocks `{#id key=value key="a b" flag}` after a heading.

use nom::branch::alt;
use nom::bytes::complete::{is_not, take_while1};
use nom::character::complete::{char as ch, multispace0};
use nom::combinator::{opt, recognize};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::syntax::ast::{Attr, Attrs};
use crate::syntax::error::{codes, SyntaxError};
use crate::text::range_in;

/// Attribute keys the dialect defines for tables and headings.
pub const KNOWN_KEYS: &[&str] = &["no", "unit", "head", "blocks", "truncated", "kind"];

/// Splits a heading's text into its text and a trailing attribute block, if it ends with one.
pub fn split_heading(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim_end();
    if !trimmed.ends_with('}') {
        return (text, None);
    }
    match trimmed.rfind('{') {
        Some(open) if open == 0 || trimmed[..open].ends_with([' ', '\t', '\u{3000}']) => {
            (&trimmed[..open], Some(&trimmed[open..]))
        }
        _ => (text, None),
    }
}

fn name(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')(i)
}

fn quoted(i: &str) -> IResult<&str, &str> {
    delimited(ch('"'), recognize(opt(is_not("\""))), ch('"')).parse(i)
}

fn bare(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace() && c != '}' && c != '"')(i)
}

enum Item<'a> {
    Id(&'a str),
    Pair(&'a str, &'a str, &'a str),
}

fn item(i: &str) -> IResult<&str, Item<'_>> {
    alt((preceded(ch('#'), name).map(Item::Id), |i| {
        let start = i;
        let (i, key) = name(i)?;
        let (i, value) = opt(preceded(ch('='), alt((quoted, bare)))).parse(i)?;
        let whole = &start[..start.len() - i.len()];
        Ok((i, Item::Pair(whole, key, value.unwrap_or(""))))
    }))
    .parse(i)
}

/// Parses an attribute block; `block` must be a sub-slice of `src` starting with `{`.
pub fn parse_attrs(src: &str, block: &str, errors: &mut Vec<SyntaxError>) -> Attrs {
    let mut attrs = Attrs {
        range: range_in(src, block),
        id: None,
        items: Vec::new(),
    };
    let mut rest = &block[1..block.len() - 1];
    loop {
        let (after_ws, _) =
            multispace0::<&str, nom::error::Error<&str>>(rest).expect("multispace0 never fails");
        rest = after_ws;
        if rest.is_empty() {
            break;
        }
        match item(rest) {
            Ok((next, Item::Id(id))) => {
                if attrs.id.is_some() {
                    errors.push(error(
                        src,
                        &rest[..rest.len() - next.len()],
                        "a second `#id` in one attribute block",
                    ));
                } else {
                    attrs.id = Some(range_in(src, id));
                }
                rest = next;
            }
            Ok((next, Item::Pair(whole, key, value))) => {
                let has_value = whole.len() > key.len();
                if !KNOWN_KEYS.contains(&key) {
                    errors.push(error(
                        src,
                        whole,
                        &format!(
                            "unknown attribute `{key}` (known: {})",
                            KNOWN_KEYS.join(", ")
                        ),
                    ));
                }
                attrs.items.push(Attr {
                    range: range_in(src, whole),
                    key: range_in(src, key),
                    value: has_value.then(|| range_in(src, value)),
                });
                rest = next;
            }
            Err(_) => {
                let bad_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let bad = &rest[..bad_len.max(rest.chars().next().map_or(1, char::len_utf8))];
                errors.push(error(
                    src,
                    bad,
                    &format!("cannot read `{bad}` in an attribute block"),
                ));
                rest = &rest[bad.len()..];
            }
        }
    }
    // Every table's heading has a block: no slack kept (measured in `examples/phases`).
    attrs.items.shrink_to_fit();
    attrs
}

fn error(src: &str, part: &str, message: &str) -> SyntaxError {
    SyntaxError {
        code: codes::UNKNOWN_KEY,
        range: range_in(src, part),
        message: message.to_string(),
        repair: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_pairs_flags_and_quotes() {
        let src = "### 收入支出决算总表 {#t01 no=公开01表 unit=\"万 元\" truncated}";
        let (text, block) = split_heading(src);
        assert_eq!(text, "### 收入支出决算总表 ");
        let mut errors = Vec::new();
        let attrs = parse_attrs(src, block.unwrap(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(&src[attrs.id.unwrap().as_range()], "t01");
        let values: Vec<_> = attrs
            .items
            .iter()
            .map(|a| a.value.map(|v| &src[v.as_range()]))
            .collect();
        assert_eq!(values, [Some("公开01表"), Some("万 元"), None]);
    }

    #[test]
    fn unknown_keys_are_reported_and_kept() {
        let src = "{#t1 colour=red =}";
        let mut errors = Vec::new();
        let attrs = parse_attrs(src, src, &mut errors);
        assert_eq!(attrs.items.len(), 1);
        assert_eq!(errors.len(), 2);
        assert_eq!(&src[errors[0].range.as_range()], "colour=red");
    }

    #[test]
    fn braces_inside_text_are_not_attributes() {
        assert_eq!(split_heading("说明{见附件}").1, None);
        assert_eq!(split_heading("第五部分 附件").1, None);
    }
}
