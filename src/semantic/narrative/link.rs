//! Linking amounts to what they state: an explicit reference, a named quantity of the
//! profile, a row or column label in the sentence, or the sentence's topic.

use rust_decimal::Decimal;

use crate::decimal::{ulp, Agreement, Interval, Packed, PackedInterval, Policy};
use crate::semantic::eval::{eval_first, Operand};
use crate::semantic::labels::key;
use crate::semantic::narrative::sentences::{Kind, MoneyUnit, Token, Unit};
use crate::semantic::narrative::{link_notes, Input, Link, NarrativeNumber, Outcome, Via};
use crate::semantic::profile::Quantity;
use crate::semantic::{Role, TableModel};
use crate::text::TextRange;

/// Words that make an amount a change rather than a level.
pub const CHANGE_WORDS: &[&str] = &["增加", "减少", "增长", "下降", "上升", "降低"];
/// Words that make an amount a budget figure.
const BUDGET_WORDS: &[&str] = &[
    "年初预算",
    "预算数",
    "支出预算",
    "预算为",
    "全年预算",
    "调整预算",
];
/// Column labels too generic to identify a figure on their own.
const GENERIC_COLUMNS: &[&str] = &["合计", "小计", "金额", "决算数", "决算", "预算数", "总计"];

/// The words of a subject that only says "the figure is" ([`names_nothing`]).
const FILLER_WORDS: [&str; 16] = [
    "其中", "支出", "决算", "预算", "年初", "全年", "执行", "数", "为", "是", "共", "计", "的",
    "\"", "\u{201c}", "\u{201d}",
];

/// Whether a subject only says "the figure is" (支出决算为, 预算数为): it then takes the
/// sentence's topic. A subject with other words names something the tables may not have.
fn names_nothing(subject: &str) -> bool {
    // Most subjects hold a character that is in none of the words and is not trimmed: no
    // removal can take it away, so something is named (and no string need be made).
    let blank = |c: char| c.is_ascii_punctuation() || c.is_whitespace();
    if subject.chars().any(|c| !blank(c) && !in_words(c)) {
        return false;
    }
    let rest = crate::semantic::labels::without_words(subject, FILLER_WORDS);
    rest.trim_matches(blank).is_empty()
}

/// Whether `c` is in one of the [`FILLER_WORDS`]: a match, not sixteen searches, for every
/// character of every subject (a test checks it against the words).
fn in_words(c: char) -> bool {
    matches!(
        c,
        '其' | '中'
            | '支'
            | '出'
            | '决'
            | '算'
            | '预'
            | '年'
            | '初'
            | '全'
            | '执'
            | '行'
            | '数'
            | '为'
            | '是'
            | '共'
            | '计'
            | '的'
            | '"'
            | '\u{201c}'
            | '\u{201d}'
    )
}

/// Resolves a phrase such as `支出合计` (in `占支出合计的 100%`) to the value it names.
pub fn resolve_phrase(
    input: &Input<'_>,
    phrase: &str,
    section: &[usize],
    tables_before: usize,
) -> Option<(Interval, String, Vec<TextRange>)> {
    let found = candidates(input, input.tables, phrase, false, section, tables_before);
    let best = found.iter().map(|c| c.score).max()?;
    let c = found
        .into_iter()
        .filter(|c| c.score == best)
        .max_by_key(|c| c.in_section)?;
    Some((c.expected(), c.label(input.tables), c.cells.into_vec()))
}

pub fn is_change(subject: &str) -> bool {
    let s = subject.trim_end_matches(['了', '为']);
    CHANGE_WORDS.iter().any(|w| s.ends_with(w))
}

pub fn is_budget(subject: &str) -> bool {
    // Every budget word holds 预算: one search rules most subjects out.
    let holds = |w| crate::text::holds(subject, w);
    holds("预算") && !holds("决算") && !holds("执行") && BUDGET_WORDS.iter().any(|w| holds(w))
}

