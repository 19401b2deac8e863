//! Property tests over generated report-like text: the parser never panics and every range it
//! hands out is on a character boundary inside the text; safe fixes converge and add no
//! syntax error; table formatting is idempotent and keeps every non-space character;
//! positions round-trip between byte offsets and UTF-8, UTF-16 and scalar-value columns.
//!
//! A fifth property drives the language server's document store with incremental edits (in
//! UTF-8 and UTF-16 positions, some out of range or inside a surrogate pair) and checks the
//! text against a plain string and the features against a fresh analysis.
//!
//! The generators build reports from the dialect's pieces (front matter, headings with
//! attribute blocks, pipe tables with codes, numbers, empty cells and ragged rows, narrative
//! with numbers, units, CJK, astral characters and emoji) joined by mixed line breaks. The
//! fuzz targets in `fuzz/` check the same properties on unstructured bytes.

use proptest::prelude::*;

#[path = "support/invariants.rs"]
mod invariants;
use invariants::{apply_edits, keeps_characters, ranges_in_debug};

use jslint::config::Config;
use jslint::diagnostics::Applicability;
use jslint::lsp::documents::{Snapshot, Store};
use jslint::lsp::proto::{Encoding, Position, Range, TextDocumentContentChangeEvent, Uri};
use jslint::text::{ColumnUnit, LineCol, LineIndex, TextRange};

/// Rounds of safe fixes within which the text must stop changing.
const FIX_ROUNDS: usize = 5;

/// Cases per property: 256 (about two seconds in all in a debug build), or `PROPTEST_CASES`
/// for a longer hunt (`PROPTEST_CASES=20000 cargo test --release --test properties`).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

// ---------------------------------------------------------------------------------------------
// Generators.

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(items).prop_map(str::to_string)
}

/// Short CJK and mixed words for labels and narrative.
fn word() -> impl Strategy<Value = String> {
    pick(&[
        "收入",
        "支出",
        "合计",
        "本年收入合计",
        "一般公共服务支出",
        "基本支出",
        "项目支出",
        "其中：",
        "一、",
        "（一）",
        "财政拨款",
        "三公经费",
        "𠀀",
        "😀",
        "中山区",
        "示例市示范区财政局",
        "示例市示范区财政居",
        "示例示范区财政局",
        "示例市 示范区财政局局",
        "a",
        "Z9",
        "\t",
        "　",
        "\\|",
        "`代码`",
        "[链接](#t01:合计:1)",
        "[605.00 万元](#t05:合计:基本支出)",
        "[坏](#t01::)",
        "<!-- 注 -->",
    ])
}

/// A number as written in a report, good or malformed.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        pick(&[
            "611.70",
            "0.00",
            "1,234.5",
            "-3",
            "98.90%",
            "98.90％",
            "６１１．７０",
            "35.36.00",
            "1,23.4",
            "100%",
            "-%",
            "-",
            "—",
            "0",
            "12345678901234567890.5",
            ".5",
            "5.",
        ]),
        (0u32..100_000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
    ]
}

fn unit() -> impl Strategy<Value = String> {
    pick(&[
        "", " 万元", "万元", "元", " 亿元", "%", " 辆", "人次", "个", " 年度",
    ])
}

/// A sentence of narrative: words and numbers with units.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            word(),
            (number(), unit()).prop_map(|(n, u)| format!("{n}{u}")),
            pick(&["，", "。", "、", "占", "增加", "减少", "比上年", " "]),
        ],
        0..10,
    )
    .prop_map(|v| v.concat())
}

fn attrs() -> impl Strategy<Value = String> {
    prop::collection::vec(
        pick(&[
            "#t01",
            "#t02",
            "#t05",
            "#s1",
            "no=公开01表",
            "unit=万元",
            "head=2",
            "head=x",
            "blocks=1,4",
            "truncated",
            "kind=performance",
            "key=\"a b\"",
            "bogus=1",
            "#",
            "=",
            "\"",
        ]),
        0..4,
    )
    .prop_map(|items| format!(" {{{}}}", items.join(" ")))
}

