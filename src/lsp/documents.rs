//! Open documents: ropey text (and the same text as a string), versions, the latest analysis
//! of each, and the analysis of an earlier version that the next one starts from.
//!
//! Edits are single-writer: a `didChange` applies all its changes under the store's lock, so
//! a reader never sees half an edit; a change whose version is not newer than the document's
//! is dropped. Analyses are snapshots tagged with the version they were computed for; a
//! snapshot for an older version is never published.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ropey::Rope;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::lsp::proto::{Encoding, Position, Range, TextDocumentContentChangeEvent, Uri};
use crate::rules::{EarlierFindings, TableFindings};
use crate::semantic::reuse::{Earlier, Finished, Memo};
use crate::text::{LineIndex, TextEdit};
use crate::Analysis;

/// An analysed version of a document.
pub struct Snapshot {
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
    /// What the table rules found, table by table, for the next analysis to reuse.
    findings: TableFindings,
    /// What the analysis keeps for the next one besides its model (`semantic::reuse`).
    memo: Memo,
}

impl Snapshot {
    pub fn new(version: i32, text: String, config: &Config) -> Snapshot {
        Snapshot::after(None, version, text, config)
    }

    /// The analysis of `text`, made from `base`, an analysis of an earlier version, where the
    /// edit since allows: the tree is reparsed (`syntax::reparse`), the models of untouched
    /// tables and what the table rules found in them are reused (`semantic::reuse`,
    /// `rules::reuse`). The result is that of [`Snapshot::new`].
    pub fn after(
        base: Option<Arc<Snapshot>>,
        version: i32,
        text: String,
        config: &Config,
    ) -> Snapshot {
        let options = config.analysis_options();
        let first = || Some(EarlierFindings::first());
        let (analysis, index, earlier, memo) = match base.map(Arc::try_unwrap) {
            None => (
                crate::analyze_with(&text, &options),
                None,
                first(),
                Memo::default(),
            ),
            Some(Ok(base)) => {
                let Snapshot {
                    text: old_text,
                    analysis: crate::Analysis { parse, model },
                    diagnostics,
                    index,
                    findings,
                    memo: earlier_memo,
                    ..
                } = base;
                drop_elsewhere(diagnostics);
                let edit = TextEdit::between(&old_text, &text);
                let index = match &edit {
                    Some(edit) => LineIndex::after(index, edit, &text),
                    None => index,
                };
                let front_matter_end = parse
                    .document
                    .front_matter
                    .as_ref()
                    .map_or(0, |f| f.range.end as usize);
                let mut earlier = Earlier::new(model, front_matter_end, edit, text.len());
                earlier.memo = earlier_memo;
                let parse = crate::syntax::reparse_edited(parse, &old_text, &text, edit);
                let analysis = crate::analyze_parsed(&text, parse, &options, Some(&mut earlier));
                let Finished {
                    reused,
                    edit,
                    memo,
                    leftover,
                } = earlier.finish();
                drop_elsewhere(leftover);
                (
                    analysis,
                    Some(index),
                    Some(EarlierFindings {
                        findings,
                        reused,
                        edit,
                    }),
                    memo,
                )
            }
            // Another reader holds it: its tree is copied, the rest is made again.
            Some(Err(shared)) => {
                let parse =
                    crate::syntax::reparse(shared.analysis.parse.clone(), &shared.text, &text);
                (
                    crate::analyze_parsed(&text, parse, &options, None),
                    None,
                    first(),
                    Memo::default(),
                )
            }
        };
        let (diagnostics, findings) =
            crate::rules::check_reusing(&text, &analysis, config, earlier);
        let index = index.unwrap_or_else(|| LineIndex::new(&text));
        Snapshot {
            version,
            text,
            index,
            analysis,
            diagnostics,
            findings,
            memo,
        }
    }

    pub fn lines(&self, encoding: Encoding) -> crate::lsp::proto::Lines<'_> {
        crate::lsp::proto::Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }
}

struct Document {
    /// For positions: protocol lines and columns to characters.
    rope: Rope,
    /// The same text as one string, edited alongside, so that an analysis gets a copy
    /// without walking the rope.
    text: String,
    version: i32,
    /// The analysis of the current version, once made.
    snapshot: Option<Arc<Snapshot>>,
    /// The latest analysis of an earlier version: what the next one reparses from.
    base: Option<Arc<Snapshot>>,
}

