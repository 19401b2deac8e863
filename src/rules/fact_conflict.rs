//! ## fact-conflict (JL208)
//!
//! **What it flags.** A fact stated more than once with different values: the number of
//! vehicles given as 9 in one section and 10 in another; the number of projects evaluated
//! against the rows of the annex table that lists them. Which statements are the same fact
//! is data in the profile (`[[fact]]`: a unit and the words that name it).
//!
//! **Why.** Readers cannot tell which of two counts is true; an auditor will ask.
//!
//! **Example.** `公务用车保有量为 10 辆` … `共有车辆 9 辆`.
//!
//! **Fix.** None: only the author knows the right count.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};

pub const META: RuleMeta = RuleMeta {
    code: "JL208",
    name: "fact-conflict",
    summary: "the same fact (a count of vehicles, of projects) stated with different values",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "fact_conflict",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let numbers = &ctx.analysis.model.narrative.numbers;
    for fact in &ctx.analysis.model.narrative.facts {
        let first = &numbers[fact.statements[0]];
        for &s in &fact.statements[1..] {
            let n = &numbers[s];
            if n.number.value != first.number.value {
                let d = sink
                    .diagnostic(
                        n.number.range,
                        format!(
                            "{} is stated as {} here but as {} before",
                            fact.name, n.number.value, first.number.value
                        ),
                    )
                    .with_related(first.number.range, "first stated here")
                    .with_help("make every statement of this figure agree");
                sink.push(d);
            }
        }
        if let Some((count, range, table)) = &fact.table {
            for &s in &fact.statements {
                let n = &numbers[s];
                if n.number.value != *count {
                    let d = sink
                        .diagnostic(
                            n.number.range,
                            format!(
                                "{} is stated as {} but {table} lists {count}",
                                fact.name, n.number.value
                            ),
                        )
                        .with_related(*range, format!("{count} rows"))
                        .with_help("make the narrative and the annex table agree");
                    sink.push(d);
                }
            }
        }
    }
}
