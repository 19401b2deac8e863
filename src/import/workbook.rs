//! The workbook importer (`.xlsx`, `.xls`, via `calamine`): one table per sheet, or per block
//! of rows in a sheet (a block starts at a caption row after empty rows). Rows of one cell above
//! a table give its caption, 公开 number and 部门 / 年度 / 单位 line; 注 rows below it are its
//! note. Narrative is not in a workbook: the document gets the standard sections as a skeleton
//! to fill in, with the tables in 第二部分 (standard) and 第五部分 (annex).

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Reader, Xls, XlsError, Xlsx, XlsxError};

use crate::import::cells::{is_value, squeeze};
use crate::import::doc::{Block, Doc, Guess};
use crate::import::front::{self, id_of_caption, id_of_public_no, public_no};
use crate::import::table::{Finish, Row, Table};
use crate::import::text::meta_fragments;
use crate::import::{sniff, ImportError, InputKind, Origin};

/// The 13 sections of 第三部分 in the standard report.
const SECTIONS: &[&str] = &[
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、政府性基金预算财政拨款支出决算情况说明",
    "八、国有资本经营预算财政拨款支出决算情况说明",
    "九、财政拨款“三公”经费支出决算情况说明",
    "十、机关运行经费支出情况说明",
    "十一、政府采购支出情况说明",
    "十二、国有资产占用情况说明",
    "十三、预算绩效情况说明",
];

const TO_FILL: &str = "待填写 (to fill in): the workbook holds no narrative";

/// One cell as read: its text and, for numbers stored as numbers, the value.
#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    float: Option<f64>,
}

/// A sheet as a grid of cells, with its merged regions.
struct Sheet {
    name: String,
    /// Absolute index of the first row and column of `cells`.
    origin: (u32, u32),
    cells: Vec<Vec<Cell>>,
    /// Merged regions, absolute `(first row, first col, last row, last col)`.
    merges: Vec<(u32, u32, u32, u32)>,
}

enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
}

pub(crate) fn import(bytes: &[u8]) -> Result<Doc, ImportError> {
    let sheets = catch_unwind(AssertUnwindSafe(|| read(bytes))).unwrap_or_else(|_| {
        Err(ImportError::Corrupt(
            "the workbook reader failed on this file".into(),
        ))
    })?;
    if sheets
        .iter()
        .all(|s| s.cells.iter().flatten().all(|c| c.text.is_empty()))
    {
        return Err(ImportError::NoContent);
    }
    Ok(build(&sheets))
}

fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut book = open(bytes)?;
    let names = match &book {
        Book::Xlsx(b) => b.sheet_names(),
        Book::Xls(b) => b.sheet_names(),
    };
    let mut sheets = Vec::new();
    for name in names {
        let (range, merges) = match &mut book {
            Book::Xlsx(b) => {
                let range = b
                    .worksheet_range(&name)
                    .map_err(|e| ImportError::Corrupt(format!("sheet {name}: {e}")))?;
                let merges = b
                    .load_merged_regions()
                    .map(|()| {
                        b.merged_regions_by_sheet(&name)
                            .into_iter()
                            .map(|(_, _, d)| (d.start.0, d.start.1, d.end.0, d.end.1))
                            .collect()
                    })
                    .unwrap_or_default();
                (range, merges)
            }
            Book::Xls(b) => {
                let range = b
                    .worksheet_range(&name)
                    .map_err(|e| ImportError::Corrupt(format!("sheet {name}: {e}")))?;
                let merges = b
                    .worksheet_merge_cells(&name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect();
                (range, merges)
            }
        };
        let origin = range.start().unwrap_or((0, 0));
        let cells = range
            .rows()
            .map(|row| row.iter().map(cell_of).collect())
            .collect();
        sheets.push(Sheet {
            name,
            origin,
            cells,
            merges,
        });
    }
    Ok(sheets)
}

