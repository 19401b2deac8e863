//! ## toc-mismatch (JL302)
//!
//! **What it flags.** Disagreement between the table of contents and the headings. The table
//! of contents is the list (or lists) after the heading whose id is `toc` (`## 目录 {#toc}`),
//! up to the next heading; its items may be nested. The rule flags
//! - an entry that reads differently from its heading (`第二部分 …委员会部门决算表` in the
//!   contents, `第二部分 …委员会办公室部门决算表` as the heading);
//! - an entry that no heading matches at all;
//! - a top-level heading (`#`) after the table of contents that no entry lists.
//!
//! **Why.** Readers and reviewers navigate a report by its table of contents; an entry that
//! names a part differently, or a part the contents leave out, is a defect of the published
//! report, and usually the trace of a title edited in one place only.
//!
//! **How entries and headings are compared.** Ordinals (`一、`, `（一）`) and white space are
//! ignored, so `一、收入支出决算总表` matches `### 收入支出决算总表`. An entry also matches a
//! heading that contains it or that it contains: `一、部门职责` matches
//! `一、中国共产党焦作市中站区委员会办公室部门职责`. Only headings after the table of contents
//! count. When no heading matches, the heading the entry most likely stands for is named: the
//! one with the same part marker (`第二部分`), else the one sharing the longest run of
//! characters with it, if that run is at least 60% of the shorter of the two. A heading named
//! that way counts as listed. A document without a `{#toc}` heading is not checked.
//!
//! **Example.**
//! ```markdown
//! ## 目录 {#toc}
//!
//! - 第一部分 部门概况
//! - 第二部分 部门决算表        <- the heading reads `第二部分 2023 年度部门决算表`
//!
//! # 第一部分 部门概况
//! # 第二部分 2023 年度部门决算表
//! # 第三部分 名词解释          <- missing from the table of contents
//! ```
//!
//! **Fix.** None: either the entry or the heading may be the one to change.

use crate::diagnostics::Severity;
use crate::rules::registry::{Check, FixKind, RuleMeta};
use crate::rules::{Context, Sink};
use crate::semantic::labels::{char_signature, key, longest_common_substring};
use crate::syntax::ast::Block;
use crate::text::TextRange;

pub const META: RuleMeta = RuleMeta {
    code: "JL302",
    name: "toc-mismatch",
    summary: "a table-of-contents entry and the headings that disagree",
    severity: Severity::Warning,
    fix: FixKind::None,
    module: "toc_mismatch",
    check: Some(Check::Document(check)),
};

fn check(ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let blocks = &ctx.document().blocks;
    let Some((toc_index, toc_range)) = blocks.iter().enumerate().find_map(|(i, b)| match b {
        Block::Heading(h) if is_toc(ctx, h) => Some((i, h.inline.range)),
        _ => None,
    }) else {
        return;
    };
    let after = &blocks[toc_index + 1..];
    let entries: Vec<Entry> = after
        .iter()
        .take_while(|b| !matches!(b, Block::Heading(_)))
        .filter_map(|b| match b {
            Block::List(list) => Some(list),
            _ => None,
        })
        .flat_map(|list| &list.items)
        .map(|item| Entry::new(ctx, item.inline.range, 0))
        .filter(|e| !e.key.is_empty())
        .collect();
    let headings: Vec<Entry> = after
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(Entry::new(ctx, h.inline.range, h.level)),
            _ => None,
        })
        .filter(|e| !e.key.is_empty())
        .collect();

    // First every exact or containing match, so that a near match never takes a heading
    // that another entry lists.
    let mut listed = vec![false; headings.len()];
    let mut unmatched = Vec::new();
    for entry in &entries {
        let mut found = false;
        for (h, heading) in headings.iter().enumerate() {
            if matches(entry, heading) {
                listed[h] = true;
                found = true;
            }
        }
        if !found {
            unmatched.push(entry);
        }
    }
    for entry in unmatched {
        let text = ctx.text(entry.range).trim();
        let d = match nearest(entry, &headings, &listed) {
            Some(h) => {
                listed[h] = true;
                let heading = &headings[h];
                let heading_text = ctx.text(heading.range).trim();
                sink.diagnostic(
                    entry.range,
                    format!(
                        "table of contents lists `{text}` but the heading reads `{heading_text}`"
                    ),
                )
                .with_related(heading.range, "the heading")
                .with_help("make the entry and the heading read the same")
            }
            None => sink
                .diagnostic(
                    entry.range,
                    format!("table of contents lists `{text}`, which no heading matches"),
                )
                .with_help("remove the entry, or add the heading it lists"),
        };
        sink.push(d);
    }
    for (heading, _) in headings
        .iter()
        .zip(&listed)
        .filter(|(h, listed)| h.level == 1 && !**listed)
    {
        let text = ctx.text(heading.range).trim();
        let d = sink
            .diagnostic(
                heading.range,
                format!("heading `{text}` is missing from the table of contents"),
            )
            .with_related(toc_range, "table of contents")
            .with_help("add an entry for this heading to the table of contents");
        sink.push(d);
    }
}