/// Frees a large value off the current thread: freeing an analysis takes a while on a long
/// report, and should hold neither the store's lock nor the thread that reads messages, nor
/// delay the next analysis. One thread frees everything, in order; a keystroke used to start
/// a thread for each value.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    type Garbage = Box<dyn Send>;
    static FREER: std::sync::OnceLock<std::sync::mpsc::Sender<Garbage>> =
        std::sync::OnceLock::new();
    let freer = FREER.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::channel::<Garbage>();
        // Without a thread (none could be made), the receiver is gone and every value is
        // freed where it is sent.
        let _ = std::thread::Builder::new()
            .name("jslint-free".into())
            .spawn(move || receive.into_iter().for_each(drop));
        send
    });
    let sent = freer.send(Box::new(value));
    if let Err(std::sync::mpsc::SendError(value)) = sent {
        drop(value);
    }
}

impl Document {
    /// Keeps `analysed` to reparse from, unless the base is already as recent.
    fn rebase(&mut self, analysed: Arc<Snapshot>) {
        match &self.base {
            Some(base) if base.version >= analysed.version => drop_elsewhere(analysed),
            _ => {
                if let Some(old) = self.base.replace(analysed) {
                    drop_elsewhere(old);
                }
            }
        }
    }
}

#[derive(Default, Clone)]
pub struct Store {
    docs: Arc<Mutex<HashMap<Uri, Document>>>,
}

impl Store {
    pub fn open(&self, uri: Uri, version: i32, text: &str) {
        let doc = Document {
            rope: Rope::from_str(text),
            text: text.to_string(),
            version,
            snapshot: None,
            base: None,
        };
        self.lock().insert(uri, doc);
    }

    pub fn close(&self, uri: &Uri) {
        self.lock().remove(uri);
    }