/// 万元 per unit of the stated figure.
pub fn factor(kind: Kind) -> Decimal {
    match kind {
        Kind::Amount(MoneyUnit::Yuan) => Decimal::new(1, 4),
        Kind::Amount(MoneyUnit::Yi) => Decimal::from(10_000),
        _ => Decimal::ONE,
    }
}

/// What the sentence is about, carried from one figure to the next.
#[derive(Clone)]
enum Topic {
    Quantity(&'static Quantity),
    Code(String),
}

struct Candidate {
    score: usize,
    in_section: bool,
    via: Via,
    /// Empty until needed when `at` names the cell (see [`Candidate::label`]).
    label: String,
    /// The cell, as (table, row, column) indices, for a candidate whose label is made late:
    /// most candidates are discarded, and formatting a label is most of their cost.
    at: Option<[u32; 3]>,
    /// The interval its rounding allows, in 万元; `None` for a cell, whose interval is that
    /// of its value (see [`Candidate::expected`]): most candidates are discarded unused.
    expected: Option<Interval>,
    exact: Option<Decimal>,
    /// The value as written (a cell, or the exact sum of a quantity's cells), in 万元.
    value: Decimal,
    computation: Option<String>,
    cells: Cells,
    /// Whether it stands for its row's code (a row found by its label or its code), which
    /// [`Candidate::code`] reads from the row.
    coded: bool,
    quantity: Option<&'static Quantity>,
}

/// A candidate's cells. Most candidates are one cell, and most are discarded: one cell takes
/// no allocation.
enum Cells {
    One(TextRange),
    Many(Vec<TextRange>),
}

impl Cells {
    fn len(&self) -> usize {
        match self {
            Cells::One(_) => 1,
            Cells::Many(cells) => cells.len(),
        }
    }

    fn into_vec(self) -> Vec<TextRange> {
        match self {
            Cells::One(cell) => vec![cell],
            Cells::Many(cells) => cells,
        }
    }
}

impl Candidate {
    fn at(mut self, table: usize, row: usize, column: usize) -> Candidate {
        use crate::semantic::narrative::index::narrow;
        self.at = Some([narrow(table), narrow(row), narrow(column)]);
        self
    }

    fn expected(&self) -> Interval {
        self.expected
            .unwrap_or_else(|| Interval::rounded(self.value))
    }

    /// The code of the candidate's row, if it stands for it.
    fn code<'t>(&self, tables: &'t [TableModel]) -> Option<&'t str> {
        let [t, r, _] = self.at.filter(|_| self.coded)?;
        tables[t as usize].rows[r as usize].code()
    }

    /// The candidate's label, made from its cell when it was left for later.
    fn label(&self, tables: &[TableModel]) -> String {
        match self.at {
            Some([t, r, c]) if self.label.is_empty() => {
                let table = &tables[t as usize];
                cell_label_at(table, &table.rows[r as usize], c as usize)
            }
            _ => self.label.clone(),
        }
    }

    /// The label a link keeps: none when it is the label of its one cell, which
    /// [`Link::label`] makes again from the cell.
    fn kept_label(&self, tables: &[TableModel]) -> Option<Box<str>> {
        let one_cell = self.label.is_empty() && self.at.is_some() && self.cells.len() == 1;
        (!one_cell).then(|| self.label(tables).into())
    }
}

/// `t05 (公开05表) `合计` 本年支出/基本支出 (栏次 2)`: a cell's table, row and column.
fn cell_label_at(table: &TableModel, row: &crate::semantic::RowModel, column: usize) -> String {
    format!(
        "{} `{}` {}",
        table.display(),
        row.display(),
        table.column(column).display()
    )
}

/// The label of the value cell at `range` (as [`Candidate::label`] makes it), found by its
/// range: tables are in document order, and the cell is searched in its table only.
pub fn cell_label(tables: &[TableModel], range: TextRange) -> String {
    let t = tables.partition_point(|t| t.range.end < range.end);
    let Some(table) = tables.get(t) else {
        return String::new();
    };
    table
        .rows
        .iter()
        .find_map(|row| {
            let cell = row.cells.iter().find(|c| c.range() == range)?;
            Some(cell_label_at(table, row, cell.column()))
        })
        .unwrap_or_default()
}

