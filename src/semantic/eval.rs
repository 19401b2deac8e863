//! Evaluating expressions against the tables: references resolve to cells, identities with a
//! `*` row expand to one instance per matching row.

use rust_decimal::Decimal;

use crate::semantic::expr::{Identity, Ref, Side, Term};
use crate::semantic::TableModel;
use crate::text::TextRange;

/// A resolved term: a cell's value with where it is, or a literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Operand {
    pub value: Decimal,
    /// The cell, `None` for a literal.
    pub range: Option<TextRange>,
    /// What it is, made up front for a literal or a row the table does not list; empty for a
    /// cell, whose label is made from [`Operand::cell`] only when it is shown
    /// ([`Operand::label`]): most identities hold, and their labels are never read.
    pub text: String,
    /// The cell's table (its index), row and column, when the term resolved to one.
    pub cell: Option<(usize, usize, usize)>,
    pub negative: bool,
}

impl Operand {
    /// `t05 (公开05表) `合计` 基本支出`: what the operand is, for messages.
    pub fn label(&self, tables: &[TableModel]) -> std::borrow::Cow<'_, str> {
        match self.cell {
            Some((t, r, c)) if self.text.is_empty() => {
                let table = &tables[t];
                std::borrow::Cow::Owned(format!(
                    "{} `{}` {}",
                    table.display(),
                    table.rows[r].display(),
                    table.column(c).display()
                ))
            }
            _ => std::borrow::Cow::Borrowed(&self.text),
        }
    }
}

/// Resolves `t05[合计, 基本支出]`, with `row` standing in for a `*` row.
pub fn resolve(tables: &[TableModel], r: &Ref, row: Option<&str>) -> Option<Operand> {
    let ti = table_index(tables, &r.table)?;
    let table = &tables[ti];
    let row_key = if r.is_wildcard() {
        row?
    } else {
        r.row.as_str()
    };
    let (ri, cell) = table.lookup(row_key, &r.column)?;
    Some(Operand {
        value: cell.value(),
        range: Some(cell.range()),
        text: String::new(),
        cell: Some((ti, ri, cell.column())),
        negative: false,
    })
}

/// Resolves every term of a sum, or `None` when one does not resolve. In a sum of several
/// terms, a row the table does not list counts as zero (tables leave out empty rows), as long
/// as at least one term is present.
pub fn eval_side(tables: &[TableModel], side: &Side, row: Option<&str>) -> Option<Vec<Operand>> {
    let mut out = Vec::with_capacity(side.terms.len());
    let mut present = 0;
    for (negative, term) in &side.terms {
        let operand = match term {
            Term::Ref(r) => match resolve(tables, r, row) {
                Some(o) => {
                    present += 1;
                    Some(Operand {
                        negative: *negative,
                        ..o
                    })
                }
                None if side.terms.len() > 1 && row_is_absent(tables, r, row) => Some(Operand {
                    value: Decimal::ZERO,
                    range: None,
                    text: format!("{} `{}` (not listed: 0)", r.table, r.row),
                    cell: None,
                    negative: *negative,
                }),
                None => None,
            },
            Term::Number(n) => Some(Operand {
                value: *n,
                range: None,
                text: n.to_string(),
                cell: None,
                negative: *negative,
            }),
        };
        out.push(operand?);
    }
    (present > 0
        || out
            .iter()
            .all(|o| o.range.is_none() && !o.text.contains("not listed")))
    .then_some(out)
}

/// Whether a reference names a row that its (existing) table does not list at all.
fn row_is_absent(tables: &[TableModel], r: &Ref, row: Option<&str>) -> bool {
    let Some(table) = find_table(tables, &r.table) else {
        return false;
    };
    let key = if r.is_wildcard() {
        row.unwrap_or("")
    } else {
        r.row.as_str()
    };
    table.find_rows(key).is_empty() && !table.find_columns(&r.column).is_empty()
}

/// The first of several alternative sums that resolves.
pub fn eval_first(tables: &[TableModel], alternatives: &[Side]) -> Option<Vec<Operand>> {
    alternatives.iter().find_map(|s| eval_side(tables, s, None))
}

/// One instance of an identity: the row key (for `*` identities) and each side's operands.
#[derive(Debug, Clone)]
pub struct Instance {
    pub row: Option<String>,
    pub sides: Vec<Vec<Operand>>,
}

/// Every instance of an identity that fully resolves.
pub fn instances(tables: &[TableModel], identity: &Identity) -> Vec<Instance> {
    let wildcard = identity
        .sides
        .iter()
        .flat_map(|s| &s.terms)
        .find_map(|(_, t)| match t {
            Term::Ref(r) if r.is_wildcard() => Some(r),
            _ => None,
        });
    let keys: Vec<Option<String>> = match wildcard {
        None => vec![None],
        Some(r) => match find_table(tables, &r.table) {
            Some(table) => row_keys(table, &r.column).into_iter().map(Some).collect(),
            None => Vec::new(),
        },
    };
    keys.into_iter()
        .filter_map(|key| {
            let sides: Option<Vec<Vec<Operand>>> = identity
                .sides
                .iter()
                .map(|s| eval_side(tables, s, key.as_deref()))
                .collect();
            sides.map(|sides| Instance { row: key, sides })
        })
        .collect()
}

pub fn find_table<'a>(tables: &'a [TableModel], id: &str) -> Option<&'a TableModel> {
    table_index(tables, id).map(|t| &tables[t])
}

/// The index of the table with this id.
fn table_index(tables: &[TableModel], id: &str) -> Option<usize> {
    tables.iter().position(|t| *t.id == *id)
}

/// Keys (code, or label) of the rows that have a value in `column`.
fn row_keys(table: &TableModel, column: &str) -> Vec<String> {
    let columns = table.find_columns(column);
    let mut keys = Vec::new();
    for row in &table.rows {
        if row.is_total() || !columns.iter().any(|&c| row.cell(c).is_some()) {
            continue;
        }
        let key = row.code().unwrap_or(row.label_key()).to_string();
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}
