//! ## entity-name-drift (JL301)
//!
//! **What it flags.** A department name one character away from the front matter's
//! `entity:` — a character dropped (`焦作市站区`), doubled (`焦作市市中站区`, `区委委员会`) or
//! replaced (`中山区` for `中站区`) — anywhere after the front matter: headings, paragraphs,
//! list items, table cells. Names listed under `aliases:` are canonical too and never flagged.
//!
//! **Why.** The department's name is a legal name; a report that spells it three ways names
//! three departments. PDF extraction and copy-editing from other units' reports introduce
//! exactly these one-character slips, and they are easy to overlook in long tables.
//!
//! **How names are compared.** White space is ignored, so `中国共产党焦作市 中站区委员会办公室`
//! (spaces left by PDF extraction) is the entity itself. Text is compared as characters, with
//! the Levenshtein distance: exactly one edit is a drift; two or more is another name (the
//! parent body `中国共产党焦作市中站区委员会` is three edits away and is not flagged; nor is a
//! short form such as `区委办公室`). Candidates are found by the entity's first and last four
//! characters, so the rule is linear in the size of the text.
//!
//! **Edge notes.** HTML comments (transcription notes, directives) are not checked, nor is
//! the front matter. A name never spans a table cell boundary (`|`) or a blank line (the end of
//! a paragraph): a line break inside a paragraph is white space. A doubled first or last
//! character (`办公室室`) reads as the entity next to one more character and is not flagged.
//! Entities shorter than six characters are not checked: too many ordinary words lie one edit
//! away from them. Nor is an entity that holds a `|` or a `<!--`: the text is read
//! between pipes and outside comments, so such a name is never found whole, and replacing
//! what is found would write a pipe again and again, or open a comment that hides the rest
//! of the report. Without an `entity:` the rule does nothing.
//!
//! **Example.**
//! ```markdown
//! ---
//! entity: 中国共产党焦作市中站区委员会办公室
//! ---
//! 部门：中国共产党焦作市中山区委员会办公室　2023 年度    <- 站 replaced by 山
//! ```
//!
//! **Fix.** Safe: replace the drifted name, inner spaces included, with the entity as written
//! in the front matter.

use std::cmp::Ordering;
use std::ops::ControlFlow;

use memchr::memmem::Finder;

use crate::diagnostics::{Applicability, Severity};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::text::{TextEdit, TextRange};

pub const META: RuleMeta = RuleMeta {
    code: "JL301",
    name: "entity-name-drift",
    summary: "a department name one character away from the front matter's entity",
    severity: Severity::Error,
    fix: FixKind::Always(Applicability::Safe),
    module: "entity_name_drift",
    check: Some(Check::Document(check)),
};

/// Entities shorter than this (in characters, white space ignored) are not checked.
const MIN_CHARS: usize = 6;

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let meta = &ctx.analysis.model.meta;
    let Some((entity, entity_range)) = &meta.entity else {
        return;
    };
    let name = squeeze(entity);
    if name.len() < MIN_CHARS || !readable(&name) {
        return;
    }
    let mut canonical = vec![name.clone()];
    canonical.extend(
        meta.aliases
            .iter()
            .map(|a| squeeze(a))
            .filter(|a| !a.is_empty()),
    );
    let start = ctx
        .document()
        .front_matter
        .as_ref()
        .map_or(0, |fm| fm.range.end as usize);
    // Every drifted occurrence keeps the name's first or last characters intact (one edit
    // cannot touch both ends of a name of six or more), so a segment without either
    // character cannot hold one: most of a report is skipped without further work.
    let ends = Ends::new([name[0], name[name.len() - 1]]);
    let drifted = {
        let mut memo = ctx.memo.drifts.lock().unwrap_or_else(|e| e.into_inner());
        memo.find(ctx.src, start, &ends, &name, &canonical)
    };
    for drift in drifted {
        let found = ctx.text(drift.range);
        let message = format!(
            "department name `{found}` differs from the entity `{entity}`: {}",
            drift.change
        );
        let d = sink
            .diagnostic(drift.range, message)
            .with_related(*entity_range, "canonical name")
            .with_help("write the department name exactly as the front matter's `entity:`")
            .with_replacement(Applicability::Safe, entity.clone());
        sink.push(d);
    }
}

