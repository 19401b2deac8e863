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

use crate::decimal::Agreement;
use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::{on_number, replace_digits, written};
use crate::rules::registry::{FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::{DerivedKind, Outcome};

pub const META: RuleMeta = RuleMeta {
    code: "JL204",
    name: "change-mismatch",
    summary: "a year-on-year change or rate that does not follow from the figures",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "change_mismatch",
    check: Some(check),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Derived(d) = &n.outcome else {
            continue;
        };
        if !matches!(d.kind, DerivedKind::ChangeRate | DerivedKind::ChangeAmount)
            || d.agreement == Agreement::Agrees
        {
            continue;
        }
        let mut message = format!(
            "`{}` should be {}{}: {}",
            written(ctx.src, n),
            d.value,
            if n.number.percent { "%" } else { "" },
            d.explanation
        );
        if let Some(note) = &d.note {
            message.push_str("; ");
            message.push_str(note);
        }
        let mut diagnostic = on_number(sink, n, d.agreement, message);
        for r in &d.operands {
            diagnostic = diagnostic.with_related(*r, "computed from this");
        }
        sink.push(replace_digits(
            diagnostic.with_help("recompute the figure from the numbers it is derived from"),
            n,
            d.value,
        ));
    }
}
