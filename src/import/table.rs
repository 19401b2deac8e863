//! A table as imported: rows of cell texts, header rows, side-by-side blocks, and the repairs
//! of extraction damage that can be told from the table alone (ruling lines, cells continued
//! after a page break, text a narrow column wrapped, columns shifted in the annex's
//! self-evaluation tables, rows missing at the end of a page). Every repair is a guess and
//! is recorded as one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::import::cells::{
    is_code, is_rule_row, is_value, join_wrapped, parse_amount, squeeze, unwrap_spaces,
};
use crate::import::doc::{comment, paragraph, Guess, Out};
use crate::import::Origin;

/// Header labels of figure columns in the annex's self-evaluation tables; a row with two or
/// more of them is a sub-header that the rows below line up with.
const FIGURE_LABELS: &[&str] = &[
    "分值",
    "得分",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "执行率%",
    "预算执行率",
    "偏差度",
    "偏差度%",
];

/// Row labels of total rows.
const TOTAL_SUFFIXES: &[&str] = &["合计", "总计"];

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<String>,
    pub origin: Origin,
    /// A page break (blank line) stands between this row and the one above.
    pub after_break: bool,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub caption: String,
    pub id: String,
    /// The public number as an attribute value: `公开01表`.
    pub no: Option<String>,
    /// The public number as the source writes it: `公开 01 表`.
    pub source_no: Option<String>,
    pub unit: Option<String>,
    /// The 部门 / 年度 / 单位 fragments, in source order.
    pub meta: Vec<String>,
    /// Paragraphs between the caption and the table (a date line).
    pub before: Vec<String>,
    pub kind: Option<String>,
    pub rows: Vec<Row>,
    pub head: usize,
    pub explicit_head: bool,
    /// 1-based first columns of side-by-side blocks; empty for one block.
    pub blocks: Vec<usize>,
    pub truncated: bool,
    pub guesses: Vec<Guess>,
}

/// How a table came in, which decides the repairs that apply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finish {
    /// Extracted text: page breaks, wrapped cells and ruling lines are possible.
    pub from_text: bool,
    /// A 注 or 说明 line follows the table, so its end is not a page cut.
    pub ended_cleanly: bool,
}

impl Table {
    pub fn new(caption: impl Into<String>) -> Table {
        Table {
            caption: caption.into(),
            id: String::new(),
            no: None,
            source_no: None,
            unit: None,
            meta: Vec::new(),
            before: Vec::new(),
            kind: None,
            rows: Vec::new(),
            head: 1,
            explicit_head: false,
            blocks: Vec::new(),
            truncated: false,
            guesses: Vec::new(),
        }
    }

    pub fn is_performance(&self) -> bool {
        self.kind.as_deref() == Some("performance")
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }

    /// Runs every analysis, in order.
    pub fn finish(&mut self, how: Finish) {
        for row in &mut self.rows {
            for cell in &mut row.cells {
                *cell = cell.trim().to_string();
            }
        }
        if how.from_text {
            self.drop_rule_rows();
            self.merge_continuations();
        }
        let width = self.width();
        for row in &mut self.rows {
            row.cells.resize(width, String::new());
        }
        self.detect_head();
        if how.from_text {
            self.unwrap_body_cells();
        }
        self.detect_blocks();
        if self.is_performance() {
            self.align_figures();
            self.spread_text_rows();
        }
        if how.from_text && !how.ended_cleanly {
            self.detect_truncation();
        }
    }

    fn drop_rule_rows(&mut self) {
        let before = self.rows.len();
        let mut first = None;
        self.rows.retain(|r| {
            let rule = is_rule_row(&r.cells);
            if rule && first.is_none() {
                first = Some(r.origin.clone());
            }
            !rule
        });
        if let Some(origin) = first {
            let n = before - self.rows.len();
            self.guesses.push(Guess::new(
                origin,
                format!("{n} row(s) of dashes only (a ruling line of the PDF) left out"),
            ));
        }
    }

