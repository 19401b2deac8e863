//! Narrative units (a paragraph or a list item), their sentences, and each number's kind,
//! subject (the words before it) and the section it stands in.

use crate::semantic::labels::{
    char_bit, char_signature, common_bits_bound, key, longest_common_run, normalize,
};
use crate::semantic::narrative::Input;
use crate::syntax::ast::{Block, Inline, Number};
use crate::text::TextRange;

/// What sort of figure a number is, from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A year, date or document number.
    NotAQuantity,
    /// An amount of money; the unit it is written in.
    Amount(MoneyUnit),
    Percent,
    /// A count (辆, 个, 人次…).
    Count,
    /// A score (分).
    Score,
    /// A bare number.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    Wan,
    Yi,
}

impl Kind {
    pub fn is_quantity(self) -> bool {
        self != Kind::NotAQuantity
    }
}

#[derive(Debug, Clone)]
pub struct Token {
    pub number: Number,
    pub kind: Kind,
    /// Normalised words between the previous clause break (or figure) and the number.
    pub subject: String,
    /// The text after the number up to the next clause break, as written: only a count that
    /// may state a fact reads it (normalised then, see `facts`), so it is not copied.
    pub after: TextRange,
    pub sentence: usize,
    /// Whether the subject names a budget figure (see `link::is_budget`), worked out once.
    pub budget: bool,
    /// Whether the subject makes the figure a change (see `link::is_change`), worked out once:
    /// derivations ask it of every figure in their window.
    pub change: bool,
    /// Whether the token follows a `其中` in its sentence (or its sentence starts with one).
    pub after_qizhong: bool,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub range: TextRange,
    /// Tables the enclosing section is about, best first.
    pub section_tables: Vec<usize>,
    /// The 类/款/项 labels the unit starts with, if any.
    pub topic_path: Vec<String>,
    pub tokens: Vec<Token>,
    /// How many tables stand before the unit in the document.
    pub tables_before: usize,
    /// The unit's links, which `Number::link` indexes.
    pub links: Vec<crate::syntax::ast::Link>,
    /// Byte offsets of `其中` markers.
    pub qizhong: Vec<usize>,
}

/// What ends a clause: [`clause_break_at`] matches their encodings (a test ties the two).
#[cfg(test)]
const CLAUSE_BREAKS: &[char] = &[
    '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '\n', '\r',
];
const SENTENCE_BREAKS: &[char] = &['。', '！', '？', '!', '?'];

/// The length of the clause break (`，,；;：:。！？!?` or a line break) that `bytes[i..]` begins
/// with, if it begins one. Its bytes are matched against the encodings (`，` EF BC 8C, `；`
/// EF BC 9B, `：` EF BC 9A, `！` EF BC 81, `？` EF BC 9F, `。` E3 80 82), without decoding
/// the text. A test ties this to the list.
fn clause_break_at(bytes: &[u8], i: usize) -> Option<usize> {
    // Most bytes begin no break: one load says so, where the match is a chain of compares
    // whose outcome the processor mispredicts on CJK text.
    if !MAY_BREAK[usize::from(bytes[i])] {
        return None;
    }
    match bytes[i] {
        b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'\r' => Some(1),
        0xE3 => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x82])).then_some(3),
        0xEF => matches!(
            bytes.get(i + 1..i + 3),
            Some([0xBC, 0x8C | 0x9B | 0x9A | 0x81 | 0x9F])
        )
        .then_some(3),
        _ => None,
    }
}

/// The bytes that [`clause_break_at`] may find a break at.
const MAY_BREAK: [bool; 256] = crate::text::byte_table!(|b| matches!(
    b,
    b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'\r' | 0xE3 | 0xEF
));

/// Where the first clause break of `text` begins ([`clause_break_at`]).
fn first_clause_break(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| clause_break_at(bytes, i).is_some())
}

/// Where the last clause break of `text` begins, and its length. A UTF-8 continuation byte
/// begins no break, so a byte scan from the end finds the same break.
fn last_clause_break(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .rev()
        .find_map(|i| clause_break_at(bytes, i).map(|len| (i, len)))
}

