//! Formatting: aligns pipe tables by display width (a CJK character is two columns wide).
//! Only the white space around cells changes; every other character stays as written.

use unicode_width::UnicodeWidthStr;

use crate::diagnostics::Edit;
use crate::syntax::ast::{Block, Document};
use crate::text::TextRange;

/// The edits that align every table of the document (one per changed line).
pub fn format_tables(src: &str, doc: &Document) -> Vec<Edit> {
    let mut edits = Vec::new();
    for block in &doc.blocks {
        let Block::Table(table) = block else { continue };
        let mut lines: Vec<(TextRange, Vec<String>, bool)> = table
            .rows
            .iter()
            .map(|row| {
                (
                    row.range,
                    row.cells
                        .iter()
                        .map(|c| src[c.range.as_range()].to_string())
                        .collect(),
                    false,
                )
            })
            .collect();
        if let Some(delimiter) = table.delimiter {
            let cells = delimiter_cells(&src[delimiter.as_range()]);
            lines.insert(1.min(lines.len()), (delimiter, cells, true));
        }
        let columns = lines
            .iter()
            .map(|(_, cells, _)| cells.len())
            .max()
            .unwrap_or(0);
        let mut widths = vec![3usize; columns];
        for (_, cells, is_delimiter) in &lines {
            if *is_delimiter {
                continue;
            }
            for (i, cell) in cells.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        for (range, cells, is_delimiter) in &lines {
            let mut out = String::from("|");
            for (i, cell) in cells.iter().enumerate() {
                let w = widths[i];
                if *is_delimiter {
                    let (left, right) =
                        (cell.starts_with(':'), cell.ends_with(':') && cell.len() > 1);
                    let dashes = w - usize::from(left) - usize::from(right);
                    out.push(' ');
                    if left {
                        out.push(':');
                    }
                    out.push_str(&"-".repeat(dashes));
                    if right {
                        out.push(':');
                    }
                    out.push_str(" |");
                } else {
                    out.push(' ');
                    out.push_str(cell);
                    out.push_str(&" ".repeat(w - cell.width()));
                    out.push_str(" |");
                }
            }
            if out != src[range.as_range()] {
                edits.push(Edit {
                    range: *range,
                    replacement: out,
                });
            }
        }
    }
    edits
}

fn delimiter_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(src: &str) -> String {
        let parse = crate::syntax::parse(src);
        let edits = format_tables(src, &parse.document);
        let mut out = src.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.as_range(), &e.replacement);
        }
        out
    }

    #[test]
    fn aligns_by_display_width_and_keeps_content() {
        let src =
            "### 表 {#t1}\n\n|科目|金额|\n|:-|-:|\n| 一般公共服务支出 | 519.87 |\n|a \\| b|1|\n";
        let out = format(src);
        assert_eq!(
            out,
            "### 表 {#t1}\n\n| 科目             | 金额   |\n| :--------------- | -----: |\n| 一般公共服务支出 | 519.87 |\n| a \\| b           | 1      |\n"
        );
        // Idempotent, and every non-space character is kept.
        assert_eq!(format(&out), out);
        let strip = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>()
        };
        assert_eq!(strip(&out), strip(src));
    }
}
