//! The extracted-text importer: the text of a PDF report, one line per paragraph or table row,
//! table cells separated by tabs (or, from `pdftotext -layout`, by runs of spaces: see
//! `layout`). It recognises the title, the table of contents, part and section headings,
//! numbered items, table captions with their 公开 numbers and 部门 / 年度 / 单位 lines, table
//! rows across page breaks, 注 lines and paragraphs, and builds a [`Doc`].

use std::collections::HashSet;

use crate::import::cells::{is_cjk, join_wrapped, numeral_value, squeeze};
use crate::import::doc::{Block, Doc, Guess, Item};
use crate::import::front::{self, department_of, id_of_caption, id_of_public_no, public_no};
use crate::import::layout;
use crate::import::table::{Finish, Row, Table};
use crate::import::Origin;

/// A line of the input, classified.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Blank,
    /// Table cells.
    Row(Vec<String>),
    /// Text, trimmed, with the display width of its indent (for layout text).
    Text {
        text: String,
        indent: usize,
    },
}

/// Sentence ends: a paragraph ending otherwise may continue after a page break.
const TERMINAL: &[char] = &[
    '。', '！', '？', '!', '?', '；', ';', '：', ':', '”', '」', '』', '…',
];

pub(crate) fn import(src: &str) -> Doc {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let normalized = src.replace("\r\n", "\n").replace(['\r', '\u{c}'], "\n");
    let raw: Vec<&str> = normalized.split('\n').collect();
    let layout_mode = !normalized.contains('\t');
    let kinds = if layout_mode {
        layout::classify(&raw)
    } else {
        raw.iter().map(|l| classify_tabbed(l)).collect()
    };
    let mut w = Walker::new(layout_mode);
    w.walk(&kinds);
    w.finish()
}

fn classify_tabbed(line: &str) -> Kind {
    if line.trim().is_empty() {
        return Kind::Blank;
    }
    if line.contains('\t') {
        return Kind::Row(line.split('\t').map(|c| c.trim().to_string()).collect());
    }
    Kind::Text {
        text: trim_text(line),
        indent: 0,
    }
}

/// Trims ASCII and ideographic white space at both ends.
pub(crate) fn trim_text(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace()).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Toc,
    Body,
}

struct Walker {
    layout: bool,
    doc: Doc,
    state: State,
    title: Option<String>,
    toc: Vec<Item>,
    toc_guesses: Vec<Guess>,
    /// Lines of the contents whose dot leaders and page numbers were left out.
    toc_leaders: Vec<usize>,
    toc_last_part: u32,
    toc_parts: usize,
    pending: Option<Table>,
    open: Option<Table>,
    /// A blank line since the last table row.
    saw_break: bool,
    /// A blank line since the last text line.
    blank_before: bool,
    /// The indent of the last text line (layout text).
    last_indent: usize,
    in_annex_part: bool,
    annex_no: Option<u32>,
    annex_tables: u32,
    other_tables: u32,
    ids: HashSet<String>,
}

impl Walker {
    fn new(layout: bool) -> Walker {
        Walker {
            layout,
            doc: Doc::default(),
            state: State::Start,
            title: None,
            toc: Vec::new(),
            toc_guesses: Vec::new(),
            toc_leaders: Vec::new(),
            toc_last_part: 0,
            toc_parts: 0,
            pending: None,
            open: None,
            saw_break: false,
            blank_before: false,
            last_indent: 0,
            in_annex_part: false,
            annex_no: None,
            annex_tables: 0,
            other_tables: 0,
            ids: HashSet::new(),
        }
    }