/// A narrative unit before its tokens are made: its text and its section context.
pub struct Pending<'i> {
    pub inline: &'i Inline,
    pub section_tables: Vec<usize>,
    pub tables_before: usize,
}

impl Pending<'_> {
    /// Makes the unit's tokens (its numbers with their kinds and subjects).
    pub fn build(self, input: &Input<'_>) -> Unit {
        unit(input, self.inline, self.section_tables, self.tables_before)
    }
}

/// Calls `f` with each narrative unit of the document, with its section context, in order.
/// Units are handed over one at a time, so their tokens never all live at once, and before
/// their tokens are made, which a reanalysis that reuses the unit never needs. Each heading's
/// caption group is taken from `memo` (what an earlier analysis matched) when the captions
/// are the same, and `memo` is left with this analysis's, for the next.
pub fn for_each_unit(input: &Input<'_>, memo: &mut CaptionMemo, mut f: impl FnMut(Pending<'_>)) {
    let mut stack: Vec<(u8, Vec<usize>, bool)> = Vec::new();
    let captions = caption_groups(input);
    // What an earlier analysis found holds while the captions are the same.
    let mut earlier = std::mem::take(&mut memo.found);
    if !memo.captions.iter().eq(captions.iter().map(|(c, _)| c)) {
        earlier.clear();
        memo.captions = captions.iter().map(|(c, _)| c.clone()).collect();
    }
    let cache = &mut memo.found;
    // Each caption's signature and characters, made once for all the headings
    // matched against them (and only if one is: a reanalysis finds them all in `memo`).
    let mut shapes: Option<Vec<(u64, Vec<char>)>> = None;
    let mut tables_before = 0;
    for block in &input.doc.blocks {
        match block {
            Block::Heading(h) => {
                while stack.last().is_some_and(|(level, _, _)| *level >= h.level) {
                    stack.pop();
                }
                let text = &input.src[h.inline.range.as_range()];
                let is_toc = h
                    .attrs
                    .as_ref()
                    .and_then(|a| a.id)
                    .is_some_and(|id| &input.src[id.as_range()] == "toc");
                let group = match cache.get(text) {
                    Some(&group) => group,
                    None => {
                        let (key, group) = earlier.remove_entry(text).unwrap_or_else(|| {
                            let shapes = shapes.get_or_insert_with(|| caption_shapes(&captions));
                            (text.to_string(), best_caption(shapes, text))
                        });
                        cache.insert(key, group);
                        group
                    }
                };
                let mut tables: Vec<usize> = group
                    .and_then(|g| nearest(&captions[g].1, tables_before))
                    .into_iter()
                    .collect();
                if tables.is_empty() {
                    tables = stack.last().map(|(_, t, _)| t.clone()).unwrap_or_default();
                }
                stack.push((h.level, tables, is_toc));
            }
            Block::Table(_) => tables_before += 1,
            Block::Paragraph(p) => {
                let tables = stack.last().map(|(_, t, _)| t.clone()).unwrap_or_default();
                f(Pending {
                    inline: &p.inline,
                    section_tables: tables,
                    tables_before,
                });
            }
            Block::List(list) => {
                if stack.last().is_some_and(|(_, _, toc)| *toc) {
                    continue;
                }
                let tables = stack.last().map(|(_, t, _)| t.clone()).unwrap_or_default();
                for item in &list.items {
                    f(Pending {
                        inline: &item.inline,
                        section_tables: tables.clone(),
                        tables_before,
                    });
                }
            }
            _ => {}
        }
    }
}

/// The caption group that each heading's text matched ([`best_caption`]), kept from one
/// analysis of a document to the next (the language server's): a compilation has hundreds of
/// headings and few captions, and a keystroke seldom changes either. It holds the headings of
/// the last analysis only, and holds nothing once the captions change.
#[derive(Debug, Default)]
pub struct CaptionMemo {
    /// The groups' captions the matches were made against.
    captions: Vec<String>,
    found: rustc_hash::FxHashMap<String, Option<usize>>,
}

