//! Narrative numbers: every number in a paragraph or list item gets exactly one outcome —
//! linked to a cell or named quantity, derived (a share, a change, a rate), a statement of a
//! repeated fact, or unverified — and the outcome is data that rules, hovers and
//! go-to-definition read.

mod derive;
pub mod explanation;
pub(crate) mod facts;
pub mod index;
pub mod link;
pub mod sentences;

use rust_decimal::Decimal;

use crate::decimal::{Agreement, Interval, Packed, PackedInterval};
use crate::semantic::profile::Profile;
use crate::semantic::reuse::Earlier;
use crate::semantic::{ReportMeta, TableModel};
use crate::syntax::ast::{Document, Number};
use crate::text::TextRange;

pub use sentences::Kind;

/// What a narrative number was found to state.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not a quantity: a year, a date, a document number.
    NotAQuantity,
    /// Tied to a cell or a named quantity.
    Linked(Link),
    /// Recomputed from other figures.
    Derived(Derivation),
    /// One statement of a fact stated elsewhere too (a count of vehicles).
    Fact { name: String },
    /// An explicit reference `[…](#t05:合计:基本支出)` that names no cell.
    Dangling { target: TextRange, reason: String },
    /// Nothing to check it against.
    Unverified { reason: &'static str },
}

impl Outcome {
    pub fn agreement(&self) -> Agreement {
        match self {
            Outcome::Linked(l) => l.agreement,
            Outcome::Derived(d) => d.agreement,
            _ => Agreement::Agrees,
        }
    }
}

/// How a number was tied to what it states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The author's `[…](#table:row:column)`.
    Reference,
    /// A row or column label named in the sentence.
    Label,
    /// A named quantity of the profile (人员经费 = 301 + 303).
    Quantity,
    /// The sentence's topic (the 类/款/项 path of a list item, the previous figure's subject).
    Topic,
    /// The value alone (scores in the annex).
    Value,
}

/// A link, 96 bytes (a report holds one per figure of its narrative): figures are packed, and
/// what few links have is boxed.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub via: Via,
    /// `人员经费`; `None` for a link to one cell, whose label is made from the cell when it
    /// is shown ([`Link::label`]): most links are to a cell, and few labels are ever shown.
    label: Option<Box<str>>,
    /// The value the number should have, in the number's own unit.
    expected: PackedInterval,
    /// The exact figure it should equal when it is a single cell.
    exact: Option<Packed>,
    /// The value computed from the figures as written, in the number's own unit (shown).
    value: Packed,
    /// The cells involved.
    pub cells: Box<[TextRange]>,
    pub agreement: Agreement,
    notes: Option<Box<LinkNotes>>,
}

const _: () = assert!(std::mem::size_of::<Link>() <= 96);

/// What only some links have.
#[derive(Debug, Clone, PartialEq)]
struct LinkNotes {
    computation: Option<Box<str>>,
    unit_slip: Option<Box<str>>,
}

impl Link {
    /// `t05 (公开05表) `合计` 本年支出/基本支出 (栏次 2)` or `人员经费`.
    pub fn label(&self, tables: &[TableModel]) -> std::borrow::Cow<'_, str> {
        match (&self.label, self.cells.first()) {
            (Some(label), _) => std::borrow::Cow::Borrowed(label),
            (None, Some(&cell)) => link::cell_label(tables, cell).into(),
            (None, None) => std::borrow::Cow::Borrowed(""),
        }
    }

    /// The value the number should have, in the number's own unit.
    pub fn expected(&self) -> Interval {
        self.expected.get()
    }

    /// The exact figure it should equal when it is a single cell.
    pub fn exact(&self) -> Option<Decimal> {
        self.exact.map(Packed::get)
    }

    /// The value computed from the figures as written, in the number's own unit (shown).
    pub fn value(&self) -> Decimal {
        self.value.get()
    }

    /// How it was computed, for a quantity (`443.92 = 435.66 + 8.26`).
    pub fn computation(&self) -> Option<&str> {
        self.notes.as_ref()?.computation.as_deref()
    }

    /// Set when the number matches only ×10 000 (元 written for 万元).
    pub fn unit_slip(&self) -> Option<&str> {
        self.notes.as_ref()?.unit_slip.as_deref()
    }
}

