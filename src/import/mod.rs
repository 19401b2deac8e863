//! `jslint import`: turns a report that is not yet a `.jsmd` source into one.
//!
//! Two inputs are understood:
//! - **extracted text** ([`from_text`]): the text of a PDF report as a PDF-to-text tool gives
//!   it, either with tab-separated table cells (the seed's form) or as `pdftotext -layout`
//!   prints it (columns separated by runs of spaces);
//! - **workbooks** ([`from_workbook`]): `.xlsx` / `.xls` files, one table per sheet or per
//!   block of rows in a sheet, read with `calamine`.
//!
//! Both build the same intermediate [`doc::Doc`] (front matter, headings, paragraphs, tables)
//! and render it as `.jsmd`. Nothing is corrected: names, labels and numbers stay as in the
//! source, defects included, so that `jslint check` finds them. Every place the importer had
//! to guess (a shifted column, a cell continued after a page break, a paragraph split by a page
//! break, a table cut off at a page end) is written into the output as a comment
//! `<!-- import: … -->` and returned as a [`Note`].
//!
//! This module is pure: it takes text or bytes and returns text, with no file system access.
//! Reading the input and writing the output atomically is `cli::import`'s job.

mod cells;
mod doc;
mod front;
mod layout;
mod table;
mod text;
mod workbook;

use thiserror::Error;

/// The result of an import: the `.jsmd` source and the guesses made on the way.
#[derive(Debug, Clone)]
pub struct Import {
    /// The report source, ready to be written to a `.jsmd` file.
    pub output: String,
    /// Every guess, in output order, each also written into `output` as a comment.
    pub notes: Vec<Note>,
}

/// One guess the importer made, reported as an info diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: String,
    /// Where in the input the guess was made.
    pub origin: Origin,
    /// The 1-based line of the output that holds the guess's comment.
    pub output_line: usize,
}

/// A place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The whole input.
    Document,
    /// A 1-based line of an extracted text.
    Line(usize),
    /// A worksheet.
    Sheet(String),
    /// A cell of a worksheet, 0-based row and column (rendered as `A1`).
    Cell { sheet: String, row: u32, col: u32 },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Document => Ok(()),
            Origin::Line(n) => write!(f, "{n}"),
            Origin::Sheet(s) => write!(f, "{s}"),
            Origin::Cell { sheet, row, col } => {
                write!(f, "{sheet}!{}{}", cells::column_name(*col), row + 1)
            }
        }
    }
}

/// Why an input cannot be imported.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text, only white space")]
    Blank,
    #[error("the file is a PDF; extract its text first (`pdftotext -layout report.pdf report.txt`) and import that")]
    Pdf,
    #[error(
        "the workbook is encrypted (password protected); save an unprotected copy and import that"
    )]
    Encrypted,
    #[error("the workbook cannot be read, it may be damaged: {0}")]
    Corrupt(String),
    #[error("the workbook has no sheet with any content")]
    NoContent,
}

/// What kind of input some bytes are, judged by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A ZIP container: `.xlsx` (or another Office Open XML file).
    Xlsx,
    /// An OLE compound file: `.xls`, or an encrypted `.xlsx`.
    Xls,
    /// A PDF file.
    Pdf,
    /// Anything else, to be read as text.
    Text,
}

/// Tells workbooks, PDFs and text apart by their magic bytes.
pub fn sniff(bytes: &[u8]) -> InputKind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        InputKind::Xlsx
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        InputKind::Xls
    } else if bytes.starts_with(b"%PDF-") {
        InputKind::Pdf
    } else {
        InputKind::Text
    }
}

/// Imports the text extracted from a PDF report (tab-separated cells or `pdftotext -layout`).
pub fn from_text(src: &str) -> Result<Import, ImportError> {
    if src.is_empty() {
        return Err(ImportError::Empty);
    }
    if src
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(ImportError::Blank);
    }
    Ok(text::import(src).render())
}

/// Imports a workbook (`.xlsx` or `.xls`, told apart by content): one table per sheet or per
/// block of rows, and a skeleton of the standard narrative sections to fill in.
pub fn from_workbook(bytes: &[u8]) -> Result<Import, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(workbook::import(bytes)?.render())
}
