//! Reusing the analysis of an earlier version of the text (the language server's previous
//! analysis) for what an edit did not touch, so that a keystroke costs less than a whole
//! analysis. Whatever is reused is exactly what would be computed again: `tests/properties.rs`
//! compares the result with a fresh analysis on generated texts and edits.
//!
//! A table's model depends only on its block, the heading that names it, and (for a table
//! without an id, named `table-N`) its ordinal. A table whose block and heading lie outside
//! the edited span, at the same place in the new tree, keeps its model, moved.
//!
//! A table the edit touched is built again, and compared with its earlier model: the same but
//! for ranges, it counts as reused; the same but for figures, it is *refigured*.
//!
//! A narrative unit's outcomes (links and derivations) depend on its own text, its context
//! (the tables before it and its section's tables), the front matter, the profile and
//! rounding policy, the figures of the tables it read (recorded per unit while it is
//! analysed: `UnitSpan::consulted`), and, for a derivation whose whole is in the paragraph
//! before, the token fields (kind, subject, value, range) of the twelve numbers before it.
//! When every table was reused in place or refigured and the front matter and options are the
//! same, a unit outside the edited span whose section and twelve predecessors are the same
//! and which read no refigured table keeps its numbers and outcomes, and the breakdowns, share
//! groups and fact statements among its numbers, moved, without its tokens being made again.
//! (An outcome a profile fact set is reused too: the fact's statements in a unit depend on the
//! unit alone, so the fresh analysis sets the same one.)

use crate::decimal::Policy;
use crate::semantic::narrative::facts::Collector;
use crate::semantic::narrative::index::LinkIndex;
use crate::semantic::narrative::sentences::{CaptionMemo, Pending};
use crate::semantic::narrative::{
    Breakdown, Narrative, NarrativeNumber, Outcome, ShareGroup, UnitSpan, ALL_TABLES,
};
use crate::semantic::profile::Profile;
use crate::semantic::table::{Column, RowModel, TableModel, ValueCell};
use crate::semantic::Model;
use crate::syntax::ast::{Block, Document};
use crate::text::{TextEdit, TextRange};

/// What a reanalysis did not reuse of the earlier one, held only to be freed.
pub struct Leftover {
    _tables: Vec<Option<TableModel>>,
    _narrative: Narrative,
}

/// What [`Earlier::finish`] hands back.
pub struct Finished {
    /// Which earlier table each table's model came from (what the table rules found there
    /// holds too).
    pub reused: Vec<Option<usize>>,
    /// The edit from the earlier text to the new one.
    pub edit: TextEdit,
    /// What this analysis keeps for the next.
    pub memo: Memo,
    /// What is left of the earlier analysis (for the caller to free where it costs least).
    pub leftover: Leftover,
}

/// An earlier analysis and the edit that leads from its text to the new one.
pub struct Earlier {
    tables: Vec<Option<TableModel>>,
    /// Where each earlier table started (kept apart: a table taken leaves a hole in `tables`).
    starts: Vec<u32>,
    narrative: Narrative,
    /// Where the earlier text's front matter ended (0 without one).
    front_matter_end: usize,
    profile: Option<&'static Profile>,
    rounding: Policy,
    pub edit: TextEdit,
    /// For each table of the new analysis so far, the earlier table whose model it has (moved,
    /// or built again and found the same but for ranges): what the table rules found there
    /// holds too.
    pub reused: Vec<Option<usize>>,
    /// Set once the tables are built: whether narrative outcomes may be reused at all.
    narrative_reusable: bool,
    /// Tables rebuilt with the earlier model's labels, codes and layout but other figures,
    /// sorted: a unit that read none of their figures keeps its outcomes.
    refigured: Vec<usize>,
    /// Cursors into the earlier breakdowns and share groups (units come in order).
    next_breakdown: usize,
    next_share_group: usize,
    /// How many units kept their outcomes (for tests).
    units_reused: usize,
    /// The last run of numbers taken from the earlier analysis one unit after another: new
    /// numbers `a..b` are those from `was` on in the earlier analysis.
    in_step: Option<(usize, usize, usize)>,
    /// What the earlier analysis kept for this one (set by the caller, which keeps it from
    /// one analysis to the next); this analysis leaves its own here.
    pub memo: Memo,
}

