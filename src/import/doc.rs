//! The importers' intermediate document — front matter, headings, paragraphs, lists, tables
//! and guesses — and its rendering as `.jsmd`.

use crate::import::table::Table;
use crate::import::{Import, Note, Origin};

/// A report as the importers understood it.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub front: Front,
    pub blocks: Vec<Block>,
}

/// The facts of the front matter.
#[derive(Debug, Default)]
pub(crate) struct Front {
    pub entity: Option<String>,
    pub year: Option<String>,
    pub unit: Option<String>,
    pub profile: Option<&'static str>,
    pub kind: Option<String>,
}

#[derive(Debug)]
pub(crate) enum Block {
    Heading {
        level: u8,
        text: String,
        /// The attribute block without braces (`#toc`).
        attrs: Option<String>,
    },
    Paragraph(String),
    List(Vec<Item>),
    /// A comment for readers, not a guess.
    Comment(String),
    Guess(Guess),
    Table(Box<Table>),
}

#[derive(Debug)]
pub(crate) struct Item {
    pub depth: usize,
    /// `-` or `1.`.
    pub marker: String,
    pub text: String,
}

/// A place where the importer guessed: written as a comment, reported as a note.
#[derive(Debug, Clone)]
pub(crate) struct Guess {
    pub message: String,
    pub origin: Origin,
}

impl Guess {
    pub fn new(origin: Origin, message: impl Into<String>) -> Guess {
        Guess {
            message: message.into(),
            origin,
        }
    }
}

impl Doc {
    /// Renders the document, collecting the guesses with the output line of their comments.
    pub fn render(&self) -> Import {
        let mut out = Out::default();
        self.render_front(&mut out);
        for block in &self.blocks {
            match block {
                Block::Heading { level, text, attrs } => {
                    let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                    match attrs {
                        Some(a) => out.block(&format!("{hashes} {} {{{a}}}", one_line(text))),
                        None => out.block(&format!("{hashes} {}", one_line(text))),
                    }
                }
                Block::Paragraph(text) => out.block(&paragraph(text)),
                Block::List(items) => {
                    let lines: Vec<String> = items
                        .iter()
                        .map(|i| {
                            format!("{}{} {}", "  ".repeat(i.depth), i.marker, one_line(&i.text))
                        })
                        .collect();
                    out.block(&lines.join("\n"));
                }
                Block::Comment(text) => out.block(&comment(text)),
                Block::Guess(g) => out.guess(g),
                Block::Table(t) => t.render(&mut out),
            }
        }
        Import {
            output: out.text,
            notes: out.notes,
        }
    }

    fn render_front(&self, out: &mut Out) {
        let f = &self.front;
        if f.entity.is_none()
            && f.year.is_none()
            && f.unit.is_none()
            && f.profile.is_none()
            && f.kind.is_none()
        {
            return;
        }
        let mut lines = vec!["---".to_string()];
        if let Some(e) = &f.entity {
            lines.push(format!("entity: {}", scalar(e)));
        }
        if let Some(y) = &f.year {
            lines.push(format!("year: {}", scalar(y)));
        }
        if let Some(u) = &f.unit {
            lines.push(format!("unit: {}", scalar(u)));
        }
        if let Some(p) = f.profile {
            lines.push(format!("profile: {p}"));
        }
        if let Some(k) = &f.kind {
            lines.push(format!("kind: {}", scalar(k)));
        }
        lines.push("---".to_string());
        out.block(&lines.join("\n"));
    }
}

/// The output being written, with its line count.
#[derive(Default)]
pub(crate) struct Out {
    text: String,
    notes: Vec<Note>,
}

impl Out {
    /// Appends a block, separated from the previous one by a blank line.
    pub fn block(&mut self, text: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    pub fn guess(&mut self, g: &Guess) {
        let line = self.text.matches('\n').count() + 1 + usize::from(!self.text.is_empty());
        self.block(&comment(&format!("import: {}", g.message)));
        self.notes.push(Note {
            message: g.message.clone(),
            origin: g.origin.clone(),
            output_line: line,
        });
    }
}

/// A front-matter scalar, quoted when it could be misread.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.contains([':', '#', '"', '\n'])
        && s.trim() == s
        && !s.starts_with(['-', '[', '{', '\'', '|', '>']);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace(['"', '\n'], " "))
    }
}

/// Text on one line (line breaks become spaces).
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A paragraph that cannot be read as another block: text that would start a heading, list,
/// table, comment or front matter gets a leading backslash, which CommonMark renders invisibly.
pub(crate) fn paragraph(s: &str) -> String {
    let s = one_line(s);
    let t = s.trim_start();
    let looks_like_block = t.starts_with('#')
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.starts_with('|')
        || t.starts_with("<!--")
        || t.starts_with("---")
        || t.starts_with('>');
    if let Some(digits) = ordered_marker(t) {
        format!("{}\\{}", &t[..digits], &t[digits..])
    } else if looks_like_block {
        format!("\\{t}")
    } else {
        t.to_string()
    }
}

/// `1. ` or `1) ` at the start, an ordered list item in CommonMark: the number's length.
fn ordered_marker(t: &str) -> Option<usize> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let marker = (1..=9).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(t.as_bytes().get(digits + 1), None | Some(b' ' | b'\t'));
    marker.then_some(digits)
}

/// An HTML comment; `--` inside is broken up so that the comment cannot end early.
pub(crate) fn comment(s: &str) -> String {
    let mut body = one_line(s);
    while body.contains("--") {
        body = body.replace("--", "- -");
    }
    format!("<!-- {body} -->")
}
