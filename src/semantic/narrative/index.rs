//! Indexes that keep linking linear in the size of the report: row labels and total-row
//! columns by their words, tables by id, and which tables lie near a paragraph.

// Keys are the report's own labels and codes, looked up once per figure: a fast hasher, not
// one that resists crafted collisions, is what fits.
use rustc_hash::FxHashMap as HashMap;

use crate::semantic::{Role, TableModel};

/// How many matching tables on each side of a paragraph are considered: the nearest ones
/// (a report of one department has fewer; a compilation of many stays linear).
const NEARBY: usize = 8;

/// A row, numbered through the report (all of the first table's rows, then the second's…;
/// see [`LinkIndex::row_of`]): the index holds one or two hits per row of the report, so a
/// hit is one `u32` (a text under 4 GiB has fewer rows than that).
pub type RowHit = u32;
/// A cell of a total row: (row through the report, column).
pub type ColumnHit = (u32, u32);

/// An index as kept in a hit.
pub(crate) fn narrow(i: usize) -> u32 {
    u32::try_from(i).expect("fewer tables, rows and columns than bytes in a u32 text")
}

/// The tables' ids, row labels, total-row columns and codes, indexed for linking.
///
/// It holds the tables' structure only (no figure), so it stays valid for tables whose
/// figures alone changed, and a reanalysis keeps it (`semantic::reuse`). Keys are the
/// distinct labels and codes, which a compilation of many departments repeats: few copies.
#[derive(Debug, Default)]
pub struct LinkIndex {
    pub by_id: HashMap<Box<str>, usize>,
    /// Row label key → the rows that are not totals, in document order.
    pub row_labels: HashMap<Box<str>, Box<[RowHit]>>,
    /// Column label (without a trailing 数) → (total row, column), in document order.
    pub total_columns: HashMap<Box<str>, Box<[ColumnHit]>>,
    /// Subject code → the rows, in document order.
    pub by_code: HashMap<Box<str>, Box<[RowHit]>>,
    /// For each map, the first character of its keys → the key lengths (in characters, a
    /// bit per length) that start with it: a subject is probed only where a key can start.
    row_shapes: HashMap<char, u64>,
    column_shapes: HashMap<char, u64>,
    /// For each table, the number through the report of its first row.
    first_rows: Box<[u32]>,
}

/// Records a key's first character and length in `shapes`.
fn add_shape(shapes: &mut HashMap<char, u64>, key: &str) {
    let mut chars = key.chars();
    if let Some(first) = chars.next() {
        let len = 1 + chars.count();
        *shapes.entry(first).or_default() |= 1u64 << len.min(63);
    }
}

/// Appends `hit` to the list of `key` (copying the key only the first time it is seen).
fn push<T>(map: &mut HashMap<Box<str>, Vec<T>>, key: &str, hit: T) {
    match map.get_mut(key) {
        Some(hits) => hits.push(hit),
        None => {
            map.insert(Box::from(key), vec![hit]);
        }
    }
}

/// The lists of `map` without their spare capacity: the index lives as long as the narrative
/// is linked, which is when a check's heap peaks (measured in `examples/phases`).
fn freeze<T>(map: HashMap<Box<str>, Vec<T>>) -> HashMap<Box<str>, Box<[T]>> {
    let mut frozen = HashMap::with_capacity_and_hasher(map.len(), Default::default());
    frozen.extend(map.into_iter().map(|(k, v)| (k, v.into_boxed_slice())));
    frozen
}

/// Lists being built, before [`freeze`].
#[derive(Default)]
struct Building {
    row_labels: HashMap<Box<str>, Vec<RowHit>>,
    total_columns: HashMap<Box<str>, Vec<ColumnHit>>,
    by_code: HashMap<Box<str>, Vec<RowHit>>,
}

