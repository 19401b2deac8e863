//! ## breakdown-mismatch (JL206)
//!
//! **What it flags.** A total followed by `其中` and two or more parts (amounts, or counts with
//! the same unit) that do not add up to it: `共有车辆 9 辆，其中：机要通信用车 1 辆、其他用车 8
//! 辆` must give 9; `基本支出 611.70 万元。其中：人员经费 443.92 万元…；公用经费 161.08 万元` gives
//! 605.00.
//!
//! **Why.** A breakdown that does not add up means the total or a part is wrong.
//!
//! **Rounding.** Each part stands for ±½ unit in its last place.
//!
//! **Fix.** None: the total or any part may be the wrong figure.

use crate::diagnostics::Severity;
use crate::rules::arith::{check_sum, formula, label_parts, Part};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::sentences::Kind;

pub const META: RuleMeta = RuleMeta {
    code: "JL206",
    name: "breakdown-mismatch",
    summary: "parts listed after 其中 that do not add up to the total",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "breakdown_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let numbers = &ctx.analysis.model.narrative.numbers;
    for b in &ctx.analysis.model.narrative.breakdowns {
        let total = &numbers[b.total];
        let factor = |k: Kind| crate::semantic::narrative::link::factor(k);
        let scale = factor(total.kind);
        // Labelled only for a mismatch: most breakdowns add up.
        let mut parts: Vec<Part> = b
            .parts
            .iter()
            .map(|&p| {
                let n = &numbers[p];
                let f = factor(n.kind);
                let value = if f == scale {
                    n.number.value
                } else {
                    n.number.value * f / scale
                };
                Part::new(value, n.number.range, String::new())
            })
            .collect();
        // Counts are exact; amounts are rounded figures.
        let m = if total.kind == Kind::Count {
            let sum: rust_decimal::Decimal = parts.iter().map(|p| p.value).sum();
            (sum != total.number.value).then(|| crate::rules::arith::Mismatch {
                severity: sink.severity(),
                expected: sum,
                near: false,
            })
        } else {
            check_sum(sink, ctx.policy(), total.number.value, &parts, false)
        };
        let Some(m) = m else { continue };
        label_parts(&mut parts, &b.parts, |&i| numbers[i].subject.to_string());
        let written = &ctx.src[total.number.range.as_range()];
        let mut d = sink.diagnostic(
            total.number.range,
            format!(
                "`{written}` but the parts listed after 其中 add up to {} (= {})",
                m.expected,
                formula(&parts)
            ),
        );
        d.severity = m.severity;
        for (p, &i) in parts.iter().zip(&b.parts) {
            d = d.with_related(numbers[i].number.range, format!("{} {}", p.label, p.value));
        }
        sink.push(d.with_help("check the total and each part against the tables"));
    }
}
