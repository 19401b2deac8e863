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
//! the front matter. A name never spans a table cell boundary (`|`). A doubled first or last
//! character (`办公室室`) reads as the entity next to one more character and is not flagged.
//! Entities shorter than six characters are not checked: too many ordinary words lie one edit
//! away from them. Without an `entity:` the rule does nothing.
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

use crate::diagnostics::{Applicability, Severity};
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::text::TextRange;

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
    if name.len() < MIN_CHARS {
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
    let ends = [name[0], name[name.len() - 1]];
    let mut drifted = Vec::new();
    let mut memo = ctx.memo.drifts.lock().unwrap_or_else(|e| e.into_inner());
    memo.start(&canonical);
    let mut buffer = Segment::new();
    for_each_segment(ctx.src, start, ends, |at, part| {
        let found = memo.get_or(part, || {
            buffer.clear();
            buffer.extend(part.char_indices().filter(|(_, c)| !c.is_whitespace()));
            drifts(&buffer, &name, &canonical)
        });
        drifted.extend(found.iter().map(|d| Drift {
            range: d.range.shifted(at as i64),
            change: d.change,
        }));
    });
    drop(memo);
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

/// The drifts found in each `|`-delimited part of the text, by the part's text, kept from one
/// check of a document to the next (the language server's): a keystroke changes one part,
/// and the others are not decoded and searched again. Parts are keyed by their text (hashed
/// with rustc-hash, eight bytes at a time); the drifts are relative to the part's start.
#[derive(Debug, Default)]
pub struct DriftMemo {
    /// Whether it remembers at all; if not, it only finds (and holds the last part's drifts).
    remembering: bool,
    last: Vec<Drift>,
    /// The canonical names the drifts were found against.
    names: Vec<Vec<char>>,
    earlier: rustc_hash::FxHashMap<Box<str>, Vec<Drift>>,
    now: rustc_hash::FxHashMap<Box<str>, Vec<Drift>>,
}

impl DriftMemo {
    pub(crate) fn remembering() -> DriftMemo {
        DriftMemo {
            remembering: true,
            ..DriftMemo::default()
        }
    }

    /// Starts a check against `names`: what the last check found is what this one may reuse
    /// (all of it forgotten if the names changed).
    fn start(&mut self, names: &[Vec<char>]) {
        let last = std::mem::take(&mut self.now);
        self.earlier = if self.names == names {
            last
        } else {
            Default::default()
        };
        self.names = names.to_vec();
    }

    /// The drifts of `part`, found by `find` unless the last check saw the same part.
    fn get_or(&mut self, part: &str, find: impl FnOnce() -> Vec<Drift>) -> &[Drift] {
        if !self.remembering {
            self.last = find();
            return &self.last;
        }
        let (key, found) = match self.earlier.remove_entry(part) {
            Some(entry) => entry,
            None => match self.now.remove_entry(part) {
                Some(entry) => entry,
                None => (Box::from(part), find()),
            },
        };
        self.now.entry(key).or_insert(found)
    }
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
type Segment = Vec<(usize, char)>;

/// The characters of `s` without white space.
fn squeeze(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Calls `f` with each `|`-delimited part of `src[start..]` that contains one of `ends`, and
/// its offset, skipping HTML comments. Parts are found with substring search (memchr-fast):
/// only a part that may hold a name is handed over, to be decoded there.
fn for_each_segment(src: &str, start: usize, ends: [char; 2], mut f: impl FnMut(usize, &str)) {
    let mut piece = |from: usize, text: &str| {
        // Jump from one occurrence of an end character to the next, and hand over the
        // `|`-delimited part around it.
        let mut at = 0;
        // The next occurrence of each end character at or after `at` (kept, so that a rare
        // character is not searched for again from every hit of a frequent one).
        let mut next: [Option<usize>; 2] = [None; 2];
        loop {
            for (slot, c) in next.iter_mut().zip(ends) {
                if slot.is_none_or(|p| p < at) {
                    *slot = text[at..].find(c).map(|p| at + p);
                }
            }
            let Some(hit) = next.iter().flatten().copied().min() else {
                break;
            };
            let part_start = text[..hit].rfind('|').map_or(0, |p| p + 1);
            let part_end = text[hit..].find('|').map_or(text.len(), |p| hit + p);
            f(from + part_start, &text[part_start..part_end]);
            if part_end >= text.len() {
                break;
            }
            at = part_end + 1;
        }
    };
    let mut i = start;
    while i < src.len() {
        let rest = &src[i..];
        match rest.find("<!--") {
            Some(open) => {
                piece(i, &rest[..open]);
                let body = &rest[open..];
                i += open + body.find("-->").map_or(body.len(), |e| e + 3);
            }
            None => {
                piece(i, rest);
                break;
            }
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
fn drifts(segment: &[(usize, char)], name: &[char], canonical: &[Vec<char>]) -> Vec<Drift> {
    let text: Vec<char> = segment.iter().map(|&(_, c)| c).collect();
    let n = name.len();
    let k = (n / 2).min(4);
    let (head, tail) = (&name[..k], &name[n - k..]);

    // Spans (char indices) written exactly as a canonical name.
    let exact: Vec<(usize, usize)> = canonical
        .iter()
        .flat_map(|c| occurrences(&text, c).map(move |at| (at, at + c.len())))
        .collect();

    // Windows of n−1, n, n+1 characters starting at a head anchor or ending at a tail anchor.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for at in occurrences(&text, head) {
        for len in [n - 1, n, n + 1] {
            if at + len <= text.len() {
                windows.push((at, at + len));
            }
        }
    }
    for at in occurrences(&text, tail) {
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
        distance(&text[s..e], name) == 1 && !exact.iter().any(|&(xs, xe)| s < xe && xs < e)
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
            if better(windows[j], best, &text, n) {
                best = windows[j];
            }
            j += 1;
        }
        let (s, e) = best;
        let (start, _) = segment[s];
        let (last, c) = segment[e - 1];
        out.push(Drift {
            range: TextRange::new(start, last + c.len_utf8()),
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

/// Levenshtein distance between two character sequences.
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
    fn inner_spaces_are_part_of_the_range() {
        let body = "# 第二部分 中国共产党焦作市 中山区委员会 办公室部门决算表\n";
        assert_eq!(texts(body), ["中国共产党焦作市 中山区委员会 办公室"]);
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
}
