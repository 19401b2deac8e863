//! Facts stated more than once (the number of vehicles, the number of projects evaluated):
//! every statement must agree, and with the table that lists them when there is one.

use rust_decimal::Decimal;

use crate::semantic::labels::normalize;
use crate::semantic::narrative::sentences::{Kind, Unit};
use crate::semantic::narrative::{FactStatements, Input, Narrative, Outcome};
use crate::semantic::profile::Profile;

/// Gathers the statements of each fact of the profile, one unit at a time.
pub struct Collector {
    profile: Option<&'static Profile>,
    /// Per fact of the profile: its normalised patterns and the numbers that state it.
    facts: Vec<(Vec<String>, Vec<usize>)>,
}

impl Collector {
    pub fn new(input: &Input<'_>) -> Collector {
        let facts = input.profile.map_or_else(Vec::new, |profile| {
            profile
                .facts
                .iter()
                .map(|fact| {
                    let patterns = fact
                        .patterns
                        .iter()
                        .map(|p| normalize(p).into_owned())
                        .collect();
                    (patterns, Vec::new())
                })
                .collect()
        });
        Collector {
            profile: input.profile,
            facts,
        }
    }

    /// Looks at the unit whose first number is `narrative.numbers[start]`, once its links
    /// and derivations are made.
    pub fn add(&mut self, src: &str, unit: &Unit, start: usize, narrative: &Narrative) {
        let Some(profile) = self.profile else { return };
        // Parts of this unit's breakdowns (其中 …) restate a total's items, not the fact.
        let parts: std::collections::HashSet<usize> = narrative
            .breakdowns
            .iter()
            .rev()
            .take_while(|b| b.total >= start)
            .flat_map(|b| b.parts.iter().copied())
            .collect();
        for (offset, token) in unit.tokens.iter().enumerate() {
            let i = start + offset;
            // A change of the count (减少 1 辆) is not a statement of it.
            if token.kind != Kind::Count || parts.contains(&i) || token.change {
                continue;
            }
            // Normalised once, for the first fact counted in the token's unit.
            let mut after = None;
            for (fact, (patterns, statements)) in profile.facts.iter().zip(self.facts.iter_mut()) {
                if token.number.unit() != Some(fact.unit.as_str()) {
                    continue;
                }
                let after = after.get_or_insert_with(|| normalize(&src[token.after.as_range()]));
                let around = format!("{}{}{after}", token.subject, fact.unit);
                if patterns.iter().any(|p| around.contains(p.as_str())) {
                    statements.push(i);
                }
            }
        }
    }

    /// Takes the statements an earlier analysis found among its numbers `from`, which are
    /// `start..` now (a unit it reused: its statements depend on the unit alone).
    pub fn add_earlier(
        &mut self,
        earlier: &[FactStatements],
        from: std::ops::Range<usize>,
        start: usize,
    ) {
        let Some(profile) = self.profile else { return };
        for (fact, (_, statements)) in profile.facts.iter().zip(self.facts.iter_mut()) {
            let Some(old) = earlier.iter().find(|f| f.name == fact.name) else {
                continue;
            };
            let lo = old.statements.partition_point(|&i| i < from.start);
            let hi = old.statements.partition_point(|&i| i < from.end);
            statements.extend(
                old.statements[lo..hi]
                    .iter()
                    .map(|&i| i - from.start + start),
            );
        }
    }

    /// Marks the statements and records each fact stated at least once.
    pub fn finish(self, input: &Input<'_>, narrative: &mut Narrative) {
        let Some(profile) = self.profile else { return };
        for (fact, (_, statements)) in profile.facts.iter().zip(self.facts) {
            if statements.is_empty() {
                continue;
            }
            for &i in &statements {
                if matches!(narrative.numbers[i].outcome, Outcome::Unverified { .. }) {
                    narrative.numbers[i].outcome = Outcome::Fact {
                        name: fact.name.clone(),
                    };
                }
            }
            let table = fact.rows_of.as_ref().and_then(|caption| {
                let caption = normalize(caption);
                let table = input
                    .tables
                    .iter()
                    .find(|t| t.caption.contains(&*caption))?;
                let mut lines: Vec<usize> = table
                    .rows
                    .iter()
                    .filter(|r| r.label().is_some())
                    .map(|r| r.line())
                    .collect();
                lines.dedup();
                Some((
                    Decimal::from(lines.len()),
                    table.caption_range.unwrap_or(table.range),
                    table.display(),
                ))
            });
            narrative.facts.push(FactStatements {
                name: fact.name.clone(),
                statements,
                table,
            });
        }
    }
}
