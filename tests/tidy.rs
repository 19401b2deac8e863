//! Tidy tests: the layer rules and conventions of `ARCHITECTURE.md`, kept true by reading the
//! sources as text.
//!
//! Each check is a function from source files to a list of violations, one line each, naming
//! the file and line (`src/syntax/block.rs:7: …`). The `#[test]`s at the top run the checks on
//! the real tree; the tests in `mod self_check` at the bottom feed each check a small broken
//! input, so that every rule is known to be able to fail.
//!
//! The checks look at code only: comments and the contents of string and character literals
//! are blanked first (keeping every byte offset), so a doc comment may say "only `lsp/` knows
//! ropey" and an error message may say "f64" without tripping anything.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jslint::cli::explain::fix_text;
use jslint::rules::RULES;

// The layer rules. A layer is a top-level module of the crate (`src/<name>.rs` or
// `src/<name>/`); a reference to an item of `lib.rs` itself counts as the façade, `lib`.

/// What `src/syntax/` must not reach: the parser knows only text and its own tree.
const SYNTAX_MUST_NOT_USE: &[&str] = &[
    "semantic",
    "rules",
    "diagnostics",
    "cli",
    "lsp",
    "config",
    "lib",
];

/// What `src/semantic/` must not reach: analysis produces data, never diagnostics.
const SEMANTIC_MUST_NOT_USE: &[&str] = &["rules", "diagnostics", "cli", "lsp", "lib"];

/// Crates only some folders may name, and those folders.
///
/// `serde_json` has two homes: the renderers own the JSON output of `jslint check`, and the
/// language server speaks JSON-RPC, whose free-form payloads (`initializationOptions`, the
/// `data` of a code action) are `serde_json::Value` in the protocol types themselves.
const CONFINED_CRATES: &[(&str, &[&str])] = &[
    ("tower_lsp_server", &["src/lsp/"]),
    ("tower_service", &["src/lsp/"]),
    ("futures", &["src/lsp/"]),
    ("ropey", &["src/lsp/"]),
    ("codespan_reporting", &["src/diagnostics/render/"]),
    ("serde_json", &["src/diagnostics/render/", "src/lsp/"]),
];

/// Known, narrow exceptions to `CONFINED_CRATES`: (file, crate, the path it may use, why).
/// Any other use of the crate in that file is still a violation.
const CONFINED_EXCEPTIONS: &[(&str, &str, &str, &str)] = &[];

/// Files that may use floating point: (file, why). Every other file under `src/` may not.
const FLOAT_EXCEPTIONS: &[(&str, &str)] = &[(
    "src/import/workbook.rs",
    "a workbook stores numbers as IEEE doubles and calamine hands them out as f64; the \
     workbook reader is the edge where they become decimal text, once",
)];

const RULES_START: &str = "<!-- rules:start -->";
const RULES_END: &str = "<!-- rules:end -->";
const SYNTAX_ERRORS_START: &str = "<!-- syntax-errors:start -->";
const SYNTAX_ERRORS_END: &str = "<!-- syntax-errors:end -->";

#[test]
fn syntax_does_not_depend_on_later_layers() {
    let files = sources();
    assert_clean(
        "src/syntax/ depends only on text (and decimal); see ARCHITECTURE.md, Layers",
        layer_violations(&files, "syntax", SYNTAX_MUST_NOT_USE),
    );
}

#[test]
fn semantic_does_not_depend_on_rules_rendering_or_io() {
    let files = sources();
    assert_clean(
        "src/semantic/ produces data and reports nothing; see ARCHITECTURE.md, Layers",
        layer_violations(&files, "semantic", SEMANTIC_MUST_NOT_USE),
    );
}

#[test]
fn protocol_and_rendering_crates_stay_in_their_folders() {
    assert_clean(
        "only src/lsp/ knows tower_lsp_server, tower_service, futures and ropey; only \
         src/diagnostics/render/ knows \
         codespan_reporting; serde_json is for the renderers and the LSP's JSON-RPC payloads",
        confined_crate_violations(&sources()),
    );
}

#[test]
fn no_floating_point_anywhere() {
    assert_clean(
        "numbers are exact decimals (rust_decimal), never f32/f64",
        float_violations(&sources()),
    );
}

