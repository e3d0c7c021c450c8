//! The organizer's list of every meeting request (MTG-9) and the outcome of each meeting
//! (MTG-10).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use domain::Permission;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use store::entities::{meeting_rating, meeting_request};
use testkit::TestApp;
use testkit::meetings::{MeetingWorld, RequestSeed};

const PASSWORD: &str = "cheval agrafe pile rouge";

/// Inserts a request between two participants in a given state.
async fn request(
    app: &TestApp,
    world: &MeetingWorld,
    from: usize,
    to: usize,
    state: &'static str,
) -> meeting_request::Model {
    let seed = RequestSeed {
        message: "Parlons export",
        priority: 1,
        decline_reason: if state == "declined" {
            "Pas le bon profil"
        } else {
            ""
        },
        ..RequestSeed::new(state)
    };
    world.insert_request(app, (from, to), seed).await
}

async fn organizer(app: &TestApp, world: &MeetingWorld, email: &str) -> testkit::Browser {
    let login = (email, PASSWORD);
    app.organizer(world.event, login, &[Permission::ManageMeetings])
        .await
}

#[tokio::test]
async fn organizers_see_every_request_by_state_and_record_outcomes() {
    // REQ: MTG-9
    // REQ: MTG-10
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "suivi", 4, 2).await;
    let confirmed = request(&app, &world, 0, 1, "confirmed").await;
    let declined = request(&app, &world, 2, 3, "declined").await;
    let pending = request(&app, &world, 3, 0, "requested").await;
    services::meetings::booking::place(
        &app.db,
        &confirmed,
        services::meetings::booking::Target {
            slot_id: world.slots[0][1],
            place_id: None,
            locked: false,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    meeting_rating::ActiveModel {
        event_id: Set(world.event.0),
        request_id: Set(confirmed.id),
        participant_id: Set(world.people[1].participant_id),
        rating: Set("cooperation_possible".into()),
        comment: Set("Suite prévue en juin".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let admin = organizer(&app, &world, "orga@suivi.test").await;
    let all = admin
        .get(&format!("/admin/events/{}/requests", world.event))
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.contains("3 demande(s)"), "{}", all.body);
    assert!(all.contains("Prénom0 Nom0 (Société 0 Énergie)"));
    assert!(
        all.contains("Planifiée"),
        "the placed request shows as scheduled"
    );
    // 09:20 Paris on the first day: the second slot, and the first free table.
    assert!(all.contains("10/03/2027 09:20, Table 1"), "{}", all.body);
    assert!(all.contains("Coopération possible — Suite prévue en juin"));
    assert!(all.contains("Pas le bon profil"));

    let only_declined = admin
        .get(&format!(
            "/admin/events/{}/requests?state=declined",
            world.event
        ))
        .await;
    assert!(only_declined.contains(&format!("request-{}", declined.id)));
    assert!(!only_declined.contains(&format!("request-{}", confirmed.id)));
    assert!(!only_declined.contains(&format!("request-{}", pending.id)));

    let held = admin
        .post_form(
            &format!(
                "/admin/events/{}/requests/{}/outcome",
                world.event, confirmed.id
            ),
            &[("outcome", "held")],
        )
        .await;
    assert_eq!(held.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "meeting_request",
            &format!("id = {} AND state = 'held'", confirmed.id)
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "audit_entry",
            &format!(
                "entity = 'meeting_request' AND entity_id = '{}'",
                confirmed.id
            )
        )
        .await,
        1,
        "the outcome is audited"
    );
    // A meeting that never had a time cannot have taken place.
    let refused = admin
        .post_form(
            &format!(
                "/admin/events/{}/requests/{}/outcome",
                world.event, pending.id
            ),
            &[("outcome", "held")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "meeting_request",
            &format!("id = {} AND state = 'requested'", pending.id)
        )
        .await,
        1
    );
    let after = admin
        .get(&format!("/admin/events/{}/requests", world.event))
        .await;
    assert!(
        after.contains("est pas planifié"),
        "the refusal is explained"
    );
    // Corrected afterwards: a no-show.
    admin
        .post_form(
            &format!(
                "/admin/events/{}/requests/{}/outcome",
                world.event, confirmed.id
            ),
            &[("outcome", "no_show")],
        )
        .await;
    assert_eq!(
        app.count(
            "meeting_request",
            &format!("id = {} AND state = 'no_show'", confirmed.id)
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_request_list_is_closed_to_participants_and_other_events() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "ferme", 2, 1).await;
    let other = MeetingWorld::build(&app, "autre", 2, 1).await;
    let confirmed = request(&app, &world, 0, 1, "confirmed").await;

    let participant = app.browser();
    participant
        .login(&world.people[0].email, testkit::meetings::PASSWORD)
        .await;
    let page = participant
        .get(&format!("/admin/events/{}/requests", world.event))
        .await;
    assert!(
        page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND,
        "{}",
        page.status
    );

    // An organizer of another event cannot read or change this event's requests.
    let stranger = organizer(&app, &other, "orga@autre.test").await;
    let page = stranger
        .get(&format!("/admin/events/{}/requests", world.event))
        .await;
    assert!(page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND);
    assert!(!page.contains("Prénom0"));
    let post = stranger
        .post_form(
            &format!(
                "/admin/events/{}/requests/{}/outcome",
                other.event, confirmed.id
            ),
            &[("outcome", "no_show")],
        )
        .await;
    assert_eq!(
        post.status,
        StatusCode::NOT_FOUND,
        "a request id of another event is unknown here"
    );
    assert_eq!(
        app.count(
            "meeting_request",
            &format!("id = {} AND state = 'confirmed'", confirmed.id)
        )
        .await,
        1
    );
}
