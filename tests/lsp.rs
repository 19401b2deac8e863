//! The language server, driven in process over real JSON-RPC framing (a duplex pipe), as an
//! editor would drive it, through the shared client of `tests/support/lsp_client.rs`.

mod support;

use serde_json::{json, Value};

use support::lsp_client::Client;

const SEED: &str = include_str!("../examples/zhongzhan-2023.jsmd");
const URI: &str = "file:///work/report/zhongzhan-2023.jsmd";

fn position_of(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth}"))
        .0;
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

#[tokio::test]
async fn diagnostics_match_the_command_line() {
    let mut c = Client::start().await;
    let init = c.initialize(json!({})).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    c.open(URI, SEED).await;
    let published = c.diagnostics(URI, 1).await;
    let expected = jslint::check(SEED, &jslint::config::Config::default());
    assert_eq!(published.len(), expected.len());
    let index = jslint::text::LineIndex::new(SEED);
    for (p, e) in published.iter().zip(&expected) {
        assert_eq!(p["code"], e.code);
        assert!(p["message"].as_str().unwrap().starts_with(&e.message));
        let lc = index.line_col(
            SEED,
            e.range.start as usize,
            jslint::text::ColumnUnit::Utf16,
        );
        assert_eq!(
            p["range"]["start"],
            json!({"line": lc.line, "character": lc.col}),
            "{}",
            e.message
        );
    }
    let codes: Vec<&str> = published
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in ["JL002", "JL201", "JL204", "JL208", "JL301"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let mut c = Client::start().await;
    let init = c
        .initialize(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}))
        .await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.open(URI, SEED).await;
    let published = c.diagnostics(URI, 1).await;
    let malformed = published.iter().find(|d| d["code"] == "JL002").unwrap();
    let offset = SEED.find("35.36.00").unwrap();
    let line_start = SEED[..offset].rfind('\n').unwrap() + 1;
    assert_eq!(
        malformed["range"]["start"]["character"],
        json!(offset - line_start)
    );
    assert_eq!(
        malformed["range"]["end"]["character"],
        json!(offset - line_start + 8)
    );
}

#[tokio::test]
async fn hovers_show_sums_and_links() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    c.open(URI, SEED).await;
    c.diagnostics(URI, 1).await;
    // The 合计 cell of 公开03表's 本年支出合计 column: the sum of the 类 rows.
    let t03 = SEED.find("### 支出决算表").unwrap();
    let cell = SEED[t03..].find("611.70").unwrap() + t03;
    let pos = position_of(
        SEED,
        &SEED[cell..cell + 6],
        SEED[..cell].matches("611.70").count(),
    );
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        )
        .await;
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("sum of the rows it totals") && text.contains("611.70"),
        "{text}"
    );
    // The narrative's 611.70 in section 六 is tied to 605.00.
    let six = SEED.find("一般公共预算财政拨款基本支出 611.70").unwrap()
        + "一般公共预算财政拨款基本支出 ".len();
    let pos = position_of(SEED, "611.70", SEED[..six].matches("611.70").count());
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        )
        .await;
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("605.00") && text.contains("does not agree"),
        "{text}"
    );
    // Go to definition lands on the 公开05表 cell.
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        )
        .await;
    let target = &def["result"][0]["range"]["start"];
    let line = target["line"].as_u64().unwrap() as usize;
    assert!(
        SEED.lines()
            .nth(line)
            .unwrap()
            .starts_with("| 合计 | | 611.70 | 605.00"),
        "{target}"
    );
}

#[tokio::test]
async fn code_actions_fix_the_malformed_number_and_suppress() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    c.open(URI, SEED).await;
    let published = c.diagnostics(URI, 1).await;
    let malformed = published
        .iter()
        .find(|d| d["code"] == "JL002")
        .unwrap()
        .clone();
    let actions = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": malformed["range"], "context": {"diagnostics": [malformed]}}))
        .await;
    let actions = actions["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("35.36"))
        .expect("a repair");
    let edit = &fix["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "35.36");
    assert_eq!(edit["range"], malformed["range"]);
    let suppress = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Suppress JL002"))
        .expect("a suppression");
    assert_eq!(
        suppress["edit"]["changes"][URI][0]["newText"],
        "<!-- jslint-disable-next-line JL002 -->\n"
    );
}

#[tokio::test]
async fn incremental_edits_update_diagnostics() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    c.open(URI, SEED).await;
    let before = c.diagnostics(URI, 1).await;
    assert!(before.iter().any(|d| d["code"] == "JL201"));
    // Replace 611.70 in section 六 by 605.00, as a user would type it.
    let six = SEED.find("一般公共预算财政拨款基本支出 611.70").unwrap()
        + "一般公共预算财政拨款基本支出 ".len();
    let start = position_of(SEED, "611.70", SEED[..six].matches("611.70").count());
    let end = json!({"line": start["line"], "character": start["character"].as_u64().unwrap() + 6});
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": start, "end": end}, "text": "605.00"}]}),
    )
    .await;
    let after = c.diagnostics(URI, 2).await;
    assert!(!after.iter().any(|d| d["code"] == "JL201"), "{after:?}");
    assert!(!after.iter().any(|d| d["code"] == "JL206"), "{after:?}");
    let mut expected_text = SEED.to_string();
    expected_text.replace_range(six..six + 6, "605.00");
    assert_eq!(
        after.len(),
        jslint::check(&expected_text, &jslint::config::Config::default()).len()
    );
}

