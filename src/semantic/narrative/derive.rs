//! Derived figures: shares (占 x%), changes against the prior year (增加/减少 x 万元，增长/下降
//! y%), completion rates (完成预算的 x%), the parts listed after 其中, and shares of one whole
//! that must add up to 100%.

use rust_decimal::Decimal;

use crate::decimal::{round_to, Agreement, Interval, Packed, PackedInterval, Plain, Policy};
use crate::semantic::labels::normalize;
use crate::semantic::narrative::explanation::{Base, Explanation, Whole};
use crate::semantic::narrative::link::{factor, is_budget, is_change, resolve_phrase};
use crate::semantic::narrative::sentences::{Kind, Unit};
use crate::semantic::narrative::{
    Breakdown, Derivation, DerivedKind, Input, Narrative, Outcome, ShareGroup,
};
use crate::text::holds;

const DECREASE: &[&str] = &["减少", "下降", "降低"];

/// How many figures back a derivation looks for its operands: a sentence quotes its figures
/// close together, and a bound keeps a paragraph of thousands of numbers linear.
const WINDOW: usize = 48;

struct View<'a> {
    unit: &'a Unit,
    start: usize,
    policy: Policy,
    /// [`changed_figure`]'s answers for the changes asked about so far: a change amount and
    /// the rate after it (`增加 x 万元，增长 y%`) both ask for the amount's.
    changed: std::cell::RefCell<Vec<(usize, Option<usize>)>>,
}

impl View<'_> {
    fn token(&self, k: usize) -> &crate::semantic::narrative::sentences::Token {
        &self.unit.tokens[k]
    }

    /// A level amount (not a change), in 万元.
    fn level(&self, k: usize) -> Option<Decimal> {
        let t = self.token(k);
        self.is_level(k).then(|| t.number.value * factor(t.kind))
    }

    /// Whether token `k` is a level amount ([`View::level`] without the value, which costs a
    /// multiplication: the searches for operands ask it of every token in their window).
    fn is_level(&self, k: usize) -> bool {
        let t = self.token(k);
        matches!(t.kind, Kind::Amount(_)) && !t.change
    }

    /// Any amount (a level or a change), in 万元.
    fn level_or_change(&self, k: usize) -> Decimal {
        let t = self.token(k);
        t.number.value * factor(t.kind)
    }

    fn interval(&self, k: usize) -> Interval {
        let t = self.token(k);
        self.policy.rounded(t.number.value).scale_by(factor(t.kind))
    }

    /// The figure as written, for a note.
    fn text(&self, k: usize) -> Plain {
        Plain(self.token(k).number.value)
    }

    /// The figure as written, for an explanation.
    fn figure(&self, k: usize) -> Packed {
        Packed::new(self.token(k).number.value)
    }
}

pub fn derive_unit(input: &Input<'_>, unit: &Unit, start: usize, narrative: &mut Narrative) {
    let view = View {
        unit,
        start,
        policy: input.policy,
        changed: Default::default(),
    };
    let mut share_wholes: Vec<(usize, usize, usize)> = Vec::new(); // (share, whole, sentence)
    for k in 0..unit.tokens.len() {
        let t = view.token(k);
        let outcome = match t.kind {
            Kind::Amount(_) if t.change => change_amount(input, &view, narrative, k),
            Kind::Percent if t.change => change_rate(input, &view, narrative, k),
            Kind::Percent if holds(&t.subject, "完成") || holds(&t.subject, "执行率") => {
                completion(&view, k)
            }
            Kind::Percent if t.subject.contains('占') => {
                share(input, &view, narrative, k).map(|(whole, _, o)| {
                    if let Some(whole) = whole {
                        share_wholes.push((k, whole, t.sentence));
                    }
                    o
                })
            }
            _ => None,
        };
        if let Some(o) = outcome {
            narrative.numbers[start + k].outcome = o;
        }
    }
    share_groups(&view, &share_wholes, narrative);
    breakdowns(&view, narrative);
}

/// A derivation: `exact` is the value computed from the figures as written (shown and
/// offered as the fix), `expected` the interval their rounding allows (used to compare).
fn derivation(
    policy: Policy,
    kind: DerivedKind,
    stated: Decimal,
    expected: Interval,
    exact: Decimal,
    explanation: Explanation,
    operands: Vec<crate::text::TextRange>,
) -> Derivation {
    let value = round_to(exact, stated.scale());
    Derivation {
        kind,
        expected: PackedInterval::new(expected),
        value: Packed::new(value),
        explanation: std::sync::Arc::new(explanation),
        operands: operands.into_boxed_slice(),
        agreement: policy.compare(stated, expected),
        note: None,
    }
}

