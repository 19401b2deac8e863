//! Renderers: diagnostics of many files into text for people or for machines. Only this
//! module knows codespan-reporting and the JSON output shapes.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diagnostics::Diagnostic;
use crate::text::LineIndex;

/// One checked file: its name, text and diagnostics.
pub struct FileReport<'a> {
    pub path: &'a str,
    pub src: &'a str,
    pub diagnostics: &'a [Diagnostic],
    pub stats: Option<crate::semantic::Coverage>,
}

/// 1-based line and 1-based column in Unicode scalar values, as the JSON output counts.
pub fn line_col_1(index: &LineIndex, src: &str, offset: usize) -> (u32, u32) {
    let lc = index.line_col(src, offset, crate::text::ColumnUnit::Char);
    (lc.line + 1, lc.col + 1)
}
