//! `--format json`: one stable JSON document for all files.
//!
//! ```json
//! {"version":1,"summary":{"files":N,"errors":N,"warnings":N,"infos":N},"diagnostics":[…]}
//! ```
//! Each diagnostic has `path`, `code`, `name`, `severity`, `message`, `span` (bytes), `range`
//! (1-based lines and scalar-value columns), `related`, `help` and `fix`. Fields are only ever
//! added, never changed.

use serde::Serialize;

use crate::diagnostics::render::{line_col_1, FileReport};
use crate::diagnostics::{Applicability, Severity};
use crate::text::{LineIndex, TextRange};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stats: Vec<JsonStats<'a>>,
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Serialize)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct Pos {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    span: Span,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: Span,
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    span: Span,
    range: Range,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    url: String,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    path: &'a str,
    #[serde(flatten)]
    coverage: crate::semantic::Coverage,
}

fn span(r: TextRange) -> Span {
    Span {
        start: r.start,
        end: r.end,
    }
}

fn range(index: &LineIndex, src: &str, r: TextRange) -> Range {
    let (sl, sc) = line_col_1(index, src, r.start as usize);
    let (el, ec) = line_col_1(index, src, r.end as usize);
    Range {
        start: Pos {
            line: sl,
            column: sc,
        },
        end: Pos {
            line: el,
            column: ec,
        },
    }
}

pub fn summarize(reports: &[FileReport<'_>]) -> Summary {
    let mut s = Summary {
        files: reports.len(),
        ..Summary::default()
    };
    for d in reports.iter().flat_map(|r| r.diagnostics) {
        match d.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
    }
    s
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    let mut diagnostics = Vec::new();
    for report in reports {
        let index = LineIndex::new(report.src);
        for d in report.diagnostics {
            diagnostics.push(JsonDiagnostic {
                path: report.path,
                code: d.code,
                name: d.name,
                severity: d.severity,
                message: &d.message,
                span: span(d.range),
                range: range(&index, report.src, d.range),
                related: d
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        path: report.path,
                        span: span(r.range),
                        range: range(&index, report.src, r.range),
                        message: &r.message,
                    })
                    .collect(),
                help: d.help.as_deref(),
                url: crate::rules::find(d.code)
                    .map(|m| m.url())
                    .unwrap_or_default(),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability,
                    message: &f.message,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            span: span(e.range),
                            range: range(&index, report.src, e.range),
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
            });
        }
    }
    let stats = reports
        .iter()
        .filter_map(|r| {
            r.stats.clone().map(|coverage| JsonStats {
                path: r.path,
                coverage,
            })
        })
        .collect();
    let output = Output {
        version: 1,
        summary: summarize(reports),
        diagnostics,
        stats,
    };
    serde_json::to_string_pretty(&output).expect("diagnostics serialise")
}
