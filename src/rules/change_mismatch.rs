//! ## change-mismatch (JL204)
//!
//! **What it flags.** A year-on-year change that does not follow from the figures: a rate
//! `增长/下降 y%` that is not the change divided by the prior year's figure, or a change
//! `增加/减少 x 万元` that is not this year's figure minus the prior year's (when the front
//! matter gives the prior year under `prior:`). Without a prior-year figure, the prior year is
//! this year's figure ∓ the stated change. When the stated rate is the change divided by the
//! **current** year's figure, the message says so: it is the most common error of this kind.
//!
//! **Why.** The seed report says `减少 123.95 万元，下降 20.26%`: 123.95 / 611.70 = 20.26%, but
//! the base of a change is the prior year, 611.70 + 123.95 = 735.65, so the fall is 16.85%.
//!
//! **Fix.** Unsafe: replace the figure with the recomputed value.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::report_derived;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::DerivedKind;

pub const META: RuleMeta = RuleMeta {
    code: "JL204",
    name: "change-mismatch",
    summary: "a year-on-year change or rate that does not follow from the figures",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "change_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    report_derived(ctx, sink, |kind| {
        matches!(kind, DerivedKind::ChangeRate | DerivedKind::ChangeAmount)
    });
}