pub fn link_unit(input: &Input<'_>, unit: &Unit, numbers: &mut [NarrativeNumber]) {
    let model = input.tables;
    let mut topic = code_for_path(
        input.tables,
        &unit.topic_path,
        &unit.section_tables,
        unit.tables_before,
    )
    .map(Topic::Code);
    for (token, out) in unit.tokens.iter().zip(numbers.iter_mut()) {
        if token.kind == Kind::NotAQuantity {
            out.outcome = Outcome::NotAQuantity;
            continue;
        }
        if let Some(link) = token.number.link().and_then(|l| unit.links.get(l)) {
            if let Some(cell) = &link.cell {
                out.outcome = explicit(input, token, link.target, cell);
                continue;
            }
        }
        match token.kind {
            Kind::Amount(_) if !token.change => {
                let budget = token.budget;
                let bare = names_nothing(&token.subject);
                let mut found = Vec::new();
                if bare {
                    if let Some(t) = &topic {
                        found = from_topic(
                            input,
                            model,
                            t,
                            budget,
                            &unit.section_tables,
                            unit.tables_before,
                        );
                    }
                }
                if found.is_empty() && !bare {
                    found = candidates(
                        input,
                        model,
                        &token.subject,
                        budget,
                        &unit.section_tables,
                        unit.tables_before,
                    );
                    let named =
                        matched_quantity(input, &token.subject).map(|(q, _)| Topic::Quantity(q));
                    let best_code = found
                        .iter()
                        .filter(|c| c.quantity.is_none())
                        .max_by_key(|c| c.score)
                        .and_then(|c| c.code(input.tables))
                        .map(|code| Topic::Code(code.to_string()));
                    if let Some(t) = named.or(best_code) {
                        topic = Some(t);
                    }
                }
                if let Some(choice) = choose(input.policy, found, token) {
                    out.outcome = Outcome::Linked(make_link(input, token, choice));
                } else if budget {
                    out.outcome = Outcome::Unverified { reason: "a budget figure, and the report has no budget table to check it against" };
                }
            }
            Kind::Score => {
                if let Some(link) = score_link(input, token) {
                    out.outcome = Outcome::Linked(link);
                }
            }
            // An execution rate quoted from the annex's self-evaluation table.
            Kind::Percent if crate::text::holds(&token.subject, "执行率") => {
                if let Some(link) = score_link(input, token) {
                    out.outcome = Outcome::Linked(link);
                }
            }
            _ => {}
        }
    }
}

fn explicit(
    input: &Input<'_>,
    token: &Token,
    target: TextRange,
    cell: &crate::syntax::ast::CellRef,
) -> Outcome {
    let text = |r: TextRange| input.src[r.as_range()].trim();
    let (table_id, row, column) = (text(cell.table), text(cell.row), text(cell.column));
    let Some((ti, table)) = input
        .index
        .by_id
        .get(table_id)
        .map(|&t| (t, input.table(t)))
    else {
        return Outcome::Dangling {
            target,
            reason: format!("the report has no table `{table_id}`"),
        };
    };
    let rows = table.find_rows(row);
    if rows.is_empty() {
        return Outcome::Dangling {
            target,
            reason: format!("{} has no row `{row}`", table.display()),
        };
    }
    let columns = table.find_columns(column);
    if columns.is_empty() {
        return Outcome::Dangling {
            target,
            reason: format!("{} has no column `{column}`", table.display()),
        };
    }
    // The cell `eval::resolve` finds for the reference (a `*` row stands for none here); its
    // label is made when it is shown.
    let found = (row != "*")
        .then(|| table.first_cell(&rows, &columns))
        .flatten();
    let Some((ri, cell)) = found else {
        return Outcome::Dangling {
            target,
            reason: format!(
                "{} has no figure at row `{row}`, column `{column}`",
                table.display(),
            ),
        };
    };
    let c =
        cell_candidate(unlabelled(cell), Via::Reference, 0, false, false).at(ti, ri, cell.column());
    Outcome::Linked(make_link(input, token, c))
}

