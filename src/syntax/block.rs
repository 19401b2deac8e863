//! The block parser: splits the source into front matter, headings, paragraphs, lists, tables
//! and comments. Every line belongs to exactly one block or is blank; nothing is dropped.

use crate::syntax::ast::{Block, Comment, Document, Heading, List, ListItem, Paragraph, Table};
use crate::syntax::attrs::{parse_attrs, split_heading};
use crate::syntax::directive::parse_directive;
use crate::syntax::error::{codes, SyntaxError};
use crate::syntax::inline::parse_inline;
use crate::syntax::lines::{lines, lines_until, Line};
use crate::syntax::table::{is_delimiter, is_table_line, parse_row};
use crate::syntax::{front_matter, Parse};
use crate::text::{range_in, TextRange};

pub fn parse_document(src: &str) -> Parse {
    let mut errors = Vec::new();
    let bom = src.starts_with('\u{feff}');
    let all = lines(src, if bom { 3 } else { 0 });
    let mut doc = Document {
        range: TextRange::new(0, src.len()),
        bom,
        ..Document::default()
    };
    let mut i = 0;
    if let Some((fm, used)) = front_matter::parse(src, &all, &mut errors) {
        doc.front_matter = Some(fm);
        i = used;
    }
    let mut parser = BlockParser {
        src,
        lines: all,
        errors: &mut errors,
        blocks: Vec::new(),
    };
    parser.run(i);
    doc.blocks = parser.blocks;
    doc.blocks.shrink_to_fit();
    attach_tables(src, &mut doc.blocks, &mut errors);
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    Parse {
        document: doc,
        errors,
    }
}

struct BlockParser<'a, 'e> {
    src: &'a str,
    lines: Vec<Line<'a>>,
    errors: &'e mut Vec<SyntaxError>,
    blocks: Vec<Block>,
}

#[derive(PartialEq)]
enum Start {
    Blank,
    Comment,
    Heading,
    Table,
    ListItem,
    Break,
    Text,
}

fn classify(line: &str) -> Start {
    let t = line.trim_start();
    if t.is_empty() {
        Start::Blank
    } else if t.starts_with("<!--") {
        Start::Comment
    } else if heading_level(line).is_some() {
        Start::Heading
    } else if is_table_line(line) {
        Start::Table
    } else if list_marker(line).is_some() {
        Start::ListItem
    } else if is_break(t) {
        Start::Break
    } else {
        Start::Text
    }
}

fn heading_level(line: &str) -> Option<u8> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let hashes = t.len() - t.trim_start_matches('#').len();
    let after = &t[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(hashes as u8)
}

/// `---`, `* * *`, `___`: three or more of one marker, with spaces between them allowed.
/// Runs on every line of text, so it looks at the first character before anything else.
fn is_break(t: &str) -> bool {
    let t = t.trim_end();
    let Some(marker) = t.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    t.bytes().all(|b| b == marker as u8 || b == b' ')
        && t.bytes().filter(|&b| b == marker as u8).count() >= 3
}

/// `- `, `* `, `+ `, `1. `, `1) `: returns (indent, marker length incl. the space, ordered).
fn list_marker(line: &str) -> Option<(usize, usize, bool)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let t = &line[indent..];
    let bullet = t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t']);
    if bullet {
        return Some((indent, 2, false));
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=9).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && t[digits + 1..].starts_with([' ', '\t'])
    {
        return Some((indent, digits + 2, true));
    }
    None
}

/// Parses the blocks from byte `from` (where a block starts) until `stop` accepts the start
/// of the line where the next one would begin: the blocks, their syntax errors and that
/// offset (`None` when the lines ran out first). Only the lines up to `until` (the end of the
/// text, or just after a `\n`) are read. Where that cuts a block short, the block is the last
/// one: the lines run out right after it (or after one blank line, for a list), so `stop` is
/// never asked about a place that the whole text would parse otherwise. See
/// `syntax::reparse`.
pub(super) fn parse_from(
    src: &str,
    from: usize,
    until: usize,
    stop: impl FnMut(usize) -> bool,
) -> (Vec<Block>, Vec<SyntaxError>, Option<usize>) {
    let mut errors = Vec::new();
    let mut parser = BlockParser {
        src,
        lines: lines_until(src, from, until),
        errors: &mut errors,
        blocks: Vec::new(),
    };
    let stopped = parser.run_until(0, stop);
    (parser.blocks, errors, stopped)
}

impl BlockParser<'_, '_> {
    fn run(&mut self, i: usize) {
        self.run_until(i, |_| false);
    }

    /// Parses blocks from line `i` until `stop` accepts the offset of the line where the
    /// next block would start, and returns that offset.
    fn run_until(&mut self, mut i: usize, mut stop: impl FnMut(usize) -> bool) -> Option<usize> {
        while i < self.lines.len() {
            let line = self.lines[i];
            if stop(line.start) {
                return Some(line.start);
            }
            i = match classify(line.text) {
                Start::Blank => i + 1,
                Start::Comment => self.comment(i),
                Start::Heading => self.heading(i),
                Start::Table => self.table(i),
                Start::ListItem => self.list(i),
                Start::Break => {
                    self.blocks
                        .push(Block::ThematicBreak(TextRange::new(line.start, line.end())));
                    i + 1
                }
                Start::Text => self.paragraph(i),
            };
        }
        None
    }

