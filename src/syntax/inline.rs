//! Inline text: number tokens and links inside paragraphs, list items, headings and cells.

use crate::syntax::ast::{CellRef, Inline, Link, Number};
use crate::syntax::error::{codes, SyntaxError};
use crate::syntax::number::{self, Lexed};
use crate::text::{range_in, TextRange};

/// The longest link text or target looked at, so that a stray `[` costs a bounded scan.
const MAX_LINK: usize = 2048;

/// Tokenises `src[range]`.
pub fn parse_inline(src: &str, range: TextRange, errors: &mut Vec<SyntaxError>) -> Inline {
    let mut tokens = Tokens::default();
    scan(src, range, None, &mut tokens, errors);
    Inline::new(range, tokens.numbers, tokens.links)
}

/// The numbers and links found so far.
#[derive(Default)]
struct Tokens {
    numbers: Vec<Number>,
    links: Vec<Link>,
}

fn scan(
    src: &str,
    range: TextRange,
    link: Option<usize>,
    out: &mut Tokens,
    errors: &mut Vec<SyntaxError>,
) {
    let text = &src[range.as_range()];
    let base = range.start as usize;
    // The character before offset `i` (before the range when `i` is 0): a digit after a
    // letter is part of a name, not a figure.
    let prev = |i: usize| src[..base + i].chars().next_back();
    let mut i = 0;
    while i < text.len() {
        // Plain text is skipped a character at a time without decoding (its first byte
        // looked at, see `text::find_lead`): only these bytes can start a comment, a code
        // span, a link or a number.
        match crate::text::find_lead(&text.as_bytes()[i..], &MAY_START_TOKEN) {
            Some(skip) => i += skip,
            None => break,
        }
        // `，：（` (EF) and `“”—` (E2) begin with a byte of the table too; such a character
        // starts a token only if it is a full-width digit (EF BC 90–99) or `−` (E2 88 92).
        // The others, as common as commas, are passed over whole (three bytes).
        let bytes = text.as_bytes();
        match bytes[i] {
            0xEF if !matches!(bytes.get(i + 1..i + 3), Some([0xBC, 0x90..=0x99])) => {
                i += 3;
                continue;
            }
            0xE2 if !matches!(bytes.get(i + 1..i + 3), Some([0x88, 0x92])) => {
                i += 3;
                continue;
            }
            _ => {}
        }
        let rest = &text[i..];
        let c = rest.chars().next().expect("non-empty");
        // Comments and code spans hold no numbers.
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|e| e + 3).unwrap_or(rest.len());
            continue;
        }
        if c == '`' {
            let skip = rest[1..].find('`').map(|e| e + 2).unwrap_or(1);
            i += skip;
            continue;
        }
        if c == '[' && link.is_none() {
            if let Some(len) = parse_link(src, base + i, range.end as usize, out, errors) {
                i += len;
                continue;
            }
        }
        let starts_number = number::is_digit(c)
            || ((c == '-' || c == '−') && rest[c.len_utf8()..].starts_with(number::is_digit));
        if starts_number && number::may_precede_number(prev(i)) {
            match number::lex(rest) {
                Some(Lexed::Number { digits_len, .. })
                    if rest[digits_len..].starts_with(|c: char| c.is_ascii_alphabetic()) =>
                {
                    // `2023abc`, `5kg`: part of a name, not a figure.
                    // Skip the digits (full-width ones are three bytes) and the name after them.
                    let tail = &rest[digits_len..];
                    let name = tail
                        .find(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                        .unwrap_or(tail.len());
                    i += digits_len + name;
                    continue;
                }
                Some(lexed @ Lexed::Number { len, .. }) => {
                    out.numbers.extend(lexed.number_at(base + i, link));
                    i += len;
                    continue;
                }
                Some(Lexed::Malformed { len, .. })
                    if is_date_or_section(&text[..i], &rest[..len], &rest[len..]) =>
                {
                    // `2024.12.31`, `第 3.1.2 节`: a date or a section number, not a figure.
                    i += len;
                    continue;
                }
                Some(Lexed::Malformed {
                    len,
                    reason,
                    repair,
                }) => {
                    let start = base + i;
                    errors.push(SyntaxError {
                        code: codes::MALFORMED_NUMBER,
                        range: TextRange::new(start, start + len),
                        message: format!("malformed number `{}`: {reason}", &rest[..len]),
                        repair,
                    });
                    i += len;
                    continue;
                }
                None => {}
            }
        }
        i += c.len_utf8();
    }
}

/// Whether any character of `text` may start a token ([`MAY_START_TOKEN`]).
pub(crate) fn may_hold_token(text: &str) -> bool {
    crate::text::find_lead(text.as_bytes(), &MAY_START_TOKEN).is_some()
}

/// The bytes that may begin something `scan` looks at: `<!--`, a code span, a link, a sign
/// or a digit (ASCII, or the lead byte of a full-width digit `０`–`９` or of `−`). Every
/// other byte, including all bytes of CJK characters, is plain text. A table (see
/// `text::byte_table`), as every character of every paragraph is asked; it marks ASCII and
/// lead bytes only, never a continuation byte (see `text::find_lead`).
const MAY_START_TOKEN: [bool; 256] = crate::text::byte_table!(|b| {
    matches!(b, b'<' | b'`' | b'[' | b'-' | b'0'..=b'9' | 0xEF | 0xE2)
});