/// A heading of level 1 to 7 (7 is not a heading), maybe with an attribute block.
fn heading() -> impl Strategy<Value = String> {
    (1usize..8, sentence(), prop::option::of(attrs())).prop_map(|(level, text, attrs)| {
        format!("{} {text}{}", "#".repeat(level), attrs.unwrap_or_default())
    })
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        number(),
        pick(&["", " ", "201", "20101", "2010101", "301", "30101", "栏次", "行次", "金额"]),
        word(),
    ]
}

/// A pipe table: header, maybe a delimiter row, body rows of varying width (ragged).
fn table() -> impl Strategy<Value = Vec<String>> {
    (
        2usize..5,
        any::<bool>(),
        prop::collection::vec((prop::collection::vec(cell(), 1..6), any::<bool>()), 0..6),
        prop::collection::vec(pick(&["---", ":--", "--:", ":-:", "-"]), 1..6),
        any::<bool>(),
    )
        .prop_map(|(width, delimited, rows, aligns, outer)| {
            let row = |cells: &[String]| {
                let inner = cells.join(" | ");
                if outer {
                    format!("| {inner} |")
                } else {
                    format!("{inner} |")
                }
            };
            let header: Vec<String> = (0..width).map(|i| format!("栏{i}")).collect();
            let mut lines = vec![row(&header)];
            if delimited {
                let delimiter: Vec<String> = (0..width)
                    .map(|i| aligns[i % aligns.len()].clone())
                    .collect();
                lines.push(format!("|{}|", delimiter.join("|")));
            }
            for (cells, keep_width) in rows {
                let mut cells = cells;
                if keep_width {
                    cells.resize(width, String::new());
                }
                lines.push(row(&cells));
            }
            lines
        })
}

fn block() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => heading().prop_map(|h| vec![h]),
        4 => table(),
        3 => sentence().prop_map(|s| vec![s]),
        1 => sentence().prop_map(|s| vec![format!("注：{s}")]),
        1 => prop::collection::vec((0usize..4, any::<bool>(), sentence()), 1..4).prop_map(|items| {
            items
                .into_iter()
                .map(|(depth, ordered, s)| {
                    format!("{}{} {s}", "  ".repeat(depth), if ordered { "1." } else { "-" })
                })
                .collect()
        }),
        1 => pick(&[
            "<!-- jslint-disable-next-line JL201 -->",
            "<!-- jslint-disable JL201 JL202 -->",
            "<!-- jslint-enable -->",
            "<!-- jslint-disable-file JL301 -->",
            "<!-- jslint-bogus -->",
            "<!-- unclosed",
            "-->",
            "---",
            "",
        ])
        .prop_map(|s| vec![s]),
    ]
}

fn front_matter() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(
            pick(&[
                "entity: 示例市示范区财政局",
                "entity: \"示例市 财政局\"",
                "year: 2024",
                "year: 二〇二四",
                "unit: 万元",
                "profile: final-accounts",
                "profile: nonsense",
                "kind: 部门决算",
                "prior:",
                "  收支总计: 820.00",
                "identities:",
                "  - t05[合计, 2] = t03[合计, 2]",
                "  - t01[",
                "bogus: 1",
                "# comment",
                ":",
            ]),
            0..6,
        ),
        any::<bool>(),
    )
        .prop_map(|(entries, closed)| {
            let mut lines = vec!["---".to_string()];
            lines.extend(entries);
            if closed {
                lines.push("---".into());
            }
            lines
        })
}

/// A report-like text: optional BOM and front matter, blocks separated by blank lines, and
/// a line break of a random kind after each line.
fn report() -> impl Strategy<Value = String> {
    report_of(0..8)
}

/// A report of `blocks` blocks (as [`report`]).
fn report_of(blocks: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::of(front_matter()),
        prop::collection::vec(block(), blocks),
        prop::collection::vec(pick(&["\n", "\n", "\n", "\r\n", "\r"]), 1..8),
        any::<bool>(),
    )
        .prop_map(|(bom, fm, blocks, breaks, final_break)| {
            let mut lines: Vec<String> = fm.unwrap_or_default();
            for b in blocks {
                lines.extend(b);
                lines.push(String::new());
            }
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            for (i, line) in lines.iter().enumerate() {
                out.push_str(line);
                if i + 1 < lines.len() || final_break {
                    out.push_str(&breaks[i % breaks.len()]);
                }
            }
            out
        })
}