/// What an analysis keeps for the next analysis of the same document, besides its model: pure
/// functions of parts of the model that a keystroke seldom changes.
#[derive(Debug, Default)]
pub struct Memo {
    /// The caption group each heading matched.
    pub(crate) captions: CaptionMemo,
    /// The link index of the tables (kept when every table is reused in place or refigured:
    /// see [`Earlier::tables_done`]).
    pub(crate) index: Option<LinkIndex>,
}

impl Earlier {
    /// The earlier analysis (its model, and where its front matter ended), and the edit
    /// since (`None`: the text is the same).
    pub fn new(
        model: Model,
        front_matter_end: usize,
        edit: Option<TextEdit>,
        len: usize,
    ) -> Earlier {
        let edit = edit.unwrap_or(TextEdit {
            start: len,
            old_end: len,
            new_end: len,
        });
        Earlier {
            starts: model.tables.iter().map(|t| t.range.start).collect(),
            tables: model.tables.into_iter().map(Some).collect(),
            narrative: model.narrative,
            front_matter_end,
            profile: model.profile,
            rounding: model.rounding,
            edit,
            reused: Vec::new(),
            narrative_reusable: false,
            refigured: Vec::new(),
            next_breakdown: 0,
            next_share_group: 0,
            units_reused: 0,
            in_step: None,
            memo: Memo::default(),
        }
    }

    /// Whether `model`, just built for the `ordinal`th table (which [`Earlier::table`] did
    /// not find untouched), holds what the earlier model of the table at the same place held,
    /// but for ranges: an edit that changed no figure, label or attribute of the table (a
    /// space, a figure retyped as it was). If so, the table counts as reused, for the
    /// narrative and the table rules alike: what they reuse carries the ranges it depends on,
    /// and each is checked to lie outside the edit before it is moved. A table whose figures
    /// changed but nothing else (a figure typed) is noted as refigured: the units that did
    /// not read its figures keep their outcomes. The earlier table must be one the edit
    /// touched.
    pub fn same_table(&mut self, ordinal: usize, model: &TableModel) -> bool {
        let at = ordinal - 1;
        let Some(Some(old)) = self.tables.get(at) else {
            return false;
        };
        // Only the table the edit touched: an untouched one at the same place is another
        // table, even with the same content (a copy pasted before it).
        if self.edit.outside(old.range) {
            return false;
        }
        let same = compare(old, model);
        // What is reused carries the earlier model's ranges, moved: each must land on the
        // new model's range at the same place (an edit inside a table can also make a new
        // table of its last rows, which the moved ranges would point into).
        if same == Same::Not || !ranges_follow(old, model, &self.edit) {
            return false;
        }
        if same == Same::ButFigures {
            self.refigured.push(at);
            return false;
        }
        self.tables[at] = None;
        self.reused[at] = Some(at);
        true
    }

    /// What the reanalysis leaves for the next one and for the caller.
    pub fn finish(self) -> Finished {
        let Earlier {
            tables,
            narrative,
            reused,
            edit,
            memo,
            ..
        } = self;
        Finished {
            reused,
            edit,
            memo,
            leftover: Leftover {
                _tables: tables,
                _narrative: narrative,
            },
        }
    }

    /// Decides, once every table is built, whether narrative outcomes may be reused: every
    /// table reused in place or refigured, the front matter untouched, the same profile and
    /// policy.
    pub fn tables_done(
        &mut self,
        doc: &Document,
        profile: Option<&'static Profile>,
        rounding: Policy,
    ) {
        let front_matter_end = doc
            .front_matter
            .as_ref()
            .map_or(0, |f| f.range.end as usize);
        let in_place = self.reused.len() == self.tables.len()
            && self
                .reused
                .iter()
                .enumerate()
                .all(|(i, r)| *r == Some(i) || self.refigured.binary_search(&i).is_ok());
        // The index holds the tables' structure only, which neither kind of reuse changed.
        if !in_place {
            self.memo.index = None;
        }
        self.narrative_reusable = in_place
            && front_matter_end.max(self.front_matter_end) <= self.edit.start
            && profile.map(|p| p as *const Profile) == self.profile.map(|p| p as *const Profile)
            && rounding == self.rounding;
    }

