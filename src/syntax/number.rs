//! The number lexer: `611.70`, `1,234.5`, `-3`, `98.90%`, `９ 辆`, and malformed `35.36.00`.

use std::str::FromStr;

use nom::bytes::complete::{take_while1, take_while_m_n};
use nom::character::complete::char as ch;
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::{IResult, Parser};
use rust_decimal::Decimal;

/// Units recognised after a number, longest first where one is a prefix of another.
pub const UNITS: &[&str] = &[
    "万元", "亿元", "元", "人次", "人", "年度", "年", "辆", "台", "套", "个", "次", "分", "月",
    "日", "号", "项", "本", "册", "天", "户", "家", "条", "篇", "期",
];

/// What the lexer found at a digit.
#[derive(Debug, Clone, PartialEq)]
pub enum Lexed {
    Number {
        /// Bytes of the digits (sign and decimal point included).
        digits_len: usize,
        /// Bytes of the whole token, `%` or unit included.
        len: usize,
        value: Decimal,
        percent: bool,
        unit: Option<&'static str>,
    },
    /// A run such as `35.36.00` or a number too long to represent; `len` bytes.
    Malformed {
        len: usize,
        reason: &'static str,
        repair: Option<String>,
    },
}

impl Lexed {
    /// The number token this is when it starts at byte `start` of the source (inside link
    /// `link`, if any); `None` for a malformed run.
    pub fn number_at(
        self,
        start: usize,
        link: Option<usize>,
    ) -> Option<crate::syntax::ast::Number> {
        match self {
            Lexed::Number {
                digits_len,
                len,
                value,
                percent,
                unit,
            } => Some(crate::syntax::ast::Number::new(
                crate::text::TextRange::new(start, start + len),
                digits_len,
                value,
                percent,
                unit,
                link,
            )),
            Lexed::Malformed { .. } => None,
        }
    }
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// Whether `c` may stand right before a number token (a digit after a letter is part of a name
/// such as `t01` or `JL201`).
pub fn may_precede_number(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '．' || is_digit(c)),
    }
}

fn digits(i: &str) -> IResult<&str, &str> {
    take_while1(is_digit)(i)
}

fn group(i: &str) -> IResult<&str, &str> {
    recognize((ch(','), take_while_m_n(3, 3, is_digit))).parse(i)
}

fn fraction(i: &str) -> IResult<&str, &str> {
    recognize((take_while_m_n(1, 1, is_point), digits)).parse(i)
}

fn sign(i: &str) -> IResult<&str, &str> {
    recognize(take_while_m_n(1, 1, |c| c == '-' || c == '−')).parse(i)
}

/// The well-formed part of a number: sign, integer part, thousands groups, fraction.
fn numeral(i: &str) -> IResult<&str, &str> {
    recognize((opt(sign), digits, many0(group), opt(fraction))).parse(i)
}

/// Lexes a number at the start of `input` (which starts with a sign or a digit). Returns `None`
/// when there is no number there.
pub fn lex(input: &str) -> Option<Lexed> {
    plain(input).or_else(|| general(input))
}

/// The figure most of a report is made of (`519.87`, `7`, `72.08%`): up to 18 ASCII digits
/// with at most one decimal point, read without the combinators. `None` hands anything else
/// (a sign, thousands groups, full-width digits, a second point) to [`general`], which gives
/// the same answer for these inputs (a property test checks it).
fn plain(input: &str) -> Option<Lexed> {
    let (end, value) = plain_prefix(input.as_bytes())?;
    let rest = &input[end..];
    if rest
        .chars()
        .next()
        .is_some_and(|c| c == ',' || is_point(c) || is_digit(c))
    {
        return None;
    }
    let (len, percent, unit) = suffix(rest);
    Some(Lexed::Number {
        digits_len: end,
        len: end + len,
        value,
        percent,
        unit,
    })
}

/// The plain figure `bytes` start with (up to 18 ASCII digits, at most one decimal point with
/// digits after it): its length in bytes and its value.
fn plain_prefix(bytes: &[u8]) -> Option<(usize, Decimal)> {
    // One pass: the mantissa is read as the digits are counted (18 digits cannot overflow).
    let mut mantissa = 0i64;
    let mut point = None;
    let mut end = 0;
    for &b in bytes {
        if b.is_ascii_digit() {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(i64::from(b - b'0'));
        } else if b == b'.' && point.is_none() && end > 0 {
            point = Some(end);
        } else {
            break;
        }
        end += 1;
    }
    let scale = match point {
        // A point with no digit after it.
        Some(p) if p + 1 == end => return None,
        Some(p) => end - p - 1,
        None => 0,
    };
    if end == 0 || end - usize::from(point.is_some()) > 18 {
        return None;
    }
    // At most 18 digits: a non-negative mantissa under 2^63, in the low and middle words.
    let m = mantissa as u64;
    Some((
        end,
        Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, scale as u32),
    ))
}