fn cell_candidate(op: Operand, via: Via, score: usize, in_section: bool, coded: bool) -> Candidate {
    Candidate {
        score,
        in_section,
        via,
        label: op.text,
        at: None,
        expected: None,
        exact: Some(op.value),
        value: op.value,
        computation: None,
        cells: match op.range {
            Some(cell) => Cells::One(cell),
            None => Cells::Many(Vec::new()),
        },
        coded,
        quantity: None,
    }
}

fn quantity_candidate(
    model: &[TableModel],
    q: &'static Quantity,
    budget: bool,
    score: usize,
) -> Option<Candidate> {
    let ops = eval_first(model, if budget { &q.budget } else { &q.actual })?;
    let expected = ops.iter().fold(Interval::exact(Decimal::ZERO), |acc, o| {
        // A cell is a rounded figure; a literal or a row the table leaves out is exact.
        let i = if o.range.is_some() {
            Interval::rounded(o.value)
        } else {
            Interval::exact(o.value)
        };
        if o.negative {
            acc.minus(i)
        } else {
            acc.plus(i)
        }
    });
    // Rows the table leaves out add nothing: a quantity with one cell is that cell.
    let listed: Vec<&Operand> = ops
        .iter()
        .filter(|o| o.range.is_some() || !o.value.is_zero())
        .collect();
    let (exact, computation) = match listed.as_slice() {
        [single] if !single.negative => (Some(single.value), None),
        _ => {
            let total: Decimal = ops
                .iter()
                .map(|o| if o.negative { -o.value } else { o.value })
                .sum();
            let terms: Vec<String> = ops
                .iter()
                .filter(|o| o.range.is_some())
                .map(|o| format!("{} {}", o.value, short(&o.label(model))))
                .collect();
            (None, Some(format!("{total} = {}", terms.join(" + "))))
        }
    };
    Some(Candidate {
        score,
        in_section: false,
        via: Via::Quantity,
        label: format!("{}{}", q.name, if budget { "（预算）" } else { "" }),
        at: None,
        expected: Some(expected),
        exact,
        value: ops
            .iter()
            .map(|o| if o.negative { -o.value } else { o.value })
            .sum(),
        computation,
        cells: Cells::Many(ops.iter().filter_map(|o| o.range).collect()),
        coded: false,
        quantity: Some(q),
    })
}

fn short(label: &str) -> String {
    label.split('`').nth(1).unwrap_or(label).to_string()
}

/// The profile quantity whose name the subject contains (the longest name wins).
fn matched_quantity(input: &Input<'_>, subject: &str) -> Option<(&'static Quantity, usize)> {
    let profile = input.profile?;
    let signature = crate::semantic::labels::char_signature(subject);
    profile
        .quantities
        .iter()
        .filter_map(|q| {
            q.names
                .iter()
                .zip(&q.name_signatures)
                .filter(|&(n, &s)| s & !signature == 0 && crate::text::holds(subject, n))
                .map(|(n, _)| n)
                .map(|n| n.chars().count())
                .max()
                .map(|len| (q, len))
        })
        .max_by_key(|(_, len)| *len)
}

