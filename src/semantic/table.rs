//! Tables as data: header paths, column roles, rows with codes, 行次 and labels, and the
//! numeric cells of each row. A table laid out as several blocks side by side (公开01/04/06表)
//! becomes one row per block per line, so that each block is addressed on its own.

use std::borrow::Cow;
use std::num::NonZeroU8;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::decimal::Packed;
use crate::semantic::labels::{key, normalize};
use crate::syntax::ast::{Attrs, Block, CellContent, Document, Table};
use crate::text::{holds, TextRange};

#[derive(Debug, Clone)]
pub struct TableModel {
    pub id: Box<str>,
    pub id_range: Option<TextRange>,
    /// Index of the table in `Document::blocks`.
    pub block: usize,
    pub range: TextRange,
    /// The heading text that names the table (its caption), normalised.
    pub caption: Box<str>,
    pub caption_range: Option<TextRange>,
    pub no: Option<Box<str>>,
    pub unit: Option<Box<str>>,
    pub truncated: bool,
    pub kind: Option<Box<str>>,
    pub columns: Vec<Column>,
    /// Number of header rows.
    pub head: usize,
    pub rows: Vec<RowModel>,
    /// The rows by code and by label key, made once [`TableModel::find_rows`] has scanned the
    /// rows a few times (the identities look rows up by key again and again).
    /// Moving a model's ranges or changing its figures leaves it valid; its rows' codes and
    /// labels never change once it is made.
    pub(crate) row_index: RowIndexCache,
}

/// The lazily made [`RowIndex`] of a table, made by the lookup after [`SCANS`] scans: making
/// the index costs several scans (four on the generated report's tables), and a table is
/// looked up a few times (a report's cell references) or many (the identities' rows, each by
/// its key). A cache, so not part of
/// what a model shows (`Debug`), which compares a reanalysis with a fresh analysis in the
/// tests; either may have made it.
#[derive(Default)]
pub(crate) struct RowIndexCache {
    /// Boxed: most tables never make one, and a report holds many tables.
    index: std::sync::OnceLock<Box<RowIndex>>,
    lookups: std::sync::atomic::AtomicU32,
}

/// How many lookups of a table scan its rows before the index is made.
const SCANS: u32 = 8;

impl RowIndexCache {
    /// The index, if the table was looked up [`SCANS`] times before.
    fn get(&self, rows: &[RowModel]) -> Option<&RowIndex> {
        use std::sync::atomic::Ordering::Relaxed;
        if self.index.get().is_none() && self.lookups.fetch_add(1, Relaxed) < SCANS {
            return None;
        }
        Some(self.index.get_or_init(|| Box::new(RowIndex::new(rows))))
    }
}

impl Clone for RowIndexCache {
    fn clone(&self) -> RowIndexCache {
        RowIndexCache {
            index: self.index.clone(),
            lookups: self
                .lookups
                .load(std::sync::atomic::Ordering::Relaxed)
                .into(),
        }
    }
}

impl std::fmt::Debug for RowIndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RowIndexCache")
    }
}

/// The rows of a table by a hash of their code and of their label key: `(hash, row)`, sorted,
/// so the rows of one hash are in table order. A lookup compares the keys themselves too.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowIndex {
    codes: Vec<(u64, u32)>,
    labels: Vec<(u64, u32)>,
}

impl RowIndex {
    fn new(rows: &[RowModel]) -> RowIndex {
        let mut index = RowIndex::default();
        for (i, r) in rows.iter().enumerate() {
            let i = u32::try_from(i).expect("a table has fewer than 2^32 rows");
            if let Some(digits) = r.code_digits() {
                index.codes.push((key_hash(digits), i));
            }
            if !r.label_key().is_empty() {
                index.labels.push((key_hash(r.label_key().as_bytes()), i));
            }
        }
        index.codes.sort_unstable();
        index.labels.sort_unstable();
        index
    }

    /// The rows, in table order, of `entries` under `key`'s hash for which `is` holds.
    fn rows(entries: &[(u64, u32)], key: &[u8], is: impl Fn(usize) -> bool) -> Vec<usize> {
        let h = key_hash(key);
        let from = entries.partition_point(|e| e.0 < h);
        entries[from..]
            .iter()
            .take_while(|e| e.0 == h)
            .map(|e| e.1 as usize)
            .filter(|&r| is(r))
            .collect()
    }
}

