//! Applying fixes to a source text: non-overlapping edits, applied back to front.

use crate::diagnostics::{Applicability, Diagnostic, Edit};

/// Applies the fixes of `diagnostics` at or above `min` applicability. Fixes whose edits
/// overlap an already chosen edit are skipped (a later round picks them up). Returns the new
/// text and how many fixes were applied.
pub fn apply(src: &str, diagnostics: &[Diagnostic], min: Applicability) -> (String, usize) {
    let (chosen, applied) = select(diagnostics, min);
    let mut out = src.to_string();
    for e in chosen.iter().rev() {
        out.replace_range(e.range.as_range(), &e.replacement);
    }
    (out, applied)
}

/// The edits of the fixes that can be applied together, sorted by position, and how many
/// fixes they come from.
pub fn select(diagnostics: &[Diagnostic], min: Applicability) -> (Vec<Edit>, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= min)
    {
        let overlaps = fix.edits.iter().any(|e| {
            chosen
                .iter()
                .any(|c| e.range.start < c.range.end && c.range.start < e.range.end)
        });
        if overlaps {
            continue;
        }
        chosen.extend(&fix.edits);
        applied += 1;
    }
    let mut edits: Vec<Edit> = chosen.into_iter().cloned().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    (edits, applied)
}
