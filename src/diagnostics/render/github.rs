//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

use crate::diagnostics::render::{line_col_1, FileReport};
use crate::diagnostics::Severity;
use crate::text::LineIndex;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for report in reports {
        let index = LineIndex::new(report.src);
        for d in report.diagnostics {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, col) = line_col_1(&index, report.src, d.range.start as usize);
            let (end_line, end_col) = line_col_1(&index, report.src, d.range.end as usize);
            out.push_str(&format!(
                "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                escape_property(report.path),
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&d.message)
            ));
        }
    }
    out
}
