//! ## shares-total-mismatch (JL207)
//!
//! **What it flags.** Shares of one whole, stated in one sentence for parts that add up to
//! the whole, that do not add up to 100%: `基本支出…占 98.90%；项目支出…占 1.10%` must give
//! 100%.
//!
//! **Why.** When the parts cover the whole, their shares must too; a remainder means one
//! share was mistyped or rounded the wrong way.
//!
//! **Rounding.** Each share stands for ±½ unit in its last place, so three shares written
//! with two decimals may add up to 99.99% or 100.01%.
//!
//! **Fix.** None.

use rust_decimal::Decimal;

use crate::decimal::{Agreement, Interval};
use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};

pub const META: RuleMeta = RuleMeta {
    code: "JL207",
    name: "shares-total-mismatch",
    summary: "shares of one whole that do not add up to 100%",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "shares_total_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let numbers = &ctx.analysis.model.narrative.numbers;
    for group in ctx
        .analysis
        .model
        .narrative
        .share_groups
        .iter()
        .filter(|g| g.complete)
    {
        let exact: Decimal = group.shares.iter().map(|&s| numbers[s].number.value).sum();
        // Shares that add up to 100% as written agree under any rounding.
        if exact == Decimal::ONE_HUNDRED {
            continue;
        }
        let sum = ctx
            .policy()
            .sum(group.shares.iter().map(|&s| numbers[s].number.value));
        // 100% is exact; only the shares are rounded.
        let gap = sum.gap(Interval::exact(Decimal::ONE_HUNDRED));
        let scale = group
            .shares
            .iter()
            .map(|&s| numbers[s].number.value.scale())
            .max()
            .unwrap_or(0);
        let agreement = if gap.is_zero() {
            Agreement::Agrees
        } else if gap <= crate::decimal::ulp(scale) {
            Agreement::NearMiss
        } else {
            Agreement::Disagrees
        };
        if agreement == Agreement::Agrees {
            continue;
        }
        let last = &numbers[*group.shares.last().expect("groups have members")];
        let mut d = sink.diagnostic(
            last.number.range,
            format!(
                "these shares add up to {exact}%, not 100%, although their parts make up the whole"
            ),
        );
        if agreement == Agreement::NearMiss {
            d.severity = d.severity.min(Severity::Warning);
        }
        for &s in &group.shares[..group.shares.len() - 1] {
            d = d.with_related(numbers[s].number.range, "share");
        }
        sink.push(d.with_help("recompute each share from its part and the whole"));
    }
}
