//! ## performance-formula-mismatch (JL105)
//!
//! **What it flags.** A row of an annex self-evaluation table (`kind=performance`) whose
//! figures break a formula the profile declares for that table, such as
//! `预算执行率 = 全年执行数 / 全年预算数` (a rate, compared in %) or `得分 = 分值 × 执行率`, or
//! whose 总分 is not the sum of the 得分 above it. Columns are found by their labels, including
//! the sub-header rows these tables repeat inside the body (`| 分值 | 得分 |`).
//!
//! **Why.** Execution rates and scores are recomputed by the finance bureau; a wrong one
//! misreports how well the budget was executed.
//!
//! **Rounding.** Operands stand for ±½ unit in their last place; `0.38 / 0.5` is exactly 76%.
//!
//! **Example.** `| 应急移动通信费 | … | 0.5 | 0.38 | … | 67% |` → 76%.
//!
//! **Fix.** Unsafe: replace the result with the recomputed value.

use rust_decimal::Decimal;

use crate::decimal::{round_to, Agreement, Interval};
use crate::diagnostics::{Applicability, Severity};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::labels::normalize;
use crate::syntax::ast::{Block, CellContent};
use crate::text::TextRange;

pub const META: RuleMeta = RuleMeta {
    code: "JL105",
    name: "performance-formula-mismatch",
    summary: "an execution rate or score in a self-evaluation table that breaks its formula",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "performance_formula_mismatch",
    check: Some(Check::Document(check)),
};

/// Labels that make a body row a sub-header of a performance table.
const HEADER_WORDS: &[&str] = &[
    "分值",
    "得分",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "执行率%",
    "年度指标值",
    "实际完成值",
    "偏差度%",
    "偏差度",
];

#[derive(Clone, Copy)]
enum Op {
    Div,
    Mul,
    Same,
}

struct Formula {
    result: String,
    left: String,
    op: Op,
    right: String,
}

fn parse(formula: &str) -> Option<Formula> {
    let (result, expr) = formula.split_once('=')?;
    let expr = expr.trim();
    let (left, op, right) = if let Some((l, r)) = expr.split_once('/') {
        (l, Op::Div, r)
    } else if let Some((l, r)) = expr.split_once(['×', '*']) {
        (l, Op::Mul, r)
    } else {
        (expr, Op::Same, "")
    };
    Some(Formula {
        result: normalize(result).into_owned(),
        left: normalize(left).into_owned(),
        op,
        right: normalize(right).into_owned(),
    })
}

/// Where a formula's figures are under a table's current column labels: each one's column
/// and whether its label ends in `%`.
struct Places {
    result: Option<(usize, bool)>,
    left: Option<(usize, bool)>,
    right: Option<(usize, bool)>,
}

impl Places {
    fn new(f: &Formula, labels: &[String]) -> Places {
        let place = |name: &str| {
            let i = labels.iter().position(|l| {
                l == name || l.strip_suffix('%') == Some(name) || l.ends_with(name)
            })?;
            Some((i, labels[i].ends_with('%')))
        };
        Places {
            result: place(&f.result),
            left: place(&f.left),
            right: place(&f.right),
        }
    }
}

struct Cell {
    value: Decimal,
    percent: bool,
    range: TextRange,
}

/// Whether a cell's text may normalise to one of [`HEADER_WORDS`]: the first character that
/// `normalize` keeps begins one, or it is `(` or `（`, which may open a `(类)` marker that
/// `normalize` drops. Most cells of these tables are figures and long descriptions of
/// indicators, which this rules out without normalising them.
fn may_be_header_word(text: &str) -> bool {
    text.chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c == '(' || c == '（' || HEADER_STARTS.contains(&c))
}

