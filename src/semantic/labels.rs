//! Label normalisation: how row and column labels, subjects and captions are compared.

use std::borrow::Cow;

/// Removes white space (including full-width spaces and line breaks), folds full-width
/// brackets and punctuation to ASCII, and drops the `(类)`/`(款)`/`(项)` markers. Borrows `s`
/// when it is already normal, as most labels are.
pub fn normalize(s: &str) -> Cow<'_, str> {
    // Most labels need nothing done.
    if crate::text::find_lead(s.as_bytes(), &MAY_CHANGE).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(fold(s))
}

/// The bytes that may begin a character that [`normalize`] changes: an ASCII space or
/// control, `)` (the markers end with it) or `"`, or a byte that every other white space or
/// folded character starts with (`text::may_begin_wide_space`; E2 also begins “ ”; EF:
/// full-width forms). CJK ideographs start with E4–E9. Each of these bytes is ASCII or
/// begins a character, never continues one, so that [`crate::text::find_lead`] looks at the
/// first byte of each character only: one load per character, and every character of every
/// label is asked.
const MAY_CHANGE: [bool; 256] = crate::text::byte_table!(|b| {
    b <= b' ' || matches!(b, b')' | b'"' | 0xEF) || crate::text::may_begin_wide_space(b)
});

/// [`normalize`] of text that may need it: the runs between bytes that may begin a changed
/// character are copied whole, and only those characters are looked at.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = crate::text::find_lead(rest.as_bytes(), &MAY_CHANGE) {
        out.push_str(&rest[..i]);
        let c = rest[i..]
            .chars()
            .next()
            .expect("a character begins at the byte");
        if !c.is_whitespace() {
            out.push(fold_char(c));
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    if out.contains(')') {
        for marker in ["(类)", "(款)", "(项)"] {
            // A copy only for a marker that is there.
            if out.contains(marker) {
                out = out.replace(marker, "");
            }
        }
    }
    out
}

/// Full-width brackets and punctuation folded to ASCII.
fn fold_char(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '：' => ':',
        '，' => ',',
        '“' | '”' | '"' => '"',
        c => c,
    }
}

/// Chinese ordinal prefixes: `一、`, `(一)`, `1.`, `1、`, `第一部分` is kept.
pub fn strip_ordinal(s: &str) -> &str {
    // Most labels (every row of a table but the numbered ones) begin with a character that
    // no white space, bracket or ordinal begins with: there is nothing to strip.
    match s.chars().next() {
        Some(c) if c.is_whitespace() || c == '(' || c == '（' || is_ordinal_char(c) => {
            strip_ordinal_prefix(s)
        }
        _ => s,
    }
}

/// [`strip_ordinal`] of a label that may begin with an ordinal.
fn strip_ordinal_prefix(s: &str) -> &str {
    let t = s.trim_start();
    // (一) or （一）
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                if rest[..end].chars().all(is_ordinal_char) && end > 0 {
                    return rest[end + close.len_utf8()..].trim_start();
                }
            }
        }
    }
    let numeral_len: usize = t
        .chars()
        .take_while(|c| is_ordinal_char(*c))
        .map(char::len_utf8)
        .sum();
    if numeral_len > 0 {
        let rest = &t[numeral_len..];
        for sep in ["、", ".", "．", "）", ")"] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim_start();
            }
        }
    }
    t
}

fn is_ordinal_char(c: char) -> bool {
    // A match, not a search of a string of numerals: every label's first character is asked.
    matches!(
        c,
        '0'..='9'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '零'
            | '〇'
    )
}

/// A label ready for matching: ordinal stripped, normalised. Borrows `s` when it can.
pub fn key(s: &str) -> Cow<'_, str> {
    match normalize(strip_ordinal(s)) {
        Cow::Borrowed(k) => Cow::Borrowed(k.trim_end_matches(['。', '.'])),
        Cow::Owned(mut k) => {
            let end = k.trim_end_matches(['。', '.']).len();
            k.truncate(end);
            Cow::Owned(k)
        }
    }
}