#[test]
fn every_source_file_starts_with_a_doc_comment() {
    assert_clean(
        "every .rs file under src/ starts with a `//!` comment saying what it owns",
        doc_comment_violations(&sources()),
    );
}

#[test]
fn every_registered_rule_has_a_file_with_its_documentation() {
    let registry = read(&root().join("src/rules/registry.rs"));
    let modules = registered_modules(&registry);
    assert_eq!(
        modules.len(),
        RULES.len(),
        "src/rules/registry.rs: the `rules![…]` list ({modules:?}) and `RULES` disagree"
    );
    let mut problems = rule_file_violations(&modules, |module| {
        let path = root().join(format!("src/rules/{module}.rs"));
        path.is_file().then(|| read(&path))
    });
    for meta in RULES {
        let expected = format!("## {} ({})", meta.name, meta.code);
        let first = meta.doc().lines().next().unwrap_or("");
        if first != expected {
            problems.push(format!(
                "src/rules/{}.rs:1: the doc starts with `{first}`; the registry says `{expected}`",
                meta.module
            ));
        }
        if !modules.iter().any(|m| m == meta.module) {
            problems.push(format!(
                "src/rules/registry.rs: {} names module `{}`, which is not in `rules![…]`",
                meta.code, meta.module
            ));
        }
    }
    assert_clean(
        "every rule in `rules![…]` has src/rules/<module>.rs with a `//!` doc that has \
         `**What it flags.**` and `**Fix.**` and starts with `## name (CODE)`",
        problems,
    );
}

#[test]
fn readme_rules_table_matches_the_registry() {
    let readme = read(&root().join("README.md"));
    let expected = rules_table();
    match between_markers(&readme, RULES_START, RULES_END) {
        Err(problem) => panic!("README.md: {problem}\n\nExpected table:\n{expected}"),
        Ok((line, actual)) => assert!(
            actual.trim() == expected.trim(),
            "README.md:{line}: the rules table differs from the registry \
             (src/rules/registry.rs). Replace the text between `{RULES_START}` and \
             `{RULES_END}` with:\n\n{expected}\n{}",
            first_difference(actual.trim(), expected.trim())
        ),
    }
}

#[test]
fn grammar_syntax_error_table_matches_the_registry() {
    let grammar = read(&root().join("grammar/README.md"));
    let expected = syntax_errors_table();
    match between_markers(&grammar, SYNTAX_ERRORS_START, SYNTAX_ERRORS_END) {
        Err(problem) => panic!("grammar/README.md: {problem}\n\nExpected table:\n{expected}"),
        Ok((line, actual)) => assert!(
            actual.trim() == expected.trim(),
            "grammar/README.md:{line}: the table of syntax errors differs from the registry \
             (src/rules/registry.rs). Replace the text between `{SYNTAX_ERRORS_START}` and \
             `{SYNTAX_ERRORS_END}` with:\n\n{expected}\n{}",
            first_difference(actual.trim(), expected.trim())
        ),
    }
}

// The real tree.

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One source file: its path relative to the crate root (with `/`), its text, and its code
/// (the text with comments and literal contents blanked).
struct Source {
    path: String,
    text: String,
    code: String,
}

impl Source {
    fn new(path: &str, text: &str) -> Source {
        Source {
            path: path.to_string(),
            text: text.to_string(),
            code: code_only(text),
        }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        line_of(&self.text, offset)
    }

    /// The top-level module the file belongs to (`syntax` for `src/syntax/block.rs`), or
    /// `lib` for `src/lib.rs` and `src/main.rs`.
    fn layer(&self) -> &str {
        let rest = self.path.strip_prefix("src/").unwrap_or(&self.path);
        let first = rest.split('/').next().unwrap_or(rest);
        match first.strip_suffix(".rs") {
            Some("lib" | "main") => "lib",
            Some(module) => module,
            None => first,
        }
    }

    /// The module path of the file: `["syntax", "block"]` for `src/syntax/block.rs`.
    fn module_path(&self) -> Vec<String> {
        let rest = self.path.strip_prefix("src/").unwrap_or(&self.path);
        let rest = rest.strip_suffix(".rs").unwrap_or(rest);
        let mut parts: Vec<String> = rest.split('/').map(str::to_string).collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        parts
    }
}