    /// Joins a row that only continues the text cells of the row above after a page break
    /// (`中国共产党焦作市 中站区委` … `员会办 公室`).
    fn merge_continuations(&mut self) {
        let mut i = 1;
        while i < self.rows.len() {
            if self.rows[i].after_break
                && is_continuation(&self.rows[i - 1].cells, &self.rows[i].cells)
            {
                let row = self.rows.remove(i);
                let prev = &mut self.rows[i - 1];
                let mut joined = Vec::new();
                for (c, text) in row.cells.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(p) = prev.cells.get_mut(c) {
                        *p = join_wrapped(p, text);
                        joined.push(p.clone());
                    }
                }
                let line = match &row.origin {
                    Origin::Line(n) => format!("line {n}"),
                    other => other.to_string(),
                };
                self.guesses.push(Guess::new(
                    row.origin.clone(),
                    format!(
                        "cells continued after a page break ({line}) joined into the row above: {}",
                        quote_list(&joined)
                    ),
                ));
                continue;
            }
            i += 1;
        }
    }

    fn detect_head(&mut self) {
        let rows = self.rows.len();
        if let Some(r) = (0..rows.min(8)).find(|&r| is_lanci_row(&self.rows[r].cells)) {
            self.head = r + 1;
            self.explicit_head = false;
            return;
        }
        let plain = self
            .rows
            .iter()
            .take_while(|r| !r.cells.iter().any(|c| is_value(c)))
            .count();
        if plain >= rows || plain <= 1 {
            self.head = 1.min(rows);
            self.explicit_head = false;
        } else {
            self.head = plain.min(6);
            self.explicit_head = true;
        }
    }

    /// Removes the spaces a narrow column's wrapping left inside body cells.
    fn unwrap_body_cells(&mut self) {
        let mut examples: Vec<String> = Vec::new();
        let mut count = 0;
        let mut first: Option<Origin> = None;
        for row in self.rows.iter_mut().skip(self.head) {
            for cell in &mut row.cells {
                if let Some(joined) = unwrap_spaces(cell) {
                    count += 1;
                    first.get_or_insert_with(|| row.origin.clone());
                    if examples.len() < 3 && !examples.iter().any(|e| e.contains(&joined)) {
                        examples.push(format!("`{cell}` → `{joined}`"));
                    }
                    *cell = joined;
                }
            }
        }
        if let Some(origin) = first {
            self.guesses.push(Guess::new(
                origin,
                format!(
                    "{count} cell(s) wrapped inside a narrow column joined (a space between two Chinese characters removed), e.g. {}",
                    examples.join(", ")
                ),
            ));
        }
    }

    /// Side-by-side tables: a label column header (项目, 科目编码 …) repeated in one header row.
    fn detect_blocks(&mut self) {
        for row in self.rows.iter().take(self.head) {
            let labels: Vec<String> = row.cells.iter().map(|c| squeeze(c)).collect();
            let Some(first) = labels.first() else {
                continue;
            };
            if !is_label_header(first) {
                continue;
            }
            let starts: Vec<usize> = labels
                .iter()
                .enumerate()
                .filter(|(_, l)| *l == first)
                .map(|(i, _)| i + 1)
                .collect();
            if starts.len() >= 2 {
                self.blocks = starts;
                return;
            }
        }
    }

    /// Lines up the figures of an annex table's rows with the sub-header above them when the
    /// extraction shifted them (a merged column dropped, or cells packed to the left).
    fn align_figures(&mut self) {
        let width = self.width();
        let mut labels: Option<Vec<usize>> = None;
        let mut inherited: Option<isize> = None;
        let mut shifted: Vec<(Origin, isize)> = Vec::new();
        let mut placed: Vec<Origin> = Vec::new();
        for r in 0..self.rows.len() {
            let cells = &self.rows[r].cells;
            if let Some(l) = figure_labels(cells) {
                labels = Some(l);
                inherited = None;
                continue;
            }
            if r < self.head {
                continue;
            }
            let Some(labels) = labels.as_deref() else {
                continue;
            };
            let from = labels.first().copied().unwrap_or(0).saturating_sub(2);
            let values: Vec<usize> = (from..cells.len())
                .filter(|&c| is_value(&cells[c]))
                .collect();
            if values.is_empty() {
                if let Some(s) = inherited {
                    match shift(cells, s, width) {
                        Some(cells) => {
                            self.rows[r].cells = cells;
                            shifted.push((self.rows[r].origin.clone(), s));
                        }
                        None => inherited = None,
                    }
                }
                continue;
            }
            let hits = |s: isize| {
                values
                    .iter()
                    .filter(|&&v| labels.contains(&((v as isize + s) as usize)))
                    .count()
            };
            let base = hits(0);
            if base == values.len() {
                inherited = None;
                continue;
            }
            // Only moves to the right: a merged column the extraction dropped. Figures that
            // stand right of their headers are placed in order instead.
            let shifts = [1isize, 2, 3];
            let full = shifts
                .iter()
                .copied()
                .find(|&s| hits(s) == values.len() && shift(cells, s, width).is_some());
            if let Some(s) = full {
                if let Some(new) = shift(cells, s, width) {
                    self.rows[r].cells = new;
                    shifted.push((self.rows[r].origin.clone(), s));
                    inherited = Some(s);
                }
                continue;
            }
            if values.len() == labels.len() {
                if let Some(new) = place_in_order(cells, &values, labels) {
                    self.rows[r].cells = new;
                    placed.push(self.rows[r].origin.clone());
                }
                inherited = None;
                continue;
            }
            let mut best: Option<(isize, usize)> = None;
            for s in shifts {
                let h = hits(s);
                if h > base && best.is_none_or(|(_, b)| h > b) && shift(cells, s, width).is_some() {
                    best = Some((s, h));
                }
            }
            match best.and_then(|(s, _)| shift(cells, s, width).map(|c| (s, c))) {
                Some((s, new)) => {
                    self.rows[r].cells = new;
                    shifted.push((self.rows[r].origin.clone(), s));
                    inherited = Some(s);
                }
                None => inherited = None,
            }
        }
        for s in [1isize, 2, 3] {
            let rows: Vec<&Origin> = shifted
                .iter()
                .filter(|(_, by)| *by == s)
                .map(|(o, _)| o)
                .collect();
            if let Some(first) = rows.first() {
                self.guesses.push(Guess::new(
                    (*first).clone(),
                    format!(
                        "{} row(s) shifted {} column(s) right so that their figures stand under the 分值/得分/执行率 headers above them (the extraction dropped or added a merged column): {}",
                        rows.len(),
                        s,
                        origins(&rows)
                    ),
                ));
            }
        }
        if let Some(first) = placed.first() {
            let refs: Vec<&Origin> = placed.iter().collect();
            self.guesses.push(Guess::new(
                first.clone(),
                format!(
                    "{} row(s) whose figures did not stand under their headers re-placed one figure per header, in order: {}",
                    placed.len(),
                    origins(&refs)
                ),
            ));
        }
    }

    /// Spreads the cells of a text row packed to the left under the labels of the nearest
    /// label row above with as many labels (任务名称 / 主要内容 / 实际完成情况).
    fn spread_text_rows(&mut self) {
        let mut template: Option<Vec<usize>> = None;
        let mut spread: Vec<Origin> = Vec::new();
        for r in 0..self.rows.len() {
            let cells = &self.rows[r].cells;
            let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
            if filled.len() >= 2 && filled.iter().all(|&c| is_short_label(&cells[c])) {
                template = Some(filled);
                continue;
            }
            if r < self.head || filled.len() < 2 || filled.iter().any(|&c| is_value(&cells[c])) {
                continue;
            }
            let Some(t) = template.as_deref() else {
                continue;
            };
            if t.len() != filled.len() || t == filled.as_slice() {
                continue;
            }
            let mut new = vec![String::new(); cells.len()];
            for (&from, &to) in filled.iter().zip(t) {
                if let Some(slot) = new.get_mut(to) {
                    *slot = cells[from].clone();
                }
            }
            self.rows[r].cells = new;
            spread.push(self.rows[r].origin.clone());
        }
        if let Some(first) = spread.first() {
            let refs: Vec<&Origin> = spread.iter().collect();
            self.guesses.push(Guess::new(
                first.clone(),
                format!(
                    "{} text row(s) packed to the left spread under the labels of the row above them: {}",
                    spread.len(),
                    origins(&refs)
                ),
            ));
        }
    }

    /// Marks the table `truncated` when subject-code parents exceed their listed children and
    /// the table stops without a total row or a note: rows were lost at a page end.
    fn detect_truncation(&mut self) {
        let has_total = self.rows.iter().skip(self.head).any(|r| {
            r.cells.iter().any(|c| {
                let k = squeeze(c);
                TOTAL_SUFFIXES.iter().any(|s| k.ends_with(s))
            })
        });
        if has_total {
            return;
        }
        let width = self.width();
        let starts: Vec<usize> = if self.blocks.is_empty() {
            vec![0]
        } else {
            self.blocks.iter().map(|b| b - 1).collect()
        };
        let mut amounts: BTreeMap<String, (Decimal, String)> = BTreeMap::new();
        for (b, &start) in starts.iter().enumerate() {
            let end = starts.get(b + 1).copied().unwrap_or(width);
            let Some(code_col) = (start..end).find(|&c| {
                self.rows
                    .iter()
                    .skip(self.head)
                    .filter(|r| is_code(&r.cells[c]))
                    .count()
                    >= 2
            }) else {
                continue;
            };
            for row in self.rows.iter().skip(self.head) {
                let code = row.cells[code_col].trim();
                if !is_code(code) {
                    continue;
                }
                let amount = (code_col + 1..end).find_map(|c| parse_amount(&row.cells[c]));
                let label = (code_col + 1..end)
                    .map(|c| row.cells[c].as_str())
                    .find(|t| !t.is_empty() && !is_value(t))
                    .unwrap_or("")
                    .to_string();
                if let Some(a) = amount {
                    amounts.insert(code.to_string(), (a, label));
                }
            }
        }
        let mut short: Vec<String> = Vec::new();
        for (code, (amount, label)) in &amounts {
            let children: Vec<Decimal> = amounts
                .iter()
                .filter(|(c, _)| c.len() == code.len() + 2 && c.starts_with(code.as_str()))
                .map(|(_, (a, _))| *a)
                .collect();
            if children.is_empty() {
                continue;
            }
            let sum: Decimal = children.iter().sum();
            let slack = Decimal::new(5, 3) * Decimal::from(children.len() as u64 + 1);
            if *amount - sum > slack {
                short.push(format!(
                    "{code} {label} is {amount} but its items add up to {sum}"
                ));
            }
        }
        if short.is_empty() {
            return;
        }
        self.truncated = true;
        let origin = self
            .rows
            .last()
            .map_or(Origin::Document, |r| r.origin.clone());
        self.guesses.push(Guess::new(
            origin,
            format!(
                "rows seem lost at the end of a page: {}; no total row and no 注 follow. Marked `truncated` (roll-ups are checked as children ≤ parent)",
                short.join("; ")
            ),
        ));
    }

    pub fn render(&self, out: &mut Out) {
        let mut attrs = vec![format!("#{}", self.id)];
        if let Some(no) = &self.no {
            attrs.push(attr("no", no));
        }
        if let Some(kind) = &self.kind {
            attrs.push(attr("kind", kind));
        }
        if let Some(unit) = &self.unit {
            attrs.push(attr("unit", unit));
        }
        if !self.blocks.is_empty() {
            let b: Vec<String> = self.blocks.iter().map(usize::to_string).collect();
            attrs.push(format!("blocks={}", b.join(",")));
        }
        if self.explicit_head {
            attrs.push(format!("head={}", self.head));
        }
        if self.truncated {
            attrs.push("truncated".into());
        }
        let caption = self.caption.replace(['{', '}', '\n'], " ");
        out.block(&format!("### {} {{{}}}", caption.trim(), attrs.join(" ")));
        if let Some(source) = &self.source_no {
            out.block(&comment(&format!("source: {source}")));
        }
        if !self.meta.is_empty() {
            out.block(&paragraph(&self.meta.join("\u{3000}")));
        }
        for p in &self.before {
            out.block(&paragraph(p));
        }
        for g in &self.guesses {
            out.guess(g);
        }
        let width = self.width();
        if width == 0 {
            return;
        }
        let mut lines: Vec<String> = Vec::with_capacity(self.rows.len() + 1);
        for (i, row) in self.rows.iter().enumerate() {
            lines.push(pipe_row(&row.cells, width));
            if i == 0 {
                lines.push(format!("|{}", "---|".repeat(width)));
            }
        }
        out.block(&lines.join("\n"));
    }
}

