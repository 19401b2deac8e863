//! ## code-rollup-mismatch (JL101)
//!
//! **What it flags.** A subject-code row whose amount differs from the sum of its child
//! codes, in any value column: a 类 (3 digits, `201`) against its 款 (5 digits, `20113`…), a 款
//! against its 项 (7 digits, `2011301`…), and likewise economic codes (`301` → `30101`…).
//! Codes may stand in their own column or at the start of the label; tables laid out as
//! several blocks side by side (公开06表) are handled per block.
//!
//! **Why.** The functional and economic classifications are trees: a parent is by definition
//! the sum of its children. A difference means a figure was mistyped or a row is missing.
//!
//! **Rounding.** Each figure stands for ±½ unit in its last place; the parent is flagged only
//! when no values within rounding can make the sum agree. A difference of at most one unit
//! beyond that is a warning.
//!
//! **Tables with `truncated`.** Rows are missing from the source, so a parent is only checked
//! not to be smaller than the children present.
//!
//! **Example.**
//! ```markdown
//! | 201 | 一般公共服务支出 | 519.87 |
//! | 20113 | 商贸事务 | 2.93 |
//! | 20126 | 档案事务 | 6.90 |      <- 2.93 + 6.90 ≠ 519.87 when these are all the children
//! ```
//!
//! **Fix.** Unsafe: replace the parent with the sum (the child may be the wrong figure).

use crate::diagnostics::{Applicability, Severity};
use crate::rules::arith::{check_sum, label_parts, parts_unless_exact, sum_diagnostic};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::TableModel;

pub const META: RuleMeta = RuleMeta {
    code: "JL101",
    name: "code-rollup-mismatch",
    summary: "a subject code whose amount is not the sum of its child codes",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "code_rollup_mismatch",
    check: Some(Check::Table(check)),
};

fn check(ctx: &Context<'_>, table: &TableModel, sink: &mut Sink<'_>) {
    let by_code = crate::semantic::relations::children_by_code(table);
    for parent in &table.rows {
        let Some(code) = parent.code_digits() else {
            continue;
        };
        let children = by_code.of(code);
        if children.is_empty() {
            continue;
        }
        for cell in &parent.cells {
            if cell.percent {
                continue;
            }
            let members = children.iter().filter_map(|&c| {
                let row = &table.rows[c];
                let column =
                    crate::semantic::relations::column_in_block(table, cell.column(), row.block())?;
                row.cell(column).map(|v| (v, c))
            });
            // Labels are made only for a mismatch: most sums agree.
            let Some((mut parts, rows)) = parts_unless_exact(cell.value(), members) else {
                continue;
            };
            if parts.is_empty() {
                continue;
            }
            if let Some(m) = check_sum(sink, ctx.policy(), cell.value(), &parts, table.truncated) {
                label_parts(&mut parts, &rows, |&r| table.rows[r].display());
                let what = format!(
                    "`{}` {} in {}",
                    parent.display(),
                    table.column(cell.column()).display(),
                    table.display()
                );
                let d = sum_diagnostic(sink, cell.range(), &what, cell.value(), &parts, &m);
                sink.push(d);
            }
        }
    }
}
