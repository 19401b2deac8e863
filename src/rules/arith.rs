//! Shared arithmetic for the table rules: compare a stated figure with the sum of its parts
//! under rounding-aware tolerance, and build the diagnostic that explains the difference.

use rust_decimal::Decimal;

use crate::decimal::{round_to, Agreement, Interval, Policy};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::rules::Sink;
use crate::semantic::ValueCell;
use crate::text::TextRange;

/// One addend (or subtrahend) of a relation.
#[derive(Debug, Clone)]
pub struct Part {
    pub value: Decimal,
    pub range: TextRange,
    /// What the part is, for the related label (`20113 商贸事务`).
    pub label: String,
    pub negative: bool,
}

impl Part {
    pub fn new(value: Decimal, range: TextRange, label: impl Into<String>) -> Part {
        Part {
            value,
            range,
            label: label.into(),
            negative: false,
        }
    }
}

/// The parts of a stated total, each with what it came from (a row, a column), unless they
/// add up to the total exactly: most do, and then nothing is allocated (`check_sum` would
/// find them agreeing). Each member is a value cell and its key.
// Inlined into each rule's loop, where the members' iterator is built: compiled as a call,
// code-rollup-mismatch took 0.8 M instructions more on the 1 MB report (callgrind).
#[inline]
pub fn parts_unless_exact<'a, K>(
    stated: Decimal,
    members: impl Iterator<Item = (&'a ValueCell, K)> + Clone,
) -> Option<(Vec<Part>, Vec<K>)> {
    if checked_total(members.clone().map(|(v, _)| v.value())) == Some(stated) {
        return None;
    }
    Some(
        members
            .map(|(v, key)| (Part::new(v.value(), v.range(), String::new()), key))
            .unzip(),
    )
}

/// Names the parts (from the rows or columns they came from, in the same order) once a
/// mismatch is found: labels are made only then, since most sums agree.
pub fn label_parts<K>(parts: &mut [Part], keys: &[K], label: impl Fn(&K) -> String) {
    for (part, key) in parts.iter_mut().zip(keys) {
        part.label = label(key);
    }
}

/// The interval the parts can add up to.
pub fn sum_interval(policy: Policy, parts: &[Part]) -> Interval {
    terms_interval(policy, parts.iter().map(|p| (p.value, p.negative)))
}

/// The interval that figures as written, each added or (`true`) taken away, can add up to.
pub fn terms_interval(
    policy: Policy,
    terms: impl IntoIterator<Item = (Decimal, bool)>,
) -> Interval {
    terms
        .into_iter()
        .fold(Interval::exact(Decimal::ZERO), |acc, (value, negative)| {
            let i = policy.rounded(value);
            if negative {
                acc.minus(i)
            } else {
                acc.plus(i)
            }
        })
}

/// The exact sum of the parts as written; `None` when it overflows a `Decimal`.
fn checked_sum(parts: &[Part]) -> Option<Decimal> {
    // Negating a `Decimal` never overflows: its range is symmetric.
    checked_total(
        parts
            .iter()
            .map(|p| if p.negative { -p.value } else { p.value }),
    )
}

