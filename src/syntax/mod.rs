//! The parser of the report dialect. It never fails: `parse` returns a tree and the syntax
//! errors found on the way, and every byte of the input is inside some node or is blank.
//!
//! Layering: this module knows nothing of semantics, rules, rendering or the language server.

pub mod ast;
mod attrs;
mod block;
mod directive;
pub mod dump;
pub mod error;
mod front_matter;
mod inline;
mod lines;
pub mod number;
mod reparse;
mod shift;
mod table;

pub use attrs::KNOWN_KEYS as ATTRIBUTE_KEYS;
pub use error::SyntaxError;
pub use front_matter::KNOWN_KEYS as FRONT_MATTER_KEYS;
pub use reparse::{reparse, reparse_edited};

/// The result of parsing: always a tree, plus what could not be read.
#[derive(Debug, Clone)]
pub struct Parse {
    pub document: ast::Document,
    pub errors: Vec<SyntaxError>,
}

/// Parses a report source.
pub fn parse(src: &str) -> Parse {
    block::parse_document(src)
}
