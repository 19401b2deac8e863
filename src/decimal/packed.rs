//! A decimal in 13 bytes, byte-aligned, for the figures a report holds by the ten thousand.
//!
//! `rust_decimal::Decimal` is 16 bytes aligned to 4: a struct holding one and a few flags
//! rounds up to the next multiple of 4 or 8. `Packed` keeps the same 96-bit mantissa, scale
//! and sign in 13 bytes with no alignment, so a table cell (figure, range, flags) fits in 24
//! bytes. Packing is exact: `Packed::new(d).get()` is `d`, bit for bit (scale and the sign of
//! a zero included).

use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Packed {
    /// The mantissa's magnitude, little-endian.
    mantissa: [u8; 12],
    /// The scale (0–28) in the low bits, [`NEGATIVE`] for the sign.
    flags: u8,
}

const NEGATIVE: u8 = 0x80;

impl Packed {
    pub fn new(value: Decimal) -> Packed {
        let magnitude = value.mantissa().unsigned_abs();
        let bytes = magnitude.to_le_bytes();
        let mut mantissa = [0; 12];
        mantissa.copy_from_slice(&bytes[..12]);
        let sign = if value.is_sign_negative() {
            NEGATIVE
        } else {
            0
        };
        Packed {
            mantissa,
            flags: value.scale() as u8 | sign,
        }
    }

    pub fn get(self) -> Decimal {
        let word = |i: usize| {
            u32::from_le_bytes([
                self.mantissa[i],
                self.mantissa[i + 1],
                self.mantissa[i + 2],
                self.mantissa[i + 3],
            ])
        };
        Decimal::from_parts(
            word(0),
            word(4),
            word(8),
            self.flags & NEGATIVE != 0,
            u32::from(self.flags & !NEGATIVE),
        )
    }
}

/// An [`Interval`](crate::decimal::Interval) of two packed ends, 26 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PackedInterval {
    lo: Packed,
    hi: Packed,
}

impl PackedInterval {
    pub fn new(interval: crate::decimal::Interval) -> PackedInterval {
        PackedInterval {
            lo: Packed::new(interval.lo),
            hi: Packed::new(interval.hi),
        }
    }

    pub fn get(self) -> crate::decimal::Interval {
        crate::decimal::Interval {
            lo: self.lo.get(),
            hi: self.hi.get(),
        }
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.get(), f)
    }
}

const _: () = assert!(std::mem::size_of::<Packed>() == 13);
const _: () = assert!(std::mem::align_of::<Packed>() == 1);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn round_trips(d: Decimal) {
        let back = Packed::new(d).get();
        assert_eq!(back.serialize(), d.serialize(), "{d} came back as {back}");
    }

    #[test]
    fn edge_values_round_trip_bit_for_bit() {
        for text in [
            "0",
            "-0",
            "-0.00",
            "0.0000000000000000000000000001",
            "611.70",
            "-12.5",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            round_trips(Decimal::from_str(text).unwrap());
        }
        round_trips(Decimal::MAX);
        round_trips(Decimal::MIN);
    }

    #[test]
    fn equal_when_written_the_same_way() {
        let packed = |s: &str| Packed::new(Decimal::from_str(s).unwrap());
        assert_eq!(packed("611.70"), packed("611.70"));
        assert_ne!(packed("611.70"), packed("611.7"));
        assert_ne!(packed("12.5"), packed("-12.5"));
    }

    #[test]
    fn an_interval_keeps_both_ends_as_written() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let interval = crate::decimal::Interval {
            lo: d("611.695"),
            hi: d("-0.00"),
        };
        let back = PackedInterval::new(interval).get();
        assert_eq!(back.lo.serialize(), interval.lo.serialize());
        assert_eq!(back.hi.serialize(), interval.hi.serialize());
    }

    proptest! {
        #[test]
        fn every_decimal_round_trips(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28) {
            round_trips(Decimal::from_parts(lo, mid, hi, negative, scale));
        }
    }
}
