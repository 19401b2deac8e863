//! What a cell or a line of extracted text is: a number, a subject code, Chinese text that a
//! narrow column wrapped, a ruling line. Small pure helpers shared by both importers.

use rust_decimal::Decimal;

/// A Han character (the CJK unified ideographs and their extensions).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// A Han character or CJK punctuation (`、。《》（）：，`), not the ideographic space.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '“' | '”' | '‘' | '’')
}

/// The text without any white space.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Joins two pieces of one text that a line or page break separated: directly between
/// Chinese characters, with one space otherwise.
pub(crate) fn join_wrapped(a: &str, b: &str) -> String {
    let (a, b) = (a.trim_end(), b.trim_start());
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    let tight = a.chars().next_back().is_some_and(is_cjk) && b.chars().next().is_some_and(is_cjk);
    if tight {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// Removes the spaces a PDF left where it wrapped a cell's text inside a narrow column: a run
/// of spaces between two Chinese characters (`中国共 产党焦 作市` → `中国共产党焦作市`).
/// `None` when there is nothing to remove.
pub(crate) fn unwrap_spaces(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' && i > 0 && is_cjk(chars[i - 1]) {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if j < chars.len() && is_cjk(chars[j]) {
                changed = true;
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// ASCII digits and separators of a number cell, full-width forms folded.
fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            '％' => '%',
            '，' => ',',
            c => c,
        })
        .collect()
}

/// The amount a cell holds: `611.70`, `1,234.5`, `-3`, `72.08 %` (as 72.08). `None` for text.
pub(crate) fn parse_amount(s: &str) -> Option<Decimal> {
    let folded = fold(s);
    let body = folded
        .strip_suffix('%')
        .map_or(folded.as_str(), str::trim_end);
    let body = body.strip_prefix('-').unwrap_or(body);
    if body.is_empty() {
        return None;
    }
    let (int_part, frac) = body.split_once('.').unwrap_or((body, "0"));
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits_ok = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
    } else {
        !int_part.is_empty() && int_part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits_ok {
        return None;
    }
    let plain: String = folded
        .strip_suffix('%')
        .map_or(folded.as_str(), str::trim_end)
        .chars()
        .filter(|&c| c != ',')
        .collect();
    plain.parse::<Decimal>().ok()
}

/// A number or percentage (`611.70`, `72.08 %`).
pub(crate) fn is_number(s: &str) -> bool {
    parse_amount(s).is_some()
}

/// A cell that stands where a figure belongs: a number, or the dash of an empty figure.
pub(crate) fn is_value(s: &str) -> bool {
    let t = fold(s);
    is_number(&t) || t == "-" || t == "-%"
}

/// A subject code: 3, 5 or 7 ASCII digits (201, 20113, 2011301; 301, 30101).
pub(crate) fn is_code(s: &str) -> bool {
    let t = s.trim();
    matches!(t.len(), 3 | 5 | 7) && t.bytes().all(|b| b.is_ascii_digit())
}

/// A row of dashes only: a ruling line the extraction turned into cells.
pub(crate) fn is_rule_row(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    !filled.is_empty()
        && filled.iter().all(|c| {
            c.trim()
                .chars()
                .all(|ch| matches!(ch, '-' | '—' | '─' | '=' | '_'))
        })
        && filled.iter().any(|c| c.trim().chars().count() >= 3)
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.iter().rev().collect()
}

/// Chinese numerals as used in ordinals (`十三`), or ASCII digits; their value.
pub(crate) fn numeral_value(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|&n| n < 1000);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)? as u32),
        [t, '十'] => Some(digit(*t)? as u32 * 10),
        [t, '十', d] => Some(digit(*t)? as u32 * 10 + digit(*d)? as u32),
        [d] => digit(*d).map(|d| d as u32).filter(|&d| d > 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes() {
        assert!(is_number("611.70"));
        assert!(is_number("1,234.50"));
        assert!(is_number("72.08 %"));
        assert!(is_number("-3"));
        assert!(!is_number("35.36.00"));
        assert!(!is_number("1次"));
        assert!(!is_number("≥95%"));
        assert!(is_value("-"));
        assert!(is_value("-%"));
        assert!(is_code("2011301"));
        assert!(!is_code("2023年"));
    }

    #[test]
    fn wrapped_cells() {
        assert_eq!(
            unwrap_spaces("中国共 产党焦 作市中 站区委 委员会办 公室").as_deref(),
            Some("中国共产党焦作市中站区委委员会办公室")
        );
        assert_eq!(unwrap_spaces("2023 年其他人员经费"), None);
        assert_eq!(unwrap_spaces("≤0 次"), None);
        assert_eq!(join_wrapped("生态环境成", "本指标"), "生态环境成本指标");
        assert_eq!(join_wrapped("total", "sum"), "total sum");
    }

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("十三"), Some(13));
        assert_eq!(numeral_value("二十一"), Some(21));
        assert_eq!(numeral_value("五"), Some(5));
        assert_eq!(numeral_value("3"), Some(3));
        assert_eq!(numeral_value("零"), None);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }
}