#[tokio::test]
async fn pull_diagnostics_when_the_client_asks_for_them() {
    let mut c = Client::start().await;
    let init = c
        .initialize(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}))
        .await;
    assert_eq!(
        init["result"]["capabilities"]["diagnosticProvider"]["identifier"],
        "jslint"
    );
    c.open(URI, SEED).await;
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(report["result"]["kind"], "full");
    assert!(report["result"]["items"].as_array().unwrap().len() > 10);
}

#[tokio::test]
async fn symbols_folding_formatting_tokens_and_hints() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    c.open(URI, SEED).await;
    c.diagnostics(URI, 1).await;
    let doc = json!({"uri": URI});
    let symbols = c
        .request("textDocument/documentSymbol", json!({"textDocument": doc}))
        .await;
    let names: Vec<String> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("第二部分")), "{names:?}");
    let folds = c
        .request("textDocument/foldingRange", json!({"textDocument": doc}))
        .await;
    assert!(folds["result"].as_array().unwrap().len() > 20);
    let format = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await;
    let edits = format["result"].as_array().unwrap();
    let expected = jslint::format::format_tables(SEED, &jslint::syntax::parse(SEED).document);
    assert_eq!(edits.len(), expected.len());
    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        )
        .await;
    assert!(tokens["result"]["data"].as_array().unwrap().len() > 5 * 50);
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}}})).await;
    let labels: Vec<String> = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap().to_string())
        .collect();
    assert!(labels.contains(&"≠ 605.00".to_string()), "{labels:?}");
    assert!(labels.contains(&"≠ 16.85".to_string()), "{labels:?}");
}

#[tokio::test]
async fn faults_do_not_stop_the_server() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    let unknown = c.request("jslint/nonsense", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
    let missing = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere.jsmd"}, "position": {"line": 0, "character": 0}})).await;
    assert!(missing["error"].is_object());
    c.send_body(b"{ this is not json").await;
    c.open(URI, "# 标题\n\n收入 1.2.3 万元\n").await;
    let published = c.diagnostics(URI, 1).await;
    assert_eq!(published[0]["code"], "JL002");
    // An edit far outside the text is clamped, not a crash.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}}, "text": "x"}]}),
    )
    .await;
    let after = c.diagnostics(URI, 2).await;
    assert_eq!(after.len(), 1);
    let shutdown = c.request("shutdown", json!(null)).await;
    assert!(shutdown.get("error").is_none());
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn edit() -> impl Strategy<Value = (usize, usize, String)> {
        let texts = prop::sample::select(vec![
            "",
            "1",
            "611.70",
            "35.36.00",
            " 万元",
            "，占 98.90%",
            "\n",
            "\r\n",
            "中山区",
            "| 1 |",
            "𠀀",
            "其中：",
            "收入合计 ",
        ]);
        (0usize..4000, 0usize..12, texts.prop_map(String::from))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]
        /// After random incremental edits, the server's diagnostics are those of a fresh
        /// analysis of the text the edits produce.
        #[test]
        fn diagnostics_after_random_edits_equal_a_fresh_check(edits in prop::collection::vec(edit(), 1..8)) {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let mut c = Client::start().await;
                c.initialize(json!({})).await;
                let base: String = SEED.lines().skip(320).take(80).collect::<Vec<_>>().join("\n");
                let start = format!("---\nentity: 中国共产党焦作市中站区委员会办公室\nprofile: final-accounts\n---\n{}", base);
                c.open(URI, &start).await;
                c.diagnostics(URI, 1).await;
                let mut text = start.clone();
                let mut version = 1;
                for (at, len, insert) in edits {
                    let mut a = at.min(text.len());
                    while !text.is_char_boundary(a) { a -= 1; }
                    let mut b = (a + len).min(text.len());
                    while !text.is_char_boundary(b) { b -= 1; }
                    let pos = |o: usize| {
                        let line = jslint::text::LineIndex::new(&text).line_col(&text, o, jslint::text::ColumnUnit::Utf16);
                        json!({"line": line.line, "character": line.col})
                    };
                    let (pa, pb) = (pos(a), pos(b));
                    // A range that starts or ends inside a CRLF pair is not one a client sends.
                    if text[..a].ends_with('\r') && text[a..].starts_with('\n') || text[..b].ends_with('\r') && text[b..].starts_with('\n') { continue; }
                    text.replace_range(a..b, &insert);
                    version += 1;
                    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": pa, "end": pb}, "text": insert}]})).await;
                }
                if version == 1 {
                    return;
                }
                let published = c.diagnostics(URI, version).await;
                let expected = jslint::check(&text, &jslint::config::Config::default());
                let got: Vec<(String, String)> = published.iter().map(|d| (d["code"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().split("\nhelp:").next().unwrap().to_string())).collect();
                let want: Vec<(String, String)> = expected.iter().map(|d| (d.code.to_string(), d.message.clone())).collect();
                assert_eq!(got, want);
            });
        }
    }
}