fn key_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(bytes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Subject codes (科目编码).
    Code,
    /// Row numbers (行次).
    LineNo,
    /// Row labels (项目, 科目名称).
    Label,
    /// Amounts, rates, scores.
    Value,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub(crate) index: u32,
    /// Header labels from the top, normalised, with merged cells resolved (boxed: a report
    /// holds one per table column).
    pub path: Box<[Box<str>]>,
    /// The 栏次 number, when the table has a 栏次 row.
    pub lanci: Option<u32>,
    pub role: Role,
    /// Which side-by-side block the column belongs to.
    pub(crate) block: u32,
    /// Range of the lowest header cell with text, for related labels.
    pub header_range: Option<TextRange>,
    /// Whether a header label above it names a budget (预算数, 年初预算, 全年预算): worked out
    /// once, as the linker asks it of every column a subject may name.
    pub budget: bool,
}

// A report holds one per table column (ARCHITECTURE.md gives the layout).
const _: () = assert!(std::mem::size_of::<Column>() <= 48);

impl Column {
    /// Its index among the table's cells of a row.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// Which side-by-side block it belongs to.
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// The most specific label.
    pub fn label(&self) -> &str {
        self.path.last().map_or("", |l| l)
    }

    pub fn display(&self) -> String {
        match self.lanci {
            Some(n) => format!("{} (栏次 {n})", self.path.join("/")),
            None => self.path.join("/"),
        }
    }
}

/// One block's part of one body line, 72 bytes: a report holds one per body line of its
/// tables, so the optional parts carry their ranges and the indices are `u32`.
#[derive(Debug, Clone)]
pub struct RowModel {
    /// Index of the syntax row in `Table::rows`.
    line: u32,
    block: u32,
    code: Option<Code>,
    label: Option<Label>,
    /// The 行次 number, [`NO_LINE_NO`] for none.
    line_no: u32,
    /// Boxed slices, not vectors: a report holds a row model per body line (see
    /// `examples/phases` for the memory this keeps down).
    pub cells: Box<[ValueCell]>,
}

const _: () = assert!(std::mem::size_of::<RowModel>() <= 72);

/// A subject code (3, 5 or 7 ASCII digits, see [`as_code`]) kept in place, and where it is.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Code {
    digits: [u8; 7],
    len: NonZeroU8,
    /// Where the digits start (they are the code's whole range).
    start: u32,
}

/// The label as written (ordinal and spaces kept), its matching key, and the cell it is in.
/// Most labels are their own key: the key is kept after the label, in the same string, only
/// when it differs. The string is shared ([`Labels`]) by every row with the same label.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Label {
    /// The label, then the key when that differs.
    text: Arc<str>,
    /// Bytes of the label in `text`.
    label_len: u32,
    /// Where the key starts in `text` (0: the label is the key).
    key_at: u32,
    range: TextRange,
}

/// The label strings of an analysis's tables, one copy of each: a report repeats its subjects'
/// labels from table to table (`行政运行` in the 02, 03, 04 and 06 tables), and a compilation
/// of many departments repeats them in every department's. A row's label is then a lookup,
/// not an allocation, and the model holds each label once.
#[derive(Debug, Default)]
pub struct Labels(rustc_hash::FxHashMap<Arc<str>, (Arc<str>, u32)>);

impl Labels {
    /// A label's shared text (the label, then its key where the key differs) and where its
    /// key starts in it: made once per distinct label, so that a repeated label's key is not
    /// worked out again (`key` normalises it and strips its ordinal).
    fn get(&mut self, label: &str) -> (Arc<str>, u32) {
        if let Some((text, key_at)) = self.0.get(label) {
            return (Arc::clone(text), *key_at);
        }
        let key = key(label);
        // A key that borrows the label whole is the label (`key` borrows a suffix of it).
        let same = match &key {
            Cow::Borrowed(k) => k.len() == label.len(),
            Cow::Owned(k) => k == label,
        };
        let (text, name, key_at): (Arc<str>, Arc<str>, u32) = if same {
            let text: Arc<str> = Arc::from(label);
            (Arc::clone(&text), text, 0)
        } else {
            let text = Arc::from([label, &*key].concat());
            (text, Arc::from(label), u32_len(label))
        };
        self.0.insert(name, (Arc::clone(&text), key_at));
        (text, key_at)
    }
}

/// A label's length as kept in a [`Label`].
fn u32_len(s: &str) -> u32 {
    u32::try_from(s.len()).expect("a label shorter than its u32 text")
}

impl Label {
    fn new(label: &str, range: TextRange, labels: &mut Labels) -> Label {
        let (text, key_at) = labels.get(label);
        Label {
            text,
            label_len: u32_len(label),
            key_at,
            range,
        }
    }

    fn label(&self) -> &str {
        &self.text[..self.label_len as usize]
    }

