//! Where the time and memory of a check go, phase by phase, for performance work:
//!
//! ```text
//! cargo run --release --example generate -- --bytes 10000000 --seed 1 > /tmp/g.jsmd
//! cargo run --release --example phases -- /tmp/g.jsmd
//! ```
//!
//! Prints the peak heap after parsing, analysing and checking (as multiples of the file
//! size), then the best of five runs of a pulldown-cmark parse (the baseline of
//! `cargo bench`), jslint's parse, analysis and rules, and the check / baseline ratio.
//! `cargo bench` gives the figures of record; this is the quick look (and a target for
//! `perf record`).

use std::time::{Duration, Instant};

#[path = "../benches/support/counting_alloc.rs"]
mod counting_alloc;

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
    let mut best = [Duration::MAX; 4];
    for _ in 0..5 {
        let t = Instant::now();
        let events =
            pulldown_cmark::Parser::new_ext(&src, pulldown_cmark::Options::ENABLE_TABLES).count();
        std::hint::black_box(events);
        best[0] = best[0].min(t.elapsed());
        let t = Instant::now();
        let parse = jslint::syntax::parse(&src);
        best[1] = best[1].min(t.elapsed());
        let t = Instant::now();
        let model = jslint::semantic::analyze(&src, &parse.document, &Default::default());
        best[2] = best[2].min(t.elapsed());
        let analysis = jslint::Analysis { parse, model };
        let t = Instant::now();
        let diagnostics = jslint::rules::check(&src, &analysis, &Default::default());
        best[3] = best[3].min(t.elapsed());
        std::hint::black_box(diagnostics);
    }
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
}

/// Peak heap bytes above what was live before, per phase, as multiples of the file size.
fn memory(src: &str) {
    let before = counting_alloc::live();
    counting_alloc::reset_peak();
    let times = |bytes: usize| format!("{:.1}×", bytes as f64 / src.len().max(1) as f64);
    let parse = jslint::syntax::parse(src);
    let after_parse = counting_alloc::peak() - before;
    let model = jslint::semantic::analyze(src, &parse.document, &Default::default());
    let after_analysis = counting_alloc::peak() - before;
    let analysis = jslint::Analysis { parse, model };
    let diagnostics = jslint::rules::check(src, &analysis, &Default::default());
    let after_rules = counting_alloc::peak() - before;
    println!(
        "peak heap / file size: parse {}, + analysis {}, + rules {} ({} diagnostics)",
        times(after_parse),
        times(after_analysis),
        times(after_rules),
        diagnostics.len()
    );
}