    /// Takes the unit from the earlier analysis when what it found there still holds: its
    /// numbers with their outcomes, its breakdowns, share groups and fact statements, all
    /// moved, without making its tokens again. Returns whether it did.
    pub fn take_unit(
        &mut self,
        pending: &Pending<'_>,
        narrative: &mut Narrative,
        facts: &mut Collector,
    ) -> bool {
        let start = narrative.numbers.len();
        let Some(span) = self.reusable_unit(pending, start, narrative) else {
            return false;
        };
        let edit = self.edit;
        let from = self.narrative.units[span].numbers.start;
        let n = self.narrative.units[span].numbers.len();
        let mut outside = true;
        for old in &mut self.narrative.numbers[from..from + n] {
            old.outcome.ranges(&mut |r| outside &= edit.outside(*r));
        }
        if !outside {
            return false;
        }
        // The outcome is taken; the rest stays for the next units' look back.
        for old in &mut self.narrative.numbers[from..from + n] {
            let mut outcome = std::mem::replace(&mut old.outcome, Outcome::NotAQuantity);
            outcome.remap(&edit);
            let mut number = old.number.clone();
            number.range = edit.moved(number.range);
            narrative.numbers.push(NarrativeNumber {
                number,
                kind: old.kind,
                subject: old.subject.clone(),
                outcome,
            });
        }
        let shift = |i: usize| i - from + start;
        let breakdowns = &self.narrative.breakdowns;
        while self.next_breakdown < breakdowns.len() && breakdowns[self.next_breakdown].total < from
        {
            self.next_breakdown += 1;
        }
        while let Some(b) = breakdowns
            .get(self.next_breakdown)
            .filter(|b| b.total < from + n)
        {
            narrative.breakdowns.push(Breakdown {
                total: shift(b.total),
                parts: b.parts.iter().map(|&p| shift(p)).collect(),
            });
            self.next_breakdown += 1;
        }
        let groups = &self.narrative.share_groups;
        let first = |g: &ShareGroup| g.shares.first().copied().unwrap_or(0);
        while self.next_share_group < groups.len() && first(&groups[self.next_share_group]) < from {
            self.next_share_group += 1;
        }
        while let Some(g) = groups
            .get(self.next_share_group)
            .filter(|g| first(g) < from + n)
        {
            narrative.share_groups.push(ShareGroup {
                shares: g.shares.iter().map(|&s| shift(s)).collect(),
                complete: g.complete,
            });
            self.next_share_group += 1;
        }
        self.in_step = match self.in_step {
            Some((a, b, was)) if b == start && was + (start - a) == from => {
                Some((a, start + n, was))
            }
            _ => Some((start, start + n, from)),
        };
        facts.add_earlier(&self.narrative.facts, from..from + n, start);
        let old = &mut self.narrative.units[span];
        narrative.units.push(UnitSpan {
            range: pending.inline.range,
            numbers: start..start + n,
            section_tables: pending.section_tables.clone(),
            consulted: std::mem::take(&mut old.consulted),
        });
        self.units_reused += 1;
        true
    }

    /// The earlier unit span whose outcomes the unit may take: the same text and section,
    /// the same twelve numbers before it, and none of the refigured tables' figures read.
    fn reusable_unit(
        &self,
        unit: &Pending<'_>,
        start: usize,
        narrative: &Narrative,
    ) -> Option<usize> {
        let n = unit.inline.numbers().len();
        if !self.narrative_reusable || n == 0 {
            return None;
        }
        let edit = self.edit;
        let was = old_range(&edit, unit.inline.range)?;
        let old = &self.narrative;
        let k = old.units.partition_point(|u| u.range.start < was.start);
        let span = old.units.get(k)?;
        // The same tables stand before it (every table was reused in place, and ranges
        // outside the edit keep their order); its section may be about other tables now.
        if span.range != was
            || span.numbers.len() != n
            || span.section_tables != unit.section_tables
        {
            return None;
        }
        let refigured = |t: &usize| *t == ALL_TABLES || self.refigured.binary_search(t).is_ok();
        if !self.refigured.is_empty() && span.consulted.iter().any(refigured) {
            return None;
        }
        let from = span.numbers.start;
        // The twelve numbers before (what a derivation may read of earlier units).
        let before = start.min(LOOKBACK);
        if from.min(LOOKBACK) != before {
            return None;
        }
        let same = |new: &NarrativeNumber, old: &NarrativeNumber| {
            new.kind == old.kind
                && new.subject == old.subject
                && new.number.value == old.number.value
                && edit.outside(old.number.range)
                && edit.moved(old.number.range) == new.number.range
        };
        // Numbers taken in one run from the earlier analysis are the same by construction.
        let copied = self.in_step.is_some_and(|(a, b, was)| {
            b == start && a + before <= start && was + (start - a) == from
        });
        (copied
            || (1..=before).all(|j| same(&narrative.numbers[start - j], &old.numbers[from - j])))
        .then_some(k)
    }