/// Every `.rs` file under `src/`, sorted by path.
fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = root();
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no .rs files under src/");
    paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).expect("under the root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            Source::new(&rel, &read(p))
        })
        .collect()
}

fn assert_clean(rule: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{rule}:\n  {}\n",
        problems.join("\n  ")
    );
}

// Check: layers.

/// References from files of layer `layer` to the forbidden layers.
fn layer_violations(files: &[Source], layer: &str, forbidden: &[&str]) -> Vec<String> {
    let Some(lib) = files.iter().find(|f| f.path == "src/lib.rs") else {
        return vec!["src/lib.rs: missing".into()];
    };
    let crate_map = CrateMap::new(files, lib);
    let mut out = Vec::new();
    for file in files.iter().filter(|f| f.layer() == layer) {
        for (offset, target) in crate_references(file, &crate_map) {
            if target == "*" || forbidden.contains(&target.as_str()) {
                let what = if target == "*" {
                    "every module (a glob import of the crate root)".to_string()
                } else if target == "lib" {
                    "the crate façade (lib.rs), which sits above every layer".to_string()
                } else {
                    format!("`crate::{target}`")
                };
                out.push(format!(
                    "{}:{}: `{}` reaches {what}; {layer}/ must not depend on {}",
                    file.path,
                    file.line(offset),
                    snippet(&file.code, offset),
                    forbidden
                        .iter()
                        .map(|l| if *l == "lib" { "the façade" } else { l })
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    out
}

/// What the crate root holds: top-level modules, and the items `lib.rs` defines or re-exports
/// (mapped to the layer they come from).
struct CrateMap {
    modules: Vec<String>,
    /// (item, layer): `Severity` → `diagnostics`, `analyze` → `lib`.
    items: Vec<(String, String)>,
}

impl CrateMap {
    fn new(files: &[Source], lib: &Source) -> CrateMap {
        let mut modules: Vec<String> = files
            .iter()
            .map(|f| f.layer().to_string())
            .filter(|l| l != "lib")
            .collect();
        modules.sort();
        modules.dedup();
        let mut items = Vec::new();
        for line in lib.code.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("pub use ") {
                // `pub use diagnostics::{Diagnostic, Severity};`
                let module = identifiers(rest).next().unwrap_or_default().1.to_string();
                let names = rest
                    .find("::")
                    .map_or(rest, |i| &rest[i + 2..])
                    .trim_end_matches(';');
                for (_, name) in identifiers(names).filter(|(_, n)| *n != "self" && *n != "as") {
                    items.push((name.to_string(), module.clone()));
                }
            } else if let Some(rest) = line.strip_prefix("pub ") {
                let mut words = identifiers(rest).map(|(_, w)| w);
                if let (Some("fn" | "struct" | "enum" | "static" | "trait" | "type"), Some(name)) =
                    (words.next(), words.next())
                {
                    items.push((name.to_string(), "lib".to_string()));
                }
            }
        }
        CrateMap { modules, items }
    }

    /// The layer a top-level name belongs to, if any (constants such as `EXTENSION` belong to
    /// none and may be used by all).
    fn layer_of(&self, name: &str) -> Option<String> {
        if self.modules.iter().any(|m| m == name) {
            return Some(name.to_string());
        }
        self.items
            .iter()
            .find(|(item, _)| item == name)
            .map(|(_, layer)| layer.clone())
    }
}

/// Every top-level module or root item a file names through `crate::…` or `super::…`, with
/// the offset of the path. Groups (`crate::{semantic, text::TextRange}`) name each member; a
/// glob at the crate root (`crate::*`) is reported as `*`.
fn crate_references(file: &Source, map: &CrateMap) -> Vec<(usize, String)> {
    let code = file.code.as_str();
    let inline_mods = inline_modules(code);
    let mut out = Vec::new();
    for (start, word) in identifiers(code) {
        if !matches!(word, "crate" | "super") || preceded_by_path_separator(code, start) {
            continue;
        }
        // Resolve `crate` / `super::super…` to a module path.
        let mut module: Vec<String> = if word == "crate" {
            Vec::new()
        } else {
            let mut m = file.module_path();
            m.extend(inline_mods_at(&inline_mods, start));
            m.pop();
            m
        };
        let mut at = start + word.len();
        while let Some(after) = skip_separator(code, at) {
            match identifier_at(code, after) {
                Some("super") => {
                    module.pop();
                    at = after + "super".len();
                }
                _ => {
                    at = after;
                    break;
                }
            }
        }
        if skip_separator(code, start + word.len()).is_none() {
            // `crate` alone (`pub(crate)`, `use crate as c`): not a path into a module.
            continue;
        }
        if let Some(layer) = module.first() {
            // Still inside a top-level module: that module is the layer.
            out.push((start, layer.clone()));
            continue;
        }
        for name in root_names(code, at) {
            if name == "*" {
                out.push((start, name));
            } else if let Some(layer) = map.layer_of(&name) {
                out.push((start, layer));
            }
        }
    }
    out
}

/// The names a path names right after the crate root at `at`: one identifier, the first
/// identifier of each member of a `{…}` group, or `*`.
fn root_names(code: &str, at: usize) -> Vec<String> {
    let rest = code[at..].trim_start();
    if rest.starts_with('*') {
        return vec!["*".into()];
    }
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 0usize;
        let mut members = Vec::new();
        let mut member_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    members.push(&group[member_start..i]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    members.push(&group[member_start..i]);
                    member_start = i + 1;
                }
                _ => {}
            }
        }
        return members
            .iter()
            .filter_map(|m| {
                let m = m.trim();
                if m.starts_with('*') {
                    Some("*".to_string())
                } else {
                    identifiers(m).next().map(|(_, w)| w.to_string())
                }
            })
            .filter(|w| w != "self")
            .collect();
    }
    identifiers(rest)
        .next()
        .filter(|(i, _)| *i == 0)
        .map(|(_, w)| vec![w.to_string()])
        .unwrap_or_default()
}

/// `mod name {` blocks: (name, byte range of the body).
fn inline_modules(code: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = identifiers(code).collect();
    for pair in words.windows(2) {
        let ((_, kw), (name_at, name)) = (pair[0], pair[1]);
        if kw != "mod" {
            continue;
        }
        let after = name_at + name.len();
        let rest = &code[after..];
        if !rest.trim_start().starts_with('{') {
            continue;
        }
        let open = after + (rest.len() - rest.trim_start().len());
        let mut depth = 0usize;
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((name.to_string(), open, open + i));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The inline modules that enclose `offset`, outermost first.
fn inline_mods_at(mods: &[(String, usize, usize)], offset: usize) -> Vec<String> {
    let mut enclosing: Vec<&(String, usize, usize)> = mods
        .iter()
        .filter(|(_, start, end)| *start < offset && offset < *end)
        .collect();
    enclosing.sort_by_key(|(_, start, _)| *start);
    enclosing.into_iter().map(|(n, _, _)| n.clone()).collect()
}

/// The offset just after `::` (and white space) at `at`, if a path separator follows.
fn skip_separator(code: &str, at: usize) -> Option<usize> {
    let rest = &code[at..];
    let trimmed = rest.trim_start();
    let after = trimmed.strip_prefix("::")?;
    let after_ws = after.trim_start();
    Some(code.len() - after_ws.len())
}

fn preceded_by_path_separator(code: &str, at: usize) -> bool {
    code[..at].trim_end().ends_with("::") || code[..at].ends_with('$')
}

fn identifier_at(code: &str, at: usize) -> Option<&str> {
    identifiers(&code[at..])
        .next()
        .filter(|(i, _)| *i == 0)
        .map(|(_, w)| w)
}

// Check: crates confined to one folder.

fn confined_crate_violations(files: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        for (offset, word) in identifiers(&file.code) {
            let Some((name, homes)) = CONFINED_CRATES.iter().find(|(c, _)| *c == word) else {
                continue;
            };
            if homes.iter().any(|home| file.path.starts_with(home)) {
                continue;
            }
            let path = path_at(&file.code, offset);
            let excepted = CONFINED_EXCEPTIONS.iter().any(|(f, c, allowed, _)| {
                *f == file.path
                    && c == name
                    && (path == *allowed || path.starts_with(&format!("{allowed}::")))
            });
            if !excepted {
                out.push(format!(
                    "{}:{}: `{path}`: only files under {} may use `{name}`",
                    file.path,
                    file.line(offset),
                    homes.join(" and ")
                ));
            }
        }
    }
    out
}

/// The path starting at `at` with white space removed: `codespan_reporting::term::termcolor`.
fn path_at(code: &str, at: usize) -> String {
    let mut path = String::new();
    let mut rest = &code[at..];
    while let Some(word) = identifier_at(rest, 0) {
        path.push_str(word);
        rest = &rest[word.len()..];
        match skip_separator(rest, 0) {
            Some(after) if identifier_at(rest, after).is_some() => {
                path.push_str("::");
                rest = &rest[after..];
            }
            _ => break,
        }
    }
    path
}

// Check: no floating point.

fn float_violations(files: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        if FLOAT_EXCEPTIONS.iter().any(|(path, _)| *path == file.path) {
            continue;
        }
        let code = file.code.as_str();
        for (offset, word) in words(code) {
            let numeric = word.starts_with(|c: char| c.is_ascii_digit());
            let before = &code.as_bytes()[..offset];
            if numeric
                && before.ends_with(b".")
                && before.len() >= 2
                && before[before.len() - 2].is_ascii_digit()
            {
                // The fraction of `1.0f32`, judged with its integer part.
                continue;
            }
            let problem = if numeric {
                float_literal(code, offset, word)
            } else if word.split('_').any(|part| part == "f32" || part == "f64") {
                Some("a floating-point type or conversion")
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(format!(
                    "{}:{}: `{}`: {problem}",
                    file.path,
                    file.line(offset),
                    snippet(code, offset)
                ));
            }
        }
    }
    out
}

/// Whether the numeric literal `word` at `offset` is a float: a `f32`/`f64` suffix, an
/// exponent, or a fraction (`0.5`; not a tuple index `x.0.1`, a range `0..5` or a method call
/// `1.max(2)`).
fn float_literal(code: &str, offset: usize, word: &str) -> Option<&'static str> {
    if word.starts_with("0x") || word.starts_with("0b") || word.starts_with("0o") {
        return None;
    }
    if word.ends_with("f32") || word.ends_with("f64") {
        return Some("a floating-point literal");
    }
    let digits = ["usize", "isize"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    if digits.contains(['e', 'E']) {
        return Some("a floating-point literal (exponent)");
    }
    let after_tuple_dot = code[..offset].ends_with('.');
    let rest = &code[offset + word.len()..];
    let fraction = rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    (fraction && !after_tuple_dot).then_some("a floating-point literal")
}

// Check: doc comments.

fn doc_comment_violations(files: &[Source]) -> Vec<String> {
    files
        .iter()
        .filter(|f| !f.text.starts_with("//!"))
        .map(|f| {
            format!(
                "{}:1: starts with `{}`, not a `//!` comment",
                f.path,
                f.text.lines().next().unwrap_or("")
            )
        })
        .collect()
}

// Check: rule files.

/// The module names in the registry's `rules![…]` list.
fn registered_modules(registry: &str) -> Vec<String> {
    let code = code_only(registry);
    let Some(start) = code.find("rules![") else {
        panic!("src/rules/registry.rs: no `rules![…]` list");
    };
    let list = &code[start + "rules![".len()..];
    let end = list
        .find(']')
        .expect("src/rules/registry.rs: `rules![` is not closed");
    list[..end]
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect()
}

/// Problems with the rule files of `modules`; `read` gives a module's file text, if it exists.
fn rule_file_violations(modules: &[String], read: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    for module in modules {
        let path = format!("src/rules/{module}.rs");
        let Some(text) = read(module) else {
            out.push(format!(
                "{path}: listed in src/rules/registry.rs but the file does not exist"
            ));
            continue;
        };
        // The same extraction as build.rs: the leading run of `//!` lines.
        let doc: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        if doc.is_empty() {
            out.push(format!("{path}:1: no `//!` documentation"));
            continue;
        }
        for marker in ["**What it flags.**", "**Fix.**"] {
            if !doc.iter().any(|l| l.contains(marker)) {
                out.push(format!(
                    "{path}:1-{}: the `//!` doc has no `{marker}` paragraph",
                    doc.len()
                ));
            }
        }
    }
    out
}

// Check: the README's rules table.

/// The rules table, as the README must hold it.
fn rules_table() -> String {
    let mut table = String::from("| Code | Name | Severity | Fix | What it flags |\n");
    table.push_str("|---|---|---|---|---|\n");
    for meta in RULES {
        writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            meta.code,
            meta.name,
            meta.severity.as_str(),
            fix_text(meta.fix),
            meta.summary.replace('|', "\\|")
        )
        .expect("writing to a String");
    }
    table
}