/// `s` with every occurrence of each word removed, word after word (a removal may join text
/// that a later word then matches). Most words are not there: they cost a search, not a new
/// string.
pub fn without_words<'w>(s: &str, words: impl IntoIterator<Item = &'w str>) -> String {
    let mut out = s.to_string();
    for word in words {
        if crate::text::holds(&out, word) {
            out = crate::text::remove_all(&out, word);
        }
    }
    out
}

/// Whether a row label names a total row, and which kind.
pub fn is_total_label(key: &str) -> bool {
    key.ends_with("合计")
        || key.ends_with("总计")
        || key == "小计"
        || key == "总分"
        || key == "总额"
}

/// The longest second string whose dynamic programme row ([`common_run`]) is on the stack:
/// the linker compares subjects of a few characters for every figure that may be a change of
/// an earlier one, and those take no allocation.
const SMALL: usize = 64;

/// Length in characters of the longest common substring of two strings.
pub fn longest_common_substring(a: &str, b: &str) -> usize {
    if b.chars().nth(SMALL).is_none() {
        let mut chars = ['\0'; SMALL];
        let mut n = 0;
        for c in b.chars() {
            chars[n] = c;
            n += 1;
        }
        common_run(a.chars(), &chars[..n], &mut [0; SMALL])
    } else {
        let b: Vec<char> = b.chars().collect();
        common_run(a.chars(), &b, &mut vec![0; b.len()])
    }
}

/// [`longest_common_substring`] of two texts decoded once into characters, for texts compared
/// many times (headings against captions): neither is decoded again.
pub fn longest_common_run(a: &[char], b: &[char]) -> usize {
    if b.len() <= SMALL {
        common_run(a.iter().copied(), b, &mut [0; SMALL])
    } else {
        common_run(a.iter().copied(), b, &mut vec![0; b.len()])
    }
}

