//! Command-line tests: each folder under `tests/data/cli/` holds a `cmd` file (the
//! arguments), optionally `stdin`, and the files the command reads. The test runs the real
//! binary in that folder and snapshots exit status, stdout and stderr.
//!
//! Besides: on a generated tree of about forty reports, `--threads 4` prints byte for byte
//! what `--threads 1` prints, and `--fix` writes the same files.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn run_case(dir: &Path) -> String {
    let args = std::fs::read_to_string(dir.join("cmd")).expect("cmd file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jslint"))
        .args(args.split_whitespace())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let input = std::fs::read(dir.join("stdin")).unwrap_or_default();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("the binary finishes");
    let text = format!(
        "$ jslint {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.trim(),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Absolute paths differ between checkouts.
    let root = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    text.replace(&root.display().to_string(), "[ROOT]")
        .replace(env!("CARGO_MANIFEST_DIR"), "[ROOT]")
}

#[test]
fn cli_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cli");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("cmd").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10);
    for dir in cases {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        insta::with_settings!({ snapshot_suffix => name.clone() }, {
            insta::assert_snapshot!(run_case(&dir));
        });
    }
}

/// A folder tree of about forty reports, made for one test and removed after it: the
/// examples and the small fixtures in several sub-folders, one with a `jslint.toml` that
/// turns rules off, one with a broken `jslint.toml`, and two files that are not UTF-8.
struct Reports(PathBuf);