/// Tables grouped by caption (without 表/明细): a compilation repeats each caption per
/// department, so headings are compared with the few distinct captions only.
fn caption_groups(input: &Input<'_>) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, t) in input.tables.iter().enumerate() {
        let caption =
            crate::text::trim_end_word(t.caption.trim_end_matches('表'), "明细").to_string();
        match at.get(&caption) {
            Some(&g) => groups[g].1.push(i),
            None => {
                at.insert(caption.clone(), groups.len());
                groups.push((caption, vec![i]));
            }
        }
    }
    groups
}

/// Each group's caption's [`char_signature`] and characters.
fn caption_shapes(groups: &[(String, Vec<usize>)]) -> Vec<(u64, Vec<char>)> {
    groups
        .iter()
        .map(|(caption, _)| (char_signature(caption), caption.chars().collect()))
        .collect()
}

/// The caption group that best matches a section heading, if any matches well (`shapes`:
/// [`caption_shapes`] of the groups).
fn best_caption(shapes: &[(u64, Vec<char>)], heading: &str) -> Option<usize> {
    let mut h = key(heading).into_owned();
    for suffix in ["情况说明", "说明", "情况"] {
        if let Some(s) = h.strip_suffix(suffix) {
            h = s.to_string();
            break;
        }
    }
    // `str::replace` sets up a substring search: most headings have no 总体.
    if crate::text::holds(&h, "总体") {
        h = h.replace("总体", "总");
    }
    // Decoded once for all the captions.
    let h: Vec<char> = h.chars().collect();
    let bits: Vec<u64> = h.iter().map(|&c| char_bit(c)).collect();
    let h_chars = h.len();
    if h_chars < 2 {
        return None;
    }
    let good = |common: usize, shorter: usize| common >= 4 && common * 10 >= shorter * 7;
    shapes
        .iter()
        .enumerate()
        .filter_map(|(g, (signature, caption))| {
            let caption_chars = caption.len();
            let shorter = h_chars.min(caption_chars);
            // Most headings share no run of four characters with most captions: a bound from
            // the caption's characters rules those out before the dynamic programme.
            if !good(common_bits_bound(bits.iter().copied(), *signature), shorter) {
                return None;
            }
            let common = longest_common_run(&h, caption);
            good(common, shorter).then(|| (g, common * 100 / caption_chars.max(1), common))
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(a.2.cmp(&b.2)).then(b.0.cmp(&a.0)))
        .map(|(g, _, _)| g)
}

/// The table of a group nearest to a place with `tables_before` tables before it: the last
/// one before it, else the first after it.
fn nearest(tables: &[usize], tables_before: usize) -> Option<usize> {
    let split = tables.partition_point(|&t| t < tables_before);
    if split > 0 {
        Some(tables[split - 1])
    } else {
        tables.first().copied()
    }
}

fn unit(
    input: &Input<'_>,
    inline: &Inline,
    section_tables: Vec<usize>,
    tables_before: usize,
) -> Unit {
    let src = input.src;
    let range = inline.range;
    let text = &src[range.as_range()];
    let base = range.start as usize;
    // Offsets just past each sentence break, so that a number's sentence is a binary search.
    let breaks = sentence_breaks(text, base);
    let qizhong: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), "其中")
        .map(|i| base + i)
        .collect();
    let mut tokens: Vec<Token> = Vec::with_capacity(inline.numbers().len());
    for number in inline.numbers() {
        let start = number.range.start as usize;
        let end = number.range.end as usize;
        let sentence = breaks.partition_point(|&b| b <= start);
        let sentence_start = if sentence == 0 {
            base
        } else {
            breaks[sentence - 1]
        };
        // The subject runs back to the previous figure or clause break.
        let floor = tokens
            .last()
            .map_or(base, |t| t.number.range.end as usize)
            .max(sentence_start)
            .min(start);
        let before = &src[floor..start];
        let clause_start = last_clause_break(before).map_or(0, |(i, len)| i + len);
        let subject_raw = &before[clause_start..];
        let after_text = &src[end..(range.end as usize).max(end)];
        let window = &after_text[..crate::text::floor_char_boundary(after_text, 180)];
        let after_raw = &window[..first_clause_break(window).unwrap_or(window.len())];
        let q = qizhong.partition_point(|&q| q < start);
        let after_qizhong = q > 0 && qizhong[q - 1] >= sentence_start;
        // Brackets are looked for in a bounded window, so that a long sentence stays linear.
        let look_back =
            crate::text::floor_char_boundary(src, start.saturating_sub(240).max(sentence_start));
        let kind = classify(number, &src[look_back.min(start)..start], after_raw);
        let mut subject = normalize(subject_raw).into_owned();
        if crate::text::holds(&subject, "、") {
            subject.retain(|c| c != '、');
        }
        tokens.push(Token {
            number: number.clone(),
            kind,
            budget: crate::semantic::narrative::link::is_budget(&subject),
            change: crate::semantic::narrative::link::is_change(&subject),
            subject,
            after: crate::text::range_in(src, after_raw),
            sentence,
            after_qizhong,
        });
    }
    Unit {
        range,
        section_tables,
        topic_path: topic_path(text),
        tokens,
        tables_before,
        links: inline.links().to_vec(),
        qizhong,
    }
}

