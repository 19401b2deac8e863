//! Moving parsed nodes to where an edit before them put their text: every range they hold
//! moves by the same number of bytes. Used by [`crate::syntax::reparse`] for the blocks after
//! an edit, which it keeps instead of parsing again.

use crate::syntax::ast::{
    Attr, Attrs, Block, Cell, Comment, Directive, Heading, Inline, List, Paragraph, Row, Table,
    Tokens,
};
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// A node whose ranges all move by `delta` bytes.
pub trait Shift {
    fn shift(&mut self, delta: i64);
}

impl Shift for TextRange {
    fn shift(&mut self, delta: i64) {
        *self = self.shifted(delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: i64) {
        if let Some(t) = self {
            t.shift(delta);
        }
    }
}

impl<T: Shift> Shift for [T] {
    fn shift(&mut self, delta: i64) {
        for t in self {
            t.shift(delta);
        }
    }
}

impl<T: Shift + ?Sized> Shift for Box<T> {
    fn shift(&mut self, delta: i64) {
        (**self).shift(delta);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: i64) {
        self.as_mut_slice().shift(delta);
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
    }
}

impl Shift for Block {
    fn shift(&mut self, delta: i64) {
        match self {
            Block::Heading(h) => h.shift(delta),
            Block::Paragraph(p) => p.shift(delta),
            Block::List(l) => l.shift(delta),
            Block::Table(t) => t.shift(delta),
            Block::Comment(c) => c.shift(delta),
            Block::ThematicBreak(r) => r.shift(delta),
        }
    }
}

impl Shift for Heading {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.inline.shift(delta);
        self.attrs.shift(delta);
    }
}

impl Shift for Attrs {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.id.shift(delta);
        self.items.shift(delta);
    }
}

impl Shift for Attr {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.key.shift(delta);
        self.value.shift(delta);
    }
}

impl Shift for Paragraph {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.inline.shift(delta);
    }
}

impl Shift for List {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        for item in &mut self.items {
            item.range.shift(delta);
            item.marker.shift(delta);
            item.inline.shift(delta);
        }
    }
}

impl Shift for Comment {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.directive.shift(delta);
    }
}

impl Shift for Directive {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.rules.shift(delta);
    }
}

/// A table's heading and notes are block indices, set again by `attach_tables`.
impl Shift for Table {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.rows.shift(delta);
        self.delimiter.shift(delta);
        self.texts.shift(delta);
    }
}

impl Shift for Row {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.cells.shift(delta);
    }
}

impl Shift for Cell {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
    }
}

impl Shift for Inline {
    fn shift(&mut self, delta: i64) {
        self.range.shift(delta);
        self.tokens.shift(delta);
    }
}

impl Shift for Tokens {
    fn shift(&mut self, delta: i64) {
        let (numbers, links) = self.tokens_mut();
        for number in numbers {
            number.range.shift(delta);
        }
        for link in links {
            link.range.shift(delta);
            link.text.shift(delta);
            link.target.shift(delta);
            if let Some(cell) = &mut link.cell {
                cell.table.shift(delta);
                cell.row.shift(delta);
                cell.column.shift(delta);
            }
        }
    }
}
