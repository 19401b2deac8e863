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
    // One allocation of the exact size (a line per `\n`, and one more for the text after
    // the last): counting them is a vectorised pass, cheaper than growing the vector.
    let breaks = memchr::memchr_iter(b'\n', &bytes[from.min(until)..]).count();
    let mut out = Vec::with_capacity(breaks + 1);
    let mut start = from;
    // Most lines end at a `\n` with no `\r` before it: those are found by a vectorised
    // search for either byte (where looking at every byte is not fast); the first line
    // holding a `\r` hands the rest to the byte-by-byte loop below.
    while let Some(end) = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map(|i| start + i) {
        if bytes[end] == b'\r' {
            break;
        }
        out.push(Line {
            start,
            text: &src[start..end],
            next: end + 1,
        });
        start = end + 1;
    }
    let mut i = start;
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
    /// Lines as the definition reads: a line ends at `\n`, `\r\n` or a lone `\r`.
    fn reference(src: &str, from: usize) -> Vec<(usize, &str, usize)> {
        let mut out = Vec::new();
        let mut start = from;
        let mut rest = src[from..].char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            let at = from + i;
            let next = match c {
                '\n' => at + 1,
                '\r' if rest.peek().is_some_and(|&(_, c)| c == '\n') => {
                    rest.next();
                    at + 2
                }
                '\r' => at + 1,
                _ => continue,
            };
            out.push((start, &src[start..at], next));
            start = next;
        }
        if start < src.len() {
            out.push((start, &src[start..], src.len()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn lines_agree_with_the_definition(src in "[a中\r\n]{0,40}", from in 0usize..40) {
            let from = (0..=from.min(src.len())).rev().find(|&i| src.is_char_boundary(i)).unwrap();
            let got: Vec<_> = super::lines(&src, from).iter().map(|l| (l.start, l.text, l.next)).collect();
            proptest::prop_assert_eq!(got, reference(&src, from));
        }
    }

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
