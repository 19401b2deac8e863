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
    pub row_labels: Lists<RowHit>,
    /// Column label (without a trailing 数) → (total row, column), in document order.
    pub total_columns: Lists<ColumnHit>,
    /// Subject code → the rows, in document order.
    pub by_code: Lists<RowHit>,
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

/// Keys, each with its list of hits in document order: every list is a range of one slice,
/// so that the index holds one allocation for its hits and one for each distinct key (a
/// vector for each key, grown hit by hit and shrunk at the end, was most of its cost).
#[derive(Debug)]
pub struct Lists<T> {
    ranges: HashMap<Box<str>, (u32, u32)>,
    hits: Box<[T]>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            ranges: HashMap::default(),
            hits: Box::default(),
        }
    }
}

impl<T> Lists<T> {
    /// The hits of `key`.
    pub fn get(&self, key: &str) -> Option<&[T]> {
        self.get_key_value(key).map(|(_, hits)| hits)
    }

    /// The key as stored, and its hits.
    fn get_key_value(&self, key: &str) -> Option<(&str, &[T])> {
        let (k, &(start, end)) = self.ranges.get_key_value(key)?;
        Some((k, &self.hits[start as usize..end as usize]))
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.ranges.keys().map(|k| &**k)
    }
}

/// A [`Lists`] being built: each hit is recorded with its key's slot (the key looked up once,
/// borrowed from the tables), and each slot's hits are counted, so that [`Builder::finish`]
/// places every hit in one pass.
struct Builder<'t, T> {
    slots: HashMap<&'t str, u32>,
    counts: Vec<u32>,
    hits: Vec<(u32, T)>,
}

impl<'t, T: Copy + Default> Builder<'t, T> {
    fn with_capacity(hits: usize) -> Self {
        Builder {
            slots: HashMap::default(),
            counts: Vec::new(),
            hits: Vec::with_capacity(hits),
        }
    }

    fn push(&mut self, key: &'t str, hit: T) {
        let counts = &mut self.counts;
        let slot = *self.slots.entry(key).or_insert_with(|| {
            counts.push(0);
            narrow(counts.len() - 1)
        });
        counts[slot as usize] += 1;
        self.hits.push((slot, hit));
    }

    /// The lists, each key's hits in the order pushed.
    fn finish(self) -> Lists<T> {
        // Where each slot's hits start: the counts summed; `next` moves along as they are
        // placed.
        let mut next = Vec::with_capacity(self.counts.len());
        let mut at = 0;
        for &count in &self.counts {
            next.push(at);
            at += count;
        }
        let mut ranges = HashMap::with_capacity_and_hasher(self.slots.len(), Default::default());
        for (&key, &slot) in &self.slots {
            let start = next[slot as usize];
            ranges.insert(Box::from(key), (start, start + self.counts[slot as usize]));
        }
        let mut hits = vec![T::default(); self.hits.len()].into_boxed_slice();
        for &(slot, hit) in &self.hits {
            let place = &mut next[slot as usize];
            hits[*place as usize] = hit;
            *place += 1;
        }
        Lists { ranges, hits }
    }
}

impl LinkIndex {
    pub fn new(tables: &[TableModel]) -> LinkIndex {
        let mut index = LinkIndex::default();
        let mut first_rows = Vec::with_capacity(tables.len());
        let mut rows = 0usize;
        for table in tables {
            first_rows.push(narrow(rows));
            rows += table.rows.len();
        }
        // Every row's number fits a u32 (checked once here, not at each hit).
        narrow(rows);
        // A row has at most a code and a label.
        let mut row_labels = Builder::with_capacity(rows);
        let mut by_code = Builder::with_capacity(rows);
        let mut total_columns = Builder::with_capacity(0);
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
                    by_code.push(code, hit);
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
                            total_columns.push(core, (hit, narrow(c.index())));
                        }
                    }
                } else if row.label_key().chars().nth(1).is_some() {
                    row_labels.push(row.label_key(), hit);
                }
            }
        }
        index.first_rows = first_rows.into_boxed_slice();
        index.row_labels = row_labels.finish();
        index.total_columns = total_columns.finish();
        index.by_code = by_code.finish();
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
    map: &'a Lists<T>,
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
            if let Some(found_key) = map.get_key_value(key) {
                found.push(found_key);
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
        }
        assert_eq!(found(key), [key]);
    }

    proptest::proptest! {
        /// Each key's hits are those given with it, in the order given; no other key is there.
        #[test]
        fn lists_hold_each_keys_hits_in_order(
            entries in proptest::collection::vec(("[甲乙丙]{1,2}", 0u32..1000), 0..60),
        ) {
            let pairs: Vec<(&str, u32)> = entries.iter().map(|(k, h)| (k.as_str(), *h)).collect();
            let mut builder = super::Builder::with_capacity(0);
            for &(key, hit) in &pairs {
                builder.push(key, hit);
            }
            let lists = builder.finish();
            let mut want: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
            for &(key, hit) in &pairs {
                want.entry(key).or_default().push(hit);
            }
            let mut keys: Vec<&str> = lists.keys().collect();
            keys.sort_unstable();
            proptest::prop_assert_eq!(keys, want.keys().copied().collect::<Vec<_>>());
            for (key, hits) in &want {
                proptest::prop_assert_eq!(lists.get(key), Some(hits.as_slice()));
                proptest::prop_assert_eq!(lists.get_key_value(key).map(|(k, _)| k), Some(*key));
            }
            proptest::prop_assert_eq!(lists.get("丁"), None);
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
