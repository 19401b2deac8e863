//! The typed syntax tree of a report source.
//!
//! Nodes hold byte ranges into the source, never copies of its text: `&source[node.range]` is
//! what the author wrote. Values that need interpretation (numbers) are parsed once, here.

use rust_decimal::Decimal;

use crate::text::TextRange;

/// A parsed report: front matter and a flat list of blocks in source order.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The whole text, BOM included.
    pub range: TextRange,
    /// Whether the text starts with a UTF-8 byte-order mark (three bytes, skipped by the parser).
    pub bom: bool,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    List(List),
    /// Boxed: a table is four times the size of the other blocks, and most blocks are not
    /// tables.
    Table(Box<Table>),
    Comment(Comment),
    ThematicBreak(TextRange),
}

impl Block {
    pub fn range(&self) -> TextRange {
        match self {
            Block::Heading(h) => h.range,
            Block::Paragraph(p) => p.range,
            Block::List(l) => l.range,
            Block::Table(t) => t.range,
            Block::Comment(c) => c.range,
            Block::ThematicBreak(r) => *r,
        }
    }
}

/// `---` … `---` at the top of the file.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub range: TextRange,
    pub entries: Vec<FmEntry>,
}

#[derive(Debug, Clone)]
pub struct FmEntry {
    pub range: TextRange,
    pub key: TextRange,
    pub value: FmValue,
}

#[derive(Debug, Clone)]
pub enum FmValue {
    /// A scalar; the range excludes surrounding quotes.
    Scalar(TextRange),
    Map(Vec<FmEntry>),
    List(Vec<TextRange>),
}

/// `## 一、收入支出决算总体情况说明 {#s1}`
#[derive(Debug, Clone)]
pub struct Heading {
    pub range: TextRange,
    pub level: u8,
    /// The heading's text, without the `#` marks and the attribute block.
    pub inline: Inline,
    /// Boxed: few headings have one, and a heading sets the size of every block.
    pub attrs: Option<Box<Attrs>>,
}

/// `{#id key=value flag}`
#[derive(Debug, Clone)]
pub struct Attrs {
    pub range: TextRange,
    pub id: Option<TextRange>,
    pub items: Vec<Attr>,
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub range: TextRange,
    pub key: TextRange,
    /// The value without quotes; `None` for a flag.
    pub value: Option<TextRange>,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub range: TextRange,
    pub inline: Inline,
}

#[derive(Debug, Clone)]
pub struct List {
    pub range: TextRange,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    pub range: TextRange,
    pub marker: TextRange,
    pub ordered: bool,
    /// Nesting depth, 0 for a top-level item.
    pub depth: u8,
    pub inline: Inline,
}

/// An HTML comment; a directive when it starts with `jslint-`.
#[derive(Debug, Clone)]
pub struct Comment {
    pub range: TextRange,
    pub directive: Option<Directive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
    DisableFile,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub range: TextRange,
    pub kind: DirectiveKind,
    /// Rule codes or names; empty means every rule.
    pub rules: Vec<TextRange>,
}

/// A GFM pipe table with its identifying attributes.
#[derive(Debug, Clone)]
pub struct Table {
    pub range: TextRange,
    /// Index (in `Document::blocks`) of the heading whose attribute block names this table.
    pub heading: Option<usize>,
    /// Index of the `注：`/`说明：` paragraphs that follow the table.
    pub notes: Vec<usize>,
    /// Every row but the delimiter row, in order.
    pub rows: Vec<Row>,
    /// The `|---|` row, when present.
    pub delimiter: Option<TextRange>,
    /// The tokens of its text cells that hold numbers or links, which `CellText` indexes
    /// (kept here, not in each cell: few cells hold any).
    pub texts: Box<[Tokens]>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub range: TextRange,
    /// A boxed slice, not a vector: a report holds a row per table line.
    pub cells: Box<[Cell]>,
}

/// A cell: its range, and what it holds in four bytes (see [`Cell::new`]).
#[derive(Clone)]
pub struct Cell {
    /// The cell's trimmed content (empty range at the cell's position when blank).
    pub range: TextRange,
    content: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellContent {
    Empty,
    /// `-`, `-%`, `—`: explicitly no value.
    Dash,
    /// A cell that is one figure; its range is the cell's.
    Number(CellNumber),
    /// Text; the inline's range is the cell's, and its tokens are the table's (`Table::texts`).
    Text(CellText),
}

// A report holds one cell per ten bytes or so of table text: keep them small. A cell is its
// range and what it holds packed in four bytes (a figure is read from the text when it is
// needed, by the table model once; a text cell's tokens are kept by the table).
const _: () = assert!(std::mem::size_of::<Cell>() <= 12);

/// The kind of a cell's content, in the top two bits of [`Cell::content`]; the rest is the
/// figure's flags and lengths, or the text's index.
const KIND_SHIFT: u32 = 30;
const PAYLOAD: u32 = (1 << KIND_SHIFT) - 1;

impl Cell {
    pub fn new(range: TextRange, content: CellContent) -> Cell {
        let (kind, payload) = match content {
            CellContent::Empty => (0, 0),
            CellContent::Dash => (1, 0),
            CellContent::Number(n) => (
                2,
                u32::from(n.plain) << 17
                    | u32::from(n.percent) << 16
                    | u32::from(n.unit) << 8
                    | u32::from(n.digits_len),
            ),
            CellContent::Text(CellText(i)) => (3, i),
        };
        Cell {
            range,
            content: kind << KIND_SHIFT | payload,
        }
    }

