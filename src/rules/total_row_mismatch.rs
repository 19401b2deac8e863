//! ## total-row-mismatch (JL102)
//!
//! **What it flags.** A total row (合计, 总计, 小计, 本年收入合计, 本年支出合计 …) whose amount
//! differs from the sum of the rows it totals, in any value column:
//! - in a table with subject codes, the total is the sum of the top-level codes (the 类 rows);
//! - otherwise a `…合计`/`小计` row totals the rows above it back to the previous total row,
//!   and a `…总计` row totals the previous total row and the rows between them.
//!
//! **Why.** A total that does not add up is the most visible defect a published report can
//! have, and the first thing an auditor recomputes.
//!
//! **Rounding.** As for every sum: each figure stands for ±½ unit in its last place, so a
//! 30-row column may be off by a few cents; a 2-row sum may not.
//!
//! **Example.**
//! ```markdown
//! | 一、一般公共预算财政拨款收入 | 1 | 611.70 |
//! | 二、政府性基金预算财政拨款收入 | 2 | 10.00 |
//! | 本年收入合计 | 27 | 611.70 |     <- 611.70 + 10.00 = 621.70
//! ```
//!
//! **Fix.** Unsafe: replace the total with the sum.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::arith::{check_sum, sum_diagnostic, Part};
use crate::rules::registry::{FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::{RowModel, TableModel};

pub const META: RuleMeta = RuleMeta {
    code: "JL102",
    name: "total-row-mismatch",
    summary: "a total row that is not the sum of the rows it totals",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "total_row_mismatch",
    check: Some(check),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for table in &ctx.analysis.model.tables {
        if table.kind.as_deref() == Some("performance") {
            continue;
        }
        let blocks = table
            .rows
            .iter()
            .map(|r| r.block)
            .max()
            .map_or(0, |b| b + 1);
        for b in 0..blocks {
            let rows: Vec<&RowModel> = table.rows.iter().filter(|r| r.block == b).collect();
            let coded = rows.iter().any(|r| r.code.is_some());
            let mut previous_total: Option<usize> = None;
            for (i, row) in rows.iter().enumerate() {
                if !row.is_total() {
                    continue;
                }
                let members: Vec<&RowModel> = if coded {
                    let top = rows
                        .iter()
                        .filter_map(|r| r.code.as_ref().map(String::len))
                        .min()
                        .unwrap_or(3);
                    rows.iter()
                        .filter(|r| r.code.as_ref().is_some_and(|c| c.len() == top))
                        .copied()
                        .collect()
                } else if row.label_key.ends_with("总计") {
                    let from = previous_total.unwrap_or(0);
                    without_breakdowns(&rows[from..i])
                } else {
                    let from = previous_total.map_or(0, |p| p + 1);
                    rows[from..i]
                        .iter()
                        .filter(|r| !r.is_total())
                        .copied()
                        .collect()
                };
                previous_total = Some(i);
                if !members.is_empty() {
                    check_row(table, row, &members, sink);
                }
            }
        }
    }
}

/// Drops rows that only break down the row before them (年末结转和结余 followed by its
/// 一般公共预算 / 政府性基金 / 国有资本经营 parts), so that they are not counted twice.
fn without_breakdowns<'a>(rows: &[&'a RowModel]) -> Vec<&'a RowModel> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        out.push(rows[i]);
        let mut skip = 0;
        if let Some(head) = rows[i].cells.first() {
            let mut sum = rust_decimal::Decimal::ZERO;
            for (k, r) in rows[i + 1..].iter().enumerate() {
                let Some(c) = r.cell(head.column) else { break };
                if r.label_key.ends_with("合计")
                    || !crate::semantic::labels::strip_ordinal(r.label.as_deref().unwrap_or(""))
                        .eq(r.label.as_deref().unwrap_or("").trim_start())
                {
                    break;
                }
                sum += c.value;
                if k >= 1 && sum == head.value {
                    skip = k + 1;
                    break;
                }
            }
        }
        i += 1 + skip;
    }
    out
}

fn check_row(table: &TableModel, total: &RowModel, members: &[&RowModel], sink: &mut Sink<'_>) {
    for cell in &total.cells {
        if cell.percent {
            continue;
        }
        let parts: Vec<Part> = members
            .iter()
            .filter_map(|r| {
                r.cell(cell.column)
                    .map(|v| Part::new(v.value, v.range, r.display()))
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        if let Some(m) = check_sum(sink, cell.value, &parts, table.truncated) {
            let what = format!(
                "`{}` {} in {}",
                total.display(),
                table.column(cell.column).display(),
                table.display()
            );
            let d = sum_diagnostic(sink, cell.range, &what, cell.value, &parts, &m);
            sink.push(d);
        }
    }
}