/// Whether `text` holds a `《` or a `〔` (U+300A, U+3014: E3 80 8A, E3 80 94 in UTF-8). One
/// search for their common lead byte, which in Chinese text begins only 、。「」 and the like;
/// two searches for the characters would each set up a substring search.
fn opens_bracket(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xE3, bytes)
        .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x8A | 0x94])))
}

fn classify(number: &Number, before_in_sentence: &str, after: &str) -> Kind {
    // Inside 《…》 or 〔…〕: part of a title or a document number. Most sentences have
    // neither: one search rules that out.
    if opens_bracket(before_in_sentence) {
        let opened = before_in_sentence.matches(['《', '〔']).count();
        let closed = before_in_sentence.matches(['》', '〕']).count();
        if opened > closed {
            return Kind::NotAQuantity;
        }
    }
    if number.percent {
        return Kind::Percent;
    }
    match number.unit() {
        Some("万元") => Kind::Amount(MoneyUnit::Wan),
        Some("元") => Kind::Amount(MoneyUnit::Yuan),
        Some("亿元") => Kind::Amount(MoneyUnit::Yi),
        Some("年" | "年度" | "月" | "日" | "号" | "期") => Kind::NotAQuantity,
        Some("分") => Kind::Score,
        Some(_) => Kind::Count,
        None => {
            let v = number.value;
            let year_like = v.scale() == 0
                && v >= rust_decimal::Decimal::from(1900)
                && v <= rust_decimal::Decimal::from(2100);
            if year_like || after.starts_with('-') || after.starts_with('—') {
                Kind::NotAQuantity
            } else {
                Kind::Other
            }
        }
    }
}

/// The offsets just past each sentence break of `text` (plus `base`), in order. Bytes that
/// cannot begin a break are passed over without decoding; a text without `!` or `?`, as
/// Chinese text nearly always is, is searched for the lead bytes of `。！？` alone (E3, EF),
/// many bytes at a time.
fn sentence_breaks(text: &str, base: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| {
        let c = text[i..].chars().next()?;
        SENTENCE_BREAKS
            .contains(&c)
            .then_some(base + i + c.len_utf8())
    };
    if memchr::memchr2(b'!', b'?', bytes).is_none() {
        return memchr::memchr2_iter(0xE3, 0xEF, bytes)
            .filter_map(at)
            .collect();
    }
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| may_begin_break(b))
        .filter_map(|(i, _)| at(i))
        .collect()
}

/// Whether byte `b` may begin one of [`SENTENCE_BREAKS`]: `!`, `?`, or the lead byte of `。`
/// (E3) or of `！` and `？` (EF). CJK ideographs begin with E4–E9.
fn may_begin_break(b: u8) -> bool {
    matches!(b, b'!' | b'?' | 0xE3 | 0xEF)
}