/// Boxed notes of a link, `None` when it has neither.
fn link_notes(computation: Option<String>, unit_slip: Option<String>) -> Option<Box<LinkNotes>> {
    (computation.is_some() || unit_slip.is_some()).then(|| {
        Box::new(LinkNotes {
            computation: computation.map(String::into_boxed_str),
            unit_slip: unit_slip.map(String::into_boxed_str),
        })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedKind {
    Share,
    ChangeRate,
    ChangeAmount,
    CompletionRate,
    /// A total and the parts listed after 其中 (checked by breakdown-mismatch).
    Breakdown,
}

/// A derivation, 88 bytes (see [`Link`]): how it was computed is kept behind an `Arc`, as figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    pub kind: DerivedKind,
    expected: PackedInterval,
    /// The recomputed value at the stated precision.
    value: Packed,
    /// `84.99% = 519.87 / 611.70`, as its figures ([`Derivation::explanation`] writes it).
    /// Shared by the derivations of one breakdown (its total and each part).
    explanation: std::sync::Arc<explanation::Explanation>,
    /// The numbers it was computed from.
    pub operands: Box<[TextRange]>,
    pub agreement: Agreement,
    /// A likely cause, e.g. the change computed on the current year's figure.
    pub note: Option<Box<str>>,
}

const _: () = assert!(std::mem::size_of::<Derivation>() <= 88);

impl Derivation {
    pub fn expected(&self) -> Interval {
        self.expected.get()
    }

    /// The recomputed value at the stated precision.
    pub fn value(&self) -> Decimal {
        self.value.get()
    }

    /// How it was computed: `84.99% = 519.87 / 611.70`.
    pub fn explanation(&self) -> impl std::fmt::Display + '_ {
        let percent = matches!(
            self.kind,
            DerivedKind::Share | DerivedKind::ChangeRate | DerivedKind::CompletionRate
        );
        self.explanation.display(self.value(), percent)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NarrativeNumber {
    pub number: Number,
    pub kind: Kind,
    /// The words before the number that say what it is.
    pub subject: Box<str>,
    pub outcome: Outcome,
}

/// `其中`: a total and the parts it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Shares of one whole stated in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareGroup {
    pub shares: Vec<usize>,
    /// Whether the parts add up to the whole (only then must the shares add up to 100%).
    pub complete: bool,
}

/// A fact and where it is stated; `expected` when a table gives its value.
#[derive(Debug, Clone, PartialEq)]
pub struct FactStatements {
    pub name: String,
    pub statements: Vec<usize>,
    pub table: Option<(Decimal, TextRange, String)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrative {
    pub numbers: Vec<NarrativeNumber>,
    pub breakdowns: Vec<Breakdown>,
    pub share_groups: Vec<ShareGroup>,
    pub facts: Vec<FactStatements>,
    /// The units that hold numbers, in order.
    pub units: Vec<UnitSpan>,
}

/// A narrative unit (paragraph or list item) with numbers: where it is, which numbers are
/// its own, and the context it was analysed in, so that a reanalysis after an edit can tell
/// whether its outcomes still hold (`semantic::reuse`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSpan {
    pub range: TextRange,
    pub numbers: std::ops::Range<usize>,
    pub section_tables: Vec<usize>,
    /// The tables whose figures its analysis read, sorted ([`ALL_TABLES`] last when any).
    pub consulted: Box<[usize]>,
}

/// Everything the narrative pass reads.
pub struct Input<'a> {
    pub src: &'a str,
    pub doc: &'a Document,
    pub tables: &'a [TableModel],
    pub meta: &'a ReportMeta,
    pub profile: Option<&'static Profile>,
    pub index: &'a index::LinkIndex,
    pub policy: crate::decimal::Policy,
    /// The tables whose figures the unit being analysed has read so far ([`ALL_TABLES`]
    /// for any): what its outcomes depend on besides its text (see `semantic::reuse`).
    pub consulted: std::cell::RefCell<Vec<usize>>,
}

/// In [`Input::consulted`]: figures of tables found by id or kind (profile quantities,
/// performance scores), which any table may hold.
pub const ALL_TABLES: usize = usize::MAX;

impl<'a> Input<'a> {
    /// Table `t`, whose figures the unit being analysed is about to read.
    pub fn table(&self, t: usize) -> &'a TableModel {
        self.consult(t);
        &self.tables[t]
    }

    /// Records that the unit being analysed reads figures of table `t` (or [`ALL_TABLES`]).
    pub fn consult(&self, t: usize) {
        self.consulted.borrow_mut().push(t);
    }
}

