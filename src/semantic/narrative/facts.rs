//! Facts stated more than once (the number of vehicles, the number of projects evaluated):
//! every statement must agree, and with the table that lists them when there is one.

use rust_decimal::Decimal;

use crate::semantic::labels::normalize;
use crate::semantic::narrative::sentences::{Kind, Unit};
use crate::semantic::narrative::{FactStatements, Input, Narrative, Outcome};

pub fn collect(input: &Input<'_>, units: &[Unit], narrative: &mut Narrative) {
    let Some(profile) = input.profile else { return };
    let parts: std::collections::HashSet<usize> = narrative
        .breakdowns
        .iter()
        .flat_map(|b| b.parts.iter().copied())
        .collect();
    for fact in &profile.facts {
        let patterns: Vec<String> = fact.patterns.iter().map(|p| normalize(p)).collect();
        let mut statements = Vec::new();
        let mut index = 0;
        for unit in units {
            for token in &unit.tokens {
                let i = index;
                index += 1;
                // A change of the count (减少 1 辆) is not a statement of it.
                if token.kind != Kind::Count
                    || token.number.unit != Some(fact.unit.as_str())
                    || parts.contains(&i)
                    || crate::semantic::narrative::link::is_change(&token.subject)
                {
                    continue;
                }
                let around = format!("{}{}{}", token.subject, fact.unit, token.after);
                if patterns.iter().any(|p| around.contains(p.as_str())) {
                    statements.push(i);
                }
            }
        }
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
            let table = input.tables.iter().find(|t| t.caption.contains(&caption))?;
            let mut lines: Vec<usize> = table
                .rows
                .iter()
                .filter(|r| r.label.is_some())
                .map(|r| r.line)
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
