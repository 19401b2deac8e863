//! ## unit-slip (JL202)
//!
//! **What it flags.** An amount that matches the figure it states only when its unit is
//! corrected by a factor of 10 000: a table in 万元 quoted in the narrative with the unit 元
//! (or the reverse).
//!
//! **Why.** 611.70 元 is ten thousand times less than 611.70 万元: a unit slip changes the
//! figure a reader takes away by four orders of magnitude.
//!
//! **Example.** `收入合计 611.70 元` where 公开01表 (单位：万元) has 611.70.
//!
//! **Fix.** None: whether the number or the unit is wrong is for the author to decide.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::Outcome;

pub const META: RuleMeta = RuleMeta {
    code: "JL202",
    name: "unit-slip",
    summary: "an amount that matches its cell only ×10 000 (元 written for 万元)",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "unit_slip",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Linked(link) = &n.outcome else {
            continue;
        };
        let Some(slip) = &link.unit_slip() else {
            continue;
        };
        let mut d = sink.diagnostic(
            n.number.range,
            format!(
                "unit slip: {slip} ({})",
                link.label(&ctx.analysis.model.tables)
            ),
        );
        for cell in &link.cells {
            d = d.with_related(*cell, "stated here");
        }
        sink.push(d.with_help("write the unit the table uses (单位：万元)"));
    }
}
