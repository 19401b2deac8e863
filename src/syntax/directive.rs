//! HTML comments and the `jslint-…` directives inside them.

use crate::syntax::ast::{Directive, DirectiveKind};
use crate::syntax::error::{codes, SyntaxError};
use crate::text::range_in;

/// Reads the directive in a comment's body (the text between `<!--` and `-->`), if it is one.
pub fn parse_directive(src: &str, body: &str, errors: &mut Vec<SyntaxError>) -> Option<Directive> {
    let trimmed = body.trim();
    if !trimmed.starts_with("jslint-") {
        return None;
    }
    let mut words = trimmed.split_whitespace();
    let head = words.next()?;
    let kind = match head {
        "jslint-disable-next-line" => DirectiveKind::DisableNextLine,
        "jslint-disable" => DirectiveKind::Disable,
        "jslint-enable" => DirectiveKind::Enable,
        "jslint-disable-file" => DirectiveKind::DisableFile,
        _ => {
            errors.push(SyntaxError {
                code: codes::UNKNOWN_KEY,
                range: range_in(src, head),
                message: format!(
                    "unknown directive `{head}` (known: jslint-disable-next-line, jslint-disable, jslint-enable, jslint-disable-file)"
                ),
                repair: None,
            });
            return None;
        }
    };
    let rules = words
        .map(|w| range_in(src, w.trim_end_matches(',')))
        .collect();
    Some(Directive {
        range: range_in(src, trimmed),
        kind,
        rules,
    })
}