    /// The model of the `ordinal`th table (block `block` of `doc`; tables are asked for in
    /// order), taken from the earlier analysis if the table and its heading are untouched.
    pub fn table(&mut self, doc: &Document, block: usize, ordinal: usize) -> Option<TableModel> {
        let found = self.find(doc, block, ordinal);
        self.reused.push(found.as_ref().map(|(at, _)| *at));
        found.map(|(_, model)| model)
    }

    fn find(
        &mut self,
        doc: &Document,
        block: usize,
        ordinal: usize,
    ) -> Option<(usize, TableModel)> {
        let edit = self.edit;
        let Block::Table(table) = &doc.blocks[block] else {
            return None;
        };
        let was = old_range(&edit, table.range)?;
        let at = self.starts.partition_point(|&s| s < was.start);
        let old = self.tables.get_mut(at)?.as_mut()?;
        if old.range != was || (old.id_range.is_none() && at + 1 != ordinal) {
            return None;
        }
        let heading = table.heading.and_then(|h| match &doc.blocks[h] {
            Block::Heading(h) => Some(h),
            _ => None,
        });
        let same_heading = match (heading, old.caption_range) {
            (None, None) => true,
            (Some(h), Some(caption)) => {
                old_range(&edit, h.range).is_some()
                    && edit.outside(caption)
                    && edit.moved(caption) == h.inline.range
            }
            _ => false,
        };
        if !same_heading {
            return None;
        }
        let mut model = self.tables[at].take()?;
        model.remap(&edit);
        model.block = block;
        Some((at, model))
    }
}

/// How an earlier table model compares with a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Same {
    /// The same but for ranges (and the block index).
    ButRanges,
    /// The same but for ranges and figures (values and percent signs).
    ButFigures,
    Not,
}

/// Compares two models field by field (every field is named, so that a new one is not
/// forgotten here). Figures compare as written: `611.7` is not `611.70`.
fn compare(a: &TableModel, b: &TableModel) -> Same {
    let TableModel {
        id,
        id_range,
        block: _,
        range: _,
        caption,
        caption_range,
        no,
        unit,
        truncated,
        kind,
        columns,
        head,
        rows,
        // Made from the rows, which are compared.
        row_index: _,
    } = a;
    let same_frame = *id == b.id
        && id_range.is_some() == b.id_range.is_some()
        && *caption == b.caption
        && caption_range.is_some() == b.caption_range.is_some()
        && *no == b.no
        && *unit == b.unit
        && *truncated == b.truncated
        && *kind == b.kind
        && *head == b.head
        && columns.len() == b.columns.len()
        && columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| same_column(x, y))
        && rows.len() == b.rows.len();
    if !same_frame {
        return Same::Not;
    }
    let mut figures = true;
    for (x, y) in rows.iter().zip(&b.rows) {
        if !x.same_but_figures_and_ranges(y) {
            return Same::Not;
        }
        figures &= x
            .cells
            .iter()
            .zip(y.cells.iter())
            .all(|(p, q)| p.same_figure(q));
    }
    if figures {
        Same::ButRanges
    } else {
        Same::ButFigures
    }
}

/// Whether every range of `old` that the edit left alone is, moved, the range at the same place
/// in `new` (which holds what `old` held but for ranges, so their ranges pair up in order).
fn ranges_follow(old: &TableModel, new: &TableModel, edit: &TextEdit) -> bool {
    let all = |t: &TableModel| {
        let mut out = Vec::new();
        t.clone().ranges(&mut |r| out.push(*r));
        out
    };
    let (before, after) = (all(old), all(new));
    before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|(o, n)| !edit.outside(*o) || edit.moved(*o) == *n)
}

fn same_column(a: &Column, b: &Column) -> bool {
    let Column {
        index,
        path,
        lanci,
        role,
        block,
        header_range,
        // Follows from the path.
        budget: _,
    } = a;
    *index == b.index
        && *path == b.path
        && *lanci == b.lanci
        && *role == b.role
        && *block == b.block
        && header_range.is_some() == b.header_range.is_some()
}