    fn key(&self) -> &str {
        &self.text[self.key_at as usize..]
    }
}

impl Code {
    /// The code whose digits are `code`, at `start`.
    fn new(code: &str, start: usize) -> Code {
        debug_assert!(
            as_code(code) == Some(code),
            "{code:?} is not a subject code"
        );
        let mut digits = [0; 7];
        digits[..code.len()].copy_from_slice(code.as_bytes());
        Code {
            digits,
            len: NonZeroU8::new(code.len() as u8).expect("a code has digits"),
            start: u32::try_from(start).expect("offsets inside a u32 text"),
        }
    }

    fn range(&self) -> TextRange {
        let start = self.start as usize;
        TextRange::new(start, start + usize::from(self.len.get()))
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..usize::from(self.len.get())]
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.digits()).expect("ASCII digits")
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} at {:?}", self.as_str(), self.range())
    }
}

/// A row model's 行次 when it has none (a 行次 that large is none too).
const NO_LINE_NO: u32 = u32::MAX;

impl RowModel {
    /// The 行次 number written in its row.
    pub fn line_no(&self) -> Option<u32> {
        (self.line_no != NO_LINE_NO).then_some(self.line_no)
    }

    /// Index of the syntax row in `Table::rows`.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// Index of the column block (a table side by side with another) the row belongs to.
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// The subject code (科目编码), if the row has one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_ref().map(Code::as_str)
    }

    /// The subject code's digits as bytes, for the table rules that compare codes row by row
    /// ([`RowModel::code`] checks them as UTF-8 again on every call).
    pub fn code_digits(&self) -> Option<&[u8]> {
        self.code.as_ref().map(Code::digits)
    }

    /// Where the code is written.
    pub fn code_range(&self) -> Option<TextRange> {
        self.code.as_ref().map(Code::range)
    }

    /// The label as written (ordinal and spaces kept), if the row has one.
    pub fn label(&self) -> Option<&str> {
        self.label.as_ref().map(Label::label)
    }

    /// The cell the label is written in.
    pub fn label_range(&self) -> Option<TextRange> {
        self.label.as_ref().map(|l| l.range)
    }

    /// The label's matching key ([`crate::semantic::labels::key`]); empty without a label.
    pub fn label_key(&self) -> &str {
        self.label.as_ref().map_or("", Label::key)
    }

    /// Every range it holds but its cells', to move them (see `semantic::reuse`).
    pub(crate) fn ranges_mut(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        if let Some(code) = &mut self.code {
            let mut range = code.range();
            f(&mut range);
            code.start = range.start;
        }
        if let Some(label) = &mut self.label {
            f(&mut label.range);
        }
    }

    /// Whether `other` is this row but for its figures and ranges: same place, code,
    /// label, line number and value columns (see `semantic::reuse`).
    pub fn same_but_figures_and_ranges(&self, other: &RowModel) -> bool {
        // Every field is named, so that a new one is considered here.
        let RowModel {
            line,
            block,
            code,
            label,
            line_no,
            cells,
        } = self;
        *line == other.line
            && *block == other.block
            && code.as_ref().map(Code::digits) == other.code.as_ref().map(Code::digits)
            // The key is made from the label.
            && label.as_ref().map(Label::label) == other.label.as_ref().map(Label::label)
            && *line_no == other.line_no
            && cells.len() == other.cells.len()
            && cells
                .iter()
                .zip(other.cells.iter())
                .all(|(p, q)| p.column() == q.column())
    }

    pub fn cell(&self, column: usize) -> Option<&ValueCell> {
        self.cells.iter().find(|c| c.column() == column)
    }

    pub fn display(&self) -> String {
        match (self.code(), self.label()) {
            (Some(code), Some(label)) => format!("{code} {label}"),
            (Some(code), None) => code.to_string(),
            (None, Some(label)) => label.to_string(),
            (None, None) => match self.line_no() {
                Some(n) => format!("行次 {n}"),
                None => format!("row {}", self.line + 1),
            },
        }
    }

    pub fn is_total(&self) -> bool {
        self.code.is_none() && crate::semantic::labels::is_total_label(self.label_key())
    }
}

/// A figure of a row, 24 bytes (a report holds one per value cell): the figure is packed, and
/// its range is kept as start and length (a figure cell's text is short: its digits take under
/// 256 bytes, see `CellNumber`, and a unit or `%` follows).
#[derive(Debug, Clone)]
pub struct ValueCell {
    value: Packed,
    pub percent: bool,
    len: u16,
    start: u32,
    column: u32,
}

const _: () = assert!(std::mem::size_of::<ValueCell>() <= 24);

