//! The participant's agenda: day view and list with partner and table in both languages,
//! cancelling (the other side and, for experts, the organizers are told; the seat and the
//! table are freed), the iCalendar file and the private subscription URL, and ratings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use domain::Permission;
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use services::meetings::booking::PlaceError;
use store::entities::{meeting_request, outbox_message, slot};
use testkit::meetings::{MeetingWorld, PASSWORD, RequestSeed, place_in_slot};
use testkit::{Browser, TestApp};

async fn logged_in(app: &TestApp, email: &str) -> Browser {
    app.logged_in(email, PASSWORD).await
}

async fn state_of(app: &TestApp, id: i64) -> meeting_request::Model {
    meeting_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn mails_to(app: &TestApp, recipient: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .filter(outbox_message::Column::Channel.eq("email"))
        .all(&app.db)
        .await
        .unwrap()
}

/// Joins folded iCalendar lines.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

// REQ: PRV-1
#[tokio::test]
async fn agenda_shows_meeting_with_partner_and_table_in_french_and_english() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-view", 3, 2).await;
    world.meeting(&app, 0, 1, world.slots[0][0]).await;
    // A request waiting for p0's answer is counted with a link to the requests page.
    world.request(&app, 2, 0, "requested").await;
    // A slot p0 blocked shows as unavailable in the day view.
    store::entities::unavailable_slot::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[0].participant_id),
        slot_id: Set(world.slots[0][2]),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let id = world.event.0;
    let browser = logged_in(&app, &world.people[0].email).await;
    let page = browser.get(&format!("/me/events/{id}/meetings")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Mon agenda"), "{}", page.body);
    assert!(page.contains("Prénom1 Nom1 (Société 1 Énergie)"));
    assert!(page.contains("Table 1"));
    // 09:00 in Paris, the event's time zone, although the slot is stored in UTC.
    assert!(page.contains("09:00–09:20"));
    assert!(page.contains("10/03/2027"));
    assert!(page.contains("Planifié"));
    assert!(page.contains("Demandes de rendez-vous en attente de votre réponse : 1."));
    assert!(page.contains(&format!("/me/events/{id}/requests")));
    assert!(page.contains("Libre"), "free slots in the day view");
    assert!(
        page.contains("Non disponible"),
        "blocked slot in the day view"
    );
    browser.get("/lang/en?next=/").await;
    let page = browser.get(&format!("/me/events/{id}/meetings")).await;
    assert!(page.contains("My agenda"), "{}", page.body);
    assert!(page.contains("Prénom1 Nom1 (Société 1 Énergie)"));
    assert!(page.contains("Table 1"));
    assert!(page.contains("2027-03-10 09:00–09:20"));
    assert!(page.contains("Scheduled"));
    assert!(page.contains("Meeting requests waiting for your answer: 1."));
    // The printable version: the meetings without the forms.
    let print = browser
        .get(&format!("/me/events/{id}/meetings?print=1"))
        .await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.contains("Agenda of Prénom0 Nom0"));
    assert!(print.contains("Table 1"));
    assert!(!print.contains("/cancel\""));
    // The other side sees the same meeting.
    let other = logged_in(&app, &world.people[1].email).await;
    let page = other.get(&format!("/me/events/{id}/meetings")).await;
    assert!(page.contains("Prénom0 Nom0 (Société 0 Énergie)"));
    assert!(page.contains("Table 1"));
}

