//! Exact decimals with their written precision, and the interval arithmetic that decides
//! whether rounded figures can agree (XBRL Calculations 1.1): a figure written with `d`
//! decimals stands for every value within ±½·10⁻ᵈ of it.

use rust_decimal::Decimal;

mod packed;

pub use packed::{Packed, PackedInterval};

/// A closed interval of exact values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

/// Half a unit in the last written place of a figure with `scale` decimals.
///
/// A figure may carry up to 28 decimals (rust_decimal's limit), but half a unit in its
/// 28th place would need a 29th: there the smallest representable step stands in for it.
pub fn half_ulp(scale: u32) -> Decimal {
    if scale >= MAX_SCALE {
        Decimal::new(1, MAX_SCALE)
    } else {
        Decimal::new(5, scale + 1)
    }
}

/// One unit in the last written place.
pub fn ulp(scale: u32) -> Decimal {
    Decimal::new(1, scale.min(MAX_SCALE))
}

/// The most decimals a `Decimal` can hold.
const MAX_SCALE: u32 = 28;

/// How rounding is tolerated when figures are compared (`[rounding] policy` in jslint.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// A figure written with d decimals stands for every value within ±½·10⁻ᵈ of it
    /// (XBRL Calculations 1.1): thirty items of 1.00 may add up to a stated 30.02.
    #[default]
    Interval,
    /// Figures stand for exactly what is written: sums must match to the last written
    /// place, and a computed figure (a share, a rate) must equal the exact result rounded
    /// half away from zero to the places the report states.
    Exact,
}

impl Policy {
    /// The values a figure written as `v` may stand for.
    pub fn rounded(self, v: Decimal) -> Interval {
        match self {
            Policy::Interval => Interval::rounded(v),
            Policy::Exact => Interval::exact(v),
        }
    }

    /// The values the sum of figures written as `values` may take.
    pub fn sum(self, values: impl IntoIterator<Item = Decimal>) -> Interval {
        values
            .into_iter()
            .fold(Interval::exact(Decimal::ZERO), |acc, v| {
                acc.plus(self.rounded(v))
            })
    }

    /// Compares a stated figure with what it should be.
    pub fn compare(self, stated: Decimal, expected: Interval) -> Agreement {
        match self {
            Policy::Interval => compare(stated, expected),
            Policy::Exact => {
                let want = round_to(expected.mid(), stated.scale().min(MAX_SCALE));
                grade(stated, want, stated.scale())
            }
        }
    }

    /// Compares two statements of the same figure.
    pub fn compare_same(self, a: Decimal, b: Decimal) -> Agreement {
        match self {
            Policy::Interval => compare_same(a, b),
            Policy::Exact => grade(a, b, a.scale().min(b.scale())),
        }
    }
}

/// Equal, within one unit in the last place, or apart.
fn grade(a: Decimal, b: Decimal, scale: u32) -> Agreement {
    if a == b {
        Agreement::Agrees
    } else if (a - b).abs() <= ulp(scale) {
        Agreement::NearMiss
    } else {
        Agreement::Disagrees
    }
}

impl Interval {
    pub fn exact(v: Decimal) -> Interval {
        Interval { lo: v, hi: v }
    }

    /// The values a figure written as `v` (with its own scale) may stand for.
    pub fn rounded(v: Decimal) -> Interval {
        // A figure of a report has a short mantissa and a scale of a few places: its ends
        // are `10m ∓ 5` at one place more, made from the mantissa without the rescaling of
        // two `Decimal` additions (the same values, scale included; a property test holds).
        let scale = v.scale();
        if scale < MAX_SCALE {
            let m = v.mantissa();
            if m.unsigned_abs() < 1 << 90 {
                let end = |d: i128| Decimal::try_from_i128_with_scale(m * 10 + d, scale + 1);
                if let (Ok(lo), Ok(hi)) = (end(-5), end(5)) {
                    return Interval { lo, hi };
                }
            }
        }
        let h = half_ulp(scale);
        Interval {
            lo: v - h,
            hi: v + h,
        }
    }

