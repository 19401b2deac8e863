//! `jslint import`: the seed round trip (the imported seed reports the same defects as its
//! hand transcription), extracted-text fixtures (tab-separated and `pdftotext -layout`),
//! workbooks built here with `rust_xlsxwriter`, bad input, the command line, and random input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jslint::config::Config;
use jslint::import::{self, Import, ImportError};
use proptest::prelude::*;
use rust_xlsxwriter::{Format, Workbook};

const SEED: &str = "tests/data/import/seed/000_69d948fdbf40ed47.txt";
const HAND: &str = "examples/zhongzhan-2023.jsmd";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    let p = root().join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The multiset of (code, text of the primary range) of a check with the default config.
fn defects(src: &str) -> BTreeMap<(String, String), i64> {
    let mut found = BTreeMap::new();
    for d in jslint::check(src, &Config::default()) {
        let text = src[d.range.as_range()].to_string();
        *found.entry((d.code.to_string(), text)).or_insert(0) += 1;
    }
    found
}

/// Differences between the imported seed and its hand transcription that are transcription
/// choices rather than importer faults: (code, primary text, count in the import minus count
/// in the hand transcription, why). Empty: the import reports exactly the same defects.
const ALLOWED: &[(&str, &str, i64, &str)] = &[];

#[test]
fn seed_round_trip_reports_the_same_defects() {
    let imported = import::from_text(&read(SEED)).expect("the seed imports");
    let got = defects(&imported.output);
    let want = defects(&read(HAND));
    let mut diff: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (k, n) in &got {
        *diff.entry(k.clone()).or_insert(0) += n;
    }
    for (k, n) in &want {
        *diff.entry(k.clone()).or_insert(0) -= n;
    }
    diff.retain(|_, n| *n != 0);
    let allowed: BTreeMap<(String, String), i64> = ALLOWED
        .iter()
        .map(|(code, text, n, _)| ((code.to_string(), text.to_string()), *n))
        .collect();
    let total = |m: &BTreeMap<(String, String), i64>| m.values().sum::<i64>();
    assert_eq!(
        diff,
        allowed,
        "imported seed: {} diagnostics, hand transcription: {}",
        total(&got),
        total(&want)
    );
    assert!(total(&want) > 50, "the seed example has its defects");
}

#[test]
fn seed_import_snapshot() {
    let imported = import::from_text(&read(SEED)).unwrap();
    snapshot("seed", &imported);
}

#[test]
fn seed_guesses_are_reported() {
    let imported = import::from_text(&read(SEED)).unwrap();
    let notes: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    let has = |needle: &str| notes.iter().any(|n| n.contains(needle));
    assert!(has("The entity is `中国共产党焦作市中站区委员会办公室`"));
    assert!(has("Marked `truncated`"));
    assert!(has("continues the entry above"));
    assert!(has("a paragraph split by a page break joined"));
    assert!(has("shifted 1 column(s) right"));
    assert!(has("ruling line"));
    assert!(has("cells continued after a page break"));
    // Every note's comment is on the line it names.
    let lines: Vec<&str> = imported.output.lines().collect();
    for note in &imported.notes {
        let line = lines[note.output_line - 1];
        assert!(
            line.starts_with("<!-- import: "),
            "line {} is {line}",
            note.output_line
        );
    }
}

#[test]
fn seed_tables_and_front_matter() {
    let out = import::from_text(&read(SEED)).unwrap().output;
    assert!(out.starts_with(
        "---\nentity: 中国共产党焦作市中站区委员会办公室\nyear: 2023\nunit: 万元\nprofile: final-accounts\n"
    ));
    for heading in [
        "### 收入支出决算总表 {#t01 no=公开01表 unit=万元 blocks=1,4}",
        "### 财政拨款收入支出决算总表 {#t04 no=公开04表 unit=万元 blocks=1,4}",
        "### 一般公共预算财政拨款基本支出决算明细表 {#t06 no=公开06表 unit=万元 blocks=1,4,7 truncated}",
        "### 部门整体支出绩效自评情况表 {#a1 kind=performance head=2}",
        "### 项目单位自评汇总表 {#a2 kind=performance unit=万元}",
        "### 项目单位自评表 {#a2-1 kind=performance head=3}",
        "### 项目单位自评表 {#a2-3 kind=performance head=3}",
    ] {
        assert!(out.contains(heading), "missing {heading}");
    }
    // Misspelled department names stay as they are.
    assert!(out.contains("部门：中国共产党焦作市中山区委员会办公室"));
    assert!(out.contains("支出决算为 35.36.00 万元"));
}

