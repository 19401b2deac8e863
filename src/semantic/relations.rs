//! The arithmetic structure of a table: which rows a total row sums, which child codes a
//! parent code sums, which columns a total column sums. Rules check these relations; the
//! language server's hovers show them.

use crate::semantic::{Column, Role, TableModel};

/// Rows (indices into `table.rows`) whose code is one level below `row`'s, in its block.
pub fn code_children(table: &TableModel, row: usize) -> Vec<usize> {
    let parent = &table.rows[row];
    let Some(code) = parent.code() else {
        return Vec::new();
    };
    if code.len() >= 7 {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            // Children may continue in the next block (公开06表's 302 group runs on).
            *i != row
                && r.code()
                    .is_some_and(|c| c.len() == code.len() + 2 && c.starts_with(code))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The child rows of every parent code of a table ([`code_children`] for all rows at once, in
/// one pass): rows sorted by their parent code, in order within a code. Two vectors a table,
/// where a map of parent to rows made a vector for every parent.
pub struct ChildRows {
    /// The parent codes' keys ([`code_key`]), sorted.
    keys: Vec<u64>,
    /// The rows, in the order of their keys.
    rows: Vec<usize>,
}

impl ChildRows {
    /// The rows whose parent code is `code`, in order; empty for none.
    pub fn of(&self, code: &[u8]) -> &[usize] {
        let key = code_key(code);
        let start = self.keys.partition_point(|&k| k < key);
        let len = self.keys[start..].partition_point(|&k| k == key);
        &self.rows[start..start + len]
    }
}

/// A code (at most 7 bytes, [`RowModel::code_digits`](crate::semantic::RowModel)) as one
/// number: its bytes, then its length in the eighth byte. Two codes have the same key only
/// if they are the same, and keys compare in one instruction.
fn code_key(code: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    let len = code.len().min(7);
    bytes[..len].copy_from_slice(&code[..len]);
    bytes[7] = len as u8;
    u64::from_le_bytes(bytes)
}

/// [`ChildRows`] of `table`.
pub fn children_by_code(table: &TableModel) -> ChildRows {
    let mut pairs = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let Some(code) = row.code_digits() else {
            continue;
        };
        // A child's code is its parent's and two more bytes; parents are shorter than 7.
        if let Some(parent) = code.len().checked_sub(2).and_then(|n| code.get(..n)) {
            if parent.len() < 7 {
                pairs.push((code_key(parent), i));
            }
        }
    }
    // Pushed in row order, so a code's rows stay in order (the sort is stable).
    pairs.sort_by_key(|&(key, _)| key);
    let (keys, rows) = pairs.into_iter().unzip();
    ChildRows { keys, rows }
}

/// The column of `block` that corresponds to `column` (same label, or same position in its
/// block), for relations that cross side-by-side blocks.
pub fn column_in_block(table: &TableModel, column: usize, block: usize) -> Option<usize> {
    let col = &table.columns[column];
    if col.block() == block {
        return Some(column);
    }
    let start = |b: usize| {
        table
            .columns
            .iter()
            .find(|c| c.block() == b)
            .map(|c| c.index())
    };
    let offset = column - start(col.block())?;
    table
        .columns
        .iter()
        .find(|c| c.block() == block && c.role == Role::Value && c.label() == col.label())
        .map(|c| c.index())
        .or_else(|| {
            Some(start(block)? + offset)
                .filter(|&i| table.columns.get(i).is_some_and(|c| c.block() == block))
        })
}

/// Every total row of a table with the rows it sums (indices into `table.rows`).
///
/// In a table with codes, a total sums the top-level codes; otherwise a `…合计`/`小计` row sums
/// the rows above it back to the previous total, and a `…总计` row the previous total and
/// the rows between them.
pub fn total_rows(table: &TableModel) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    if table.kind.as_deref() == Some("performance") {
        return out;
    }
    let blocks = table
        .rows
        .iter()
        .map(|r| r.block())
        .max()
        .map_or(0, |b| b + 1);
    for b in 0..blocks {
        let rows: Vec<usize> = (0..table.rows.len())
            .filter(|&i| table.rows[i].block() == b)
            .collect();
        let coded = rows.iter().any(|&i| table.rows[i].code_digits().is_some());
        let top = rows
            .iter()
            .filter_map(|&i| table.rows[i].code_digits().map(<[u8]>::len))
            .min()
            .unwrap_or(3);
        let mut previous_total: Option<usize> = None;
        // 小计 rows since the last grand total: a 合计 after them sums the groups.
        let mut subtotals: Vec<(usize, usize)> = Vec::new();
        for (k, &i) in rows.iter().enumerate() {
            let row = &table.rows[i];
            if !row.is_total() {
                continue;
            }
            let members: Vec<usize> = if coded {
                rows.iter()
                    .copied()
                    .filter(|&j| table.rows[j].code_digits().is_some_and(|c| c.len() == top))
                    .collect()
            } else if row.label_key().ends_with("总计") {
                without_breakdowns(table, &rows[previous_total.unwrap_or(0)..k])
            } else if row.label_key() != "小计" && !subtotals.is_empty() {
                let (last, _) = *subtotals.last().expect("non-empty");
                let mut m: Vec<usize> = subtotals.iter().map(|&(_, row)| row).collect();
                m.extend(
                    rows[last + 1..k]
                        .iter()
                        .copied()
                        .filter(|&j| !table.rows[j].is_total()),
                );
                m
            } else {
                let from = previous_total.map_or(0, |p| p + 1);
                let plain: Vec<usize> = rows[from..k]
                    .iter()
                    .copied()
                    .filter(|&j| !table.rows[j].is_total())
                    .collect();
                without_breakdowns(table, &plain)
            };
            if row.label_key() == "小计" {
                subtotals.push((k, i));
            } else {
                subtotals.clear();
            }
            previous_total = Some(k);
            if !members.is_empty() {
                out.push((i, members));
            }
        }
    }
    out
}

/// Drops rows that only break down the row before them (年末结转和结余 followed by its
/// 一般公共预算 / 政府性基金 / 国有资本经营 parts), so that they are not counted twice.
fn without_breakdowns(table: &TableModel, rows: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let head_row = &table.rows[rows[i]];
        out.push(rows[i]);
        let mut skip = 0;
        if let Some(head) = head_row.cells.first() {
            let mut sum = rust_decimal::Decimal::ZERO;
            for (k, &j) in rows[i + 1..].iter().enumerate() {
                let r = &table.rows[j];
                let Some(c) = r.cell(head.column()) else {
                    break;
                };
                let label = r.label().unwrap_or("");
                if r.label_key().ends_with("合计")
                    || crate::semantic::labels::strip_ordinal(label) != label.trim_start()
                {
                    break;
                }
                sum += c.value();
                if k >= 1 && sum == head.value() {
                    skip = k + 1;
                    break;
                }
            }
        }
        i += 1 + skip;
    }
    out
}