fn candidates(
    input: &Input<'_>,
    model: &[TableModel],
    subject: &str,
    budget: bool,
    section: &[usize],
    tables_before: usize,
) -> Vec<Candidate> {
    // A subject names a row that every department's tables have: a compilation gives a dozen
    // candidates or more, and growing the vector from empty copied them three times over.
    // The vector lives for one figure, so room to spare costs nothing.
    let mut out = Vec::with_capacity(16);
    if let Some((q, len)) = matched_quantity(input, subject) {
        input.consult(crate::semantic::narrative::ALL_TABLES);
        if let Some(c) = quantity_candidate(model, q, budget, len) {
            out.push(c);
        }
    }
    let index = input.index;
    let mut rows = index.rows();
    for (row_key, hits) in index.row_keys_in(subject) {
        let key_chars = row_key.chars().count();
        for hit in index.near(hits, |&h| h, tables_before, section) {
            let (ti, ri) = rows.of(hit);
            let table = input.table(ti);
            let row = &table.rows[ri];
            // The longest column label the subject names (the last of the longest).
            let column = value_columns(table, row.block(), budget)
                .filter_map(|c| {
                    let core = core(c);
                    (core.chars().nth(1).is_some()
                        && !GENERIC_COLUMNS.contains(&core)
                        && crate::text::holds(subject, core))
                    .then(|| (c.index(), core.chars().count()))
                })
                .max_by_key(|&(_, chars)| chars);
            let column = column.or_else(|| main_column(table, row.block(), budget).map(|c| (c, 0)));
            if let Some((c, extra)) = column {
                if let Some(cell) = row.cell(c) {
                    out.push(
                        cell_candidate(
                            unlabelled(cell),
                            Via::Label,
                            key_chars + extra,
                            section.contains(&ti),
                            true,
                        )
                        .at(ti, ri, cell.column()),
                    );
                }
            }
        }
    }
    for (core, hits) in index.column_keys_in(subject) {
        if core.chars().nth(1).is_none() || GENERIC_COLUMNS.contains(&core) {
            continue;
        }
        let core_chars = core.chars().count();
        for (hit, ci) in index.near(hits, |&(h, _)| h, tables_before, section) {
            let ((ti, ri), ci) = (rows.of(hit), ci as usize);
            let table = input.table(ti);
            let column = table.column(ci);
            if column.budget != budget {
                continue;
            }
            if let Some(cell) = table.rows[ri].cell(ci) {
                out.push(
                    cell_candidate(
                        unlabelled(cell),
                        Via::Label,
                        core_chars,
                        section.contains(&ti),
                        false,
                    )
                    .at(ti, ri, cell.column()),
                );
            }
        }
    }
    out
}

/// A cell as an operand whose label is made later (see [`Candidate::at`]).
fn unlabelled(cell: &crate::semantic::ValueCell) -> Operand {
    Operand {
        value: cell.value(),
        range: Some(cell.range()),
        text: String::new(),
        cell: None,
        negative: false,
    }
}

/// A column label without a trailing 数 (决算数 → 决算).
fn core(c: &crate::semantic::Column) -> &str {
    let l = c.label();
    l.strip_suffix('数').unwrap_or(l)
}

fn value_columns(
    table: &TableModel,
    block: usize,
    budget: bool,
) -> impl Iterator<Item = &crate::semantic::Column> {
    table
        .columns
        .iter()
        .filter(move |c| c.block() == block && c.role == Role::Value && c.budget == budget)
}

fn main_column(table: &TableModel, block: usize, budget: bool) -> Option<usize> {
    value_columns(table, block, budget)
        .next()
        .map(|c| c.index())
}

fn from_topic(
    input: &Input<'_>,
    model: &[TableModel],
    topic: &Topic,
    budget: bool,
    section: &[usize],
    tables_before: usize,
) -> Vec<Candidate> {
    match topic {
        Topic::Quantity(q) => {
            input.consult(crate::semantic::narrative::ALL_TABLES);
            quantity_candidate(model, q, budget, 1)
                .map(|mut c| {
                    c.via = Via::Topic;
                    c
                })
                .into_iter()
                .collect()
        }
        Topic::Code(code) => {
            let mut out = Vec::new();
            let hits = input.index.by_code.get(code.as_str()).unwrap_or_default();
            for hit in input.index.near(hits, |&h| h, tables_before, section) {
                let (ti, ri) = input.index.row_of(hit);
                let table = input.table(ti);
                let row = &table.rows[ri];
                {
                    if let Some(cell) =
                        main_column(table, row.block(), budget).and_then(|c| row.cell(c))
                    {
                        out.push(
                            cell_candidate(
                                unlabelled(cell),
                                Via::Topic,
                                1,
                                section.contains(&ti),
                                true,
                            )
                            .at(ti, ri, cell.column()),
                        );
                    }
                }
            }
            out
        }
    }
}