pub fn analyze(input: &Input<'_>, mut earlier: Option<&mut Earlier>) -> Narrative {
    // Sized up front (upper bounds: lists of contents are skipped), so that the largest
    // vectors of the analysis never double: that would hold both copies at the peak.
    let (numbers, units) = narrative_numbers(input.doc);
    let mut narrative = Narrative {
        numbers: Vec::with_capacity(numbers),
        units: Vec::with_capacity(units),
        ..Narrative::default()
    };
    let mut facts = facts::Collector::new(input);
    let mut captions = earlier
        .as_deref_mut()
        .map(|e| std::mem::take(&mut e.memo.captions))
        .unwrap_or_default();
    sentences::for_each_unit(input, &mut captions, |pending| {
        // A unit without numbers states nothing (its tokens are its numbers).
        if pending.inline.numbers().is_empty() {
            return;
        }
        let start = narrative.numbers.len();
        if let Some(e) = earlier.as_deref_mut() {
            if e.take_unit(&pending, &mut narrative, &mut facts) {
                return;
            }
        }
        let unit = &pending.build(input);
        for token in &unit.tokens {
            narrative.numbers.push(NarrativeNumber {
                number: token.number.clone(),
                kind: token.kind,
                subject: token.subject.as_str().into(),
                outcome: Outcome::Unverified {
                    reason: "nothing in the report states this figure",
                },
            });
        }
        link::link_unit(input, unit, &mut narrative.numbers[start..]);
        derive::derive_unit(input, unit, start, &mut narrative);
        let mut consulted = std::mem::take(&mut *input.consulted.borrow_mut());
        consulted.sort_unstable();
        consulted.dedup();
        if !unit.tokens.is_empty() {
            narrative.units.push(UnitSpan {
                range: unit.range,
                numbers: start..narrative.numbers.len(),
                section_tables: unit.section_tables.clone(),
                consulted: consulted.into_boxed_slice(),
            });
        }
        facts.add(input.src, unit, start, &narrative);
    });
    if let Some(e) = earlier {
        e.memo.captions = captions;
    }
    facts.finish(input, &mut narrative);
    narrative.numbers.shrink_to_fit();
    narrative.units.shrink_to_fit();
    narrative
}

/// How many numbers paragraphs and list items hold.
/// Upper bounds of the narrative's numbers and of its units with numbers.
fn narrative_numbers(doc: &Document) -> (usize, usize) {
    use crate::syntax::ast::Block;
    let mut numbers = 0;
    let mut units = 0;
    let mut count = |inline: &crate::syntax::ast::Inline| {
        numbers += inline.numbers().len();
        units += usize::from(!inline.numbers().is_empty());
    };
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => count(&p.inline),
            Block::List(l) => l.items.iter().for_each(|i| count(&i.inline)),
            _ => {}
        }
    }
    (numbers, units)
}