/// The errors the parser reports, as `grammar/README.md` (section 6) must list them: the
/// rules whose problem the parser finds live in `src/rules/syntax_*.rs`.
fn syntax_errors_table() -> String {
    let mut table = String::from("| Code | Name | What |\n|---|---|---|\n");
    for meta in RULES.iter().filter(|m| m.module.starts_with("syntax_")) {
        writeln!(
            table,
            "| {} | {} | {} |",
            meta.code,
            meta.name,
            meta.summary.replace('|', "\\|")
        )
        .expect("writing to a String");
    }
    table
}

/// The text between two markers of a document and the line it starts on.
fn between_markers<'a>(
    text: &'a str,
    start_marker: &str,
    end_marker: &str,
) -> Result<(usize, &'a str), String> {
    let start = text
        .find(start_marker)
        .ok_or_else(|| format!("no `{start_marker}` marker"))?
        + start_marker.len();
    let end = text[start..]
        .find(end_marker)
        .ok_or_else(|| format!("no `{end_marker}` marker after `{start_marker}`"))?
        + start;
    Ok((line_of(text, start), &text[start..end]))
}

fn first_difference(actual: &str, expected: &str) -> String {
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    for i in 0..a.len().max(e.len()) {
        let (got, want) = (a.get(i), e.get(i));
        if got != want {
            return format!(
                "First difference, table line {}:\n  document: {}\n  registry: {}",
                i + 1,
                got.unwrap_or(&"(nothing)"),
                want.unwrap_or(&"(nothing)")
            );
        }
    }
    String::new()
}

