//! ## column-sum-mismatch (JL103)
//!
//! **What it flags.** In a row, a total column that differs from the sum of the columns it
//! groups. The grouping is read from the header: under one header (or at the top level), a
//! column labelled `合计`, `小计` or `…合计` totals its sibling columns; a sibling that is itself
//! a group counts with its own total column (公开09表: 合计 = 因公出国(境)费 + 公务用车购置及运行
//! 维护费/小计 + 公务接待费, and 小计 = 购置费 + 运行维护费).
//!
//! **Why.** 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出 holds in
//! every row of 公开03表; 本年支出/小计 = 基本支出 + 项目支出 in 公开05表. A row that breaks it has
//! a mistyped cell.
//!
//! **Example.**
//! ```markdown
//! | 科目代码 | 科目名称 | 小计 | 基本支出 | 项目支出 |
//! | 201 | 一般公共服务支出 | 519.87 | 513.17 | 6.07 |   <- 513.17 + 6.07 = 519.24
//! ```
//!
//! **Fix.** Unsafe: replace the total cell with the sum.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::arith::{check_sum, label_parts, parts_unless_exact, sum_diagnostic};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::TableModel;

pub const META: RuleMeta = RuleMeta {
    code: "JL103",
    name: "column-sum-mismatch",
    summary: "a total column that is not the sum of the columns it groups",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "column_sum_mismatch",
    check: Some(Check::Table(check)),
};

fn check(ctx: &Context<'_>, table: &TableModel, sink: &mut Sink<'_>) {
    let groups = crate::semantic::relations::column_groups(table);
    for row in &table.rows {
        for (total, members) in &groups {
            let Some(cell) = row.cell(*total) else {
                continue;
            };
            if cell.percent {
                continue;
            }
            let cells = members.iter().filter_map(|&m| row.cell(m).map(|v| (v, m)));
            // Labels are made only for a mismatch: most sums agree.
            let Some((mut parts, columns)) = parts_unless_exact(cell.value(), cells) else {
                continue;
            };
            if parts.is_empty() {
                continue;
            }
            if let Some(m) = check_sum(sink, ctx.policy(), cell.value(), &parts, false) {
                label_parts(&mut parts, &columns, |&c| table.column(c).display());
                let what = format!(
                    "{} of `{}` in {}",
                    table.column(*total).display(),
                    row.display(),
                    table.display()
                );
                let d = sum_diagnostic(sink, cell.range(), &what, cell.value(), &parts, &m);
                sink.push(d);
            }
        }
    }
}