/// What the last check of a document found, kept for the next one (the language server's): a
/// keystroke changes the text in one place, and the scan for drifts is made again from the
/// last place before the edit where it started afresh to the first place after it where the
/// earlier scan did too; before and after, the earlier drifts are kept, moved with the text.
#[derive(Debug, Default)]
pub struct DriftMemo {
    /// Whether it remembers at all (a one-off check only finds).
    remembering: bool,
    /// The scan of the text the last check saw, and the edit from that text to this one.
    earlier: Option<(Scan, TextEdit)>,
    /// This check's scan, for the next one.
    now: Option<Scan>,
}

/// One scan of a text for drifts, with what makes it resumable.
#[derive(Debug)]
struct Scan {
    /// The canonical names the drifts were found against, and where the scan began.
    names: Vec<Vec<char>>,
    start: usize,
    /// Ascending offsets where the scan began afresh: from each, it goes on exactly as a scan
    /// starting there would (after a part's closing `|`, after a comment).
    restarts: Vec<usize>,
    /// The drifts, in order.
    drifts: Vec<Drift>,
}

impl DriftMemo {
    pub(crate) fn remembering() -> DriftMemo {
        DriftMemo {
            remembering: true,
            ..DriftMemo::default()
        }
    }

    /// Starts the next check, of the text that `edit` made from the one this check saw; what
    /// this check found is what that one may reuse (if the rule does not run there, it is
    /// dropped: the check after that would see another edit).
    pub(crate) fn advance(&mut self, edit: TextEdit) {
        self.earlier = self.now.take().map(|scan| (scan, edit));
    }

    /// The drifts of the names in `src[start..]`, as [`scan`] and [`drifts`] find them;
    /// from the earlier scan where the edit allows.
    fn find(
        &mut self,
        src: &str,
        start: usize,
        ends: &Ends,
        name: &[char],
        canonical: &[Vec<char>],
    ) -> Vec<Drift> {
        let earlier = self.earlier.take().filter(|(scan, edit)| {
            scan.names == canonical && scan.start == start && edit.start >= start
        });
        let mut buffer = Segment::default();
        let mut found = Scan {
            names: canonical.to_vec(),
            start,
            restarts: Vec::new(),
            drifts: Vec::new(),
        };
        let Some((old, edit)) = earlier else {
            scan(src, start, ends, |event| {
                found.record(event, &mut buffer, ends, name, canonical);
                ControlFlow::Continue(())
            });
            return self.keep(found);
        };
        // Resume at the last restart at or before the edit: the text before it is the same.
        let kept = old.restarts.partition_point(|&p| p <= edit.start);
        let from = if kept == 0 {
            start
        } else {
            old.restarts[kept - 1]
        };
        found.restarts.extend_from_slice(&old.restarts[..kept]);
        found.drifts.extend(
            old.drifts
                .iter()
                .take_while(|d| (d.range.start as usize) < from)
                .cloned(),
        );
        // Stop at a restart after the edit that the earlier scan also made (moved): the text
        // from there on is the same, and so is the rest of the scan.
        let mut joined = None;
        scan(src, from, ends, |event| {
            if let Event::Restart(p) = event {
                if p >= edit.new_end {
                    let was = p - edit.new_end + edit.old_end;
                    if let Ok(i) = old.restarts.binary_search(&was) {
                        joined = Some((was, i));
                        return ControlFlow::Break(());
                    }
                }
            }
            found.record(event, &mut buffer, ends, name, canonical);
            ControlFlow::Continue(())
        });
        if let Some((was, i)) = joined {
            let delta = edit.delta();
            found.restarts.extend(
                old.restarts[i..]
                    .iter()
                    .map(|&p| p.wrapping_add_signed(delta as isize)),
            );
            found.drifts.extend(
                old.drifts
                    .iter()
                    .skip_while(|d| (d.range.start as usize) < was)
                    .map(|d| Drift {
                        range: d.range.shifted(delta),
                        change: d.change,
                    }),
            );
        }
        self.keep(found)
    }

    /// The drifts of `scan`, which is kept for the next check if remembering.
    fn keep(&mut self, scan: Scan) -> Vec<Drift> {
        if !self.remembering {
            return scan.drifts;
        }
        let drifts = scan.drifts.clone();
        self.now = Some(scan);
        drifts
    }
}

impl Scan {
    fn record(
        &mut self,
        event: Event<'_>,
        buffer: &mut Segment,
        ends: &Ends,
        name: &[char],
        canonical: &[Vec<char>],
    ) {
        match event {
            Event::Restart(p) => self.restarts.push(p),
            Event::Part(at, part) => {
                // Paragraph by paragraph: a name does not run on past a blank line (a line of
                // white space only), and a part can be pages long (the buffer is the rule's
                // largest allocation). A paragraph's anchors are anchors of the part too, so
                // the part is searched for them once, and only the paragraphs around them
                // are looked at further: most parts have none, and a long one has few.
                let mut done = 0;
                for hit in anchors(part, ends, name) {
                    if hit < done {
                        continue;
                    }
                    let (start, end) = paragraph_around(part, hit);
                    self.paragraph(at + start, &part[start..end], buffer, ends, name, canonical);
                    done = end;
                }
            }
        }
    }

