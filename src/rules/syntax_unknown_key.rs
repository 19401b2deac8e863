//! ## unknown-key (JL003)
//!
//! **What it flags.** A front-matter key, a heading attribute (`{… key=value}`) or a
//! `jslint-…` directive that the dialect does not define, or a line of front matter that is
//! not `key: value`.
//!
//! **Why.** A misspelt key (`untis=元`) is silently without effect: the checks would run with
//! the default instead of what the author meant.
//!
//! **Example.** `### 收入决算表 {#t02 untis=元}`
//!
//! **Fix.** None.
//!
//! This problem is found by the parser; the rule exists so that it can be documented,
//! configured and suppressed like any other.

use crate::diagnostics::Severity;
use crate::rules::registry::{FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    code: "JL003",
    name: "unknown-key",
    summary: "an unknown front-matter key, table attribute or directive",
    severity: Severity::Warning,
    fix: FixKind::None,
    module: "syntax_unknown_key",
    check: None,
};
