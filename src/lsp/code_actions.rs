//! Code actions: each diagnostic's fix as a quick-fix, a suppression comment for the line
//! (or the table), and `source.fixAll.jslint` for every safe fix.

use std::collections::HashMap;

use crate::diagnostics::{Applicability, Edit};
use crate::lsp::documents::Snapshot;
use crate::lsp::proto::{
    self, CodeAction, CodeActionKind, CodeActionOrCommand, Encoding, TextEdit, Uri, WorkspaceEdit,
};
use crate::syntax::ast::Block;
use crate::text::TextRange;

pub const FIX_ALL: &str = "source.fixAll.jslint";

fn workspace_edit(s: &Snapshot, uri: &Uri, encoding: Encoding, edits: &[Edit]) -> WorkspaceEdit {
    let lines = s.lines(encoding);
    let text_edits = edits
        .iter()
        .map(|e| TextEdit {
            range: lines.range(e.range),
            new_text: e.replacement.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), text_edits)])),
        document_changes: None,
        change_annotations: None,
    }
}

fn wants(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    }
}

pub fn code_actions(
    s: &Snapshot,
    uri: &Uri,
    encoding: Encoding,
    range: TextRange,
    only: &Option<Vec<CodeActionKind>>,
) -> Vec<CodeActionOrCommand> {
    let lines = s.lines(encoding);
    let mut out = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX) {
        for (i, d) in s.diagnostics.iter().enumerate() {
            let overlaps = d.range.start <= range.end && range.start <= d.range.end;
            if !overlaps {
                continue;
            }
            let diagnostic = proto::diagnostic(&lines, uri, d, i);
            if let Some(fix) = &d.fix {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{}: {}", d.code, fix.message),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(s, uri, encoding, &fix.edits)),
                    command: None,
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    disabled: None,
                    data: None,
                }));
            }
            let (title, edits) = suppression(s, d.code, d.range);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(workspace_edit(s, uri, encoding, &edits)),
                command: None,
                is_preferred: Some(false),
                disabled: None,
                data: None,
            }));
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    if wants(only, &fix_all) {
        let (edits, count) = crate::fix::select(&s.diagnostics, Applicability::Safe);
        if count > 0 {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix all safe jslint problems ({count})"),
                kind: Some(fix_all),
                diagnostics: None,
                edit: Some(workspace_edit(s, uri, encoding, &edits)),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
        }
    }
    out
}

/// A comment that silences `code` on the diagnostic's line; inside a table (where a comment
/// line would end the table) a disable/enable pair around the whole table.
fn suppression(s: &Snapshot, code: &str, range: TextRange) -> (String, Vec<Edit>) {
    let line = s.index.line_of(range.start as usize);
    let start = s.index.line_start(line);
    let eol = line_break(&s.text);
    let table = s
        .analysis
        .parse
        .document
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.range.contains(range.start as usize) => Some(t.range),
            _ => None,
        });
    match table {
        Some(t) => (
            format!("Suppress {code} in this table"),
            vec![
                Edit {
                    range: TextRange::empty(t.start as usize),
                    replacement: format!("<!-- jslint-disable {code} -->{eol}"),
                },
                Edit {
                    range: TextRange::empty(t.end as usize),
                    replacement: format!("{eol}<!-- jslint-enable {code} -->"),
                },
            ],
        ),
        None => (
            format!("Suppress {code} on this line"),
            vec![Edit {
                range: TextRange::empty(start),
                replacement: format!("<!-- jslint-disable-next-line {code} -->{eol}"),
            }],
        ),
    }
}

fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}