    /// Applies one `didChange`; returns the new version, or `None` when the document is not
    /// open or the change is stale.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Option<i32> {
        let mut docs = self.lock();
        let doc = docs.get_mut(uri)?;
        if version <= doc.version {
            return None;
        }
        for change in changes {
            match change.range {
                None => {
                    doc.rope = Rope::from_str(&change.text);
                    doc.text.clone_from(&change.text);
                }
                Some(range) => {
                    let start = char_index(&doc.rope, range.start, encoding);
                    let end = char_index(&doc.rope, range.end, encoding).max(start);
                    let bytes = doc.rope.char_to_byte(start)..doc.rope.char_to_byte(end);
                    doc.rope.remove(start..end);
                    doc.rope.insert(start, &change.text);
                    doc.text.replace_range(bytes, &change.text);
                }
            }
        }
        doc.version = version;
        if let Some(analysed) = doc.snapshot.take() {
            doc.rebase(analysed);
        }
        Some(version)
    }

    /// The current version and text of a document.
    pub fn text(&self, uri: &Uri) -> Option<(i32, String)> {
        let docs = self.lock();
        let doc = docs.get(uri)?;
        Some((doc.version, doc.text.clone()))
    }

    /// What an analysis of the current version starts from: the version, its text, and the
    /// analysis of an earlier version to reparse from (taken, so that the analysis can reuse
    /// its tree without a copy; it comes back through [`Store::store`]).
    pub fn work(&self, uri: &Uri) -> Option<(i32, String, Option<Arc<Snapshot>>)> {
        let mut docs = self.lock();
        let doc = docs.get_mut(uri)?;
        Some((doc.version, doc.text.clone(), doc.base.take()))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().get(uri).map(|d| d.version)
    }

    /// The analysis of the current version, computing it if needed.
    pub fn snapshot(&self, uri: &Uri, config: &Config) -> Option<Arc<Snapshot>> {
        if let Some(s) = self.lock().get(uri).and_then(|d| d.snapshot.clone()) {
            return Some(s);
        }
        let (version, text, base) = self.work(uri)?;
        let snapshot = Arc::new(Snapshot::after(base, version, text, config));
        self.store(uri, snapshot.clone());
        Some(snapshot)
    }

    /// Keeps a computed snapshot if it is still for the current version; one for an older
    /// version is kept only to reparse from.
    pub fn store(&self, uri: &Uri, snapshot: Arc<Snapshot>) -> bool {
        let mut docs = self.lock();
        match docs.get_mut(uri) {
            Some(doc) if doc.version == snapshot.version => {
                if let Some(old) = doc.snapshot.replace(snapshot) {
                    drop_elsewhere(old);
                }
                true
            }
            Some(doc) => {
                doc.rebase(snapshot);
                false
            }
            None => false,
        }
    }

    /// Returns a base taken by [`Store::work`] that was not used (its analysis went stale):
    /// only to reparse from, never as the current analysis, which it may not be (after a
    /// change of configuration, the base is an analysis of the current version).
    pub fn give_back(&self, uri: &Uri, base: Arc<Snapshot>) {
        match self.lock().get_mut(uri) {
            Some(doc) => doc.rebase(base),
            None => drop_elsewhere(base),
        }
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    /// Forgets every analysis (the configuration changed); the trees stay to reparse from.
    pub fn invalidate_all(&self) {
        for doc in self.lock().values_mut() {
            if let Some(analysed) = doc.snapshot.take() {
                doc.rebase(analysed);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, Document>> {
        // A panic while holding the lock leaves the map usable: recover it.
        self.docs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The char index of a protocol position in a rope, clamped to the line and the text.
fn char_index(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut content = slice.len_chars();
    // Exclude the line break.
    while content > 0 && matches!(slice.char(content - 1), '\n' | '\r') {
        content -= 1;
    }
    let end = start + content;
    match encoding {
        Encoding::Utf16 => {
            let base = rope.char_to_utf16_cu(start);
            let limit = rope.char_to_utf16_cu(end);
            rope.utf16_cu_to_char((base + pos.character as usize).min(limit))
                .min(end)
        }
        Encoding::Utf8 => {
            let base = rope.char_to_byte(start);
            let limit = rope.char_to_byte(end);
            rope.byte_to_char((base + pos.character as usize).min(limit))
                .min(end)
        }
    }
}

/// A range covering a whole text, for full replacements.
pub fn whole(text: &str, encoding: Encoding) -> Range {
    let index = LineIndex::new(text);
    let lines = crate::lsp::proto::Lines {
        text,
        index: &index,
        encoding,
    };
    lines.range(crate::text::TextRange::new(0, text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(
        store: &Store,
        uri: &Uri,
        version: i32,
        range: ((u32, u32), (u32, u32)),
        text: &str,
        encoding: Encoding,
    ) {
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position::new(range.0 .0, range.0 .1),
                end: Position::new(range.1 .0, range.1 .1),
            }),
            range_length: None,
            text: text.into(),
        };
        store.change(uri, version, &[change], encoding).unwrap();
    }

    /// A table (heading included) pasted before the one it copies: the copy is new, and what
    /// the table rules find in it is its own (the original's findings stay with the original).
    #[test]
    fn a_pasted_copy_of_a_table_gets_findings_of_its_own() {
        let src = include_str!("../../examples/zhongzhan-2023.jsmd");
        let heading = src.find("### 财政拨款收入支出决算总表").expect("t04");
        let lines: Vec<&str> = src[heading..].lines().collect();
        let first = lines.iter().position(|l| l.starts_with('|')).expect("rows");
        let rows = lines[first..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .count();
        let table = lines[..first + rows].join("\n");
        let mut pasted = src.to_string();
        pasted.insert_str(heading, &format!("复制：\n\n{table}\n\n"));
        let config = Config::default();
        let earlier = Arc::new(Snapshot::new(1, src.to_string(), &config));
        let after = Snapshot::after(Some(earlier), 2, pasted.clone(), &config);
        let fresh = Snapshot::new(2, pasted, &config);
        assert_eq!(after.diagnostics, fresh.diagnostics);
    }

    /// An edit inside a table's last row that also starts a table after it: the rows of the
    /// first table are the same but for ranges, and what is found there must point at its
    /// own cells, not at the new table's, where the moved ranges of the last row would land.
    #[test]
    fn findings_in_a_table_edited_into_two_point_at_their_own_cells() {
        let old = "# 一\n\n## 表 {#t01}\n\n| 科目编码 | 科目名称 | 金额 |\n|---|---|---|\n| | 合计 | 3.00 |\n| 201 | 甲 | 1.00 |\n| 202 | 乙 | 1.00 |\n";
        let new = old.replace(
            "| 202 | 乙 | 1.00 |\n",
            "|  202 | 乙 | 1.00 |\n\n| 202 | 乙 | 1.00 |\n",
        );
        let config = Config::default();
        let earlier = Arc::new(Snapshot::new(1, old.to_string(), &config));
        assert!(earlier.diagnostics.iter().any(|d| d.code == "JL102"));
        let after = Snapshot::after(Some(earlier), 2, new.clone(), &config);
        let fresh = Snapshot::new(2, new, &config);
        assert_eq!(after.diagnostics, fresh.diagnostics);
    }

    #[test]
    fn incremental_edits_in_both_encodings() {
        let uri: Uri = "file:///a.jsmd".parse().unwrap();
        let store = Store::default();
        store.open(uri.clone(), 1, "收入𠀀 611.70\r\n第二行\rc");
        // Replace 611.70 (UTF-16 col 5..11 on line 0) with 605.00.
        edit(
            &store,
            &uri,
            2,
            ((0, 5), (0, 11)),
            "605.00",
            Encoding::Utf16,
        );
        assert_eq!(store.text(&uri).unwrap().1, "收入𠀀 605.00\r\n第二行\rc");
        // Line 2 starts after a lone CR; insert at its start (UTF-8).
        edit(&store, &uri, 3, ((2, 0), (2, 0)), "x", Encoding::Utf8);
        assert_eq!(store.text(&uri).unwrap().1, "收入𠀀 605.00\r\n第二行\rxc");
        // Out-of-range positions clamp to the end of the line / text.
        edit(&store, &uri, 4, ((1, 99), (9, 0)), "!", Encoding::Utf16);
        assert_eq!(store.text(&uri).unwrap().1, "收入𠀀 605.00\r\n第二行!");
        // A stale version is dropped.
        assert!(store.change(&uri, 4, &[], Encoding::Utf16).is_none());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::text::{ColumnUnit, LineCol};

    fn piece() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "6", ".", "|", " ", "收", "：", "𠀀", "😀", "\n", "\r\n", "\r", "万元",
            ]),
            0..6,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]
        /// After any sequence of incremental edits, the store's text is what the edits make
        /// of the text, with positions clamped as the protocol requires.
        #[test]
        fn edits_match_a_plain_string_model(
            edits in prop::collection::vec((0u32..6, 0u32..12, 0u32..6, 0u32..12, piece(), any::<bool>()), 1..20),
            start in piece(),
        ) {
            let uri: Uri = "file:///p.jsmd".parse().unwrap();
            let store = Store::default();
            store.open(uri.clone(), 0, &start);
            let mut model = start.clone();
            for (i, (l1, c1, l2, c2, text, utf8)) in edits.into_iter().enumerate() {
                let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let unit = if utf8 { ColumnUnit::Utf8 } else { ColumnUnit::Utf16 };
                let index = LineIndex::new(&model);
                let a = index.offset(&model, LineCol { line: l1, col: c1 }, unit);
                let b = index.offset(&model, LineCol { line: l2, col: c2 }, unit);
                let (a, b) = (a.min(b), a.max(b));
                // The protocol's range is ordered; the store orders a reversed one the same way.
                let (p1, p2) = if index.offset(&model, LineCol { line: l1, col: c1 }, unit) <= index.offset(&model, LineCol { line: l2, col: c2 }, unit) { ((l1, c1), (l2, c2)) } else { ((l2, c2), (l1, c1)) };
                model.replace_range(a..b, &text);
                let change = TextDocumentContentChangeEvent {
                    range: Some(Range { start: Position::new(p1.0, p1.1), end: Position::new(p2.0, p2.1) }),
                    range_length: None,
                    text,
                };
                store.change(&uri, i as i32 + 1, &[change], encoding).unwrap();
                prop_assert_eq!(&store.text(&uri).unwrap().1, &model);
            }
        }
    }
}
