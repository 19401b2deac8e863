//! Go to definition (a narrative number → the cells it states) and find references (a cell →
//! every narrative number that quotes it).

use crate::lsp::documents::Snapshot;
use crate::semantic::narrative::Outcome;
use crate::text::TextRange;

pub fn definition(s: &Snapshot, offset: usize) -> Vec<TextRange> {
    let Some(n) = s
        .analysis
        .model
        .narrative
        .numbers
        .iter()
        .find(|n| n.number.range.touches(offset))
    else {
        return Vec::new();
    };
    match &n.outcome {
        Outcome::Linked(l) => l.cells.to_vec(),
        Outcome::Derived(d) => d.operands.to_vec(),
        _ => Vec::new(),
    }
}

pub fn references(s: &Snapshot, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let model = &s.analysis.model;
    let cell = model
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .find(|c| c.range().touches(offset))
        .map(|c| c.range());
    let Some(cell) = cell else { return Vec::new() };
    let mut out: Vec<TextRange> = model
        .narrative
        .numbers
        .iter()
        .filter(|n| matches!(&n.outcome, Outcome::Linked(l) if l.cells.contains(&cell)))
        .map(|n| n.number.range)
        .collect();
    if include_declaration {
        out.insert(0, cell);
    }
    out
}