/// A table-of-contents entry or a heading: where it is, and its comparison key.
struct Entry {
    range: TextRange,
    key: String,
    /// The key's characters ([`char_signature`]): a key holds another only if it has every
    /// character of it.
    signature: u64,
    /// The heading level; 0 for a table-of-contents entry.
    level: u8,
}

impl Entry {
    fn new(ctx: &Context<'_>, range: TextRange, level: u8) -> Entry {
        let key = key(ctx.text(range)).into_owned();
        Entry {
            range,
            signature: char_signature(&key),
            key,
            level,
        }
    }
}

fn is_toc(ctx: &Context<'_>, heading: &crate::syntax::ast::Heading) -> bool {
    heading
        .attrs
        .as_ref()
        .and_then(|a| a.id)
        .is_some_and(|id| ctx.text(id) == "toc")
}

/// An entry matches a heading when one key contains the other. Every entry is compared with
/// every heading: short texts, which `text::holds` searches without `str::contains`'s setup,
/// and only when the one has every character of the other, as most pairs do not.
fn matches(entry: &Entry, heading: &Entry) -> bool {
    let holds = |hay: &Entry, part: &Entry| {
        part.signature & !hay.signature == 0 && crate::text::holds(&hay.key, &part.key)
    };
    holds(entry, heading) || holds(heading, entry)
}

/// The heading an unmatched entry most likely stands for, among the headings no entry lists.
fn nearest(entry: &Entry, headings: &[Entry], listed: &[bool]) -> Option<usize> {
    let marker = part_marker(&entry.key);
    let free = || (0..headings.len()).filter(|&h| !listed[h]);
    if let Some(m) = marker {
        if let Some(h) = free().find(|&h| part_marker(&headings[h].key) == Some(m)) {
            return Some(h);
        }
    }
    let entry_len = entry.key.chars().count();
    let mut best: Option<(usize, usize)> = None;
    for h in free() {
        let other = part_marker(&headings[h].key);
        if marker.is_some() && other.is_some() && other != marker {
            continue;
        }
        let shorter = entry_len.min(headings[h].key.chars().count());
        let common = longest_common_substring(&entry.key, &headings[h].key);
        if common * 5 >= shorter * 3 && best.is_none_or(|(_, c)| common > c) {
            best = Some((h, common));
        }
    }
    best.map(|(h, _)| h)
}

