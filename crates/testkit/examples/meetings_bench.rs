//! Meetings benchmark (issue 5: a scheduling run with 1,500 participants and 3,000 meetings
//! finishes within 10 s including writing the plan; the organizer's session grid answers in
//! p95 < 50 ms).
//!
//! Starts the real application on a fresh database, inserts an event directly (two days ×
//! two sessions of 20-minute slots, shared tables, 1,500 validated participants, 3,000
//! confirmed requests), then times the back-office path of a run — build the problem from the
//! database, solve, store the proposal, publish it (placements, seats, tables, notices) — and
//! the grid page over HTTP. Prints Markdown for `docs/benchmarks.md`.
//!
//! ```text
//! cargo run --release -p testkit --example meetings_bench -- --participants 1500 --meetings 3000 --seconds 4 --requests 100
//! ```
//!
//! With `AGORA_TEST_POSTGRES_URL` set, it runs on a fresh PostgreSQL database. Not a test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, NaiveTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use store::entities::{b2b_session, company, meeting_request, participant, place, slot};
use testkit::TestApp;

struct Options {
    participants: usize,
    meetings: usize,
    seconds: f64,
    requests: usize,
}

fn options() -> Options {
    let mut o = Options {
        participants: 1500,
        meetings: 3000,
        seconds: 4.0,
        requests: 100,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<f64>().ok());
        match (args[i].as_str(), value) {
            ("--participants", Some(v)) => o.participants = v as usize,
            ("--meetings", Some(v)) => o.meetings = v as usize,
            ("--seconds", Some(v)) => o.seconds = v,
            ("--requests", Some(v)) => o.requests = (v as usize).max(1),
            _ => {
                eprintln!(
                    "usage: meetings_bench [--participants N] [--meetings M] [--seconds S] [--requests R]"
                );
                std::process::exit(2);
            }
        }
        i += 2;
    }
    o
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = samples.len();
    let p95 = ((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1;
    (ms(samples[n / 2]), ms(samples[p95]), ms(samples[n - 1]))
}

#[tokio::main]
async fn main() {
    let o = options();
    let app = TestApp::spawn().await;
    let db = &app.db;
    let event = app.create_event("bench-meetings").await;
    let now = Utc::now();
    let setup = Instant::now();
    let tz = chrono_tz::Europe::Paris;
    // Two days × (09:00–12:20, 14:00–18:00) of 20-minute slots.
    let tables_per_session = (o.meetings / 40).max(4) + 8;
    let mut sessions = vec![];
    let txn = store::begin_write(db).await.unwrap();
    for day in ["2027-03-10", "2027-03-11"] {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        for (start, end) in [("09:00", "12:20"), ("14:00", "18:00")] {
            let session = b2b_session::ActiveModel {
                event_id: Set(event.0),
                venue_id: Set(None),
                name_fr: Set(format!("Session {start}")),
                name_en: Set(format!("Session {start}")),
                day: Set(day),
                starts_local: Set(start.into()),
                ends_local: Set(end.into()),
                slot_minutes: Set(20),
                pause_minutes: Set(0),
                updated_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .unwrap();
            let times = domain::meeting::session_slot_times(
                day,
                NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
                NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
                20,
                0,
                tz,
            )
            .unwrap();
            slot::Entity::insert_many(times.into_iter().enumerate().map(|(i, (s, e))| {
                slot::ActiveModel {
                    event_id: Set(event.0),
                    session_id: Set(session.id),
                    position: Set(i as i32),
                    starts_at: Set(s),
                    ends_at: Set(e),
                    created_at: Set(now),
                    ..Default::default()
                }
            }))
            .exec(&txn)
            .await
            .unwrap();
            place::Entity::insert_many((0..tables_per_session).map(|t| place::ActiveModel {
                event_id: Set(event.0),
                session_id: Set(Some(session.id)),
                venue_id: Set(None),
                kind: Set("table".into()),
                label: Set(format!("Table {}", t + 1)),
                owner_participant_id: Set(None),
                position: Set(t as i32),
                created_at: Set(now),
                ..Default::default()
            }))
            .exec(&txn)
            .await
            .unwrap();
            sessions.push(session.id);
        }
    }
    // Participants: one per company, each with an account (one shared password hash).
    let hash = services::security::hash_password("bench password 2027".into())
        .await
        .unwrap();
    let mut people = vec![];
    for n in 0..o.participants {
        let company = company::ActiveModel {
            event_id: Set(event.0),
            name: Set(format!("Société {n}")),
            country: Set("FR".into()),
            city: Set("Lyon".into()),
            website: Set(String::new()),
            sector: Set(String::new()),
            description_fr: Set(String::new()),
            description_en: Set(String::new()),
            status: Set("validated".into()),
            address: Set(String::new()),
            vat_country: Set(String::new()),
            vat_number: Set(String::new()),
            refusal_reason: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        let email = format!("p{n}@bench.test");
        let user = store::users::insert(
            &txn,
            store::users::NewUser {
                email_key: &email,
                email: &email,
                display_name: &email,
                password_hash: Some(hash.clone()),
                locale: "fr",
                is_principal_admin: false,
            },
            now,
        )
        .await
        .unwrap();
        let person = participant::ActiveModel {
            event_id: Set(event.0),
            user_id: Set(user.id),
            company_id: Set(Some(company.id)),
            kind: Set("participant".into()),
            status: Set("validated".into()),
            job_title_fr: Set(String::new()),
            job_title_en: Set(String::new()),
            first_name: Set(format!("Prénom{n}")),
            last_name: Set(format!("Nom{n}")),
            phone: Set(String::new()),
            is_company_editor: Set(true),
            coorganizer_user_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        people.push((person.id, company.id));
    }
    // Confirmed requests between distinct pairs (deterministic pseudo-random partners).
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut pairs = HashSet::new();
    let mut rows = vec![];
    let mut i = 0;
    while rows.len() < o.meetings {
        let a = i % people.len();
        let b = (a + 1 + next() % (people.len() - 1)) % people.len();
        i += 1;
        if !pairs.insert((a.min(b), a.max(b))) {
            continue;
        }
        rows.push(meeting_request::ActiveModel {
            event_id: Set(event.0),
            requester_id: Set(people[a].0),
            target_company_id: Set(people[b].1),
            target_participant_id: Set(Some(people[b].0)),
            message: Set(String::new()),
            priority: Set((next() % 3) as i32),
            state: Set("confirmed".into()),
            booking: Set("schedule".into()),
            wanted_slot_id: Set(None),
            availability: Set(String::new()),
            decline_reason: Set(String::new()),
            cancel_reason: Set(String::new()),
            is_expert: Set(false),
            created_by_user_id: Set(None),
            expires_at: Set(None),
            reminded_at: Set(None),
            decided_at: Set(Some(now)),
            confirmed_at: Set(Some(now)),
            updated_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(200) {
        meeting_request::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    eprintln!(
        "setup: {} participants, {} requests, {} tables per session in {:.1} s",
        people.len(),
        rows.len(),
        tables_per_session,
        setup.elapsed().as_secs_f64()
    );

    // The back-office path of a run.
    let actor = services::audit::Actor::system("bench");
    let total = Instant::now();
    let run = services::meetings::scheduling::start_run(db, &actor, event, false)
        .await
        .unwrap();
    let build = Instant::now();
    let built = services::meetings::scheduling::build_problem(db, event.0, false, 1000)
        .await
        .unwrap();
    let build_ms = build.elapsed().as_secs_f64() * 1000.0;
    drop(built);
    let solve = Instant::now();
    let proposal = services::meetings::scheduling::execute_run(
        db.clone(),
        event,
        run.id,
        false,
        (o.seconds * 1000.0) as u64,
    )
    .await
    .expect("proposal");
    let run_ms = solve.elapsed().as_secs_f64() * 1000.0;
    let publish = Instant::now();
    let report = services::meetings::scheduling::publish(db, &actor, event, run.id, &app.base_url)
        .await
        .unwrap();
    let publish_ms = publish.elapsed().as_secs_f64() * 1000.0;
    let total_ms = total.elapsed().as_secs_f64() * 1000.0;

    // The grid page over HTTP, as an organizer.
    app.create_user("organizer@bench.test", "bench organizer 2027", true)
        .await;
    let browser = app.browser();
    browser
        .login("organizer@bench.test", "bench organizer 2027")
        .await;
    let mut grid = vec![];
    let mut search = vec![];
    for n in 0..o.requests {
        let session = sessions[n % sessions.len()];
        let path = format!("/admin/events/{}/grid?session={session}", event.0);
        let start = Instant::now();
        let page = browser.get(&path).await;
        grid.push(start.elapsed());
        assert_eq!(page.status, reqwest::StatusCode::OK);
        let path = format!(
            "/admin/events/{}/grid?session={session}&q=nom{}",
            event.0,
            n * 7 % o.participants
        );
        let start = Instant::now();
        let page = browser.get(&path).await;
        search.push(start.elapsed());
        assert_eq!(page.status, reqwest::StatusCode::OK);
    }
    // The agenda page over HTTP, as participants (ten of them, in turn).
    let mut agenda = vec![];
    let participants: Vec<_> = (0..10)
        .map(|k| {
            let browser = app.browser();
            (k * o.participants / 10, browser)
        })
        .collect();
    for (n, browser) in &participants {
        browser
            .login(&format!("p{n}@bench.test"), "bench password 2027")
            .await;
    }
    for n in 0..o.requests {
        let (_, browser) = &participants[n % participants.len()];
        let path = format!("/me/events/{}/meetings", event.0);
        let start = Instant::now();
        let page = browser.get(&path).await;
        agenda.push(start.elapsed());
        assert_eq!(page.status, reqwest::StatusCode::OK);
    }
    let backend = if std::env::var("AGORA_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("### Meetings at scale ({backend})\n");
    println!(
        "{} participants, {} confirmed requests, 4 sessions × 10–12 slots, {} tables per session; solver budget {:.1} s.\n",
        people.len(),
        rows.len(),
        tables_per_session,
        o.seconds
    );
    println!("| Step | ms |\n|---|---:|");
    println!("| build the problem from the database (alone) | {build_ms:.0} |");
    println!("| run: build + solve + store the proposal | {run_ms:.0} |");
    println!(
        "| publish: {} placements, seats, tables, notices, one transaction | {publish_ms:.0} |",
        report.placed
    );
    println!("| **total (start → published)** | **{total_ms:.0}** |\n");
    println!(
        "Placed {} / {} (upper bound {:?}), breaks {}, per participant min/median/max {:?}, skipped {}.\n",
        proposal.placed,
        proposal.total,
        proposal.upper_bound,
        proposal.breaks,
        proposal.per_participant,
        report.skipped.len()
    );
    println!(
        "| Page ({} requests) | median ms | p95 ms | max ms |\n|---|---:|---:|---:|",
        o.requests
    );
    let (m, p, x) = stats(grid);
    println!("| session grid | {m:.1} | {p:.1} | {x:.1} |");
    let (m, p, x) = stats(search);
    println!("| session grid + agenda search by name | {m:.1} | {p:.1} | {x:.1} |");
    let (m, p, x) = stats(agenda);
    println!("| participant agenda (`/me/events/{{id}}/meetings`) | {m:.1} | {p:.1} | {x:.1} |");
}
