//! The whole check: never panics, every diagnostic range (primary, related, fix edits) lies on
//! character boundaries inside the text, and every output format renders.

#![no_main]

use jslint::diagnostics::render::{self, FileReport};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let src = common::text(data);
    let analysis = jslint::analyze(&src);
    let diagnostics = jslint::rules::check(&src, &analysis, &jslint::config::Config::default());
    common::assert_diagnostics(&src, &diagnostics);
    let reports = [FileReport {
        path: "fuzz.jsmd",
        src: &src,
        diagnostics: &diagnostics,
        stats: Some(analysis.model.coverage()),
    }];
    let _ = render::json::render(&reports);
    let _ = render::sarif::render(&reports);
    let _ = render::github::render(&reports);
    let _ = render::junit::render(&reports);
    let mut human = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render::human::render(&reports, &mut human).expect("rendering into memory");
});
