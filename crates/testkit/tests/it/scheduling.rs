//! Scheduling runs and the organizer's grid: the problem built from the database, a run from
//! the back office with its progress and proposal, publication with seats, tables and
//! notices, incremental runs and re-plans, grid actions with their conflict refusals, scope
//! of co-organizers, and a session on the day clocks change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, NaiveTime, Utc};
use domain::{EventId, Locale, Permission};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use services::audit::Actor;
use services::meetings::booking::{self, Target};
use services::meetings::scheduling::{self as runs, Adjust};
use store::entities::{
    b2b_session, expert_profile, meeting, meeting_request, place, session_attendance, slot,
    unavailable_slot,
};
use testkit::TestApp;
use testkit::meetings::{MeetingWorld, RequestSeed};

const ADMIN_PASSWORD: &str = "planning des rendez-vous 2027";

async fn admin(app: &TestApp, email: &str) -> testkit::Browser {
    app.principal_admin(email, ADMIN_PASSWORD).await
}

/// A request both sides agreed to (state `confirmed`), optionally limited to some slots.
async fn confirmed(app: &TestApp, world: &MeetingWorld, a: usize, b: usize, slots: &[i64]) -> i64 {
    let availability = if slots.is_empty() {
        String::new()
    } else {
        serde_json::to_string(slots).unwrap()
    };
    let seed = RequestSeed {
        availability,
        ..RequestSeed::new("confirmed")
    };
    world.insert_request(app, (a, b), seed).await.id
}