/// `v` rounded to `scale` decimals, for a note.
fn shown(v: Decimal, scale: u32) -> Plain {
    Plain(round_to(v, scale))
}

/// `v` rounded to `scale` decimals, for an explanation.
fn rounded(v: Decimal, scale: u32) -> Packed {
    Packed::new(round_to(v, scale))
}

/// `a / b × 100`, or `None` when `b` is zero.
fn percent_of(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b).map(|q| q * Decimal::ONE_HUNDRED)
}

/// The nearest level amount before `k` (in the unit), with its index.
fn previous_level(view: &View<'_>, k: usize, same_sentence: bool) -> Option<usize> {
    let sentence = view.token(k).sentence;
    (k.saturating_sub(WINDOW)..k)
        .rev()
        .find(|&j| view.is_level(j) && (!same_sentence || view.token(j).sentence == sentence))
}

/// The figure a change is a change of: among the level amounts before it, the one whose
/// subject shares most with the change's subject (`支出合计增加` → `支出合计`), else the nearest.
/// Asked once per change ([`View::changed`] keeps the answers).
fn changed_figure(view: &View<'_>, change: usize) -> Option<usize> {
    if let Some(&(_, found)) = view.changed.borrow().iter().find(|(c, _)| *c == change) {
        return found;
    }
    let found = find_changed_figure(view, change);
    view.changed.borrow_mut().push((change, found));
    found
}

fn find_changed_figure(view: &View<'_>, change: usize) -> Option<usize> {
    let core = crate::semantic::labels::without_words(
        &view.token(change).subject,
        crate::semantic::narrative::link::CHANGE_WORDS
            .iter()
            .chain(&["各", "均", "比", "较", "与上年度相比", "上年", "了"])
            .copied(),
    );
    // A change of the actual figure is not a change of the budget stated before it.
    let budget = view.token(change).budget;
    let candidates: Vec<usize> = (change.saturating_sub(WINDOW)..change)
        .rev()
        .filter(|&j| view.is_level(j) && view.token(j).budget == budget)
        .collect();
    let best = candidates
        .iter()
        .map(|&j| {
            (
                crate::semantic::labels::longest_common_substring(&core, &view.token(j).subject),
                j,
            )
        })
        .filter(|(common, _)| *common >= 2)
        .max_by_key(|(common, j)| (*common, *j));
    best.map(|(_, j)| j).or_else(|| candidates.first().copied())
}

/// The prior-year figure from the front matter whose name the subject mentions.
fn prior_for(
    input: &Input<'_>,
    narrative: &Narrative,
    view: &View<'_>,
    current: usize,
) -> Option<Decimal> {
    if input.meta.prior.is_empty() {
        return None;
    }
    // Quotes and enumeration commas are not part of a name: “三公”经费 is 三公经费.
    let fold = |s: &str| normalize(s).replace(['、', '"'], "");
    let subject = fold(&view.token(current).subject);
    let linked = match &narrative.numbers[view.start + current].outcome {
        Outcome::Linked(l) => fold(&l.label(input.tables)),
        _ => String::new(),
    };
    input
        .meta
        .prior
        .iter()
        .filter(|(name, _, _)| {
            let n = fold(name);
            !n.is_empty() && (holds(&subject, &n) || holds(&linked, &n))
        })
        .max_by_key(|(name, _, _)| name.chars().count())
        .map(|(_, v, _)| *v)
}

fn decreasing(subject: &str) -> bool {
    let s = subject.trim_end_matches(['了', '为']);
    DECREASE.iter().any(|w| s.ends_with(w))
}

