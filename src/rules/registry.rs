//! The single rule registry: code, name, default severity, fix availability and the check
//! function of every rule. Docs come from each rule file's `//!` comment (see `build.rs`).

use crate::diagnostics::{Applicability, Severity};
use crate::rules::{Context, Sink};
use crate::semantic::TableModel;

/// Whether and how a rule can fix what it flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Sometimes(Applicability),
    Always(Applicability),
}

pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line: what the rule flags.
    pub summary: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    /// The rule's module, whose `//!` comment is its documentation.
    pub module: &'static str,
    /// `None` for rules the parser reports.
    pub check: Option<Check>,
}

/// A rule's check, by what it looks at.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// The whole document.
    Document(fn(&Context<'_>, &mut Sink<'_>)),
    /// One table at a time, reading that table's model (and the rounding policy) only: what
    /// it finds in a table that an edit left alone is reused (see `rules::check_reusing`).
    Table(fn(&Context<'_>, &TableModel, &mut Sink<'_>)),
}

impl RuleMeta {
    pub fn doc(&self) -> &'static str {
        crate::rules::docs::doc_of(self.module)
    }

    pub fn url(&self) -> String {
        format!("https://jslint.dev/rules/{}", self.code)
    }
}

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        pub static RULES: &[RuleMeta] = &[$(crate::rules::$module::META),*];
    };
}

rules![
    syntax_ragged_row,
    syntax_malformed_number,
    syntax_unknown_key,
    syntax_table_id,
    syntax_unclosed,
    syntax_malformed_reference,
    unused_suppression,
    unknown_profile,
    code_rollup_mismatch,
    total_row_mismatch,
    column_sum_mismatch,
    identity_mismatch,
    performance_formula_mismatch,
    entity_name_drift,
    toc_mismatch,
    number_mismatch,
    unit_slip,
    share_mismatch,
    change_mismatch,
    rate_mismatch,
    breakdown_mismatch,
    shares_total_mismatch,
    fact_conflict,
    dangling_reference,
    unverified_number,
];

/// Rules that run only when selected (`select = ["ALL"]`, a prefix, or a severity):
/// unverified-number reports coverage, which `--stats` and `jslint numbers` also show.
pub const OPT_IN: &[&str] = &["JL210"];

pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
