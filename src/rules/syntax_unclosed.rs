//! ## unclosed-block (JL005)
//!
//! **What it flags.** Front matter that has no closing `---`, an HTML comment with no `-->`,
//! and a pipe table whose second line is not the `|---|` delimiter row.
//!
//! **Why.** An unclosed block swallows the rest of the file: a Markdown viewer shows the
//! report differently from what the author sees, and the parser cannot recover the structure
//! the author meant.
//!
//! **Fix.** None.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::Severity;
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL005",
    name: "unclosed-block",
    summary: "unclosed front matter or comment, or a table with no delimiter row",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "syntax_unclosed",
    check: None,
};
