//! ## malformed-number (JL002)
//!
//! **What it flags.** A run of digits that is not one number: two decimal points
//! (`35.36.00`), or more digits than can be represented exactly.
//!
//! **Why.** The figure cannot be compared with anything; a reader cannot tell which value
//! was meant. The seed report has `支出决算为 35.36.00 万元`.
//!
//! **Example.** `年初预算为 35.36 万元，支出决算为 35.36.00 万元` → `35.36`.
//!
//! **Fix.** Unsafe: keep the well-formed prefix (`35.36`). Review it against the table.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL002",
    name: "malformed-number",
    summary: "a number that cannot be read, such as 35.36.00",
    severity: Severity::Error,
    fix: FixKind::Sometimes(Applicability::Unsafe),
    module: "syntax_malformed_number",
    check: None,
};
