//! Catalogue benchmark (PUB-6, issue 4: p95 < 50 ms with 1,500 companies and 3,000 offers).
//!
//! Starts the real application (axum, middleware, templates) on a fresh database, builds the
//! large demo event with `services::demo::generate`, then times catalogue pages over HTTP:
//! plain and accented searches, filters, sorts, deep pages and company pages. Prints the
//! median, p95 and maximum per scenario as a Markdown table for `docs/benchmarks.md`.
//!
//! ```text
//! cargo run --release -p testkit --example catalogue_bench -- --companies 1500 --requests 200
//! ```
//!
//! With `AGORA_TEST_POSTGRES_URL` set, it runs on a fresh PostgreSQL database instead of
//! SQLite. Not a test: timings depend on the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};
use testkit::TestApp;

struct Options {
    companies: usize,
    requests: usize,
}

fn options() -> Options {
    let mut options = Options {
        companies: 1500,
        requests: 200,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<usize>().ok());
        match (args[i].as_str(), value) {
            ("--companies", Some(v)) => options.companies = v,
            ("--requests", Some(v)) => options.requests = v.max(1),
            _ => {
                eprintln!("usage: catalogue_bench [--companies N] [--requests R]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    options
}

/// A named list of paths requested in turn.
struct Scenario {
    name: &'static str,
    paths: Vec<String>,
}

fn scenarios(slug: &str, company_ids: &[i64]) -> Vec<Scenario> {
    let list = |query: &str| vec![format!("/{slug}/participants{query}")];
    vec![
        Scenario {
            name: "first page, no filter",
            paths: list(""),
        },
        Scenario {
            name: "search, plain word (energie)",
            paths: list("?q=energie"),
        },
        Scenario {
            name: "search, accented words (énergie solaire)",
            paths: list("?q=%C3%A9nergie+solaire"),
        },
        Scenario {
            name: "search, three words (huile olive bio)",
            paths: list("?q=huile+olive+bio"),
        },
        Scenario {
            name: "search, no result (xyzzy)",
            paths: list("?q=xyzzy"),
        },
        Scenario {
            name: "filters: country + sector + kind",
            paths: list("?country=MA&sector=digital&kind=offer"),
        },
        Scenario {
            name: "sort by country then sector",
            paths: list("?sort=country_sector"),
        },
        Scenario {
            name: "sort by sector, page 30",
            paths: list("?sort=sector&page=30"),
        },
        Scenario {
            name: "search + filter + sort + page 2",
            paths: list("?q=export&country=FR&sort=sector&page=2"),
        },
        Scenario {
            name: "filters: experts (participant category)",
            paths: list("?category=expert"),
        },
        Scenario {
            name: "filter + words: cooperation type and a word",
            paths: list("?cooperation=technical&q=energie"),
        },
        Scenario {
            name: "company page (varied ids)",
            paths: company_ids
                .iter()
                .step_by((company_ids.len() / 50).max(1))
                .map(|id| format!("/{slug}/participants/{id}"))
                .collect(),
        },
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores available")
}

#[tokio::main]
async fn main() {
    let options = options();
    let app = TestApp::spawn().await;
    let backend = if app.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let started = Instant::now();
    let large = services::demo::generate::generate(&app.db, options.companies)
        .await
        .expect("generate");
    println!(
        "Generated {} companies, {} offers and requests, {} people on {backend} in {:.2} s",
        large.companies,
        large.offers,
        large.people,
        started.elapsed().as_secs_f64()
    );
    println!("Machine: {}", machine());
    let ids: Vec<i64> = store::events::companies(&app.db, large.id)
        .await
        .expect("companies")
        .iter()
        .map(|c| c.id)
        .collect();
    let client = reqwest::Client::new();
    println!();
    println!(
        "| Scenario ({} requests each) | median ms | p95 ms | max ms | results page bytes |",
        options.requests
    );
    println!("|---|---:|---:|---:|---:|");
    let mut worst_p95 = Duration::ZERO;
    for scenario in scenarios(&large.slug, &ids) {
        let mut times = Vec::with_capacity(options.requests);
        let mut bytes = 0;
        for n in 0..(options.requests + 10) {
            let path = &scenario.paths[n % scenario.paths.len()];
            let url = format!("{}{path}", app.base_url);
            let start = Instant::now();
            let response = client.get(&url).send().await.expect("request");
            let status = response.status();
            let body = response.text().await.expect("body");
            let elapsed = start.elapsed();
            assert!(status.is_success(), "{url}: {status}");
            bytes = body.len();
            // The first ten requests warm up connections and caches.
            if n >= 10 {
                times.push(elapsed);
            }
        }
        times.sort();
        let p95 = percentile(&times, 95.0);
        worst_p95 = worst_p95.max(p95);
        println!(
            "| {} | {} | {} | {} | {bytes} |",
            scenario.name,
            ms(percentile(&times, 50.0)),
            ms(p95),
            ms(*times.last().expect("times")),
        );
    }
    println!();
    println!("Worst p95: {} ms (target < 50 ms)", ms(worst_p95));
}