    /// What it holds.
    pub fn content(&self) -> CellContent {
        let payload = self.content & PAYLOAD;
        match self.content >> KIND_SHIFT {
            0 => CellContent::Empty,
            1 => CellContent::Dash,
            2 => CellContent::Number(CellNumber {
                plain: payload >> 17 & 1 == 1,
                percent: payload >> 16 & 1 == 1,
                unit: (payload >> 8) as u8,
                digits_len: payload as u8,
            }),
            _ => CellContent::Text(CellText(payload)),
        }
    }
}

impl std::fmt::Debug for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cell")
            .field("range", &self.range)
            .field("content", &self.content())
            .finish()
    }
}

/// The figure a whole cell holds: a [`Number`] without the range (the cell has it), without
/// a link (a figure inside a link is text) and without its value, which
/// [`CellNumber::value`] reads from the text again: 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellNumber {
    /// Its digits are a plain figure ([`whole_plain`](crate::syntax::number::whole_plain)),
    /// read again without checks.
    plain: bool,
    pub percent: bool,
    unit: u8,
    digits_len: u8,
}

impl CellNumber {
    /// The figure of a number token that makes up a whole cell; `None` when its digits take
    /// more than 255 bytes (only a figure padded with hundreds of zeros does): such a cell
    /// is text holding the number token.
    pub fn of(number: &Number) -> Option<CellNumber> {
        Some(CellNumber {
            plain: false,
            percent: number.percent,
            unit: number.unit,
            digits_len: u8::try_from(number.digits_len).ok()?,
        })
    }

    /// A plain figure without a unit whose digits take `digits_len` bytes (at most 19:
    /// [`whole_plain`](crate::syntax::number::whole_plain) takes up to 18 digits and a point).
    pub fn plain(digits_len: usize, percent: bool) -> CellNumber {
        CellNumber {
            plain: true,
            percent,
            unit: 0,
            digits_len: u8::try_from(digits_len).expect("a plain figure takes under 256 bytes"),
        }
    }

    /// The exact value as written in the cell at `range` of `src` (the text it was parsed
    /// from, or one with the same cell there), read again from its digits
    /// ([`value_of_digits`](crate::syntax::number::value_of_digits)).
    pub fn value(&self, src: &str, range: TextRange) -> Decimal {
        let start = range.start as usize;
        let digits = &src[start..start + usize::from(self.digits_len)];
        if self.plain {
            return crate::syntax::number::value_of_plain(digits);
        }
        // The parser made a figure cell only of text that lexes as one.
        crate::syntax::number::value_of_digits(digits)
            .unwrap_or_else(|| unreachable!("a figure cell whose text is not a figure"))
    }

    /// The number token it is in the cell at `range` of `src`.
    pub fn at(&self, src: &str, range: TextRange) -> Number {
        Number {
            range,
            value: self.value(src, range),
            digits_len: u32::from(self.digits_len),
            link: NO_LINK,
            unit: self.unit,
            percent: self.percent,
        }
    }
}

/// What a text cell holds: an index into its table's `texts`, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellText(u32);

/// The tokens of a text cell that holds no number and no link.
static NO_TOKENS: Tokens = Tokens(None);

impl CellText {
    /// A text cell with no tokens.
    pub const NONE: CellText = CellText(PAYLOAD);

    /// The text cell whose tokens are `texts[index]` (a cell's content keeps 30 bits for it:
    /// a table's text cells with numbers or links each take several bytes of a u32 text).
    pub fn at(index: usize) -> CellText {
        match u32::try_from(index) {
            Ok(i) if i < PAYLOAD => CellText(i),
            _ => panic!("fewer text cells with tokens in a table than 2^30 − 1"),
        }
    }

    /// Its numbers and links.
    pub fn tokens(self, table: &Table) -> &Tokens {
        match self {
            CellText::NONE => &NO_TOKENS,
            CellText(i) => &table.texts[i as usize],
        }
    }
}

/// Narrative text with its number tokens and links.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    pub range: TextRange,
    pub tokens: Tokens,
}

/// The number tokens and links of an inline.
///
/// Most inline runs (row labels, headings) hold neither, so both lists live behind one
/// optional box: no tokens is one word and allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct Tokens(Option<Box<InlineTokens>>);

#[derive(Debug, Clone)]
struct InlineTokens {
    numbers: Box<[Number]>,
    links: Box<[Link]>,
}

impl Inline {
    pub fn new(range: TextRange, numbers: Vec<Number>, links: Vec<Link>) -> Inline {
        Inline {
            range,
            tokens: Tokens::new(numbers, links),
        }
    }