impl ValueCell {
    pub fn new(value: Decimal, percent: bool, range: TextRange, column: usize) -> ValueCell {
        let mut cell = ValueCell {
            value: Packed::new(value),
            percent,
            len: 0,
            start: 0,
            column: u32::try_from(column).expect("fewer columns than bytes in a u32 text"),
        };
        cell.set_range(range);
        cell
    }

    /// The figure's cell.
    pub fn range(&self) -> TextRange {
        let start = self.start as usize;
        TextRange::new(start, start + usize::from(self.len))
    }

    /// Moves the figure's range (`semantic::reuse`: a kept cell's text is unchanged).
    pub(crate) fn set_range(&mut self, range: TextRange) {
        self.len = u16::try_from(range.len()).expect("a figure cell's text is under 64 KiB");
        self.start = range.start;
    }

    /// The figure as written.
    pub fn value(&self) -> Decimal {
        self.value.get()
    }

    /// Whether `other` holds the same figure written the same way (bit for bit: `1.0` is
    /// not `1.00`), without unpacking either.
    pub fn same_figure(&self, other: &ValueCell) -> bool {
        self.value == other.value && self.percent == other.percent
    }

    /// The index of its column (in `TableModel::columns`).
    pub fn column(&self) -> usize {
        self.column as usize
    }
}

/// Builds the model of table `block` of `doc`.
pub fn build(
    src: &str,
    doc: &Document,
    block: usize,
    ordinal: usize,
    labels: &mut Labels,
) -> TableModel {
    let Block::Table(table) = &doc.blocks[block] else {
        unreachable!("not a table")
    };
    let heading = table.heading.and_then(|h| match &doc.blocks[h] {
        Block::Heading(h) => Some(h),
        _ => None,
    });
    let attrs = heading.and_then(|h| h.attrs.as_deref());
    let attr = |name: &str| attr_value(src, attrs, name);
    let id_range = attrs.and_then(|a| a.id);
    let id = id_range
        .map(|r| src[r.as_range()].to_string())
        .unwrap_or_else(|| format!("table-{ordinal}"));
    let width = table.rows.first().map_or(0, |r| r.cells.len());
    let head = header_rows(src, table, attr("head").and_then(|h| h.parse().ok()));
    let blocks = block_starts(attr("blocks").as_deref(), width);
    let mut columns = header_paths(src, table, head, width, &blocks);
    assign_roles(table, head, &mut columns);
    let rows = body_rows(src, table, head, &columns, &blocks, labels);
    TableModel {
        id: id.into(),
        id_range,
        block,
        range: table.range,
        caption: heading
            .map(|h| normalize(&src[h.inline.range.as_range()]).into())
            .unwrap_or_default(),
        caption_range: heading.map(|h| h.inline.range),
        no: attr("no").map(String::into_boxed_str),
        unit: attr("unit").map(String::into_boxed_str),
        truncated: attrs.is_some_and(|a| {
            a.items
                .iter()
                .any(|i| &src[i.key.as_range()] == "truncated")
        }),
        kind: attr("kind").map(String::into_boxed_str),
        columns,
        head,
        rows,
        row_index: RowIndexCache::default(),
    }
}

fn attr_value(src: &str, attrs: Option<&Attrs>, name: &str) -> Option<String> {
    let item = attrs?
        .items
        .iter()
        .find(|i| &src[i.key.as_range()] == name)?;
    Some(src[item.value?.as_range()].to_string())
}

fn cell_text<'a>(src: &'a str, table: &Table, row: usize, col: usize) -> &'a str {
    table
        .rows
        .get(row)
        .and_then(|r| r.cells.get(col))
        .map_or("", |c| &src[c.range.as_range()])
}

/// The row that gives 栏次 numbers: its first cell is `栏次`, or its cells are 1, 2, 3, ….
fn is_lanci_row(src: &str, table: &Table, row: usize) -> bool {
    let cells = &table.rows[row].cells;
    // Compared in place: this runs on the first rows of every table.
    let lanci = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .eq("栏次".chars())
    };
    if cells.iter().any(|c| lanci(&src[c.range.as_range()])) {
        return true;
    }
    let mut numbers = cells
        .iter()
        .map(|c| src[c.range.as_range()].trim())
        .filter(|t| !t.is_empty());
    // `1`, `2`, `3`… exactly as written (no sign, no leading zero).
    let is = |t: &str, n: usize| {
        !t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) && t.parse() == Ok(n)
    };
    let mut count = 0;
    numbers.all(|t| {
        count += 1;
        is(t, count)
    }) && count >= 2
}

