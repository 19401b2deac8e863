//! Byte ranges and line/column conversion.
//!
//! Everything inside jslint addresses text by byte offsets into the original source. This module
//! is the one place that turns offsets into lines and columns: 1-based scalar-value columns for
//! people and JSON, and 0-based UTF-8 or UTF-16 columns for the language server.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        debug_assert!(start <= end, "range {start}..{end}");
        TextRange {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> TextRange {
        TextRange::new(at, at)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }

    /// Whether `offset` is inside the range or at its end (cursor positions).
    pub fn touches(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= self.end as usize
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn as_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The same range `delta` bytes later (earlier when negative): where it lands after an
    /// edit before it changed the text's length by `delta`.
    pub fn shifted(self, delta: i64) -> TextRange {
        let at = |offset: u32| {
            u32::try_from(i64::from(offset) + delta).expect("shifted inside the text")
        };
        TextRange {
            start: at(self.start),
            end: at(self.end),
        }
    }
}

/// The one span in which two versions of a text differ: bytes `start..old_end` of the old
/// text became `start..new_end` of the new one. What lies outside it is the same text in
/// both, `delta` bytes further on after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl TextEdit {
    /// The longest common prefix and suffix of the two texts, on character boundaries;
    /// `None` when the texts are the same.
    pub fn between(old: &str, new: &str) -> Option<TextEdit> {
        if old == new {
            return None;
        }
        let (o, n) = (old.as_bytes(), new.as_bytes());
        let mut start = common_prefix(o, n);
        while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
            start -= 1;
        }
        let room = o.len().min(n.len()) - start;
        let mut suffix = common_suffix(&o[o.len() - room..], &n[n.len() - room..]);
        while !(old.is_char_boundary(o.len() - suffix) && new.is_char_boundary(n.len() - suffix)) {
            suffix -= 1;
        }
        Some(TextEdit {
            start,
            old_end: o.len() - suffix,
            new_end: n.len() - suffix,
        })
    }

    /// How many bytes longer the new text is.
    pub fn delta(&self) -> i64 {
        self.new_end as i64 - self.old_end as i64
    }

    /// Whether an old range is clear of the change: it neither holds changed text nor touches
    /// the changed span, so that what was made of it holds after the edit, moved. (A range
    /// that ends where text was put in, or starts there, may have grown by it: a row that
    /// a space was typed before starts at the space now.)
    pub fn outside(&self, range: TextRange) -> bool {
        (range.end as usize) < self.start || (range.start as usize) > self.old_end
    }

    /// Where an old range outside the change is in the new text (a range that overlaps the
    /// change stays where it was: check [`TextEdit::outside`] first where that matters).
    pub fn moved(&self, range: TextRange) -> TextRange {
        // After the change, or (for an insertion) starting at it and not empty there.
        let after = (range.start as usize) >= self.old_end
            && (self.old_end > self.start || (range.end as usize) > self.start);
        if after {
            range.shifted(self.delta())
        } else {
            range
        }
    }
}

