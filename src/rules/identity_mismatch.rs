//! ## identity-mismatch (JL104)
//!
//! **What it flags.** An identity between cells that does not hold: the same figure in two
//! tables (公开01表 本年收入合计 = 公开02表 合计), a balance (收入总计 = 本年收入合计 + 使用非财政拨款
//! 结余 + 年初结转和结余 = 支出总计), a per-类 agreement (公开04表 一般公共预算财政拨款 = 公开05表
//! 小计), and every identity the report declares under `identities:` in its front matter.
//! The standard set comes from the report's profile (`profile: final-accounts`), which is
//! data (`src/profiles/final-accounts.toml`), not code. Identities whose cells a report does
//! not have are skipped; a declared identity that names a missing table is reported.
//!
//! **Why.** The nine tables restate the same figures from different angles; when they
//! disagree, at least one is wrong, and readers cannot tell which.
//!
//! **Rounding.** The same figure repeated at the same precision must match exactly; a sum
//! agrees when the rounding intervals of its parts can meet the stated figure.
//!
//! **Example.**
//! ```markdown
//! ---
//! identities:
//!   - t02[合计, 1] = t03[合计, 1]
//! ---
//! ```
//!
//! **Fix.** Unsafe: replace the first side's cell with the other side's value.

use crate::decimal::{round_to, Agreement};
use crate::diagnostics::{Applicability, Severity};
use crate::rules::arith::{formula, terms_interval, Part};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::eval::{instances, Operand};
use crate::semantic::expr::{parse_identity, Identity};
use crate::semantic::TableModel;
use crate::text::TextRange;

pub const META: RuleMeta = RuleMeta {
    code: "JL104",
    name: "identity-mismatch",
    summary: "two tables (or both sides of a balance) that state different figures",
    severity: Severity::Error,
    fix: FixKind::Sometimes(Applicability::Unsafe),
    module: "identity_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = &ctx.analysis.model;
    if let Some(profile) = model.profile() {
        for named in &profile.identities {
            check_identity(ctx, sink, &named.identity, &named.name, None);
        }
    }
    for text in &ctx.config.identities {
        if let Ok(identity) = parse_identity(text) {
            check_identity(ctx, sink, &identity, &format!("{text} (jslint.toml)"), None);
        }
    }
    for (text, range) in &model.meta.identities {
        match parse_identity(text) {
            Ok(identity) => {
                let missing = identity
                    .sides
                    .iter()
                    .flat_map(|s| &s.terms)
                    .filter_map(|(_, t)| match t {
                        crate::semantic::expr::Term::Ref(r) if model.table(&r.table).is_none() => {
                            Some(r.table.clone())
                        }
                        _ => None,
                    })
                    .next();
                if let Some(table) = missing {
                    let d = sink.diagnostic(*range, format!("identity `{text}` names table `{table}`, which the report does not have"));
                    sink.push(d);
                    continue;
                }
                check_identity(ctx, sink, &identity, text, Some(*range));
            }
            Err(e) => {
                let d = sink.diagnostic(*range, format!("identity `{text}`: {e}"));
                sink.push(d);
            }
        }
    }
}

/// The operands as parts of a sum, labelled: made for a mismatch only.
fn parts(operands: &[Operand], tables: &[TableModel]) -> Vec<Part> {
    operands
        .iter()
        .map(|o| Part {
            value: o.value,
            range: o.range.unwrap_or_default(),
            label: o.label(tables).into_owned(),
            negative: o.negative,
        })
        .collect()
}

fn check_identity(
    ctx: &Context<'_>,
    sink: &mut Sink<'_>,
    identity: &Identity,
    name: &str,
    declared: Option<TextRange>,
) {
    let tables = &ctx.analysis.model.tables;
    for instance in instances(tables, identity) {
        let first = &instance.sides[0];
        let [stated] = first.as_slice() else { continue };
        let Some(stated_range) = stated.range else {
            continue;
        };
        for other in &instance.sides[1..] {
            let agreement = match other.as_slice() {
                [single] if !single.negative => {
                    ctx.policy().compare_same(stated.value, single.value)
                }
                _ => ctx.policy().compare(
                    stated.value,
                    terms_interval(ctx.policy(), other.iter().map(|o| (o.value, o.negative))),
                ),
            };
            if agreement == Agreement::Agrees {
                continue;
            }
            // One cell is shown as written; a sum at the stated figure's precision.
            let expected = match other.as_slice() {
                [single] if !single.negative => single.value,
                _ => round_to(
                    other
                        .iter()
                        .map(|o| if o.negative { -o.value } else { o.value })
                        .sum(),
                    stated.value.scale(),
                ),
            };
            let computation = if other.len() == 1 {
                String::new()
            } else {
                format!(" (= {})", formula(&parts(other, tables)))
            };
            let near = if agreement == Agreement::NearMiss {
                " (off by one unit in the last place: check the rounding)"
            } else {
                ""
            };
            let mut d = sink.diagnostic(
                stated_range,
                format!(
                    "{} is {} but {} is {}{computation}{near}",
                    stated.label(tables),
                    stated.value,
                    other
                        .iter()
                        .map(|o| o.label(tables))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    expected
                ),
            );
            if agreement == Agreement::NearMiss {
                d.severity = d.severity.min(Severity::Warning);
            }
            for o in other.iter().filter(|o| o.range.is_some()) {
                d = d.with_related(
                    o.range.expect("filtered"),
                    format!("{} {}", o.label(tables), o.value),
                );
            }
            if let Some(r) = declared {
                d = d.with_related(r, "declared here");
            }
            let d = d
                .with_help(format!("identity: {name}; one of the tables is wrong"))
                .with_replacement(Applicability::Unsafe, expected.to_string());
            sink.push(d);
        }
    }
}
