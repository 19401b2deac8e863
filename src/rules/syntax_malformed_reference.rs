//! ## malformed-reference (JL006)
//!
//! **What it flags.** A link whose target starts with `#` and contains `:` but does not have
//! the three parts of a cell address, `#TABLE:ROW:COLUMN`.
//!
//! **Example.** `[605.00](#t05:合计)` → `[605.00](#t05:合计:基本支出)`.
//!
//! **Fix.** None.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::Severity;
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL006",
    name: "malformed-reference",
    summary: "a cell reference that is not #TABLE:ROW:COLUMN",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "syntax_malformed_reference",
    check: None,
};
