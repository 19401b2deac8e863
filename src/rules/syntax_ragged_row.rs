//! ## ragged-row (JL001)
//!
//! **What it flags.** A table row (or the `|---|` delimiter row) whose number of cells differs
//! from the table's first row.
//!
//! **Why.** Cells are addressed by column; a missing or extra cell shifts every value after it
//! into the wrong column, so totals and cross-table checks would compare the wrong figures.
//!
//! **Example.**
//! ```markdown
//! | 科目代码 | 科目名称 | 小计 |
//! |---|---|---|
//! | 201 | 一般公共服务支出 | 519.87 | 0.00 |   <- 4 cells, header has 3
//! ```
//!
//! **Fix.** None: only the author knows which cell is extra. Pad empty cells with `| |`.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::Severity;
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL001",
    name: "ragged-row",
    summary: "a table row with a different number of cells than the header",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "syntax_ragged_row",
    check: None,
};
