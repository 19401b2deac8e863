//! Incremental parsing: the tree of an edited text from the tree of the text before the edit,
//! equal to what [`crate::syntax::parse`] gives for the new text, for a fraction of its work.
//!
//! The block parser reads forward only: from the start of a block, what it builds depends
//! on the text from there on, and a block looks at most two lines past its own end (a list
//! checks the line after a blank one); a comment reads on to its `-->`, but that lies within
//! the comment block itself. So:
//! - the blocks that end well before the edit are kept as they are: three whole blocks (and
//!   any comments) stand between the last of them and the edit, more than any look-ahead;
//! - the parser starts again at the first block it does not keep, and stops at the first
//!   block start after the edit that is also where a block of the old tree started, with the
//!   same text from there on (everything after the edit is the same text);
//! - the old blocks from there on are kept, moved by the change in length;
//! - `attach_tables`, a cheap pass over every block, runs again, since an edit can give a
//!   table another heading or notes, and its errors (table ids) are made again.
//!
//! The front matter and the first blocks are parsed again in full, which is also what an edit
//! near the top of the text gets. The parser first reads the lines up to 16 KiB past the
//! edit, and all of them only when no place to stop turned up there (an unclosed `<!--` in
//! the edit, say). `tests/properties.rs` and the tests below check, on generated texts and
//! edits, that the result equals a full parse.

use crate::syntax::ast::Block;
use crate::syntax::block::{attach_tables, parse_from};
use crate::syntax::error::codes;
use crate::syntax::shift::Shift;
use crate::syntax::Parse;
use crate::text::TextEdit;

/// How many whole blocks stay between the kept blocks and the edit.
const MARGIN: usize = 3;

/// How far past the edit (in bytes) the parser first looks for a place to stop.
const WINDOW: usize = 16 * 1024;

/// The parse of `new`, given the parse of `old` (which it consumes).
pub fn reparse(old: Parse, old_src: &str, new: &str) -> Parse {
    reparse_edited(old, old_src, new, TextEdit::between(old_src, new))
}

/// [`reparse`] for a caller that already has the edit between the texts (`None`: they are
/// the same).
pub fn reparse_edited(old: Parse, old_src: &str, new: &str, edit: Option<TextEdit>) -> Parse {
    incremental(old, old_src, new, edit, WINDOW).unwrap_or_else(|| crate::syntax::parse(new))
}

