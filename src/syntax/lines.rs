//! Splitting the source into lines with their byte offsets.

/// One line of the source: its content without the line break, and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
    /// Offset just past the line break (the next line's start).
    pub next: usize,
}

impl Line<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The lines of `src` from byte `from`; `\n`, `\r\n` and a lone `\r` end a line.
pub fn lines(src: &str, from: usize) -> Vec<Line<'_>> {
    lines_until(src, from, src.len())
}

/// The lines of `src` from byte `from` to byte `until`, which is the end of the text or just
/// after a `\n`.
pub fn lines_until(src: &str, from: usize, until: usize) -> Vec<Line<'_>> {
    let bytes = &src.as_bytes()[..until];
    let mut out = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Line {
                    start,
                    text: &src[start..i],
                    next: i + 1,
                });
                start = i + 1;
            }
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push(Line {
                    start,
                    text: &src[start..i],
                    next,
                });
                start = next;
                i = next - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(Line {
            start,
            text: &src[start..until],
            next: bytes.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn crlf_and_lone_cr() {
        let src = "a\r\nb\rc\n";
        let lines = super::lines(src, 0);
        let texts: Vec<_> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(lines[1].start, 3);
        assert_eq!(lines[2].next, 7);
    }
}