/// The exact sum of `values`; `None` when it overflows a `Decimal`. The figures of a column
/// share a scale (two decimals, as a rule): while they do, their mantissas are added as
/// integers, which costs a fraction of `Decimal` additions, and the first of another scale
/// hands the rest to them.
fn checked_total(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let Some(first) = values.next() else {
        return Some(Decimal::ZERO);
    };
    let scale = first.scale();
    let mut mantissa = first.mantissa();
    for v in values.by_ref() {
        if v.scale() != scale {
            let so_far = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
            return values.try_fold(so_far.checked_add(v)?, |acc, v| acc.checked_add(v));
        }
        // 96-bit mantissas: a sum of many leaves i128 room to spare (checked all the same).
        mantissa = mantissa.checked_add(v.mantissa())?;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// The exact sum of the parts as written.
pub fn sum_exact(parts: &[Part]) -> Decimal {
    parts
        .iter()
        .map(|p| if p.negative { -p.value } else { p.value })
        .sum()
}

/// `40.24 + 44.98 + 0.86` (or `the 26 items` when long).
pub fn formula(parts: &[Part]) -> String {
    if parts.len() > 8 {
        return format!("the sum of {} items", parts.len());
    }
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 || p.negative {
            out.push_str(if p.negative {
                if i == 0 {
                    "−"
                } else {
                    " − "
                }
            } else {
                " + "
            });
        }
        out.push_str(&p.value.to_string());
    }
    out
}

/// What a relation check concluded.
pub struct Mismatch {
    pub severity: Severity,
    pub expected: Decimal,
    pub near: bool,
}

/// Compares `stated` with the sum of `parts`. With `at_most`, only a sum larger than the
/// stated figure is a mismatch (a table with rows missing).
pub fn check_sum(
    sink: &Sink<'_>,
    policy: Policy,
    stated: Decimal,
    parts: &[Part],
    at_most: bool,
) -> Option<Mismatch> {
    // Most sums agree to the last written place, and then no reading of the figures'
    // rounding can disagree: the sum's interval holds the exact sum, so it meets the stated
    // figure's (under `Policy::Exact`, the exact sum rounded to the stated places is the
    // stated figure). Only the other sums need interval arithmetic.
    if checked_sum(parts) == Some(stated) {
        return None;
    }
    let interval = sum_interval(policy, parts);
    // What the total should read is worked out only for a mismatch: most sums agree.
    let expected = || round_to(sum_exact(parts), stated.scale());
    if at_most {
        let own = policy.rounded(stated);
        if interval.lo <= own.hi {
            return None;
        }
    }
    match policy.compare(stated, interval) {
        Agreement::Agrees => None,
        Agreement::NearMiss => Some(Mismatch {
            severity: sink.severity().min(Severity::Warning),
            expected: expected(),
            near: true,
        }),
        Agreement::Disagrees => Some(Mismatch {
            severity: sink.severity(),
            expected: expected(),
            near: false,
        }),
    }
}

/// The standard diagnostic for a stated total that its parts do not add up to.
pub fn sum_diagnostic(
    sink: &Sink<'_>,
    range: TextRange,
    what: &str,
    stated: Decimal,
    parts: &[Part],
    m: &Mismatch,
) -> Diagnostic {
    let near = if m.near {
        " (off by one unit in the last place beyond rounding: check the rounding)"
    } else {
        ""
    };
    let mut d = sink.diagnostic(
        range,
        format!(
            "{what} is {stated} but {} = {}{near}",
            formula(parts),
            m.expected
        ),
    );
    d.severity = m.severity;
    for p in parts.iter().filter(|p| !p.value.is_zero()).take(12) {
        d = d.with_related(p.range, format!("{} {}", p.label, p.value));
    }
    d.with_help(
        "correct the total, or find the item that is wrong: the table may be the side in error",
    )
    .with_replacement(Applicability::Unsafe, m.expected.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest::proptest! {
        /// The sum by mantissas is the sum by `Decimal` additions, figure for figure.
        #[test]
        fn checked_total_adds_as_decimals_do(
            values in proptest::collection::vec((-10_000_000i64..10_000_000, 0u32..4), 0..8)
        ) {
            let values: Vec<Decimal> = values
                .into_iter()
                .map(|(m, scale)| Decimal::new(m, scale))
                .collect();
            let by_decimals = values
                .iter()
                .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v));
            let total = checked_total(values.into_iter());
            proptest::prop_assert_eq!(total, by_decimals);
            // The same scale as well as the same value.
            proptest::prop_assert_eq!(total.map(|t| t.scale()), by_decimals.map(|t| t.scale()));
        }
    }

    #[test]
    fn checked_total_of_nothing_is_zero() {
        let none = std::iter::empty();
        assert_eq!(checked_total(none), Some(Decimal::ZERO));
    }

    fn parts() -> impl Strategy<Value = Vec<Part>> {
        prop::collection::vec((-10_000_000i64..10_000_000, 0u32..4, any::<bool>()), 1..12).prop_map(
            |parts| {
                parts
                    .into_iter()
                    .map(|(mantissa, scale, negative)| Part {
                        value: Decimal::new(mantissa, scale),
                        range: TextRange::default(),
                        label: String::new(),
                        negative,
                    })
                    .collect()
            },
        )
    }

    proptest! {
        /// What `check_sum`'s shortcut assumes: a total equal to the exact sum of its parts,
        /// written at any number of places that keeps it equal, agrees under both policies,
        /// also as an upper bound.
        #[test]
        fn a_total_equal_to_the_exact_sum_agrees_under_every_policy(
            parts in parts(),
            places in 0u32..7,
        ) {
            let sum = checked_sum(&parts).expect("small parts do not overflow");
            let mut stated = sum;
            stated.rescale(places);
            prop_assume!(stated == sum);
            for policy in [Policy::Interval, Policy::Exact] {
                let interval = sum_interval(policy, &parts);
                prop_assert_eq!(policy.compare(stated, interval), Agreement::Agrees, "{:?}", policy);
                prop_assert!(interval.lo <= policy.rounded(stated).hi);
            }
        }
    }

    #[test]
    fn a_sum_that_overflows_has_no_exact_value() {
        let part = |value| Part::new(value, TextRange::default(), "");
        assert_eq!(checked_sum(&[part(Decimal::MAX), part(Decimal::MAX)]), None);
        let minus_one = Part {
            negative: true,
            ..part(Decimal::ONE)
        };
        assert_eq!(
            checked_sum(&[part(Decimal::MAX), minus_one]),
            Some(Decimal::MAX - Decimal::ONE)
        );
    }
}