    /// The drifts in one paragraph, `text` at offset `at`. A paragraph without an anchor of
    /// the name ([`has_anchor`]) cannot hold a drift: it costs a search or two, where the
    /// drifts of a paragraph cost decoding every character of it.
    fn paragraph(
        &mut self,
        at: usize,
        text: &str,
        buffer: &mut Segment,
        ends: &Ends,
        name: &[char],
        canonical: &[Vec<char>],
    ) {
        if !has_anchor(text, ends, name) {
            return;
        }
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                buffer
                    .at
                    .push(u32::try_from(at + i).expect("offsets inside a u32 text"));
                buffer.text.push(c);
            }
        }
        if !buffer.text.is_empty() {
            self.drifts.extend(drifts(buffer, name, canonical));
            buffer.at.clear();
            buffer.text.clear();
        }
    }
}

/// Whether `text` holds an anchor of `name` as [`drifts`] looks for them: the name's first
/// `k` characters, or its last `k`, white space between them ignored. Every window `drifts`
/// tests starts at the one or ends at the other, so a text without either holds no drift.
/// Each is found from its outer end character (the name's first or last), which `ends`
/// searches for; most of those (`中` in `中国共产党…`) start no anchor.
fn has_anchor(text: &str, ends: &Ends, name: &[char]) -> bool {
    anchor_hits(text, ends, name).next().is_some()
}

/// The byte offsets, ascending, of the outer end character of every anchor of `name` in
/// `text` (see [`has_anchor`]).
fn anchors(text: &str, ends: &Ends, name: &[char]) -> Vec<usize> {
    let mut hits: Vec<usize> = anchor_hits(text, ends, name).collect();
    hits.sort_unstable();
    hits
}

/// The anchors of [`has_anchor`], those of the name's head, then those of its tail: each at
/// its outer end character (the name's first or last).
fn anchor_hits<'a>(
    text: &'a str,
    ends: &'a Ends,
    name: &'a [char],
) -> impl Iterator<Item = usize> + 'a {
    let k = anchor_len(name.len());
    // Each anchor without the end character its search finds.
    let (head, tail) = (&name[1..k], &name[name.len() - k..name.len() - 1]);
    let spaced = |c: &char| c.is_whitespace();
    let bytes = text.as_bytes();
    let head_at = move |i: &usize| {
        let after = &text[i + name[0].len_utf8()..];
        after
            .chars()
            .filter(|c| !spaced(c))
            .take(head.len())
            .eq(head.iter().copied())
    };
    let tail_at = move |i: &usize| {
        let before = &text[..*i];
        before
            .chars()
            .rev()
            .filter(|c| !spaced(c))
            .take(tail.len())
            .eq(tail.iter().rev().copied())
    };
    ends.finders[0]
        .find_iter(bytes)
        .filter(head_at)
        .chain(ends.finders[1].find_iter(bytes).filter(tail_at))
}

/// Whether a line (with its `\n`) is blank: white space only. A line that starts with a
/// character other than white space is not, as most lines are not: only the first character
/// is decoded.
fn is_blank(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_whitespace) && line.trim().is_empty()
}

/// The paragraph of `part` around byte `at` (which is not white space), as [`paragraphs`]
/// splits the part: from just past the nearest blank line before it (or the start) to the
/// start of the nearest blank line after it (or the end). A blank line ends with `\n`: a
/// last line without one separates nothing.
fn paragraph_around(part: &str, at: usize) -> (usize, usize) {
    let bytes = part.as_bytes();
    let mut start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    while start > 0 {
        let above = memchr::memrchr(b'\n', &bytes[..start - 1]).map_or(0, |i| i + 1);
        if is_blank(&part[above..start]) {
            break;
        }
        start = above;
    }
    let mut end = part.len();
    let mut line = memchr::memchr(b'\n', &bytes[at..]).map(|i| at + i + 1);
    while let Some(l) = line {
        let Some(i) = memchr::memchr(b'\n', &bytes[l..]) else {
            break;
        };
        if is_blank(&part[l..l + i + 1]) {
            end = l;
            break;
        }
        line = Some(l + i + 1);
    }
    (start, end)
}

