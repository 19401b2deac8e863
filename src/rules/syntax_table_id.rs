//! ## table-id (JL004)
//!
//! **What it flags.** A pipe table with no heading carrying `{#id}` right above it, or a
//! table id that another table already uses.
//!
//! **Why.** Identities, references (`#t05:合计:基本支出`) and cross-table checks address tables
//! by id. A table without one is still checked on its own (as `table-N`), but nothing can
//! refer to it.
//!
//! **Example.**
//! ```markdown
//! ### 支出决算表 {#t03 no=公开03表}
//! ```
//!
//! **Fix.** None.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::Severity;
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL004",
    name: "table-id",
    summary: "a table without an id, or an id used twice",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "syntax_table_id",
    check: None,
};
