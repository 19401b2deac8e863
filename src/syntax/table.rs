//! GFM pipe-table rows and cells.

use crate::syntax::ast::{Cell, CellContent, CellNumber, CellText, Row, Tokens};
use crate::syntax::error::SyntaxError;
use crate::syntax::inline::{may_hold_token, parse_inline};
use crate::syntax::lines::Line;
use crate::syntax::number::{lex, whole_plain, Lexed};
use crate::text::{offset_in, trim, TextRange};

pub fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// Whether a row is the `|---|:---:|` delimiter row.
pub fn is_delimiter(line: &str) -> bool {
    let cells = split(line.trim());
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.chars().all(|ch| ch == '-')
        })
}

/// Splits a row at unescaped pipes, dropping the empty piece before a leading pipe and after a
/// trailing one.
fn split(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    split_into(line, &mut cells);
    cells
}

/// [`split`] into `cells`, which it clears first: a table reuses one buffer for all its rows.
fn split_into<'a>(line: &'a str, cells: &mut Vec<&'a str>) {
    cells.clear();
    // Most rows hold no `\\`: every pipe of theirs splits. The piece before a leading pipe
    // is not split off at all.
    if !split_plain(line.strip_prefix('|').unwrap_or(line), cells) {
        cells.clear();
        split_escaped(line, cells);
        if line.starts_with('|') {
            cells.remove(0);
        }
    }
    if line.ends_with('|') && !line.ends_with("\\|") && !cells.is_empty() {
        cells.pop();
    }
}

/// The pieces of a row between its pipes; `false`, having stopped, at a `\\`. The row is read
/// eight bytes at a time: a word's pipes and backslashes are found together, as bits.
fn split_plain<'a>(line: &'a str, cells: &mut Vec<&'a str>) -> bool {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut split = |i: usize| {
        if bytes[i] == b'\\' {
            return false;
        }
        cells.push(&line[start..i]);
        start = i + 1;
        true
    };
    let mut words = bytes.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let mut hits = bytes_equal(w, b'|') | bytes_equal(w, b'\\');
        while hits != 0 {
            // The lowest set bit is the first hit: byte `trailing_zeros / 8` of the word.
            if !split(k * 8 + (hits.trailing_zeros() / 8) as usize) {
                return false;
            }
            hits &= hits - 1;
        }
    }
    let tail = bytes.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        if (b == b'|' || b == b'\\') && !split(tail + i) {
            return false;
        }
    }
    cells.push(&line[start..]);
    true
}

/// The bytes of `w` equal to `b`: 0x80 in each, 0 in the others. Exact for every byte: no
/// carry crosses a byte, as `(x & 0x7F) + 0x7F` stays under 0x100.
fn bytes_equal(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = w ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The pieces of a row that holds a `\\`, which escapes the character after it.
fn split_escaped<'a>(line: &'a str, cells: &mut Vec<&'a str>) {
    let mut start = 0;
    let mut escaped = false;
    // `\\` and `|` are ASCII, so bytes suffice (a UTF-8 continuation byte is never ASCII).
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'\\' if !escaped => {
                escaped = true;
                continue;
            }
            b'|' if !escaped => {
                cells.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        escaped = false;
    }
    cells.push(&line[start..]);
}

/// Parses one table line into a row; the tokens of its text cells that hold any go to
/// `texts` (the table's), which the cells index. `pieces` is a buffer for the row's pieces
/// that the caller keeps from row to row, so that a table's rows cost one allocation each:
/// their cells, sized exactly.
pub fn parse_row<'a>(
    src: &'a str,
    line: &Line<'a>,
    texts: &mut Vec<Tokens>,
    errors: &mut Vec<SyntaxError>,
    pieces: &mut Vec<&'a str>,
) -> Row {
    // A row written `| … |` has nothing to trim.
    let text = match line.text.as_bytes() {
        [b'|', .., b'|'] => line.text,
        _ => trim(line.text),
    };
    split_into(text, pieces);
    let mut cells = Vec::with_capacity(pieces.len());
    for raw in pieces.iter() {
        let content = content(raw);
        let start = offset_in(src, content);
        let range = TextRange::new(start, start + content.len());
        cells.push(Cell::new(range, classify(src, range, texts, errors)));
    }
    Row {
        range: TextRange::new(line.start, line.end()),
        cells: cells.into_boxed_slice(),
    }
}