/// A text that is one plain figure and nothing else (`519.87`, `7`, `72.08%`, the form of
/// nearly every figure cell): the length of its digits and whether it ends in `%`, checked
/// without the lexer, which reads the same token from it. `None` for any other text, the
/// lexer's to judge (a sign, a space, a unit, full-width characters, more than 18 digits).
pub fn whole_plain(text: &str) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let (digits, percent) = match bytes.split_last()? {
        (b'%', digits) => (digits, true),
        _ => (bytes, false),
    };
    let mut point = None;
    for (i, &b) in digits.iter().enumerate() {
        if b == b'.' && point.is_none() && i > 0 {
            point = Some(i);
        } else if !b.is_ascii_digit() {
            return None;
        }
    }
    match point {
        // A point with no digit after it.
        Some(p) if p + 1 == digits.len() => None,
        _ if digits.is_empty() || digits.len() - usize::from(point.is_some()) > 18 => None,
        _ => Some((digits.len(), percent)),
    }
}

/// The value of `digits`, the digits of a number token (its first `digits_len` bytes) that
/// [`lex`] read before: read again without the lexer when they are a plain figure, the form
/// of nearly every cell of a table.
pub fn value_of_digits(digits: &str) -> Option<Decimal> {
    match plain_prefix(digits.as_bytes()) {
        Some((end, value)) if end == digits.len() => Some(value),
        _ => match lex(digits)? {
            Lexed::Number { value, .. } => Some(value),
            Lexed::Malformed { .. } => None,
        },
    }
}

/// The value of `digits`, which [`whole_plain`] took (up to 18 ASCII digits and at most one
/// point, between digits): read without checking them again, as the table model reads every
/// figure cell.
pub fn value_of_plain(digits: &str) -> Decimal {
    let mut mantissa = 0u64;
    let mut point = digits.len();
    for (i, &b) in digits.as_bytes().iter().enumerate() {
        if b == b'.' {
            point = i;
        } else {
            mantissa = mantissa
                .wrapping_mul(10)
                .wrapping_add(u64::from(b.wrapping_sub(b'0')));
        }
    }
    let scale = digits.len().saturating_sub(point + 1);
    Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        false,
        scale as u32,
    )
}

/// Every number [`plain`] does not take.
fn general(input: &str) -> Option<Lexed> {
    let (rest, numeral) = numeral(input).ok()?;
    // A thousands group followed by more digits (`1,2345`) is not a group: retry without groups.
    let (rest, numeral) = if numeral.contains(',') && rest.starts_with(is_digit) {
        let (rest, n) = recognize((opt(sign), digits, opt(fraction)))
            .parse(input)
            .ok()?;
        (rest, n)
    } else {
        (rest, numeral)
    };
    // A second decimal point followed by digits: the whole run is one malformed number.
    if let Ok((after, extra)) = recognize(many0(fraction)).parse(rest) {
        if !extra.is_empty() && numeral.contains(is_point) {
            let len = input.len() - after.len();
            return Some(Lexed::Malformed {
                len,
                reason: "a number has more than one decimal point",
                repair: Some(numeral.to_string()),
            });
        }
    }
    // Most figures are plain ASCII (`611.70`): read them in place; only thousands
    // separators, full-width digits and `−` need a normalised copy.
    let plain = numeral
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let parsed = if plain {
        Decimal::from_str(numeral)
    } else {
        Decimal::from_str(&ascii_digits(numeral).replace(',', "").replace('−', "-"))
    };
    let Ok(value) = parsed else {
        return Some(Lexed::Malformed {
            len: numeral.len(),
            reason: "a number too long to represent exactly",
            repair: None,
        });
    };
    let digits_len = numeral.len();
    let (len, percent, unit) = suffix(rest);
    Some(Lexed::Number {
        digits_len,
        len: digits_len + len,
        value,
        percent,
        unit,
    })
}

/// The `%` or unit after a number: (bytes, percent, unit).
fn suffix(rest: &str) -> (usize, bool, Option<&'static str>) {
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\u{3000}']).len();
    let spaces = if spaces <= 3 {
        spaces
    } else {
        return (0, false, None);
    };
    let after = &rest[spaces..];
    // What follows most figures (nothing, `|`, `,`) starts no suffix: `%` is the only ASCII
    // one, and every unit starts with a CJK character.
    match after.as_bytes().first() {
        None => return (0, false, None),
        Some(&b) if b.is_ascii() && b != b'%' => return (0, false, None),
        _ => {}
    }
    let percent: IResult<&str, &str> = take_while_m_n(1, 1, |c| c == '%' || c == '％')(after);
    if let Ok((_, p)) = percent {
        return (spaces + p.len(), true, None);
    }
    for unit in UNITS {
        if after.starts_with(unit) {
            return (spaces + unit.len(), false, Some(unit));
        }
    }
    (0, false, None)
}

