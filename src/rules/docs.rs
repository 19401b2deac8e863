//! Rule documentation, extracted at build time from each rule file's `//!` comment.

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The documentation of the rule in module `module`.
pub fn doc_of(module: &str) -> &'static str {
    RULE_DOCS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, d)| *d)
        .unwrap_or("")
}
