//! The parser: never panics, every range of the tree and of the errors lies on character
//! boundaries inside the text, the tree dump works, and table formatting is idempotent and
//! keeps every non-space character.

#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let src = common::text(data);
    let parse = common::parse_checked(&src);
    let _ = jslint::syntax::dump::dump(&src, &parse);

    let edits = jslint::format::format_tables(&src, &parse.document);
    for e in &edits {
        common::assert_range(&src, e.range, "format edit");
    }
    let once = common::apply_edits(&src, &edits);
    if let Err(e) = common::keeps_characters(&src, &once) {
        panic!("formatting {e}: {once:?}");
    }
    let again = jslint::format::format_tables(&once, &jslint::syntax::parse(&once).document);
    assert!(
        again.is_empty(),
        "formatting is not idempotent: {:?}",
        again.first()
    );
});