    fn comment(&mut self, i: usize) -> usize {
        let line = self.lines[i];
        let open = line.start + (line.text.len() - line.text.trim_start().len());
        let body_start = open + 4;
        let (end, body_end) = match self.src[body_start..].find("-->") {
            Some(e) => (body_start + e + 3, body_start + e),
            None => {
                self.errors.push(SyntaxError {
                    code: codes::UNCLOSED,
                    range: TextRange::new(open, open + 4),
                    message: "comment is not closed: add `-->`".into(),
                    repair: None,
                });
                (self.src.len(), self.src.len())
            }
        };
        let directive = parse_directive(self.src, &self.src[body_start..body_end], self.errors);
        self.blocks.push(Block::Comment(Comment {
            range: TextRange::new(open, end),
            directive,
        }));
        // Continue after the line that holds the comment's end; text after `-->` on that
        // line is parsed as the start of a line of its own.
        let mut j = i;
        while j < self.lines.len() && self.lines[j].next <= end.saturating_sub(1) {
            j += 1;
        }
        if j < self.lines.len() {
            let line = self.lines[j];
            if end < line.end() && !self.src[end..line.end()].trim().is_empty() {
                self.lines[j] = Line {
                    start: end,
                    text: &self.src[end..line.end()],
                    next: line.next,
                };
                return j;
            }
        }
        j + 1
    }

    fn heading(&mut self, i: usize) -> usize {
        let line = self.lines[i];
        let level = heading_level(line.text).expect("classified as heading");
        let after_marks = line.text.trim_start_matches(' ')[level as usize..].trim_start();
        let (text, attrs) = split_heading(after_marks);
        let text = text.trim_end().trim_end_matches('#').trim_end();
        let attrs = attrs.map(|block| Box::new(parse_attrs(self.src, block, self.errors)));
        let inline = parse_inline(self.src, range_in(self.src, text), self.errors);
        self.blocks.push(Block::Heading(Heading {
            range: TextRange::new(line.start, line.end()),
            level,
            inline,
            attrs,
        }));
        i + 1
    }

    fn paragraph(&mut self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.lines.len() && classify(self.lines[j].text) == Start::Text {
            j += 1;
        }
        let range = self.span(i, j);
        let inline = parse_inline(self.src, range, self.errors);
        self.blocks
            .push(Block::Paragraph(Paragraph { range, inline }));
        j
    }