/// Text with no structure at all, from the characters that matter to the parser.
fn noise() -> impl Strategy<Value = String> {
    prop::collection::vec(
        pick(&[
            "|", "-", ":", "#", "{", "}", "[", "]", "(", ")", "<!--", "-->", "`", "\\", "=", "\"",
            " ", "\t", "\n", "\r\n", "\r", "1", ".", ",", "%", "％", "万元", "收", "𠀀", "😀",
            "\u{feff}", "\u{0}", "é", "\u{301}", "---", "注：",
        ]),
        0..64,
    )
    .prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![4 => report(), 1 => noise()]
}

/// An incremental edit: start and end as (line, column), the inserted text. Columns reach past
/// line ends and into surrogate pairs; a few positions are far out of range.
fn edit() -> impl Strategy<Value = ((u32, u32), (u32, u32), String)> {
    let line = prop_oneof![8 => 0u32..12, 1 => Just(u32::MAX)];
    let col = prop_oneof![8 => 0u32..24, 1 => Just(u32::MAX)];
    ((line.clone(), col.clone()), (line, col), inserted())
}

/// Text an edit puts in.
fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        pick(&[
            "",
            "\n",
            "\r\n",
            "\r",
            "|",
            " | ",
            "611.70",
            "35.36.00",
            " 万元",
            "𠀀",
            "😀",
            "{#t01}",
            "<!--",
            "-->",
            "---\n",
            "# ",
            "合计",
            "６",
            "\n\n",
            "- ",
            "注：",
            "|---|---|\n",
            "\n| 1 | 2 |",
        ]),
        sentence(),
    ]
}