impl Reports {
    fn new(name: &str) -> Reports {
        let root = std::env::temp_dir().join(format!("jslint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let data = Path::new(env!("CARGO_MANIFEST_DIR"));
        let copy = |from: &str, to: &str, files: std::ops::Range<usize>| {
            let mut sources: Vec<PathBuf> = std::fs::read_dir(data.join(from))
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "jsmd"))
                .collect();
            sources.sort();
            std::fs::create_dir_all(root.join(to)).unwrap();
            for source in sources.into_iter().take(files.end).skip(files.start) {
                std::fs::copy(&source, root.join(to).join(source.file_name().unwrap())).unwrap();
            }
        };
        copy("examples", "seed", 0..usize::MAX);
        copy("tests/data/rules", "rules/a", 0..14);
        copy("tests/data/rules", "rules/b/deeper", 14..usize::MAX);
        copy("tests/data/parser", "parser", 0..8);
        std::fs::write(
            root.join("rules/b/jslint.toml"),
            "[rules]\nignore = [\"JL101\", \"JL102\"]\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("refused")).unwrap();
        for name in ["invalid-utf8.jsmd", "gb18030.jsmd"] {
            let source = data.join("tests/data/fuzz-failures").join(name);
            std::fs::copy(source, root.join("refused").join(name)).unwrap();
        }
        copy("tests/data/cli/bad-config", "broken-config", 0..usize::MAX);
        copy("tests/data/parser", "broken-config", 8..9);
        std::fs::copy(
            data.join("tests/data/cli/bad-config/jslint.toml"),
            root.join("broken-config/jslint.toml"),
        )
        .unwrap();
        Reports(root)
    }

    /// Every report in the tree, by path, with its contents.
    fn reports(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for path in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
                if path.is_dir() {
                    walk(root, &path, out);
                } else if path.extension().is_some_and(|e| e == "jsmd") {
                    let name = path.strip_prefix(root).unwrap().to_path_buf();
                    out.insert(name, std::fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.0, &self.0, &mut out);
        out
    }

    /// Runs `jslint` in the tree: exit status, stdout, stderr (where the tree's own path,
    /// which differs between trees, reads `[TREE]`).
    fn jslint(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_jslint"))
            .args(args)
            .current_dir(&self.0)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        let text = |bytes: Vec<u8>| {
            String::from_utf8(bytes)
                .expect("UTF-8 output")
                .replace(&self.0.display().to_string(), "[TREE]")
        };
        (out.status.code(), text(out.stdout), text(out.stderr))
    }
}

impl Drop for Reports {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where two outputs part: the first line that differs, as each has it.
fn first_difference(one: &str, other: &str) -> String {
    let same = one
        .lines()
        .zip(other.lines())
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "line {}: {:?} with one thread, {:?} with four",
        same + 1,
        one.lines().nth(same),
        other.lines().nth(same)
    )
}

#[test]
fn the_output_does_not_depend_on_the_number_of_threads() {
    let tree = Reports::new("threads");
    assert!(
        tree.reports().len() >= 40,
        "{} reports",
        tree.reports().len()
    );
    let cases: &[&[&str]] = &[
        // Everything: read errors and configuration errors between the reports.
        &["check", ".", "--format", "human"],
        &["check", ".", "--format", "json"],
        &["check", ".", "--diff"],
        // Only reports that can be checked: the exit status says whether there are errors.
        &[
            "check", "rules", "seed", "parser", "--format", "human", "--stats",
        ],
        &["check", "rules", "seed", "parser", "--format", "json"],
    ];
    for args in cases {
        let serial = tree.jslint(&[args, &["--threads", "1"][..]].concat());
        let parallel = tree.jslint(&[args, &["--threads", "4"][..]].concat());
        assert!(!serial.1.is_empty(), "{args:?}: something is printed");
        assert_eq!(serial.0, parallel.0, "{args:?}: exit status");
        assert!(
            serial.1 == parallel.1,
            "{args:?}: stdout, {}",
            first_difference(&serial.1, &parallel.1)
        );
        assert!(
            serial.2 == parallel.2,
            "{args:?}: stderr, {}",
            first_difference(&serial.2, &parallel.2)
        );
    }

    // What the runs have in common is the real output, not an empty one.
    let (status, stdout, stderr) = tree.jslint(&["check", ".", "--threads", "4"]);
    assert_eq!(status, Some(2), "read and configuration errors: {stderr}");
    let errors: Vec<&str> = stderr.lines().collect();
    assert_eq!(errors.len(), 4, "{stderr}");
    // One configuration error for each of the two files under the broken jslint.toml, then
    // the two files that are not UTF-8, in the order of their paths.
    for error in &errors[..2] {
        assert!(
            error.contains("broken-config/jslint.toml") && error.contains("JL999"),
            "{stderr}"
        );
    }
    assert!(errors[2].contains("refused/gb18030.jsmd") && errors[2].contains("GB18030"));
    assert!(errors[3].contains("refused/invalid-utf8.jsmd"), "{stderr}");
    let checked = tree.reports().len() - 4;
    assert!(
        stdout.contains(&format!("\n{checked} file(s) checked: ")),
        "{stdout}"
    );
    let (status, stdout, _) = tree.jslint(&["check", "rules", "seed", "--format", "json"]);
    assert_eq!(status, Some(1), "the seed example has errors");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let paths = |code: &str| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    // The jslint.toml of rules/b turns JL101 and JL102 off there, and only there.
    for code in ["JL101", "JL102"] {
        let found = paths(code);
        assert!(
            found.iter().any(|p| p.starts_with("rules/a/")),
            "{code} in rules/a: {found:?}"
        );
        assert!(
            found.iter().all(|p| !p.starts_with("rules/b/")),
            "{code} in rules/b: {found:?}"
        );
    }
}

#[test]
fn fix_writes_the_same_files_whatever_the_number_of_threads() {
    let (one, four) = (Reports::new("fix-1"), Reports::new("fix-4"));
    let before = one.reports();
    let serial = one.jslint(&["check", ".", "--fix", "--unsafe-fixes", "--threads", "1"]);
    let parallel = four.jslint(&["check", ".", "--fix", "--unsafe-fixes", "--threads", "4"]);
    assert_eq!(serial.0, parallel.0, "exit status");
    assert!(
        serial.1 == parallel.1,
        "stdout, {}",
        first_difference(&serial.1, &parallel.1)
    );
    assert!(
        serial.2 == parallel.2,
        "stderr, {}",
        first_difference(&serial.2, &parallel.2)
    );
    let notes = serial.2.lines().filter(|l| l.contains("fix(es)")).count();
    assert!(notes >= 10, "a note for each fixed file:\n{}", serial.2);
    let after = one.reports();
    assert_ne!(before, after, "the fixes were written");
    assert!(after == four.reports(), "the same files with four threads");
}