    fn list(&mut self, i: usize) -> usize {
        let mut items = Vec::new();
        let mut j = i;
        let mut indents: Vec<usize> = Vec::new();
        while j < self.lines.len() {
            let line = self.lines[j];
            let Some((indent, marker_len, ordered)) = list_marker(line.text) else {
                // A blank line followed by another item keeps the list going.
                if line.is_blank()
                    && self
                        .lines
                        .get(j + 1)
                        .is_some_and(|n| list_marker(n.text).is_some())
                {
                    j += 1;
                    continue;
                }
                break;
            };
            while indents.last().is_some_and(|&d| d > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            let depth = (indents.len() - 1) as u8;
            let mut k = j + 1;
            while k < self.lines.len() && classify(self.lines[k].text) == Start::Text {
                k += 1;
            }
            let marker = TextRange::new(line.start + indent, line.start + indent + marker_len - 1);
            let content_start = (line.start + indent + marker_len).min(line.end());
            let content = TextRange::new(content_start, self.span(j, k).end as usize);
            let inline = parse_inline(self.src, content, self.errors);
            items.push(ListItem {
                range: self.span(j, k),
                marker,
                ordered,
                depth,
                inline,
            });
            j = k;
        }
        let range = items
            .first()
            .expect("one item")
            .range
            .cover(items.last().expect("one item").range);
        self.blocks.push(Block::List(List { range, items }));
        j
    }

    fn table(&mut self, i: usize) -> usize {
        let mut j = i;
        // The table's lines, counted first: its rows are sized once (the delimiter line's
        // place is given back by the `shrink_to_fit` below).
        let count = self.lines[i..]
            .iter()
            .take_while(|line| is_table_line(line.text))
            .count();
        let mut rows = Vec::with_capacity(count);
        let mut texts = Vec::new();
        let mut delimiter = None;
        // Room for the pieces of most rows from the start.
        let mut pieces = Vec::with_capacity(16);
        while j < i + count {
            let line = self.lines[j];
            if j == i + 1 && is_delimiter(line.text) {
                delimiter = Some(TextRange::new(line.start, line.end()));
                if let Some(header) = rows.first() {
                    self.check_width(
                        header,
                        &parse_row(
                            self.src,
                            &line,
                            &mut Vec::new(),
                            &mut Vec::new(),
                            &mut pieces,
                        ),
                        "delimiter row",
                    );
                }
            } else {
                let row = parse_row(self.src, &line, &mut texts, self.errors, &mut pieces);
                if let Some(header) = rows.first() {
                    self.check_width(header, &row, "row");
                }
                rows.push(row);
            }
            j += 1;
        }
        let range = self.span(i, j);
        rows.shrink_to_fit();
        if delimiter.is_none() {
            self.errors.push(SyntaxError {
                code: codes::UNCLOSED,
                range: TextRange::new(self.lines[i].start, self.lines[i].end()),
                message: "table has no delimiter row: add `|---|---|` after its first row".into(),
                repair: None,
            });
        }
        self.blocks.push(Block::Table(Box::new(Table {
            range,
            heading: None,
            notes: Vec::new(),
            rows,
            delimiter,
            texts: texts.into_boxed_slice(),
        })));
        j
    }

    fn check_width(
        &mut self,
        header: &crate::syntax::ast::Row,
        row: &crate::syntax::ast::Row,
        what: &str,
    ) {
        let (want, got) = (header.cells.len(), row.cells.len());
        if want != got {
            self.errors.push(SyntaxError {
                code: codes::RAGGED_ROW,
                range: row.range,
                message: format!("{what} has {got} cells but the table's header has {want}"),
                repair: None,
            });
        }
    }

    /// The range from the start of line `i` to the end of line `j - 1`.
    fn span(&self, i: usize, j: usize) -> TextRange {
        TextRange::new(self.lines[i].start, self.lines[j - 1].end())
    }
}

/// Gives each table the heading that names it and the notes that follow it, and checks ids.
pub(super) fn attach_tables(src: &str, blocks: &mut [Block], errors: &mut Vec<SyntaxError>) {
    let mut seen: rustc_hash::FxHashMap<&str, TextRange> = Default::default();
    // Made once, for the first duplicate id (a text may repeat one id many times).
    let mut lines: Option<crate::text::LineIndex> = None;
    let mut claimed = vec![false; blocks.len()];
    for t in 0..blocks.len() {
        if !matches!(blocks[t], Block::Table(_)) {
            continue;
        }
        let mut heading = None;
        for h in (0..t).rev() {
            match &blocks[h] {
                Block::Paragraph(_) | Block::Comment(_) => continue,
                Block::Heading(head)
                    if head.attrs.as_ref().is_some_and(|a| a.id.is_some()) && !claimed[h] =>
                {
                    heading = Some(h);
                }
                _ => {}
            }
            break;
        }
        let mut notes = Vec::new();
        for (n, block) in blocks.iter().enumerate().skip(t + 1) {
            match block {
                Block::Comment(_) => continue,
                Block::Paragraph(p) => {
                    let text = src[p.range.as_range()].trim_start();
                    if ["注：", "注:", "说明：", "说明:"]
                        .iter()
                        .any(|m| text.starts_with(m))
                    {
                        notes.push(n);
                        continue;
                    }
                }
                _ => {}
            }
            break;
        }
        let Block::Table(table) = &mut blocks[t] else {
            unreachable!()
        };
        table.heading = heading;
        table.notes = notes;
        let first_line = TextRange::new(
            table.range.start as usize,
            table.rows.first().map_or(table.range.end, |r| r.range.end) as usize,
        );
        match heading {
            None => errors.push(SyntaxError {
                code: codes::TABLE_ID,
                range: first_line,
                message: "table has no id: put a heading with `{#id}` right above it, e.g. `### 收入决算表 {#t02 no=公开02表}`".into(),
                repair: None,
            }),
            Some(h) => {
                claimed[h] = true;
                let Block::Heading(head) = &blocks[h] else { unreachable!() };
                let id_range = head.attrs.as_ref().and_then(|a| a.id).expect("checked above");
                let id = &src[id_range.as_range()];
                if let Some(first) = seen.get(id) {
                    let line = lines
                        .get_or_insert_with(|| crate::text::LineIndex::new(src))
                        .line_of(first.start as usize)
                        + 1;
                    errors.push(SyntaxError {
                        code: codes::TABLE_ID,
                        range: id_range,
                        message: format!("table id `{id}` is already used by the table on line {line}"),
                        repair: None,
                    });
                } else {
                    seen.insert(id, id_range);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thematic_breaks() {
        for yes in ["---", "***", "___", "- - -", "* * * *", "-----  "] {
            assert!(is_break(yes), "{yes:?}");
        }
        for no in ["--", "-*-", "--- a", "-\t--", "———", "", "中--", "a---"] {
            assert!(!is_break(no), "{no:?}");
        }
    }

    proptest::proptest! {
        /// The scan without a copy agrees with the definition: the line (trimmed at the
        /// start, as `classify` trims it) without its spaces is three or more of one marker.
        #[test]
        fn break_scan_matches_its_definition(t in "[-*_ \ta中]{0,8}") {
            let t = t.trim_start();
            let compact: String = t.trim_end().chars().filter(|c| *c != ' ').collect();
            let defined = compact.chars().count() >= 3
                && ['-', '*', '_'].iter().any(|m| compact.chars().all(|c| c == *m));
            proptest::prop_assert_eq!(is_break(t), defined);
        }
    }
}