/// Whether a dotted run is a date (`2024.12.31`) or a section number (`第 3.1.2 节`).
fn is_date_or_section(before: &str, run: &str, after: &str) -> bool {
    let ascii = number::ascii_digits(run);
    let parts: Vec<&str> = ascii.split('.').collect();
    let date = parts.len() == 3
        && parts[0].len() == 4
        && parts[0]
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && parts[1]
            .parse::<u32>()
            .is_ok_and(|m| (1..=12).contains(&m) && parts[1].len() <= 2)
        && parts[2]
            .parse::<u32>()
            .is_ok_and(|d| (1..=31).contains(&d) && parts[2].len() <= 2);
    let integers = parts
        .iter()
        .all(|p| p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let section = integers
        && (before.trim_end().ends_with('第')
            || after
                .trim_start()
                .starts_with(['节', '条', '章', '款', '项', '部']));
    date || section
}

/// Parses `[text](target)` at `start`; returns its length in bytes.
fn parse_link(
    src: &str,
    start: usize,
    limit: usize,
    out: &mut Tokens,
    errors: &mut Vec<SyntaxError>,
) -> Option<usize> {
    let rest = &src[start..limit];
    let window = &rest[..floor(rest, MAX_LINK)];
    let close = window.find("](")?;
    let text = &rest[1..close];
    if text.contains(['\n', '\r', '[']) {
        return None;
    }
    let after = &rest[close + 2..];
    let end = after[..floor(after, MAX_LINK)].find(')')?;
    let mut target = &after[..end];
    if target.contains(['\n', '\r']) {
        return None;
    }
    if let Some(inner) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        target = inner;
    }
    let index = out.links.len();
    let text_range = range_in(src, text);
    let target_range = range_in(src, target);
    let cell = cell_ref(src, target, errors);
    let len = close + 2 + end + 1;
    out.links.push(Link {
        range: TextRange::new(start, start + len),
        text: text_range,
        target: target_range,
        cell,
    });
    scan(src, text_range, Some(index), out, errors);
    Some(len)
}

/// `#t05:合计:基本支出` → a cell reference. A `#` target that names no cell is an error; any
/// other target is an ordinary link.
fn cell_ref(src: &str, target: &str, errors: &mut Vec<SyntaxError>) -> Option<CellRef> {
    let body = target.strip_prefix('#')?;
    let parts: Vec<&str> = body.split(':').collect();
    if parts.len() == 1 {
        // `#s1`: a link to a heading.
        return None;
    }
    if parts.len() != 3 || parts.iter().any(|p| p.trim().is_empty()) {
        errors.push(SyntaxError {
            code: codes::MALFORMED_REFERENCE,
            range: range_in(src, target),
            message: format!("malformed cell reference `{target}`: expected `#TABLE:ROW:COLUMN`"),
            repair: None,
        });
        return None;
    }
    Some(CellRef {
        table: range_in(src, parts[0].trim()),
        row: range_in(src, parts[1].trim()),
        column: range_in(src, parts[2].trim()),
    })
}

fn floor(s: &str, max: usize) -> usize {
    crate::text::floor_char_boundary(s, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> (Vec<String>, Vec<SyntaxError>) {
        let mut errors = Vec::new();
        let inline = parse_inline(src, TextRange::new(0, src.len()), &mut errors);
        let numbers = inline
            .numbers()
            .iter()
            .map(|n| src[n.range.as_range()].to_string())
            .collect();
        (numbers, errors)
    }

    #[test]
    fn numbers_in_a_sentence() {
        let (numbers, errors) = tokens("基本支出 605.00 万元，占 98.90%；项目支出 6.70 万元。");
        assert_eq!(numbers, ["605.00 万元", "98.90%", "6.70 万元"]);
        assert!(errors.is_empty());
    }

    #[test]
    fn full_width_digits_and_minus_among_full_width_punctuation() {
        // `，`, `；`, `“`, `”` and `—` are passed over whole; `１２` and `−5` are figures.
        let (numbers, errors) = tokens("合计，１２ 万元；“−5 万元”—4，（７％）");
        assert_eq!(numbers, ["１２ 万元", "−5 万元", "4", "７％"]);
        assert!(errors.is_empty());
    }

    #[test]
    fn names_are_not_numbers() {
        let (numbers, _) = tokens("表 t01 与 JL201，2015-2020 年");
        assert_eq!(numbers, ["2015", "2020 年"]);
    }

    #[test]
    fn dates_and_section_numbers_are_not_malformed_numbers() {
        let (numbers, errors) = tokens("截至 2024.12.31，见第 3.1.2 节，而 35.36.00 万元有误");
        assert_eq!(numbers, Vec::<String>::new());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("35.36.00"));
    }

    #[test]
    fn malformed_number_has_exact_span() {
        let src = "支出决算为 35.36.00 万元";
        let (numbers, errors) = tokens(src);
        assert!(numbers.is_empty());
        assert_eq!(&src[errors[0].range.as_range()], "35.36.00");
        assert_eq!(errors[0].repair.as_deref(), Some("35.36"));
    }

    #[test]
    fn links_tie_numbers_to_cells() {
        let src = "基本支出 [605.00 万元](#t05:合计:基本支出)，见[说明](#s1)。";
        let mut errors = Vec::new();
        let inline = parse_inline(src, TextRange::new(0, src.len()), &mut errors);
        assert_eq!(inline.links().len(), 2);
        let cell = inline.links()[0].cell.as_ref().unwrap();
        assert_eq!(&src[cell.row.as_range()], "合计");
        assert_eq!(inline.numbers()[0].link(), Some(0));
        assert!(inline.links()[1].cell.is_none());
        let (_, errors) = tokens("[1](#t05:合计)");
        assert_eq!(errors[0].code, codes::MALFORMED_REFERENCE);
    }
}
