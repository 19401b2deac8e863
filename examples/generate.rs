//! A deterministic generator of synthetic reports in the dialect, for benchmarks:
//!
//! ```sh
//! cargo run --release --example generate -- --bytes 1000000 --seed 7 > big.jsmd
//! ```
//!
//! Each department gets a 支出决算表 with consistent 类/款/项 roll-ups, totals and column sums,
//! and a narrative that quotes it (amounts by reference, shares, a year-on-year change). Every
//! seventh department has one planted defect, rotating through a wrong amount (one JL201), two
//! shares swapped by a point (two JL203), a change rate on the wrong base (one JL204), a
//! malformed number (one JL002) and a mistyped cell (one JL103 in its row, one JL101 in its
//! parent); the expected diagnostics are printed on stderr and returned by [`generate`], so a
//! benchmark can check that every planted defect is found and nothing else is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A small deterministic PRNG (xorshift64*), so that the output depends only on the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Cents in `lo..hi` (whole yuan amounts are in 万元 with two decimals).
    fn cents(&mut self, lo: u64, hi: u64) -> i64 {
        (lo + self.next() % (hi - lo)) as i64
    }
}

/// `12345` cents → `123.45`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// A percentage moved by `delta` hundredths of a point.
fn shift(percent: &str, delta: i64) -> String {
    let cents: i64 = percent.replace('.', "").parse().unwrap_or(0) + delta;
    money(cents)
}

/// `part / whole` as a percentage with two decimals, rounded half up, exactly.
fn share(part: i64, whole: i64) -> String {
    let basis = (part as i128) * 1_000_000 / whole as i128; // percent × 10⁴
    let rounded = (basis + 50) / 100; // percent × 10²
    format!("{}.{:02}", rounded / 100, rounded % 100)
}