fn open(bytes: &[u8]) -> Result<Book, ImportError> {
    let cursor = || Cursor::new(bytes.to_vec());
    match sniff(bytes) {
        InputKind::Xlsx => match Xlsx::new(cursor()) {
            Ok(b) => Ok(Book::Xlsx(b)),
            Err(XlsxError::Password) => Err(ImportError::Encrypted),
            Err(e) => Err(ImportError::Corrupt(e.to_string())),
        },
        InputKind::Xls => {
            // An encrypted .xlsx is an OLE file too, holding an `EncryptedPackage`.
            if let Err(XlsxError::Password) = Xlsx::new(cursor()) {
                return Err(ImportError::Encrypted);
            }
            match Xls::new(cursor()) {
                Ok(b) => Ok(Book::Xls(b)),
                Err(XlsError::Password) => Err(ImportError::Encrypted),
                Err(e) => Err(ImportError::Corrupt(e.to_string())),
            }
        }
        InputKind::Pdf => Err(ImportError::Pdf),
        InputKind::Text => Err(ImportError::Corrupt(
            "this is not a workbook (neither an .xlsx ZIP archive nor an .xls OLE file)".into(),
        )),
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell {
            text: s.trim().to_string(),
            float: None,
        },
        Data::Int(i) => Cell {
            text: i.to_string(),
            float: Some(*i as f64),
        },
        Data::Float(f) => Cell {
            text: shortest(*f),
            float: Some(*f),
        },
        Data::Bool(b) => Cell {
            text: if *b { "TRUE" } else { "FALSE" }.into(),
            float: None,
        },
        Data::DateTime(d) => Cell {
            text: excel_date(d.as_f64()),
            float: None,
        },
        Data::Error(e) => Cell {
            text: e.to_string(),
            float: None,
        },
    }
}

