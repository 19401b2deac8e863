//! Inline suppression: `<!-- jslint-disable-next-line JL201 -->`, `jslint-disable` …
//! `jslint-enable` ranges and `jslint-disable-file`. A directive that suppresses nothing is
//! itself reported (JL007 unused-suppression).

use crate::config::Config;
use crate::diagnostics::{Applicability, Diagnostic};
use crate::syntax::ast::{Block, DirectiveKind, Document};
use crate::text::{LineIndex, TextRange};

struct Scope {
    directive: TextRange,
    comment: TextRange,
    rules: Vec<String>,
    covers: TextRange,
    used: bool,
}

impl Scope {
    fn matches(&self, d: &Diagnostic) -> bool {
        self.rules.is_empty()
            || self
                .rules
                .iter()
                .any(|r| r.eq_ignore_ascii_case(d.code) || r == d.name)
    }
}

pub fn apply(
    src: &str,
    doc: &Document,
    diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut scopes = scopes(src, doc);
    if scopes.is_empty() {
        return diagnostics;
    }
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut suppressed = false;
            for s in scopes.iter_mut() {
                if s.matches(d) && s.covers.contains(d.range.start as usize) {
                    s.used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    let meta = &crate::rules::unused_suppression::META;
    if let Some(severity) = config.severity_of(meta) {
        for s in scopes.iter().filter(|s| !s.used) {
            let what = if s.rules.is_empty() {
                "any rule".to_string()
            } else {
                s.rules.join(", ")
            };
            kept.push(
                Diagnostic {
                    code: meta.code,
                    name: meta.name,
                    severity,
                    message: format!("this suppression of {what} suppresses nothing"),
                    range: s.directive,
                    related: Vec::new(),
                    help: Some("remove the comment, or fix the rule code it names".into()),
                    fix: None,
                }
                .with_fix(
                    Applicability::Safe,
                    "remove the unused suppression",
                    vec![crate::diagnostics::Edit {
                        range: whole_lines(src, s.comment),
                        replacement: String::new(),
                    }],
                ),
            );
        }
    }
    kept
}

fn scopes(src: &str, doc: &Document) -> Vec<Scope> {
    // Made for the first `disable-next-line` only: most reports have none.
    let mut index: Option<LineIndex> = None;
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for block in &doc.blocks {
        let Block::Comment(comment) = block else {
            continue;
        };
        let Some(d) = &comment.directive else {
            continue;
        };
        // Codes and names both name a rule: keep the code, so that `enable` closes `disable`.
        let rules: Vec<String> = d
            .rules
            .iter()
            .map(|r| {
                let written = &src[r.as_range()];
                crate::rules::find(written)
                    .map_or_else(|| written.to_string(), |m| m.code.to_string())
            })
            .collect();
        let covers = match d.kind {
            DirectiveKind::DisableFile => doc.range,
            DirectiveKind::DisableNextLine => {
                let index = index.get_or_insert_with(|| LineIndex::new(src));
                next_line(src, index, comment.range.end as usize)
            }
            DirectiveKind::Disable => {
                open.push(out.len());
                TextRange::new(comment.range.end as usize, src.len())
            }
            DirectiveKind::Enable => {
                for &i in &open {
                    let scope: &mut Scope = &mut out[i];
                    let closes = rules.is_empty() || scope.rules.iter().all(|r| rules.contains(r));
                    if closes && scope.covers.end as usize == src.len() {
                        scope.covers.end = comment.range.start;
                    }
                }
                continue;
            }
        };
        out.push(Scope {
            directive: d.range,
            comment: comment.range,
            rules,
            covers,
            used: false,
        });
    }
    out
}

/// The first non-blank line after `offset`.
fn next_line(src: &str, index: &LineIndex, offset: usize) -> TextRange {
    let mut line = index.line_of(offset) + 1;
    while line < index.line_count() {
        let (start, end) = (index.line_start(line), index.line_end(src, line));
        if !src[start..end].trim().is_empty() {
            return TextRange::new(start, end + 1);
        }
        line += 1;
    }
    TextRange::empty(src.len())
}

/// Extends a range to whole lines, line break included, when nothing else is on them.
fn whole_lines(src: &str, range: TextRange) -> TextRange {
    let before = &src[..range.start as usize];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let after = &src[range.end as usize..];
    let rest_of_line = after.find(['\n', '\r']).unwrap_or(after.len());
    if !src[line_start..range.start as usize].trim().is_empty()
        || !after[..rest_of_line].trim().is_empty()
    {
        return range;
    }
    let content_end = range.end as usize + rest_of_line;
    // Between two non-blank lines (two tables, a table and a paragraph) the comment's line
    // stays as a blank line: removing it would join the blocks around it.
    let head = &src[..line_start];
    let head = head
        .strip_suffix("\r\n")
        .or_else(|| head.strip_suffix(['\n', '\r']))
        .unwrap_or(head);
    let previous_line_blank = line_start == 0
        || head
            .rsplit(['\n', '\r'])
            .next()
            .is_none_or(|l| l.trim().is_empty());
    let tail = &src[content_end..];
    let tail = tail
        .strip_prefix("\r\n")
        .or_else(|| tail.strip_prefix(['\n', '\r']))
        .unwrap_or(tail);
    let next_line_blank = tail
        .split(['\n', '\r'])
        .next()
        .is_none_or(|l| l.trim().is_empty());
    if !previous_line_blank && !next_line_blank {
        return TextRange::new(line_start, content_end);
    }
    let mut end = content_end;
    if src[end..].starts_with("\r\n") {
        end += 2;
    } else if src[end..].starts_with(['\n', '\r']) {
        end += 1;
    }
    TextRange::new(line_start, end)
}