/// Extracted-text fixtures: every `tests/data/import/text/*.txt` imports without syntax errors
/// and matches its snapshot.
#[test]
fn text_fixtures() {
    let dir = root().join("tests/data/import/text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2);
    for path in paths {
        let src = std::fs::read_to_string(&path).unwrap();
        let imported = import::from_text(&src).unwrap();
        assert_no_syntax_errors(&imported.output);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        snapshot(&format!("text-{name}"), &imported);
    }
}

#[test]
fn layout_text_finds_tables_and_defects() {
    let imported = import::from_text(&read("tests/data/import/text/layout.txt")).unwrap();
    let out = &imported.output;
    assert!(out.contains("### 收入支出决算总表 {#t01 no=公开01表 unit=万元 blocks=1,4}"));
    assert!(out.contains("| | 3 | | 三、住房保障支出 | 8 | 0.00 |"));
    assert!(out.contains("| 2010602 | 一般行政管理事务 | 9.00 | 0.00 | 9.00 |"));
    // A paragraph wrapped over two lines is one paragraph.
    assert!(out.contains("拟订全区财政发展中长期规划和改革方案并组织实施。"));
    let codes: Vec<String> = jslint::check(out, &Config::default())
        .into_iter()
        .map(|d| d.code.to_string())
        .collect();
    assert!(codes.contains(&"JL101".to_string()), "{codes:?}");
}

#[test]
fn bad_text_input() {
    assert_eq!(import::from_text("").unwrap_err(), ImportError::Empty);
    assert_eq!(
        import::from_text(" \n\t\u{3000}\n").unwrap_err(),
        ImportError::Blank
    );
    assert_eq!(import::sniff(b"%PDF-1.7\n"), import::InputKind::Pdf);
    // Text that is no report still imports as paragraphs.
    let imported = import::from_text("hello\n").unwrap();
    assert!(imported.output.contains("# hello"));
}

/// A workbook like the ones finance systems export: a caption merged across the table, the
/// public number and the 部门 / 年度 / 单位 line in cells, merged header cells, numbers stored
/// as numbers and as text, an empty row inside a table, a note, a sheet of text only, and a
/// sheet with two table blocks.
fn sample_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let plain = Format::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("公开01表").unwrap();
        ws.merge_range(0, 0, 0, 5, "收入支出决算总表", &plain)
            .unwrap();
        ws.write_string(1, 5, "公开01表").unwrap();
        ws.write_string(2, 0, "部门：示例市示范区财政局").unwrap();
        ws.write_string(2, 2, "2024年度").unwrap();
        ws.write_string(2, 5, "单位：万元").unwrap();
        ws.merge_range(3, 0, 3, 2, "收入", &plain).unwrap();
        ws.merge_range(3, 3, 3, 5, "支出", &plain).unwrap();
        for (c, h) in ["项目", "行次", "金额", "项目", "行次", "金额"]
            .iter()
            .enumerate()
        {
            ws.write_string(4, c as u16, *h).unwrap();
        }
        ws.write_string(5, 0, "栏次").unwrap();
        ws.write_number(5, 2, 1).unwrap();
        ws.write_string(5, 3, "栏次").unwrap();
        ws.write_number(5, 5, 2).unwrap();
        ws.write_string(6, 0, "一、一般公共预算财政拨款收入")
            .unwrap();
        ws.write_number(6, 1, 1).unwrap();
        ws.write_number(6, 2, 120.5).unwrap();
        ws.write_string(6, 3, "一、一般公共服务支出").unwrap();
        ws.write_number(6, 4, 5).unwrap();
        ws.write_number(6, 5, 100.25).unwrap();
        // Row 7 is empty, inside the table.
        ws.write_string(8, 0, "二、事业收入").unwrap();
        ws.write_number(8, 1, 2).unwrap();
        ws.write_string(8, 2, "0.00").unwrap();
        ws.write_string(8, 3, "二、教育支出").unwrap();
        ws.write_number(8, 4, 6).unwrap();
        ws.write_number(8, 5, 20.3).unwrap();
        ws.write_string(9, 0, "本年收入合计").unwrap();
        ws.write_number(9, 1, 3).unwrap();
        ws.write_number(9, 2, 120.5).unwrap();
        ws.write_string(9, 3, "本年支出合计").unwrap();
        ws.write_number(9, 4, 7).unwrap();
        // A defect: 100.25 + 20.30 = 120.55.
        ws.write_number(9, 5, 125.5).unwrap();
        ws.write_string(10, 0, "注：本表反映部门本年度的总收支情况。")
            .unwrap();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("说明").unwrap();
        ws.write_string(0, 0, "填报说明").unwrap();
        ws.write_string(1, 0, "本工作簿由财务系统导出。").unwrap();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("支出与绩效").unwrap();
        ws.write_string(0, 0, "支出决算表").unwrap();
        ws.write_string(1, 0, "公开03表").unwrap();
        ws.merge_range(2, 0, 2, 1, "项目", &plain).unwrap();
        ws.write_string(2, 2, "本年支出合计").unwrap();
        ws.write_string(3, 0, "科目编码").unwrap();
        ws.write_string(3, 1, "科目名称").unwrap();
        ws.write_string(4, 0, "合计").unwrap();
        ws.write_number(4, 2, 120.5).unwrap();
        ws.write_string(5, 0, "201").unwrap();
        ws.write_string(5, 1, "一般公共服务支出").unwrap();
        ws.write_number(5, 2, 100.2).unwrap();
        ws.write_string(6, 0, "205").unwrap();
        ws.write_string(6, 1, "教育支出").unwrap();
        ws.write_number(6, 2, 20.3).unwrap();
        ws.write_string(9, 0, "项目支出绩效自评表").unwrap();
        for (c, h) in ["项目名称", "全年预算数", "全年执行数", "执行率"]
            .iter()
            .enumerate()
        {
            ws.write_string(10, c as u16, *h).unwrap();
        }
        ws.write_string(11, 0, "培训经费").unwrap();
        ws.write_number(11, 1, 10).unwrap();
        ws.write_number(11, 2, 8).unwrap();
        ws.write_string(11, 3, "80%").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn workbook_import() {
    let imported = import::from_workbook(&sample_workbook()).expect("the workbook imports");
    let out = &imported.output;
    assert_no_syntax_errors(out);
    assert!(out.contains("entity: 示例市示范区财政局"));
    assert!(out.contains("year: 2024"));
    assert!(out.contains("### 收入支出决算总表 {#t01 no=公开01表 unit=万元 blocks=1,4}"));
    assert!(out.contains("| 收入 | | | 支出 | | |"));
    assert!(out.contains("| 栏次 | | 1 | 栏次 | | 2 |"));
    assert!(out.contains(
        "| 一、一般公共预算财政拨款收入 | 1 | 120.50 | 一、一般公共服务支出 | 5 | 100.25 |"
    ));
    // A number stored as text stays as written.
    assert!(out.contains("| 二、事业收入 | 2 | 0.00 | 二、教育支出 | 6 | 20.30 |"));
    assert!(out.contains("### 支出决算表 {#t03 no=公开03表 head=2}"));
    assert!(out.contains("### 项目支出绩效自评表 {#a1 kind=performance}"));
    assert!(out.contains("注：本表反映部门本年度的总收支情况。"));
    // The narrative skeleton.
    assert!(out.contains("## 一、收入支出决算总体情况说明"));
    assert!(out.contains("# 第五部分 附件"));
    let notes: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("empty row(s) 8 inside a table")),
        "{notes:?}"
    );
    assert!(notes
        .iter()
        .any(|n| n.contains("sheet `说明` holds text, not a table")));
    assert!(notes.iter().any(|n| n.contains("display format")));
    let codes: Vec<String> = jslint::check(out, &Config::default())
        .into_iter()
        .map(|d| d.code.to_string())
        .collect();
    assert!(codes.contains(&"JL102".to_string()), "{codes:?}");
    snapshot("workbook", &imported);
}