pub fn is_total_column(label: &str) -> bool {
    label == "合计" || label == "小计" || label.ends_with("合计")
}

/// (total column, the columns it sums) for every header group of a table.
pub fn column_groups(table: &TableModel) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    let values: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| c.role == Role::Value)
        .collect();
    let mut prefixes: Vec<(usize, Vec<Box<str>>)> = vec![];
    for c in &values {
        for depth in 0..c.path.len() {
            let p = (c.block(), c.path[..depth].to_vec());
            if !prefixes.contains(&p) {
                prefixes.push(p);
            }
        }
    }
    for (block, prefix) in prefixes {
        let members: Vec<&&Column> = values
            .iter()
            .filter(|c| {
                c.block() == block
                    && c.path.len() > prefix.len()
                    && c.path[..prefix.len()] == prefix[..]
            })
            .collect();
        let total = members
            .iter()
            .find(|c| c.path.len() == prefix.len() + 1 && is_total_column(c.label()));
        let Some(total) = total else { continue };
        let mut parts = Vec::new();
        let mut seen_groups: Vec<&Box<str>> = Vec::new();
        for c in &members {
            if c.index() == total.index() {
                continue;
            }
            let head = &c.path[prefix.len()];
            if c.path.len() == prefix.len() + 1 {
                parts.push(c.index());
            } else if !seen_groups.contains(&head) {
                seen_groups.push(head);
                let group: Vec<&&&Column> = members
                    .iter()
                    .filter(|m| m.path.len() > prefix.len() + 1 && &m.path[prefix.len()] == head)
                    .collect();
                match group
                    .iter()
                    .find(|m| m.path.len() == prefix.len() + 2 && is_total_column(m.label()))
                {
                    Some(sub_total) => parts.push(sub_total.index()),
                    None => parts.extend(group.iter().map(|m| m.index())),
                }
            }
        }
        if !parts.is_empty() {
            out.push((total.index(), parts));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{children_by_code, code_children};

    /// The one-pass index gives every row the children the row-by-row search finds, on the
    /// seed report's tables (codes of three, five and seven digits, and blocks side by side).
    #[test]
    fn children_by_code_agrees_with_code_children() {
        let src = include_str!("../../examples/zhongzhan-2023.jsmd");
        let parse = crate::syntax::parse(src);
        let model = crate::semantic::analyze(src, &parse.document, &Default::default());
        let mut parents = 0;
        for table in &model.tables {
            let index = children_by_code(table);
            for (r, row) in table.rows.iter().enumerate() {
                let expected = code_children(table, r);
                let got = row.code_digits().map_or(&[][..], |c| index.of(c));
                assert_eq!(got, expected, "{} row {r}", table.id);
                parents += usize::from(!expected.is_empty());
            }
        }
        assert!(parents > 10, "the seed has parent codes: {parents}");
    }
}
