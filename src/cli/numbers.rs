//! `jslint numbers FILE`: what jslint made of every number in the narrative — the cell or
//! computation it states, or why it could not be traced. Coverage as a report.

use std::io::Write;
use std::path::Path;

use crate::cli::{exit, files};
use crate::decimal::Agreement;
use crate::semantic::narrative::{Outcome, Via};
use crate::text::{ColumnUnit, LineIndex};

pub fn run(path: &Path) -> i32 {
    let src = match files::read(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return exit::USAGE;
        }
    };
    // The configuration decides the profile and the rounding policy, as for `check`.
    let options = match crate::config::Config::discover(path) {
        Ok(config) => config.unwrap_or_default().analysis_options(),
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    let analysis = crate::analyze_with(&src, &options);
    let index = LineIndex::new(&src);
    let mut out = std::io::stdout().lock();
    let written = (|| -> std::io::Result<()> {
        for n in &analysis.model.narrative.numbers {
            if n.outcome == Outcome::NotAQuantity {
                continue;
            }
            let lc = index.line_col(&src, n.number.range.start as usize, ColumnUnit::Char);
            let text = &src[n.number.range.as_range()];
            writeln!(
                out,
                "{}:{}:{}  {text}  {}",
                path.display(),
                lc.line + 1,
                lc.col + 1,
                describe(&n.outcome, &analysis.model.tables)
            )?;
        }
        writeln!(out, "{}", analysis.model.coverage().summary_line())
    })();
    match written {
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write output: {e}");
            exit::USAGE
        }
        _ => exit::CLEAN,
    }
}

pub fn describe(outcome: &Outcome, tables: &[crate::semantic::TableModel]) -> String {
    let mark = |a: Agreement| match a {
        Agreement::Agrees => "ok",
        Agreement::NearMiss => "NEAR MISS",
        Agreement::Disagrees => "MISMATCH",
    };
    match outcome {
        Outcome::NotAQuantity => "not a quantity".into(),
        Outcome::Linked(l) => {
            let via = match l.via {
                Via::Reference => "reference",
                Via::Label => "label",
                Via::Quantity => "quantity",
                Via::Topic => "topic",
                Via::Value => "value",
            };
            let value = l.value().to_string();
            let computation = l
                .computation()
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            format!(
                "linked ({via}) to {} = {value}{computation} [{}]",
                l.label(tables),
                mark(l.agreement)
            )
        }
        Outcome::Derived(d) => {
            let note = d
                .note
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            format!(
                "derived {:?}: {} [{}]{note}",
                d.kind,
                d.explanation(),
                mark(d.agreement)
            )
        }
        Outcome::Fact { name } => format!("fact `{name}`"),
        Outcome::Dangling { reason, .. } => format!("dangling reference: {reason}"),
        Outcome::Unverified { reason } => format!("unverified: {reason}"),
    }
}