/// The parse of `new` made from `old`, looking `window` bytes past the edit for a place to
/// stop first, or `None` where only a full parse will do.
fn incremental(
    old: Parse,
    old_src: &str,
    new: &str,
    edit: Option<TextEdit>,
    window: usize,
) -> Option<Parse> {
    let Some(edit) = edit else {
        return Some(old);
    };
    let Parse {
        mut document,
        errors: old_errors,
    } = old;
    let bom = new.starts_with('\u{feff}');
    // A text that starts like front matter that did not parse as one may become front
    // matter with any later edit (a closing `---`): parse it again in full.
    let content = &new[if bom { 3 } else { 0 }..];
    if bom != document.bom || (document.front_matter.is_none() && content.starts_with("---")) {
        return None;
    }
    let blocks = &document.blocks;
    // The first block that ends at or after the edit's start, then back over MARGIN blocks
    // and any comments (a comment may start inside a line, where the parser never starts).
    let touched = blocks.partition_point(|b| (b.range().end as usize) < edit.start);
    let mut first = touched.checked_sub(MARGIN)?;
    while matches!(blocks[first], Block::Comment(_)) {
        first = first.checked_sub(1)?;
    }
    let from = blocks[first].range().start as usize;
    // Where, in the old tree, parsing may stop: a block start after the edit, not a comment.
    let sync = |at: usize| -> Option<usize> {
        if at < edit.new_end {
            return None;
        }
        let old_at = (at as i64 - edit.delta()) as usize;
        let k = blocks.partition_point(|b| (b.range().start as usize) < old_at);
        blocks
            .get(k)
            .filter(|b| b.range().start as usize == old_at && !matches!(b, Block::Comment(_)))
            .map(|_| k)
    };
    // The lines up to some way past the edit first (an edit rarely reaches further), then,
    // if no place to stop turned up there, all of them.
    let ahead = crate::text::floor_char_boundary(new, edit.new_end.saturating_add(window));
    let near = new[ahead..].find('\n').map_or(new.len(), |i| ahead + i + 1);
    let mut parsed = None;
    for until in [near, new.len()] {
        let mut resume = None;
        let (window, errors, stopped) = parse_from(new, from, until, |at| {
            resume = sync(at);
            resume.is_some()
        });
        if stopped.is_some() || until == new.len() {
            parsed = Some((window, errors, stopped, resume));
            break;
        }
    }
    let (window, window_errors, stopped, resume) = parsed.expect("the last try reads every line");
    let (resume, old_resume_at) = match (stopped, resume) {
        (Some(_), Some(k)) => (k, blocks[k].range().start as usize),
        _ => (blocks.len(), old_src.len() + 1),
    };
    let mut after: Vec<Block> = document.blocks.drain(resume..).collect();
    after.shift(edit.delta());
    document.blocks.truncate(first);
    document.blocks.extend(window);
    document.blocks.extend(after);
    document.blocks.shrink_to_fit();
    document.range = crate::text::TextRange::new(0, new.len());

    // The errors of the kept blocks (table ids are made again), then the window's.
    let mut errors = Vec::with_capacity(old_errors.len() + window_errors.len());
    let mut later = Vec::new();
    for mut error in old_errors {
        if error.code == codes::TABLE_ID {
            continue;
        }
        let at = error.range.start as usize;
        if at < from {
            errors.push(error);
        } else if at >= old_resume_at {
            error.shift(edit.delta());
            later.push(error);
        }
    }
    errors.extend(window_errors);
    errors.extend(later);
    attach_tables(new, &mut document.blocks, &mut errors);
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    Some(Parse { document, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that the reparse equals a full parse; returns whether it was incremental.
    fn same(old: &str, new: &str) -> bool {
        let expected = crate::syntax::parse(new);
        let edit = TextEdit::between(old, new);
        let got = incremental(crate::syntax::parse(old), old, new, edit, WINDOW);
        let incremental = got.is_some();
        let got = got.unwrap_or_else(|| crate::syntax::parse(new));
        assert_eq!(
            format!("{got:?}"),
            format!("{expected:?}"),
            "{old:?} → {new:?}"
        );
        incremental
    }

    #[test]
    fn edit_in_a_paragraph_keeps_the_blocks_around_it() {
        let old = "# 一\n\n甲\n\n乙\n\n丙\n\n丁 1 万元\n\n## 表 {#t01}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert!(same(old, &old.replace("丁 1", "丁 12")));
        assert!(same(old, &old.replace("丁 1 万元\n", "丁 1 万元\n| x |\n")));
        assert!(same(old, &old.replace("## 表 {#t01}", "## 表")));
        assert!(same(old, &old.replace("| 1 | 2 |", "| 1 | 2 | 3 |")));
    }

    #[test]
    fn edits_that_change_what_follows() {
        let old = "# 一\n\n甲\n\n乙\n\n丙\n\n丁\n\n- a\n\n- b\n\n戊\n";
        assert!(same(old, &old.replace("丁\n\n", "丁\n<!-- x\n\n")));
        assert!(same(old, &old.replace("丁\n\n- a", "丁\n- a")));
        assert!(same(old, &old.replace("\n\n- b", "\n\n- b\n- c")));
        assert!(same(old, &old.replace("戊\n", "")));
        assert!(!same(old, ""));
    }

    #[test]
    fn edits_near_the_top_and_in_front_matter() {
        let old = "---\ntitle: 甲\n---\n# 一\n\n乙\n";
        assert!(!same(old, &old.replace("甲", "乙")));
        assert!(!same(old, &old.replace("---\n#", "#")));
        assert!(!same(
            "---\ntitle: 甲\n\n# 一\n\n乙\n\n丙\n\n丁\n\n戊\n",
            "---\ntitle: 甲\n\n# 一\n\n乙\n\n丙\n\n丁\n---\n戊\n",
        ));
        assert!(!same("\u{feff}# 一\n", "# 一\n"));
    }

    proptest::proptest! {
        /// With a window of a few bytes, so that the first try often finds no place to stop
        /// within it, the result is still a full parse's.
        #[test]
        fn a_narrow_window_gives_a_full_parse(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 8..40),
            at in proptest::sample::select((0usize..40).collect::<Vec<_>>()),
            removed in 0usize..8,
            insert in proptest::sample::select(PIECES),
            window in 0usize..48,
        ) {
            let old: String = pieces.concat();
            let chars: Vec<usize> = old.char_indices().map(|(i, _)| i).chain([old.len()]).collect();
            let from = chars[at.min(chars.len() - 1)];
            let to = chars[(at + removed).min(chars.len() - 1)];
            let mut new = old.clone();
            new.replace_range(from..to, insert);
            let expected = crate::syntax::parse(&new);
            let edit = TextEdit::between(&old, &new);
            let got = incremental(crate::syntax::parse(&old), &old, &new, edit, window)
                .unwrap_or_else(|| crate::syntax::parse(&new));
            proptest::prop_assert_eq!(format!("{got:?}"), format!("{expected:?}"));
        }
    }

    const PIECES: &[&str] = &[
        "# 标题\n",
        "## 表 {#t01}\n",
        "\n",
        "\n",
        "段落 1 万元。\n",
        "续行\n",
        "| a | b |\n",
        "|---|---|\n",
        "| 1 | 2 |\n",
        "- 项目\n",
        "1. 项\n",
        "<!-- 注 -->\n",
        "<!--\n",
        "-->\n",
        "注：说明\n",
        "---\n",
        "\r\n",
        "文字",
        " ",
    ];
}
