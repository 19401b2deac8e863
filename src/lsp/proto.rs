//! The protocol edge: the one module that knows the LSP types of `tower-lsp-server` and turns
//! byte offsets into protocol positions (UTF-16 or the negotiated UTF-8) and back. Every
//! other module of the server speaks in byte ranges and jslint's own values.

use tower_lsp_server::ls_types as types;

pub use types::*;

use crate::diagnostics::{Diagnostic as JsDiagnostic, Severity};
use crate::text::{ColumnUnit, LineCol, LineIndex, TextRange};

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (which every client supports).
    pub fn negotiate(params: &InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
        }
    }
}

/// A text with its line index, for conversions.
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.index.line_col(self.text, offset, self.encoding.unit());
        Position {
            line: lc.line,
            character: lc.col,
        }
    }

    pub fn range(&self, r: TextRange) -> Range {
        Range {
            start: self.position(r.start as usize),
            end: self.position(r.end as usize),
        }
    }

    /// The byte offset of a protocol position, clamped into the text.
    pub fn offset(&self, p: Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: p.line,
                col: p.character,
            },
            self.encoding.unit(),
        )
    }

    pub fn text_range(&self, r: Range) -> TextRange {
        let (a, b) = (self.offset(r.start), self.offset(r.end));
        TextRange::new(a.min(b), a.max(b))
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A jslint diagnostic as the protocol shows it; `data` carries its index for code actions.
pub fn diagnostic(lines: &Lines<'_>, uri: &Uri, d: &JsDiagnostic, index: usize) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: lines.range(r.range),
            },
            message: r.message.clone(),
        })
        .collect();
    let href = crate::rules::find(d.code).and_then(|m| m.url().parse::<Uri>().ok());
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range: lines.range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("jslint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "index": index, "name": d.name })),
    }
}

/// The file-system path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<std::path::PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    Some(std::path::PathBuf::from(percent_decode(rest)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, encoding: Encoding) -> (String, LineIndex, Encoding) {
        (text.to_string(), LineIndex::new(text), encoding)
    }

    #[test]
    fn positions_in_both_encodings() {
        for text in ["\u{feff}收入：𠀀 611.70\r\nb", "a\rb 𠀀 611.70"] {
            let (t, index, _) = lines(text, Encoding::Utf16);
            let at = t.find("611").unwrap();
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let l = Lines {
                    text: &t,
                    index: &index,
                    encoding,
                };
                let p = l.position(at);
                assert_eq!(l.offset(p), at, "{encoding:?} {text:?}");
            }
        }
        let t = "收入：𠀀 611.70";
        let index = LineIndex::new(t);
        let l = Lines {
            text: t,
            index: &index,
            encoding: Encoding::Utf16,
        };
        // 收 入 ： are one unit each, 𠀀 two, the space one.
        assert_eq!(
            l.position(t.find('6').unwrap()),
            Position {
                line: 0,
                character: 6
            }
        );
        let l8 = Lines {
            text: t,
            index: &index,
            encoding: Encoding::Utf8,
        };
        assert_eq!(
            l8.position(t.find('6').unwrap()),
            Position {
                line: 0,
                character: 14
            }
        );
        // Out-of-range positions clamp.
        assert_eq!(
            l.offset(Position {
                line: 9,
                character: 0
            }),
            t.len()
        );
        assert_eq!(
            l.offset(Position {
                line: 0,
                character: 999
            }),
            t.len()
        );
    }

    #[test]
    fn file_uris() {
        let uri: Uri = "file:///tmp/%E5%86%B3%E7%AE%97/a%20b.jsmd".parse().unwrap();
        assert_eq!(
            path_of(&uri).unwrap(),
            std::path::PathBuf::from("/tmp/决算/a b.jsmd")
        );
    }
}
