//! `--format sarif`: SARIF 2.1.0 for code-scanning services, with rules, help URIs and fixes.
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`), 1-based.

use serde_json::{json, Value};

use crate::diagnostics::render::{line_col_1, FileReport};
use crate::diagnostics::Severity;
use crate::rules::RULES;
use crate::text::{LineIndex, TextRange};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path into a URI reference (keeps `/`).
pub fn uri_reference(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(index: &LineIndex, src: &str, r: TextRange) -> Value {
    let (sl, sc) = line_col_1(index, src, r.start as usize);
    let (el, ec) = line_col_1(index, src, r.end as usize);
    json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec, "charOffset": src[..r.start as usize].chars().count(), "charLength": src[r.as_range()].chars().count()})
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|m| {
            let doc = m.doc();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": doc.lines().skip(2).take_while(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")},
                "helpUri": m.url(),
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(m.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let index = LineIndex::new(report.src);
        let uri = uri_reference(report.path);
        for d in report.diagnostics {
            let location = |r: TextRange| json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(&index, report.src, r)}});
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": RULES.iter().position(|m| m.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": match &d.help { Some(h) => format!("{}\nhelp: {h}", d.message), None => d.message.clone() }},
                "locations": [location(d.range)],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut l = location(r.range);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": r.message});
                        l
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": region(&index, report.src, e.range), "insertedContent": {"text": e.replacement}}))
                    .collect();
                result["fixes"] = json!([{"description": {"text": format!("{} ({:?})", fix.message, fix.applicability)}, "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}]}]);
            }
            results.push(result);
        }
    }
    let artifacts: Vec<Value> = reports
        .iter()
        .map(|r| json!({"location": {"uri": uri_reference(r.path)}, "encoding": "utf-8"}))
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jslint", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://jslint.dev", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&sarif).expect("SARIF serialises")
}
