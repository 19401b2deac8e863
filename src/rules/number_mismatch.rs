//! ## number-mismatch (JL201)
//!
//! **What it flags.** A number in the narrative that states a table cell or a named quantity
//! and differs from it. The number is tied to what it states explicitly (a reference
//! `[605.00 万元](#t05:合计:基本支出)`), by a named quantity of the profile (人员经费 = 301 + 303
//! of 公开06表), by the row and column labels the sentence names (一般公共服务（类）支出 → the
//! 201 row), or by the sentence's topic (the 类/款/项 path a list item starts with). Among
//! equally good readings, the one whose value agrees wins, so only a figure that no reading
//! supports is flagged. `jslint numbers FILE` shows what every number was tied to.
//!
//! **Why.** The narrative is what most readers read; a figure that contradicts the tables
//! makes the whole report untrustworthy. The seed report says 基本支出 611.70 万元 where
//! 公开05表 has 605.00.
//!
//! **Rounding.** The same figure at the same precision must match exactly; at different
//! precisions (611.7 vs 611.70) the rounding intervals must meet.
//!
//! **Example.** `一般公共预算财政拨款基本支出 611.70 万元` → 605.00 (公开05表 合计 基本支出).
//!
//! **Fix.** Unsafe: replace the number with the table's value (the table may be the side in
//! error).

use crate::decimal::Agreement;
use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::{on_number, replace_digits, written};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::Outcome;

pub const META: RuleMeta = RuleMeta {
    code: "JL201",
    name: "number-mismatch",
    summary: "a narrative number that differs from the cell or quantity it states",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "number_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Linked(link) = &n.outcome else {
            continue;
        };
        if link.agreement == Agreement::Agrees || link.unit_slip().is_some() {
            continue;
        }
        let value = link.value();
        let shown =
            crate::decimal::round_to(value, n.number.value.scale().max(value.scale().min(2)));
        let computation = link
            .computation()
            .as_ref()
            .map(|c| format!(" (= {})", c.split_once(" = ").map_or(&**c, |(_, r)| r)))
            .unwrap_or_default();
        let message = format!(
            "`{}` does not match {}: {shown}{computation}",
            written(ctx.src, n),
            link.label(&ctx.analysis.model.tables)
        );
        let mut d = on_number(sink, n, link.agreement, message);
        for cell in &link.cells {
            d = d.with_related(*cell, "stated here");
        }
        let d = d.with_help("correct the narrative, or the table if the table is wrong");
        sink.push(replace_digits(d, n, value));
    }
}
