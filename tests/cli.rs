//! Command-line tests: each folder under `tests/data/cli/` holds a `cmd` file (the
//! arguments), optionally `stdin`, and the files the command reads. The test runs the real
//! binary in that folder and snapshots exit status, stdout and stderr.

use std::io::Write;
use std::path::Path;
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