/// The range in the old text of a new range that lies outside the edited span.
fn old_range(edit: &TextEdit, new: TextRange) -> Option<TextRange> {
    if (new.end as usize) <= edit.start {
        Some(new)
    } else if (new.start as usize) >= edit.new_end {
        Some(new.shifted(-edit.delta()))
    } else {
        None
    }
}

/// How many earlier numbers a derivation may read (`derive.rs`: the whole of a share stated
/// in the paragraph before).
const LOOKBACK: usize = 12;

/// Every range of a model, to move or blank.
trait Ranges {
    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange));

    /// Moves every range to where its text is after the edit.
    fn remap(&mut self, edit: &TextEdit) {
        self.ranges(&mut |r| *r = edit.moved(*r));
    }
}

impl Ranges for TableModel {
    /// As [`Ranges::remap`], with a shortcut for a table wholly before the edit (nothing
    /// moves) or after it (everything moves by the same amount): every range lies between
    /// the heading's (id, caption) and the table's end.
    fn remap(&mut self, edit: &TextEdit) {
        let first = [self.id_range, self.caption_range, Some(self.range)]
            .into_iter()
            .flatten()
            .map(|r| r.start)
            .min()
            .unwrap_or(self.range.start);
        let (first, last) = (first as usize, self.range.end as usize);
        if cfg!(debug_assertions) {
            self.ranges(&mut |r| {
                assert!(
                    first <= r.start as usize && r.end as usize <= last,
                    "range {r:?} outside its table's span {first}..{last}"
                )
            });
        }
        if last < edit.start {
            return;
        }
        if first > edit.old_end {
            let delta = edit.delta();
            self.ranges(&mut |r| *r = r.shifted(delta));
            return;
        }
        self.ranges(&mut |r| *r = edit.moved(*r));
    }

    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        self.id_range.iter_mut().for_each(&mut *f);
        f(&mut self.range);
        self.caption_range.iter_mut().for_each(&mut *f);
        for column in &mut self.columns {
            column.ranges(f);
        }
        for row in &mut self.rows {
            row.ranges(f);
        }
    }
}

impl Ranges for Column {
    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        self.header_range.iter_mut().for_each(f);
    }
}

impl Ranges for RowModel {
    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        self.ranges_mut(f);
        for cell in self.cells.iter_mut() {
            cell.ranges(f);
        }
    }
}

impl Ranges for ValueCell {
    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        let mut range = self.range();
        f(&mut range);
        self.set_range(range);
    }
}