/// `第二部分` at the start of a key.
fn part_marker(key: &str) -> Option<&str> {
    let rest = key.strip_prefix('第')?;
    let end = rest.find("部分")?;
    let numeral = &rest[..end];
    let ok = !numeral.is_empty()
        && numeral
            .chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    ok.then(|| &key[..'第'.len_utf8() + end + "部分".len()])
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    /// (primary text, message, related texts) of every JL302 diagnostic.
    fn run(body: &str) -> Vec<(String, String, Vec<String>)> {
        let src = format!("---\nentity: 示例市示范区财政局\n---\n\n{body}");
        crate::check(&src, &Config::default())
            .into_iter()
            .filter(|d| d.code == "JL302")
            .map(|d| {
                assert!(d.fix.is_none());
                (
                    src[d.range.as_range()].to_string(),
                    d.message,
                    d.related
                        .iter()
                        .map(|r| src[r.range.as_range()].to_string())
                        .collect(),
                )
            })
            .collect()
    }

    const TOC: &str = "## 目录 {#toc}\n\n\
                       - 第一部分 部门概况\n  - 一、部门职责\n  - 二、机构设置\n\
                       - 第二部分 部门决算表\n  - 一、收入支出决算总表\n\n";

    #[test]
    fn matching_contents_pass() {
        let body = format!(
            "{TOC}# 第一部分 部门 概况\n\n## 一、示例市示范区财政局部门职责\n\n## 二、机构设置\n\n\
             # 第二部分 部门决算表\n\n### 收入支出决算总表 {{#t01}}\n"
        );
        assert_eq!(run(&body), Vec::new());
    }

    #[test]
    fn an_entry_that_differs_from_its_heading() {
        let body = format!(
            "{TOC}# 第一部分 部门概况\n\n## 一、部门职责\n\n## 二、机构设置\n\n\
             # 第二部分 2024 年度部门决算表\n\n## 一、收入支出决算总表\n"
        );
        assert_eq!(
            run(&body),
            [(
                "第二部分 部门决算表".to_string(),
                "table of contents lists `第二部分 部门决算表` but the heading reads \
                 `第二部分 2024 年度部门决算表`"
                    .to_string(),
                vec!["第二部分 2024 年度部门决算表".to_string()],
            )]
        );
    }

    #[test]
    fn a_similar_heading_without_a_part_marker() {
        let body = "## 目录 {#toc}\n\n- 一、收入支出决算总体情况说明\n\n\
                    ## 一、收入支出决算总体情况的说明\n";
        let found = run(body);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "一、收入支出决算总体情况说明");
        assert_eq!(found[0].2, ["一、收入支出决算总体情况的说明"]);
    }

    #[test]
    fn an_entry_no_heading_matches() {
        let body = format!(
            "{TOC}- 第三部分 名词解释\n\n# 第一部分 部门概况\n\n## 一、部门职责\n\n## 二、机构设置\n\n\
             # 第二部分 部门决算表\n\n## 一、收入支出决算总表\n"
        );
        assert_eq!(
            run(&body),
            [(
                "第三部分 名词解释".to_string(),
                "table of contents lists `第三部分 名词解释`, which no heading matches".to_string(),
                vec![],
            )]
        );
    }

    #[test]
    fn a_top_level_heading_missing_from_the_contents() {
        let body = format!(
            "# 示例市示范区财政局部门决算\n\n{TOC}# 第一部分 部门概况\n\n## 一、部门职责\n\n\
             ## 二、机构设置\n\n# 第二部分 部门决算表\n\n## 一、收入支出决算总表\n\n\
             # 第三部分 名词解释\n\n## 第四部分 附件\n"
        );
        assert_eq!(
            run(&body),
            [(
                "第三部分 名词解释".to_string(),
                "heading `第三部分 名词解释` is missing from the table of contents".to_string(),
                vec!["目录".to_string()],
            )]
        );
    }

    #[test]
    fn without_a_toc_nothing_is_checked() {
        assert_eq!(
            run("## 目录\n\n- 第九部分 不存在\n\n# 第一部分 概况\n"),
            Vec::new()
        );
    }

    #[test]
    fn part_markers() {
        assert_eq!(super::part_marker("第二部分2024年度"), Some("第二部分"));
        assert_eq!(super::part_marker("第12部分附件"), Some("第12部分"));
        assert_eq!(super::part_marker("第部分"), None);
        assert_eq!(super::part_marker("一般公共服务"), None);
    }
}
