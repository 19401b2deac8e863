//! Where the time and memory of a check go, phase by phase, for performance work:
//!
//! ```text
//! cargo run --release --example generate -- --bytes 10000000 --seed 1 > /tmp/g.jsmd
//! cargo run --release --example phases -- /tmp/g.jsmd
//! ```
//!
//! Prints the peak heap after parsing, analysing and checking (as multiples of the file
//! size), then the best of five runs (`PHASES_RUNS=N` for another count) of a pulldown-cmark
//! parse (the baseline of `cargo bench`), jslint's parse, analysis and rules, the check /
//! baseline ratio of the best times, and the median of each run's own ratio; then, for a
//! report with tables and paragraphs, the language server's reanalysis after three kinds
//! of keystroke against a full analysis, side by side.
//! `cargo bench` gives the figures of record; this is the quick look (and a target for
//! `perf record`).

use std::time::{Duration, Instant};

#[path = "../benches/support/counting_alloc.rs"]
mod counting_alloc;
#[path = "../benches/support/keystrokes.rs"]
mod keystrokes;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: phases FILE.jsmd");
        std::process::exit(2);
    };
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    memory(&src);
    let runs: usize = std::env::var("PHASES_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(5);
    // Per run: baseline, parse, analysis, rules.
    let mut times: Vec<[Duration; 4]> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut run = [Duration::ZERO; 4];
        let t = Instant::now();
        let events =
            pulldown_cmark::Parser::new_ext(&src, pulldown_cmark::Options::ENABLE_TABLES).count();
        std::hint::black_box(events);
        run[0] = t.elapsed();
        let t = Instant::now();
        let parse = jslint::syntax::parse(&src);
        run[1] = t.elapsed();
        let t = Instant::now();
        let model = jslint::semantic::analyze(&src, &parse.document, &Default::default());
        run[2] = t.elapsed();
        let analysis = jslint::Analysis { parse, model };
        let t = Instant::now();
        let diagnostics = jslint::rules::check(&src, &analysis, &Default::default());
        run[3] = t.elapsed();
        std::hint::black_box(diagnostics);
        times.push(run);
    }
    let best: Vec<Duration> = (0..4)
        .map(|i| times.iter().map(|r| r[i]).min().expect("one run"))
        .collect();
    let check = best[1] + best[2] + best[3];
    println!(
        "pulldown-cmark {:?} | parse {:?} analyse {:?} rules {:?} | check {:?} | check / baseline {:.3}",
        best[0],
        best[1],
        best[2],
        best[3],
        check,
        best[0].as_secs_f64() / check.as_secs_f64()
    );
    // The median ratio of the runs, each run's check against its own baseline: this machine
    // has fast and slow spells, and a ratio measured side by side holds across them.
    let mut ratios: Vec<f64> = times
        .iter()
        .map(|r| r[0].as_secs_f64() / (r[1] + r[2] + r[3]).as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "median check / baseline over {runs} runs: {:.3}",
        ratios[ratios.len() / 2]
    );
    keystrokes(&src, runs);
}

/// The language server's reanalysis after a keystroke (`Snapshot::after`, from the analysis
/// before it) against a full one (`Snapshot::new`), side by side, for the keystrokes of the
/// benchmark: a space before a table row, a digit of a figure in it, a character in a
/// paragraph, each near the middle of the report.
fn keystrokes(src: &str, runs: usize) {
    use jslint::lsp::documents::Snapshot;
    use std::sync::Arc;
    let config = jslint::config::Config::default();
    // Lines with their breaks, so that offsets hold whatever the breaks are.
    let with_breaks: Vec<&str> = src.split_inclusive('\n').collect();
    let lines: Vec<&str> = with_breaks
        .iter()
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .collect();
    let start_of = |l: usize| with_breaks[..l].iter().map(|x| x.len()).sum::<usize>();
    let Some(keystrokes::Keystrokes {
        row,
        digit,
        paragraph,
    }) = keystrokes::keystrokes(&lines)
    else {
        return;
    };
    let digit = start_of(row) + digit;
    for (name, at) in [
        ("space before a table row", start_of(row)),
        ("digit of a figure", digit),
        ("character in a paragraph", start_of(paragraph)),
    ] {
        let mut text = src.to_string();
        let mut earlier = Arc::new(Snapshot::new(0, text.clone(), &config));
        let mut ratios = Vec::new();
        let mut best = Duration::MAX;
        for version in 1..=runs as i32 {
            match name {
                "digit of a figure" => {
                    let d = char::from(b'0' + (version % 10) as u8);
                    text.replace_range(at..at + 1, &d.to_string());
                }
                "space before a table row" => text.insert(at, ' '),
                _ => text.insert(at, '的'),
            }
            // Timed without freeing it: the reanalysis frees the earlier one off its thread.
            let t = Instant::now();
            let fresh = Snapshot::new(version, text.clone(), &config);
            let full = t.elapsed();
            drop(fresh);
            let t = Instant::now();
            let after = Snapshot::after(Some(earlier), version, text.clone(), &config);
            let incremental = t.elapsed();
            earlier = Arc::new(after);
            best = best.min(incremental);
            ratios.push(incremental.as_secs_f64() / full.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        println!(
            "keystroke, {name}: reanalysis {best:?} (best), median {:.3} of a full analysis",
            ratios[ratios.len() / 2]
        );
    }
}

/// Peak heap bytes above what was live before, per phase, as multiples of the file size, of
/// a check after a first one, as `cargo bench` measures it: the first check of a process
/// also reads the embedded profile (a fixed cost, once per process, not one that grows with
/// the file).
fn memory(src: &str) {
    std::hint::black_box(jslint::check(src, &Default::default()));
    counting_alloc::start();
    let times = |bytes: usize| format!("{:.2}×", bytes as f64 / src.len().max(1) as f64);
    let parse = jslint::syntax::parse(src);
    let after_parse = counting_alloc::peak();
    let model = jslint::semantic::analyze(src, &parse.document, &Default::default());
    let after_analysis = counting_alloc::peak();
    let analysis = jslint::Analysis { parse, model };
    let diagnostics = jslint::rules::check(src, &analysis, &Default::default());
    let after_rules = counting_alloc::peak();
    counting_alloc::stop();
    println!(
        "peak heap / file size: parse {}, + analysis {}, + rules {} ({} diagnostics)",
        times(after_parse),
        times(after_analysis),
        times(after_rules),
        diagnostics.len()
    );
}