#[test]
fn bad_workbooks() {
    assert_eq!(import::from_workbook(&[]).unwrap_err(), ImportError::Empty);
    let corrupt = import::from_workbook(b"PK\x03\x04 not really a zip archive").unwrap_err();
    assert!(matches!(corrupt, ImportError::Corrupt(_)), "{corrupt:?}");
    let good = sample_workbook();
    let cut = import::from_workbook(&good[..good.len() / 2]).unwrap_err();
    assert!(matches!(cut, ImportError::Corrupt(_)), "{cut:?}");
    let ole =
        import::from_workbook(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap_err();
    assert!(matches!(ole, ImportError::Corrupt(_)), "{ole:?}");
    assert_eq!(
        import::from_workbook(&encrypted_package()).unwrap_err(),
        ImportError::Encrypted
    );
    let mut empty = Workbook::new();
    empty.add_worksheet();
    assert_eq!(
        import::from_workbook(&empty.save_to_buffer().unwrap()).unwrap_err(),
        ImportError::NoContent
    );
}

/// The smallest OLE compound file with an `EncryptedPackage` stream: what Office writes for a
/// password-protected .xlsx.
fn encrypted_package() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut file = vec![0u8; 512 * 3];
    let put16 =
        |f: &mut Vec<u8>, at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut file, 24, 0x003E);
    put16(&mut file, 26, 3);
    put16(&mut file, 28, 0xFFFE);
    put16(&mut file, 30, 9);
    put16(&mut file, 32, 6);
    put32(&mut file, 44, 1);
    put32(&mut file, 48, 1);
    put32(&mut file, 56, 4096);
    put32(&mut file, 60, END);
    put32(&mut file, 68, END);
    put32(&mut file, 76, 0);
    for i in 1..109 {
        put32(&mut file, 76 + 4 * i, FREE);
    }
    // Sector 0: the FAT. Sector 1: the directory.
    put32(&mut file, 512, 0xFFFF_FFFD);
    put32(&mut file, 516, END);
    for i in 2..128 {
        put32(&mut file, 512 + 4 * i, FREE);
    }
    let entry = |f: &mut Vec<u8>, n: usize, name: &str, kind: u8| {
        let at = 1024 + 128 * n;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            f[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        f[at + 64..at + 66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        f[at + 66] = kind;
        f[at + 116..at + 120].copy_from_slice(&END.to_le_bytes());
    };
    entry(&mut file, 0, "Root Entry", 5);
    entry(&mut file, 1, "EncryptedPackage", 2);
    file
}

fn jslint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jslint"))
}

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jslint-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_writes_atomically_and_refuses_to_overwrite() {
    let dir = scratch("cli");
    let input = root().join("tests/data/import/text/tabbed.txt");
    let out = dir.join("report.jsmd");
    let run = |extra: &[&str]| {
        jslint()
            .arg("import")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let written = std::fs::read_to_string(&out).unwrap();
    let expected = import::from_text(&std::fs::read_to_string(&input).unwrap()).unwrap();
    assert_eq!(written, expected.output);
    let stderr = String::from_utf8(first.stderr).unwrap();
    assert!(stderr.contains(": info: "), "{stderr}");
    assert!(stderr.contains("tabbed.txt:"), "{stderr}");

    std::fs::write(&out, "keep me").unwrap();
    let second = run(&[]);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    let forced = run(&["--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected.output);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_writes_through_a_symbolic_link_and_refuses_a_named_pipe() {
    let dir = scratch("links");
    let input = root().join("tests/data/import/text/tabbed.txt");
    let expected = import::from_text(&std::fs::read_to_string(&input).unwrap()).unwrap();
    std::fs::create_dir(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/r.jsmd"), "old").unwrap();
    let link = dir.join("link.jsmd");
    std::os::unix::fs::symlink("real/r.jsmd", &link).unwrap();
    let run = |out: &Path| {
        jslint()
            .arg("import")
            .arg(&input)
            .arg("-o")
            .arg(out)
            .arg("--force")
            .output()
            .unwrap()
    };
    let output = run(&link);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real/r.jsmd"));
    assert_eq!(
        std::fs::read_to_string(dir.join("real/r.jsmd")).unwrap(),
        expected.output
    );

    let pipe = dir.join("p.jsmd");
    assert!(Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    let output = run(&pipe);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("named pipe"), "{stderr}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&pipe)
        .unwrap()
        .file_type()
        .is_fifo());
    let mut left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("real")).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["link.jsmd", "p.jsmd", "r.jsmd", "real"],
        "no temporary file is left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_prints_to_stdout_and_reads_workbooks() {
    let dir = scratch("stdout");
    let book = dir.join("report.xlsx");
    std::fs::write(&book, sample_workbook()).unwrap();
    let run = jslint().arg("import").arg(&book).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(
        stdout,
        import::from_workbook(&sample_workbook()).unwrap().output
    );
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("report.xlsx:公开01表: info:") || stderr.contains("report.xlsx:说明"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_explains_bad_input() {
    let dir = scratch("bad");
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03abc", "binary"),
        ("report.pdf", b"%PDF-1.7\n%...", "pdftotext"),
        ("fake.xlsx", b"just some text", "neither an .xlsx"),
        ("broken.xlsx", b"PK\x03\x04 not a zip", "damaged"),
        ("locked.xlsx", &encrypted_package(), "encrypted"),
        (
            "gbk.txt",
            &[0xCA, 0xD5, 0xC8, 0xEB, 0xD6, 0xA7, 0xB3, 0xF6, b'\n'],
            "GB18030",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let run = jslint().arg("import").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let missing = jslint()
        .arg("import")
        .arg(dir.join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

fn assert_no_syntax_errors(src: &str) {
    let bad: Vec<String> = jslint::check(src, &Config::default())
        .into_iter()
        .filter(|d| matches!(d.code, "JL001" | "JL003" | "JL004" | "JL005" | "JL006"))
        .map(|d| format!("{} {} at {:?}", d.code, d.message, &src[d.range.as_range()]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The output and the notes as one snapshot in `tests/data/import/snapshots`.
fn snapshot(name: &str, imported: &Import) {
    let mut text = imported.output.clone();
    text.push_str("\n==== notes ====\n");
    for n in &imported.notes {
        text.push_str(&format!("{} [{}] {}\n", n.origin, n.output_line, n.message));
    }
    insta::with_settings!({
        snapshot_path => Path::new("data/import/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Pieces of extracted reports, for random documents.
const PIECES: &[&str] = &[
    "\t",
    "\t\t",
    "\n",
    "\n\n",
    "\r\n",
    "\u{c}",
    " ",
    "  ",
    "\u{3000}",
    "合计",
    "总分",
    "第一部分 ",
    "第五部分 附件",
    "一、",
    "（一）",
    "(二) ",
    "1. ",
    "附件 1: ",
    "目 录",
    "- ",
    "表",
    "收入支出决算总表",
    "项目单位自评表",
    "公开 01 表",
    "部门：甲单位",
    "2023 年度",
    "单位：万元",
    "注：",
    "说明：",
    "栏次",
    "1",
    "2",
    "611.70",
    "-",
    "35.36.00",
    "72.08 %",
    "101",
    "2011301",
    "分值",
    "得分",
    "执行率",
    "|",
    "<!--",
    "-->",
    "---",
    "#",
    "{#t01}",
    "中国共 产党",
    "。",
    "，",
    "........ 3",
    "------",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..120)) {
        let src: String = pieces.concat();
        if let Ok(imported) = import::from_text(&src) {
            assert_no_syntax_errors(&imported.output);
            for note in &imported.notes {
                prop_assert!(note.output_line >= 1);
            }
        }
    }

    #[test]
    fn random_workbook_bytes_never_panic(
        prefix in prop::sample::select(vec![&b"PK\x03\x04"[..], &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..]]),
        rest in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = prefix.to_vec();
        bytes.extend(rest);
        let _ = import::from_workbook(&bytes);
    }

    #[test]
    fn damaged_workbooks_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = sample_workbook();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = import::from_workbook(&bytes);
    }
}
