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
        range: n.number.digits,
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
