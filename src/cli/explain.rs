//! `jslint explain CODE` and `jslint rules`.

use crate::cli::exit;
use crate::rules::{find, FixKind, RULES};

pub fn explain(rule: &str) -> i32 {
    match find(rule) {
        Some(meta) => {
            println!("{}", meta.doc().trim_end());
            println!();
            println!(
                "Default severity: {}. Fix: {}.",
                meta.severity.as_str(),
                fix_text(meta.fix)
            );
            exit::CLEAN
        }
        None => {
            eprintln!("error: no rule `{rule}`; `jslint rules` lists them");
            exit::USAGE
        }
    }
}

pub fn list() -> i32 {
    for meta in RULES {
        println!(
            "{}  {:<28} {:<8} {}",
            meta.code,
            meta.name,
            meta.severity.as_str(),
            meta.summary
        );
    }
    exit::CLEAN
}

pub fn fix_text(fix: FixKind) -> &'static str {
    use crate::diagnostics::Applicability::*;
    match fix {
        FixKind::None => "none",
        FixKind::Sometimes(Safe) => "sometimes (safe)",
        FixKind::Sometimes(Unsafe) => "sometimes (unsafe)",
        FixKind::Sometimes(DisplayOnly) => "sometimes (suggestion only)",
        FixKind::Always(Safe) => "always (safe)",
        FixKind::Always(Unsafe) => "always (unsafe)",
        FixKind::Always(DisplayOnly) => "always (suggestion only)",
    }
}
