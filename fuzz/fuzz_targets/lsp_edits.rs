//! Incremental edits against the language server's document store: after any sequence of
//! `didChange` edits (in UTF-8 or UTF-16 positions, in range or out of it) the store's text is
//! what the edits make of a plain string, its tree (reparsed from an earlier version's) is
//! that of a full parse, and every feature of the server answers on the result without
//! panicking.
//!
//! Input: the initial text, then optionally a 0xFF byte (never part of UTF-8) and the edits.

#![no_main]

use jslint::config::Config;
use jslint::lsp::documents::{Snapshot, Store};
use jslint::lsp::proto::{Encoding, Position, Range, TextDocumentContentChangeEvent, Uri};
use jslint::text::{ColumnUnit, LineCol, LineIndex, TextRange};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

mod common;

/// Texts an edit inserts, besides arbitrary ones: the dialect's sharp edges.
const PIECES: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "\r",
    "|",
    " | ",
    "|---|",
    "611.70",
    "35.36.00",
    "98.90%",
    " 万元",
    "𠀀",
    "😀",
    "\u{feff}",
    "---\n",
    "# ",
    "{#t01}",
    "<!--",
    "-->",
    "[1](#t01:合计:1)",
    "其中：",
    "合计",
    "注：",
    "- ",
    "\t",
];

struct Change {
    start: (u32, u32),
    end: (u32, u32),
    /// `None` replaces the whole document.
    whole: bool,
    text: String,
}

fn change(u: &mut Unstructured<'_>) -> Result<Change> {
    let small = |u: &mut Unstructured<'_>| -> Result<u32> {
        Ok(match u.int_in_range(0u8..=9)? {
            0 => u32::MAX - u.int_in_range(0u32..=2)?,
            1 => u.arbitrary::<u32>()?,
            _ => u32::from(u.int_in_range(0u8..=40)?),
        })
    };
    let start = (small(u)?, small(u)?);
    let end = (small(u)?, small(u)?);
    let whole = u.int_in_range(0u8..=30)? == 0;
    let text = if u.arbitrary()? {
        (*u.choose(PIECES)?).to_string()
    } else {
        let s: &str = u.arbitrary()?;
        s.chars().take(40).collect()
    };
    Ok(Change {
        start,
        end,
        whole,
        text,
    })
}

fuzz_target!(|data: &[u8]| {
    let (initial, edits) = match data.iter().position(|b| *b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let initial = common::text(initial);
    let mut u = Unstructured::new(edits);
    let encoding = if u.arbitrary().unwrap_or(false) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let unit = match encoding {
        Encoding::Utf8 => ColumnUnit::Utf8,
        Encoding::Utf16 => ColumnUnit::Utf16,
    };

    let uri: Uri = "file:///fuzz/report.jsmd".parse().unwrap();
    let store = Store::default();
    store.open(uri.clone(), 0, &initial);
    let mut model = initial;
    let mut version = 0;
    while !u.is_empty() && version < 64 {
        let Ok(c) = change(&mut u) else { break };
        version += 1;
        let event = if c.whole {
            model = c.text.clone();
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: c.text,
            }
        } else {
            let index = LineIndex::new(&model);
            let at = |(line, col): (u32, u32)| index.offset(&model, LineCol { line, col }, unit);
            let a = at(c.start);
            let b = at(c.end).max(a);
            model.replace_range(a..b, &c.text);
            TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: Position::new(c.start.0, c.start.1),
                    end: Position::new(c.end.0, c.end.1),
                }),
                range_length: None,
                text: c.text,
            }
        };
        assert_eq!(
            store.change(&uri, version, &[event], encoding),
            Some(version)
        );
        let (v, text) = store.text(&uri).unwrap();
        assert_eq!(v, version);
        assert_eq!(
            text, model,
            "the store disagrees with the edits after version {version}"
        );
        // Some versions are analysed, so that later analyses reparse from them.
        if version % 4 == 1 {
            store.snapshot(&uri, &Config::default()).unwrap();
        }
    }
    // A stale change is dropped.
    assert_eq!(store.change(&uri, version, &[], encoding), None);

    // Every feature answers on the result.
    let snapshot = store.snapshot(&uri, &Config::default()).unwrap();
    let s: &Snapshot = &snapshot;
    assert_eq!(
        format!("{:?}", s.analysis.parse),
        format!("{:?}", jslint::syntax::parse(&s.text)),
        "the reparsed tree differs from a full parse"
    );
    // So do the model and the diagnostics, reused from earlier analyses where the edits
    // allowed (`semantic::reuse`, `rules::reuse`, the memos).
    let fresh = Snapshot::new(s.version, s.text.clone(), &Config::default());
    assert_eq!(
        format!("{:?}", s.analysis.model),
        format!("{:?}", fresh.analysis.model),
        "the reanalysed model differs from a fresh analysis"
    );
    assert_eq!(
        s.diagnostics, fresh.diagnostics,
        "the diagnostics after reanalysis differ from a fresh check"
    );
    common::assert_diagnostics(&s.text, &s.diagnostics);
    let lines = s.lines(encoding);
    for (i, d) in s.diagnostics.iter().enumerate() {
        let _ = jslint::lsp::proto::diagnostic(&lines, &uri, d, i);
    }
    let len = s.text.len();
    let probes = [0, len / 3, len / 2, len.saturating_sub(1), len];
    for offset in probes {
        let offset = jslint::text::floor_char_boundary(&s.text, offset);
        if let Some((range, _)) = jslint::lsp::hover::hover(s, offset) {
            common::assert_range(&s.text, range, "hover");
        }
        for r in jslint::lsp::navigation::definition(s, offset) {
            common::assert_range(&s.text, r, "definition");
        }
        for r in jslint::lsp::navigation::references(s, offset, true) {
            common::assert_range(&s.text, r, "references");
        }
    }
    let everything = TextRange::new(0, len);
    let _ = jslint::lsp::symbols::document_symbols(s, encoding);
    let _ = jslint::lsp::symbols::folding_ranges(s);
    let _ = jslint::lsp::decorations::semantic_tokens(s, encoding);
    let _ = jslint::lsp::decorations::inlay_hints(s, encoding, everything);
    let _ = jslint::lsp::code_actions::code_actions(s, &uri, encoding, everything, &None);
    let _ = jslint::lsp::documents::whole(&s.text, encoding);
});