/// A 64-bit signature of the characters of `s`: a character sets bit `c mod 64`. Two
/// characters may share a bit; a character of `s` always has its bit set.
pub fn char_signature(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

/// A character's bit in a [`char_signature`].
pub fn char_bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

/// An upper bound of [`longest_common_substring`]`(a, b)`, from the bits ([`char_bit`]) of
/// `a`'s characters, worked out once for a text compared with many, and `b`'s
/// [`char_signature`]: the longest run of characters of `a` whose bits are all set. A common
/// substring is such a run (each of its characters is in `b`); a run may be longer (a bit
/// shared by a character not in `b`). A few instructions a character, where the dynamic
/// programme takes a row's worth.
pub fn common_bits_bound(a_bits: impl IntoIterator<Item = u64>, b_signature: u64) -> usize {
    let (mut run, mut best) = (0, 0);
    for bit in a_bits {
        if b_signature & bit != 0 {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// The dynamic programme of [`longest_common_substring`] over `a`'s characters against `b`,
/// in one row (at least `b.len()` long, zeros): `row[j]` is the length of the common run
/// that ends at `b[j]` and at the last character of `a` read. Each cell's value from the row
/// before is carried along as the next cell's diagonal, so the row is rewritten in place.
fn common_run(a: impl Iterator<Item = char>, b: &[char], row: &mut [u32]) -> usize {
    let row = &mut row[..b.len()];
    let mut best = 0;
    for x in a {
        let mut diagonal = 0;
        for (cell, &y) in row.iter_mut().zip(b) {
            let run = if x == y { diagonal + 1 } else { 0 };
            diagonal = *cell;
            *cell = run;
            best = best.max(run);
        }
    }
    best as usize
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The shortcuts (a label that needs nothing done is borrowed; the runs between bytes
        /// that may begin a changed character are copied whole) give what folding character by
        /// character gives, for any text of CJK, ASCII, white space of every kind and the
        /// folded characters.
        #[test]
        fn normalize_equals_folding(
            s in proptest::collection::vec(proptest::sample::select(vec![
                '一', '般', '支', '出', '（', '）', '：', '，', '“', '”', '"', '(', ')', '类', '款',
                '项', ' ', '\t', '\n', '\u{85}', '\u{a0}', '\u{1680}', '\u{2003}', '\u{2028}',
                '\u{202f}', '\u{205f}', '\u{3000}', '、', '。', 'a', '1', '𠀀', '\u{1f}', 'é',
            ]), 0..12).prop_map(|v| v.into_iter().collect::<String>()),
        ) {
            proptest::prop_assert_eq!(normalize(&s), by_character(&s));
        }

        /// A label that cannot begin with an ordinal is kept whole without being looked at
        /// further: the same as looking.
        #[test]
        fn strip_ordinal_is_the_full_search(
            s in proptest::collection::vec(proptest::sample::select(vec![
                '一', '十', '第', '支', '出', '（', '）', '(', ')', '、', '.', '．', ' ', '\u{3000}',
                '1', '0', 'a',
            ]), 0..8).prop_map(|v| v.into_iter().collect::<String>()),
        ) {
            proptest::prop_assert_eq!(strip_ordinal(&s), strip_ordinal_prefix(&s));
        }

        /// The same for arbitrary text.
        #[test]
        fn normalize_equals_folding_on_any_text(
            s in proptest::collection::vec(proptest::char::any(), 0..16)
                .prop_map(|v| v.into_iter().collect::<String>()),
        ) {
            proptest::prop_assert_eq!(normalize(&s), by_character(&s));
        }
    }

    /// What `normalize` does, done character by character without its shortcuts.
    fn by_character(s: &str) -> String {
        let mut out: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold_char)
            .collect();
        for marker in ["(类)", "(款)", "(项)"] {
            out = out.replace(marker, "");
        }
        out
    }

    use super::*;

    #[test]
    fn ordinal_characters_are_the_digits_and_numerals() {
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            let numeral = c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c);
            assert_eq!(is_ordinal_char(c), numeral, "{c:?}");
        }
    }

    #[test]
    fn ordinals_and_markers() {
        assert_eq!(key("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(key("（三）具体情况。"), "具体情况");
        assert_eq!(key("十一、政府采购支出情况说明"), "政府采购支出情况说明");
        assert_eq!(key("一般公共服务（类）支出"), "一般公共服务支出");
        assert_eq!(key("本年收入合 计"), "本年收入合计");
        assert_eq!(key("第一部分 概况"), "第一部分概况");
    }

    proptest::proptest! {
        /// The dynamic programme finds the longest run that a search of every substring finds,
        /// for a second string short enough for the rows on the stack and one longer.
        #[test]
        fn common_substring_is_the_longest_shared_run(a in "[甲乙丙a b]{0,12}", b in "[甲乙丙a b]{0,80}") {
            let chars: Vec<char> = a.chars().collect();
            let longest = (0..=chars.len())
                .flat_map(|i| (i..=chars.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| b.contains(&chars[i..j].iter().collect::<String>()))
                .map(|(i, j)| j - i)
                .max()
                .unwrap_or(0);
            proptest::prop_assert_eq!(longest_common_substring(&a, &b), longest);
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(longest_common_run(&a, &b), longest);
        }

        /// The signature's bound is never below the longest common substring (characters 64
        /// apart share a bit: `A` and U+0081, `甲` and `畲`).
        #[test]
        fn signature_bound_is_an_upper_bound(a in "[甲乙丙畲a b\u{81}A]{0,12}", b in "[甲乙丙畲a b\u{81}A]{0,20}") {
            let bound = common_bits_bound(a.chars().map(char_bit), char_signature(&b));
            proptest::prop_assert!(bound >= longest_common_substring(&a, &b));
            proptest::prop_assert!(bound <= a.chars().count());
        }
    }

    #[test]
    fn common_substring() {
        assert_eq!(
            longest_common_substring(
                "一般公共预算财政拨款支出决算",
                "一般公共预算财政拨款基本支出决算明细"
            ),
            10
        );
    }
}