/// The first characters of [`HEADER_WORDS`], compared as characters (a test ties the two).
const HEADER_STARTS: &[char] = &['分', '得', '年', '全', '执', '实', '偏'];

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(profile) = ctx.analysis.model.profile() else {
        return;
    };
    for table in ctx
        .analysis
        .model
        .tables
        .iter()
        .filter(|t| t.kind.as_deref() == Some("performance"))
    {
        let Some(spec) = profile
            .performance
            .iter()
            .find(|p| table.caption.contains(&*normalize(&p.caption)))
        else {
            continue;
        };
        let formulas: Vec<Formula> = spec.formulas.iter().filter_map(|f| parse(f)).collect();
        let Block::Table(syntax) = &ctx.document().blocks[table.block] else {
            continue;
        };
        let mut labels: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.label().to_string())
            .collect();
        // Each formula's columns under the labels, found again only where a sub-header row
        // changes them (not for every row and formula).
        let mut places: Vec<Places> = formulas.iter().map(|f| Places::new(f, &labels)).collect();
        for row in syntax.rows.iter().skip(table.head) {
            // Normalised in place (most cells need no copy); copied only into a header's labels.
            let raw = |c: &crate::syntax::ast::Cell| &ctx.src[c.range.as_range()];
            let header_words = row
                .cells
                .iter()
                .filter(|c| {
                    // Header words are text: the figures are not looked at.
                    matches!(c.content(), CellContent::Text(_))
                        && may_be_header_word(raw(c))
                        && HEADER_WORDS.contains(&&*normalize(raw(c)))
                })
                .count();
            if header_words >= 2 {
                for (i, c) in row.cells.iter().enumerate() {
                    let t = normalize(raw(c));
                    if !t.is_empty() && i < labels.len() {
                        labels[i] = t.into_owned();
                    }
                }
                places = formulas.iter().map(|f| Places::new(f, &labels)).collect();
                continue;
            }
            let find = |place: Option<(usize, bool)>| -> Option<(Cell, bool)> {
                let (i, header_percent) = place?;
                let cell = row.cells.get(i)?;
                match cell.content() {
                    CellContent::Number(n) => Some((
                        Cell {
                            value: n.value(ctx.src, cell.range),
                            percent: n.percent,
                            range: cell.range,
                        },
                        header_percent,
                    )),
                    _ => None,
                }
            };
            for (f, place) in formulas.iter().zip(&places) {
                let Some((result, result_pct_header)) = find(place.result) else {
                    continue;
                };
                let Some((left, _)) = find(place.left) else {
                    continue;
                };
                // Amounts and scores in these tables are exact as written (0.5, 10); a rate is
                // a rounded figure, so it stands for its rounding interval.
                let operand = |c: &Cell, pct_header: bool| {
                    if c.percent || pct_header {
                        ctx.policy().rounded(c.value)
                    } else {
                        Interval::exact(c.value)
                    }
                };
                let left_iv = operand(&left, false);
                let (expected, exact) = match f.op {
                    Op::Same => (Some(left_iv), Some(left.value)),
                    Op::Div => {
                        let Some((right, right_pct)) = find(place.right) else {
                            continue;
                        };
                        let scale = if result.percent || result_pct_header {
                            Decimal::ONE_HUNDRED
                        } else {
                            Decimal::ONE
                        };
                        (
                            left_iv
                                .divided_by(operand(&right, right_pct))
                                .map(|i| i.scale_by(scale)),
                            left.value.checked_div(right.value).map(|q| q * scale),
                        )
                    }
                    Op::Mul => {
                        let Some((right, right_pct)) = find(place.right) else {
                            continue;
                        };
                        let scale = if right.percent || right_pct {
                            Decimal::new(1, 2)
                        } else {
                            Decimal::ONE
                        };
                        (
                            Some(left_iv.times(operand(&right, right_pct)).scale_by(scale)),
                            Some(left.value * right.value * scale),
                        )
                    }
                };
                let (Some(expected), Some(exact)) = (expected, exact) else {
                    continue;
                };
                let agreement = ctx.policy().compare(result.value, expected);
                if agreement == Agreement::Agrees {
                    continue;
                }
                let value = round_to(exact, result.value.scale().max(2));
                let mut d = sink.diagnostic(
                    result.range,
                    format!(
                        "{} is {} but {} gives {value}",
                        f.result,
                        &ctx.src[result.range.as_range()],
                        spec.formulas
                            .iter()
                            .find(|s| normalize(s).starts_with(&f.result))
                            .map_or("the formula", String::as_str)
                    ),
                );
                if agreement == Agreement::NearMiss {
                    d.severity = d.severity.min(Severity::Warning);
                }
                d = d.with_related(left.range, f.left.clone());
                let edit = crate::diagnostics::Edit {
                    range: TextRange::new(
                        result.range.start as usize,
                        result.range.start as usize + value_len(&ctx.src[result.range.as_range()]),
                    ),
                    replacement: value.to_string(),
                };
                sink.push(d.with_fix(
                    Applicability::Unsafe,
                    format!("replace with `{value}`"),
                    vec![edit],
                ));
            }
        }
    }
}

/// Bytes of the digits at the start of a cell (`72.08 %` → 5).
fn value_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_that_normalises_to_a_header_word_may_be_one() {
        for w in HEADER_WORDS {
            let spaced: String = w.chars().flat_map(|c| [' ', c]).collect();
            for text in [
                w.to_string(),
                spaced,
                format!("（类）{w}"),
                format!("\u{3000}{w}"),
            ] {
                assert_eq!(normalize(&text), *w, "{text}");
                assert!(may_be_header_word(&text), "{text}");
            }
        }
        for text in ["产出指标", "519.87", "", "  "] {
            assert!(!may_be_header_word(text), "{text}");
        }
    }
}
