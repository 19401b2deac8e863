//! Where the keystrokes of the benchmark go, in `cargo bench` (through the language server)
//! and in `examples/phases.rs` (in process), which include this file with `#[path]`.

/// Lines (0-based, from the middle of the report on) and a column for the keystrokes.
pub struct Keystrokes {
    /// A table row with a figure: a space goes before it.
    pub row: usize,
    /// The byte column, in that row, of the last digit of its first figure (retyped).
    pub digit: usize,
    /// A paragraph: a character goes before it.
    pub paragraph: usize,
}

/// The places in `lines` (without their line breaks), if the report has them.
pub fn keystrokes(lines: &[&str]) -> Option<Keystrokes> {
    let middle = lines.len() / 2;
    let row =
        (middle..lines.len()).find(|&l| lines[l].starts_with("| 2") && lines[l].contains('.'))?;
    let paragraph = (middle..lines.len())
        .find(|&l| !lines[l].is_empty() && !lines[l].starts_with(['|', '#', '<', '注']))?;
    let digit = lines[row].find('.')? + 2;
    Some(Keystrokes {
        row,
        digit,
        paragraph,
    })
}