// Lexing helpers.

/// `text` with comments and the contents of string and character literals replaced by
/// spaces (line breaks kept), so that offsets and line numbers stay the same.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    };
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                let mut j = i;
                while j < b.len() {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if (i == 0 || !is_ident(b[i - 1]) || b[i - 1] == b'b' || b[i - 1] == b'c')
                && raw_string_hashes(&b[i + 1..]).is_some() =>
            {
                let hashes = raw_string_hashes(&b[i + 1..]).expect("checked");
                let open = i + 1 + hashes + 1;
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let end = b[open..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |p| open + p);
                blank(&mut out, open, end);
                i = (end + close.len()).min(b.len());
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                blank(&mut out, i + 1, end);
                i = end + 1;
            }
            b'\'' => {
                // A character literal (`'a'`, `'\n'`, `'"'`) or a lifetime (`'a`).
                let rest = &text[i + 1..];
                // `len` is the length of the literal's content, between the quotes.
                let len = if rest.starts_with('\\') && rest.len() > 2 {
                    rest[2..].find('\'').map(|p| p + 2)
                } else {
                    rest.chars()
                        .next()
                        .map(char::len_utf8)
                        .filter(|&n| rest[n..].starts_with('\''))
                };
                match len {
                    Some(len) => {
                        blank(&mut out, i + 1, i + 1 + len);
                        i += 1 + len + 1;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).expect("only whole characters are blanked")
}

/// For `#*"` at the start of `b` (after an `r`), the number of `#`.
fn raw_string_hashes(b: &[u8]) -> Option<usize> {
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    (b.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// Identifiers (words that do not start with a digit) with their offsets.
fn identifiers(code: &str) -> impl Iterator<Item = (usize, &str)> {
    words(code).filter(|(_, w)| !w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Maximal runs of `[A-Za-z0-9_]` with their offsets.
fn words(code: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = code.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !is_word(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        Some((start, &code[start..i]))
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The rest of the line at `offset`, trimmed, for messages.
fn snippet(code: &str, offset: usize) -> String {
    let line_start = code[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = code[offset..].find('\n').map_or(code.len(), |i| offset + i);
    code[line_start..line_end].trim().to_string()
}

/// The checks above, each given a broken input, must report it: a tidy check that cannot
/// fail guards nothing.
mod self_check {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> Vec<Source> {
        let mut all = vec![Source::new(
            "src/lib.rs",
            "//! Façade.\npub mod semantic;\npub mod syntax;\npub mod text;\n\
             pub use diagnostics::{Diagnostic, Severity};\npub const EXTENSION: &str = \"x\";\n\
             pub fn analyze() {}\n",
        )];
        for name in [
            "semantic",
            "rules",
            "diagnostics",
            "cli",
            "lsp",
            "config",
            "text",
        ] {
            all.push(Source::new(&format!("src/{name}/mod.rs"), "//! x\n"));
        }
        all.extend(files.iter().map(|(p, t)| Source::new(p, t)));
        all
    }

    fn syntax(text: &str) -> Vec<String> {
        let files = tree(&[("src/syntax/block.rs", text)]);
        layer_violations(&files, "syntax", SYNTAX_MUST_NOT_USE)
    }

    #[test]
    fn layer_check_finds_every_form_of_path() {
        let bad = [
            "use crate::semantic::Model;",
            "use crate::{text::TextRange, rules};",
            "use crate::{text::{self, TextRange}, diagnostics::{Severity}};",
            "fn f() -> crate::config::Config { todo!() }",
            "use crate :: cli;",
            "use super::super::lsp::Server;",
            "use crate::Severity;",
            "fn f() { crate::analyze(); }",
            "use crate::*;",
            "mod tests { use super::super::super::rules::find; }",
        ];
        for text in bad {
            let found = syntax(text);
            assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
            assert!(found[0].starts_with("src/syntax/block.rs:1: "), "{found:?}");
        }
        let fine = [
            "use crate::text::TextRange;\nuse crate::syntax::ast::Row;",
            "use super::ast::Row;\nmod tests { use super::*; use super::super::ast; }",
            "// use crate::semantic;\n/* crate::rules */ const S: &str = \"crate::cli\";",
            "pub(crate) fn f() { let _ = crate::EXTENSION; }",
        ];
        for text in fine {
            assert_eq!(syntax(text), Vec::<String>::new(), "{text:?}");
        }
        let files = tree(&[(
            "src/semantic/x.rs",
            "//! x\n\nuse crate::diagnostics::Severity;\n",
        )]);
        let found = layer_violations(&files, "semantic", SEMANTIC_MUST_NOT_USE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("src/semantic/x.rs:3: "), "{found:?}");
    }

    #[test]
    fn confined_crates_are_found_outside_their_folder() {
        let files = tree(&[
            ("src/syntax/a.rs", "//! x\nuse ropey::Rope;\n"),
            (
                "src/rules/b.rs",
                "//! x\nfn f() { serde_json::to_string(&1); }\n",
            ),
            (
                "src/cli/check.rs",
                "//! x\nuse codespan_reporting::files::SimpleFiles;\n",
            ),
            (
                "src/cli/other.rs",
                "//! x\nuse codespan_reporting::term::termcolor::X;\n",
            ),
            (
                "src/lsp/server.rs",
                "//! x\nuse tower_lsp_server::LspService;\nuse ropey::Rope;\nuse serde_json::Value;\n",
            ),
            (
                "src/diagnostics/render/json.rs",
                "//! x\nuse serde_json::Value;\n",
            ),
            (
                "src/text.rs",
                "//! Only lsp/ knows ropey.\nconst A: &str = \"serde_json\";\n",
            ),
        ]);
        let found = confined_crate_violations(&files);
        let mut at: Vec<&str> = found
            .iter()
            .map(|f| f.split(": ").next().unwrap_or(""))
            .collect();
        at.sort();
        assert_eq!(
            at,
            [
                "src/cli/check.rs:2",
                "src/cli/other.rs:2",
                "src/rules/b.rs:2",
                "src/syntax/a.rs:2"
            ],
            "{found:#?}"
        );
    }

    #[test]
    fn floats_are_found_but_not_in_comments_strings_or_tuples() {
        let text = "//! x\nfn a(x: f64) {}\nfn b() { let y = 0.5; }\nfn c() { 1e3; }\n\
                    fn d() { Decimal::from_f32(1.0f32); }\nfn e() { 2_f64; }\n";
        let found = float_violations(&tree(&[("src/semantic/x.rs", text)]));
        let lines: Vec<&str> = found
            .iter()
            .map(|f| f.split(": ").next().unwrap_or(""))
            .collect();
        assert_eq!(
            lines,
            [
                "src/semantic/x.rs:2",
                "src/semantic/x.rs:3",
                "src/semantic/x.rs:4",
                "src/semantic/x.rs:5",
                "src/semantic/x.rs:5",
                "src/semantic/x.rs:6"
            ],
            "{found:#?}"
        );
        let fine = "//! Never f64.\n/* f32 */ const M: &str = \"1.5 f64\";\n\
                    fn f(t: (u8, (u8, u8))) -> u8 { t.1.0 + 0x1f64 as u8 }\n\
                    fn g() { for _ in 0..5 {} let _ = 1usize; let _ = '\"'; }\n\
                    fn h<'a>(s: &'a str) -> &'a str { let _ = r#\"f64 \"quoted\"\"#; s }\n";
        assert_eq!(
            float_violations(&tree(&[("src/semantic/y.rs", fine)])),
            Vec::<String>::new()
        );
        // The recorded exception covers its file only.
        let reader = "//! x\nfn f(x: f64) {}\n";
        assert_eq!(
            float_violations(&tree(&[("src/import/workbook.rs", reader)])),
            Vec::<String>::new()
        );
        assert_eq!(
            float_violations(&tree(&[("src/import/text.rs", reader)])).len(),
            1
        );
    }

    #[test]
    fn a_file_without_a_doc_comment_is_found() {
        let files = tree(&[
            ("src/syntax/a.rs", "// Not a doc comment.\nfn f() {}\n"),
            ("src/syntax/b.rs", "\n//! Too late.\n"),
            ("src/syntax/c.rs", "//! Fine.\n"),
        ]);
        let found = doc_comment_violations(&files);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("src/syntax/a.rs:1: "));
        assert!(found[1].starts_with("src/syntax/b.rs:1: "));
    }

    #[test]
    fn rule_files_need_both_doc_paragraphs() {
        let registry = "//! r\nrules![\n    good,\n    // a comment, ignored\n    no_fix,\n    missing,\n    no_doc,\n];\n";
        let modules = registered_modules(registry);
        assert_eq!(modules, ["good", "no_fix", "missing", "no_doc"]);
        let found = rule_file_violations(&modules, |m| match m {
            "good" => Some("//! ## g (JL1)\n//! **What it flags.** x\n//! **Fix.** None.\n".into()),
            "no_fix" => Some("//! ## n (JL2)\n//! **What it flags.** x\n".into()),
            "no_doc" => Some("use x;\n".into()),
            _ => None,
        });
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with("src/rules/no_fix.rs:1-2: "),
            "{found:#?}"
        );
        assert!(found[0].contains("**Fix.**"));
        assert!(found[1].starts_with("src/rules/missing.rs: "), "{found:#?}");
        assert!(
            found[2].starts_with("src/rules/no_doc.rs:1: "),
            "{found:#?}"
        );
    }

    #[test]
    fn a_stale_readme_table_is_found() {
        let table = rules_table();
        let good = format!("# x\n\n{RULES_START}\n\n{table}\n{RULES_END}\n");
        let (line, actual) = between_markers(&good, RULES_START, RULES_END).expect("markers");
        assert_eq!(line, 3);
        assert_eq!(actual.trim(), table.trim());
        // A rule missing from the README.
        let last_row = table.trim_end().lines().last().expect("a row");
        let stale = good.replace(&format!("{last_row}\n"), "");
        let (_, actual) = between_markers(&stale, RULES_START, RULES_END).expect("markers");
        assert_ne!(actual.trim(), table.trim());
        assert!(first_difference(actual.trim(), table.trim()).contains("(nothing)"));
        assert!(between_markers("no markers", RULES_START, RULES_END).is_err());
    }

    #[test]
    fn the_syntax_error_table_lists_every_parser_code_once() {
        let table = syntax_errors_table();
        let codes: Vec<&str> = table
            .lines()
            .skip(2)
            .filter_map(|row| row.split('|').nth(1))
            .map(str::trim)
            .collect();
        use jslint::syntax::error::codes::*;
        let parser = [
            RAGGED_ROW,
            MALFORMED_NUMBER,
            UNKNOWN_KEY,
            TABLE_ID,
            UNCLOSED,
            MALFORMED_REFERENCE,
        ];
        assert_eq!(codes, parser, "{table}");
    }
}