    /// The number tokens, in order.
    pub fn numbers(&self) -> &[Number] {
        self.tokens.numbers()
    }

    /// The links, in order; `Number::link` indexes them.
    pub fn links(&self) -> &[Link] {
        self.tokens.links()
    }
}

impl Tokens {
    pub fn new(numbers: Vec<Number>, links: Vec<Link>) -> Tokens {
        Tokens((!numbers.is_empty() || !links.is_empty()).then(|| {
            Box::new(InlineTokens {
                numbers: numbers.into_boxed_slice(),
                links: links.into_boxed_slice(),
            })
        }))
    }

    /// The number tokens, in order.
    pub fn numbers(&self) -> &[Number] {
        self.0.as_deref().map_or(&[], |t| &t.numbers)
    }

    /// The links, in order; `Number::link` indexes them.
    pub fn links(&self) -> &[Link] {
        self.0.as_deref().map_or(&[], |t| &t.links)
    }

    /// The numbers and links, to move them (see `syntax::reparse`).
    pub(crate) fn tokens_mut(&mut self) -> (&mut [Number], &mut [Link]) {
        match self.0.as_deref_mut() {
            Some(t) => (&mut t.numbers, &mut t.links),
            None => (&mut [], &mut []),
        }
    }
}

/// `[text](target)`; a cell reference when the target is `#TABLE:ROW:COLUMN`.
#[derive(Debug, Clone)]
pub struct Link {
    pub range: TextRange,
    pub text: TextRange,
    pub target: TextRange,
    pub cell: Option<CellRef>,
}

#[derive(Debug, Clone)]
pub struct CellRef {
    pub table: TextRange,
    pub row: TextRange,
    pub column: TextRange,
}

/// A number token: `611.70 万元`, `98.90%`, `９ 辆`.
///
/// Kept small (36 bytes): a report holds one per table cell, so the digits, unit and link
/// are packed and read through methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The whole token, unit included.
    pub range: TextRange,
    /// The exact value as written (`611.70` keeps scale 2).
    pub value: Decimal,
    /// Bytes of the digits (sign and decimal point included) from `range.start`.
    digits_len: u32,
    /// Index into the enclosing `Inline::links`, or `NO_LINK`.
    link: u32,
    /// Index into `number::UNITS` plus one; 0 for none.
    unit: u8,
    pub percent: bool,
}

const NO_LINK: u32 = u32::MAX;

impl Number {
    /// A number token over `range` whose digits take the first `digits_len` bytes.
    pub fn new(
        range: TextRange,
        digits_len: usize,
        value: Decimal,
        percent: bool,
        unit: Option<&'static str>,
        link: Option<usize>,
    ) -> Number {
        let unit = unit.map_or(0, |u| {
            1 + crate::syntax::number::UNITS
                .iter()
                .position(|k| *k == u)
                .expect("units come from number::UNITS") as u8
        });
        Number {
            range,
            value,
            digits_len: u32::try_from(digits_len).expect("digits inside a u32 text"),
            link: link.map_or(NO_LINK, |l| {
                u32::try_from(l).expect("fewer links than bytes in a u32 text")
            }),
            unit,
            percent,
        }
    }

    /// Decimal places as written.
    pub fn scale(&self) -> u32 {
        self.value.scale()
    }

    /// The digits (with sign and decimal point), without `%` or unit.
    pub fn digits(&self) -> TextRange {
        TextRange::new(
            self.range.start as usize,
            self.range.start as usize + self.digits_len as usize,
        )
    }

    /// The unit after the number (`万元`, `辆`…), if any.
    pub fn unit(&self) -> Option<&'static str> {
        (self.unit > 0).then(|| crate::syntax::number::UNITS[self.unit as usize - 1])
    }

    /// Index into the enclosing `Inline::links` when the number sits inside a link.
    pub fn link(&self) -> Option<usize> {
        (self.link != NO_LINK).then_some(self.link as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_gives_back_what_it_was_made_with() {
        let range = TextRange::new(7, 19);
        let number = |plain, percent, unit, digits_len| {
            CellContent::Number(CellNumber {
                plain,
                percent,
                unit,
                digits_len,
            })
        };
        for content in [
            CellContent::Empty,
            CellContent::Dash,
            number(false, false, 0, 1),
            number(true, true, 0, 255),
            number(false, false, u8::MAX, 0),
            number(false, true, 17, 128),
            number(true, false, 0, 19),
            number(true, true, u8::MAX, u8::MAX),
            CellContent::Text(CellText::NONE),
            CellContent::Text(CellText::at(0)),
            CellContent::Text(CellText::at(PAYLOAD as usize - 1)),
        ] {
            let cell = Cell::new(range, content);
            assert_eq!(cell.content(), content);
            assert_eq!(cell.range, range);
        }
        assert_ne!(CellText::at(PAYLOAD as usize - 1), CellText::NONE);
    }

    #[test]
    #[should_panic(expected = "2^30")]
    fn a_text_index_past_thirty_bits_is_refused() {
        CellText::at(PAYLOAD as usize);
    }
}
