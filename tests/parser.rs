//! Golden tests for the parser: every `tests/data/parser/*.jsmd` is parsed and its tree dump is
//! compared with a snapshot in `tests/snapshots/`. Further tests check that every node range of
//! every fixture lies on char boundaries inside its parent, and that a very long line parses.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test --test parser`, then read the
//! changed `.snap` files before keeping them.

use std::path::{Path, PathBuf};

use jslint::syntax::ast::{Block, CellContent, FmEntry, FmValue, Inline, Tokens};
use jslint::syntax::dump::dump;
use jslint::syntax::{parse, Parse};
use jslint::text::TextRange;

#[test]
fn dump_snapshots() {
    insta::glob!("data/parser/*.jsmd", |path| {
        let src = read_fixture(path);
        insta::assert_snapshot!(dump(&src, &parse(&src)));
    });
}

#[test]
fn every_range_is_on_char_boundaries_inside_its_parent() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in tests/data/parser");
    for path in fixtures {
        let src = read_fixture(&path);
        let parse = parse(&src);
        let mut check = RangeCheck {
            src: &src,
            problems: Vec::new(),
        };
        check.parse(&parse);
        assert!(
            check.problems.is_empty(),
            "{}:\n{}",
            path.display(),
            check.problems.join("\n")
        );
    }
}

#[test]
fn a_five_megabyte_line_parses() {
    const PIECE: &str = "收入合计𠀀 611.70 万元，占 98.90%；全角 ６１１．７０，表 t01 第 3 行。";
    const NUMBERS_PER_PIECE: usize = 4;
    let repeats = 5 * 1024 * 1024 / PIECE.len() + 1;
    let src = PIECE.repeat(repeats);
    assert!(src.len() >= 5 * 1024 * 1024);
    assert!(!src.contains('\n'));

    let parse = parse(&src);

    let numbers: usize = parse
        .document
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(p) => p.inline.numbers().len(),
            other => panic!("expected one paragraph, found {other:?}"),
        })
        .sum();
    assert_eq!(parse.document.blocks.len(), 1);
    assert_eq!(numbers, repeats * NUMBERS_PER_PIECE);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors.first());
}

/// The fixtures, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parser");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsmd"))
        .collect();
    paths.sort();
    paths
}

/// Reads a fixture as bytes. Every parser fixture must be UTF-8: refusing other encodings is the
/// command line's job, tested there.
fn read_fixture(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not UTF-8 ({e}); parser fixtures must be UTF-8",
            path.display()
        )
    })
}

/// Walks a tree and records every range that is outside the text, not on char boundaries, or
/// not inside its parent's range.
struct RangeCheck<'a> {
    src: &'a str,
    problems: Vec<String>,
}

impl RangeCheck<'_> {
    fn parse(&mut self, parse: &Parse) {
        let doc = &parse.document;
        let whole = TextRange::new(0, self.src.len());
        if doc.range != whole {
            self.problems.push(format!(
                "document range {:?} is not the whole text",
                doc.range
            ));
        }
        if let Some(fm) = &doc.front_matter {
            self.range("front matter", fm.range, whole);
            for entry in &fm.entries {
                self.entry(entry, fm.range);
            }
        }
        for block in &doc.blocks {
            self.block(block, whole);
        }
        for error in &parse.errors {
            self.range(error.code, error.range, whole);
        }
    }

    fn entry(&mut self, entry: &FmEntry, parent: TextRange) {
        self.range("front-matter entry", entry.range, parent);
        self.range("front-matter key", entry.key, entry.range);
        match &entry.value {
            FmValue::Scalar(value) => self.range("front-matter value", *value, entry.range),
            FmValue::Map(entries) => {
                for nested in entries {
                    self.entry(nested, entry.range);
                }
            }
            FmValue::List(items) => {
                for item in items {
                    self.range("front-matter list item", *item, entry.range);
                }
            }
        }
    }

    fn block(&mut self, block: &Block, parent: TextRange) {
        let range = block.range();
        self.range("block", range, parent);
        match block {
            Block::Heading(heading) => {
                self.inline(&heading.inline, range);
                if let Some(attrs) = &heading.attrs {
                    self.range("attribute block", attrs.range, range);
                    if let Some(id) = attrs.id {
                        self.range("id", id, attrs.range);
                    }
                    for attr in &attrs.items {
                        self.range("attribute", attr.range, attrs.range);
                        self.range("attribute key", attr.key, attr.range);
                        if let Some(value) = attr.value {
                            self.range("attribute value", value, attr.range);
                        }
                    }
                }
            }
            Block::Paragraph(paragraph) => self.inline(&paragraph.inline, range),
            Block::List(list) => {
                for item in &list.items {
                    self.range("list item", item.range, range);
                    self.range("list marker", item.marker, item.range);
                    self.inline(&item.inline, item.range);
                }
            }
            Block::Table(table) => {
                if let Some(delimiter) = table.delimiter {
                    self.range("delimiter row", delimiter, range);
                }
                for row in &table.rows {
                    self.range("row", row.range, range);
                    for cell in &row.cells {
                        self.range("cell", cell.range, row.range);
                        match cell.content() {
                            CellContent::Empty | CellContent::Dash => {}
                            CellContent::Number(number) => {
                                let number = number.at(self.src, cell.range);
                                self.range("cell digits", number.digits(), number.range);
                            }
                            CellContent::Text(text) => self.tokens(text.tokens(table), cell.range),
                        }
                    }
                }
            }
            Block::Comment(comment) => {
                if let Some(directive) = &comment.directive {
                    self.range("directive", directive.range, range);
                    for rule in &directive.rules {
                        self.range("directive rule", *rule, directive.range);
                    }
                }
            }
            Block::ThematicBreak(_) => {}
        }
    }

    fn inline(&mut self, inline: &Inline, parent: TextRange) {
        self.range("inline", inline.range, parent);
        self.tokens(&inline.tokens, inline.range);
    }

    /// The tokens of the inline over `range`.
    fn tokens(&mut self, tokens: &Tokens, range: TextRange) {
        for link in tokens.links() {
            self.range("link", link.range, range);
            self.range("link text", link.text, link.range);
            self.range("link target", link.target, link.range);
            if let Some(cell) = &link.cell {
                self.range("cell ref table", cell.table, link.target);
                self.range("cell ref row", cell.row, link.target);
                self.range("cell ref column", cell.column, link.target);
            }
        }
        for number in tokens.numbers() {
            self.range("number", number.range, range);
            self.range("digits", number.digits(), number.range);
            if let Some(index) = number.link() {
                match tokens.links().get(index) {
                    Some(link) => self.range("number in link", number.range, link.text),
                    None => self.problems.push(format!(
                        "number {:?} points at missing link {index}",
                        number.range
                    )),
                }
            }
        }
    }

    fn range(&mut self, what: &str, range: TextRange, parent: TextRange) {
        let (start, end) = (range.start as usize, range.end as usize);
        if start > end || end > self.src.len() {
            self.problems
                .push(format!("{what} {start}..{end} is outside the text"));
        } else if !self.src.is_char_boundary(start) || !self.src.is_char_boundary(end) {
            self.problems
                .push(format!("{what} {start}..{end} is not on char boundaries"));
        } else if range.start < parent.start || range.end > parent.end {
            self.problems.push(format!(
                "{what} {start}..{end} is outside its parent {}..{}",
                parent.start, parent.end
            ));
        }
    }
}