/// `一般公共服务支出(类)商贸事务(款)行政运行(项)` → the three labels.
fn topic_path(text: &str) -> Vec<String> {
    // Most paragraphs name no 类: the copies below are made only for those that may.
    if !text.contains('类') {
        return Vec::new();
    }
    let raw = text
        .replace('（', "(")
        .replace('）', ")")
        .replace(char::is_whitespace, "");
    let mut out = Vec::new();
    let mut rest = raw.as_str();
    for marker in ["(类)", "(款)", "(项)"] {
        let Some(at) = rest.find(marker) else { break };
        let label = &rest[..at];
        let label = label
            .rsplit(['。', ',', '，', ':', '：', ';', '；'])
            .next()
            .unwrap_or(label);
        out.push(normalize(crate::semantic::labels::strip_ordinal(label)).into_owned());
        rest = &rest[at + marker.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The one search finds what the two would.
        #[test]
        fn opens_bracket_is_either_search(s in "[《〔》〕、。「」a1 \u{3000}-\u{303f}]{0,12}") {
            proptest::prop_assert_eq!(
                super::opens_bracket(&s),
                s.contains('《') || s.contains('〔')
            );
        }
    }

    use super::*;

    #[test]
    fn every_sentence_break_begins_with_a_byte_the_scan_stops_at() {
        for c in SENTENCE_BREAKS {
            let mut utf8 = [0; 4];
            let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(may_begin_break(lead), "{c:?}");
            // A text without `!` and `?` is searched for these two lead bytes only.
            assert!(c.is_ascii() || matches!(lead, 0xE3 | 0xEF), "{c:?}");
        }
    }

    /// The offsets just past each sentence break, found by decoding every character.
    fn decoded_breaks(text: &str) -> Vec<usize> {
        text.char_indices()
            .filter(|(_, c)| SENTENCE_BREAKS.contains(c))
            .map(|(i, c)| i + c.len_utf8())
            .collect()
    }

    proptest::proptest! {
        /// The byte scan finds the breaks that decoding every character finds.
        #[test]
        fn sentence_breaks_are_those_of_every_character(text in "[。！？!?，a1中\u{3001}\u{FF01}-\u{FF1F}]{0,24}") {
            proptest::prop_assert_eq!(sentence_breaks(&text, 0), decoded_breaks(&text));
        }

        /// The same for texts without `!` and `?`, which are searched for the lead bytes only.
        #[test]
        fn sentence_breaks_without_ascii_marks_are_those_of_every_character(text in "[。！？，a1中\u{3001}\u{FF01}-\u{FF1F}]{0,24}") {
            proptest::prop_assert_eq!(sentence_breaks(&text, 0), decoded_breaks(&text));
        }
    }

    proptest::proptest! {
        /// The byte scans find the clause breaks that searching for the characters finds.
        #[test]
        fn clause_breaks_are_found_as_the_characters_are(
            text in "[，,；;：:。！？!?\n\r、（）中a\u{FF01}-\u{FF1F}\u{3000}-\u{3003}]{0,16}"
        ) {
            proptest::prop_assert_eq!(first_clause_break(&text), text.find(CLAUSE_BREAKS));
            let last = text.rfind(CLAUSE_BREAKS).map(|i| {
                (i, text[i..].chars().next().map_or(0, char::len_utf8))
            });
            proptest::prop_assert_eq!(last_clause_break(&text), last);
        }
    }

    #[test]
    fn topic_paths() {
        assert_eq!(
            topic_path("一般公共服务支出(类)商贸事务(款)行政运行(项)。年初预算为"),
            ["一般公共服务支出", "商贸事务", "行政运行"]
        );
        assert_eq!(
            topic_path("社会保障和就业支出（类）行政事业单位养老支出（款）"),
            ["社会保障和就业支出", "行政事业单位养老支出"]
        );
        assert!(topic_path("一般公共服务（类）支出 519.87 万元").len() == 1);
    }
}
