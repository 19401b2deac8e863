//! Syntax errors: what the parser could not read, with where and how to repair it.

use crate::text::TextRange;

/// A problem found while parsing. The parser always produces a tree as well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The rule code (`JL001`…) under which the problem is reported.
    pub code: &'static str,
    pub range: TextRange,
    pub message: String,
    /// A replacement for `range` that repairs the text, when one is likely.
    pub repair: Option<String>,
}

/// The codes the parser reports; the rule registry documents each.
pub mod codes {
    pub const RAGGED_ROW: &str = "JL001";
    pub const MALFORMED_NUMBER: &str = "JL002";
    pub const UNKNOWN_KEY: &str = "JL003";
    pub const TABLE_ID: &str = "JL004";
    pub const UNCLOSED: &str = "JL005";
    pub const MALFORMED_REFERENCE: &str = "JL006";
}
