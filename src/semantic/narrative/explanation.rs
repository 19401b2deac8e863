//! How a derived figure was computed, kept as its figures and written out only where it is
//! shown (a hover, a diagnostic, `jslint numbers`): a report derives thousands of figures and
//! shows few, and writing each explanation cost more than deriving its figure.

use std::fmt;

use rust_decimal::Decimal;

use crate::decimal::{Packed, Plain};

/// The figures of an explanation, each as it is shown (already rounded where the explanation
/// rounds it). The derived value itself is the derivation's, and is not repeated here.
#[derive(Debug, Clone, PartialEq)]
pub enum Explanation {
    /// `{value} = {current} − {prior} (prior year, front matter)`, or
    /// `{value} = {prior} (prior year, front matter) − {current}` for a fall.
    ChangeAmount {
        current: Packed,
        prior: Packed,
        down: bool,
    },
    /// `{value}% = {delta} / {prior} (prior year = {base})`.
    ChangeRate {
        delta: Packed,
        prior: Packed,
        base: Base,
    },
    /// `{value}% = {part} / {whole}`: a share or a completion rate.
    Ratio { part: Packed, whole: Whole },
    /// `{total} = {part} + {part} … (其中)`: the total's figure, then the parts'.
    Breakdown(Box<[Packed]>),
}

/// Where a change rate's prior-year figure came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Base {
    /// The front matter's prior-year figures.
    FrontMatter,
    /// This year's figure and the change stated before the rate: `{current} − {change}`, or
    /// `{current} + {change}` for a fall.
    Change {
        current: Packed,
        change: Packed,
        down: bool,
    },
}

/// The whole of a ratio.
#[derive(Debug, Clone, PartialEq)]
pub enum Whole {
    /// A figure of the narrative.
    Figure(Packed),
    /// A figure of the tables that the sentence names: `{value} ({label})`.
    Named { value: Packed, label: Box<str> },
}

impl Explanation {
    /// The explanation written out, with `value` (the derived figure, as shown) first;
    /// `percent` for a rate or share.
    pub fn display(&self, value: Decimal, percent: bool) -> impl fmt::Display + '_ {
        Shown {
            explanation: self,
            value,
            percent,
        }
    }
}

struct Shown<'a> {
    explanation: &'a Explanation,
    value: Decimal,
    percent: bool,
}

fn plain(p: Packed) -> Plain {
    Plain(p.get())
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = if self.percent { "%" } else { "" };
        let value = Plain(self.value);
        match self.explanation {
            Explanation::ChangeAmount {
                current,
                prior,
                down,
            } => {
                let (current, prior) = (plain(*current), plain(*prior));
                if *down {
                    write!(
                        f,
                        "{value}{percent} = {prior} (prior year, front matter) − {current}"
                    )
                } else {
                    write!(
                        f,
                        "{value}{percent} = {current} − {prior} (prior year, front matter)"
                    )
                }
            }
            Explanation::ChangeRate { delta, prior, base } => {
                write!(
                    f,
                    "{value}{percent} = {} / {} (prior year = ",
                    plain(*delta),
                    plain(*prior)
                )?;
                match base {
                    Base::FrontMatter => f.write_str("front matter)"),
                    Base::Change {
                        current,
                        change,
                        down,
                    } => write!(
                        f,
                        "{} {} {})",
                        plain(*current),
                        if *down { "+" } else { "−" },
                        plain(*change)
                    ),
                }
            }
            Explanation::Ratio { part, whole } => {
                write!(f, "{value}{percent} = {} / ", plain(*part))?;
                match whole {
                    Whole::Figure(w) => write!(f, "{}", plain(*w)),
                    Whole::Named { value, label } => write!(f, "{} ({label})", plain(*value)),
                }
            }
            Explanation::Breakdown(figures) => {
                // The total, then its parts (a breakdown has two or more).
                for (i, &p) in figures.iter().enumerate() {
                    let joint = match i {
                        0 => "",
                        1 => " = ",
                        _ => " + ",
                    };
                    write!(f, "{joint}{}", plain(p))?;
                }
                f.write_str(" (其中)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Packed {
        Packed::new(s.parse().expect("a decimal"))
    }

    fn shown(e: &Explanation, value: &str, percent: bool) -> String {
        e.display(value.parse().expect("a decimal"), percent)
            .to_string()
    }

    /// Each shape as the derivations wrote it when they formatted it on the spot.
    #[test]
    fn each_shape_reads_as_before() {
        let amount = |prior, down| Explanation::ChangeAmount {
            current: p("611.70"),
            prior: p(prior),
            down,
        };
        assert_eq!(
            shown(&amount("580.00", false), "31.70", false),
            "31.70 = 611.70 − 580.00 (prior year, front matter)"
        );
        assert_eq!(
            shown(&amount("650.00", true), "38.30", false),
            "38.30 = 650.00 (prior year, front matter) − 611.70"
        );
        let rate = |base| Explanation::ChangeRate {
            delta: p("35005.54"),
            prior: p("208077.83"),
            base,
        };
        assert_eq!(
            shown(&rate(Base::FrontMatter), "16.82", true),
            "16.82% = 35005.54 / 208077.83 (prior year = front matter)"
        );
        let via = Base::Change {
            current: p("243083.37"),
            change: p("35005.54"),
            down: false,
        };
        assert_eq!(
            shown(&rate(via), "16.82", true),
            "16.82% = 35005.54 / 208077.83 (prior year = 243083.37 − 35005.54)"
        );
        let share = Explanation::Ratio {
            part: p("223969.64"),
            whole: Whole::Figure(p("243083.37")),
        };
        assert_eq!(
            shown(&share, "92.14", true),
            "92.14% = 223969.64 / 243083.37"
        );
        let named = Explanation::Ratio {
            part: p("8.26"),
            whole: Whole::Named {
                value: p("443.92"),
                label: "人员经费".into(),
            },
        };
        assert_eq!(
            shown(&named, "1.86", true),
            "1.86% = 8.26 / 443.92 (人员经费)"
        );
        let breakdown = Explanation::Breakdown(vec![p("443.92"), p("435.66"), p("8.26")].into());
        assert_eq!(
            shown(&breakdown, "435.66", false),
            "443.92 = 435.66 + 8.26 (其中)"
        );
    }
}