/// The shortest decimal form of a float, binary noise (`0.30000000000000004`) removed.
fn shortest(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let s = format!("{f:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A float with exactly `places` decimals.
fn with_places(f: f64, places: usize) -> String {
    let s = format!("{f:.places$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// An Excel date serial as `YYYY-MM-DD` (1900 date system).
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return shortest(serial);
    }
    // Days from 1970-01-01: serial 25569 is 1970-01-01.
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// What the sheets hold: tables, and text that is not a table.
struct Found {
    tables: Vec<(Table, Vec<String>)>,
    guesses: Vec<Guess>,
}

fn build(sheets: &[Sheet]) -> Doc {
    let mut found = Found {
        tables: Vec::new(),
        guesses: Vec::new(),
    };
    for sheet in sheets {
        read_sheet(sheet, &mut found);
    }
    assign_ids(&mut found.tables);
    let mut doc = Doc::default();
    for (t, _) in &found.tables {
        // front::infer reads the tables' meta lines; a shallow stand-in table is enough.
        let mut stub = Table::new(t.caption.clone());
        stub.id = t.id.clone();
        stub.meta = t.meta.clone();
        stub.unit = t.unit.clone();
        doc.blocks.push(Block::Table(Box::new(stub)));
    }
    let entity_guess = front::infer(&mut doc, None);
    doc.blocks.clear();
    let entity = doc.front.entity.clone().unwrap_or_default();
    let year = doc
        .front
        .year
        .clone()
        .map(|y| format!("{y} 年度"))
        .unwrap_or_default();
    doc.front.kind = Some("部门决算".into());
    let title = format!("{year}{entity}部门决算");
    let blocks = &mut doc.blocks;
    blocks.push(Block::Heading {
        level: 1,
        text: title,
        attrs: None,
    });
    blocks.push(Block::Comment(
        "imported from a workbook: the tables are as in the workbook; the narrative sections are a skeleton to fill in".into(),
    ));
    if let Some(g) = entity_guess {
        blocks.push(Block::Guess(g));
    }
    blocks.extend(found.guesses.into_iter().map(Block::Guess));
    blocks.push(heading(1, format!("第一部分 {entity}部门概况")));
    for s in ["一、部门职责", "二、机构设置"] {
        blocks.push(heading(2, s.to_string()));
        blocks.push(Block::Comment(TO_FILL.into()));
    }
    let (annex, standard): (Vec<_>, Vec<_>) = found
        .tables
        .into_iter()
        .partition(|(t, _)| t.is_performance());
    blocks.push(heading(1, format!("第二部分 {year}{entity}部门决算表")));
    for (t, notes) in standard {
        push_table(blocks, t, notes);
    }
    blocks.push(heading(
        1,
        format!("第三部分 {year}{entity}部门决算情况说明"),
    ));
    for s in SECTIONS {
        blocks.push(heading(2, (*s).to_string()));
        blocks.push(Block::Comment(TO_FILL.into()));
    }
    blocks.push(heading(1, "第四部分 名词解释".into()));
    blocks.push(Block::Comment(TO_FILL.into()));
    blocks.push(heading(1, "第五部分 附件".into()));
    if annex.is_empty() {
        blocks.push(Block::Comment(TO_FILL.into()));
    }
    for (t, notes) in annex {
        push_table(blocks, t, notes);
    }
    doc
}

fn heading(level: u8, text: String) -> Block {
    Block::Heading {
        level,
        text,
        attrs: None,
    }
}

fn push_table(blocks: &mut Vec<Block>, table: Table, notes: Vec<String>) {
    blocks.push(Block::Table(Box::new(table)));
    blocks.extend(notes.into_iter().map(Block::Paragraph));
}

/// Splits a sheet into table blocks and reads each.
fn read_sheet(sheet: &Sheet, found: &mut Found) {
    let filled = |r: usize| sheet.cells[r].iter().filter(|c| !c.text.is_empty()).count();
    let rows = sheet.cells.len();
    // Chunks of non-empty rows; a chunk continues the previous block unless it starts with
    // a caption row.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut dropped_empty: Vec<u32> = Vec::new();
    let mut r = 0;
    while r < rows {
        if filled(r) == 0 {
            r += 1;
            continue;
        }
        let start = r;
        while r < rows && filled(r) > 0 {
            r += 1;
        }
        let chunk: Vec<usize> = (start..r).collect();
        let starts_block = blocks.is_empty() || is_caption_row(sheet, start);
        if starts_block {
            blocks.push(chunk);
        } else if let Some(last) = blocks.last_mut() {
            let gap_from = last.last().copied().unwrap_or(start) + 1;
            dropped_empty.extend((gap_from..start).map(|e| sheet.origin.0 + e as u32));
            last.extend(chunk);
        }
    }
    if blocks.is_empty() {
        found.guesses.push(Guess::new(
            Origin::Sheet(sheet.name.clone()),
            format!("sheet `{}` is empty", sheet.name),
        ));
        return;
    }
    if !dropped_empty.is_empty() {
        let rows: Vec<String> = dropped_empty.iter().map(|r| (r + 1).to_string()).collect();
        found.guesses.push(Guess::new(
            Origin::Sheet(sheet.name.clone()),
            format!(
                "sheet `{}`: empty row(s) {} inside a table left out",
                sheet.name,
                rows.join(", ")
            ),
        ));
    }
    for block in blocks {
        read_block(sheet, &block, found);
    }
}

/// A row with one text cell that names a table (ends with 表, or is merged across columns).
fn is_caption_row(sheet: &Sheet, r: usize) -> bool {
    let cells: Vec<(usize, &Cell)> = sheet.cells[r]
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.is_empty())
        .collect();
    let [(col, cell)] = cells.as_slice() else {
        return false;
    };
    if is_value(&cell.text) || meta_fragments(&cell.text).is_some() {
        return false;
    }
    let abs = (sheet.origin.0 + r as u32, sheet.origin.1 + *col as u32);
    let merged_wide = sheet
        .merges
        .iter()
        .any(|&(r0, c0, r1, c1)| r0 == abs.0 && c0 == abs.1 && c1 > c0 && r1 >= r0);
    squeeze(&cell.text).ends_with('表') || merged_wide
}

fn read_block(sheet: &Sheet, block: &[usize], found: &mut Found) {
    let multi = |r: usize| sheet.cells[r].iter().filter(|c| !c.text.is_empty()).count() >= 2;
    let all_meta = |r: usize| {
        let texts: Vec<&str> = sheet.cells[r]
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        !texts.is_empty() && texts.iter().all(|t| meta_fragments(t).is_some())
    };
    let body_start = block
        .iter()
        .position(|&r| multi(r) && !all_meta(r))
        .unwrap_or(block.len());
    let mut body_end = block.len();
    while body_end > body_start {
        let r = block[body_end - 1];
        let first = sheet.cells[r].iter().find(|c| !c.text.is_empty());
        if first.is_some_and(|c| is_note(&c.text)) && !multi(r) {
            body_end -= 1;
        } else {
            break;
        }
    }
    let body = &block[body_start..body_end];
    if body.is_empty() {
        let lines: Vec<String> = block
            .iter()
            .flat_map(|&r| sheet.cells[r].iter().filter(|c| !c.text.is_empty()))
            .map(|c| c.text.clone())
            .collect();
        let first: String = lines
            .first()
            .map(|l| l.chars().take(30).collect())
            .unwrap_or_default();
        found.guesses.push(Guess::new(
            Origin::Cell {
                sheet: sheet.name.clone(),
                row: sheet.origin.0 + block[0] as u32,
                col: sheet.origin.1,
            },
            format!(
                "sheet `{}` holds text, not a table ({} line(s), first `{first}`); left out",
                sheet.name,
                lines.len()
            ),
        ));
        return;
    }
    let mut table = Table::new(String::new());
    for &r in &block[..body_start] {
        for c in sheet.cells[r].iter().filter(|c| !c.text.is_empty()) {
            let t = &c.text;
            if let Some(fragments) = meta_fragments(t) {
                for f in fragments {
                    if let Some(no) = public_no(&f) {
                        table.no = Some(no);
                        table.source_no = Some(f);
                    } else {
                        if let Some(u) = front::unit_of(&f) {
                            table.unit = Some(u);
                        }
                        table.meta.push(f);
                    }
                }
            } else if table.caption.is_empty() && !is_value(t) {
                table.caption = t.clone();
            } else {
                table.before.push(t.clone());
            }
        }
    }
    if table.caption.is_empty() {
        table.caption = sheet.name.clone();
    }
    let (c0, c1) = column_span(sheet, body);
    let mut padded = 0usize;
    let places = decimal_places(sheet, body, c0, c1);
    for &r in body {
        let numbering = is_numbering_row(&sheet.cells[r]);
        let cells: Vec<String> = (c0..c1)
            .map(|c| {
                let cell = sheet.cells[r].get(c).cloned().unwrap_or_default();
                match (cell.float, places[c - c0]) {
                    (Some(f), p) if p > 0 && !numbering => {
                        let s = with_places(f, p);
                        if s != cell.text {
                            padded += 1;
                        }
                        s
                    }
                    _ => cell.text,
                }
            })
            .collect();
        table.rows.push(Row {
            cells,
            origin: Origin::Cell {
                sheet: sheet.name.clone(),
                row: sheet.origin.0 + r as u32,
                col: sheet.origin.1 + c0 as u32,
            },
            after_break: false,
        });
    }
    if padded > 0 {
        table.guesses.push(Guess::new(
            Origin::Sheet(sheet.name.clone()),
            format!(
                "{padded} number(s) stored without a display format written with as many decimals as the most precise figure of the table (e.g. 611.7 → 611.70)"
            ),
        ));
    }
    let notes: Vec<String> = block[body_end..]
        .iter()
        .flat_map(|&r| sheet.cells[r].iter().filter(|c| !c.text.is_empty()))
        .map(|c| c.text.clone())
        .collect();
    let caption_key = squeeze(&table.caption);
    if caption_key.contains("绩效") || caption_key.contains("自评") {
        table.kind = Some("performance".into());
    }
    let sheet_no = id_of_public_no(&squeeze(&sheet.name));
    if table.no.is_none() {
        if let Some(id) = sheet_no {
            table.id = id;
        }
    }
    table.finish(Finish {
        from_text: false,
        ended_cleanly: true,
    });
    found.tables.push((table, notes));
}

/// A 栏次 row (`栏次 | | 1 | 2`) or a row of column numbers 1, 2, 3…: never given decimals.
fn is_numbering_row(cells: &[Cell]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    filled.first().is_some_and(|t| squeeze(t) == "栏次")
        || (filled.len() >= 2
            && filled
                .iter()
                .enumerate()
                .all(|(i, t)| *t == (i + 1).to_string()))
}

/// The columns that hold anything in the block's body.
fn column_span(sheet: &Sheet, body: &[usize]) -> (usize, usize) {
    let mut lo = usize::MAX;
    let mut hi = 0;
    for &r in body {
        for (c, cell) in sheet.cells[r].iter().enumerate() {
            if !cell.text.is_empty() {
                lo = lo.min(c);
                hi = hi.max(c + 1);
            }
        }
    }
    if lo == usize::MAX {
        (0, 0)
    } else {
        (lo, hi)
    }
}

/// Per column, the decimals its numbers stored as numbers are written with: columns that hold
/// a fraction get the most decimals any figure of the block has (at most 4); columns of whole
/// numbers (行次) keep none.
fn decimal_places(sheet: &Sheet, body: &[usize], c0: usize, c1: usize) -> Vec<usize> {
    let places = |c: usize| {
        body.iter()
            .filter_map(|&r| sheet.cells[r].get(c))
            .filter(|cell| cell.float.is_some())
            .map(|cell| cell.text.split_once('.').map_or(0, |(_, f)| f.len()))
            .max()
            .unwrap_or(0)
    };
    let per_column: Vec<usize> = (c0..c1).map(places).collect();
    let most = per_column.iter().copied().max().unwrap_or(0).min(4);
    per_column
        .into_iter()
        .map(|p| if p > 0 { most } else { 0 })
        .collect()
}

fn is_note(t: &str) -> bool {
    let s = squeeze(t);
    ["注：", "注:", "说明：", "说明:", "备注"]
        .iter()
        .any(|p| s.starts_with(p))
}

/// `t01`… by public number, caption or sheet name; `a1`… for self-evaluation tables; `x1`…
/// for the rest. Ids are unique.
fn assign_ids(tables: &mut [(Table, Vec<String>)]) {
    let mut used: Vec<String> = Vec::new();
    let (mut annex, mut other) = (0, 0);
    for (t, _) in tables.iter_mut() {
        let standard =
            t.no.as_deref()
                .and_then(id_of_public_no)
                .or_else(|| id_of_caption(&t.caption))
                .or_else(|| (!t.id.is_empty()).then(|| t.id.clone()));
        let id = match standard {
            Some(id) if !t.is_performance() => id,
            _ if t.is_performance() => {
                annex += 1;
                format!("a{annex}")
            }
            _ => {
                other += 1;
                format!("x{other}")
            }
        };
        let mut unique = id.clone();
        let mut k = 2;
        while used.contains(&unique) {
            unique = format!("{id}-{k}");
            k += 1;
        }
        used.push(unique.clone());
        t.id = unique;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(shortest(611.7), "611.7");
        assert_eq!(shortest(0.1 + 0.2), "0.3");
        assert_eq!(shortest(12.0), "12");
        assert_eq!(with_places(611.7, 2), "611.70");
        assert_eq!(with_places(-0.0001, 2), "0.00");
        assert_eq!(excel_date(45292.0), "2024-01-01");
    }
}