    pub fn plus(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
        }
    }

    pub fn minus(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo - o.hi,
            hi: self.hi - o.lo,
        }
    }

    pub fn negate(self) -> Interval {
        Interval {
            lo: -self.hi,
            hi: -self.lo,
        }
    }

    /// Product of two intervals (all four corners).
    pub fn times(self, o: Interval) -> Interval {
        let c = [
            self.lo * o.lo,
            self.lo * o.hi,
            self.hi * o.lo,
            self.hi * o.hi,
        ];
        Interval {
            lo: c.iter().copied().min().unwrap_or_default(),
            hi: c.iter().copied().max().unwrap_or_default(),
        }
    }

    /// Quotient, or `None` when the divisor interval contains zero.
    pub fn divided_by(self, o: Interval) -> Option<Interval> {
        if o.lo <= Decimal::ZERO && o.hi >= Decimal::ZERO {
            return None;
        }
        // Positive intervals of some width (amounts as written): the least quotient is the
        // least over the greatest, the greatest the greatest over the least, each strictly,
        // so two divisions give what the four below give (a property test checks it).
        if self.lo > Decimal::ZERO && self.lo < self.hi && o.lo < o.hi {
            return Some(Interval {
                lo: self.lo.checked_div(o.hi)?,
                hi: self.hi.checked_div(o.lo)?,
            });
        }
        let c = [
            self.lo.checked_div(o.lo)?,
            self.lo.checked_div(o.hi)?,
            self.hi.checked_div(o.lo)?,
            self.hi.checked_div(o.hi)?,
        ];
        Some(Interval {
            lo: c.iter().copied().min()?,
            hi: c.iter().copied().max()?,
        })
    }

    /// [`Interval::times`] an exact `k`: for a factor that is not negative (万元 per unit,
    /// 100 for a percentage), the ends multiplied in place, without the four products and
    /// their comparisons (the result is the same, scale included; a property test checks it).
    pub fn scale_by(self, k: Decimal) -> Interval {
        if k.is_sign_negative() || self.lo > self.hi {
            return self.times(Interval::exact(k));
        }
        if k == Decimal::ONE {
            // x × 1 is x, scale and all.
            return self;
        }
        Interval {
            lo: self.lo * k,
            hi: self.hi * k,
        }
    }

    pub fn widen(self, by: Decimal) -> Interval {
        Interval {
            lo: self.lo - by,
            hi: self.hi + by,
        }
    }

    pub fn meets(self, o: Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }

    /// The midpoint, used to show a recomputed value.
    pub fn mid(self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }

    /// How far apart two intervals are (zero when they meet).
    pub fn gap(self, o: Interval) -> Decimal {
        if self.meets(o) {
            Decimal::ZERO
        } else if self.hi < o.lo {
            o.lo - self.hi
        } else {
            self.lo - o.hi
        }
    }
}

/// The outcome of comparing a stated figure with what it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Equal, or within rounding.
    Agrees,
    /// Off by at most one unit in the last place beyond rounding: likely a rounding slip.
    NearMiss,
    Disagrees,
}

/// Compares a stated figure with an expected interval: the stated figure's own rounding
/// interval must meet the expected one.
pub fn compare(stated: Decimal, expected: Interval) -> Agreement {
    let own = Interval::rounded(stated);
    let gap = own.gap(expected);
    if gap.is_zero() {
        Agreement::Agrees
    } else if gap <= ulp(stated.scale()) {
        Agreement::NearMiss
    } else {
        Agreement::Disagrees
    }
}

/// Compares two statements of the same figure. At the same precision they must be equal;
/// at different precisions the rounding intervals must meet.
pub fn compare_same(a: Decimal, b: Decimal) -> Agreement {
    if a.scale() == b.scale() {
        return grade(a, b, a.scale());
    }
    let gap = Interval::rounded(a).gap(Interval::rounded(b));
    if gap.is_zero() {
        Agreement::Agrees
    } else if gap <= ulp(a.scale().min(b.scale())) {
        Agreement::NearMiss
    } else {
        Agreement::Disagrees
    }
}

/// Rounds `v` half away from zero to `scale` decimals, for display of recomputed values.
pub fn round_to(v: Decimal, scale: u32) -> Decimal {
    let mut r =
        v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(scale);
    r
}