/// How many bytes two texts share at the start. Compared a block at a time (slice equality
/// is a `memcmp`), since a keystroke compares the whole document.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes two texts share at the end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + BLOCK <= n && a[n - k - BLOCK..n - k] == b[n - k - BLOCK..n - k] {
        k += BLOCK;
    }
    k + a[..n - k]
        .iter()
        .rev()
        .zip(b[..n - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// [`str::trim`] (the same text at the same place), for table cells such as ` 605.00 ` or
/// ` 合计 `: ASCII white space is trimmed byte by byte, and the character then left at each
/// end is decoded only if its first byte may begin white space. ASCII white space is white
/// space to `str::trim` too, so the answer is the same unless one of those two characters is
/// white space that `trim_ascii` leaves (`　`, U+000B), and then `str::trim` finishes the work.
pub fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    // What `trim_ascii` leaves at an end is white space to `str::trim` only if it is U+000B
    // (not ASCII white space to `u8::is_ascii_whitespace`) or white space outside ASCII
    // ([`may_begin_wide_space`]). So an end that is an ASCII figure, or a character that
    // begins otherwise (a CJK ideograph), is not decoded.
    let may_begin_space = |b: u8| b == 0x0B || may_begin_wide_space(b);
    let spaced = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let bytes = t.as_bytes();
    let first_spaced =
        bytes.first().is_some_and(|&b| may_begin_space(b)) && spaced(t.chars().next());
    let last_spaced =
        bytes.last().is_some_and(|&b| b == 0x0B || b >= 0x80) && spaced(t.chars().next_back());
    let t = if first_spaced || last_spaced {
        t.trim()
    } else {
        t
    };
    // Text of white space only trims to the empty text at its start, where `str::trim` puts
    // it (an empty cell's place).
    if t.is_empty() {
        &s[..0]
    } else {
        t
    }
}

/// Whether byte `b` may begin white space outside ASCII: every such character begins with
/// one of four bytes (C2: U+0085, U+00A0; E1: U+1680; E2: U+2000–U+205F; E3: U+3000), which
/// CJK ideographs (E4–E9) and ASCII never do.
pub const fn may_begin_wide_space(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// The offset of the first byte of `bytes` that `table` marks, looking only at the first byte
/// of each character: a table that marks ASCII bytes and lead bytes only (never a
/// continuation byte, 80–BF) finds what a search of every byte finds, in a third of the
/// steps over CJK text, whose characters are three bytes. `bytes` is UTF-8 text from a
/// character boundary (from elsewhere, continuation bytes are stepped over one at a time).
pub fn find_lead(bytes: &[u8], table: &[bool; 256]) -> Option<usize> {
    // The length of the character a byte begins; 1 for a continuation byte.
    const WIDTH: [u8; 256] = {
        let mut width = [1; 256];
        let mut b = 0xC0;
        while b < 256 {
            width[b] = if b < 0xE0 {
                2
            } else if b < 0xF0 {
                3
            } else {
                4
            };
            b += 1;
        }
        width
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if table[usize::from(b)] {
            return Some(i);
        }
        i += usize::from(WIDTH[usize::from(b)]);
    }
    None
}

/// The answers of a test for every byte, as a table indexed by the byte (`[bool; 256]`, a
/// constant): a test that runs on every byte of a text is then one load, where a `matches!`
/// of several bytes and ranges is a chain of compares. `byte_table!(|b| b == b'|')`.
macro_rules! byte_table {
    (|$b:ident| $member:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            table[i] = $member;
            i += 1;
        }
        table
    }};
}
pub(crate) use byte_table;

