//! `--fix`, `--unsafe-fixes` and `--diff`: apply fixes until nothing changes, or show them as
//! a diff. Writing the result is `cli::files::replace`'s.

use crate::config::Config;
use crate::diagnostics::{Applicability, Diagnostic};

/// How many rounds of fixes are applied at most (a fix can enable another).
const ROUNDS: usize = 5;

/// Applies fixes at or above `min` until none applies; returns the text and the number of
/// fixes applied. Fixes that touch a syntax error other than their own are left out, so a
/// broken place is never rewritten on a guess.
pub fn fix_text(src: &str, config: &Config, min: Applicability) -> (String, usize) {
    let mut text = src.to_string();
    let mut total = 0;
    for _ in 0..ROUNDS {
        let analysis = crate::analyze_with(&text, &config.analysis_options());
        let errors: Vec<crate::text::TextRange> =
            analysis.parse.errors.iter().map(|e| e.range).collect();
        let diagnostics: Vec<Diagnostic> = crate::rules::check(&text, &analysis, config)
            .into_iter()
            .filter(|d| {
                let Some(fix) = &d.fix else { return false };
                fix.edits.iter().all(|e| {
                    errors
                        .iter()
                        .all(|r| *r == d.range || r.end <= e.range.start || e.range.end <= r.start)
                })
            })
            .collect();
        let (next, applied) = crate::fix::apply(&text, &diagnostics, min);
        if applied == 0 || next == text {
            break;
        }
        total += applied;
        text = next;
    }
    (text, total)
}

/// A unified diff of two texts, line by line, with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Fixes change few lines: trim the common prefix and suffix, diff the middle.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == a.len() && prefix == b.len() {
        return String::new();
    }
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let line = |prefix: char, l: &str| format!("{prefix}{}\n", l.trim_end_matches(['\n', '\r']));
    let mut out = format!("--- {path}\n+++ {path}\n");
    if a_mid.len() != b_mid.len() {
        // Lines added or removed: one hunk for the whole changed middle.
        let ctx_start = prefix.saturating_sub(3);
        let ctx_end = (a.len() - suffix + 3).min(a.len());
        let (before, after) = (prefix - ctx_start, ctx_end - (a.len() - suffix));
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            ctx_start + 1,
            before + a_mid.len() + after,
            ctx_start + 1,
            before + b_mid.len() + after
        ));
        a[ctx_start..prefix]
            .iter()
            .for_each(|l| out.push_str(&line(' ', l)));
        a_mid.iter().for_each(|l| out.push_str(&line('-', l)));
        b_mid.iter().for_each(|l| out.push_str(&line('+', l)));
        a[a.len() - suffix..ctx_end]
            .iter()
            .for_each(|l| out.push_str(&line(' ', l)));
        return out;
    }
    // Replacements line for line: changed lines close together share one hunk.
    let changed: Vec<usize> = (0..a_mid.len())
        .filter(|&i| a_mid[i] != b_mid[i])
        .map(|i| prefix + i)
        .collect();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        match groups.last_mut() {
            Some((_, end)) if i <= *end + 6 => *end = i + 1,
            _ => groups.push((i, i + 1)),
        }
    }
    for (start, end) in groups {
        let ctx_start = start.saturating_sub(3);
        let ctx_end = (end + 3).min(a.len());
        let count = ctx_end - ctx_start;
        out.push_str(&format!(
            "@@ -{},{count} +{},{count} @@\n",
            ctx_start + 1,
            ctx_start + 1
        ));
        for i in ctx_start..ctx_end {
            if a[i] == b[i] {
                out.push_str(&line(' ', a[i]));
            } else {
                out.push_str(&line('-', a[i]));
                out.push_str(&line('+', b[i]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_converge_and_keep_crlf_and_bom() {
        // The unused suppression's line stays as a blank line, so the two paragraphs stay two.
        let src = "\u{feff}---\r\nentity: 示例市财政局\r\n---\r\n\r\n示例市财政居 2023 年度。\r\n<!-- jslint-disable-next-line JL999 -->\r\n正文。\r\n";
        let (fixed, applied) = fix_text(src, &Config::default(), Applicability::Safe);
        assert_eq!(applied, 2);
        assert_eq!(fixed, "\u{feff}---\r\nentity: 示例市财政局\r\n---\r\n\r\n示例市财政局 2023 年度。\r\n\r\n正文。\r\n");
        assert_eq!(
            fix_text(&fixed, &Config::default(), Applicability::Safe).1,
            0
        );
    }

    #[test]
    fn diffs_show_changed_lines_with_context() {
        let d = unified_diff("r.jsmd", "a\nb\nc\nd\n", "a\nB\nc\nd\n");
        assert_eq!(
            d,
            "--- r.jsmd\n+++ r.jsmd\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n"
        );
    }
}
