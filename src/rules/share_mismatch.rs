//! ## share-mismatch (JL203)
//!
//! **What it flags.** A share `占 x%` that differs from the part divided by the whole. The
//! part is the amount just before it; the whole is what `占…的` names (`占支出合计的 100.00%`),
//! or else the total the sentence starts with (`支出合计 611.70 万元，其中：基本支出 605.00 万元，
//! 占 98.90%`).
//!
//! **Why.** Shares are recomputed by every careful reader; a wrong one is a visible error.
//!
//! **Rounding.** The share is compared with the whole interval the rounded part and whole
//! allow: 84.99% stands for [84.985, 84.995), and 519.87 / 611.70 may be anything between
//! 519.865/611.705 and 519.875/611.695.
//!
//! **Example.** `一般公共服务（类）支出 519.87 万元，占 84.97%` → 84.99%.
//!
//! **Fix.** Unsafe: replace the share with the recomputed value.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::narrative::report_derived;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::DerivedKind;

pub const META: RuleMeta = RuleMeta {
    code: "JL203",
    name: "share-mismatch",
    summary: "a share (占 x%) that is not part / whole",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Unsafe),
    module: "share_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    report_derived(ctx, sink, |kind| matches!(kind, DerivedKind::Share));
}
