//! Check-in desk benchmark (issue 6, CHK-2/CHK-4: the event-day morning rush).
//!
//! Starts the real application on a fresh database with a generated event, logs in
//! `--stations` desks (one session each, as several phones would), then every station scans
//! its share of the badges through `POST /admin/events/{id}/checkin/scan` at once, each as fast
//! as answers come back. Prints throughput and latency percentiles of the first scans, of a
//! second pass (everyone "already checked in"), of the desk page with the whole list, and of
//! the counters. Checks at the end that every person is checked in exactly once.
//!
//! ```text
//! cargo run --release -p testkit --example checkin_bench -- --participants 1500 --stations 4
//! ```
//!
//! With `AGORA_TEST_POSTGRES_URL` set, it runs on a fresh PostgreSQL database. Not a test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{EventId, ParticipantId, Permission};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use store::entities::participant;
use testkit::{Browser, TestApp};

const PASSWORD: &str = "Bench-Accueil-2027!";

fn options() -> (usize, usize) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut participants, mut stations) = (1500, 4);
    let mut i = 0;
    while i < args.len() {
        match (
            args[i].as_str(),
            args.get(i + 1).and_then(|v| v.parse().ok()),
        ) {
            ("--participants", Some(n)) => participants = n,
            ("--stations", Some(n)) if n > 0 => stations = n,
            _ => {
                eprintln!("usage: checkin_bench [--participants N] [--stations N]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    (participants, stations)
}

/// One desk: a logged-in session and a client that posts JSON scans with its cookies.
#[derive(Clone)]
struct Station {
    cookies: String,
    csrf: String,
    client: reqwest::Client,
}

impl Station {
    async fn open(browser: &Browser) -> Station {
        let csrf = browser.csrf().await;
        let cookies = ["agora_session", "agora_csrf"]
            .iter()
            .filter_map(|name| browser.cookie(name).map(|v| format!("{name}={v}")))
            .collect::<Vec<_>>()
            .join("; ");
        Station {
            cookies,
            csrf,
            client: reqwest::Client::new(),
        }
    }

    async fn scan(&self, url: &str, code: &str, station: &str) -> (Duration, String) {
        let started = Instant::now();
        let response = self
            .client
            .post(url)
            .header("cookie", &self.cookies)
            .header("x-csrf-token", &self.csrf)
            .json(&json!({"code": code, "station": station, "method": "scanner"}))
            .send()
            .await
            .unwrap();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let status = answer["status"].as_str().unwrap_or("error").to_string();
        (started.elapsed(), status)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn report(label: &str, mut times: Vec<Duration>, wall: Duration) {
    times.sort();
    println!(
        "{label}: {n} in {wall:.2?} ({rate:.0}/s); p50 {p50:.1?}, p95 {p95:.1?}, p99 {p99:.1?}, max {max:.1?}",
        n = times.len(),
        rate = times.len() as f64 / wall.as_secs_f64(),
        p50 = percentile(&times, 0.50),
        p95 = percentile(&times, 0.95),
        p99 = percentile(&times, 0.99),
        max = times.last().copied().unwrap_or_default(),
    );
}

/// Every station scans its share of `codes` at once; returns each scan's time and answer.
async fn rush(
    stations: &[Station],
    url: &str,
    codes: &[String],
) -> (Vec<Duration>, Vec<String>, Duration) {
    let started = Instant::now();
    let share = codes.len().div_ceil(stations.len());
    let mut runs = tokio::task::JoinSet::new();
    for (n, (station, mine)) in stations.iter().zip(codes.chunks(share)).enumerate() {
        let (station, mine, url) = (station.clone(), mine.to_vec(), url.to_string());
        runs.spawn(async move {
            let name = format!("Entrée {}", n + 1);
            let mut out = Vec::with_capacity(mine.len());
            for code in &mine {
                out.push(station.scan(&url, code, &name).await);
            }
            out
        });
    }
    let mut results = Vec::new();
    while let Some(done) = runs.join_next().await {
        results.extend(done.unwrap());
    }
    let wall = started.elapsed();
    let (times, answers) = results.into_iter().unzip();
    (times, answers, wall)
}

#[tokio::main]
async fn main() {
    let (wanted, station_count) = options();
    let app = TestApp::spawn().await;
    let setup = Instant::now();
    let large = services::demo::generate::generate(&app.db, wanted.div_ceil(2) + 50)
        .await
        .unwrap();
    let event: EventId = large.id;
    let everyone = store::badges::validated(&app.db, event, None)
        .await
        .unwrap();
    assert!(everyone.len() >= wanted, "only {} people", everyone.len());
    let ids: Vec<i64> = everyone
        .iter()
        .take(wanted)
        .map(|p| p.participant.id)
        .collect();
    participant::Entity::update_many()
        .col_expr(participant::Column::Status, Expr::value("pending"))
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::Id.is_not_in(ids.iter().copied()))
        .exec(&app.db)
        .await
        .unwrap();
    let people: Vec<ParticipantId> = ids.iter().map(|id| ParticipantId(*id)).collect();
    let tokens = services::event_day::pass::tokens_for(&app.db, event, &people)
        .await
        .unwrap();
    let mut codes = tokens;
    assert_eq!(codes.len(), people.len(), "a token per person");
    // Arrivals in no particular order.
    codes.sort_by_key(|c| c.chars().rev().collect::<String>());
    let mut stations = Vec::new();
    for n in 0..station_count {
        let email = format!("accueil{n}@bench.test");
        let user = app.create_user(&email, PASSWORD, false).await;
        app.grant(user, event, &[Permission::CheckIn]).await;
        let browser = app.logged_in(&email, PASSWORD).await;
        stations.push((Station::open(&browser).await, browser));
    }
    println!(
        "setup: {} participants, {} stations, {:.1?} ({})",
        codes.len(),
        station_count,
        setup.elapsed(),
        if std::env::var("AGORA_TEST_POSTGRES_URL").is_ok() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );

    let url = format!("{}/admin/events/{}/checkin/scan", app.base_url, event.0);
    let desks: Vec<Station> = stations.iter().map(|(s, _)| s.clone()).collect();
    let (times, answers, wall) = rush(&desks, &url, &codes).await;
    let admitted = answers.iter().filter(|a| *a == "admitted").count();
    report("first scans", times, wall);
    let (times, answers, wall) = rush(&desks, &url, &codes).await;
    let already = answers.iter().filter(|a| *a == "already").count();
    report("second scans (already in)", times, wall);

    let browser = &stations[0].1;
    let desk_page = format!("/admin/events/{}/checkin", event.0);
    let mut page_times = Vec::new();
    let mut size = 0;
    let started = Instant::now();
    for _ in 0..20 {
        let t = Instant::now();
        let page = browser.get(&desk_page).await;
        page_times.push(t.elapsed());
        size = page.body.len();
    }
    // What a phone downloads: the same page, gzip-compressed.
    let station = &stations[0].0;
    let compressed = station
        .client
        .get(format!("{}{desk_page}", app.base_url))
        .header("cookie", &station.cookies)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    let gzip_size = compressed.bytes().await.unwrap().len();
    report(
        &format!(
            "desk page with the whole list ({} KB, {} KB gzip)",
            size / 1024,
            gzip_size / 1024
        ),
        page_times,
        started.elapsed(),
    );
    let counters = format!("/admin/events/{}/checkin/counters", event.0);
    let mut counter_times = Vec::new();
    let started = Instant::now();
    for _ in 0..20 {
        let t = Instant::now();
        browser
            .get_with(&counters, &[("accept", "application/json")])
            .await;
        counter_times.push(t.elapsed());
    }
    report("counters (JSON)", counter_times, started.elapsed());

    let rows = app
        .count("checkin", &format!("event_id = {}", event.0))
        .await;
    println!(
        "check-ins stored: {rows}; admitted {admitted}, then already {already} of {}",
        codes.len()
    );
    assert_eq!(rows as usize, codes.len(), "one check-in per person");
    assert_eq!(admitted, codes.len());
    assert_eq!(already, codes.len());
}