    fn walk(&mut self, kinds: &[Kind]) {
        for (i, kind) in kinds.iter().enumerate() {
            let line = i + 1;
            match kind {
                Kind::Blank => {
                    if self.open.is_some() {
                        self.saw_break = true;
                    }
                    self.blank_before = true;
                }
                Kind::Row(cells) => {
                    let filled: Vec<usize> =
                        (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
                    if filled.is_empty() {
                        self.blank_before = true;
                        continue;
                    }
                    if self.open.is_none() && filled == [0] {
                        self.text(&cells[0], 0, line, kinds, i);
                        continue;
                    }
                    let joined = cells.join("\t");
                    if self.open.is_none() && meta_fragments(&joined).is_some() {
                        self.text(&joined, 0, line, kinds, i);
                        continue;
                    }
                    self.row(cells.clone(), line);
                }
                Kind::Text { text, indent } => self.text(text, *indent, line, kinds, i),
            }
        }
    }

    fn finish(mut self) -> Doc {
        self.close_table(false);
        if self.state == State::Toc {
            self.end_toc();
        }
        self.flush_pending();
        let title = self.title.clone();
        if let Some(g) = front::infer(&mut self.doc, title.as_deref()) {
            self.doc.blocks.insert(0, Block::Guess(g));
        }
        self.doc
    }

    fn row(&mut self, cells: Vec<String>, line: usize) {
        if self.state == State::Toc {
            self.end_toc();
        }
        self.state = State::Body;
        let table = self.open.get_or_insert_with(|| {
            self.pending
                .take()
                .unwrap_or_else(|| Table::new(String::new()))
        });
        let after_break = self.saw_break && !table.rows.is_empty();
        table.rows.push(Row {
            cells,
            origin: Origin::Line(line),
            after_break,
        });
        self.saw_break = false;
        self.blank_before = false;
    }

    fn text(&mut self, t: &str, indent: usize, line: usize, kinds: &[Kind], i: usize) {
        let t = trim_text(t);
        if t.is_empty() {
            return;
        }
        let blank_before = std::mem::replace(&mut self.blank_before, false);
        let last_indent = std::mem::replace(&mut self.last_indent, indent);
        if self.open.is_some() {
            if is_inline_row(&t) {
                self.row(vec![t], line);
                return;
            }
            let clean = is_note(&t);
            self.close_table(clean);
        }
        if self.state == State::Toc {
            if self.toc_line(&t, line) {
                return;
            }
            self.end_toc();
        }
        if self.state == State::Start
            && self.title.is_none()
            && part_heading(&t).is_none()
            && !is_toc_title(&t)
            && !(is_table_title(&t) && rows_follow(kinds, i))
        {
            self.title = Some(t.clone());
            self.push(Block::Heading {
                level: 1,
                text: t,
                attrs: None,
            });
            return;
        }
        if is_toc_title(&t) {
            self.push(Block::Heading {
                level: 2,
                text: t,
                attrs: Some("#toc".into()),
            });
            self.state = State::Toc;
            return;
        }
        self.state = State::Body;
        if part_heading(&t).is_some() {
            self.in_annex_part = squeeze(&t).contains("附件");
            self.annex_no = None;
            self.push(Block::Heading {
                level: 1,
                text: t,
                attrs: None,
            });
            return;
        }
        if let Some(n) = annex_heading(&t) {
            self.annex_no = Some(n);
            self.annex_tables = 0;
            self.push(Block::Heading {
                level: 2,
                text: t,
                attrs: None,
            });
            return;
        }
        let mut t = t;
        if let Some(fragments) = meta_fragments(&t) {
            t = fragments.join("\u{3000}");
            if let Some(p) = self.pending.as_mut() {
                for f in fragments {
                    if let Some(no) = public_no(&f) {
                        p.no = Some(no);
                        p.source_no = Some(f);
                    } else {
                        if let Some(u) = front::unit_of(&f) {
                            p.unit = Some(u);
                        }
                        p.meta.push(f);
                    }
                }
                return;
            }
        }
        if is_table_title(&t) && rows_follow(kinds, i) {
            self.flush_pending();
            self.pending = Some(Table::new(t));
            return;
        }
        if let Some((caption, meta)) = caption_with_meta(&t).filter(|_| rows_follow(kinds, i)) {
            self.flush_pending();
            self.pending = Some(Table::new(caption));
            self.text(&meta.join("\t"), indent, line, kinds, i);
            return;
        }
        if let Some(p) = self.pending.as_mut() {
            if !is_heading_line(&t) {
                p.before.push(t);
                return;
            }
        }
        if let Some(level) = section_level(&t) {
            self.push(Block::Heading {
                level,
                text: t,
                attrs: None,
            });
            return;
        }
        if let Some((marker, rest)) = list_item(&t) {
            let item = Item {
                depth: 0,
                marker,
                text: rest,
            };
            if let Some(Block::List(items)) = self.doc.blocks.last_mut() {
                items.push(item);
            } else {
                self.push(Block::List(vec![item]));
            }
            return;
        }
        self.paragraph(t, line, blank_before, indent, last_indent);
    }

    fn paragraph(
        &mut self,
        t: String,
        line: usize,
        blank_before: bool,
        indent: usize,
        last: usize,
    ) {
        let layout_wrap = self.layout && !blank_before && indent <= last;
        if let Some(Block::Paragraph(prev)) = self.doc.blocks.last_mut() {
            if layout_wrap {
                *prev = join_wrapped(prev, &t);
                return;
            }
            if blank_before && continues(prev, &t) {
                let joined_at = prev.chars().rev().take(6).collect::<Vec<_>>();
                let tail: String = joined_at.into_iter().rev().collect();
                let head: String = t.chars().take(6).collect();
                *prev = join_wrapped(prev, &t);
                let at = self.doc.blocks.len() - 1;
                self.doc.blocks.insert(
                    at,
                    Block::Guess(Guess::new(
                        Origin::Line(line),
                        format!(
                            "a paragraph split by a page break joined (`…{tail}` + `{head}…`, line {line})"
                        ),
                    )),
                );
                return;
            }
        }
        if let Some(Block::List(items)) = self.doc.blocks.last_mut() {
            if let Some(last_item) = items.last_mut() {
                if (layout_wrap || blank_before) && continues(&last_item.text, &t) {
                    last_item.text = join_wrapped(&last_item.text, &t);
                    if !layout_wrap {
                        let at = self.doc.blocks.len() - 1;
                        self.doc.blocks.insert(
                            at,
                            Block::Guess(Guess::new(
                                Origin::Line(line),
                                format!("a list item split by a page break joined (line {line})"),
                            )),
                        );
                    }
                    return;
                }
            }
        }
        self.push(Block::Paragraph(t));
    }

    /// A line of the table of contents; false when the contents have ended.
    fn toc_line(&mut self, t: &str, line: usize) -> bool {
        let (t, leaders) = strip_leaders(t);
        if leaders {
            self.toc_leaders.push(line);
        }
        if let Some(n) = part_heading(&t) {
            if self.toc_parts > 0 && n <= self.toc_last_part {
                return false;
            }
            self.toc_last_part = n;
            self.toc_parts += 1;
            self.toc.push(Item {
                depth: 0,
                marker: "-".into(),
                text: t,
            });
            return true;
        }
        let depth = usize::from(self.toc_parts > 0);
        for bullet in ["- ", "• ", "· ", "-\u{3000}"] {
            if let Some(rest) = t.strip_prefix(bullet) {
                self.toc.push(Item {
                    depth,
                    marker: "-".into(),
                    text: trim_text(rest),
                });
                return true;
            }
        }
        let chars = t.chars().count();
        if section_level(&t).is_some() || annex_heading(&t).is_some() || list_item(&t).is_some() {
            self.toc.push(Item {
                depth,
                marker: "-".into(),
                text: t,
            });
            return true;
        }
        if chars <= 6 && !t.contains(TERMINAL) {
            if let Some(last) = self.toc.last_mut() {
                last.text = join_wrapped(&last.text, &t);
                self.toc_guesses.push(Guess::new(
                    Origin::Line(line),
                    format!(
                        "the contents line `{t}` (line {line}) continues the entry above: joined into `{}`",
                        last.text
                    ),
                ));
                return true;
            }
        }
        if self.toc_parts > 0 && chars <= 40 && !t.contains(TERMINAL) && !t.contains('，') {
            self.toc.push(Item {
                depth,
                marker: "-".into(),
                text: t,
            });
            return true;
        }
        false
    }

    fn end_toc(&mut self) {
        self.state = State::Body;
        let leaders = std::mem::take(&mut self.toc_leaders);
        if let Some(&first) = leaders.first() {
            self.doc.blocks.push(Block::Guess(Guess::new(
                Origin::Line(first),
                format!(
                    "dot leaders and page numbers left out of {} contents line(s) (lines {}–{})",
                    leaders.len(),
                    first,
                    leaders.last().copied().unwrap_or(first)
                ),
            )));
        }
        for g in std::mem::take(&mut self.toc_guesses) {
            self.doc.blocks.push(Block::Guess(g));
        }
        let items = std::mem::take(&mut self.toc);
        if !items.is_empty() {
            self.doc.blocks.push(Block::List(items));
        }
    }

    /// Ends the open table: ids, repairs, and the block.
    fn close_table(&mut self, clean: bool) {
        let Some(mut table) = self.open.take() else {
            return;
        };
        self.saw_break = false;
        self.assign_id(&mut table);
        table.finish(Finish {
            from_text: true,
            ended_cleanly: clean,
        });
        self.doc.blocks.push(Block::Table(Box::new(table)));
    }

    fn assign_id(&mut self, table: &mut Table) {
        if table.caption.is_empty() {
            table.caption = "表".into();
            table.guesses.push(Guess::new(
                table
                    .rows
                    .first()
                    .map_or(Origin::Document, |r| r.origin.clone()),
                "a table without a caption line",
            ));
        }
        let standard = table
            .no
            .as_deref()
            .and_then(id_of_public_no)
            .or_else(|| id_of_caption(&table.caption));
        let id = match standard {
            Some(id) => id,
            None if self.annex_no.is_some() || self.in_annex_part => {
                table.kind = Some("performance".into());
                let n = self.annex_no.unwrap_or(1);
                self.annex_tables += 1;
                if self.annex_tables == 1 {
                    format!("a{n}")
                } else {
                    format!("a{n}-{}", self.annex_tables - 1)
                }
            }
            None => {
                self.other_tables += 1;
                format!("x{}", self.other_tables)
            }
        };
        let mut unique = id.clone();
        let mut k = 2;
        while self.ids.contains(&unique) {
            unique = format!("{id}-{k}");
            k += 1;
        }
        self.ids.insert(unique.clone());
        table.id = unique;
    }

    /// A caption whose table never came: a heading with its lines.
    fn flush_pending(&mut self) {
        let Some(p) = self.pending.take() else {
            return;
        };
        self.doc.blocks.push(Block::Heading {
            level: 3,
            text: p.caption,
            attrs: None,
        });
        let mut lines = Vec::new();
        if let Some(s) = p.source_no {
            lines.push(s);
        }
        lines.extend(p.meta);
        if !lines.is_empty() {
            self.doc
                .blocks
                .push(Block::Paragraph(lines.join("\u{3000}")));
        }
        for b in p.before {
            self.doc.blocks.push(Block::Paragraph(b));
        }
    }

    fn push(&mut self, block: Block) {
        self.flush_pending();
        self.doc.blocks.push(block);
    }
}

/// `第三部分 …` → 3.
pub(crate) fn part_heading(t: &str) -> Option<u32> {
    let s = squeeze(t);
    let rest = s.strip_prefix('第')?;
    let end = rest.find("部分")?;
    let n = numeral_value(&rest[..end])?;
    (t.chars().count() <= 80).then_some(n)
}

/// `附件 1: 《…》` → 1.
pub(crate) fn annex_heading(t: &str) -> Option<u32> {
    let s = squeeze(t);
    let rest = s.strip_prefix("附件")?;
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    let n = numeral_value(&digits)?;
    let after = &rest[digits.len()..];
    let ok = after.is_empty() || after.starts_with([':', '：', '、', '.', '《']);
    (ok && t.chars().count() <= 60).then_some(n)
}

fn is_toc_title(t: &str) -> bool {
    matches!(squeeze(t).as_str(), "目录" | "目次")
}

/// `一、…` headings (level 2) and `（一）…` headings (level 3), when short and not a sentence.
pub(crate) fn section_level(t: &str) -> Option<u8> {
    let chars = t.chars().count();
    if t.contains(['：', ':', '，', ',', '；']) {
        return None;
    }
    if let Some((numeral, _)) = t.split_once('、') {
        if numeral_value(numeral).is_some() && !numeral.bytes().all(|b| b.is_ascii_digit()) {
            return (chars <= 40 && !t.ends_with('。')).then_some(2);
        }
    }
    let rest = t.strip_prefix('（').or_else(|| t.strip_prefix('('))?;
    let close = rest.find(['）', ')'])?;
    numeral_value(&rest[..close])?;
    (chars <= 40).then_some(3)
}

/// A heading of any kind: such a line never belongs to a table's preamble.
fn is_heading_line(t: &str) -> bool {
    part_heading(t).is_some() || annex_heading(t).is_some() || section_level(t).is_some()
}

/// `1. text` → (`1.`, `text`).
fn list_item(t: &str) -> Option<(String, String)> {
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &t[digits.len()..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．'))?;
    if !rest.starts_with([' ', '\u{3000}']) {
        return None;
    }
    let text = trim_text(rest);
    (!text.is_empty()).then(|| (format!("{digits}."), text))
}

/// A table caption: short, no sentence punctuation, ends with 表.
fn is_table_title(t: &str) -> bool {
    let s = squeeze(t);
    t.chars().count() <= 40
        && s.ends_with('表')
        && public_no(&s).is_none()
        && !t.contains(['。', '，', '：', ':', '；', '《'])
        && annex_heading(t).is_none()
}

/// Whether table rows follow line `i` before any ordinary text.
fn rows_follow(kinds: &[Kind], i: usize) -> bool {
    let mut seen = 0;
    for k in kinds.iter().skip(i + 1) {
        match k {
            Kind::Blank => continue,
            Kind::Row(cells) => {
                let filled = cells.iter().filter(|c| !c.is_empty()).count();
                if filled >= 2 {
                    return true;
                }
                if filled == 1 && is_table_title(&cells[0]) {
                    return false;
                }
            }
            Kind::Text { text, .. } => {
                let short = text.chars().count() <= 24 && !text.contains(['。', '，']);
                if meta_fragments(text).is_none() && !short {
                    return false;
                }
                if is_table_title(text) || is_heading_line(text) {
                    return false;
                }
            }
        }
        seen += 1;
        if seen > 8 {
            return false;
        }
    }
    false
}

/// The 部门 / 年度 / 单位 / 公开 fragments of a table's preamble line, or `None` when the line
/// is something else. Fragments are separated by tabs, ideographic spaces or runs of spaces.
pub(crate) fn meta_fragments(t: &str) -> Option<Vec<String>> {
    let fragments = fragments(t);
    let all_meta = !fragments.is_empty() && fragments.iter().all(|f| is_meta(f));
    all_meta.then_some(fragments)
}

fn is_meta(f: &str) -> bool {
    department_of(f).is_some()
        || front::year_of(f).is_some()
        || front::unit_of(f).is_some()
        || public_no(f).is_some()
}

/// A caption with preamble fragments on the same line (`收入支出决算总表      公开01表`).
fn caption_with_meta(t: &str) -> Option<(String, Vec<String>)> {
    let mut parts = fragments(t);
    if parts.len() < 2 || !is_table_title(&parts[0]) || !parts[1..].iter().all(|f| is_meta(f)) {
        return None;
    }
    let caption = parts.remove(0);
    Some((caption, parts))
}

/// The pieces of a line separated by tabs, ideographic spaces or runs of two or more spaces.
fn fragments(t: &str) -> Vec<String> {
    let mut fragments = Vec::new();
    let mut current = String::new();
    let mut spaces = 0;
    for c in t.chars() {
        if c == '\t' || c == '\u{3000}' || (c == ' ' && spaces >= 1) {
            if !current.trim().is_empty() {
                fragments.push(current.trim().to_string());
            }
            current.clear();
            spaces = 0;
            continue;
        }
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces > 0 {
                current.push(' ');
            }
            spaces = 0;
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        fragments.push(current.trim().to_string());
    }
    fragments
}

/// A short line inside a table that is a row of its own (`合计` on a line without tabs).
fn is_inline_row(t: &str) -> bool {
    let s = squeeze(t);
    matches!(s.as_str(), "合计" | "总计" | "小计" | "总分")
}

/// A 注 or 说明 line after a table.
fn is_note(t: &str) -> bool {
    let s = squeeze(t);
    ["注：", "注:", "说明：", "说明:", "备注"]
        .iter()
        .any(|p| s.starts_with(p))
}

/// Whether `next` continues the paragraph `prev` across a page break.
fn continues(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    prev.chars().count() >= 15
        && !TERMINAL.contains(&last)
        && (is_cjk(last)
            || last.is_alphanumeric()
            || matches!(last, ',' | '、' | '，' | ')' | '）'))
        && !next.starts_with(['注', '附'])
}

/// Removes dot leaders and a trailing page number from a contents line.
fn strip_leaders(t: &str) -> (String, bool) {
    let trimmed = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let without = trimmed.trim_end_matches(['.', '…', '·', '．', ' ', '-', '—']);
    let had_leaders = without.len() + 2 <= trimmed.len() && trimmed.len() < t.len();
    if had_leaders {
        (trim_text(without), true)
    } else {
        (t.to_string(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(part_heading("第三部分 2023 年度决算情况说明"), Some(3));
        assert_eq!(part_heading("第二部分"), Some(2));
        assert_eq!(
            annex_heading("附件 1: 《2023 年度部门整体支出自评表》"),
            Some(1)
        );
        assert_eq!(section_level("一、收入支出决算总体情况说明"), Some(2));
        assert_eq!(section_level("（一）总体情况。"), Some(3));
        assert_eq!(section_level("(二) 项目绩效自评结果。"), Some(3));
        assert_eq!(
            section_level("一、财政拨款收入：单位从同级政府财政部门取得的财政预算资金。"),
            None
        );
        assert_eq!(section_level("1、事项"), None);
        assert!(list_item("1. 因公出国（境）费").is_some());
        assert!(list_item("2023 年度").is_none());
        assert!(list_item("35.36 万元").is_none());
    }

    #[test]
    fn preamble_lines() {
        assert_eq!(
            meta_fragments("部门：某某局　2023 年度　单位：万元").unwrap(),
            ["部门：某某局", "2023 年度", "单位：万元"]
        );
        assert_eq!(meta_fragments("公开 01 表").unwrap(), ["公开 01 表"]);
        assert!(meta_fragments("本部门职责按规定不予公开。").is_none());
        assert!(is_table_title("收入支出决算总表"));
        assert!(!is_table_title("公开 01 表"));
        assert_eq!(
            strip_leaders("第一部分 部门概况 ........ 3"),
            ("第一部分 部门概况".to_string(), true)
        );
        assert_eq!(
            strip_leaders("一、部门职责"),
            ("一、部门职责".to_string(), false)
        );
    }
}