async fn place_at(app: &TestApp, request_id: i64, slot_id: i64, locked: bool) {
    let request = meeting_request::Entity::find_by_id(request_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let txn = store::begin_write(&app.db).await.unwrap();
    let target = Target {
        slot_id,
        place_id: None,
        locked,
    };
    booking::place(&txn, &request, target, Utc::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
}

async fn block(app: &TestApp, world: &MeetingWorld, person: usize, slot_id: i64) {
    unavailable_slot::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[person].participant_id),
        slot_id: Set(slot_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn slot_of(app: &TestApp, request_id: i64) -> Option<i64> {
    store::meetings::placement_of(&app.db, request_id)
        .await
        .unwrap()
        .map(|m| m.slot_id)
}

async fn state_of(app: &TestApp, request_id: i64) -> String {
    meeting_request::Entity::find_by_id(request_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state
}

/// Runs the scheduler as the back office does, waiting for the proposal.
async fn run(app: &TestApp, world: &MeetingWorld, replan: bool) -> (i64, runs::Proposal) {
    let actor = Actor::system("test");
    let row = runs::start_run(&app.db, &actor, world.event, replan)
        .await
        .unwrap();
    let proposal = runs::execute_run(app.db.clone(), world.event, row.id, replan, 1_000)
        .await
        .expect("a proposal");
    (row.id, proposal)
}

fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    app.smtp
        .messages()
        .into_iter()
        .filter(|m| m.recipients.iter().any(|r| r == email))
        .map(|m| m.data.replace("=\r\n", ""))
        .collect()
}

// REQ: MTG-3
// REQ: EXP-3
#[tokio::test]
async fn problem_is_built_from_tables_attendance_experts_and_placed_meetings() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-build", 4, 2).await;
    let now = Utc::now();
    // p0 attends the first session only; p1 blocked the first slot.
    session_attendance::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[0].participant_id),
        session_id: Set(world.sessions[0]),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    block(&app, &world, 1, world.slots[0][0]).await;
    // p2 is an expert with a desk and a cap of 1.
    let desk = place::ActiveModel {
        event_id: Set(world.event.0),
        session_id: Set(None),
        venue_id: Set(None),
        kind: Set("desk".into()),
        label: Set("Bureau expert".into()),
        owner_participant_id: Set(None),
        position: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    expert_profile::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[2].participant_id),
        max_meetings: Set(Some(1)),
        place_id: Set(Some(desk.id)),
        sought_fr: Set(String::new()),
        sought_en: Set(String::new()),
        is_available: Set(true),
        updated_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let r1 = confirmed(&app, &world, 0, 1, &[world.slots[0][1], world.slots[0][2]]).await;
    let r2 = confirmed(&app, &world, 3, 2, &[]).await;
    let r3 = confirmed(&app, &world, 1, 3, &[]).await;
    place_at(&app, r3, world.slots[1][1], false).await;

    let built = runs::build_problem(&app.db, world.event.0, false, 1_000)
        .await
        .unwrap();
    let p = &built.problem;
    assert_eq!(p.slots.len(), 6);
    assert!(p.slots.iter().all(|s| s.capacity == 2));
    assert_eq!(p.slots[0].session, p.slots[2].session);
    assert_ne!(p.slots[2].session, p.slots[3].session);
    let person = |i: usize| {
        p.participants
            .iter()
            .find(|x| x.id == format!("p{}", world.people[i].participant_id))
            .unwrap()
    };
    let second_session: Vec<String> = world.slots[1].iter().map(|s| format!("s{s}")).collect();
    assert_eq!(person(0).unavailable, second_session);
    assert_eq!(
        person(1).unavailable,
        vec![format!("s{}", world.slots[0][0])]
    );
    assert_eq!(person(2).max_meetings, Some(1));
    assert_eq!(person(2).location, Some(format!("l{}", desk.id)));
    assert_eq!(person(3).max_meetings, None);
    let meeting = |r: i64| p.meetings.iter().find(|m| m.id == format!("r{r}")).unwrap();
    assert_eq!(
        meeting(r1).allowed_slots,
        Some(vec![
            format!("s{}", world.slots[0][1]),
            format!("s{}", world.slots[0][2])
        ])
    );
    assert_eq!(meeting(r1).rank, Some(r1));
    assert_eq!(meeting(r2).allowed_slots, None);
    assert_eq!(meeting(r2).fixed_slot, None);
    assert_eq!(
        meeting(r3).fixed_slot,
        Some(format!("s{}", world.slots[1][1]))
    );

    // Re-plan: only locked meetings stay fixed.
    let replan = runs::build_problem(&app.db, world.event.0, true, 1_000)
        .await
        .unwrap();
    let m3 = replan
        .problem
        .meetings
        .iter()
        .find(|m| m.id == format!("r{r3}"))
        .unwrap();
    assert_eq!(m3.fixed_slot, None);
    place_at(&app, r3, world.slots[1][1], true).await;
    let replan = runs::build_problem(&app.db, world.event.0, true, 1_000)
        .await
        .unwrap();
    let m3 = replan
        .problem
        .meetings
        .iter()
        .find(|m| m.id == format!("r{r3}"))
        .unwrap();
    assert_eq!(m3.fixed_slot, Some(format!("s{}", world.slots[1][1])));

    // An expert who dropped out is left out, with a reason.
    expert_profile::Entity::update_many()
        .col_expr(
            expert_profile::Column::IsAvailable,
            sea_orm::sea_query::Expr::value(false),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let built = runs::build_problem(&app.db, world.event.0, false, 1_000)
        .await
        .unwrap();
    assert!(
        !built
            .problem
            .meetings
            .iter()
            .any(|m| m.id == format!("r{r2}"))
    );
    assert_eq!(
        built.excluded,
        vec![(r2, "scheduling-reason-expert-unavailable")]
    );
}

// REQ: MTG-3
// REQ: MTG-5
// REQ: EXP-5
#[tokio::test]
async fn a_run_from_the_back_office_shows_progress_then_a_proposal_that_publishes_and_notifies() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-web", 4, 2).await;
    let browser = admin(&app, "planner@sched-web.test").await;
    let r1 = confirmed(&app, &world, 0, 1, &[]).await;
    let r2 = confirmed(&app, &world, 2, 3, &[]).await;
    let base = format!("/admin/events/{}/scheduling", world.event.0);

    // While a run works, the page shows a progress bar fed by a JSON endpoint.
    let running =
        store::meetings::scheduling::insert_run(&app.db, world.event.0, false, 1, Utc::now())
            .await
            .unwrap();
    store::meetings::scheduling::set_run_progress(&app.db, running.id, 420)
        .await
        .unwrap();
    let page = browser.get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("<progress"), "{}", page.body);
    assert!(page.contains("value=\"420\""));
    assert!(page.contains("http-equiv=\"refresh\""));
    let json = browser
        .get(&format!("{base}/runs/{}/progress.json", running.id))
        .await;
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["state"], "running");
    assert_eq!(value["progress"], 420);
    // A second run is refused while one is running.
    let refused = browser
        .post_form(&format!("{base}/start"), &[("seconds", "1")])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    // The server stops mid-run: once past its budget the run shows as interrupted, in the
    // page's language, and a new run may start.
    let mut stuck: store::entities::scheduling_run::ActiveModel = running.clone().into();
    stuck.created_at = Set(Utc::now() - chrono::Duration::minutes(30));
    stuck.update(&app.db).await.unwrap();
    let page = browser.get(&format!("{base}?run={}", running.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("interrompu"), "{}", page.body);
    assert!(!page.contains("<progress"));
    assert_eq!(
        app.count(
            "scheduling_run",
            &format!("id = {} AND state = 'failed'", running.id)
        )
        .await,
        1
    );

    // A real run.
    let started = browser
        .post_form(&format!("{base}/start"), &[("seconds", "1")])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let location = started.location.unwrap();
    let run_id: i64 = location.rsplit('=').next().unwrap().parse().unwrap();
    let mut state = String::new();
    for _ in 0..300 {
        let json = browser
            .get(&format!("{base}/runs/{run_id}/progress.json"))
            .await;
        let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        state = value["state"].as_str().unwrap().to_string();
        if state != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state, "ready");
    let page = browser.get(&location).await;
    assert!(page.contains("id=\"proposal\""));
    assert!(page.contains("2 / 2"), "{}", page.body);
    assert!(page.contains("Prénom0 Nom0"));
    assert!(page.contains("Table 1"));

    // Publish: meetings with seats and tables, both sides told.
    let published = browser
        .post_form(&format!("{base}/runs/{run_id}/publish"), &[])
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert!(published.contains("id=\"publish-report\""));
    for r in [r1, r2] {
        assert_eq!(state_of(&app, r).await, "scheduled");
    }
    assert_eq!(
        app.count("meeting", &format!("event_id = {}", world.event.0))
            .await,
        2
    );
    assert_eq!(
        app.count("meeting_seat", &format!("event_id = {}", world.event.0))
            .await,
        4
    );
    assert_eq!(
        app.count("table_use", &format!("event_id = {}", world.event.0))
            .await,
        2
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'scheduling_run' AND action = 'publish'"
        )
        .await,
        1
    );
    app.deliver_outbox().await;
    for person in &world.people {
        assert_eq!(mails_to(&app, &person.email).len(), 1, "{}", person.email);
    }
    // Published once only.
    let again = browser
        .post_form(&format!("{base}/runs/{run_id}/publish"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

// REQ: MTG-3
// REQ: EXP-5
#[tokio::test]
async fn incremental_runs_keep_published_meetings_and_replan_moves_unlocked_ones() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-replan", 3, 1).await;
    let a = world.slots[0][0];
    let held = confirmed(&app, &world, 0, 1, &[]).await;
    place_at(&app, held, a, false).await;
    // p2 can only meet in slot a, where p0 already sits.
    for s in world.slots.iter().flatten().filter(|s| **s != a) {
        block(&app, &world, 2, *s).await;
    }
    let newcomer = confirmed(&app, &world, 2, 0, &[]).await;

    // Incremental: the published meeting stays; the new one cannot be placed, with a reason
    // naming people, not ids.
    let (_, proposal) = run(&app, &world, false).await;
    assert_eq!(proposal.placed, 1);
    assert_eq!(proposal.unplaced.len(), 1);
    assert_eq!(proposal.unplaced[0].request_id, newcomer);
    assert!(
        !proposal.unplaced[0]
            .reason
            .contains(&format!("p{}", world.people[2].participant_id))
    );
    // The scheduler's English sentence is rewritten in both languages, with names.
    let why = &proposal.unplaced[0];
    let (fr, en) = (why.reason_in(Locale::Fr), why.reason_in(Locale::En));
    assert!(fr.starts_with("Dans son seul créneau possible, "), "{fr}");
    assert!(fr.contains(&world.people[0].name), "{fr}");
    assert!(en.starts_with("In its only possible slot, "), "{en}");
    assert!(en.contains(&world.people[0].name), "{en}");
    let kept = proposal
        .assignments
        .iter()
        .find(|x| x.request_id == held)
        .unwrap();
    assert!(kept.unchanged);

    // Locked: a re-plan keeps it too.
    place_at(&app, held, a, true).await;
    let (_, proposal) = run(&app, &world, true).await;
    assert_eq!(proposal.unplaced.len(), 1);

    // Unlocked: a re-plan moves it and places both.
    place_at(&app, held, a, false).await;
    let (run_id, proposal) = run(&app, &world, true).await;
    assert_eq!(proposal.placed, 2, "{proposal:?}");
    let report = runs::publish(
        &app.db,
        &Actor::system("test"),
        world.event,
        run_id,
        "http://x",
    )
    .await
    .unwrap();
    assert_eq!((report.placed, report.moved), (1, 1));
    assert_eq!(slot_of(&app, newcomer).await, Some(a));
    assert_ne!(slot_of(&app, held).await, Some(a));
    assert!(slot_of(&app, held).await.is_some());
    app.deliver_outbox().await;
    // p1 hears of the move; p2 of the new meeting; p0 of both.
    assert_eq!(mails_to(&app, &world.people[1].email).len(), 1);
    assert_eq!(mails_to(&app, &world.people[2].email).len(), 1);
    assert_eq!(mails_to(&app, &world.people[0].email).len(), 2);
}

// REQ: MTG-3
#[tokio::test]
async fn publishing_skips_requests_that_changed_and_removed_assignments() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-skip", 6, 2).await;
    let r1 = confirmed(&app, &world, 0, 1, &[]).await;
    let r2 = confirmed(&app, &world, 2, 3, &[]).await;
    let r3 = confirmed(&app, &world, 4, 5, &[]).await;
    let (run_id, _) = run(&app, &world, false).await;
    runs::adjust(&app.db, world.event, run_id, r2, Adjust::Remove)
        .await
        .unwrap();
    // r3 is cancelled meanwhile.
    store::meetings::set_request_state(&app.db, r3, "confirmed", "cancelled", Utc::now())
        .await
        .unwrap();
    let report = runs::publish(
        &app.db,
        &Actor::system("test"),
        world.event,
        run_id,
        "http://x",
    )
    .await
    .unwrap();
    assert_eq!(report.placed, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].1, "scheduling-skip-changed");
    assert_eq!(state_of(&app, r1).await, "scheduled");
    assert_eq!(state_of(&app, r2).await, "confirmed");
    assert_eq!(state_of(&app, r3).await, "cancelled");
}