fn header_rows(src: &str, table: &Table, explicit: Option<usize>) -> usize {
    if let Some(n) = explicit {
        return n.min(table.rows.len());
    }
    (0..table.rows.len().min(8))
        .find(|&r| is_lanci_row(src, table, r))
        .map_or(1.min(table.rows.len()), |r| r + 1)
}

fn block_starts(spec: Option<&str>, width: usize) -> Vec<usize> {
    let mut starts: Vec<usize> = spec
        .map(|s| {
            s.split(',')
                .filter_map(|p| p.trim().parse::<usize>().ok())
                .filter(|&n| n >= 1 && n <= width)
                .map(|n| n - 1)
                .collect()
        })
        .unwrap_or_default();
    if !starts.contains(&0) {
        starts.push(0);
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

fn block_of(blocks: &[usize], col: usize) -> usize {
    blocks.iter().rposition(|&s| s <= col).unwrap_or(0)
}

/// Resolves merged header cells: an empty cell continues the explicit label above it; failing
/// that, the label to its left in the same row (within the same block).
fn header_paths(
    src: &str,
    table: &Table,
    head: usize,
    width: usize,
    blocks: &[usize],
) -> Vec<Column> {
    // Each header row is asked once whether it gives 栏次 numbers.
    let mut lanci_row = None;
    let mut label_rows: Vec<usize> = Vec::with_capacity(head);
    for r in 0..head {
        if is_lanci_row(src, table, r) {
            lanci_row.get_or_insert(r);
        } else {
            label_rows.push(r);
        }
    }
    // Labels borrow the source where normalising changes nothing, as it seldom does: a
    // label carried to a merged cell is then a copy of a reference, not of a string.
    let mut resolved: Vec<Vec<Option<Cow<'_, str>>>> = Vec::with_capacity(label_rows.len());
    let mut explicit: Vec<Vec<bool>> = Vec::with_capacity(label_rows.len());
    for (i, &r) in label_rows.iter().enumerate() {
        let mut labels: Vec<Option<Cow<'_, str>>> = vec![None; width];
        let mut is_explicit = vec![false; width];
        for c in 0..width {
            let text = normalize(cell_text(src, table, r, c));
            if !text.is_empty() {
                labels[c] = Some(text);
                is_explicit[c] = true;
            } else if i > 0 && explicit[i - 1][c] {
                labels[c] = resolved[i - 1][c].clone();
            } else if c > 0
                && block_of(blocks, c) == block_of(blocks, c - 1)
                && (i == 0 || resolved[i - 1][c] == resolved[i - 1][c - 1])
            {
                labels[c] = labels[c - 1].clone();
            } else if i > 0 {
                labels[c] = resolved[i - 1][c].clone();
            }
        }
        resolved.push(labels);
        explicit.push(is_explicit);
    }
    (0..width)
        .map(|c| {
            // The labels down the column, each repeat of the one above dropped: counted
            // first, so that the path is one allocation of its size.
            let labels = || {
                let mut last: Option<&str> = None;
                resolved.iter().filter_map(move |labels| {
                    let l = labels[c].as_deref()?;
                    (last != Some(l)).then(|| {
                        last = Some(l);
                        l
                    })
                })
            };
            let mut path: Vec<Box<str>> = Vec::with_capacity(labels().count());
            path.extend(labels().map(Box::from));
            let header_range = label_rows
                .iter()
                .rev()
                .filter_map(|&r| table.rows[r].cells.get(c))
                .find(|cell| !cell.range.is_empty())
                .map(|cell| cell.range);
            let lanci = lanci_row.and_then(|r| cell_text(src, table, r, c).trim().parse().ok());
            let budget = path.iter().any(|p| {
                ["预算数", "年初预算", "全年预算"]
                    .iter()
                    .any(|w| holds(p, w))
            });
            Column {
                index: u32::try_from(c).expect("fewer columns than bytes in a u32 text"),
                path: path.into_boxed_slice(),
                lanci,
                role: Role::Value,
                block: u32::try_from(block_of(blocks, c)).expect("fewer blocks than columns"),
                header_range,
                budget,
            }
        })
        .collect()
}

fn assign_roles(table: &Table, head: usize, columns: &mut [Column]) {
    for col in columns.iter_mut() {
        let label = col.label();
        col.role = if holds(label, "行次") {
            Role::LineNo
        } else if holds(label, "编码") || holds(label, "代码") {
            Role::Code
        } else if label == "项目" || label.ends_with("名称") || label == "栏次" {
            Role::Label
        } else {
            Role::Value
        };
        // A "value" column that holds mostly text is a label column (performance tables).
        if col.role == Role::Value {
            let (mut text, mut numbers) = (0, 0);
            for row in table.rows.iter().skip(head) {
                match row.cells.get(col.index()).map(|c| c.content()) {
                    Some(CellContent::Number(_)) => numbers += 1,
                    Some(CellContent::Text(_)) => text += 1,
                    _ => {}
                }
            }
            if text > numbers {
                col.role = Role::Label;
            }
        }
    }
}

/// A subject code: 3, 5 or 7 digits (functional 2xx, economic 3xx) with nothing else.
pub fn as_code(text: &str) -> Option<&str> {
    let t = text.trim();
    (matches!(t.len(), 3 | 5 | 7) && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

fn body_rows(
    src: &str,
    table: &Table,
    head: usize,
    columns: &[Column],
    blocks: &[usize],
    labels: &mut Labels,
) -> Vec<RowModel> {
    let mut out = Vec::with_capacity(table.rows.len().saturating_sub(head) * blocks.len());
    let mut cells = Vec::new();
    for (line, row) in table.rows.iter().enumerate().skip(head) {
        for b in 0..blocks.len() {
            let mut model = RowModel {
                line: u32::try_from(line).expect("fewer rows than bytes in a u32 text"),
                block: u32::try_from(b).expect("fewer blocks than columns"),
                code: None,
                label: None,
                line_no: NO_LINE_NO,
                cells: Box::default(),
            };
            cells.clear();
            // The label's text and cell.
            let mut label: Option<(&str, TextRange)> = None;
            for col in columns.iter().filter(|c| c.block() == b) {
                let Some(cell) = row.cells.get(col.index()) else {
                    continue;
                };
                let text = &src[cell.range.as_range()];
                match col.role {
                    Role::Code => match as_code(text) {
                        Some(code) if model.code.is_none() => {
                            // The digits without the white space `as_code` trims.
                            let start = crate::text::offset_in(src, code);
                            model.code = Some(Code::new(code, start));
                        }
                        // `合计` written in the code column.
                        None if !text.is_empty() && label.is_none() => {
                            label = Some((text, cell.range));
                        }
                        _ => {}
                    },
                    Role::LineNo => {
                        model.line_no = text.trim().parse().unwrap_or(NO_LINE_NO);
                    }
                    Role::Label => {
                        if label.is_none() && !text.is_empty() {
                            label = Some((text, cell.range));
                        }
                    }
                    Role::Value => {
                        if let CellContent::Number(n) = cell.content() {
                            let value = n.value(src, cell.range);
                            cells.push(ValueCell::new(value, n.percent, cell.range, col.index()));
                        }
                    }
                }
            }
            // A code at the start of the label: `201 一般公共服务支出`.
            if let (None, Some((text, _))) = (&model.code, &mut label) {
                let mut parts = text.splitn(2, char::is_whitespace);
                if let (Some(first), Some(rest)) = (parts.next(), parts.next()) {
                    if let Some(code) = as_code(first) {
                        model.code = Some(Code::new(code, crate::text::offset_in(src, code)));
                        *text = rest.trim();
                    }
                }
            }
            model.label = label.map(|(text, range)| Label::new(text, range, labels));
            let empty = model.code.is_none() && model.label.is_none() && cells.is_empty();
            if !empty {
                // One allocation of the exact size: `cells` is kept from row to row.
                model.cells = cells.as_slice().into();
                out.push(model);
            }
        }
    }
    // A report holds many tables: no slack left behind (measured in `examples/phases`).
    out.shrink_to_fit();
    out
}

/// Whether `path` joined with `/` equals `key` or ends with `/key` (`key` may itself hold
/// `/`), without joining it.
fn path_ends_with(path: &[Box<str>], key: &str) -> bool {
    let mut rest = key;
    for part in path.iter().rev() {
        match rest.strip_suffix(&**part) {
            Some("") => return true,
            Some(r) => match r.strip_suffix('/') {
                // A key that starts with `/` matches nothing.
                Some("") => return false,
                Some(r) => rest = r,
                None => return false,
            },
            None => return false,
        }
    }
    false
}

impl TableModel {
    pub fn column(&self, index: usize) -> &Column {
        &self.columns[index]
    }

    /// Value columns of block `b`, left to right.
    pub fn value_columns(&self, b: usize) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(move |c| c.block() == b && c.role == Role::Value)
    }

    /// Finds columns by 栏次 number or by label (last path element, or a `/` path).
    pub fn find_columns(&self, key: &str) -> Vec<usize> {
        let k = normalize(key);
        if let Ok(n) = k.parse::<u32>() {
            let by_lanci: Vec<usize> = self
                .columns
                .iter()
                .filter(|c| c.lanci == Some(n))
                .map(|c| c.index())
                .collect();
            if !by_lanci.is_empty() {
                return by_lanci;
            }
        }
        let exact: Vec<usize> = self
            .columns
            .iter()
            .filter(|c| c.role == Role::Value && (c.label() == k || path_ends_with(&c.path, &k)))
            .map(|c| c.index())
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        self.columns
            .iter()
            .filter(|c| c.role == Role::Value && c.path.iter().any(|p| **p == *k))
            .map(|c| c.index())
            .collect()
    }

    /// Finds rows by code, then 行次, then label key, then body-row ordinal.
    pub fn find_rows(&self, key_text: &str) -> Vec<usize> {
        let k = key(key_text);
        let by = |f: &dyn Fn(&RowModel) -> bool| -> Vec<usize> {
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| f(r))
                .map(|(i, _)| i)
                .collect()
        };
        let index = self.row_index.get(&self.rows);
        // A code is ASCII digits: a key with anything else (a label) names no code.
        if k.bytes().all(|b| b.is_ascii_digit()) {
            let is = |r: &RowModel| r.code_digits() == Some(k.as_bytes());
            let found = match index {
                Some(index) => RowIndex::rows(&index.codes, k.as_bytes(), |r| is(&self.rows[r])),
                None => by(&is),
            };
            if !found.is_empty() {
                return found;
            }
        }
        if let Ok(n) = k.parse::<u32>() {
            let found = by(&|r| r.line_no() == Some(n));
            if !found.is_empty() {
                return found;
            }
        }
        let is = |r: &RowModel| !r.label_key().is_empty() && *r.label_key() == *k;
        let found = match index {
            Some(index) => RowIndex::rows(&index.labels, k.as_bytes(), |r| is(&self.rows[r])),
            None => by(&is),
        };
        if !found.is_empty() {
            return found;
        }
        if let Ok(n) = k.parse::<usize>() {
            let mut lines: Vec<usize> = self.rows.iter().map(RowModel::line).collect();
            lines.dedup();
            if let Some(&line) = lines.get(n.wrapping_sub(1)) {
                return by(&|r| r.line() == line);
            }
        }
        Vec::new()
    }

    /// The cell at (row key, column key), resolving both within one block.
    pub fn lookup(&self, row_key: &str, col_key: &str) -> Option<(usize, &ValueCell)> {
        self.first_cell(&self.find_rows(row_key), &self.find_columns(col_key))
    }

    /// The first value cell, row by row, of `rows` (indices of [`TableModel::rows`]) in
    /// `cols` (column indices) that is in the row's own block: what [`TableModel::lookup`]
    /// finds for the rows and columns that its keys name.
    pub fn first_cell(&self, rows: &[usize], cols: &[usize]) -> Option<(usize, &ValueCell)> {
        for &r in rows {
            for &c in cols {
                if self.columns[c].block() == self.rows[r].block() {
                    if let Some(cell) = self.rows[r].cell(c) {
                        return Some((r, cell));
                    }
                }
            }
        }
        None
    }

    /// The main value column of a block: the first one (合计 / 金额 / 决算数).
    pub fn main_column(&self, b: usize) -> Option<usize> {
        self.value_columns(b).next().map(|c| c.index())
    }

    pub fn display(&self) -> String {
        match &self.no {
            Some(no) => format!("{} ({no})", self.id),
            None => self.id.to_string(),
        }
    }
}

/// The table models of a report, for the tests.
#[cfg(test)]
fn tables_of(src: &str) -> Vec<TableModel> {
    let parse = crate::syntax::parse(src);
    crate::semantic::analyze(src, &parse.document, &Default::default()).tables
}

#[cfg(test)]
mod path_tests {
    use super::path_ends_with;

    #[test]
    fn path_suffixes_match_as_the_joined_path_would() {
        let path: Vec<Box<str>> = ["决算数", "公务用车购置及运行维护费", "小计"]
            .iter()
            .map(|&s| s.into())
            .collect();
        let joined = path.join("/");
        for key in [
            "小计",
            "公务用车购置及运行维护费/小计",
            "决算数/公务用车购置及运行维护费/小计",
            "计",
            "费/小计",
            "/小计",
            "决算数/小计",
            "",
            "x/决算数/公务用车购置及运行维护费/小计",
        ] {
            let expected = joined == key || joined.ends_with(&format!("/{key}"));
            assert_eq!(path_ends_with(&path, key), expected, "key {key:?}");
        }
    }
}

#[cfg(test)]
mod row_tests {
    use crate::text::TextRange;

    #[test]
    fn a_row_keeps_its_code_label_key_and_line_number() {
        let src = "| 科目编码 | 科目名称 | 行次 | 金额 |\n|---|---|---|---|\n\
                   | 301 | 工资福利支出 | 1 | 1.00 |\n\
                   |  | 一、基本支出 |  | 2.00 |\n\
                   |  | 201 一般公共服务支出 | 3 | 3.00 |\n\
                   |  | （一） |  | 4.00 |\n";
        let tables = super::tables_of(src);
        let rows = &tables[0].rows;
        let at = |range: Option<TextRange>| range.map(|r| &src[r.as_range()]);
        let seen: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.code(),
                    at(r.code_range()),
                    r.label(),
                    r.label_key(),
                    r.line_no(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    Some("301"),
                    Some("301"),
                    Some("工资福利支出"),
                    "工资福利支出",
                    Some(1)
                ),
                (None, None, Some("一、基本支出"), "基本支出", None),
                (
                    Some("201"),
                    Some("201"),
                    Some("一般公共服务支出"),
                    "一般公共服务支出",
                    Some(3)
                ),
                // A label that is all ordinal has an empty key.
                (None, None, Some("（一）"), "", None),
            ]
        );
        assert_eq!(at(rows[1].label_range()), Some("一、基本支出"));
    }
}