/// `hay.contains(needle)`, for the short texts that labels and subjects are: a needle's first
/// byte is looked for and the rest compared there. `str::contains` sets up a two-way search
/// first, which costs more than the whole search of a few dozen bytes.
pub fn holds(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay.find(needle)`, for short texts as [`holds`] is.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    const SHORT: usize = 96;
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    if h.len() > SHORT {
        return hay.find(needle);
    }
    if h.len() < n.len() {
        return None;
    }
    h[..=h.len() - n.len()]
        .iter()
        .enumerate()
        .position(|(i, &b)| b == first && h[i + 1..].starts_with(rest))
}

/// `s.replace(word, "")`, for short texts: every occurrence of `word`, left to right, taken
/// out, without the substring searcher `str::replace` sets up.
pub fn remove_all(s: &str, word: &str) -> String {
    if word.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find(rest, word) {
        out.push_str(&rest[..i]);
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

/// `s` without every trailing repeat of `suffix`: `str::trim_end_matches` with a string,
/// which sets up a substring searcher on each call (a few hundred instructions, where the
/// narrative's short subjects need a compare or two).
pub fn trim_end_word<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    if suffix.is_empty() {
        return s;
    }
    while let Some(rest) = s.strip_suffix(suffix) {
        s = rest;
    }
    s
}

/// The byte offset of `part` inside `whole`; `part` must be a sub-slice of `whole`.
pub fn offset_in(whole: &str, part: &str) -> usize {
    let offset = part.as_ptr() as usize - whole.as_ptr() as usize;
    debug_assert!(offset <= whole.len());
    offset
}

/// The range of sub-slice `part` inside `whole`.
pub fn range_in(whole: &str, part: &str) -> TextRange {
    let start = offset_in(whole, part);
    TextRange::new(start, start + part.len())
}

/// Appends the start of every line that begins after byte `from` of `text` (a line start)
/// to `out`. Lines end at `\n`, `\r\n` and a lone `\r`. A text without `\r`, the common case,
/// is searched for `\n` with the standard library's vectorised search.
fn scan_line_starts(text: &str, from: usize, out: &mut Vec<u32>) {
    let rest = &text[from..];
    if !rest.as_bytes().contains(&b'\r') {
        out.extend(rest.match_indices('\n').map(|(i, _)| (from + i) as u32 + 1));
        return;
    }
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => out.push(i as u32 + 1),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                out.push(i as u32 + 1);
            }
            _ => {}
        }
        i += 1;
    }
}

/// Which unit a column counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (what people and the JSON output count).
    Char,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text; converts byte offsets to and from line/column pairs.
///
/// Line breaks are `\n`, `\r\n` and a lone `\r`, as in the LSP specification.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        scan_line_starts(text, 0, &mut line_starts);
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    /// The index of `text`, made from `old`, the index of the text before `edit`: the line
    /// starts on either side of the edit are kept (those after it moved), and only the lines
    /// the edit touched are scanned. Equal to [`LineIndex::new`] of `text`.
    pub fn after(old: LineIndex, edit: &TextEdit, text: &str) -> LineIndex {
        let mut starts = old.line_starts;
        // Rescan from the start of the line before the edit's first byte (a `\r` just before
        // it may pair with a `\n` the edit put in) to the first old line start with two
        // untouched bytes before it (so that `\r\n` there reads the same).
        let from_line = starts
            .partition_point(|&s| (s as usize) < edit.start)
            .saturating_sub(1);
        let from = starts[from_line] as usize;
        let resume = starts.partition_point(|&s| (s as usize) < edit.old_end + 2);
        for s in &mut starts[resume..] {
            *s = (i64::from(*s) + edit.delta()) as u32;
        }
        let until = starts.get(resume).map_or(text.len(), |&s| s as usize);
        let mut found = Vec::new();
        scan_line_starts(&text[..until], from, &mut found);
        // A break just before `until` found the kept tail's first start again.
        if resume < starts.len() && found.last().is_some_and(|&s| s as usize == until) {
            found.pop();
        }
        starts.splice(from_line + 1..resume, found);
        LineIndex {
            line_starts: starts,
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 0-based `line` starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len) as usize
    }

    /// Byte offset where 0-based `line` ends, before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self
            .line_starts
            .get(line + 1)
            .map(|s| *s as usize)
            .unwrap_or(text.len());
        let content = &text[self.line_start(line).min(next)..next];
        self.line_start(line) + content.trim_end_matches(['\n', '\r']).len()
    }

    /// The 0-based line that contains byte `offset` (clamped).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = (offset as u32).min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Converts a byte offset into a 0-based line and a 0-based column in `unit`.
    /// An offset inside a character or a line break is moved back to its start.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let end = self.line_end(text, line);
        let segment = &text[start..offset.min(end).max(start)];
        let col = match unit {
            ColumnUnit::Utf8 => segment.len(),
            ColumnUnit::Utf16 => segment.encode_utf16().count(),
            ColumnUnit::Char => segment.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a 0-based line and column in `unit` into a byte offset. Positions past the end
    /// of a line clamp to the line's end; lines past the end clamp to the end of the text;
    /// a column inside a character (half a surrogate pair) rounds down to its start.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_start(line);
        let end = self.line_end(text, line);
        let mut remaining = pos.col as usize;
        for (i, ch) in text[start..end].char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if remaining < width {
                return start + i;
            }
            remaining -= width;
        }
        end
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn holds_is_str_contains(
            hay in "[a预算数年初甲𠀀]{0,40}|[a预算数]{90,110}",
            needle in "[a预算数年初𠀀]{0,4}"
        ) {
            proptest::prop_assert_eq!(holds(&hay, &needle), hay.contains(&*needle));
        }

        #[test]
        fn find_and_remove_all_are_str_find_and_replace(
            hay in "[a预算数年初甲𠀀]{0,40}|[a预算数]{90,110}",
            needle in "[a预算数年初𠀀]{0,4}"
        ) {
            proptest::prop_assert_eq!(find(&hay, &needle), hay.find(&*needle));
            proptest::prop_assert_eq!(remove_all(&hay, &needle), hay.replace(&*needle, ""));
        }

        /// Stepping over characters finds the byte that a search of every byte finds, for a
        /// table of ASCII and lead bytes.
        #[test]
        fn find_lead_is_a_search_of_every_byte(s in "[a -)（，。甲é𠀀\u{3000}\u{a0}]{0,16}") {
            const TABLE: [bool; 256] = byte_table!(|b| {
                b <= b' ' || matches!(b, b')' | 0xEF | 0xE3 | 0xC2 | 0xF0)
            });
            proptest::prop_assert_eq!(
                find_lead(s.as_bytes(), &TABLE),
                s.bytes().position(|b| TABLE[usize::from(b)])
            );
        }

        #[test]
        fn trim_end_word_is_str_trim_end_matches(
            s in "[比重例的a]{0,10}", suffix in "[比重例a]{0,3}"
        ) {
            proptest::prop_assert_eq!(trim_end_word(&s, &suffix), s.trim_end_matches(&*suffix));
        }

        #[test]
        fn trim_is_str_trim(s in "[ \t\r\n\u{b}\u{c}\u{3000}\u{85}\u{a0}\u{1680}\u{2009}\u{205f}a甲é—|𠀀]{0,12}") {
            // The same text at the same place.
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(offset_in(&s, trim(&s)), offset_in(&s, s.trim()));
        }
    }

    #[test]
    fn an_edit_is_the_span_between_the_common_prefix_and_suffix() {
        let edit = TextEdit::between("甲乙", "甲丙").expect("different");
        assert_eq!(
            (edit.start, edit.old_end, edit.new_end, edit.delta()),
            (3, 6, 6, 0)
        );
        let edit = TextEdit::between("aa", "aaa").expect("different");
        assert_eq!((edit.start, edit.old_end, edit.new_end), (2, 2, 3));
        // The prefix and suffix may not overlap: `aba` → `abba` inserts one `b`.
        let edit = TextEdit::between("aba", "abba").expect("different");
        assert_eq!((edit.start, edit.old_end, edit.new_end), (2, 2, 3));
        assert!(TextEdit::between("甲", "甲").is_none());
    }

    proptest::proptest! {
        /// The index made after an edit from the index before it is the index of the new text.
        #[test]
        fn an_index_after_an_edit_equals_a_new_one(
            old in "[a\r\n中]{0,24}",
            at in 0usize..25,
            removed in 0usize..6,
            inserted in "[b\r\n]{0,4}",
        ) {
            let chars: Vec<(usize, char)> = old.char_indices().collect();
            let offset = |k: usize| chars.get(k).map_or(old.len(), |&(i, _)| i);
            let (from, to) = (offset(at.min(chars.len())), offset((at + removed).min(chars.len())));
            let mut new = old.clone();
            new.replace_range(from..to, &inserted);
            let index = match TextEdit::between(&old, &new) {
                Some(edit) => LineIndex::after(LineIndex::new(&old), &edit, &new),
                None => LineIndex::new(&old),
            };
            let fresh = LineIndex::new(&new);
            proptest::prop_assert_eq!((index.line_starts, index.len), (fresh.line_starts, fresh.len), "{:?} → {:?}", old, new);
        }
    }

    #[test]
    fn ranges_outside_an_edit_move_with_the_text_after_it() {
        // `ab|cd|ef` → `ab|XYZ|ef`.
        let edit = TextEdit::between("abcdef", "abXYZef").expect("different");
        assert!(edit.outside(TextRange::new(0, 1)) && edit.outside(TextRange::new(5, 6)));
        // Overlapping or touching the changed span is not outside it.
        assert!(!edit.outside(TextRange::new(1, 3)));
        assert!(!edit.outside(TextRange::new(0, 2)) && !edit.outside(TextRange::new(4, 6)));
        assert_eq!(edit.moved(TextRange::new(0, 2)), TextRange::new(0, 2));
        assert_eq!(edit.moved(TextRange::new(4, 6)), TextRange::new(5, 7));
        // An insertion: what starts at it and is not empty moves; an empty range stays.
        let edit = TextEdit::between("abcd", "abXcd").expect("different");
        assert_eq!(edit.moved(TextRange::new(2, 4)), TextRange::new(3, 5));
        assert_eq!(edit.moved(TextRange::new(2, 2)), TextRange::new(2, 2));
    }

    #[test]
    fn line_breaks_of_every_kind() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(
            index.line_col(text, 7, ColumnUnit::Char),
            LineCol { line: 3, col: 0 }
        );
        assert_eq!(index.line_end(text, 1), 3);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "收入𠀀611.70";
        let index = LineIndex::new(text);
        let at = text.find('6').unwrap();
        assert_eq!(index.line_col(text, at, ColumnUnit::Utf16).col, 4);
        assert_eq!(index.line_col(text, at, ColumnUnit::Char).col, 3);
        assert_eq!(index.line_col(text, at, ColumnUnit::Utf8).col, 10);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 4 }, ColumnUnit::Utf16),
            at
        );
        // Half a surrogate pair rounds down to the character's start.
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 3 }, ColumnUnit::Utf16),
            6
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            2
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16),
            6
        );
        assert_eq!(
            index.line_col(text, 3, ColumnUnit::Char),
            LineCol { line: 0, col: 2 }
        );
    }
}