impl LinkIndex {
    pub fn new(tables: &[TableModel]) -> LinkIndex {
        let mut index = LinkIndex::default();
        let mut lists = Building::default();
        let mut first_rows = Vec::with_capacity(tables.len());
        let mut rows = 0usize;
        for table in tables {
            first_rows.push(narrow(rows));
            rows += table.rows.len();
        }
        // Every row's number fits a u32 (checked once here, not at each hit).
        narrow(rows);
        for (t, table) in tables.iter().enumerate() {
            if !index.by_id.contains_key(&*table.id) {
                index.by_id.insert(table.id.clone(), t);
            }
            // The annex's self-evaluation tables hold scores and rates, not amounts.
            if table.kind.as_deref() == Some("performance") {
                continue;
            }
            for (r, row) in table.rows.iter().enumerate() {
                let hit = first_rows[t] + narrow(r);
                if let Some(code) = row.code() {
                    push(&mut lists.by_code, code, hit);
                }
                if row.is_total() {
                    for c in table
                        .columns
                        .iter()
                        .filter(|c| c.block() == row.block() && c.role == Role::Value)
                    {
                        if row.cell(c.index()).is_some() {
                            let label = c.label();
                            let core = label.strip_suffix('数').unwrap_or(label);
                            push(&mut lists.total_columns, core, (hit, narrow(c.index())));
                        }
                    }
                } else if row.label_key().chars().nth(1).is_some() {
                    push(&mut lists.row_labels, row.label_key(), hit);
                }
            }
        }
        index.first_rows = first_rows.into_boxed_slice();
        index.row_labels = freeze(lists.row_labels);
        index.total_columns = freeze(lists.total_columns);
        index.by_code = freeze(lists.by_code);
        for key in index.row_labels.keys() {
            add_shape(&mut index.row_shapes, key);
        }
        for key in index.total_columns.keys() {
            add_shape(&mut index.column_shapes, key);
        }
        index
    }

    /// The (table, row) of a row numbered through the report.
    pub fn row_of(&self, hit: RowHit) -> (usize, usize) {
        let t = self.table_of(hit);
        (t, (hit - self.first_rows[t]) as usize)
    }

    /// The table of a row numbered through the report (the last table starting at or before
    /// it: a table without rows starts where the next one does).
    pub fn table_of(&self, hit: RowHit) -> usize {
        self.first_rows.partition_point(|&first| first <= hit) - 1
    }

    /// [`LinkIndex::row_of`] for hits taken mostly in document order, as [`LinkIndex::near`]
    /// gives them: each search starts from the table of the hit before.
    pub fn rows(&self) -> Rows<'_> {
        Rows {
            first_rows: &self.first_rows,
            table: 0,
        }
    }

    /// The number through the report of table `t`'s first row, `usize::MAX` past the last
    /// table: a row is in a table before `t` exactly when its number is below this (see
    /// [`nearby`]).
    pub fn first_row(&self, t: usize) -> usize {
        self.first_rows.get(t).map_or(usize::MAX, |&f| f as usize)
    }

    /// [`nearby`] for hits that name rows of the report (`row` gives a hit's row).
    pub fn near<T: Copy>(
        &self,
        hits: &[T],
        row: impl Fn(&T) -> RowHit,
        tables_before: usize,
        section: &[usize],
    ) -> Vec<T> {
        nearby(
            hits,
            |h| row(h) as usize,
            |t| self.first_row(t),
            tables_before,
            section,
        )
    }

    /// Row label keys that occur in `subject` (see [`LinkIndex::keys_in`]).
    pub fn row_keys_in(&self, subject: &str) -> Vec<(&str, &[RowHit])> {
        keys_in(&self.row_labels, &self.row_shapes, subject)
    }

    /// Total-column keys that occur in `subject` (see [`LinkIndex::keys_in`]).
    pub fn column_keys_in(&self, subject: &str) -> Vec<(&str, &[ColumnHit])> {
        keys_in(&self.total_columns, &self.column_shapes, subject)
    }
}

/// A cursor over the tables for hits in (mostly) document order: see [`LinkIndex::rows`].
pub struct Rows<'a> {
    first_rows: &'a [u32],
    /// The table of the hit before.
    table: usize,
}

impl Rows<'_> {
    /// The table and row of `hit`, as [`LinkIndex::row_of`] gives them.
    pub fn of(&mut self, hit: RowHit) -> (usize, usize) {
        self.table = table_from(self.first_rows, self.table, hit);
        (self.table, (hit - self.first_rows[self.table]) as usize)
    }
}