#[cfg(test)]
mod lookup_tests {
    /// Rows are found by the same keys, in the same order, by the scans of a table's first
    /// lookups and through the index of the later ones: codes (repeated, and a code that is
    /// also a 行次 or an ordinal), labels (repeated, by their keys), and keys of nothing.
    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let src = "| 科目编码 | 科目名称 | 行次 | 金额 |\n|---|---|---|---|\n\
                   | 301 | 工资福利支出 | 1 | 1.00 |\n\
                   | 302 | 行政运行 | 2 | 2.00 |\n\
                   | 301 | 行政运行 | 3 | 3.00 |\n\
                   |  | 一、基本支出 | 4 | 4.00 |\n\
                   | 2 | 合计 |  | 5.00 |\n";
        let cases: [(&str, &[usize]); 15] = [
            ("301", &[0, 2]),
            ("302", &[1]),
            // `2` is too short for a code, and is the last row's label (the code column's
            // text comes first when it holds no code): 行次 2 is row 1.
            ("2", &[1]),
            ("1", &[0]),
            ("4", &[3]),
            // No 行次 5: the fifth body row.
            ("5", &[4]),
            ("行政运行", &[1, 2]),
            ("基本支出", &[3]),
            ("一、基本支出", &[3]),
            // Its label is `2`.
            ("合计", &[]),
            ("工资福利支出", &[0]),
            ("303", &[]),
            ("没有", &[]),
            ("", &[]),
            (" 301 ", &[0, 2]),
        ];
        let tables = super::tables_of(src);
        let table = &tables[0];
        // The first lookups scan; then the index is made.
        for pass in ["scanned", "indexed"] {
            for (key, rows) in cases {
                assert_eq!(table.find_rows(key), rows, "{key:?} {pass}");
            }
            assert!(table.row_index.index.get().is_some());
        }
    }
}