/// A 项 (code, name); a 款 with its 项; a 类 with its 款.
type Xiang = (&'static str, &'static str);
type Kuan = (&'static str, &'static str, &'static [Xiang]);
type Lei = (&'static str, &'static str, &'static [Kuan]);

const CATEGORIES: &[Lei] = &[
    (
        "201",
        "一般公共服务支出",
        &[
            (
                "20101",
                "人大事务",
                &[("2010101", "行政运行"), ("2010102", "一般行政管理事务")],
            ),
            (
                "20103",
                "政府办公厅（室）及相关机构事务",
                &[("2010301", "行政运行")],
            ),
        ],
    ),
    (
        "208",
        "社会保障和就业支出",
        &[(
            "20805",
            "行政事业单位养老支出",
            &[
                ("2080505", "机关事业单位基本养老保险缴费支出"),
                ("2080506", "机关事业单位职业年金缴费支出"),
            ],
        )],
    ),
    (
        "210",
        "卫生健康支出",
        &[("21011", "行政事业单位医疗", &[("2101101", "行政单位医疗")])],
    ),
    (
        "221",
        "住房保障支出",
        &[("22102", "住房改革支出", &[("2210201", "住房公积金")])],
    ),
];

/// Generates a report of about `bytes` bytes; returns it and the planted defects by code.
pub fn generate(bytes: usize, seed: u64) -> (String, BTreeMap<&'static str, usize>) {
    let mut rng = Rng(seed.wrapping_mul(2654435761).max(1));
    let mut out = String::with_capacity(bytes + 4096);
    let mut planted: BTreeMap<&'static str, usize> = BTreeMap::new();
    out.push_str("---\nentity: 示例市财政局\nyear: 2023\nunit: 万元\n---\n\n# 示例市 2023 年度部门决算汇编\n\n");
    let mut n = 0usize;
    while out.len() < bytes {
        n += 1;
        let id = format!("d{n}-t03");
        let defect = if n % 7 == 0 {
            Some(["JL201", "JL203", "JL204", "JL002", "JL103"][(n / 7) % 5])
        } else {
            None
        };
        // Leaf rows: (basic, project) in cents; parents are exact sums.
        let mut rows: Vec<(String, String, i64, i64)> = Vec::new();
        let (mut total_b, mut total_p) = (0i64, 0i64);
        for (code, name, kuans) in CATEGORIES {
            let start = rows.len();
            rows.push((code.to_string(), name.to_string(), 0, 0));
            let (mut lb, mut lp) = (0, 0);
            for (kcode, kname, xiangs) in *kuans {
                let kstart = rows.len();
                rows.push((kcode.to_string(), kname.to_string(), 0, 0));
                let (mut kb, mut kp) = (0, 0);
                for (xcode, xname) in *xiangs {
                    let b = rng.cents(1_000, 5_000_000);
                    let p = if rng.next() % 3 == 0 {
                        rng.cents(100, 1_000_000)
                    } else {
                        0
                    };
                    rows.push((xcode.to_string(), xname.to_string(), b, p));
                    kb += b;
                    kp += p;
                }
                rows[kstart].2 = kb;
                rows[kstart].3 = kp;
                lb += kb;
                lp += kp;
            }
            rows[start].2 = lb;
            rows[start].3 = lp;
            total_b += lb;
            total_p += lp;
        }
        let total = total_b + total_p;
        let _ = writeln!(out, "# 第{n}部分 示例市第{n}局部门决算\n\n## 一、支出决算表\n\n### 支出决算表 {{#{id} no=公开03表 unit=万元}}\n");
        out.push_str("| 科目代码 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| 栏次 | | 1 | 2 | 3 |\n");
        let _ = writeln!(
            out,
            "| 合计 | | {} | {} | {} |",
            money(total),
            money(total_b),
            money(total_p)
        );
        for (i, (code, name, b, p)) in rows.iter().enumerate() {
            // The mistyped cell: the first 项's 项目支出, one yuan off.
            let typo = if defect == Some("JL103") && i == 2 {
                100
            } else {
                0
            };
            let _ = writeln!(
                out,
                "| {code} | {name} | {} | {} | {} |",
                money(b + p),
                money(*b),
                money(p + typo)
            );
        }
        out.push_str("\n注：本表反映部门本年度各项支出情况。\n\n## 二、支出决算情况说明\n\n");
        // The narrative: the total by reference, the two parts and their shares, the basic
        // expenditure again by reference, and the change over the prior year.
        let (mut basic_share, mut project_share) = (share(total_b, total), share(total_p, total));
        if defect == Some("JL203") {
            basic_share = shift(&basic_share, 100);
            project_share = shift(&project_share, -100);
        }
        let _ = writeln!(
            out,
            "2023 年度支出合计 [{} 万元](#{id}:合计:本年支出合计)，其中：基本支出 {} 万元，占 {basic_share}%；项目支出 {} 万元，占 {project_share}%。",
            money(total),
            money(total_b),
            money(total_p)
        );
        let stated_basic = if defect == Some("JL201") {
            total_b + 1_000
        } else {
            total_b
        };
        let _ = writeln!(
            out,
            "基本支出决算数为 [{} 万元](#{id}:合计:基本支出)。",
            money(stated_basic)
        );
        let delta = rng.cents(100, (total / 4).max(200) as u64);
        let prior = total - delta;
        let rate = if defect == Some("JL204") {
            share(delta, total)
        } else {
            share(delta, prior)
        };
        let _ = writeln!(
            out,
            "与上年度相比，支出合计增加 {} 万元，增长 {rate}%。",
            money(delta)
        );
        if defect == Some("JL002") {
            out.push_str("另有往来款 12.34.56 万元。\n");
        }
        out.push('\n');
        let expected: &[&'static str] = match defect {
            Some("JL203") => &["JL203", "JL203"],
            Some("JL103") => &["JL103", "JL101"],
            Some("JL204") if share(delta, total) == share(delta, prior) => &[],
            Some(code) => match code {
                "JL201" => &["JL201"],
                "JL204" => &["JL204"],
                _ => &["JL002"],
            },
            None => &[],
        };
        for code in expected {
            *planted.entry(code).or_default() += 1;
        }
    }
    (out, planted)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (report, planted) = generate(value("--bytes", 100_000) as usize, value("--seed", 1));
    print!("{report}");
    eprintln!("planted defects: {planted:?}");
}
