//! Hover: what a narrative number states and how it was checked; the computed sum of a total
//! cell or a parent code; the documentation of a rule code in a suppression comment.

use rust_decimal::Decimal;

use crate::decimal::{round_to, Agreement, Policy};
use crate::lsp::documents::Snapshot;
use crate::semantic::narrative::{DerivedKind, Outcome, Via};
use crate::semantic::{relations, TableModel};
use crate::syntax::ast::Block;
use crate::text::TextRange;

/// Markdown for the thing at `offset`, with the range it covers.
pub fn hover(s: &Snapshot, offset: usize) -> Option<(TextRange, String)> {
    number(s, offset)
        .or_else(|| cell(s, offset))
        .or_else(|| rule_code(s, offset))
}

fn mark(a: Agreement) -> &'static str {
    match a {
        Agreement::Agrees => "✓ agrees",
        Agreement::NearMiss => "≈ off by one unit beyond rounding",
        Agreement::Disagrees => "✗ does not agree",
    }
}

fn number(s: &Snapshot, offset: usize) -> Option<(TextRange, String)> {
    let n = s
        .analysis
        .model
        .narrative
        .numbers
        .iter()
        .find(|n| n.number.range.touches(offset))?;
    let written = &s.text[n.number.range.as_range()];
    let body = match &n.outcome {
        Outcome::NotAQuantity => return None,
        Outcome::Linked(l) => {
            let via = match l.via {
                Via::Reference => "explicit reference",
                Via::Label => "the labels in the sentence",
                Via::Quantity => "a named quantity of the profile",
                Via::Topic => "the sentence's topic",
                Via::Value => "its value",
            };
            let value = l.value();
            let mut text = format!(
                "**{written}** is linked to {}\n\nvalue: `{value}` — {}\n\nlinked by {via}",
                l.label(&s.analysis.model.tables),
                mark(l.agreement)
            );
            if let Some(c) = &l.computation() {
                text.push_str(&format!("\n\ncomputed: `{c}`"));
            }
            if let Some(slip) = &l.unit_slip() {
                text.push_str(&format!("\n\nunit slip: {slip}"));
            }
            text
        }
        Outcome::Derived(d) => {
            let kind = match d.kind {
                DerivedKind::Share => "share",
                DerivedKind::ChangeRate => "change rate (against the prior year)",
                DerivedKind::ChangeAmount => "change (against the prior year)",
                DerivedKind::CompletionRate => "completion rate",
                DerivedKind::Breakdown => "total or part of a breakdown (其中)",
            };
            let mut text = format!(
                "**{written}** is a {kind}\n\n`{}` — {}",
                d.explanation(),
                mark(d.agreement)
            );
            if let Some(note) = &d.note {
                text.push_str(&format!("\n\n{note}"));
            }
            text
        }
        Outcome::Fact { name } => format!(
            "**{written}** states the fact *{name}*, which must agree wherever it is stated"
        ),
        Outcome::Dangling { reason, .. } => {
            format!("**{written}**: the reference names no cell — {reason}")
        }
        Outcome::Unverified { reason } => format!("**{written}** is unverified: {reason}"),
    };
    Some((n.number.range, body))
}

fn cell(s: &Snapshot, offset: usize) -> Option<(TextRange, String)> {
    let model = &s.analysis.model;
    let table = model.tables.iter().find(|t| t.range.contains(offset))?;
    let (ri, row) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.cells.iter().any(|c| c.range().touches(offset)))?;
    let cell = row.cells.iter().find(|c| c.range().touches(offset))?;
    let mut lines = vec![format!(
        "**{}** `{}` {}: `{}`",
        table.display(),
        row.display(),
        table.column(cell.column()).display(),
        cell.value()
    )];
    let children = relations::code_children(table, ri);
    if !children.is_empty() {
        lines.push(sum_line(
            table,
            "child codes",
            &children,
            cell.column(),
            cell.value(),
            model.rounding,
        ));
    }
    if let Some((_, members)) = relations::total_rows(table)
        .into_iter()
        .find(|(t, _)| *t == ri)
    {
        lines.push(sum_line(
            table,
            "rows it totals",
            &members,
            cell.column(),
            cell.value(),
            model.rounding,
        ));
    }
    for (total, parts) in relations::column_groups(table) {
        if total == cell.column() {
            let values: Vec<(String, Decimal)> = parts
                .iter()
                .filter_map(|&p| {
                    row.cell(p)
                        .map(|c| (table.column(p).label().to_string(), c.value()))
                })
                .collect();
            if !values.is_empty() {
                let sum: Decimal = values.iter().map(|(_, v)| *v).sum();
                let terms: Vec<String> = values.iter().map(|(l, v)| format!("{v} {l}")).collect();
                lines.push(format!(
                    "columns: `{}` = {sum}{}",
                    terms.join(" + "),
                    difference(
                        model.rounding,
                        cell.value(),
                        &values.iter().map(|(_, v)| *v).collect::<Vec<_>>()
                    )
                ));
            }
        }
    }
    let quoted = model
        .narrative
        .numbers
        .iter()
        .filter(|n| matches!(&n.outcome, Outcome::Linked(l) if l.cells.contains(&cell.range())))
        .count();
    if quoted > 0 {
        lines.push(format!(
            "quoted {quoted} time(s) in the narrative (find references)"
        ));
    }
    Some((cell.range(), lines.join("\n\n")))
}

fn sum_line(
    table: &TableModel,
    what: &str,
    rows: &[usize],
    column: usize,
    stated: Decimal,
    policy: Policy,
) -> String {
    let values: Vec<Decimal> = rows
        .iter()
        .filter_map(|&r| table.rows[r].cell(column).map(|c| c.value()))
        .collect();
    let sum: Decimal = values.iter().sum();
    let terms = if values.len() > 8 {
        format!("{} items", values.len())
    } else {
        values
            .iter()
            .map(Decimal::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    };
    format!(
        "sum of the {what}: `{terms}` = **{sum}**{}",
        difference(policy, stated, &values)
    )
}

/// How the stated figure differs from the sum of `parts`, and whether the rounding policy
/// allows the difference (as the arithmetic rules judge it).
fn difference(policy: Policy, stated: Decimal, parts: &[Decimal]) -> String {
    let sum: Decimal = parts.iter().sum();
    if stated == sum {
        return " ✓".into();
    }
    let expected = policy.sum(parts.iter().copied());
    let within = policy.compare(stated, expected) == Agreement::Agrees;
    format!(
        " (difference {}{})",
        round_to(stated - sum, stated.scale()),
        if within { ", within rounding" } else { "" }
    )
}

fn rule_code(s: &Snapshot, offset: usize) -> Option<(TextRange, String)> {
    for block in &s.analysis.parse.document.blocks {
        let Block::Comment(c) = block else { continue };
        let Some(d) = &c.directive else { continue };
        for r in &d.rules {
            if r.touches(offset) {
                let meta = crate::rules::find(&s.text[r.as_range()])?;
                return Some((
                    *r,
                    format!("{}\n\n[{}]({})", meta.doc(), meta.code, meta.url()),
                ));
            }
        }
    }
    None
}
