//! A readable dump of the syntax tree, for golden tests and `jslint parse`.
//!
//! One node per line, indented by depth, each with its byte range `start..end`. Leaves show the
//! source text they cover, quoted with `{:?}` so that tabs, `\r` and the BOM stay visible; texts
//! over 60 characters are cut with `…` and their length in bytes. Blocks carry their index in
//! `Document::blocks`, which is what `Table::heading` and `Table::notes` point at. The syntax
//! errors follow the tree.

use std::fmt::Write as _;

use crate::syntax::ast::{
    Attrs, Block, CellContent, Comment, Directive, DirectiveKind, FmEntry, FmValue, FrontMatter,
    Heading, Inline, Link, List, Number, Row, Table, Tokens,
};
use crate::syntax::{Parse, SyntaxError};
use crate::text::TextRange;

/// Texts longer than this many characters are truncated in the dump.
const MAX_QUOTED_CHARS: usize = 60;

/// Renders `parse` (the result of parsing `src`) as an indented tree followed by its errors.
pub fn dump(src: &str, parse: &Parse) -> String {
    let mut p = Printer {
        src,
        out: String::new(),
    };
    let doc = &parse.document;
    p.line(
        0,
        format_args!("Document {} bom={}", span(doc.range), doc.bom),
    );
    if let Some(fm) = &doc.front_matter {
        p.front_matter(1, fm);
    }
    for (index, block) in doc.blocks.iter().enumerate() {
        p.block(1, index, block);
    }
    p.errors(&parse.errors);
    p.out
}

struct Printer<'a> {
    src: &'a str,
    out: String,
}