fn attr(key: &str, value: &str) -> String {
    if value.is_empty() || value.contains([' ', '}', '"', '=', '\u{3000}']) {
        format!("{key}=\"{}\"", value.replace(['"', '}'], ""))
    } else {
        format!("{key}={value}")
    }
}

fn pipe_row(cells: &[String], width: usize) -> String {
    let mut line = String::from("|");
    for c in 0..width {
        let text = cells.get(c).map_or("", |s| s.as_str());
        let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
        let text = text.trim();
        if text.is_empty() {
            line.push_str(" |");
        } else {
            line.push(' ');
            line.push_str(text);
            line.push_str(" |");
        }
    }
    line
}

/// The row that gives 栏次 numbers: a cell reads 栏次 (spaces ignored), or the cells are 1, 2, 3….
fn is_lanci_row(cells: &[String]) -> bool {
    if cells.iter().any(|c| squeeze(c) == "栏次") {
        return true;
    }
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|t| !t.is_empty())
        .collect();
    filled.len() >= 2
        && filled
            .iter()
            .enumerate()
            .all(|(i, t)| *t == (i + 1).to_string())
}

fn is_label_header(label: &str) -> bool {
    label == "项目"
        || label.contains("科目")
        || label.contains("编码")
        || label.contains("代码")
        || label.ends_with("名称")
}

