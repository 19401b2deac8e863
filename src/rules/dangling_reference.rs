//! ## dangling-reference (JL209)
//!
//! **What it flags.** An explicit reference `[605.00 万元](#t05:合计:基本支出)` whose table,
//! row or column does not exist, or whose cell is empty.
//!
//! **Why.** The author tied the number to a cell on purpose; if that cell is gone (a table
//! renamed, a row relabelled), the number is no longer checked.
//!
//! **Fix.** None.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::Outcome;

pub const META: RuleMeta = RuleMeta {
    code: "JL209",
    name: "dangling-reference",
    summary: "a cell reference whose table, row or column does not exist",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "dangling_reference",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Dangling { target, reason } = &n.outcome else {
            continue;
        };
        let d = sink.diagnostic(
            *target,
            format!(
                "reference `{}` names no cell: {reason}",
                &ctx.src[target.as_range()]
            ),
        );
        sink.push(d.with_related(n.number.range, "the number it was meant to check").with_help("address a cell as #TABLE:ROW:COLUMN (row by code, 行次 or label; column by 栏次 or header)"));
    }
}