impl Printer<'_> {
    fn line(&mut self, depth: usize, args: std::fmt::Arguments<'_>) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        // Writing to a String cannot fail.
        let _ = self.out.write_fmt(args);
        self.out.push('\n');
    }

    /// `start..end "text"` for a leaf.
    fn leaf(&self, range: TextRange) -> String {
        format!("{} {}", span(range), self.quote(range))
    }

    /// The source text of `range`, quoted and truncated; never panics on a bad range.
    fn quote(&self, range: TextRange) -> String {
        let Some(text) = self.src.get(range.as_range()) else {
            return format!(
                "<range {} is outside the text or not on a char boundary>",
                span(range)
            );
        };
        if text.chars().count() <= MAX_QUOTED_CHARS {
            return format!("{text:?}");
        }
        let head: String = text.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{head:?}…({} bytes)", text.len())
    }

    fn front_matter(&mut self, depth: usize, fm: &FrontMatter) {
        self.line(depth, format_args!("FrontMatter {}", span(fm.range)));
        for entry in &fm.entries {
            self.entry(depth + 1, entry);
        }
    }

    fn entry(&mut self, depth: usize, entry: &FmEntry) {
        let head = format!("Entry {} key={}", span(entry.range), self.leaf(entry.key));
        match &entry.value {
            FmValue::Scalar(value) => {
                let value = self.leaf(*value);
                self.line(depth, format_args!("{head} scalar={value}"));
            }
            FmValue::Map(entries) => {
                self.line(depth, format_args!("{head} map"));
                for nested in entries {
                    self.entry(depth + 1, nested);
                }
            }
            FmValue::List(items) => {
                self.line(depth, format_args!("{head} list"));
                for item in items {
                    let item = self.leaf(*item);
                    self.line(depth + 1, format_args!("Item {item}"));
                }
            }
        }
    }

    fn block(&mut self, depth: usize, index: usize, block: &Block) {
        match block {
            Block::Heading(heading) => self.heading(depth, index, heading),
            Block::Paragraph(paragraph) => {
                let text = self.inline_text(paragraph.range, &paragraph.inline);
                self.line(
                    depth,
                    format_args!("{index}: Paragraph {}{text}", span(paragraph.range)),
                );
                self.inline_children(depth + 1, &paragraph.inline.tokens);
            }
            Block::List(list) => self.list(depth, index, list),
            Block::Table(table) => self.table(depth, index, table),
            Block::Comment(comment) => self.comment(depth, index, comment),
            Block::ThematicBreak(range) => {
                let leaf = self.leaf(*range);
                self.line(depth, format_args!("{index}: ThematicBreak {leaf}"));
            }
        }
    }

    fn heading(&mut self, depth: usize, index: usize, heading: &Heading) {
        let text = self.leaf(heading.inline.range);
        self.line(
            depth,
            format_args!(
                "{index}: Heading {} level={} text={text}",
                span(heading.range),
                heading.level
            ),
        );
        self.inline_children(depth + 1, &heading.inline.tokens);
        if let Some(attrs) = &heading.attrs {
            self.attrs(depth + 1, attrs);
        }
    }

    fn attrs(&mut self, depth: usize, attrs: &Attrs) {
        let leaf = self.leaf(attrs.range);
        self.line(depth, format_args!("Attrs {leaf}"));
        if let Some(id) = attrs.id {
            let id = self.leaf(id);
            self.line(depth + 1, format_args!("Id {id}"));
        }
        for attr in &attrs.items {
            let key = self.leaf(attr.key);
            let value = match attr.value {
                Some(value) => format!("value={}", self.leaf(value)),
                None => "flag".to_string(),
            };
            self.line(
                depth + 1,
                format_args!("Attr {} key={key} {value}", span(attr.range)),
            );
        }
    }

    fn list(&mut self, depth: usize, index: usize, list: &List) {
        self.line(depth, format_args!("{index}: List {}", span(list.range)));
        for item in &list.items {
            let marker = self.leaf(item.marker);
            let text = self.leaf(item.inline.range);
            self.line(
                depth + 1,
                format_args!(
                    "Item {} depth={} ordered={} marker={marker} text={text}",
                    span(item.range),
                    item.depth,
                    item.ordered
                ),
            );
            self.inline_children(depth + 2, &item.inline.tokens);
        }
    }

    fn table(&mut self, depth: usize, index: usize, table: &Table) {
        let heading = table
            .heading
            .map_or_else(|| "none".to_string(), |h| h.to_string());
        self.line(
            depth,
            format_args!(
                "{index}: Table {} heading={heading} notes={:?}",
                span(table.range),
                table.notes
            ),
        );
        // The delimiter row is printed where it stands in the source, among the rows.
        let mut delimiter = table.delimiter;
        for row in &table.rows {
            if let Some(d) = delimiter.filter(|d| d.start < row.range.start) {
                self.delimiter(depth + 1, d);
                delimiter = None;
            }
            self.row(depth + 1, table, row);
        }
        if let Some(d) = delimiter {
            self.delimiter(depth + 1, d);
        }
    }

    fn delimiter(&mut self, depth: usize, range: TextRange) {
        let leaf = self.leaf(range);
        self.line(depth, format_args!("Delimiter {leaf}"));
    }

    fn row(&mut self, depth: usize, table: &Table, row: &Row) {
        self.line(
            depth,
            format_args!("Row {} cells={}", span(row.range), row.cells.len()),
        );
        for cell in &row.cells {
            let at = span(cell.range);
            let quoted = self.quote(cell.range);
            match cell.content() {
                CellContent::Empty => self.line(depth + 1, format_args!("Cell {at} Empty")),
                CellContent::Dash => self.line(depth + 1, format_args!("Cell {at} Dash {quoted}")),
                CellContent::Number(number) => {
                    let facts = self.number_facts(&number.at(self.src, cell.range));
                    self.line(depth + 1, format_args!("Cell {at} Number {quoted}{facts}"));
                }
                CellContent::Text(text) => {
                    let quoted = format!(" {}", self.quote(cell.range));
                    self.line(depth + 1, format_args!("Cell {at} Text{quoted}"));
                    self.inline_children(depth + 2, text.tokens(table));
                }
            }
        }
    }

    fn comment(&mut self, depth: usize, index: usize, comment: &Comment) {
        let leaf = self.leaf(comment.range);
        self.line(depth, format_args!("{index}: Comment {leaf}"));
        if let Some(directive) = &comment.directive {
            self.directive(depth + 1, directive);
        }
    }

    fn directive(&mut self, depth: usize, directive: &Directive) {
        let kind = match directive.kind {
            DirectiveKind::DisableNextLine => "DisableNextLine",
            DirectiveKind::Disable => "Disable",
            DirectiveKind::Enable => "Enable",
            DirectiveKind::DisableFile => "DisableFile",
        };
        let quoted = self.quote(directive.range);
        let rules = if directive.rules.is_empty() {
            " rules=all"
        } else {
            ""
        };
        self.line(
            depth,
            format_args!("Directive {} {kind} {quoted}{rules}", span(directive.range)),
        );
        for rule in &directive.rules {
            let rule = self.leaf(*rule);
            self.line(depth + 1, format_args!("Rule {rule}"));
        }
    }

    /// ` "text"` when the inline covers `owner` exactly, else ` text=start..end "text"`.
    fn inline_text(&self, owner: TextRange, inline: &Inline) -> String {
        if inline.range == owner {
            format!(" {}", self.quote(owner))
        } else {
            format!(" text={}", self.leaf(inline.range))
        }
    }

    /// The links and numbers of an inline, in source order.
    fn inline_children(&mut self, depth: usize, inline: &Tokens) {
        let mut links = inline.links().iter().enumerate().peekable();
        let mut numbers = inline.numbers().iter().peekable();
        loop {
            let link_first = match (links.peek(), numbers.peek()) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some((_, link)), Some(number)) => link.range.start <= number.range.start,
            };
            if link_first {
                let (index, link) = links.next().expect("peeked");
                self.link(depth, index, link);
            } else {
                let number = numbers.next().expect("peeked");
                let leaf = self.leaf(number.range);
                let facts = self.number_facts(number);
                self.line(depth, format_args!("Number {leaf}{facts}"));
            }
        }
    }

    /// ` value=611.70 percent unit=万元 digits=0..6 link=0`, each part only when it applies.
    fn number_facts(&self, number: &Number) -> String {
        let mut facts = format!(" value={}", number.value);
        if number.percent {
            facts.push_str(" percent");
        }
        if let Some(unit) = number.unit() {
            let _ = write!(facts, " unit={unit}");
        }
        if number.digits() != number.range {
            let _ = write!(facts, " digits={}", self.leaf(number.digits()));
        }
        if let Some(link) = number.link() {
            let _ = write!(facts, " link={link}");
        }
        facts
    }

    fn link(&mut self, depth: usize, index: usize, link: &Link) {
        let text = self.leaf(link.text);
        let target = self.leaf(link.target);
        self.line(
            depth,
            format_args!(
                "Link {} index={index} text={text} target={target}",
                span(link.range)
            ),
        );
        if let Some(cell) = &link.cell {
            let table = self.leaf(cell.table);
            let row = self.leaf(cell.row);
            let column = self.leaf(cell.column);
            self.line(
                depth + 1,
                format_args!("CellRef table={table} row={row} column={column}"),
            );
        }
    }

    fn errors(&mut self, errors: &[SyntaxError]) {
        if errors.is_empty() {
            self.line(0, format_args!("Errors: none"));
            return;
        }
        self.line(0, format_args!("Errors: {}", errors.len()));
        for error in errors {
            let leaf = self.leaf(error.range);
            let repair = match &error.repair {
                Some(repair) => format!(" repair={repair:?}"),
                None => String::new(),
            };
            self.line(
                1,
                format_args!("{} {leaf} message={:?}{repair}", error.code, error.message),
            );
        }
    }
}

fn span(range: TextRange) -> String {
    format!("{}..{}", range.start, range.end)
}