/// The columns of figure labels when the row is a sub-header (two or more, no figures).
fn figure_labels(cells: &[String]) -> Option<Vec<usize>> {
    if cells.iter().any(|c| is_value(c)) {
        return None;
    }
    let cols: Vec<usize> = (0..cells.len())
        .filter(|&c| FIGURE_LABELS.contains(&squeeze(&cells[c]).as_str()))
        .collect();
    (cols.len() >= 2).then_some(cols)
}

/// A cell of a label row: short, no sentence punctuation, not a figure.
fn is_short_label(text: &str) -> bool {
    let n = text.chars().count();
    (1..=10).contains(&n) && !text.contains(['。', '，', ',', '；', '：', ':']) && !is_value(text)
}

fn is_continuation(prev: &[String], row: &[String]) -> bool {
    let filled: Vec<usize> = (0..row.len())
        .filter(|&c| !row[c].trim().is_empty())
        .collect();
    let prev_filled = prev.iter().filter(|c| !c.trim().is_empty()).count();
    !filled.is_empty()
        && filled.len() < prev_filled
        && filled.iter().all(|&c| {
            !is_value(&row[c])
                && prev
                    .get(c)
                    .is_some_and(|p| !p.trim().is_empty() && !is_value(p))
        })
}

/// The row moved `s` columns (right when positive), or `None` when cells would fall off.
/// A row that starts with a label followed by empty cells (`总分`, merged across the label
/// columns) keeps its label and moves the rest.
fn shift(cells: &[String], s: isize, width: usize) -> Option<Vec<String>> {
    let mut row: Vec<String> = cells.to_vec();
    row.resize(width.max(row.len()), String::new());
    let n = s.unsigned_abs();
    let keep_label = !row[0].is_empty() && row.get(1).is_some_and(|c| c.is_empty());
    let at = usize::from(keep_label);
    if s > 0 {
        if row.len() < at + n || row[row.len() - n..].iter().any(|c| !c.is_empty()) {
            return None;
        }
        row.truncate(row.len() - n);
        for _ in 0..n {
            row.insert(at, String::new());
        }
    } else {
        if row.len() < at + n || row[at..at + n].iter().any(|c| !c.is_empty()) {
            return None;
        }
        row.drain(at..at + n);
        row.resize(row.len() + n, String::new());
    }
    Some(row)
}