/// A piece's content, [`trim`]med: ` 519.87 ` or ` 行政运行 `, a figure or a label between
/// single spaces as most cells are written, is taken without the general trim when the
/// character at each end of it is plainly not white space: printable ASCII, or a CJK
/// ideograph (a lead byte E4–E9, which begins three bytes and never white space).
fn content(raw: &str) -> &str {
    let b = raw.as_bytes();
    let n = b.len();
    if n >= 3 && b[0] == b' ' && b[n - 1] == b' ' {
        let ideograph = |b: u8| matches!(b, 0xE4..=0xE9);
        let first = b[1].is_ascii_graphic() || ideograph(b[1]);
        // The last character is ASCII, or three bytes whose lead is four from the end.
        let last = b[n - 2].is_ascii_graphic() || (n >= 5 && ideograph(b[n - 4]));
        if first && last {
            return &raw[1..n - 1];
        }
    }
    trim(raw)
}

fn classify(
    src: &str,
    range: TextRange,
    texts: &mut Vec<Tokens>,
    errors: &mut Vec<SyntaxError>,
) -> CellContent {
    let text = &src[range.as_range()];
    if text.is_empty() {
        return CellContent::Empty;
    }
    // A cell that is one plain figure (`519.87`, `72.08%`) is most of a table: it is
    // checked for the form alone (a pipe or white space stands before it, so nothing joins
    // it to a name), first. Other figures are lexed directly, as the inline scanner would,
    // without building an `Inline` first.
    if let Some((digits_len, percent)) = whole_plain(text) {
        return CellContent::Number(CellNumber::plain(digits_len, percent));
    }
    // No dash is a plain figure.
    if matches!(text, "-" | "-%" | "—" | "--" | "/" | "－") {
        return CellContent::Dash;
    }
    if let Some(number) = lone_number(src, range).as_ref().and_then(CellNumber::of) {
        return CellContent::Number(number);
    }
    // Nothing in the cell can start a token (`一般公共服务支出`): plain text, as the inline
    // scanner would find it, without running it.
    if !may_hold_token(text) {
        return CellContent::Text(CellText::NONE);
    }
    let inline = parse_inline(src, range, errors);
    debug_assert_eq!(inline.range, range, "a cell's inline is the whole cell");
    if let [only] = inline.numbers() {
        // A figure cell's value is lexed again from its text (`CellNumber::value`): only a
        // token that lexing the whole cell gives back is one.
        let same = matches!(lex(text), Some(Lexed::Number { value, len, .. })
            if len == text.len() && value == only.value && value.scale() == only.value.scale());
        if only.range == range && inline.links().is_empty() && same {
            if let Some(number) = CellNumber::of(only) {
                return CellContent::Number(number);
            }
        }
    }
    if inline.numbers().is_empty() && inline.links().is_empty() {
        return CellContent::Text(CellText::NONE);
    }
    texts.push(inline.tokens);
    CellContent::Text(CellText::at(texts.len() - 1))
}

