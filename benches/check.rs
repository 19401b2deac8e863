//! Benchmarks on generated reports (`examples/generate.rs`) and the seed example: parse and
//! full-check throughput against a pulldown-cmark parse of the same text (the baseline, so the
//! figures are ratios that hold across machines), peak memory, and keystroke → diagnostics
//! latency through the language server.
//!
//! `cargo bench` prints the figures; `JSLINT_BENCH_SIZES=100000,1000000,10000000` sets the
//! report sizes (bytes).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::json;

#[path = "../examples/generate.rs"]
#[allow(dead_code)]
mod generate;
#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use lsp_client::Client;

/// The document the keystroke benchmark edits.
const URI: &str = "file:///bench/report.jsmd";

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
#[path = "support/keystrokes.rs"]
mod keystrokes;

fn sizes() -> Vec<usize> {
    std::env::var("JSLINT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

fn pulldown(src: &str) -> usize {
    pulldown_cmark::Parser::new_ext(src, pulldown_cmark::Options::ENABLE_TABLES).count()
}

/// Every planted defect must be found, and nothing else: a fast wrong result cannot pass.
fn assert_finds_planted(src: &str, planted: &std::collections::BTreeMap<&str, usize>) {
    let mut found: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in jslint::check(src, &jslint::config::Config::default()) {
        *found.entry(d.code).or_default() += 1;
    }
    assert_eq!(
        &found, planted,
        "the check must find exactly the planted defects"
    );
}

fn throughput(c: &mut Criterion) {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/zhongzhan-2023.jsmd"
    ))
    .unwrap();
    let mut inputs = vec![("seed".to_string(), seed)];
    for size in sizes() {
        let (report, planted) = generate::generate(size, 7);
        assert_finds_planted(&report, &planted);
        inputs.push((format!("generated-{size}"), report));
    }
    let mut group = c.benchmark_group("throughput");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_millis(500));
    for (name, src) in &inputs {
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_function(format!("pulldown-cmark/{name}"), |b| {
            b.iter(|| pulldown(src))
        });
        group.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| jslint::syntax::parse(src).errors.len())
        });
        group.bench_function(format!("check/{name}"), |b| {
            b.iter(|| jslint::check(src, &jslint::config::Config::default()).len())
        });
    }
    group.finish();
    // Ratios and memory, printed once, measured in the same run.
    println!("\nsize (bytes) | pulldown-cmark MB/s | parse MB/s | check MB/s | check / baseline | peak memory / size");
    for (name, src) in &inputs {
        let mb = src.len() as f64 / 1e6;
        let time = |f: &dyn Fn() -> usize| {
            let start = Instant::now();
            let mut runs = 0;
            while start.elapsed() < Duration::from_secs(2) || runs < 3 {
                std::hint::black_box(f());
                runs += 1;
            }
            start.elapsed().as_secs_f64() / runs as f64
        };
        let base = time(&|| pulldown(src));
        let parse = time(&|| jslint::syntax::parse(src).errors.len());
        let check = time(&|| jslint::check(src, &jslint::config::Config::default()).len());
        counting_alloc::start();
        std::hint::black_box(jslint::check(src, &jslint::config::Config::default()));
        let peak = counting_alloc::peak();
        counting_alloc::stop();
        println!(
            "{name} ({}) | {:.1} | {:.1} | {:.1} | {:.2} | {:.2}",
            src.len(),
            mb / base,
            mb / parse,
            mb / check,
            base / check,
            peak as f64 / src.len() as f64
        );
    }
}

/// Keystroke → diagnostics published, on a report of about 10 000 lines, through the
/// in-process server (debounce included: it is part of what a user waits for). Three kinds
/// of keystroke near the middle of the report, each of which the server re-analyses from the
/// previous analysis: a space before a table row (the table's figures stay as they were), a
/// digit of a figure in that row retyped (the figure changes, and so does what reads it),
/// and a character typed in a paragraph.
fn keystroke(c: &mut Criterion) {
    let (report, _) = generate::generate(600_000, 11);
    let lines: Vec<&str> = report.lines().collect();
    let keystrokes::Keystrokes {
        row,
        digit,
        paragraph,
    } = keystrokes::keystrokes(&lines).expect("a table row and a paragraph");
    // The UTF-16 column of the last digit of the row's first figure.
    let digit_col = lines[row][..digit].encode_utf16().count() as u64;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut client = runtime.block_on(async {
        let mut client = Client::start().await;
        client.initialize(json!({})).await;
        client.open(URI, &report).await;
        client.diagnostics(URI, 1).await;
        client
    });
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    let n = lines.len();
    group.bench_function(
        format!("keystroke-to-diagnostics/{n}-lines/space-before-a-table-row"),
        |b| {
            b.iter(|| {
                version += 1;
                runtime.block_on(type_at(
                    &mut client,
                    version,
                    (row as u64, 0),
                    (row as u64, 0),
                    " ",
                ))
            })
        },
    );
    let mut d = 0;
    group.bench_function(
        format!("keystroke-to-diagnostics/{n}-lines/digit-of-a-figure"),
        |b| {
            b.iter(|| {
                version += 1;
                d = (d + 1) % 10;
                let (from, to) = ((row as u64, digit_col), (row as u64, digit_col + 1));
                runtime.block_on(type_at(&mut client, version, from, to, &d.to_string()))
            })
        },
    );
    group.bench_function(
        format!("keystroke-to-diagnostics/{n}-lines/character-in-a-paragraph"),
        |b| {
            b.iter(|| {
                version += 1;
                let at = (paragraph as u64, 0);
                runtime.block_on(type_at(&mut client, version, at, at, "的"))
            })
        },
    );
    group.finish();
}

/// Replaces `from..to` (line, UTF-16 column) with `text` and waits for that version's
/// diagnostics.
async fn type_at(
    client: &mut Client,
    version: i64,
    from: (u64, u64),
    to: (u64, u64),
    text: &str,
) -> usize {
    let (from, to) = (
        json!({"line": from.0, "character": from.1}),
        json!({"line": to.0, "character": to.1}),
    );
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": from, "end": to}, "text": text}]}),
        )
        .await;
    client.diagnostics(URI, version).await.len()
}

criterion_group!(benches, throughput, keystroke);
criterion_main!(benches);