/// The code of the row that a 类/款/项 path names, found in any table with codes.
fn code_for_path(
    tables: &[TableModel],
    path: &[String],
    section: &[usize],
    tables_before: usize,
) -> Option<String> {
    if path.len() < 2 {
        return None;
    }
    for table in
        crate::semantic::narrative::index::nearby_tables(tables.len(), tables_before, section)
            .into_iter()
            .map(|t| &tables[t])
    {
        let mut parent: Option<&str> = None;
        let mut ok = true;
        for (depth, label) in path.iter().enumerate() {
            let want_len = 3 + 2 * depth;
            let label = key(label);
            let found = table.rows.iter().find(|r| {
                r.code()
                    .as_ref()
                    .is_some_and(|c| c.len() == want_len && parent.is_none_or(|p| c.starts_with(p)))
                    && (*r.label_key() == *label
                        || r.label_key().contains(&*label)
                        || label.contains(r.label_key()))
            });
            match found {
                Some(r) => parent = r.code(),
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return parent.map(str::to_string);
        }
    }
    None
}

/// Picks the best candidate; among equally good ones, one that agrees with the figure.
fn choose(policy: Policy, mut found: Vec<Candidate>, token: &Token) -> Option<Candidate> {
    let best = found.iter().map(|c| c.score).max()?;
    let stated = stated_interval(token);
    let agreeing = |c: &Candidate| match policy {
        Policy::Interval => c.expected().meets(stated),
        Policy::Exact => agreement(policy, token, c) == Agreement::Agrees,
    };
    // Among the best scored (looked at in place: a candidate is large, and moving the top
    // ones to a vector of their own copied each), the first that agrees in the section, else
    // the first that agrees, else the first in the section, else the first.
    let top = || found.iter().enumerate().filter(|(_, c)| c.score == best);
    let (i, _) = top()
        .find(|(_, c)| agreeing(c) && c.in_section)
        .or_else(|| top().find(|(_, c)| agreeing(c)))
        .or_else(|| top().find(|(_, c)| c.in_section))
        .or_else(|| top().next())?;
    Some(found.swap_remove(i))
}

/// The stated figure's rounding interval, in 万元.
fn stated_interval(token: &Token) -> Interval {
    Interval::rounded(token.number.value).scale_by(factor(token.kind))
}

/// Whether the stated figure agrees with a candidate, under the rounding policy.
fn agreement(policy: Policy, token: &Token, c: &Candidate) -> Agreement {
    let f = factor(token.kind);
    let stated = token.number.value;
    match (policy, c.exact) {
        (_, Some(exact)) if f == Decimal::ONE => policy.compare_same(stated, exact),
        (Policy::Interval, _) => {
            let gap = stated_interval(token).gap(c.expected());
            if gap.is_zero() {
                Agreement::Agrees
            } else if gap <= ulp(stated.scale()) * f {
                Agreement::NearMiss
            } else {
                Agreement::Disagrees
            }
        }
        (Policy::Exact, exact) => {
            policy.compare(stated, Interval::exact(exact.unwrap_or(c.value) / f))
        }
    }
}

fn make_link(input: &Input<'_>, token: &Token, c: Candidate) -> Link {
    let policy = input.policy;
    let label = c.kept_label(input.tables);
    let f = factor(token.kind);
    let stated = token.number.value;
    let agreement = agreement(policy, token, &c);
    let unit_slip = (agreement == Agreement::Disagrees
        && token.kind != Kind::Amount(MoneyUnit::Wan))
    .then(|| {
        let as_wan = Interval::rounded(stated);
        as_wan.meets(c.expected()).then(|| {
            format!(
                "{stated} matches {} 万元: the unit should be 万元, not {}",
                c.value,
                token.number.unit().unwrap_or("")
            )
        })
    })
    .flatten()
    .or_else(|| {
        (agreement == Agreement::Disagrees
            && token.kind == Kind::Amount(MoneyUnit::Wan)
            && Interval::rounded(stated)
                .scale_by(Decimal::new(1, 4))
                .meets(c.expected()))
        .then(|| {
            format!(
                "{stated} is the figure in 元; the table states it in 万元 ({})",
                c.value
            )
        })
    });
    let expected = c.expected();
    let expected = if f == Decimal::ONE {
        expected
    } else {
        Interval {
            lo: expected.lo / f,
            hi: expected.hi / f,
        }
    };
    Link {
        via: c.via,
        label,
        expected: PackedInterval::new(expected),
        exact: c.exact.filter(|_| f == Decimal::ONE).map(Packed::new),
        value: Packed::new(c.value / f),
        cells: c.cells.into_vec().into_boxed_slice(),
        agreement,
        notes: link_notes(c.computation, unit_slip),
    }
}

/// A score (分) tied by its value to a 得分/总分 cell of a performance table.
fn score_link(input: &Input<'_>, token: &Token) -> Option<Link> {
    input.consult(crate::semantic::narrative::ALL_TABLES);
    for table in input
        .tables
        .iter()
        .filter(|t| t.kind.as_deref() == Some("performance"))
    {
        for row in &table.rows {
            for cell in &row.cells {
                // The value first: it rules out nearly every cell, and costs less than
                // searching two labels.
                if cell.value() != token.number.value {
                    continue;
                }
                let label = table.column(cell.column()).label();
                let holds = crate::text::holds;
                let wanted = if token.number.percent {
                    cell.percent
                        && (holds(label, "执行率")
                            || holds(row.label_key(), "执行率")
                            || label.is_empty())
                } else {
                    !cell.percent && (holds(label, "得分") || holds(row.label_key(), "总分"))
                };
                if wanted {
                    return Some(Link {
                        via: Via::Value,
                        // Made again from the cell when shown (`cell_label`).
                        label: None,
                        expected: PackedInterval::new(Interval::rounded(cell.value())),
                        exact: Some(Packed::new(cell.value())),
                        value: Packed::new(cell.value()),
                        cells: Box::new([cell.range()]),
                        agreement: Agreement::Agrees,
                        notes: None,
                    });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn every_budget_word_holds_the_word_for_budget() {
        assert!(super::BUDGET_WORDS.iter().all(|w| w.contains("预算")));
    }

    /// `in_words` is true of exactly the characters of the filler words.
    #[test]
    fn in_words_is_a_character_of_a_filler_word() {
        let sample = "其中支出决算预算年初全年执行数为是共计的\"\u{201c}\u{201d}一般公共服务合计万元%（）abc 12";
        for c in sample.chars() {
            let expected = super::FILLER_WORDS.iter().any(|w| w.contains(c));
            assert_eq!(super::in_words(c), expected, "{c:?}");
        }
        let every: String = super::FILLER_WORDS.concat();
        assert!(every.chars().all(super::in_words));
    }

    /// `names_nothing` without its shortcut.
    fn names_nothing_by_removal(subject: &str) -> bool {
        let words = [
            "其中", "支出", "决算", "预算", "年初", "全年", "执行", "数", "为", "是", "共", "计",
            "的", "\"", "\u{201c}", "\u{201d}",
        ];
        crate::semantic::labels::without_words(subject, words)
            .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .is_empty()
    }

    proptest! {
        /// The shortcut (a character no removal can take away) never changes the answer.
        #[test]
        fn names_nothing_agrees_with_removing_the_words(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    '其', '中', '支', '出', '决', '算', '预', '年', '初', '全', '执', '行', '数',
                    '为', '是', '共', '计', '的', '"', '\u{201c}', '\u{201d}', ' ', ',', '人',
                    '员', '经', '费',
                ]),
                0..12,
            )
        ) {
            let subject: String = chars.into_iter().collect();
            prop_assert_eq!(super::names_nothing(&subject), names_nothing_by_removal(&subject));
        }
    }
}