impl Ranges for Outcome {
    fn ranges(&mut self, f: &mut dyn FnMut(&mut TextRange)) {
        match self {
            Outcome::Linked(l) => l.cells.iter_mut().for_each(f),
            Outcome::Derived(d) => d.operands.iter_mut().for_each(f),
            Outcome::Dangling { target, .. } => f(target),
            Outcome::NotAQuantity | Outcome::Fact { .. } | Outcome::Unverified { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::{analyze, analyze_after, Options};

    /// Analyses `new` from the analysis of `old`, checks that the result is a fresh
    /// analysis's, and returns how many narrative units kept their outcomes.
    fn reused_units(old: &str, new: &str) -> usize {
        let options = Options::default();
        let parse = crate::syntax::parse(old);
        let model = analyze(old, &parse.document, &options);
        let front_matter_end = parse
            .document
            .front_matter
            .as_ref()
            .map_or(0, |f| f.range.end as usize);
        let mut earlier = Earlier::new(
            model,
            front_matter_end,
            TextEdit::between(old, new),
            new.len(),
        );
        let parse = crate::syntax::parse(new);
        let got = analyze_after(new, &parse.document, &options, Some(&mut earlier));
        let fresh = analyze(new, &parse.document, &options);
        assert_eq!(
            format!("{got:?}"),
            format!("{fresh:?}"),
            "{old:?} → {new:?}"
        );
        earlier.units_reused
    }

    const WHOLE_BEFORE: &str = "# 一\n\n一般公共预算财政拨款支出决算为 8.80 万元。\n\n其中：公务用车运行维护费 7.60 万元，占 86.36%。\n\n结束 2023 年。\n";

    #[test]
    fn units_an_edit_leaves_alone_keep_their_outcomes() {
        let new = WHOLE_BEFORE.replace("结束", "完");
        assert_eq!(reused_units(WHOLE_BEFORE, &new), 2);
    }

    #[test]
    fn a_share_of_a_whole_in_the_paragraph_before_is_derived_again_when_the_whole_changes() {
        // The share's paragraph is untouched, but its whole is 9.80 now: 77.55%, not 86.36%.
        // (The last paragraph has the changed figure among its twelve predecessors too.)
        let new = WHOLE_BEFORE.replace("8.80", "9.80");
        assert_eq!(reused_units(WHOLE_BEFORE, &new), 0);
    }

    #[test]
    fn a_share_is_derived_when_a_paragraph_between_it_and_its_whole_is_deleted() {
        // Twelve numbers between the share and the whole before it hid the whole (a share
        // looks back twelve numbers); deleted, they no longer do. The two paragraphs before
        // them are taken from the earlier analysis one after the other; the share's, which
        // follows those now and which the edit does not touch, is derived again: twelve
        // numbers before it either way, but not the same twelve.
        let twelve = "序号 1、2、3、4、5、6、7、8、9、10、11、12。";
        let old = format!(
            "# 一\n\n{twelve}\n\n一般公共预算财政拨款支出决算为 8.80 万元。\n\n见下。\n\n\
             {twelve}\n\n如下。\n\n其中：公务用车运行维护费 7.60 万元，占 86.36%。\n"
        );
        let new = old.replacen(&format!("{twelve}\n\n如下"), "如下", 1);
        assert_eq!(reused_units(&old, &new), 2);
    }

    #[test]
    fn a_table_edit_keeps_the_narrative_that_does_not_read_the_figures_it_changed() {
        let src = include_str!("../../examples/zhongzhan-2023.jsmd");
        // The same text again: every unit keeps its outcomes.
        let all = reused_units(src, src);
        // A space before a row of 公开02表, then the same row with a figure changed.
        let row = "| 2011301 | 行政运行 | 2.93 |";
        let at = src.find(row).expect("the row");
        let mut spaced = src.to_string();
        spaced.insert(at, ' ');
        assert_eq!(reused_units(src, &spaced), all);
        // A figure changed: the units that read 公开02表's figures are analysed again.
        let changed = src.replacen(row, "| 2011301 | 行政运行 | 2.94 |", 1);
        let kept = reused_units(src, &changed);
        assert!(0 < kept && kept < all, "{kept} of {all}");
    }

    #[test]
    fn a_figure_is_linked_again_when_another_candidate_comes_to_agree_with_it() {
        // Both tables' rows match the sentence; neither figure agrees, so the first is taken.
        // Once the second table's figure agrees it is taken instead, though the first table,
        // the cell linked before and the sentence are untouched.
        let old = "# 一\n\n## 甲表 {#t01}\n\n| 科目名称 | 合计 |\n|---|---|\n| 一般公共服务支出 | 9.00 |\n\n## 乙表 {#t02}\n\n| 科目名称 | 合计 |\n|---|---|\n| 一般公共服务支出 | 8.00 |\n\n一般公共服务支出 10.00 万元。\n";
        assert_eq!(reused_units(old, &old.replace("| 8.00 |", "| 10.00 |")), 0);
        assert_eq!(reused_units(old, &old.replace("# 一", "# 二")), 1);
    }

    #[test]
    fn a_score_is_linked_again_when_another_cell_takes_its_value() {
        // A score (分) is tied by its value to the first such cell of any performance table:
        // 98.01 typed into the 得分 column (the header's) of a row above the 总分 that held
        // it takes the link over, though the paragraph is far from the table.
        let src = include_str!("../../examples/zhongzhan-2023.jsmd");
        let row = "| 满意度 | 服务对象满意度 | ≥96% | 100% | 20 | 20 | 0.00 |";
        assert!(src.contains(row));
        let new = src.replace(
            row,
            "| 满意度 | 服务对象满意度 | ≥96% | 100% | 20 | 20 | 98.01 |",
        );
        assert!(reused_units(src, &new) > 0);
    }

    #[test]
    fn units_after_an_edited_heading_are_analysed_in_their_new_section() {
        // Every heading of the seed example emptied in turn: the sections after it are
        // about other tables now, and what their units link to changes with them.
        let src = include_str!("../../examples/zhongzhan-2023.jsmd");
        let doc = crate::syntax::parse(src).document;
        let mut reused = 0;
        for block in &doc.blocks {
            let Block::Heading(h) = block else { continue };
            if h.inline.range.is_empty() {
                continue;
            }
            let mut new = src.to_string();
            new.replace_range(h.inline.range.as_range(), "其他");
            reused += reused_units(src, &new);
        }
        assert!(reused > 0);
    }
}