/// `增加/减少 x 万元` against the front matter's prior-year figure.
fn change_amount(
    input: &Input<'_>,
    view: &View<'_>,
    narrative: &Narrative,
    k: usize,
) -> Option<Outcome> {
    let current = changed_figure(view, k)?;
    let prior = prior_for(input, narrative, view, current)?;
    let down = decreasing(&view.token(k).subject);
    let f = factor(view.token(k).kind);
    let cur_value = view.level(current)?;
    // The change is this year minus the prior year (the prior minus this year for a fall).
    let (exact, iv) = if down {
        (
            prior - cur_value,
            view.policy.rounded(prior).minus(view.interval(current)),
        )
    } else {
        (
            cur_value - prior,
            view.interval(current).minus(view.policy.rounded(prior)),
        )
    };
    let expected = Interval {
        lo: iv.lo / f,
        hi: iv.hi / f,
    };
    let stated = view.token(k).number.value;
    let explanation = Explanation::ChangeAmount {
        current: view.figure(current),
        prior: Packed::new(prior),
        down,
    };
    let d = derivation(
        view.policy,
        DerivedKind::ChangeAmount,
        stated,
        expected,
        exact / f,
        explanation,
        vec![view.token(current).number.range],
    );
    Some(Outcome::Derived(d))
}

/// `增长/下降 y%`: the change over the prior year's figure. The prior year comes from the
/// front matter when it names one; otherwise it is this year's figure ∓ the stated change.
fn change_rate(
    input: &Input<'_>,
    view: &View<'_>,
    narrative: &Narrative,
    k: usize,
) -> Option<Outcome> {
    let sentence = view.token(k).sentence;
    let delta = (k.saturating_sub(WINDOW)..k).rev().find(|&j| {
        view.token(j).sentence == sentence
            && matches!(view.token(j).kind, Kind::Amount(_))
            && view.token(j).change
    });
    let current = changed_figure(view, delta.unwrap_or(k))?;
    let cur = view.interval(current);
    let cur_value = view.level(current)?;
    let down = decreasing(&view.token(k).subject);
    let prior_stated = prior_for(input, narrative, view, current);
    let (delta_iv, delta_value, prior_iv, prior_value, base) = match (prior_stated, delta) {
        (Some(p), _) => {
            let p_iv = view.policy.rounded(p);
            let (d_iv, d) = if down {
                (p_iv.minus(cur), p - cur_value)
            } else {
                (cur.minus(p_iv), cur_value - p)
            };
            (d_iv, d, p_iv, p, Base::FrontMatter)
        }
        (None, Some(d)) => {
            let d_iv = view.interval(d);
            let d_value = view.level_or_change(d);
            let (prior_iv, prior) = if down {
                (cur.plus(d_iv), cur_value + d_value)
            } else {
                (cur.minus(d_iv), cur_value - d_value)
            };
            (
                d_iv,
                d_value,
                prior_iv,
                prior,
                Base::Change {
                    current: view.figure(current),
                    change: view.figure(d),
                    down,
                },
            )
        }
        (None, None) => return None,
    };
    let expected = delta_iv
        .divided_by(prior_iv)?
        .scale_by(Decimal::ONE_HUNDRED);
    let exact = percent_of(delta_value, prior_value)?;
    let stated = view.token(k).number.value;
    let scale = view.token(current).number.value.scale();
    let explanation = Explanation::ChangeRate {
        delta: rounded(delta_value, scale),
        prior: rounded(prior_value, scale),
        base,
    };
    let mut operands = vec![view.token(current).number.range];
    if let Some(d) = delta {
        operands.push(view.token(d).number.range);
    }
    let mut d = derivation(
        view.policy,
        DerivedKind::ChangeRate,
        stated,
        expected,
        exact,
        explanation,
        operands,
    );
    if d.agreement != Agreement::Agrees {
        if let Some(on_current) = delta_iv
            .divided_by(cur)
            .map(|i| i.scale_by(Decimal::ONE_HUNDRED))
        {
            if view.policy.compare(stated, on_current) == Agreement::Agrees {
                d.note = Some(format!(
                    "{stated}% is {} / {}, the change over the current year's figure; the base must be the prior year's figure {}",
                    shown(delta_value, scale),
                    view.text(current),
                    shown(prior_value, scale)
                ).into());
            }
        }
    }
    Some(Outcome::Derived(d))
}

