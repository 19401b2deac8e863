//! Human output with codespan-reporting: primary and secondary labels, help lines.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::diagnostics::render::FileReport;
use crate::diagnostics::Severity;

/// Standard output for human reports, coloured or not, written a file's report at a time:
/// each is rendered into memory and printed whole. codespan-reporting writes a snippet's
/// source a character at a time, and each write to the line-buffered standard output takes
/// its lock and searches for a newline: that cost more than checking the report itself.
/// Other text written to it (`write!`) is printed on [`flush`](std::io::Write::flush).
pub struct Stdout {
    writer: term::termcolor::BufferWriter,
    buffer: term::termcolor::Buffer,
}

impl Stdout {
    pub fn new(color: bool) -> Stdout {
        let writer = term::termcolor::BufferWriter::stdout(if color {
            term::termcolor::ColorChoice::Always
        } else {
            term::termcolor::ColorChoice::Never
        });
        let buffer = writer.buffer();
        Stdout { writer, buffer }
    }

    /// Renders one file's diagnostics and prints them.
    pub fn report(&mut self, report: &FileReport<'_>) -> std::io::Result<()> {
        render(std::slice::from_ref(report), &mut self.buffer)?;
        std::io::Write::flush(self)
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let printed = self.writer.print(&self.buffer);
        self.buffer.clear();
        printed
    }
}

pub fn render(reports: &[FileReport<'_>], out: &mut dyn WriteColor) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut files = SimpleFiles::new();
    for report in reports {
        let id = files.add(report.path, report.src);
        for d in report.diagnostics {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
                Severity::Info => CsSeverity::Note,
            };
            let mut labels = vec![Label::primary(id, d.range.as_range())];
            labels.extend(
                d.related
                    .iter()
                    .map(|r| Label::secondary(id, r.range.as_range()).with_message(&r.message)),
            );
            let mut notes = Vec::new();
            if let Some(help) = &d.help {
                notes.push(format!("help: {help}"));
            }
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    crate::diagnostics::Applicability::Safe => "fix",
                    crate::diagnostics::Applicability::Unsafe => "unsafe fix",
                    crate::diagnostics::Applicability::DisplayOnly => "suggestion",
                };
                notes.push(format!("{kind}: {}", fix.message));
            }
            let diagnostic = CsDiagnostic::new(severity)
                .with_message(&d.message)
                .with_code(format!("{} {}", d.code, d.name))
                .with_labels(labels)
                .with_notes(notes);
            term::emit(out, &config, &files, &diagnostic).map_err(|e| match e {
                // Keep the IO error's kind: a closed pipe is not a failure of jslint.
                codespan_reporting::files::Error::Io(io) => io,
                other => std::io::Error::other(other),
            })?;
        }
    }
    Ok(())
}