/// The paragraphs of a part, in order: the text between blank lines (see [`is_blank`]), the
/// blank lines left out. What [`paragraph_around`] finds one of.
#[cfg(test)]
fn paragraphs(part: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut line = 0;
    for end in memchr::memchr_iter(b'\n', part.as_bytes()) {
        let next = end + 1;
        if is_blank(&part[line..next]) {
            out.push((paragraph, line));
            paragraph = next;
        }
        line = next;
    }
    out.push((paragraph, part.len()));
    out
}

/// How many characters of a name of `n` anchor a drift: half of it, at most four.
fn anchor_len(n: usize) -> usize {
    (n / 2).min(4)
}

/// A drifted occurrence of the entity.
#[derive(Debug, Clone)]
struct Drift {
    range: TextRange,
    change: Change,
}

/// The one edit that turns the entity into what was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Dropped(char),
    Doubled(char),
    Inserted(char),
    Replaced { was: char, now: char },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Dropped(c) => write!(f, "a character dropped: {c}"),
            Change::Doubled(c) => write!(f, "a character doubled: {c}"),
            Change::Inserted(c) => write!(f, "a character inserted: {c}"),
            Change::Replaced { was, now } => write!(f, "a character replaced: {was} → {now}"),
        }
    }
}

/// A run of non-space characters with their byte offsets: the text between HTML comments
/// and table-cell pipes, white space left out.
/// Kept as two lists (8 bytes a character): a part between two tables can be pages long.
#[derive(Debug, Default)]
struct Segment {
    /// Each character's byte offset (a text is under 4 GiB).
    at: Vec<u32>,
    text: Vec<char>,
}

