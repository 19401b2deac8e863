//! Indexes that keep linking linear in the size of the report: row labels and total-row
//! columns by their words, tables by id, and which tables lie near a paragraph.

use std::collections::HashMap;

use crate::semantic::{Role, TableModel};

/// How many matching tables on each side of a paragraph are considered: the nearest ones
/// (a report of one department has fewer; a compilation of many stays linear).
const NEARBY: usize = 8;

#[derive(Default)]
pub struct LinkIndex {
    pub by_id: HashMap<String, usize>,
    /// Row label key → (table, row) of rows that are not totals, in document order.
    pub row_labels: HashMap<String, Vec<(usize, usize)>>,
    /// Column label (without a trailing 数) → (table, total row, column), in document order.
    pub total_columns: HashMap<String, Vec<(usize, usize, usize)>>,
    /// Subject code → (table, row), in document order.
    pub by_code: HashMap<String, Vec<(usize, usize)>>,
    /// The longest key in either map, in characters.
    pub longest: usize,
}

impl LinkIndex {
    pub fn new(tables: &[TableModel]) -> LinkIndex {
        let mut index = LinkIndex::default();
        for (t, table) in tables.iter().enumerate() {
            index.by_id.entry(table.id.clone()).or_insert(t);
            // The annex's self-evaluation tables hold scores and rates, not amounts.
            if table.kind.as_deref() == Some("performance") {
                continue;
            }
            for (r, row) in table.rows.iter().enumerate() {
                if let Some(code) = &row.code {
                    index.by_code.entry(code.clone()).or_default().push((t, r));
                }
                if row.is_total() {
                    for c in table
                        .columns
                        .iter()
                        .filter(|c| c.block == row.block && c.role == Role::Value)
                    {
                        if row.cell(c.index).is_some() {
                            let label = c.label();
                            let core = label.strip_suffix('数').unwrap_or(label).to_string();
                            index.longest = index.longest.max(core.chars().count());
                            index
                                .total_columns
                                .entry(core)
                                .or_default()
                                .push((t, r, c.index));
                        }
                    }
                } else if row.label_key.chars().count() >= 2 {
                    index.longest = index.longest.max(row.label_key.chars().count());
                    index
                        .row_labels
                        .entry(row.label_key.clone())
                        .or_default()
                        .push((t, r));
                }
            }
        }
        index
    }

    /// Every key of `map` that occurs in `subject` (looking at its last 48 characters).
    pub fn keys_in<'a, V>(
        &self,
        map: &'a HashMap<String, V>,
        subject: &str,
    ) -> Vec<(&'a String, &'a V)> {
        let chars: Vec<char> = subject.chars().collect();
        let tail = &chars[chars.len().saturating_sub(48)..];
        let mut found = Vec::new();
        let mut key = String::new();
        for start in 0..tail.len() {
            key.clear();
            for (len, c) in tail[start..].iter().take(self.longest).enumerate() {
                key.push(*c);
                if len >= 1 {
                    if let Some((k, v)) = map.get_key_value(key.as_str()) {
                        found.push((k, v));
                    }
                }
            }
        }
        found
    }
}

/// Tables near a place (the `NEARBY` on each side) and the section's tables, in order.
pub fn nearby_tables(count: usize, tables_before: usize, section: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = section.to_vec();
    out.extend(tables_before.saturating_sub(NEARBY)..(tables_before + NEARBY).min(count));
    out.dedup();
    out
}

/// The entries of a document-ordered list whose table is among the `NEARBY` nearest to a
/// paragraph that has `tables_before` tables before it, plus those in `section`.
pub fn nearby<T: Copy>(
    hits: &[T],
    table_of: impl Fn(&T) -> usize,
    tables_before: usize,
    section: &[usize],
) -> Vec<T> {
    let split = hits.partition_point(|h| table_of(h) < tables_before);
    let from = split.saturating_sub(NEARBY);
    let to = (split + NEARBY).min(hits.len());
    let mut out: Vec<T> = hits[from..to].to_vec();
    if hits.len() > to - from {
        out.extend(
            hits[..from]
                .iter()
                .chain(&hits[to..])
                .filter(|h| section.contains(&table_of(h)))
                .copied(),
        );
    }
    out
}
