//! Document symbols (parts, sections, tables) and folding ranges.

use crate::lsp::documents::Snapshot;
use crate::lsp::proto::{DocumentSymbol, Encoding, FoldingRange, FoldingRangeKind, SymbolKind};
use crate::syntax::ast::Block;
use crate::text::TextRange;

struct Section {
    level: u8,
    name: String,
    range: TextRange,
    selection: TextRange,
    kind: SymbolKind,
    children: Vec<Section>,
}

/// Headings nest by level; a table is a child of the section it stands in.
fn sections(s: &Snapshot) -> Vec<Section> {
    let doc = &s.analysis.parse.document;
    let mut flat: Vec<Section> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => flat.push(Section {
                level: h.level,
                name: s.text[h.inline.range.as_range()].trim().to_string(),
                range: h.range,
                selection: h.inline.range,
                kind: if h.level == 1 {
                    SymbolKind::NAMESPACE
                } else {
                    SymbolKind::MODULE
                },
                children: Vec::new(),
            }),
            Block::Table(t) => {
                let model = s.analysis.model.tables.iter().find(|m| m.range == t.range);
                let name = model
                    .map(|m| format!("{} {}", m.display(), m.caption))
                    .unwrap_or_else(|| "table".into());
                flat.push(Section {
                    level: 7,
                    name,
                    range: t.range,
                    selection: t.rows.first().map_or(t.range, |r| r.range),
                    kind: SymbolKind::STRUCT,
                    children: Vec::new(),
                });
            }
            _ => {}
        }
    }
    // Extend each heading's range to the end of its section.
    let end = s.text.len();
    for i in 0..flat.len() {
        if flat[i].level <= 6 {
            let next = flat[i + 1..]
                .iter()
                .find(|n| n.level <= flat[i].level)
                .map_or(end, |n| n.range.start as usize);
            flat[i].range = TextRange::new(
                flat[i].range.start as usize,
                next.max(flat[i].range.end as usize),
            );
        }
    }
    nest(flat)
}

fn nest(flat: Vec<Section>) -> Vec<Section> {
    let mut roots: Vec<Section> = Vec::new();
    let mut stack: Vec<Section> = Vec::new();
    for section in flat {
        while stack.last().is_some_and(|top| top.level >= section.level) {
            let done = stack.pop().expect("non-empty");
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
        stack.push(section);
    }
    while let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
    roots
}

pub fn document_symbols(s: &Snapshot, encoding: Encoding) -> Vec<DocumentSymbol> {
    let lines = s.lines(encoding);
    fn convert(sec: Section, lines: &crate::lsp::proto::Lines<'_>) -> DocumentSymbol {
        #[allow(deprecated)]
        DocumentSymbol {
            name: if sec.name.is_empty() {
                "(untitled)".into()
            } else {
                sec.name
            },
            detail: None,
            kind: sec.kind,
            tags: None,
            deprecated: None,
            range: lines.range(sec.range),
            selection_range: lines.range(sec.selection),
            children: Some(
                sec.children
                    .into_iter()
                    .map(|c| convert(c, lines))
                    .collect(),
            ),
        }
    }
    sections(s)
        .into_iter()
        .map(|sec| convert(sec, &lines))
        .collect()
}

pub fn folding_ranges(s: &Snapshot) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let line = |offset: u32| s.index.line_of(offset as usize) as u32;
    let mut push = |range: TextRange, kind: Option<FoldingRangeKind>| {
        let (a, b) = (
            line(range.start),
            line(range.end.saturating_sub(1).max(range.start)),
        );
        if b > a {
            out.push(FoldingRange {
                start_line: a,
                start_character: None,
                end_line: b,
                end_character: None,
                kind,
                collapsed_text: None,
            });
        }
    };
    fn walk(sections: &[Section], push: &mut dyn FnMut(TextRange, Option<FoldingRangeKind>)) {
        for sec in sections {
            push(sec.range, Some(FoldingRangeKind::Region));
            walk(&sec.children, push);
        }
    }
    walk(&sections(s), &mut push);
    if let Some(fm) = &s.analysis.parse.document.front_matter {
        push(fm.range, Some(FoldingRangeKind::Imports));
    }
    for block in &s.analysis.parse.document.blocks {
        if let Block::Comment(c) = block {
            push(c.range, Some(FoldingRangeKind::Comment));
        }
    }
    out
}