/// The name's first and last characters, each with a vectorised substring search for its
/// UTF-8 bytes. A CJK character's last byte is a continuation byte that most CJK text is full
/// of, so a search for the character (`str::find(char)`, which looks for its last byte and
/// then checks the rest) stops every few dozen characters; a search for the bytes picks the
/// rarest of them to look for first.
struct Ends {
    finders: [Finder<'static>; 2],
}

impl Ends {
    fn new(chars: [char; 2]) -> Ends {
        let finder = |c: char| Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned();
        Ends {
            finders: [finder(chars[0]), finder(chars[1])],
        }
    }
}

/// Whether the scan can find `name` whole: it reads the text between table pipes and outside
/// HTML comments, so a name holding `|` or `<!--` is never there in one piece.
fn readable(name: &[char]) -> bool {
    !name.contains(&'|') && !name.windows(4).any(|w| w == ['<', '!', '-', '-'])
}

/// The characters of `s` without white space.
fn squeeze(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What [`scan`] comes upon.
#[derive(Debug, Clone, Copy)]
enum Event<'a> {
    /// A `|`-delimited part that contains one of the name's end characters, and its offset.
    Part(usize, &'a str),
    /// A place from which the scan goes on as one starting there would: after a part's
    /// closing `|` and after a comment (nothing before it decides what comes after).
    Restart(usize),
}

/// Scans `src[start..]` for the `|`-delimited parts that contain one of `ends`, skipping HTML
/// comments, and hands each over to `f`, with the places the scan could start afresh, until
/// `f` breaks. It jumps from one occurrence of an end character to the next (a vectorised
/// search), and looks for a comment only up to the end of the part around it: only a part
/// that may hold a name is handed over, to be decoded there, and a scan that `f` stops early
/// reads no further.
fn scan(src: &str, start: usize, ends: &Ends, mut f: impl FnMut(Event<'_>) -> ControlFlow<()>) {
    let (open_comment, close_comment) = (Finder::new("<!--"), Finder::new("-->"));
    // Where the scan is: from here on, it goes on as one starting here would.
    let mut i = start;
    // The next occurrence of each end character at or after `i` (`usize::MAX`: none), kept so
    // that a rare character is not searched for again from every hit of a frequent one.
    let mut next = [0usize; 2];
    let mut searched = [false; 2];
    loop {
        for ((slot, done), finder) in next.iter_mut().zip(&mut searched).zip(&ends.finders) {
            if !*done || *slot < i {
                *slot = finder
                    .find(&src.as_bytes()[i..])
                    .map_or(usize::MAX, |p| i + p);
                *done = true;
            }
        }
        let hit = next[0].min(next[1]);
        if hit == usize::MAX {
            return;
        }
        let part_end = src[hit..].find('|').map_or(src.len(), |p| hit + p);
        let part_start = |end: usize| src[i..end].rfind('|').map_or(i, |p| i + p + 1);
        // A comment opening before the part's end ends it, and the text up to its close is
        // skipped (a comment never holds a `|`'s place: `<!--` has none).
        match open_comment.find(&src.as_bytes()[i..part_end]) {
            Some(open) => {
                let open = i + open;
                if hit < open {
                    let from = part_start(hit);
                    if f(Event::Part(from, &src[from..open])).is_break() {
                        return;
                    }
                }
                // An unclosed comment runs to the end of the text (and is no place to start
                // afresh: a `-->` typed after it would end it).
                let Some(close) = close_comment.find(&src.as_bytes()[open..]) else {
                    return;
                };
                i = open + close + 3;
            }
            None => {
                let from = part_start(hit);
                if f(Event::Part(from, &src[from..part_end])).is_break() || part_end == src.len() {
                    return;
                }
                i = part_end + 1;
            }
        }
        if f(Event::Restart(i)).is_break() {
            return;
        }
    }
}

/// Whether window `a` is a better reading of a drifted name than window `b`.
fn better(a: (usize, usize), b: (usize, usize), text: &[char], n: usize) -> bool {
    let ideograph = |c: char| {
        ('\u{3400}'..='\u{9fff}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{20000}'..='\u{3134f}').contains(&c)
    };
    let replacement =
        |w: (usize, usize)| w.1 - w.0 == n && ideograph(text[w.0]) && ideograph(text[w.1 - 1]);
    match (replacement(a), replacement(b)) {
        (true, false) => true,
        (false, true) => false,
        _ => a.1 - a.0 < b.1 - b.0,
    }
}

/// The drifted occurrences of `name` in a segment, one per place, in order.
fn drifts(segment: &Segment, name: &[char], canonical: &[Vec<char>]) -> Vec<Drift> {
    let text = &segment.text;
    let n = name.len();
    let k = anchor_len(n);
    let (head, tail) = (&name[..k], &name[n - k..]);

    // Spans (char indices) written exactly as a canonical name.
    let exact: Vec<(usize, usize)> = canonical
        .iter()
        .flat_map(|c| occurrences(text, c).map(move |at| (at, at + c.len())))
        .collect();

    // Windows of n−1, n, n+1 characters starting at a head anchor or ending at a tail anchor.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for at in occurrences(text, head) {
        for len in [n - 1, n, n + 1] {
            if at + len <= text.len() {
                windows.push((at, at + len));
            }
        }
    }
    for at in occurrences(text, tail) {
        let end = at + k;
        for len in [n - 1, n, n + 1] {
            if len <= end {
                windows.push((end - len, end));
            }
        }
    }
    windows.sort_unstable();
    windows.dedup();
    windows.retain(|&(s, e)| {
        !exact.iter().any(|&(xs, xe)| s < xe && xs < e) && one_edit_apart(&text[s..e], name)
    });

    // Overlapping windows are one place: keep the shortest (a safe fix never swallows a
    // neighbouring character such as `：`), then the earliest; but a window of the name's own
    // length whose differing character is a CJK character is a replacement (`财政居` for
    // `财政局`) and wins over a shorter reading that would leave that character behind.
    let mut out = Vec::new();
    let mut i = 0;
    while i < windows.len() {
        let mut group_end = windows[i].1;
        let mut best = windows[i];
        let mut j = i + 1;
        while j < windows.len() && windows[j].0 < group_end {
            group_end = group_end.max(windows[j].1);
            if better(windows[j], best, text, n) {
                best = windows[j];
            }
            j += 1;
        }
        // One misspelt name makes a place at most a name and a half long. Near-matches that
        // run on further are a repetition (a run of one character that the name also
        // repeats), not a name: fixing one would only move the near-match along, so that
        // safe fixes would never settle.
        if group_end - windows[i].0 > n + n / 2 + 1 {
            i = j;
            continue;
        }
        let (s, e) = best;
        let (start, last) = (segment.at[s] as usize, segment.at[e - 1] as usize);
        out.push(Drift {
            range: TextRange::new(start, last + text[e - 1].len_utf8()),
            change: change(&text[s..e], name),
        });
        i = j;
    }
    out
}

/// Start indices of `needle` in `hay`.
fn occurrences<'a>(hay: &'a [char], needle: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    hay.windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| w[0] == needle[0] && *w == needle)
        .map(|(i, _)| i)
}

/// Whether the Levenshtein distance between two character sequences is exactly 1: one
/// character dropped, inserted or replaced. After the common prefix, the rest must match
/// with the one edit made there; a linear check, where the distance itself is quadratic.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        p < short.len() && short[p + 1..] == long[p + 1..]
    } else {
        short[p..] == long[p + 1..]
    }
}

