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
use crate::rules::arith::{check_sum, label_parts, parts_unless_exact, sum_diagnostic};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::{RowModel, TableModel};

pub const META: RuleMeta = RuleMeta {
    code: "JL102",
    name: "total-row-mismatch",
    summary: "a total row that is not the sum of the rows it totals",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "total_row_mismatch",
    check: Some(Check::Table(check)),
};

fn check(ctx: &Context<'_>, table: &TableModel, sink: &mut Sink<'_>) {
    for (total, members) in crate::semantic::relations::total_rows(table) {
        let members: Vec<&RowModel> = members.iter().map(|&m| &table.rows[m]).collect();
        check_row(ctx.policy(), table, &table.rows[total], &members, sink);
    }
}

fn check_row(
    policy: crate::decimal::Policy,
    table: &TableModel,
    total: &RowModel,
    members: &[&RowModel],
    sink: &mut Sink<'_>,
) {
    for cell in &total.cells {
        if cell.percent {
            continue;
        }
        let cells = members
            .iter()
            .filter_map(|r| r.cell(cell.column()).map(|v| (v, *r)));
        // Labels are made only for a mismatch: most sums agree.
        let Some((mut parts, rows)) = parts_unless_exact(cell.value(), cells) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        if let Some(m) = check_sum(sink, policy, cell.value(), &parts, table.truncated) {
            label_parts(&mut parts, &rows, |r| r.display());
            let what = format!(
                "`{}` {} in {}",
                total.display(),
                table.column(cell.column()).display(),
                table.display()
            );
            let d = sum_diagnostic(sink, cell.range(), &what, cell.value(), &parts, &m);
            sink.push(d);
        }
    }
}
