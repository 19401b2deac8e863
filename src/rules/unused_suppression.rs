//! ## unused-suppression (JL007)
//!
//! **What it flags.** A `<!-- jslint-disable… -->` comment that suppresses no diagnostic:
//! the problem it silenced was fixed, or the rule code it names is misspelt.
//!
//! **Why.** Stale suppressions hide the next real problem on that line.
//!
//! **Example.**
//! ```markdown
//! <!-- jslint-disable-next-line JL999 -->
//! 2023 年度收入合计 611.70 万元。
//! ```
//!
//! **Fix.** Safe: remove the comment.

use crate::diagnostics::{Applicability, Severity};
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL007",
    name: "unused-suppression",
    summary: "a suppression comment that suppresses nothing",
    severity: Severity::Warning,
    fix: FixKind::Always(Applicability::Safe),
    module: "unused_suppression",
    check: None,
};
