//! ## unknown-profile (JL008)
//!
//! **What it flags.** A front-matter `profile:` that names no profile jslint knows.
//!
//! **Why.** The profile carries the standard identities between the tables, the named
//! quantities the narrative quotes (人员经费, 公用经费…), the facts and the performance
//! formulas. A misspelt name turns all of those checks off without a word; the report would
//! look cleaner than it is.
//!
//! **Example.** `profile: final-acounts` (the profile is `final-accounts`, alias `部门决算`).
//!
//! **Fix.** None: the message lists the profiles that exist. A report without a `profile:`
//! line gets the profile of `jslint.toml` (`profile = "…"`), if it sets one.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::profile::Profile;

pub const META: RuleMeta = RuleMeta {
    code: "JL008",
    name: "unknown-profile",
    summary: "the front matter names a profile that does not exist",
    severity: Severity::Error,
    fix: FixKind::None,
    module: "unknown_profile",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some((name, range)) = &ctx.analysis.model.meta.profile else {
        return;
    };
    if Profile::find(name).is_none() {
        let d = sink.diagnostic(
            *range,
            format!(
                "no profile is named `{name}`: the identities, named quantities and formulas of a profile are not checked (known: {})",
                Profile::names().join(", ")
            ),
        );
        sink.push(d);
    }
}