/// The last table that starts at or before `hit` (`first_rows` ascending, `first_rows[0]`
/// at or before it), searched from table `from`: forward in steps that double, so a hit in
/// the same or a near table costs a compare or two, and a binary search of the whole for a
/// hit before `from`.
fn table_from(first_rows: &[u32], from: usize, hit: RowHit) -> usize {
    if first_rows.get(from).is_none_or(|&first| first > hit) {
        return first_rows.partition_point(|&first| first <= hit) - 1;
    }
    // `first_rows[lo] <= hit`; the answer is `lo` or after it.
    let (mut lo, mut step) = (from, 1);
    loop {
        let probe = lo + step;
        if probe >= first_rows.len() || first_rows[probe] > hit {
            let end = probe.min(first_rows.len());
            return lo + first_rows[lo + 1..end].partition_point(|&first| first <= hit);
        }
        lo = probe;
        step *= 2;
    }
}

/// Every key of `map` of two or more characters that occurs in `subject` (looking at its
/// last 48 characters), by start and then length.
fn keys_in<'a, T>(
    map: &'a HashMap<Box<str>, Box<[T]>>,
    shapes: &HashMap<char, u64>,
    subject: &str,
) -> Vec<(&'a str, &'a [T])> {
    // Byte offsets of the last 48 characters, and the end (on the stack: this is asked of
    // every narrative figure's subject).
    let mut offsets = [subject.len(); 49];
    let mut first = 48;
    for (i, _) in subject.char_indices().rev().take(48) {
        first -= 1;
        offsets[first] = i;
    }
    let bounds = &offsets[first..];
    let mut found = Vec::new();
    for start in 0..bounds.len() - 1 {
        let c = subject[bounds[start]..]
            .chars()
            .next()
            .expect("a character starts here");
        let Some(&lengths) = shapes.get(&c) else {
            continue;
        };
        for len in 2..bounds.len() - start {
            if len > 63 {
                break;
            }
            if lengths & (1u64 << len) == 0 {
                continue;
            }
            let key = &subject[bounds[start]..bounds[start + len]];
            if let Some((k, v)) = map.get_key_value(key) {
                found.push((&**k, &**v));
            }
        }
    }
    found
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
fn nearby<T: Copy>(
    hits: &[T],
    place: impl Fn(&T) -> usize,
    table_start: impl Fn(usize) -> usize,
    tables_before: usize,
    section: &[usize],
) -> Vec<T> {
    // `place` orders the hits as their tables do, and `table_start(t)` is the first place
    // of table `t` (and of no earlier one): a hit's table is before `t` exactly when its
    // place is before that start. `before(t)` counts the hits of the tables before `t` by a
    // binary search that compares places and never looks a table up.
    let before = |t: usize| {
        let start = table_start(t);
        hits.partition_point(|h| place(h) < start)
    };
    let split = before(tables_before);
    let from = split.saturating_sub(NEARBY);
    let to = (split + NEARBY).min(hits.len());
    let mut out: Vec<T> = hits[from..to].to_vec();
    if hits.len() > to - from {
        // The section's tables, found by binary search (hits are in table order), so that a
        // label every department repeats costs a lookup, not a scan, per figure.
        let mut spans: Vec<(usize, usize)> = section
            .iter()
            .map(|&t| (before(t), before(t.saturating_add(1))))
            .collect();
        spans.sort_unstable();
        spans.dedup();
        // Outside the window only (its part is already in), in document order.
        for &(lo, hi) in &spans {
            let end = hi.min(from);
            if lo < end {
                out.extend_from_slice(&hits[lo..end]);
            }
        }
        for &(lo, hi) in &spans {
            let start = lo.max(to);
            if start < hi {
                out.extend_from_slice(&hits[start..hi]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{nearby, LinkIndex};

    #[test]
    fn a_row_numbered_through_the_report_is_found_again() {
        // The second table has a header and no body row.
        let src = "| 项目 | 金额 |\n|---|---|\n| 工资福利支出 | 1.00 |\n| 合计 | 1.00 |\n\n\
                   | 项目 | 金额 |\n|---|---|\n\n\
                   | 项目 | 金额 |\n|---|---|\n| 商品和服务支出 | 2.00 |\n";
        let parse = crate::syntax::parse(src);
        let tables = crate::semantic::analyze(src, &parse.document, &Default::default()).tables;
        assert_eq!(
            tables.iter().map(|t| t.rows.len()).collect::<Vec<_>>(),
            [2, 0, 1]
        );
        let index = LinkIndex::new(&tables);
        let mut hit = 0;
        for (t, table) in tables.iter().enumerate() {
            for r in 0..table.rows.len() {
                assert_eq!(index.row_of(hit), (t, r));
                hit += 1;
            }
        }
        // A row is in a table before `t` exactly when it is numbered below `first_row(t)`
        // (the empty second table included), which `nearby` relies on.
        for hit in 0..3 {
            for t in 0..5 {
                assert_eq!(index.table_of(hit) < t, (hit as usize) < index.first_row(t));
            }
        }
        // Every row label and code is indexed under its row.
        let (key, hits) = index.row_keys_in("商品和服务支出").pop().expect("a label");
        assert_eq!((key, hits.len()), ("商品和服务支出", 1));
        assert_eq!(index.row_of(hits[0]), (2, 0));
    }

    #[test]
    fn keys_are_looked_for_in_a_subjects_last_48_characters() {
        let src = "| 项目 | 金额 |\n|---|---|\n| 工资福利支出 | 1.00 |\n";
        let parse = crate::syntax::parse(src);
        let tables = crate::semantic::analyze(src, &parse.document, &Default::default()).tables;
        let index = LinkIndex::new(&tables);
        let found = |subject: &str| -> Vec<String> {
            let keys = index.row_keys_in(subject);
            keys.iter().map(|(key, _)| key.to_string()).collect()
        };
        let key = "工资福利支出";
        // One, three and four bytes a character: the window is counted in characters.
        for filler in ["a", "，", "𠀀"] {
            // The key's first character is the 48th from the end, then the 49th.
            let inside = format!("{}{key}{}", filler.repeat(5), filler.repeat(42));
            let outside = format!("{}{key}{}", filler.repeat(5), filler.repeat(43));
            assert_eq!(found(&inside), [key], "{filler}");
            assert_eq!(found(&outside), Vec::<String>::new(), "{filler}");
            assert_eq!(found(key), [key]);
        }
    }

    proptest::proptest! {
        /// The cursor finds the table a binary search of the whole finds, whatever the order
        /// of the hits and however many tables have no rows.
        #[test]
        fn a_cursor_finds_what_a_search_finds(
            sizes in proptest::collection::vec(0u32..4, 1..40),
            hits in proptest::collection::vec(0u32..200, 0..40),
        ) {
            let mut first_rows = Vec::new();
            let mut rows = 0;
            for size in &sizes {
                first_rows.push(rows);
                rows += size;
            }
            let mut from = 0;
            for hit in hits {
                let hit = hit % rows.max(1);
                let want = first_rows.partition_point(|&first| first <= hit) - 1;
                from = super::table_from(&first_rows, from, hit);
                proptest::prop_assert_eq!(from, want, "hit {}", hit);
            }
        }
    }

    /// The straightforward reading of `nearby`: the window, then every other hit whose table
    /// is in the section, in document order.
    fn reference(hits: &[usize], tables_before: usize, section: &[usize]) -> Vec<usize> {
        let split = hits.partition_point(|&t| t < tables_before);
        let from = split.saturating_sub(super::NEARBY);
        let to = (split + super::NEARBY).min(hits.len());
        let mut out = hits[from..to].to_vec();
        out.extend(
            hits[..from]
                .iter()
                .chain(&hits[to..])
                .filter(|t| section.contains(t))
                .copied(),
        );
        out
    }

    #[test]
    fn nearby_agrees_with_a_scan_of_every_hit() {
        // Hits in table order, several per table, some tables missing.
        let hits: Vec<usize> = (0..60).flat_map(|t| vec![t; t % 3]).collect();
        let sections: [&[usize]; 6] = [&[], &[0], &[59, 1], &[20, 20], &[25, 30, 2], &[100]];
        for tables_before in [0, 1, 10, 30, 58, 59, 60, 80] {
            for section in sections {
                assert_eq!(
                    nearby(&hits, |&t| t, |t| t, tables_before, section),
                    reference(&hits, tables_before, section),
                    "tables_before {tables_before}, section {section:?}"
                );
            }
        }
    }
}
