//! Text as `pdftotext -layout` prints it: no tabs; table columns are separated by runs of two
//! or more spaces and line up vertically. Lines that look like table rows are grouped, the
//! group's columns are found where every one of its fullest rows has white space, and each
//! field is put in the column it overlaps most. Other lines stay text, with their indent.

use unicode_width::UnicodeWidthChar;

use crate::import::cells::is_number;
use crate::import::text::{meta_fragments, trim_text, Kind};

/// A field of a line: its text and its display columns `[start, end)`.
#[derive(Debug, Clone)]
struct Field {
    text: String,
    start: usize,
    end: usize,
}

pub(crate) fn classify(lines: &[&str]) -> Vec<Kind> {
    let fields: Vec<Vec<Field>> = lines.iter().map(|l| split_fields(l)).collect();
    let mut candidate: Vec<bool> = lines
        .iter()
        .zip(&fields)
        .map(|(line, f)| is_row_candidate(line, f))
        .collect();
    // Header rows of two fields (`收入  支出`) right above a table belong to it.
    for i in (0..lines.len().saturating_sub(1)).rev() {
        if !candidate[i]
            && candidate[i + 1]
            && fields[i].len() >= 2
            && meta_fragments(lines[i].trim()).is_none()
            && !has_leaders(&fields[i])
            && !fields[i].iter().any(|f| is_caption_like(&f.text))
        {
            candidate[i] = true;
        }
    }
    let mut kinds: Vec<Kind> = lines
        .iter()
        .zip(&fields)
        .map(|(line, f)| {
            if line.trim().is_empty() {
                Kind::Blank
            } else {
                Kind::Text {
                    text: trim_text(line),
                    indent: f.first().map_or(0, |f| f.start),
                }
            }
        })
        .collect();
    // Groups of candidate lines, blank lines allowed inside (page breaks).
    let mut i = 0;
    while i < lines.len() {
        if !candidate[i] {
            i += 1;
            continue;
        }
        let mut members = vec![i];
        let mut j = i + 1;
        while j < lines.len() {
            if candidate[j] || (fields[j].len() == 1 && is_number(&fields[j][0].text)) {
                members.push(j);
                j += 1;
            } else if lines[j].trim().is_empty() {
                let next = (j..lines.len()).find(|&k| !lines[k].trim().is_empty());
                match next {
                    Some(k) if candidate[k] && k - j <= 3 => j = k,
                    _ => break,
                }
            } else {
                break;
            }
        }
        let group: Vec<&Vec<Field>> = members.iter().map(|&m| &fields[m]).collect();
        let columns = columns_of(&group);
        for &m in &members {
            kinds[m] = Kind::Row(assign(&fields[m], &columns));
        }
        i = j;
    }
    kinds
}

/// Fields separated by two or more spaces (a tab counts as a separator too).
fn split_fields(line: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut col = 0;
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut spaces = 0;
    for c in line.chars() {
        let w = if c == '\t' { 2 } else { c.width().unwrap_or(0) };
        if c == ' ' || c == '\t' {
            spaces += if c == '\t' { 2 } else { 1 };
            col += w.max(1);
            continue;
        }
        if spaces >= 2 && !current.is_empty() {
            fields.push(Field {
                text: std::mem::take(&mut current),
                start,
                end,
            });
        }
        if current.is_empty() {
            start = col;
        } else if spaces == 1 {
            current.push(' ');
        }
        spaces = 0;
        current.push(c);
        col += w;
        end = col;
    }
    if !current.is_empty() {
        fields.push(Field {
            text: current,
            start,
            end,
        });
    }
    fields
}

/// A line that may be a table row: several fields, or two with a figure among them, and not a
/// caption's 部门 / 年度 / 单位 line.
fn is_row_candidate(line: &str, fields: &[Field]) -> bool {
    if fields.len() < 2 || meta_fragments(line.trim()).is_some() || has_leaders(fields) {
        return false;
    }
    fields.len() >= 3 || fields.iter().any(|f| is_number(&f.text))
}

/// A table caption or public number standing beside another field (`收入支出决算总表   公开01表`).
fn is_caption_like(text: &str) -> bool {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    s.ends_with('表') && s.chars().count() >= 4 && !text.contains(['：', ':'])
}

/// A contents line: dot leaders before a page number.
fn has_leaders(fields: &[Field]) -> bool {
    fields.iter().any(|f| {
        f.text
            .chars()
            .filter(|c| matches!(c, '.' | '…' | '·'))
            .count()
            >= 3
            && f.text
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .ends_with(['.', '…', '·'])
    })
}

/// Column intervals: the white-space gaps shared by the group's fullest lines.
fn columns_of(group: &[&Vec<Field>]) -> Vec<(usize, usize)> {
    let most = group.iter().map(|f| f.len()).max().unwrap_or(0);
    let full: Vec<&&Vec<Field>> = group.iter().filter(|f| f.len() + 1 >= most).collect();
    let width = group
        .iter()
        .flat_map(|f| f.iter().map(|x| x.end))
        .max()
        .unwrap_or(0);
    let mut used = vec![false; width + 1];
    for f in &full {
        for x in f.iter() {
            for u in used.iter_mut().take(x.end).skip(x.start) {
                *u = true;
            }
        }
    }
    let mut columns = Vec::new();
    let mut c = 0;
    while c < width {
        if !used[c] {
            c += 1;
            continue;
        }
        let start = c;
        while c < width && used[c] {
            c += 1;
        }
        columns.push((start, c));
    }
    columns
}

/// The line's fields placed in the columns they overlap most (nearest when none); two fields
/// in one column are joined with a space.
fn assign(fields: &[Field], columns: &[(usize, usize)]) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len().max(1)];
    for f in fields {
        let best = columns
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| {
                let overlap = f.end.min(e).saturating_sub(f.start.max(s));
                let distance = if f.end <= s {
                    s - f.end
                } else {
                    f.start.saturating_sub(e)
                };
                (i, overlap, distance)
            })
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map_or(0, |(i, _, _)| i);
        let cell = &mut cells[best];
        if cell.is_empty() {
            *cell = f.text.clone();
        } else {
            cell.push(' ');
            cell.push_str(&f.text);
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let lines = [
            "项目                              行次      金额",
            "一、一般公共预算财政拨款收入       1      611.70",
            "二、事业收入                       2        0.00",
            "                                   3",
        ];
        let kinds = classify(&lines);
        let rows: Vec<Vec<String>> = kinds
            .into_iter()
            .map(|k| match k {
                Kind::Row(c) => c,
                other => panic!("not a row: {other:?}"),
            })
            .collect();
        assert_eq!(rows[1], ["一、一般公共预算财政拨款收入", "1", "611.70"]);
        assert_eq!(rows[3], ["", "3", ""]);
    }
}
