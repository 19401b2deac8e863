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

use crate::decimal::Agreement;
use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::{on_number, replace_digits, written};
use crate::rules::registry::{FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::{DerivedKind, Outcome};

pub const META: RuleMeta = RuleMeta {
    code: "JL205",
    name: "rate-mismatch",
    summary: "a completion or execution rate that is not 决算 / 预算",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "rate_mismatch",
    check: Some(check),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Derived(d) = &n.outcome else {
            continue;
        };
        if !matches!(d.kind, DerivedKind::CompletionRate) || d.agreement == Agreement::Agrees {
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
