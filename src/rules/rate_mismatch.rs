//! ## rate-mismatch (JL205)
//!
//! **What it flags.** A completion or execution rate (`完成年初预算的 x%`, `执行率 x%`) that
//! differs from the actual figure divided by the budget figure stated before it in the same
//! sentence (`年初预算为 2.93 万元，支出决算为 2.93 万元，完成年初预算的 100.00%`).
//!
//! **Why.** The rate is the headline of budget execution; a wrong one misstates how the
//! budget was kept.
//!
//! **Rounding.** As for shares: the rate must be reachable from the rounded figures.
//!
//! **Fix.** Unsafe: replace the rate with the recomputed value.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::report_derived;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::DerivedKind;

pub const META: RuleMeta = RuleMeta {
    code: "JL205",
    name: "rate-mismatch",
    summary: "a completion or execution rate that is not 决算 / 预算",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "rate_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    report_derived(ctx, sink, |kind| {
        matches!(kind, DerivedKind::CompletionRate)
    });
}