// REQ: MTG-6
#[tokio::test]
async fn cancelling_tells_the_other_side_and_frees_seat_and_table() {
    let app = TestApp::spawn().await;
    // One table per session: the next meeting in that slot needs the freed table.
    let world = MeetingWorld::build(&app, "agenda-cancel", 3, 1).await;
    let slot = world.slots[0][1];
    let id = world.event.0;
    let request_id = world.meeting(&app, 0, 1, slot).await.id;
    let blocked = world.request(&app, 1, 2, "confirmed").await;
    assert!(matches!(
        place_in_slot(&app, &blocked, slot).await,
        Err(PlaceError::Taken | PlaceError::NoTable)
    ));

    let browser = logged_in(&app, &world.people[0].email).await;
    let done = browser
        .post_form(
            &format!("/me/events/{id}/meetings/{request_id}/cancel"),
            &[("reason", "Train supprimé")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let row = state_of(&app, request_id).await;
    assert_eq!(row.state, "cancelled");
    assert_eq!(row.cancel_reason, "Train supprimé");
    assert_eq!(
        app.count("meeting", &format!("request_id = {request_id}"))
            .await,
        0
    );
    assert_eq!(
        app.count("meeting_seat", &format!("slot_id = {slot}"))
            .await,
        0
    );
    assert_eq!(
        app.count("table_use", &format!("slot_id = {slot}")).await,
        0
    );

    // The other side is told, with the time and the reason; the canceller is not.
    let told = mails_to(&app, &world.people[1].email).await;
    assert_eq!(told.len(), 1);
    assert!(told[0].subject.contains("annulé"), "{}", told[0].subject);
    assert!(told[0].body_text.contains("Train supprimé"));
    assert!(told[0].body_text.contains("10/03/2027 09:20"));
    assert!(mails_to(&app, &world.people[0].email).await.is_empty());
    app.deliver_outbox().await;
    let delivered = app.smtp.messages();
    assert!(
        delivered
            .iter()
            .any(|m| m.recipients == vec![world.people[1].email.clone()])
    );

    // Seat and table are free again.
    place_in_slot(&app, &blocked, slot).await.unwrap();
    let page = browser.get(&format!("/me/events/{id}/meetings")).await;
    assert!(page.contains("Annulé"));
    assert!(page.contains("Train supprimé"));

    // Cancelling twice is a clear refusal, nothing changes.
    let again = browser
        .post_form(
            &format!("/me/events/{id}/meetings/{request_id}/cancel"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.contains("ne peut plus être modifié"));
    assert_eq!(mails_to(&app, &world.people[1].email).await.len(), 1);
}

// REQ: MTG-6
#[tokio::test]
async fn cancelling_an_expert_meeting_tells_the_organizers() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-expert", 2, 2).await;
    let organizer = app
        .create_user("orga@agenda-expert.test", PASSWORD, false)
        .await;
    app.grant(organizer, world.event, &[Permission::ManageMeetings])
        .await;
    let bystander = app
        .create_user("accueil@agenda-expert.test", PASSWORD, false)
        .await;
    app.grant(bystander, world.event, &[Permission::CheckIn])
        .await;
    let id = world.event.0;
    let seed = RequestSeed {
        booking: "pick_slot",
        expert: true,
        ..RequestSeed::new("confirmed")
    };
    let expert_meeting = world.insert_request(&app, (0, 1), seed).await;
    place_in_slot(&app, &expert_meeting, world.slots[1][0])
        .await
        .unwrap();
    let request_id = expert_meeting.id;
    let browser = logged_in(&app, &world.people[1].email).await;
    let done = browser
        .post_form(
            &format!("/me/events/{id}/meetings/{request_id}/cancel"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let told = mails_to(&app, "orga@agenda-expert.test").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].body_text.contains("Prénom0 Nom0"));
    assert!(told[0].body_text.contains("Prénom1 Nom1"));
    assert!(told[0].body_text.contains("11/03/2027 09:00"));
    assert!(
        mails_to(&app, "accueil@agenda-expert.test")
            .await
            .is_empty()
    );
    assert_eq!(mails_to(&app, &world.people[0].email).await.len(), 1);
}

#[tokio::test]
async fn nobody_cancels_or_sees_someone_elses_meeting() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-guard", 3, 2).await;
    let other_world = MeetingWorld::build(&app, "agenda-guard-2", 1, 1).await;
    let id = world.event.0;
    let request_id = world.meeting(&app, 0, 1, world.slots[0][0]).await.id;
    let intruder = logged_in(&app, &world.people[2].email).await;
    let refused = intruder
        .post_form(
            &format!("/me/events/{id}/meetings/{request_id}/cancel"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(state_of(&app, request_id).await.state, "scheduled");
    let page = intruder.get(&format!("/me/events/{id}/meetings")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.contains("Prénom0 Nom0"));
    let ics = intruder.get(&format!("/me/events/{id}/agenda.ics")).await;
    assert!(!ics.contains("BEGIN:VEVENT"));
    // Another event's agenda: not registered there.
    let other = other_world.event.0;
    assert_eq!(
        intruder
            .get(&format!("/me/events/{other}/meetings"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        intruder
            .get(&format!("/me/events/{other}/agenda.ics"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Not logged in: to the login page.
    let anonymous = app.browser();
    let page = anonymous.get(&format!("/me/events/{id}/agenda.ics")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap().starts_with("/login"));
}

// REQ: PRV-1
#[tokio::test]
async fn calendar_file_has_utc_times_stable_uids_and_escaped_text() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-ics", 2, 2).await;
    let id = world.event.0;
    let slot_id = world.slots[1][2];
    let request_id = world.meeting(&app, 0, 1, slot_id).await.id;
    let mut company = store::entities::company::Entity::find_by_id(world.people[1].company_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    company.name = Set("Dupont, Fils; Cie \\ associés".into());
    company.update(&app.db).await.unwrap();
    let slot_row = slot::Entity::find_by_id(slot_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let browser = logged_in(&app, &world.people[0].email).await;
    let (status, headers, bytes) = browser
        .get_bytes(&format!("/me/events/{id}/agenda.ics"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let raw = String::from_utf8(bytes).unwrap();
    assert!(raw.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(raw.ends_with("END:VCALENDAR\r\n"));
    for line in raw.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        assert!(!line.contains('\n'));
    }
    let ics = unfold(&raw);
    // 11 March 2027, 09:40 in Paris is 08:40 UTC.
    let start = slot_row.starts_at.format("%Y%m%dT%H%M%SZ").to_string();
    assert_eq!(start, "20270311T084000Z");
    assert!(ics.contains(&format!("DTSTART:{start}\r\n")), "{ics}");
    assert!(ics.contains("DTEND:20270311T090000Z\r\n"));
    assert!(
        ics.contains(
            "SUMMARY:Rendez-vous : Prénom1 Nom1 (Dupont\\, Fils\\; Cie \\\\ associés)\r\n"
        )
    );
    assert!(ics.contains("LOCATION:Table 1\r\n"));
    let uid = format!("UID:agora-meeting-{id}-{request_id}@agora\r\n");
    assert!(ics.contains(&uid));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    // Same UID on the next download, in the other language too.
    browser.get("/lang/en?next=/").await;
    let again = unfold(
        &browser
            .get(&format!("/me/events/{id}/agenda.ics"))
            .await
            .body,
    );
    assert!(again.contains(&uid));
    assert!(again.contains("SUMMARY:Meeting: Prénom1 Nom1 (Dupont\\, Fils\\; Cie \\\\ associés)"));
}

// REQ: PRV-1
#[tokio::test]
async fn subscription_url_works_without_login_until_revoked() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-feed", 2, 2).await;
    let id = world.event.0;
    world.meeting(&app, 0, 1, world.slots[0][0]).await;
    let browser = logged_in(&app, &world.people[0].email).await;
    let created = browser
        .post_form(&format!("/me/events/{id}/calendar/feed"), &[])
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let url = feed_url(&created.body);
    let path = url.strip_prefix(&app.base_url).unwrap().to_string();
    let token = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics")
        .to_string();
    // Only the hash is stored.
    assert_eq!(app.count("calendar_feed", "1 = 1").await, 1);
    assert_eq!(
        app.count("calendar_feed", &format!("token_hash = '{token}'"))
            .await,
        0
    );
    // The page no longer shows it.
    let page = browser.get(&format!("/me/events/{id}/meetings")).await;
    assert!(!page.contains(&token));

    let stranger = app.browser();
    let feed = stranger.get(&path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.contains("DTSTART:20270310T080000Z"));
    assert!(feed.contains("Prénom1 Nom1"));
    assert_eq!(
        stranger.get("/calendar/not-a-token.ics").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger.get(&format!("/calendar/{token}")).await.status,
        StatusCode::NOT_FOUND
    );

    // A new address replaces the old one.
    let renewed = browser
        .post_form(&format!("/me/events/{id}/calendar/feed"), &[])
        .await;
    let new_path = feed_url(&renewed.body)
        .strip_prefix(&app.base_url)
        .unwrap()
        .to_string();
    assert_ne!(new_path, path);
    assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&new_path).await.status, StatusCode::OK);

    // Revoked: 404.
    let revoked = browser
        .post_form(&format!("/me/events/{id}/calendar/feed/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(stranger.get(&new_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("calendar_feed", "1 = 1").await, 0);
}

fn feed_url(body: &str) -> String {
    let start = body.find("http://").expect("feed url on the page");
    let rest = &body[start..];
    let end = rest.find('"').unwrap();
    let url = rest[..end].to_string();
    assert!(url.contains("/calendar/") && url.ends_with(".ics"), "{url}");
    url
}

// REQ: MTG-10
#[tokio::test]
async fn ratings_only_after_the_slot_and_only_by_the_two_sides() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "agenda-rating", 3, 2).await;
    let id = world.event.0;
    let slot_id = world.slots[0][0];
    let request_id = world.meeting(&app, 0, 1, slot_id).await.id;
    let rate_url = format!("/me/events/{id}/meetings/{request_id}/rating");
    let p0 = logged_in(&app, &world.people[0].email).await;
    let early = p0
        .post_form(&rate_url, &[("rating", "instructive"), ("comment", "")])
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(app.count("meeting_rating", "1 = 1").await, 0);
    let page = p0.get(&format!("/me/events/{id}/meetings")).await;
    assert!(!page.contains(&rate_url));

    // The slot is over.
    let mut row = slot::Entity::find_by_id(slot_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.starts_at = Set(Utc::now() - Duration::hours(2));
    row.ends_at = Set(Utc::now() - Duration::hours(1));
    row.update(&app.db).await.unwrap();
    let page = p0.get(&format!("/me/events/{id}/meetings")).await;
    assert!(page.contains(&rate_url));
    assert!(page.contains("Coopération possible"));

    let outsider = logged_in(&app, &world.people[2].email).await;
    let refused = outsider
        .post_form(&rate_url, &[("rating", "instructive"), ("comment", "")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let unknown = p0
        .post_form(&rate_url, &[("rating", "excellent"), ("comment", "Super")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.contains("Choisissez un résultat"));
    assert!(unknown.contains("Super"), "comment kept");

    let saved = p0
        .post_form(
            &rate_url,
            &[("rating", "instructive"), ("comment", "Très utile")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    // Editable: a second answer replaces the first.
    let edited = p0
        .post_form(
            &rate_url,
            &[
                ("rating", "cooperation_possible"),
                ("comment", "Suite prévue"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let p1 = logged_in(&app, &world.people[1].email).await;
    let other = p1
        .post_form(
            &rate_url,
            &[("rating", "partnership_agreed"), ("comment", "")],
        )
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("meeting_rating", "1 = 1").await, 2);

    let ratings = services::meetings::ratings::ratings_of_request(&app.db, world.event, request_id)
        .await
        .unwrap();
    assert_eq!(ratings.len(), 2);
    let mine = ratings
        .iter()
        .find(|r| r.participant_id == world.people[0].participant_id)
        .unwrap();
    assert_eq!(mine.code, "cooperation_possible");
    assert_eq!(mine.comment, "Suite prévue");
    assert_eq!(mine.label_en, "Cooperation possible");
    let all = services::meetings::ratings::ratings_of_event(&app.db, world.event)
        .await
        .unwrap();
    assert_eq!(all[&request_id].len(), 2);
    let page = p0.get(&format!("/me/events/{id}/meetings")).await;
    assert!(page.contains("Votre évaluation : Coopération possible"));

    // A meeting the organizer marked held can be rated before its slot ends.
    let held = world.meeting(&app, 0, 2, world.slots[1][0]).await.id;
    let mut row = state_of(&app, held).await.into_active_model();
    row.state = Set("held".into());
    row.update(&app.db).await.unwrap();
    let ok = p0
        .post_form(
            &format!("/me/events/{id}/meetings/{held}/rating"),
            &[("rating", "insufficient_interest"), ("comment", "")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}
