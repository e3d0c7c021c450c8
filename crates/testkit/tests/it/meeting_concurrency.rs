//! No double booking, ever (MTG-2, MTG-4): 64 colliding HTTP requests against two app
//! instances sharing one database — 32 requesters confirming pick-a-slot requests for the same
//! person in the same slot, and 16 company requests each accepted at once by both of the
//! company's people. Afterwards nobody sits twice in a slot, no table is used twice, every
//! success is a real row and every refusal a clean 409. Runs on SQLite, and on PostgreSQL
//! when `AGORA_TEST_POSTGRES_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::meetings::requests::{self, SendForm};
use std::sync::Arc;
use store::entities::{meeting, meeting_request, meeting_seat, slot_waitlist, table_use};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const BASE: &str = "http://agora.test";
const REQUESTERS: usize = 32;
const COMPANY_REQUESTS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn sixty_four_colliding_confirms_and_accepts_on_two_instances() {
    // REQ: MTG-4
    // REQ: MTG-2
    let first = TestApp::spawn().await;
    let second = first.spawn_sibling().await;
    let apps = [&first, &second];
    // p0 is wanted by everyone; p1..=p32 ask; the company of p33 has two people.
    let world = MeetingWorld::build(&first, "rdv-course", REQUESTERS + 2, 4).await;
    let target = &world.people[0];
    let company = &world.people[REQUESTERS + 1];
    let colleague_email = "bis@rdv-course.test";
    let user = first.create_user(colleague_email, PASSWORD, false).await;
    let colleague = store::events::insert_participant(
        &first.db,
        store::events::ParticipantRow {
            id: 0,
            event_id: world.event.0,
            user_id: user.0,
            company_id: Some(company.company_id),
            kind: "participant".into(),
            status: "validated".into(),
            job_title_fr: String::new(),
            job_title_en: String::new(),
            created_at: Utc::now(),
            first_name: "Bis".into(),
            last_name: "Collègue".into(),
            phone: String::new(),
            is_company_editor: false,
            coorganizer_user_id: None,
        },
    )
    .await
    .unwrap();
    let slot = world.slots[0][0];

    // Arrange: every requester asks p0 for the same slot, and p0 accepts them all.
    let mut pick_requests = Vec::new();
    for n in 1..=REQUESTERS {
        let form = SendForm {
            target_company_id: target.company_id,
            target_participant_id: Some(target.participant_id),
            priority: 2,
            booking: "pick_slot".into(),
            slot_id: Some(slot),
            ..Default::default()
        };
        let (request, _) = requests::send_request(
            &first.db,
            BASE,
            world.people[n].user_id,
            world.event.0,
            &form,
            Utc::now(),
        )
        .await
        .unwrap();
        requests::accept(
            &first.db,
            BASE,
            target.user_id,
            world.event.0,
            request.id,
            None,
            Utc::now(),
        )
        .await
        .unwrap();
        pick_requests.push((n, request.id));
    }
    // …and the first 16 also ask the two-person company, letting it choose.
    let mut company_requests = Vec::new();
    for n in 1..=COMPANY_REQUESTS {
        let form = SendForm {
            target_company_id: company.company_id,
            target_participant_id: None,
            priority: 2,
            booking: "pick_slot".into(),
            slot_id: Some(world.slots[1][n % 3]),
            ..Default::default()
        };
        let (request, _) = requests::send_request(
            &first.db,
            BASE,
            world.people[n].user_id,
            world.event.0,
            &form,
            Utc::now(),
        )
        .await
        .unwrap();
        company_requests.push(request.id);
    }

    // Browsers, alternately on each instance.
    let mut requesters: Vec<Arc<Browser>> = Vec::new();
    for n in 1..=REQUESTERS {
        let browser = apps[n % 2].browser();
        browser.login(&world.people[n].email, PASSWORD).await;
        requesters.push(Arc::new(browser));
    }
    let company_people = [
        (company.participant_id, company.email.as_str(), apps[0]),
        (colleague.id, colleague_email, apps[1]),
    ];
    let mut acceptors: Vec<(i64, Arc<Browser>)> = Vec::new();
    for (participant, email, app) in company_people {
        let browser = app.browser();
        browser.login(email, PASSWORD).await;
        acceptors.push((participant, Arc::new(browser)));
    }

    // Act: 32 confirms and 32 accepts at once, interleaved.
    let event = world.event.0;
    let mut confirm_tasks = Vec::new();
    let mut accept_tasks = Vec::new();
    for (i, ((_, id), browser)) in pick_requests.iter().zip(requesters.iter()).enumerate() {
        let (id, browser) = (*id, browser.clone());
        confirm_tasks.push(tokio::spawn(async move {
            let path = format!("/me/events/{event}/requests/{id}/confirm");
            (id, browser.post_form(&path, &[]).await.status)
        }));
        if let Some(request) = company_requests.get(i / 2) {
            let (participant, browser) = acceptors[i % 2].clone();
            let request = *request;
            accept_tasks.push(tokio::spawn(async move {
                let path = format!("/me/events/{event}/requests/{request}/accept");
                (
                    request,
                    participant,
                    browser.post_form(&path, &[]).await.status,
                )
            }));
        }
    }
    let mut confirmed = Vec::new();
    for task in confirm_tasks {
        confirmed.push(task.await.unwrap());
    }
    let mut accepted = Vec::new();
    for task in accept_tasks {
        accepted.push(task.await.unwrap());
    }
    assert_eq!(confirmed.len() + accepted.len(), 64);

    // Every answer is a success or a clean conflict, never a 500.
    for (id, status) in &confirmed {
        assert_eq!(*status, StatusCode::SEE_OTHER, "confirm of {id}");
    }
    for (id, _, status) in &accepted {
        assert!(
            *status == StatusCode::SEE_OTHER || *status == StatusCode::CONFLICT,
            "accept of {id}: {status}"
        );
    }

    let db = &first.db;
    let seats = meeting_seat::Entity::find().all(db).await.unwrap();
    let mut pairs: Vec<(i64, i64)> = seats
        .iter()
        .map(|s| (s.participant_id, s.slot_id))
        .collect();
    pairs.sort_unstable();
    let total = pairs.len();
    pairs.dedup();
    assert_eq!(total, pairs.len(), "nobody sits twice in a slot");
    let uses = table_use::Entity::find().all(db).await.unwrap();
    let mut tables: Vec<(i64, i64)> = uses.iter().map(|u| (u.slot_id, u.place_id)).collect();
    tables.sort_unstable();
    let total = tables.len();
    tables.dedup();
    assert_eq!(total, tables.len(), "no table used twice in a slot");

    // Confirms: exactly one meeting for p0 in the slot; every other success waits on its list.
    let meetings = meeting::Entity::find().all(db).await.unwrap();
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0].slot_id, slot);
    assert_eq!(
        seats
            .iter()
            .filter(|s| s.participant_id == target.participant_id)
            .count(),
        1
    );
    for (_, id) in &pick_requests {
        let row = meeting_request::Entity::find_by_id(*id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let waiting = slot_waitlist::Entity::find()
            .filter(slot_waitlist::Column::RequestId.eq(*id))
            .all(db)
            .await
            .unwrap();
        match row.state.as_str() {
            "scheduled" => {
                assert_eq!(meetings[0].request_id, *id);
                assert!(waiting.is_empty());
            }
            "confirmed" => assert_eq!(waiting.len(), 1, "request {id} waits for the slot"),
            other => panic!("request {id} is {other}"),
        }
    }

    // Accepts: for each request exactly one person won, and the row names the winner.
    for id in &company_requests {
        let wins: Vec<_> = accepted
            .iter()
            .filter(|(r, _, s)| r == id && *s == StatusCode::SEE_OTHER)
            .collect();
        assert_eq!(wins.len(), 1, "request {id}: {accepted:?}");
        let row = meeting_request::Entity::find_by_id(*id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.state, "accepted");
        assert_eq!(row.target_participant_id, Some(wins[0].1));
    }
}