/// The single edit from `name` to `found`, which are one edit apart.
fn change(found: &[char], name: &[char]) -> Change {
    let i = found.iter().zip(name).take_while(|(a, b)| a == b).count();
    match found.len().cmp(&name.len()) {
        Ordering::Less => Change::Dropped(name[i]),
        Ordering::Equal => Change::Replaced {
            was: name[i],
            now: found[i],
        },
        Ordering::Greater => {
            let c = found[i];
            let doubled = (i > 0 && found[i - 1] == c) || found.get(i + 1) == Some(&c);
            if doubled {
                Change::Doubled(c)
            } else {
                Change::Inserted(c)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    /// The Levenshtein distance between two character sequences: the definition that
    /// `one_edit_apart` is checked against.
    fn distance(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for (i, x) in a.iter().enumerate() {
            cur[0] = i + 1;
            for (j, y) in b.iter().enumerate() {
                let replace = prev[j] + usize::from(x != y);
                cur[j + 1] = replace.min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    proptest::proptest! {
        /// The linear check agrees with the Levenshtein distance being exactly 1.
        #[test]
        fn one_edit_apart_is_a_distance_of_one(a in "[甲乙丙a]{0,8}", b in "[甲乙丙a]{0,8}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(super::one_edit_apart(&a, &b), distance(&a, &b) == 1);
        }
    }

    const ENTITY: &str = "中国共产党焦作市中站区委员会办公室";

    /// (primary text, fix replacement, message) of every JL301 diagnostic.
    fn run(front: &str, body: &str) -> Vec<(String, String, String)> {
        let src = format!("---\n{front}\n---\n\n{body}");
        crate::check(&src, &Config::default())
            .into_iter()
            .filter(|d| d.code == "JL301")
            .map(|d| {
                let fix = d.fix.expect("JL301 always has a fix");
                assert_eq!(fix.applicability, crate::diagnostics::Applicability::Safe);
                assert_eq!(fix.edits.len(), 1);
                assert_eq!(fix.edits[0].range, d.range);
                (
                    src[d.range.as_range()].to_string(),
                    fix.edits[0].replacement.clone(),
                    d.message,
                )
            })
            .collect()
    }

    #[test]
    fn an_entity_holding_a_pipe_or_a_comment_opening_is_not_checked() {
        // Found by the `fix` fuzz target: the part before the pipe was a drift (the `|`
        // dropped), and writing the entity back put the pipe in the next part, for ever.
        assert!(run("entity: 示例市财政局 |", "示例市财政局 | 2023 年度。\n").is_empty());
        // Here the safe fix would open a comment that hides the rest of the report.
        assert!(run("entity: 示例市财政局<!--", "示例市财政局<!- 2023 年度。\n").is_empty());
    }

    fn texts(body: &str) -> Vec<String> {
        run(&format!("entity: {ENTITY}"), body)
            .into_iter()
            .map(|(t, fix, _)| {
                assert_eq!(fix, ENTITY);
                t
            })
            .collect()
    }

    #[test]
    fn the_four_drifts_of_the_seed_report() {
        let body = "部门：中国共产党焦作市中山区委员会办公室　2023 年度　单位：万元\n\n\
                    单位：万元　部门：中国共产党焦作市站区委员会办公室　2023 年度\n\n\
                    | 主管部门 | 中国共产党焦作市市中站区委员会办公室 |\n\
                    |---|---|\n\
                    | 单位 | 中国共产党焦作市中站区委委员会办公室 |\n";
        assert_eq!(
            texts(body),
            [
                "中国共产党焦作市中山区委员会办公室",
                "中国共产党焦作市站区委员会办公室",
                "中国共产党焦作市市中站区委员会办公室",
                "中国共产党焦作市中站区委委员会办公室",
            ]
        );
    }

    #[test]
    fn messages_say_which_character_changed() {
        let body = "中国共产党焦作市中山区委员会办公室。中国共产党焦作市站区委员会办公室。\
                    中国共产党焦作市市中站区委员会办公室。";
        let messages: Vec<String> = run(&format!("entity: {ENTITY}"), body)
            .into_iter()
            .map(|(_, _, m)| m)
            .collect();
        assert_eq!(
            messages,
            [
                format!("department name `中国共产党焦作市中山区委员会办公室` differs from the entity `{ENTITY}`: a character replaced: 站 → 山"),
                format!("department name `中国共产党焦作市站区委员会办公室` differs from the entity `{ENTITY}`: a character dropped: 中"),
                format!("department name `中国共产党焦作市市中站区委员会办公室` differs from the entity `{ENTITY}`: a character doubled: 市"),
            ]
        );
    }

    #[test]
    fn a_long_run_of_a_repeated_character_is_no_name() {
        // The entity ends in six 办; a run of thirty is a repetition, not the entity with
        // its first character dropped (and fixing one place would only move the next).
        let body = format!("{}\n", "办".repeat(30));
        assert!(run("entity: 某办办办办办办", &body).is_empty());
        // A run just one character short of the name is still the name misspelt.
        assert_eq!(run("entity: 某办办办办办办", "见办办办办办办。\n").len(), 1);
    }

    #[test]
    fn inner_spaces_are_part_of_the_range() {
        let body = "# 第二部分 中国共产党焦作市 中山区委员会 办公室部门决算表\n";
        assert_eq!(texts(body), ["中国共产党焦作市 中山区委员会 办公室"]);
    }

    #[test]
    fn a_name_does_not_run_on_past_a_blank_line() {
        // The last line of one paragraph and the first of the next read as the entity with a
        // character dropped, but no one wrote that name: the paragraphs are checked apart.
        let body = "见中国共产党焦作市中站区\n\n委会办公室。\n";
        assert_eq!(texts(body), Vec::<String>::new());
        // Within a paragraph, a name broken over two lines is still one name (a line break
        // is white space).
        let body = "见中国共产党焦作市中站区\n委会办公室。\n";
        assert_eq!(texts(body), ["中国共产党焦作市中站区\n委会办公室"]);
    }

    #[test]
    fn the_entity_and_other_names_pass() {
        let body = format!(
            "# 2023 年度中国共产党焦作市 中站区委员会 部门决算\n\n\
             - {ENTITY}部门职责\n\
             - 中国共产党焦作市 中站区委员会办公室\n\n\
             中国共产党焦作市中站区委员会部门决算。区委办公室。\n\n\
             | 单位 | {ENTITY} |\n|---|---|\n| 单位 | 中国共产党焦作市中站区委员会 |\n"
        );
        assert_eq!(texts(&body), Vec::<String>::new());
    }

    #[test]
    fn comments_are_not_checked() {
        let body = "<!-- the source reads 中国共产党焦作市中山区委员会办公室 -->\n\n\
                    正文 <!-- 中国共 产党焦 作市中 站区委 委员会办 公室 --> 正文\n";
        assert_eq!(texts(body), Vec::<String>::new());
    }

    #[test]
    fn aliases_are_canonical() {
        let front = format!("entity: {ENTITY}\naliases:\n  - 中国共产党焦作市中山区委员会办公室");
        let body = "中国共产党焦作市中山区委员会办公室；中国共产党焦作市站区委员会办公室。";
        let found: Vec<String> = run(&front, body).into_iter().map(|(t, _, _)| t).collect();
        assert_eq!(found, ["中国共产党焦作市站区委员会办公室"]);
    }

    #[test]
    fn without_an_entity_nothing_is_checked() {
        assert!(run("year: 2023", "中国共产党焦作市中山区委员会办公室").is_empty());
    }

    #[test]
    fn a_drift_at_the_edge_keeps_its_neighbours() {
        // The first character dropped after a colon: the colon stays out of the range.
        assert_eq!(
            texts("部门：国共产党焦作市中站区委员会办公室　2023 年度"),
            ["国共产党焦作市中站区委员会办公室"]
        );
        // The last character dropped before a date.
        assert_eq!(
            texts("部门：中国共产党焦作市中站区委员会办公　2023 年度"),
            ["中国共产党焦作市中站区委员会办公"]
        );
    }

    /// Pieces of text around the entity `中站区委办公室`: the name, its drifts, pipes, comment
    /// delimiters, white space.
    const PIECES: &[&str] = &[
        "中站区委办公室",
        "中站区委办公",
        "中站区委办公室室",
        "中山区委办公室",
        "站区委办公室",
        "中站区 委办公室",
        "中",
        "室",
        "|",
        " | ",
        "<!--",
        "-->",
        "\n",
        "文字",
        "|---|",
    ];

    proptest::proptest! {
        /// The anchors found, and the anchor filter, agree with a search of the text without
        /// white space for the name's first or last `k` characters.
        #[test]
        fn anchors_are_a_search_of_the_squeezed_text(text in "[中站区委办公室党 　\n甲]{0,40}") {
            let name: Vec<char> = "中站区委办公室".chars().collect();
            let ends = super::Ends::new([name[0], name[name.len() - 1]]);
            let k = super::anchor_len(name.len());
            let squeezed: Vec<(usize, char)> =
                text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
            let chars: Vec<char> = squeezed.iter().map(|&(_, c)| c).collect();
            let mut expected: Vec<usize> = Vec::new();
            for (p, w) in chars.windows(k).enumerate() {
                if w == &name[..k] {
                    expected.push(squeezed[p].0);
                }
                if w == &name[name.len() - k..] {
                    expected.push(squeezed[p + k - 1].0);
                }
            }
            expected.sort_unstable();
            proptest::prop_assert_eq!(super::has_anchor(&text, &ends, &name), !expected.is_empty());
            proptest::prop_assert_eq!(super::anchors(&text, &ends, &name), expected);
        }
    }

    proptest::proptest! {
        /// The paragraph around any character other than white space is the one of the
        /// split of the whole part that holds it.
        #[test]
        fn the_paragraph_around_a_character_is_the_one_the_split_gives(
            text in "[中站区委办公室 \n\t　甲]{0,40}",
        ) {
            let split = super::paragraphs(&text);
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                let expected = split.iter().find(|&&(s, e)| s <= i && i < e).copied();
                proptest::prop_assert_eq!(Some(super::paragraph_around(&text, i)), expected, "{} in {:?}", c, text);
            }
        }
    }

    proptest::proptest! {
        /// A part's drifts, found from its anchors' paragraphs, are those of every paragraph
        /// of the part looked at in turn.
        #[test]
        fn a_part_has_the_drifts_of_all_its_paragraphs(
            pieces in proptest::collection::vec(
                proptest::sample::select([PIECES, &["\n\n", " \n", "\n \n"]].concat()),
                0..40,
            ),
        ) {
            let text: String = pieces.concat().replace(['|', '<', '>', '-'], "");
            let name: Vec<char> = "中站区委办公室".chars().collect();
            let canonical = vec![name.clone()];
            let ends = super::Ends::new([name[0], name[name.len() - 1]]);
            let scan = || super::Scan {
                names: canonical.clone(),
                start: 0,
                restarts: Vec::new(),
                drifts: Vec::new(),
            };
            let mut buffer = super::Segment::default();
            let mut got = scan();
            got.record(super::Event::Part(5, &text), &mut buffer, &ends, &name, &canonical);
            let mut all = scan();
            for (s, e) in super::paragraphs(&text) {
                all.paragraph(5 + s, &text[s..e], &mut buffer, &ends, &name, &canonical);
            }
            let shown = |d: &[super::Drift]| -> Vec<(crate::text::TextRange, String)> {
                d.iter().map(|d| (d.range, d.change.to_string())).collect()
            };
            proptest::prop_assert_eq!(shown(&got.drifts), shown(&all.drifts), "{:?}", text);
        }
    }

    fn found(memo: &mut super::DriftMemo, src: &str) -> Vec<(crate::text::TextRange, String)> {
        let name: Vec<char> = "中站区委办公室".chars().collect();
        let canonical = vec![name.clone()];
        let ends = super::Ends::new([name[0], name[name.len() - 1]]);
        memo.find(src, 0, &ends, &name, &canonical)
            .into_iter()
            .map(|d| (d.range, d.change.to_string()))
            .collect()
    }

    proptest::proptest! {
        /// After each of a run of edits, the drifts found from the earlier scan are those a
        /// fresh scan finds.
        #[test]
        fn rescanning_after_edits_finds_what_a_fresh_scan_finds(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
            edits in proptest::collection::vec(
                (proptest::sample::select((0usize..40).collect::<Vec<_>>()), 0usize..3, proptest::collection::vec(proptest::sample::select(PIECES), 0..3)),
                1..6,
            ),
        ) {
            let mut pieces: Vec<&str> = pieces;
            let mut memo = super::DriftMemo::remembering();
            let mut src = pieces.concat();
            found(&mut memo, &src);
            for (at, removed, inserted) in edits {
                let at = at.min(pieces.len());
                let end = (at + removed).min(pieces.len());
                pieces.splice(at..end, inserted);
                let text = pieces.concat();
                let edit = crate::text::TextEdit::between(&src, &text).unwrap_or(crate::text::TextEdit {
                    start: text.len(),
                    old_end: text.len(),
                    new_end: text.len(),
                });
                memo.advance(edit);
                src = text;
                let got = found(&mut memo, &src);
                let fresh = found(&mut super::DriftMemo::default(), &src);
                proptest::prop_assert_eq!(got, fresh, "{:?}", src);
            }
        }
    }
}
