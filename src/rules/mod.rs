//! Rules: each check in its own file, all listed in one registry.
//!
//! [`check`] turns syntax errors into diagnostics, runs every enabled rule over the analysed
//! document, applies the configuration's severities and the file's suppression comments, and
//! returns the diagnostics sorted by position.

mod arith;
mod breakdown_mismatch;
mod change_mismatch;
mod code_rollup_mismatch;
mod column_sum_mismatch;
mod dangling_reference;
pub mod docs;
pub(crate) mod entity_name_drift;
mod fact_conflict;
mod identity_mismatch;
mod narrative;
mod number_mismatch;
mod performance_formula_mismatch;
mod rate_mismatch;
pub mod registry;
pub mod reuse;
mod share_mismatch;
mod shares_total_mismatch;
mod suppression;
mod unit_slip;
mod unknown_profile;
mod unverified_number;

mod syntax_malformed_number;
mod syntax_malformed_reference;
mod syntax_ragged_row;
mod syntax_table_id;
mod syntax_unclosed;
mod syntax_unknown_key;
mod toc_mismatch;
mod total_row_mismatch;
pub(crate) mod unused_suppression;

use crate::config::Config;
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::syntax::ast::Document;
use crate::text::TextRange;
use crate::Analysis;

pub use registry::{find, Check, FixKind, RuleMeta, RULES};
pub use reuse::{EarlierFindings, TableFindings};

/// What a rule sees.
pub struct Context<'a> {
    pub src: &'a str,
    pub analysis: &'a Analysis,
    pub config: &'a Config,
    /// What rules remember from the last check of the same document (see [`reuse::Memo`]).
    pub memo: &'a reuse::Memo,
}

impl Context<'_> {
    pub fn document(&self) -> &Document {
        &self.analysis.parse.document
    }

    pub fn text(&self, range: TextRange) -> &str {
        &self.src[range.as_range()]
    }

    /// How rounding is tolerated (`[rounding] policy`), as the analysis applied it.
    pub fn policy(&self) -> crate::decimal::Policy {
        self.analysis.model.rounding
    }
}

/// Where a rule puts what it finds; stamps each diagnostic with the rule's code and severity.
pub struct Sink<'a> {
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Starts a diagnostic of this rule at `range`; push it with [`Sink::push`].
    pub fn diagnostic(&self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.severity,
            message: message.into(),
            range,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }

    /// The severity configured for this rule (rules may lower it for near misses).
    pub fn severity(&self) -> Severity {
        self.severity
    }
}

/// Runs every enabled rule; returns diagnostics sorted by position.
pub fn check(src: &str, analysis: &Analysis, config: &Config) -> Vec<Diagnostic> {
    run(src, analysis, config, None, false).0
}

/// As [`check`], reusing an earlier check's findings in the tables whose models the analysis
/// reused; also returns this check's table findings, for the next one.
pub fn check_reusing(
    src: &str,
    analysis: &Analysis,
    config: &Config,
    earlier: Option<EarlierFindings>,
) -> (Vec<Diagnostic>, TableFindings) {
    run(src, analysis, config, earlier, true)
}

/// Runs the rules; the table findings returned are empty unless `keep` (a one-shot check
/// moves them into its list instead of holding two copies at its heap's peak).
fn run(
    src: &str,
    analysis: &Analysis,
    config: &Config,
    mut earlier: Option<EarlierFindings>,
    keep: bool,
) -> (Vec<Diagnostic>, TableFindings) {
    let mut out = Vec::new();
    for error in &analysis.parse.errors {
        let Some(meta) = find(error.code) else {
            continue;
        };
        let Some(severity) = config.severity_of(meta) else {
            continue;
        };
        let mut d = Diagnostic {
            code: meta.code,
            name: meta.name,
            severity,
            message: error.message.clone(),
            range: error.range,
            related: Vec::new(),
            help: None,
            fix: None,
        };
        if let Some(repair) = &error.repair {
            d = d.with_replacement(Applicability::Unsafe, repair.clone());
        }
        out.push(d);
    }
    let memo = earlier
        .as_mut()
        .map(|e| {
            let mut memo = std::mem::take(&mut e.findings.memo);
            memo.advance(e.edit);
            memo
        })
        .unwrap_or_default();
    let ctx = Context {
        src,
        analysis,
        config,
        memo: &memo,
    };
    let policy = ctx.policy();
    let mut findings = TableFindings::new(config, policy);
    let mut earlier = earlier.filter(|e| e.same_settings(config, policy));
    for (t, table) in analysis.model.tables.iter().enumerate() {
        if let Some(found) = earlier.as_mut().and_then(|e| e.take(t)) {
            findings.push(found);
            continue;
        }
        let mut found = Vec::new();
        for meta in RULES {
            let (Some(Check::Table(check)), Some(severity)) =
                (meta.check, config.severity_of(meta))
            else {
                continue;
            };
            check(
                &ctx,
                table,
                &mut Sink {
                    meta,
                    severity,
                    out: &mut found,
                },
            );
        }
        findings.push(found);
    }
    drop(earlier);
    if keep {
        out.extend(findings.all().cloned());
    } else {
        out.extend(findings.take_all());
    }
    for meta in RULES {
        let (Some(Check::Document(check)), Some(severity)) = (meta.check, config.severity_of(meta))
        else {
            continue;
        };
        check(
            &ctx,
            &mut Sink {
                meta,
                severity,
                out: &mut out,
            },
        );
    }
    findings.memo = memo;
    let mut out = suppression::apply(src, &analysis.parse.document, out, config);
    crate::diagnostics::order::sort(&mut out);
    out.dedup();
    (out, findings)
}