/// An edit by offsets: where (a fraction of the text), how many characters it removes, and
/// what it puts in.
fn splice() -> impl Strategy<Value = (prop::sample::Index, usize, String)> {
    (any::<prop::sample::Index>(), 0usize..16, inserted())
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The reports in the repository: the examples and the rule fixtures.
fn real_reports() -> Vec<String> {
    let mut files: Vec<String> = ["examples", "tests/data/rules"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsmd"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

fn valid_range(src: &str, r: TextRange) -> bool {
    invariants::range_problem(src, r).is_none()
}

fn syntax_error_codes(src: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = jslint::syntax::parse(src)
        .errors
        .iter()
        .map(|e| e.code)
        .collect();
    codes.sort_unstable();
    codes
}

/// The first code that occurs more often in `after` than in `before`.
fn added_code(before: &[&'static str], after: &[&'static str]) -> Option<&'static str> {
    let count = |v: &[&str], c: &str| v.iter().filter(|x| **x == c).count();
    after
        .iter()
        .copied()
        .find(|c| count(after, c) > count(before, c))
}

/// Renders diagnostics in every output format (the renderers slice the text by the ranges).
fn render_all(src: &str, diagnostics: &[jslint::Diagnostic]) {
    use jslint::diagnostics::render::{self, FileReport};
    let reports = [FileReport {
        path: "p.jsmd",
        src,
        diagnostics,
        stats: None,
    }];
    let _ = render::json::render(&reports);
    let _ = render::sarif::render(&reports);
    let _ = render::github::render(&reports);
    let _ = render::junit::render(&reports);
    let mut human = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render::human::render(&reports, &mut human).expect("rendering into memory");
}

fn format_once(src: &str) -> String {
    let parse = jslint::syntax::parse(src);
    apply_edits(src, &jslint::format::format_tables(src, &parse.document))
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Parsing never panics, and every range of the tree and of the syntax errors is ordered,
    /// inside the text and on character boundaries.
    #[test]
    fn parse_ranges_are_char_boundaries_inside_the_text(src in text()) {
        let parse = jslint::syntax::parse(&src);
        let ranges = ranges_in_debug(&format!("{:?}", parse.document));
        prop_assert!(!ranges.is_empty(), "the document range is always there");
        for r in ranges {
            prop_assert!(valid_range(&src, r), "tree range {:?} in {:?}", r, src);
        }
        for e in &parse.errors {
            prop_assert!(valid_range(&src, e.range), "{} range {:?} in {:?}", e.code, e.range, src);
        }
    }

    /// The whole check never panics, and every diagnostic's ranges (primary, related, fix
    /// edits) are valid too.
    #[test]
    fn diagnostic_ranges_are_char_boundaries_inside_the_text(src in text()) {
        let diagnostics = jslint::check(&src, &Config::default());
        render_all(&src, &diagnostics);
        for d in diagnostics {
            prop_assert!(valid_range(&src, d.range), "{} {:?} in {:?}", d.code, d.range, src);
            for r in &d.related {
                prop_assert!(valid_range(&src, r.range), "{} related {:?} in {:?}", d.code, r.range, src);
            }
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(valid_range(&src, e.range), "{} edit {:?} in {:?}", d.code, e.range, src);
            }
        }
    }

    /// Applying every safe fix, round after round, stops changing the text within a few
    /// rounds and adds no syntax error; so does `--fix` (which leaves fixes that touch a
    /// syntax error alone), after which no safe fix is left.
    #[test]
    fn safe_fixes_converge_and_add_no_syntax_error(src in text()) {
        let config = Config::default();
        let before = syntax_error_codes(&src);
        let mut text = src.clone();
        let mut rounds = 0;
        loop {
            let diagnostics = jslint::check(&text, &config);
            let (next, applied) = jslint::fix::apply(&text, &diagnostics, Applicability::Safe);
            if applied == 0 || next == text {
                break;
            }
            rounds += 1;
            prop_assert!(rounds <= FIX_ROUNDS, "safe fixes still change the text after {} rounds: {:?}", FIX_ROUNDS, src);
            text = next;
        }
        prop_assert_eq!(added_code(&before, &syntax_error_codes(&text)), None, "fixing {:?} gave {:?}", src, text);

        let (fixed, _) = jslint::cli::fix::fix_text(&src, &config, Applicability::Safe);
        prop_assert_eq!(added_code(&before, &syntax_error_codes(&fixed)), None, "--fix on {:?} gave {:?}", src, fixed);
        let (_, left) = jslint::cli::fix::fix_text(&fixed, &config, Applicability::Safe);
        prop_assert_eq!(left, 0, "--fix left safe fixes in {:?}", fixed);
    }

    /// Formatting tables twice changes nothing the second time, and keeps every character
    /// but white space and the delimiter row's dashes (it may add outer pipes).
    #[test]
    fn formatting_is_idempotent_and_keeps_every_non_space_character(src in text()) {
        let once = format_once(&src);
        if let Err(e) = keeps_characters(&src, &once) {
            prop_assert!(false, "formatting {:?} {} in {:?}", src, e, once);
        }
        let twice = format_once(&once);
        prop_assert_eq!(&twice, &once, "formatting {:?} is not idempotent", src);
    }

    /// Every offset on a character boundary (except between the two bytes of a CRLF, which
    /// rounds down to the line's end) survives offset → line/column → offset in all three
    /// units, and an offset's UTF-8 and UTF-16 columns describe the same prefix of its line.
    #[test]
    fn positions_round_trip_between_utf8_and_utf16(src in text()) {
        let index = LineIndex::new(&src);
        for offset in (0..=src.len()).filter(|o| src.is_char_boundary(*o)) {
            let inside_crlf = src[..offset].ends_with('\r') && src[offset..].starts_with('\n');
            if inside_crlf {
                continue;
            }
            let u8c = index.line_col(&src, offset, ColumnUnit::Utf8);
            let u16c = index.line_col(&src, offset, ColumnUnit::Utf16);
            let chc = index.line_col(&src, offset, ColumnUnit::Char);
            prop_assert_eq!(index.offset(&src, u8c, ColumnUnit::Utf8), offset);
            prop_assert_eq!(index.offset(&src, u16c, ColumnUnit::Utf16), offset);
            prop_assert_eq!(index.offset(&src, chc, ColumnUnit::Char), offset);
            prop_assert!(u8c.line == u16c.line && u16c.line == chc.line);
            let line_start = offset - u8c.col as usize;
            let prefix = &src[line_start..offset];
            prop_assert_eq!(prefix.encode_utf16().count(), u16c.col as usize);
            prop_assert_eq!(prefix.chars().count(), chc.col as usize);
            // Converting UTF-16 to UTF-8 through the offset gives the UTF-8 column.
            let via = index.offset(&src, u16c, ColumnUnit::Utf16);
            prop_assert_eq!(index.line_col(&src, via, ColumnUnit::Utf8), u8c);
        }
        // Out-of-range positions clamp into the text.
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let far = index.offset(&src, LineCol { line: u32::MAX, col: u32::MAX }, unit);
            prop_assert_eq!(far, src.len());
            let wide = index.offset(&src, LineCol { line: 0, col: u32::MAX }, unit);
            prop_assert!(src.is_char_boundary(wide) && wide <= src.len());
        }
    }

    /// Reparsing after each of a run of edits gives the tree and errors of a full parse.
    #[test]
    fn reparsing_after_edits_equals_a_full_parse(
        start in prop_oneof![4 => report_of(4..24), 1 => noise()],
        splices in prop::collection::vec(splice(), 1..6),
    ) {
        let mut src = start;
        let mut parse = jslint::syntax::parse(&src);
        for (at, removed, insert) in splices {
            let starts: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
            let from = at.index(starts.len());
            let to = starts[(from + removed).min(starts.len() - 1)];
            let mut edited = src.clone();
            edited.replace_range(starts[from]..to, &insert);
            parse = jslint::syntax::reparse(parse, &src, &edited);
            let full = jslint::syntax::parse(&edited);
            prop_assert_eq!(format!("{:?}", parse), format!("{:?}", full), "{:?}", edited);
            src = edited;
        }
    }

    /// Analysing after each of a run of edits (typed text, or pasted copies of the text's own
    /// pieces), from the analysis before it (under the same configuration or another), gives
    /// the tree, model and diagnostics of a fresh analysis.
    #[test]
    fn reanalysing_after_edits_equals_a_fresh_analysis(
        start in report_of(4..24),
        splices in prop::collection::vec(
            (splice(), 0..4usize, prop::option::weighted(0.3, (any::<prop::sample::Index>(), 1usize..800))),
            1..6,
        ),
    ) {
        // Settings the table rules' findings depend on; a change of them reuses none.
        let configs: Vec<Config> = [
            "",
            "[rules]\nignore = [\"JL102\"]",
            "[rules]\nseverity = { JL103 = \"info\" }",
            "[rounding]\npolicy = \"exact\"",
        ]
        .iter()
        .map(|toml| Config::parse(toml, std::path::Path::new("jslint.toml")).unwrap())
        .collect();
        let mut src = start;
        let mut snapshot = std::sync::Arc::new(Snapshot::new(0, src.clone(), &configs[0]));
        for (version, ((at, removed, insert), c, paste)) in (1..).zip(splices) {
            let config = &configs[c];
            let starts: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
            // A paste: a copy of a piece of the text itself (a table, a paragraph) put in.
            let insert = match paste {
                Some((piece, chars)) => {
                    let first = piece.index(starts.len());
                    src[starts[first]..starts[(first + chars).min(starts.len() - 1)]].to_string()
                }
                None => insert,
            };
            let from = at.index(starts.len());
            let to = starts[(from + removed).min(starts.len() - 1)];
            src.replace_range(starts[from]..to, &insert);
            let after = Snapshot::after(Some(snapshot), version, src.clone(), config);
            let fresh = Snapshot::new(version, src.clone(), config);
            prop_assert_eq!(format!("{:?}", after.analysis.parse), format!("{:?}", fresh.analysis.parse));
            prop_assert_eq!(format!("{:?}", after.analysis.model), format!("{:?}", fresh.analysis.model), "{:?}", src);
            prop_assert_eq!(&after.diagnostics, &fresh.diagnostics);
            prop_assert_eq!(format!("{:?}", after.index), format!("{:?}", fresh.index));
            snapshot = std::sync::Arc::new(after);
        }
    }

    /// The same on the repository's real reports (the seed example and the rule fixtures),
    /// whose profiles, facts, prior-year figures and sections the generator does not make:
    /// edits anywhere, front matter and headings included.
    #[test]
    fn reanalysing_real_reports_after_edits_equals_a_fresh_analysis(
        file in prop::sample::select(real_reports()),
        splices in prop::collection::vec(splice(), 1..4),
    ) {
        let config = Config::default();
        let mut src = std::fs::read_to_string(&file).unwrap();
        let mut snapshot = std::sync::Arc::new(Snapshot::new(0, src.clone(), &config));
        for (version, (at, removed, insert)) in (1..).zip(splices) {
            let starts: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
            let from = at.index(starts.len());
            let to = starts[(from + removed).min(starts.len() - 1)];
            src.replace_range(starts[from]..to, &insert);
            let after = Snapshot::after(Some(snapshot), version, src.clone(), &config);
            let fresh = Snapshot::new(version, src.clone(), &config);
            prop_assert_eq!(format!("{:?}", after.analysis.model), format!("{:?}", fresh.analysis.model), "{} after {:?}", file, insert);
            prop_assert_eq!(&after.diagnostics, &fresh.diagnostics);
            prop_assert_eq!(format!("{:?}", after.index), format!("{:?}", fresh.index));
            snapshot = std::sync::Arc::new(after);
        }
    }

    /// Incremental edits through the language server's document store give the text a plain
    /// string gets from the same edits (positions clamped as the protocol says), and the
    /// analysis of the result (reparsed from an earlier version's) is that of a fresh check;
    /// every feature answers on it.
    #[test]
    fn incremental_edits_keep_the_store_in_step(
        start in report(),
        edits in prop::collection::vec(edit(), 1..8),
        utf8 in any::<bool>(),
    ) {
        let (encoding, unit) = if utf8 {
            (Encoding::Utf8, ColumnUnit::Utf8)
        } else {
            (Encoding::Utf16, ColumnUnit::Utf16)
        };
        let uri: Uri = "file:///properties/report.jsmd".parse().unwrap();
        let store = Store::default();
        store.open(uri.clone(), 0, &start);
        let mut model = start;
        for (version, (from, to, insert)) in (1..).zip(edits) {
            let index = LineIndex::new(&model);
            let at = |(line, col): (u32, u32)| index.offset(&model, LineCol { line, col }, unit);
            let a = at(from);
            let b = at(to).max(a);
            model.replace_range(a..b, &insert);
            let change = TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: Position::new(from.0, from.1),
                    end: Position::new(to.0, to.1),
                }),
                range_length: None,
                text: insert,
            };
            prop_assert_eq!(store.change(&uri, version, &[change], encoding), Some(version));
            prop_assert_eq!(&store.text(&uri).unwrap().1, &model);
            // Every other version is analysed, so that later ones reparse from it.
            if version % 2 == 1 {
                let s = store.snapshot(&uri, &Config::default()).unwrap();
                prop_assert_eq!(&s.diagnostics, &jslint::check(&model, &Config::default()));
            }
        }
        let config = Config::default();
        let s = store.snapshot(&uri, &config).unwrap();
        prop_assert_eq!(&s.diagnostics, &jslint::check(&model, &config));
        let fresh = jslint::analyze(&model);
        prop_assert_eq!(format!("{:?}", s.analysis.parse), format!("{:?}", fresh.parse));
        prop_assert_eq!(format!("{:?}", s.analysis.model), format!("{:?}", fresh.model));
        let len = s.text.len();
        for offset in [0, len / 2, len] {
            let offset = jslint::text::floor_char_boundary(&s.text, offset);
            if let Some((range, _)) = jslint::lsp::hover::hover(&s, offset) {
                prop_assert!(valid_range(&s.text, range), "hover {:?}", range);
            }
            for r in jslint::lsp::navigation::references(&s, offset, true) {
                prop_assert!(valid_range(&s.text, r), "reference {:?}", r);
            }
        }
        let everything = TextRange::new(0, len);
        let _ = jslint::lsp::symbols::document_symbols(&s, encoding);
        let _ = jslint::lsp::symbols::folding_ranges(&s);
        let _ = jslint::lsp::decorations::semantic_tokens(&s, encoding);
        let _ = jslint::lsp::decorations::inlay_hints(&s, encoding, everything);
        let _ = jslint::lsp::code_actions::code_actions(&s, &uri, encoding, everything, &None);
    }
}
