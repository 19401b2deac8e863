//! ## unverified-number (JL210)
//!
//! **What it flags.** A number in the narrative that jslint could not tie to any cell,
//! quantity or computation (information, not an error): 机关运行经费 when the report has no
//! table for it, a budget figure without a budget table, a count nobody restates.
//!
//! **Why.** Coverage is a first-class figure: an author should see what was not checked.
//! `jslint check --stats` counts them per file, `jslint numbers FILE` lists every number with
//! its outcome. Tie a number to its cell with a reference `[x 万元](#TABLE:ROW:COLUMN)`.
//!
//! **Opt-in.** A real report always has numbers nothing restates (counts of visitors, 机关运行
//! 经费 without a table), so the rule runs only when selected: in `jslint.toml`,
//! `[rules] severity = { unverified-number = "info" }` or `select = ["ALL"]`.
//!
//! **Fix.** None.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::narrative::Outcome;

pub const META: RuleMeta = RuleMeta {
    code: "JL210",
    name: "unverified-number",
    summary: "a narrative number with nothing to check it against (information)",
    severity: Severity::Info,
    fix: FixKind::None,
    module: "unverified_number",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    for n in &ctx.analysis.model.narrative.numbers {
        let Outcome::Unverified { reason } = &n.outcome else {
            continue;
        };
        let d = sink.diagnostic(
            n.number.range,
            format!(
                "`{}` is not checked: {reason}",
                &ctx.src[n.number.range.as_range()]
            ),
        );
        sink.push(d);
    }
}
