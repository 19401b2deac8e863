//! Helpers shared by the narrative rules: where a number's digits are, how to phrase the
//! recomputation, and the unsafe fix that writes the recomputed value.

use rust_decimal::Decimal;

use crate::decimal::{round_to, Agreement};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::rules::Sink;
use crate::semantic::narrative::NarrativeNumber;

/// Starts a diagnostic on a narrative number at the severity its agreement deserves.
pub fn on_number(
    sink: &Sink<'_>,
    n: &NarrativeNumber,
    agreement: Agreement,
    message: String,
) -> Diagnostic {
    let mut d = sink.diagnostic(n.number.range, message);
    if agreement == Agreement::NearMiss {
        d.severity = d.severity.min(Severity::Warning);
        d.message
            .push_str(" (off by one unit in the last place beyond rounding)");
    }
    d
}

/// An unsafe fix that replaces the number's digits with `value` at the written precision.
pub fn replace_digits(d: Diagnostic, n: &NarrativeNumber, value: Decimal) -> Diagnostic {
    let value = round_to(value, n.number.value.scale());
    let edit = crate::diagnostics::Edit {
        range: n.number.digits(),
        replacement: value.to_string(),
    };
    d.with_fix(
        Applicability::Unsafe,
        format!("replace `{}` with `{value}`", n.number.value),
        vec![edit],
    )
}

/// The number as written, with `%` or unit.
pub fn written(src: &str, n: &NarrativeNumber) -> String {
    src[n.number.range.as_range()].to_string()
}

/// Reports every derived figure of the wanted kinds that disagrees with its recomputation,
/// with the recomputation in the message, its operands as related labels, and the unsafe fix.
pub fn report_derived(
    ctx: &crate::rules::Context<'_>,
    sink: &mut Sink<'_>,
    wanted: fn(crate::semantic::narrative::DerivedKind) -> bool,
) {
    use crate::semantic::narrative::Outcome;
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Derived(d) = &n.outcome else {
            continue;
        };
        if !wanted(d.kind) || d.agreement == Agreement::Agrees {
            continue;
        }
        let percent = if n.number.percent { "%" } else { "" };
        let mut message = format!(
            "`{}` should be {}{percent}: {}",
            written(ctx.src, n),
            d.value(),
            d.explanation()
        );
        if let Some(note) = &d.note {
            message.push_str("; ");
            message.push_str(note);
        }
        let mut diagnostic = on_number(sink, n, d.agreement, message);
        for r in &d.operands {
            diagnostic = diagnostic.with_related(*r, "computed from this");
        }
        let diagnostic =
            diagnostic.with_help("recompute the figure from the numbers it is derived from");
        sink.push(replace_digits(diagnostic, n, d.value()));
    }
}
