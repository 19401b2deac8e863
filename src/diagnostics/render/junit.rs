//! `--format junit`: a JUnit XML report, one test case per diagnostic (a failure) and one
//! passing test case per clean file, for CI systems that show test reports.

use crate::diagnostics::render::{line_col_1, FileReport};
use crate::text::LineIndex;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    let mut cases = String::new();
    let (mut tests, mut failures) = (0, 0);
    for report in reports {
        let index = LineIndex::new(report.src);
        if report.diagnostics.is_empty() {
            tests += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"no problems\"/>\n",
                xml(report.path)
            ));
        }
        for d in report.diagnostics {
            tests += 1;
            failures += 1;
            let (line, col) = line_col_1(&index, report.src, d.range.start as usize);
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{} {}:{line}:{col}\">\n      <failure type=\"{}\" message=\"{}\">{}:{line}:{col}: {} [{}] {}</failure>\n    </testcase>\n",
                xml(report.path),
                d.code,
                xml(report.path),
                d.code,
                xml(&d.message),
                xml(report.path),
                d.severity.as_str(),
                d.code,
                xml(&d.message)
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jslint\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"jslint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}