/// `６１１．７０` → `611.70`.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `suffix` stops at an ASCII character other than `%`: no unit may start with one.
    #[test]
    fn every_unit_starts_with_a_non_ascii_character() {
        for unit in UNITS {
            assert!(!unit.as_bytes()[0].is_ascii(), "{unit}");
        }
        assert_eq!(suffix(" 万元"), (" 万元".len(), false, Some("万元")));
        assert_eq!(suffix("|"), (0, false, None));
        assert_eq!(suffix(" %"), (2, true, None));
    }

    fn number(s: &str) -> (String, usize, bool, Option<&'static str>) {
        match lex(s).unwrap() {
            Lexed::Number {
                value,
                len,
                percent,
                unit,
                ..
            } => (value.to_string(), len, percent, unit),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keeps_written_precision() {
        assert_eq!(
            number("611.70 万元，"),
            ("611.70".into(), 13, false, Some("万元"))
        );
        assert_eq!(number("100.0%"), ("100.0".into(), 6, true, None));
        assert_eq!(number("72.08 %"), ("72.08".into(), 7, true, None));
    }

    #[test]
    fn thousands_full_width_and_sign() {
        assert_eq!(number("1,234.50元").0, "1234.50");
        assert_eq!(number("１２．３４％").0, "12.34");
        assert_eq!(number("-3.5").0, "-3.5");
        assert!(number("１２．３４％").2);
        // A comma that does not start a group of three is a separator, not part of the number.
        assert_eq!(number("1,23").0, "1");
        assert_eq!(number("1,2345").0, "1");
    }

    #[test]
    fn malformed_number_is_one_token() {
        assert_eq!(
            lex("35.36.00 万元"),
            Some(Lexed::Malformed {
                len: 8,
                reason: "a number has more than one decimal point",
                repair: Some("35.36".into())
            })
        );
        assert!(matches!(
            lex("99999999999999999999999999999999"),
            Some(Lexed::Malformed { .. })
        ));
    }

    proptest::proptest! {
        /// The fast path for plain figures agrees with the general lexer wherever it answers.
        #[test]
        fn plain_figures_lex_as_the_general_path_does(
            s in "[0-9０.．,%％ 万元辆−-]{1,24}"
        ) {
            if let Some(fast) = plain(&s) {
                proptest::prop_assert_eq!(Some(fast), general(&s));
            }
        }
    }

    proptest::proptest! {
        /// A text the plain-figure check takes lexes as that one figure, all of it.
        #[test]
        fn a_whole_plain_figure_lexes_as_one_token(s in "[0-9.%,a-]{1,22}") {
            if let Some((digits_len, percent)) = whole_plain(&s) {
                let lexed = lex(&s);
                let Some(Lexed::Number { digits_len: d, len, percent: p, unit, .. }) = lexed else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("{s}: {lexed:?}")));
                };
                proptest::prop_assert_eq!((d, len, p, unit), (digits_len, s.len(), percent, None));
            }
        }
    }

    #[test]
    fn whole_plain_takes_plain_figures_only() {
        assert_eq!(whole_plain("519.87"), Some((6, false)));
        assert_eq!(whole_plain("72.08%"), Some((5, true)));
        assert_eq!(whole_plain("7"), Some((1, false)));
        for s in [
            "",
            "%",
            ".5",
            "12.",
            "1.2.3",
            "-3",
            "1,234",
            "5 辆",
            "72.08 %",
            "１２",
            "1234567890123456789",
        ] {
            assert_eq!(whole_plain(s), None, "{s}");
        }
    }

    proptest::proptest! {
        /// A plain figure's digits read without checks give what reading them with checks
        /// gives, the scale included.
        #[test]
        fn plain_digits_read_as_any_digits_are(s in "[0-9.%]{1,22}") {
            if let Some((digits_len, _)) = whole_plain(&s) {
                let digits = &s[..digits_len];
                let want = value_of_digits(digits).expect("a plain figure has a value");
                let got = value_of_plain(digits);
                proptest::prop_assert_eq!((got, got.scale()), (want, want.scale()));
            }
        }
    }

    proptest::proptest! {
        /// A number token's digits read again give the value the lexer gave the token.
        #[test]
        fn digits_read_again_give_the_lexed_value(
            s in "[0-9０.．,%％ 万元辆−-]{1,24}"
        ) {
            if let Some(Lexed::Number { digits_len, value, .. }) = lex(&s) {
                proptest::prop_assert_eq!(value_of_digits(&s[..digits_len]), Some(value));
            }
        }
    }

    #[test]
    fn plain_path_takes_the_common_figures() {
        for s in [
            "519.87",
            "7",
            "72.08%",
            "0.50 万元",
            "611.70，",
            "000123456789012345",
        ] {
            assert!(plain(s).is_some(), "{s}");
            assert_eq!(plain(s), general(s), "{s}");
        }
        for s in [
            "-3.5",
            "1,234.50",
            "１２",
            "35.36.00",
            "12.",
            "1234567890123456789",
        ] {
            assert!(plain(s).is_none(), "{s}");
        }
    }

    #[test]
    fn units_longest_first() {
        assert_eq!(number("3 人次").3, Some("人次"));
        assert_eq!(number("2023 年度").3, Some("年度"));
        assert_eq!(number("5    辆").3, None);
        assert_eq!(number("611.70\t万元").3, Some("万元"));
    }
}