#[tokio::test]
async fn configuration_from_jslint_toml_and_from_the_client() {
    let dir = std::env::temp_dir().join(format!("jslint-lsp-config-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("reports/2023")).unwrap();
    std::fs::write(dir.join("jslint.toml"), "[rules]\nignore = [\"JL301\"]\n").unwrap();
    let uri = format!("file://{}/reports/2023/report.jsmd", dir.display());
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    c.open(&uri, SEED).await;
    let published = c.diagnostics(&uri, 1).await;
    assert!(
        !published.iter().any(|d| d["code"] == "JL301"),
        "jslint.toml above the file turns JL301 off"
    );
    assert!(published
        .iter()
        .any(|d| d["code"] == "JL002" && d["severity"] == 1));
    // Client settings override the file.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"jslint": {"severity": {"JL002": "warning"}}}}),
    )
    .await;
    let republished = c.diagnostics(&uri, 1).await;
    assert!(
        republished
            .iter()
            .any(|d| d["code"] == "JL002" && d["severity"] == 2),
        "{republished:?}"
    );
    // A changed jslint.toml is reloaded.
    std::fs::write(dir.join("jslint.toml"), "[rules]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/jslint.toml", dir.display()), "type": 2}]}),
    )
    .await;
    let reloaded = c.diagnostics(&uri, 1).await;
    assert!(reloaded.iter().any(|d| d["code"] == "JL301"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn several_documents_at_once() {
    let mut c = Client::start().await;
    c.initialize(json!({"workspace": {"workspaceFolders": true}}))
        .await;
    let clean = include_str!("../examples/clean-2024.jsmd");
    c.open("file:///w/clean.jsmd", clean).await;
    c.open(URI, SEED).await;
    let m = c
        .read_until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == "file:///w/clean.jsmd"
        })
        .await;
    assert_eq!(m["params"]["diagnostics"].as_array().unwrap().len(), 0);
    assert!(!c.diagnostics(URI, 1).await.is_empty());
}

#[tokio::test]
async fn hover_snapshots() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    let text = "---\nentity: 示例局\nprofile: final-accounts\n---\n\n### 支出决算表 {#t03 no=公开03表}\n\n| 科目代码 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| 栏次 | | 1 | 2 | 3 |\n| 合计 | | 10.00 | 6.00 | 4.00 |\n| 201 | 一般公共服务支出 | 10.00 | 6.00 | 4.05 |\n| 20101 | 人大事务 | 10.00 | 6.00 | 4.05 |\n\n<!-- jslint-disable-next-line JL208 -->\n2023 年度支出合计 10.00 万元，其中：基本支出 6.00 万元，占 60.00%；项目支出 4.00 万元，占 40.00%。\n";
    c.open(URI, text).await;
    c.diagnostics(URI, 1).await;
    let mut out = String::new();
    for (needle, nth) in [
        ("10.00", 0),
        ("4.05", 0),
        ("6.00", 3),
        ("60.00%", 0),
        ("JL208", 0),
    ] {
        let pos = position_of(text, needle, nth);
        let hover = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": URI}, "position": pos}),
            )
            .await;
        let value = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("(no hover)");
        out.push_str(&format!(
            "## {needle} #{nth}\n{}\n\n",
            value.lines().take(8).collect::<Vec<_>>().join("\n")
        ));
    }
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn a_panic_inside_a_request_is_answered_with_an_error_and_the_server_goes_on() {
    let mut c = Client::start().await;
    c.initialize(json!({})).await;
    // Without the test-hook variable the method does not exist.
    let absent = c.request("jslint/test/panic", json!({})).await;
    assert_eq!(absent["error"]["code"], -32601, "{absent}");
    std::env::set_var("JSLINT_LSP_TEST_HOOKS", "1");
    let panicked = c.request("jslint/test/panic", json!({})).await;
    std::env::remove_var("JSLINT_LSP_TEST_HOOKS");
    assert_eq!(panicked["error"]["code"], -32603, "{panicked}");
    assert!(panicked["error"]["message"]
        .as_str()
        .unwrap()
        .contains("jslint failed on this request"));
    // The server keeps serving.
    c.open(URI, SEED).await;
    assert!(!c.diagnostics(URI, 1).await.is_empty());
}