// REQ: MTG-7
// REQ: EXP-5
// REQ: EXP-8
#[tokio::test]
async fn the_grid_creates_moves_swaps_and_cancels_with_conflict_checks() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-grid", 5, 2).await;
    let browser = admin(&app, "grid@sched-grid.test").await;
    let base = format!("/admin/events/{}/grid", world.event.0);
    let p = |i: usize| world.people[i].participant_id.to_string();
    let s = |session: usize, i: usize| world.slots[session][i].to_string();
    let session = world.sessions[0].to_string();

    // Create.
    let created = browser
        .post_form(
            &format!("{base}/create"),
            &[
                ("session", &session),
                ("first", &p(0)),
                ("second", &p(1)),
                ("slot", &s(0, 0)),
                ("table", ""),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let m1 = meeting_request::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.event_id == world.event.0)
        .unwrap();
    assert_eq!(m1.state, "scheduled");
    assert!(m1.created_by_user_id.is_some());
    let table_of_m1 = store::meetings::placement_of(&app.db, m1.id)
        .await
        .unwrap()
        .unwrap()
        .place_id
        .unwrap();
    let grid = browser.get(&format!("{base}?session={session}")).await;
    assert!(
        grid.contains("Prénom0 Nom0 ↔ Prénom1 Nom1"),
        "{}",
        grid.body
    );

    // Conflicts: a side already busy, a table already used.
    let busy = browser
        .post_form(
            &format!("{base}/create"),
            &[
                ("session", &session),
                ("first", &p(0)),
                ("second", &p(2)),
                ("slot", &s(0, 0)),
            ],
        )
        .await;
    assert_eq!(busy.status, StatusCode::CONFLICT);
    assert!(busy.contains("id=\"grid-alert\""));
    let table = table_of_m1.to_string();
    let used = browser
        .post_form(
            &format!("{base}/create"),
            &[
                ("session", &session),
                ("first", &p(2)),
                ("second", &p(3)),
                ("slot", &s(0, 0)),
                ("table", &table),
            ],
        )
        .await;
    assert_eq!(used.status, StatusCode::CONFLICT);
    let ok = browser
        .post_form(
            &format!("{base}/create"),
            &[
                ("session", &session),
                ("first", &p(2)),
                ("second", &p(3)),
                ("slot", &s(0, 1)),
                ("table", &table),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let m2 = meeting_request::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.event_id == world.event.0 && r.id != m1.id)
        .unwrap();
    assert_eq!(
        app.count("meeting_request", &format!("event_id = {}", world.event.0))
            .await,
        2
    );

    // Move (late arrival): onto m2's table in its slot is refused; to a later slot works.
    let m1s = m1.id.to_string();
    let clash = browser
        .post_form(
            &format!("{base}/move"),
            &[
                ("session", &session),
                ("meeting", &m1s),
                ("slot", &s(0, 1)),
                ("table", &table),
            ],
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(slot_of(&app, m1.id).await, Some(world.slots[0][0]));
    let moved = browser
        .post_form(
            &format!("{base}/move"),
            &[("session", &session), ("meeting", &m1s), ("slot", &s(0, 2))],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(slot_of(&app, m1.id).await, Some(world.slots[0][2]));

    // Swap.
    let m2s = m2.id.to_string();
    let swapped = browser
        .post_form(
            &format!("{base}/swap"),
            &[("session", &session), ("meeting", &m1s), ("other", &m2s)],
        )
        .await;
    assert_eq!(swapped.status, StatusCode::SEE_OTHER, "{}", swapped.body);
    assert_eq!(slot_of(&app, m1.id).await, Some(world.slots[0][1]));
    assert_eq!(slot_of(&app, m2.id).await, Some(world.slots[0][2]));
    // A swap that would seat someone twice is refused: p0 meets p4 in m2's slot.
    let m3 = confirmed(&app, &world, 0, 4, &[]).await;
    place_at(&app, m3, world.slots[0][2], false).await;
    let twice = browser
        .post_form(
            &format!("{base}/swap"),
            &[("session", &session), ("meeting", &m1s), ("other", &m2s)],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.contains("id=\"grid-alert\""));
    assert_eq!(slot_of(&app, m1.id).await, Some(world.slots[0][1]));
    assert_eq!(slot_of(&app, m2.id).await, Some(world.slots[0][2]));

    // Cancel with a reason; a second cancel is refused.
    let cancelled = browser
        .post_form(
            &format!("{base}/cancel"),
            &[
                ("session", &session),
                ("meeting", &m1s),
                ("reason", "Flight delayed"),
            ],
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, m1.id).await, "cancelled");
    assert_eq!(slot_of(&app, m1.id).await, None);
    let again = browser
        .post_form(
            &format!("{base}/cancel"),
            &[
                ("session", &session),
                ("meeting", &m1s),
                ("reason", "again"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    app.deliver_outbox().await;
    let to_p1 = mails_to(&app, &world.people[1].email);
    assert_eq!(to_p1.len(), 4, "created, moved, swapped, cancelled");
    assert!(to_p1.iter().any(|m| m.contains("Flight delayed")));
    assert_eq!(
        app.count("audit_entry", "entity = 'meeting'").await,
        5,
        "2 creates, move, swap, cancel"
    );

    // Agendas by name.
    let agendas = browser
        .get(&format!("{base}?session={session}&q=nom3"))
        .await;
    assert!(
        agendas.contains("<h3>Prénom3 Nom3</h3>"),
        "{}",
        agendas.body
    );
    assert!(agendas.contains("Prénom2 Nom2"));
}

// REQ: MTG-7
#[tokio::test]
async fn a_co_organizer_of_another_event_is_refused() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-own", 2, 1).await;
    let other = app.create_event("sched-other").await;
    let user = app
        .create_user("coorg@sched-other.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(user, other, &[Permission::ManageMeetings]).await;
    let browser = app.browser();
    browser
        .login("coorg@sched-other.test", ADMIN_PASSWORD)
        .await;
    let id = world.event.0;
    // Their own event works.
    let own = browser
        .get(&format!("/admin/events/{}/scheduling", other.0))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    for path in [
        format!("/admin/events/{id}/scheduling"),
        format!("/admin/events/{id}/grid"),
    ] {
        let page = browser.get(&path).await;
        assert!(
            [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&page.status),
            "{path}: {}",
            page.status
        );
    }
    let p0 = world.people[0].participant_id.to_string();
    let p1 = world.people[1].participant_id.to_string();
    let slot = world.slots[0][0].to_string();
    for (path, fields) in [
        (
            format!("/admin/events/{id}/scheduling/start"),
            vec![("seconds", "1")],
        ),
        (
            format!("/admin/events/{id}/grid/create"),
            vec![
                ("first", p0.as_str()),
                ("second", p1.as_str()),
                ("slot", slot.as_str()),
            ],
        ),
        (format!("/admin/events/{id}/grid/fill"), vec![]),
    ] {
        let page = browser.post_form(&path, &fields).await;
        assert!(
            [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&page.status),
            "{path}: {}",
            page.status
        );
    }
    assert_eq!(app.count("scheduling_run", "1 = 1").await, 0);
    assert_eq!(app.count("meeting", "1 = 1").await, 0);
    // A meeting of another event cannot be moved through one's own event.
    let r = confirmed(&app, &world, 0, 1, &[]).await;
    place_at(&app, r, world.slots[0][0], false).await;
    let rs = r.to_string();
    let page = browser
        .post_form(
            &format!("/admin/events/{}/grid/cancel", other.0),
            &[("meeting", rs.as_str()), ("reason", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(state_of(&app, r).await, "scheduled");
}

// REQ: MTG-1
// REQ: MTG-3
#[tokio::test]
async fn a_session_on_the_day_clocks_change_gets_correct_local_times() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "sched-dst", 2, 1).await;
    // Sunday 28 March 2027: Paris moves from UTC+1 to UTC+2 at 02:00.
    let day = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
    let now = Utc::now();
    let session = b2b_session::ActiveModel {
        event_id: Set(world.event.0),
        venue_id: Set(None),
        name_fr: Set("Dimanche".into()),
        name_en: Set("Sunday".into()),
        day: Set(day),
        starts_local: Set("09:00".into()),
        ends_local: Set("10:00".into()),
        slot_minutes: Set(30),
        pause_minutes: Set(0),
        updated_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let times = domain::meeting::session_slot_times(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        30,
        0,
        chrono_tz::Europe::Paris,
    )
    .unwrap();
    let mut ids = vec![];
    for (position, (starts_at, ends_at)) in times.into_iter().enumerate() {
        let row = slot::ActiveModel {
            event_id: Set(world.event.0),
            session_id: Set(session.id),
            position: Set(position as i32),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(row);
    }
    assert_eq!(ids[0].starts_at.to_rfc3339(), "2027-03-28T07:00:00+00:00");
    place::ActiveModel {
        event_id: Set(world.event.0),
        session_id: Set(Some(session.id)),
        venue_id: Set(None),
        kind: Set("table".into()),
        label: Set("Table D".into()),
        owner_participant_id: Set(None),
        position: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let r = confirmed(&app, &world, 0, 1, &[ids[0].id]).await;
    let (run_id, proposal) = run(&app, &world, false).await;
    assert_eq!(proposal.assignments[0].when, "2027-03-28 09:00");
    runs::publish(
        &app.db,
        &Actor::system("test"),
        world.event,
        run_id,
        "http://x",
    )
    .await
    .unwrap();
    assert_eq!(slot_of(&app, r).await, Some(ids[0].id));
    let m = meeting::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(m.len(), 1);
    app.deliver_outbox().await;
    let mail = mails_to(&app, &world.people[0].email);
    assert!(mail[0].contains("28/03/2027 09:00"), "{}", mail[0]);
    let browser = admin(&app, "dst@sched-dst.test").await;
    let grid = browser
        .get(&format!(
            "/admin/events/{}/grid?session={}",
            world.event.0, session.id
        ))
        .await;
    assert!(grid.contains("28/03/2027 09:00"), "{}", grid.body);
    let _ = EventId(0);
}