/// A decimal written as `Decimal`'s `Display` writes it (`-0.50`, `611.70`, `3`), without its
/// formatter options, and faster for the figures of a report: a mantissa that fits in 64 bits
/// is written digit by digit (the explanations of derived figures write thousands of these).
pub struct Plain(pub Decimal);

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        let Ok(mut m) = u64::try_from(d.mantissa().unsigned_abs()) else {
            return write!(f, "{d}");
        };
        let scale = d.scale() as usize;
        // Digits from the last: 20 of a u64, up to 28 zeros of scale, the point and the sign.
        let mut buf = [b'0'; 52];
        let mut at = buf.len();
        let mut written = 0;
        while m > 0 || written <= scale {
            if written == scale && scale > 0 {
                at -= 1;
                buf[at] = b'.';
            }
            at -= 1;
            buf[at] = b'0' + (m % 10) as u8;
            m /= 10;
            written += 1;
        }
        if d.is_sign_negative() {
            at -= 1;
            buf[at] = b'-';
        }
        // ASCII digits, a point and a sign: always UTF-8, and checked in a few instructions
        // (the formatting machinery of `write!` with a padded fraction costs ten times more).
        match std::str::from_utf8(&buf[at..]) {
            Ok(text) => f.write_str(text),
            Err(_) => write!(f, "{d}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    proptest::proptest! {
        /// The ends made from the mantissa are the `Decimal` subtraction and addition of
        /// half a unit in the last place, to the bit (the scale included).
        #[test]
        fn rounded_is_plus_and_minus_half_an_ulp(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28, small: bool
        ) {
            let hi = if small { 0 } else { hi };
            let v = Decimal::from_parts(lo, mid, hi, negative, scale);
            let h = half_ulp(v.scale());
            let got = Interval::rounded(v);
            let (want_lo, want_hi) = (v - h, v + h);
            proptest::prop_assert_eq!(got.lo, want_lo);
            proptest::prop_assert_eq!(got.lo.scale(), want_lo.scale());
            proptest::prop_assert_eq!(got.hi, want_hi);
            proptest::prop_assert_eq!(got.hi.scale(), want_hi.scale());
        }

        #[test]
        fn plain_writes_what_display_writes(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28, small: bool
        ) {
            // Half the cases fit in 64 bits (the fast path), half need not.
            let hi = if small { 0 } else { hi };
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            proptest::prop_assert_eq!(Plain(d).to_string(), d.to_string());
        }
    }

    proptest::proptest! {
        /// Scaling by an exact factor is multiplying by its exact interval, to the bit.
        #[test]
        fn scale_by_is_times_the_exact_factor(
            lo in -100_000i64..100_000, width in 0i64..1_000, lo_scale in 0u32..4, k in -20_000i64..20_000, k_scale in 0u32..5
        ) {
            let lo = Decimal::new(lo, lo_scale);
            let iv = Interval { lo, hi: lo + Decimal::new(width, 2) };
            for k in [Decimal::new(k, k_scale), Decimal::ONE, Decimal::ONE_HUNDRED, Decimal::new(1, 4), Decimal::ZERO] {
                let (a, b) = (iv.scale_by(k), iv.times(Interval::exact(k)));
                proptest::prop_assert_eq!(
                    (a.lo.serialize(), a.hi.serialize()),
                    (b.lo.serialize(), b.hi.serialize())
                );
            }
        }
    }

    proptest::proptest! {
        /// Dividing positive intervals by their ends gives the four quotients' least and
        /// greatest, to the bit.
        #[test]
        fn positive_intervals_divide_as_the_four_quotients_say(
            a in 1i64..10_000_000, aw in 0i64..1_000, a_scale in 0u32..4,
            b in 1i64..10_000_000, bw in 0i64..1_000, b_scale in 0u32..4
        ) {
            let iv = |v: i64, w: i64, scale: u32| Interval {
                lo: Decimal::new(v, scale),
                hi: Decimal::new(v, scale) + Decimal::new(w, scale + 2),
            };
            let (x, y) = (iv(a, aw, a_scale), iv(b, bw, b_scale));
            let c = [x.lo / y.lo, x.lo / y.hi, x.hi / y.lo, x.hi / y.hi];
            let want = (c.iter().copied().min(), c.iter().copied().max());
            let got = x.divided_by(y).map(|q| (q.lo, q.hi));
            proptest::prop_assert_eq!(
                got.map(|(l, h)| (l.serialize(), h.serialize())),
                want.0.zip(want.1).map(|(l, h)| (l.serialize(), h.serialize()))
            );
        }
    }

    #[test]
    fn plain_writes_zeros_points_and_signs() {
        for s in [
            "0",
            "0.00",
            "-0.50",
            "611.70",
            "3",
            "0.005",
            "-12",
            "18446744073709551615.5",
        ] {
            assert_eq!(Plain(d(s)).to_string(), s);
        }
        for negative in [false, true] {
            let zero = Decimal::from_parts(0, 0, 0, negative, 2);
            assert_eq!(Plain(zero).to_string(), zero.to_string());
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn sum(items: &[&str]) -> Interval {
        items.iter().fold(Interval::exact(Decimal::ZERO), |acc, i| {
            acc.plus(Interval::rounded(d(i)))
        })
    }

    #[test]
    fn thirty_items_off_by_two_cents_is_rounding() {
        let items = vec!["1.00"; 30];
        assert_eq!(compare(d("30.02"), sum(&items)), Agreement::Agrees);
    }

    #[test]
    fn two_items_off_by_two_cents_is_not() {
        assert_eq!(
            compare(d("2.02"), sum(&["1.00", "1.00"])),
            Agreement::NearMiss
        );
        assert_eq!(
            compare(d("2.05"), sum(&["1.00", "1.00"])),
            Agreement::Disagrees
        );
    }

    #[test]
    fn percentages_stand_for_an_interval() {
        // 519.87 / 611.70 = 84.988…%: 84.99% agrees, 84.97% does not.
        let ratio = Interval::rounded(d("519.87"))
            .divided_by(Interval::rounded(d("611.70")))
            .unwrap()
            .scale_by(d("100"));
        assert_eq!(compare(d("84.99"), ratio), Agreement::Agrees);
        assert_eq!(compare(d("84.97"), ratio), Agreement::Disagrees);
    }

    #[test]
    fn same_figure_same_precision_must_match_exactly() {
        assert_eq!(compare_same(d("611.70"), d("611.70")), Agreement::Agrees);
        assert_eq!(compare_same(d("611.7"), d("611.70")), Agreement::Agrees);
        assert_eq!(compare_same(d("611.71"), d("611.70")), Agreement::NearMiss);
        assert_eq!(compare_same(d("605.00"), d("611.70")), Agreement::Disagrees);
    }

    #[test]
    fn exact_policy_allows_no_rounding_slack() {
        let items = vec!["1.00"; 30];
        let exact_sum = Policy::Exact.sum(items.iter().map(|i| d(i)));
        assert_eq!(
            Policy::Interval.compare(d("30.02"), sum(&items)),
            Agreement::Agrees
        );
        assert_eq!(
            Policy::Exact.compare(d("30.02"), exact_sum),
            Agreement::Disagrees
        );
        assert_eq!(
            Policy::Exact.compare(d("30.01"), exact_sum),
            Agreement::NearMiss
        );
        assert_eq!(
            Policy::Exact.compare(d("30.00"), exact_sum),
            Agreement::Agrees
        );
    }

    #[test]
    fn exact_policy_rounds_a_computed_figure_to_the_stated_places() {
        // 519.87 / 611.70 = 84.9877…%: 84.99% is right, 84.98% is a rounding slip.
        let p = Policy::Exact;
        let ratio = p
            .rounded(d("519.87"))
            .divided_by(p.rounded(d("611.70")))
            .unwrap()
            .scale_by(d("100"));
        assert_eq!(p.compare(d("84.99"), ratio), Agreement::Agrees);
        assert_eq!(p.compare(d("84.98"), ratio), Agreement::NearMiss);
        assert_eq!(p.compare(d("85.0"), ratio), Agreement::Agrees);
        // Coarse inputs: 0.05 / 0.15 is 33.33…%, but the rounded figures allow 29.0–37.9%.
        let share = |p: Policy| {
            p.rounded(d("0.05"))
                .divided_by(p.rounded(d("0.15")))
                .unwrap()
                .scale_by(d("100"))
        };
        assert_eq!(
            Policy::Interval.compare(d("35"), share(Policy::Interval)),
            Agreement::Agrees
        );
        assert_eq!(
            Policy::Exact.compare(d("35"), share(Policy::Exact)),
            Agreement::Disagrees
        );
        assert_eq!(
            Policy::Exact.compare(d("33"), share(Policy::Exact)),
            Agreement::Agrees
        );
    }

    #[test]
    fn exact_policy_same_figure() {
        let p = Policy::Exact;
        assert_eq!(p.compare_same(d("611.7"), d("611.70")), Agreement::Agrees);
        assert_eq!(p.compare_same(d("611.7"), d("611.72")), Agreement::NearMiss);
        assert_eq!(
            p.compare_same(d("611.7"), d("611.92")),
            Agreement::Disagrees
        );
        assert_eq!(
            p.compare_same(d("611.71"), d("611.70")),
            Agreement::NearMiss
        );
        // The interval policy lets a coarser statement stand for the finer one.
        assert_eq!(compare_same(d("611.7"), d("611.72")), Agreement::Agrees);
    }

    #[test]
    fn twenty_eight_decimals_do_not_overflow_the_scale() {
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(tiny.scale(), 28);
        let iv = Interval::rounded(tiny);
        assert!(iv.lo < tiny && tiny < iv.hi);
        assert_eq!(compare(tiny, Interval::exact(tiny)), Agreement::Agrees);
        assert_eq!(
            Policy::Exact.compare(tiny, Interval::exact(tiny)),
            Agreement::Agrees
        );
    }

    #[test]
    fn rounding_for_display() {
        assert_eq!(round_to(d("16.8490"), 2).to_string(), "16.85");
        assert_eq!(round_to(d("100"), 2).to_string(), "100.00");
    }
}