fn completion(view: &View<'_>, k: usize) -> Option<Outcome> {
    let sentence = view.token(k).sentence;
    let before: Vec<usize> = (k.saturating_sub(WINDOW)..k)
        .rev()
        .filter(|&j| view.token(j).sentence == sentence && view.is_level(j))
        .collect();
    let numerator = *before.iter().find(|&&j| !view.token(j).budget)?;
    let denominator = *before.iter().find(|&&j| view.token(j).budget)?;
    let expected = view
        .interval(numerator)
        .divided_by(view.interval(denominator))?
        .scale_by(Decimal::ONE_HUNDRED);
    let exact = percent_of(view.level(numerator)?, view.level(denominator)?)?;
    let stated = view.token(k).number.value;
    let explanation = Explanation::Ratio {
        part: view.figure(numerator),
        whole: Whole::Figure(view.figure(denominator)),
    };
    let operands = vec![
        view.token(numerator).number.range,
        view.token(denominator).number.range,
    ];
    Some(Outcome::Derived(derivation(
        view.policy,
        DerivedKind::CompletionRate,
        stated,
        expected,
        exact,
        explanation,
        operands,
    )))
}

/// Returns (whole, part, outcome).
fn share(
    input: &Input<'_>,
    view: &View<'_>,
    narrative: &Narrative,
    k: usize,
) -> Option<(Option<usize>, usize, Outcome)> {
    let t = view.token(k);
    let part = previous_level(view, k, true)?;
    let part_value = view.level(part)?;
    let after_zhan = t.subject.rsplit('占').next().unwrap_or("");
    let phrase = crate::text::trim_end_word(
        crate::text::trim_end_word(after_zhan.trim_end_matches(['的', '为']), "比重"),
        "比例",
    )
    .trim_end_matches('的');
    // An amount that has a share of its own is a part, never the whole.
    let is_part = |j: usize| {
        view.unit.tokens.get(j + 1).is_some_and(|n| {
            n.kind == Kind::Percent
                && n.subject.contains('占')
                && n.sentence == view.token(j).sentence
        })
    };
    let earlier = |j: usize| j != part && view.is_level(j);
    let whole: Option<usize> = if phrase.chars().nth(1).is_some() {
        (k.saturating_sub(WINDOW)..k).rev().find(|&j| earlier(j) && holds(&view.token(j).subject, phrase)).or_else(|| {
            (k.saturating_sub(WINDOW)..k).rev().find(|&j| earlier(j) && matches!(&narrative.numbers[view.start + j].outcome, Outcome::Linked(l) if normalize(&l.label(input.tables)).contains(phrase)))
        })
    } else {
        let sentence = t.sentence;
        (part.saturating_sub(WINDOW)..part)
            .find(|&j| {
                view.token(j).sentence == sentence
                    && !is_part(j)
                    && view.level(j).is_some_and(|v| v >= part_value)
            })
            .or_else(|| {
                (part.saturating_sub(WINDOW)..part).rev().find(|&j| {
                    view.token(j).sentence < sentence
                        && !is_part(j)
                        && view.level(j).is_some_and(|v| v >= part_value)
                })
            })
    };
    let (whole_iv, whole_value, whole_figure, whole_ranges) = match whole {
        Some(w) => (
            view.interval(w),
            view.level(w)?,
            Whole::Figure(view.figure(w)),
            vec![view.token(w).number.range],
        ),
        None if phrase.chars().nth(1).is_some() => {
            let (iv, label, cells) = resolve_phrase(
                input,
                phrase,
                &view.unit.section_tables,
                view.unit.tables_before,
            )?;
            (
                iv,
                iv.mid(),
                Whole::Named {
                    value: rounded(iv.mid(), 2),
                    label: label.into(),
                },
                cells,
            )
        }
        // The whole stated in the paragraph before (`…支出决算为 8.80 万元。` then the shares).
        None => {
            let earlier = &narrative.numbers[view.start.saturating_sub(12)..view.start];
            let (found, value) = earlier.iter().rev().find_map(|n| {
                let level = matches!(n.kind, Kind::Amount(_))
                    && !is_change(&n.subject)
                    && !is_budget(&n.subject);
                let v = n.number.value * factor(n.kind);
                (level && v >= part_value && !v.is_zero()).then_some((n, v))
            })?;
            (
                view.policy
                    .rounded(found.number.value)
                    .scale_by(factor(found.kind)),
                value,
                Whole::Figure(Packed::new(found.number.value)),
                vec![found.number.range],
            )
        }
    };
    let expected = view
        .interval(part)
        .divided_by(whole_iv)?
        .scale_by(Decimal::ONE_HUNDRED);
    let exact = percent_of(part_value, whole_value)?;
    let stated = t.number.value;
    let explanation = Explanation::Ratio {
        part: view.figure(part),
        whole: whole_figure,
    };
    let mut operands = vec![view.token(part).number.range];
    operands.extend(whole_ranges);
    Some((
        whole,
        part,
        Outcome::Derived(derivation(
            view.policy,
            DerivedKind::Share,
            stated,
            expected,
            exact,
            explanation,
            operands,
        )),
    ))
}