#[cfg(test)]
mod label_tests {
    use std::sync::Arc;

    /// A label written in two tables (and twice in one) is held once, and a label whose key
    /// differs keeps both, each row reading its own.
    #[test]
    fn a_repeated_label_is_one_string() {
        let src = "| 项目 | 金额 |\n|---|---|\n| 行政运行 | 1.00 |\n| 行政运行 | 2.00 |\n| 一、基本支出 | 3.00 |\n\n\
                   | 项目 | 金额 |\n|---|---|\n| 行政运行 | 4.00 |\n| 一、基本支出 | 5.00 |\n";
        let tables = super::tables_of(src);
        let text = |t: usize, r: usize| {
            Arc::clone(&tables[t].rows[r].label.as_ref().expect("a label").text)
        };
        assert!(Arc::ptr_eq(&text(0, 0), &text(0, 1)));
        assert!(Arc::ptr_eq(&text(0, 0), &text(1, 0)));
        assert!(Arc::ptr_eq(&text(0, 2), &text(1, 1)));
        assert!(!Arc::ptr_eq(&text(0, 0), &text(0, 2)));
        let row = &tables[1].rows[1];
        assert_eq!(
            (row.label(), row.label_key()),
            (Some("一、基本支出"), "基本支出")
        );
        assert_eq!(tables[1].rows[0].label_key(), "行政运行");
    }
}