/// The row with its figures moved under the labels, one per label in order; text cells stay,
/// or move left to the nearest free column when a figure takes their place.
fn place_in_order(cells: &[String], values: &[usize], labels: &[usize]) -> Option<Vec<String>> {
    let mut new = vec![String::new(); cells.len()];
    for (&from, &to) in values.iter().zip(labels) {
        *new.get_mut(to)? = cells[from].clone();
    }
    for (c, text) in cells.iter().enumerate() {
        if text.is_empty() || values.contains(&c) {
            continue;
        }
        let to = if new[c].is_empty() {
            c
        } else {
            (0..c)
                .rev()
                .find(|&k| new[k].is_empty())
                .or_else(|| (c + 1..new.len()).find(|&k| new[k].is_empty()))?
        };
        new[to] = text.clone();
    }
    Some(new)
}

fn quote_list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(4).map(|s| format!("`{s}`")).collect();
    shown.join(", ")
}

fn origins(list: &[&Origin]) -> String {
    let lines: Vec<String> = list
        .iter()
        .map(|o| match o {
            Origin::Line(n) => format!("line {n}"),
            other => other.to_string(),
        })
        .collect();
    lines.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &str) -> Vec<String> {
        s.split('\t').map(str::to_string).collect()
    }

    #[test]
    fn shifts_keep_a_spanning_label() {
        let row = cells("总分\t\t\t\t\t100\t93.6\t\t\t");
        let moved = shift(&row, 1, 10).unwrap();
        assert_eq!(moved[0], "总分");
        assert_eq!(moved[6], "100");
        assert_eq!(moved[7], "93.6");
        let row = cells("产出指标\t数量指标\tx\t≥1次\t1次\t20\t20\t0.00%\t\t");
        let moved = shift(&row, 1, 10).unwrap();
        assert_eq!(moved[1], "产出指标");
        assert_eq!(moved[8], "0.00%");
        assert!(shift(&cells("a\tb\tc"), 1, 3).is_none());
    }

    #[test]
    fn figures_placed_under_their_labels() {
        let row = cells("\t\t年度资金总额\t\t6\t5.75\t3.04\t10\t52.87\t5.29\t");
        let values: Vec<usize> = (4..10).collect();
        let placed = place_in_order(&row, &values, &[2, 4, 5, 6, 7, 8]).unwrap();
        assert_eq!(placed[1], "年度资金总额");
        assert_eq!(placed[2], "6");
        assert_eq!(placed[8], "5.29");
        assert_eq!(placed[9], "");
    }
}