fn share_groups(view: &View<'_>, shares: &[(usize, usize, usize)], narrative: &mut Narrative) {
    // Shares of one whole in one sentence, grouped in one pass, in order of appearance.
    let mut groups: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    let mut at: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for &(share, whole, sentence) in shares {
        match at.get(&(whole, sentence)) {
            Some(&g) => groups[g].1.push(share),
            None => {
                at.insert((whole, sentence), groups.len());
                groups.push(((whole, sentence), vec![share]));
            }
        }
    }
    for ((whole, _), members) in groups {
        if members.len() < 2 {
            continue;
        }
        // The parts: the amount each share is of.
        let parts: Vec<usize> = members
            .iter()
            .filter_map(|&m| previous_level(view, m, true))
            .collect();
        let sum = parts
            .iter()
            .fold(Interval::exact(Decimal::ZERO), |acc, &p| {
                acc.plus(view.interval(p))
            });
        let complete = sum.meets(view.interval(whole));
        narrative.share_groups.push(ShareGroup {
            shares: members.iter().map(|m| view.start + m).collect(),
            complete,
        });
    }
}

fn breakdowns(view: &View<'_>, narrative: &mut Narrative) {
    for &q in &view.unit.qizhong {
        let tokens = &view.unit.tokens;
        // Tokens are in text order: binary search the 其中 marker's place.
        let split = tokens.partition_point(|t| (t.number.range.end as usize) <= q);
        let Some(total) = (split.saturating_sub(WINDOW)..split)
            .rev()
            .find(|&j| (tokens[j].number.range.end as usize) <= q && is_total_like(view, j))
        else {
            continue;
        };
        let Some(first) =
            (split..tokens.len()).find(|&j| tokens[j].number.range.start as usize > q)
        else {
            continue;
        };
        let sentence = tokens[first].sentence;
        let parts: Vec<usize> = (first..tokens.len().min(first + WINDOW))
            .filter(|&j| tokens[j].sentence == sentence && same_class(view, total, j))
            .collect();
        if parts.len() >= 2 {
            let value = |j: usize| view.token(j).number.value * factor(view.token(j).kind);
            let sum: Decimal = parts.iter().map(|&p| value(p)).sum();
            // The total, then the parts.
            let explanation = std::sync::Arc::new(Explanation::Breakdown(
                std::iter::once(total)
                    .chain(parts.iter().copied())
                    .map(|j| view.figure(j))
                    .collect(),
            ));
            let operands: Box<[crate::text::TextRange]> =
                parts.iter().map(|&p| view.token(p).number.range).collect();
            // The parts and the total are traced: breakdown-mismatch checks their sum.
            for &j in parts.iter().chain(std::iter::once(&total)) {
                let slot = &mut narrative.numbers[view.start + j].outcome;
                if matches!(slot, Outcome::Unverified { .. }) {
                    let own = view.token(j).number.value;
                    *slot = Outcome::Derived(Derivation {
                        kind: DerivedKind::Breakdown,
                        expected: PackedInterval::new(view.policy.rounded(own)),
                        value: Packed::new(own),
                        explanation: std::sync::Arc::clone(&explanation),
                        operands: operands.clone(),
                        agreement: if j == total {
                            view.policy
                                .compare(own, Interval::exact(sum / factor(view.token(j).kind)))
                        } else {
                            Agreement::Agrees
                        },
                        note: None,
                    });
                }
            }
            narrative.breakdowns.push(Breakdown {
                total: view.start + total,
                parts: parts.iter().map(|p| view.start + p).collect(),
            });
        }
    }
}

fn is_total_like(view: &View<'_>, j: usize) -> bool {
    view.is_level(j) || view.token(j).kind == Kind::Count
}

fn same_class(view: &View<'_>, total: usize, j: usize) -> bool {
    let (a, b) = (view.token(total), view.token(j));
    match (a.kind, b.kind) {
        (Kind::Amount(_), Kind::Amount(_)) => view.is_level(j),
        (Kind::Count, Kind::Count) => a.number.unit() == b.number.unit(),
        _ => false,
    }
}