/// The number a cell consists of, when it is exactly one well-formed figure.
fn lone_number(src: &str, range: TextRange) -> Option<crate::syntax::ast::Number> {
    use crate::syntax::number;
    let text = &src[range.as_range()];
    let first = text.chars().next()?;
    if !(first.is_ascii_digit() || first == '-') {
        return None;
    }
    if !number::may_precede_number(src[..range.start as usize].chars().next_back()) {
        return None;
    }
    match number::lex(text)? {
        lexed @ Lexed::Number { len, .. } if len == text.len() => {
            lexed.number_at(range.start as usize, None)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lines::lines;

    #[test]
    fn cells_escapes_and_kinds() {
        let src = "| 201 | 一般公共服务支出 | 519.87 | | - | a \\| b | 72.08 % |";
        let (mut texts, mut errors) = (Vec::new(), Vec::new());
        let row = parse_row(
            src,
            &lines(src, 0)[0],
            &mut texts,
            &mut errors,
            &mut Vec::new(),
        );
        assert!(texts.is_empty(), "no text cell holds a number or a link");
        let kinds: Vec<_> = row
            .cells
            .iter()
            .map(|c| match c.content() {
                CellContent::Empty => "empty".to_string(),
                CellContent::Dash => "dash".to_string(),
                CellContent::Number(n) => {
                    let value = n.value(src, c.range);
                    format!("number {value}{}", if n.percent { "%" } else { "" })
                }
                CellContent::Text(_) => format!("text {}", &src[c.range.as_range()]),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "number 201",
                "text 一般公共服务支出",
                "number 519.87",
                "empty",
                "dash",
                "text a \\| b",
                "number 72.08%"
            ]
        );
    }

    #[test]
    fn a_figure_too_long_for_a_cell_number_is_text_with_its_token() {
        // Leading zeros: an exact figure whose digits take more than 255 bytes.
        let digits = format!("{}1.5", "0".repeat(300));
        let src = format!("| {digits} |");
        let (mut texts, mut errors) = (Vec::new(), Vec::new());
        let row = parse_row(
            &src,
            &lines(&src, 0)[0],
            &mut texts,
            &mut errors,
            &mut Vec::new(),
        );
        let CellContent::Text(text) = row.cells[0].content() else {
            panic!("{:?}", row.cells[0].content());
        };
        assert_eq!(text, CellText::at(0));
        let tokens = &texts[0];
        let [number] = tokens.numbers() else {
            panic!("{:?}", tokens.numbers());
        };
        assert_eq!(number.value.to_string(), "1.5");
        assert_eq!(number.digits().len(), digits.len());
        assert!(errors.is_empty(), "{errors:?}");
    }

    proptest::proptest! {
        /// A row splits as the escaping loop alone splits it, whether it holds a `\\` or not.
        #[test]
        fn a_row_splits_as_the_escaping_loop_splits_it(
            row in r"[|a 甲１.\u{3000}\\}]{0,40}"
        ) {
            let mut fast = Vec::new();
            split_into(&row, &mut fast);
            let mut slow = Vec::new();
            split_escaped(&row, &mut slow);
            if row.starts_with('|') {
                slow.remove(0);
            }
            if row.ends_with('|') && !row.ends_with("\\|") && !slow.is_empty() {
                slow.pop();
            }
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    proptest::proptest! {
        /// A piece's content is its trimmed text, at its place.
        #[test]
        fn content_is_the_trimmed_piece(raw in "[ \t\u{3000}\u{2003}\u{a0}a1.甲（é𠀀]{0,8}") {
            proptest::prop_assert_eq!(content(&raw), trim(&raw));
            proptest::prop_assert_eq!(offset_in(&raw, content(&raw)), offset_in(&raw, trim(&raw)));
        }
    }

    #[test]
    fn bytes_equal_marks_exactly_the_equal_bytes() {
        for b in [b'|', b'\\', 0, 0x7F, 0x80, 0xFF] {
            for v in 0..=255u8 {
                // `v` among neighbours that differ from `b` by one (a borrow would spill).
                let word = [
                    b ^ 1,
                    v,
                    b.wrapping_add(1),
                    v,
                    b.wrapping_sub(1),
                    0x80,
                    v,
                    b ^ 0x80,
                ];
                let marks = bytes_equal(u64::from_le_bytes(word), b).to_le_bytes();
                for (i, &m) in marks.iter().enumerate() {
                    assert_eq!(m, if word[i] == b { 0x80 } else { 0 }, "{b:#x} {word:?}");
                }
            }
        }
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter("|---|:--:|---:|"));
        assert!(!is_delimiter("| 栏次 | | 1 |"));
        assert!(!is_delimiter("||"));
    }
}
