//! Reusing the analysis of an earlier version of the text (the language server's previous
//! analysis) for what an edit did not touch, so that a keystroke costs less than a whole
//! analysis. Whatever is reused is exactly what would be computed again: `tests/properties.rs`
//! compares the result with a fresh analysis on generated texts and edits.
//!
//! A table's model depends only on its block, the heading that names it, and (for a table
//! without an id, named `table-N`) its ordinal. A table whose block and heading lie outside
//! the edited span, at the same place in the new tree, keeps its model, moved.

use crate::semantic::table::{Column, RowModel, TableModel, ValueCell};
use crate::syntax::ast::{Block, Document};
use crate::text::{TextEdit, TextRange};

/// An earlier analysis and the edit that leads from its text to the new one.
pub struct Earlier {
    tables: Vec<Option<TableModel>>,
    pub edit: TextEdit,
    /// For each table of the new analysis so far, the earlier table its model was reused
    /// from.
    pub reused: Vec<Option<usize>>,
}

impl Earlier {
    /// The earlier analysis's tables, and the edit since (`None`: the text is the same).
    pub fn new(tables: Vec<TableModel>, edit: Option<TextEdit>, len: usize) -> Earlier {
        let edit = edit.unwrap_or(TextEdit {
            start: len,
            old_end: len,
            new_end: len,
        });
        Earlier {
            tables: tables.into_iter().map(Some).collect(),
            edit,
            reused: Vec::new(),
        }
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
        let at = self
            .tables
            .partition_point(|t| t.as_ref().is_none_or(|t| t.range.start < was.start));
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

/// Moves every range of a reused model to where its text is after the edit.
trait Remap {
    fn remap(&mut self, edit: &TextEdit);
}

impl Remap for TextRange {
    fn remap(&mut self, edit: &TextEdit) {
        *self = edit.moved(*self);
    }
}

impl<T: Remap> Remap for Option<T> {
    fn remap(&mut self, edit: &TextEdit) {
        if let Some(t) = self {
            t.remap(edit);
        }
    }
}

impl Remap for TableModel {
    fn remap(&mut self, edit: &TextEdit) {
        self.id_range.remap(edit);
        self.range.remap(edit);
        self.caption_range.remap(edit);
        for column in &mut self.columns {
            column.remap(edit);
        }
        for row in &mut self.rows {
            row.remap(edit);
        }
    }
}

impl Remap for Column {
    fn remap(&mut self, edit: &TextEdit) {
        self.header_range.remap(edit);
    }
}

impl Remap for RowModel {
    fn remap(&mut self, edit: &TextEdit) {
        self.range.remap(edit);
        self.code_range.remap(edit);
        self.label_range.remap(edit);
        for cell in self.cells.iter_mut() {
            cell.remap(edit);
        }
    }
}

impl Remap for ValueCell {
    fn remap(&mut self, edit: &TextEdit) {
        self.range.remap(edit);
    }
}
