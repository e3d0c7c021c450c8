//! Meeting setup (issue 5): B2B sessions and their slots (time zone, DST), edits and deletes
//! that list impacted meetings and keep or cancel them with notices, shared tables and stands,
//! the event's meeting rules, access refusals, and the participant's availability.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use domain::{EventId, Permission};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use services::meetings::availability::Availability;
use store::entities::{b2b_session, event, field_value, meeting_request, slot};
use testkit::TestApp;
use testkit::meetings::{MeetingWorld, PASSWORD};

const ADMIN: &str = "orga@cci.test";
const ADMIN_PASSWORD: &str = "cheval agrafe pile rouge";

async fn admin(app: &TestApp) -> testkit::Browser {
    app.principal_admin(ADMIN, ADMIN_PASSWORD).await
}

async fn state_of(app: &TestApp, request: i64) -> String {
    meeting_request::Entity::find_by_id(request)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state
}

async fn slots_of(app: &TestApp, session: i64) -> Vec<slot::Model> {
    store::meetings::setup::slots_of_session(&app.db, session)
        .await
        .unwrap()
}

fn session_fields<'a>(
    day: &'a str,
    starts: &'a str,
    ends: &'a str,
    minutes: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name_fr", "Matinée d’affaires"),
        ("name_en", "Business morning"),
        ("day", day),
        ("starts", starts),
        ("ends", ends),
        ("slot_minutes", minutes),
        ("pause_minutes", "0"),
        ("venue_id", ""),
        ("part", "morning"),
    ]
}

// REQ: MTG-1
// REQ: BO-4
#[tokio::test]
async fn slots_are_generated_in_the_event_time_zone_across_a_dst_change() {
    let app = TestApp::spawn().await;
    let event_id = app.create_event("forum-dst").await;
    // The event spans the night when Paris moves to summer time (2027-03-28).
    let row = event::Entity::find_by_id(event_id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: event::ActiveModel = row.into();
    row.starts_on = Set(NaiveDate::from_ymd_opt(2027, 3, 27).unwrap());
    row.ends_on = Set(NaiveDate::from_ymd_opt(2027, 3, 29).unwrap());
    row.update(&app.db).await.unwrap();
    let orga = admin(&app).await;
    let url = format!("/admin/events/{}/sessions", event_id.0);
    for day in ["2027-03-27", "2027-03-29"] {
        let done = orga
            .post_form(&url, &session_fields(day, "09:00", "10:00", "20"))
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    // A replayed new-session form creates nothing more.
    let mut once = session_fields("2027-03-27", "14:00", "15:00", "20");
    once.push(("idempotency_key", "session-once"));
    for _ in 0..2 {
        let done = orga.post_form(&url, &once).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
    }
    let sessions = store::meetings::setup::sessions(&app.db, event_id.0)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 3);
    let sessions: Vec<_> = sessions
        .into_iter()
        .filter(|s| s.starts_local == "09:00")
        .collect();
    let before = slots_of(&app, sessions[0].id).await;
    let after = slots_of(&app, sessions[1].id).await;
    assert_eq!(before.len(), 3);
    assert_eq!(
        before[0].starts_at,
        Utc.with_ymd_and_hms(2027, 3, 27, 8, 0, 0).unwrap()
    );
    assert_eq!(
        before[2].ends_at,
        Utc.with_ymd_and_hms(2027, 3, 27, 9, 0, 0).unwrap()
    );
    assert_eq!(
        after[0].starts_at,
        Utc.with_ymd_and_hms(2027, 3, 29, 7, 0, 0).unwrap()
    );
    assert_eq!(
        after[1].starts_at,
        Utc.with_ymd_and_hms(2027, 3, 29, 7, 20, 0).unwrap()
    );
    // A night session whose slot would start in the skipped hour is refused, explained.
    let refused = orga
        .post_form(&url, &session_fields("2027-03-28", "01:30", "03:30", "30"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("changement d’heure"), "{}", refused.body);
    // The page shows the local times.
    let page = orga.get(&url).await;
    assert!(page.contains("09:00–09:20"));
}

// REQ: MTG-1
#[tokio::test]
async fn bad_session_input_comes_back_translated_and_refilled() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-bad", 1, 1).await;
    let orga = admin(&app).await;
    let url = format!("/admin/events/{}/sessions", world.event.0);
    let end_before = orga
        .post_form(&url, &session_fields("2027-03-10", "11:00", "10:00", "20"))
        .await;
    assert_eq!(end_before.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(end_before.contains("La fin doit être après le début."));
    assert!(end_before.contains("value=\"Matinée d’affaires\""));
    assert!(end_before.contains("value=\"11:00\""));
    let short = orga
        .post_form(&url, &session_fields("2027-03-10", "09:00", "10:00", "3"))
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.contains("entre 15 et 60 minutes"));
    let outside = orga
        .post_form(&url, &session_fields("2027-04-02", "09:00", "10:00", "20"))
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside.contains("compris dans les dates de l’événement"));
    assert!(outside.contains("value=\"2027-04-02\""));
    // In English too.
    orga.get("/lang/en?next=/").await;
    let english = orga
        .post_form(&url, &session_fields("2027-03-10", "11:00", "10:00", "20"))
        .await;
    assert!(english.contains("The end must be after the start."));
    assert_eq!(
        store::meetings::setup::sessions(&app.db, world.event.0)
            .await
            .unwrap()
            .len(),
        2,
        "nothing created"
    );
}

// REQ: MTG-1
// REQ: MTG-5
#[tokio::test]
async fn a_session_edit_lists_impacted_meetings_and_keeps_them_to_be_placed_again() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-edit", 4, 2).await;
    let session = world.sessions[0];
    let early = world.meeting(&app, 2, 3, world.slots[0][0]).await.id;
    let late = world.meeting(&app, 0, 1, world.slots[0][2]).await.id;
    let orga = admin(&app).await;
    let url = format!("/admin/events/{}/sessions/{session}", world.event.0);
    // The session now ends at 09:40: the 09:40 slot and its meeting would go.
    let fields = vec![
        ("name_fr", "Matinée 1"),
        ("name_en", "Morning 1"),
        ("day", "2027-03-10"),
        ("starts", "09:00"),
        ("ends", "09:40"),
        ("slot_minutes", "20"),
        ("pause_minutes", "0"),
    ];
    let asked = orga.post_form(&url, &fields).await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    assert!(asked.contains("Prénom0 Nom0"), "{}", asked.body);
    assert!(asked.contains("Prénom1 Nom1"));
    assert!(asked.contains("10/03/2027 09:40"));
    assert!(asked.contains("Table 1"));
    assert!(
        !asked.contains("Prénom2 Nom2"),
        "an unchanged slot is not impacted"
    );
    assert!(asked.contains("name=\"impact\" value=\"keep\""));
    assert_eq!(
        slots_of(&app, session).await.len(),
        3,
        "nothing changed yet"
    );
    assert_eq!(state_of(&app, late).await, "scheduled");

    let mut keep = fields.clone();
    keep.push(("impact", "keep"));
    let done = orga.post_form(&url, &keep).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let slots = slots_of(&app, session).await;
    assert_eq!(slots.len(), 2);
    assert_eq!(
        slots[0].id, world.slots[0][0],
        "unchanged slots keep their ids"
    );
    assert_eq!(slots[1].id, world.slots[0][1]);
    assert_eq!(state_of(&app, late).await, "confirmed");
    assert!(
        store::meetings::placement_of(&app.db, late)
            .await
            .unwrap()
            .is_none()
    );
    let kept = store::meetings::placement_of(&app.db, early)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        kept.slot_id, world.slots[0][0],
        "the meeting of a kept slot stays"
    );
    assert_eq!(state_of(&app, early).await, "scheduled");
    assert_eq!(
        app.count(
            "audit_entry",
            &format!("entity = 'b2b_session' AND action = 'update' AND entity_id = '{session}'")
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "outbox_message",
            "channel = 'email' AND subject LIKE '%doit être replacé%'"
        )
        .await,
        2
    );
    app.deliver_outbox().await;
    let mails = app.smtp.messages();
    for person in &world.people[0..2] {
        assert!(mails.iter().any(|m| m.recipients.contains(&person.email)));
    }
    assert!(
        !mails
            .iter()
            .any(|m| m.recipients.contains(&world.people[2].email))
    );
}

// REQ: MTG-1
#[tokio::test]
async fn deleting_a_session_can_cancel_its_meetings_with_notices() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-del", 2, 1).await;
    let session = world.sessions[1];
    let request = world.meeting(&app, 0, 1, world.slots[1][1]).await.id;
    let orga = admin(&app).await;
    let url = format!("/admin/events/{}/sessions/{session}/delete", world.event.0);
    let asked = orga.post_form(&url, &[]).await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    assert!(asked.contains("Prénom0 Nom0"));
    assert!(
        store::meetings::setup::session(&app.db, world.event.0, session)
            .await
            .unwrap()
            .is_some()
    );
    let done = orga.post_form(&url, &[("impact", "cancel")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        store::meetings::setup::session(&app.db, world.event.0, session)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        app.count("slot", &format!("session_id = {session}")).await,
        0
    );
    assert_eq!(
        app.count("place", &format!("session_id = {session}")).await,
        0
    );
    assert_eq!(state_of(&app, request).await, "cancelled");
    assert_eq!(
        app.count("meeting", &format!("request_id = {request}"))
            .await,
        0
    );
    assert_eq!(
        app.count(
            "outbox_message",
            "channel = 'email' AND subject LIKE '%annulé%'"
        )
        .await,
        2
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'b2b_session' AND action = 'delete'"
        )
        .await,
        1
    );
    app.deliver_outbox().await;
    assert!(
        app.smtp
            .messages()
            .iter()
            .any(|m| m.recipients.contains(&world.people[1].email))
    );
}

// REQ: MTG-1
// REQ: EXP-1
#[tokio::test]
async fn tables_and_stands_are_added_renamed_and_deleted_without_losing_meetings() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-tables", 3, 2).await;
    let orga = admin(&app).await;
    let id = world.event.0;
    let session = world.sessions[0];
    let add = [("count", "3"), ("idempotency_key", "tables-once")];
    let done = orga
        .post_form(
            &format!("/admin/events/{id}/sessions/{session}/tables"),
            &add,
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    // A replayed form (double click) adds nothing more.
    let again = orga
        .post_form(
            &format!("/admin/events/{id}/sessions/{session}/tables"),
            &add,
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("place", &format!("session_id = {session}")).await,
        5
    );
    for n in 3..=5 {
        assert_eq!(
            app.count(
                "place",
                &format!("session_id = {session} AND label = 'Table {n}'")
            )
            .await,
            1
        );
    }
    orga.post_form(
        &format!("/admin/events/{id}/sessions/{session}/tables"),
        &[("label", "Salon Rhône")],
    )
    .await;
    assert_eq!(
        app.count("place", "label = 'Salon Rhône' AND kind = 'table'")
            .await,
        1
    );
    let too_many = orga
        .post_form(
            &format!("/admin/events/{id}/sessions/{session}/tables"),
            &[("count", "0")],
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.contains("entre 1 et 500"));
    let table = world.tables[0][0];
    orga.post_form(
        &format!("/admin/events/{id}/places/{table}/rename"),
        &[("label", "Table VIP")],
    )
    .await;
    assert_eq!(
        app.count("place", &format!("id = {table} AND label = 'Table VIP'"))
            .await,
        1
    );
    // A table in use: listed, then kept to be placed again.
    let request = world.meeting(&app, 0, 1, world.slots[0][0]).await.id;
    let placed = store::meetings::placement_of(&app.db, request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(placed.place_id, Some(table));
    let delete = format!("/admin/events/{id}/places/{table}/delete");
    let asked = orga.post_form(&delete, &[]).await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    assert!(asked.contains("Table VIP"));
    assert_eq!(app.count("place", &format!("id = {table}")).await, 1);
    let done = orga.post_form(&delete, &[("impact", "keep")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("place", &format!("id = {table}")).await, 0);
    assert_eq!(state_of(&app, request).await, "confirmed");
    // An unused table goes at once.
    let free = world.tables[0][1];
    let done = orga
        .post_form(&format!("/admin/events/{id}/places/{free}/delete"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    // A stand owned by a participant: their meetings are held there.
    let owner = world.people[2].participant_id.to_string();
    let done = orga
        .post_form(
            &format!("/admin/events/{id}/stands"),
            &[
                ("participant_id", owner.as_str()),
                ("kind", "stand"),
                ("label", "Stand B12"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let request = world.meeting(&app, 2, 0, world.slots[1][0]).await.id;
    let placed = store::meetings::placement_of(&app.db, request)
        .await
        .unwrap()
        .unwrap();
    let stand = store::meetings::setup::place(&app.db, id, placed.place_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stand.label, "Stand B12");
    assert_eq!(stand.kind, "stand");
    let page = orga.get(&format!("/admin/events/{id}/sessions")).await;
    assert!(page.contains("Stand B12"));
    assert!(page.contains("Salon Rhône"));
}

// REQ: MTG-2
#[tokio::test]
async fn meeting_rules_are_saved_checked_and_audited() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-rules", 1, 1).await;
    let orga = admin(&app).await;
    let url = format!("/admin/events/{}/meeting-settings", world.event.0);
    let page = orga.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Intérêt insuffisant"));
    let good = [
        ("pick_slot_allowed", "on"),
        ("requests_per_participant", "5"),
        ("meetings_per_participant", "12"),
        ("forbid", "expert:expert"),
        ("forbid", "company:student"),
        ("expiry_days", "5"),
        ("reminder_days_before_expiry", "1"),
        ("meeting_reminder_minutes", "30"),
        ("sms_enabled", "on"),
        ("expert_mode", "pre_assign"),
        ("rating_code_0", "bad"),
        ("rating_fr_0", "Sans intérêt"),
        ("rating_en_0", "No interest"),
        ("rating_fr_1", "Partenariat"),
        ("rating_en_1", "Partnership"),
    ];
    let done = orga.post_form(&url, &good).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let saved = services::meetings::settings::load(&app.db, world.event)
        .await
        .unwrap();
    assert!(saved.pick_slot_allowed);
    assert!(!saved.scheduling_allowed);
    assert_eq!(saved.requests_per_participant, Some(5));
    assert_eq!(saved.meetings_per_participant, Some(12));
    assert!(!saved.may_meet(Some("student"), Some("company")));
    assert!(saved.may_meet(Some("company"), Some("company")));
    assert_eq!(saved.expiry_days, 5);
    assert!(saved.sms_enabled);
    assert_eq!(
        saved.expert_mode,
        services::meetings::settings::ExpertMode::PreAssign
    );
    assert_eq!(saved.rating_scale.len(), 2);
    assert_eq!(saved.rating_scale[0].code, "bad");
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'meeting_settings' AND action = 'update'"
        )
        .await,
        1
    );
    // Bad input: no booking mode, reminder after expiry; refilled, nothing saved.
    let bad = orga
        .post_form(
            &url,
            &[
                ("requests_per_participant", "7"),
                ("expiry_days", "3"),
                ("reminder_days_before_expiry", "4"),
                ("meeting_reminder_minutes", "30"),
                ("expert_mode", "first_come"),
                ("rating_fr_0", "Un"),
                ("rating_fr_1", "Deux"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("au moins un mode de prise de rendez-vous"));
    assert!(bad.contains("Le rappel doit précéder l’expiration."));
    assert!(bad.contains("value=\"7\""));
    let unchanged = services::meetings::settings::load(&app.db, world.event)
        .await
        .unwrap();
    assert_eq!(unchanged, saved);
}

// REQ: MTG-1
#[tokio::test]
async fn organizers_without_the_right_or_of_another_event_are_refused() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-guard", 2, 1).await;
    let other = app.create_event("forum-autre").await;
    let id = world.event.0;
    let helper = app
        .create_user("aide@cci.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(helper, world.event, &[Permission::ValidateRegistrations])
        .await;
    let stranger = app
        .create_user("autre@cci.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(stranger, other, &[Permission::ManageMeetings])
        .await;
    for (email, expected) in [
        ("aide@cci.test", StatusCode::FORBIDDEN),
        ("autre@cci.test", StatusCode::FORBIDDEN),
    ] {
        let browser = app.browser();
        browser.login(email, ADMIN_PASSWORD).await;
        for path in ["sessions", "meeting-settings"] {
            let page = browser.get(&format!("/admin/events/{id}/{path}")).await;
            assert_eq!(page.status, expected, "{email} GET {path}");
        }
        let post = browser
            .post_form(
                &format!("/admin/events/{id}/sessions"),
                &session_fields("2027-03-10", "14:00", "15:00", "20"),
            )
            .await;
        assert_eq!(post.status, expected, "{email} POST");
        let delete = browser
            .post_form(
                &format!("/admin/events/{id}/sessions/{}/delete", world.sessions[0]),
                &[("impact", "cancel")],
            )
            .await;
        assert_eq!(delete.status, expected);
    }
    // The right holder of the other event cannot reach this event's session through theirs.
    let browser = app.browser();
    browser.login("autre@cci.test", ADMIN_PASSWORD).await;
    let cross = browser
        .post_form(
            &format!(
                "/admin/events/{}/sessions/{}/delete",
                other.0, world.sessions[0]
            ),
            &[("impact", "cancel")],
        )
        .await;
    assert_eq!(cross.status, StatusCode::NOT_FOUND);
    // A participant is no organizer.
    let participant = app.browser();
    participant.login(&world.people[0].email, PASSWORD).await;
    let page = participant
        .get(&format!("/admin/events/{id}/sessions"))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("b2b_session", &format!("event_id = {id}")).await,
        2
    );
    // A co-organizer holding the right may.
    let manager = app.create_user("rdv@cci.test", ADMIN_PASSWORD, false).await;
    app.grant(manager, world.event, &[Permission::ManageMeetings])
        .await;
    let browser = app.browser();
    browser.login("rdv@cci.test", ADMIN_PASSWORD).await;
    assert_eq!(
        browser
            .get(&format!("/admin/events/{id}/sessions"))
            .await
            .status,
        StatusCode::OK
    );
}

// REQ: MTG-1
#[tokio::test]
async fn participant_availability_is_saved_respected_and_never_drops_meetings_silently() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "forum-dispo", 3, 2).await;
    let id = world.event.0;
    // Sessions marked morning / afternoon; p1 answered "afternoon" at registration.
    for (session, part) in world.sessions.iter().zip(["morning", "afternoon"]) {
        let row = b2b_session::Entity::find_by_id(*session)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut row: b2b_session::ActiveModel = row.into();
        row.part = Set(part.into());
        row.update(&app.db).await.unwrap();
    }
    field_value::ActiveModel {
        event_id: Set(id),
        field_key: Set("sessions".into()),
        participant_id: Set(Some(world.people[1].participant_id)),
        company_id: Set(None),
        offer_id: Set(None),
        value: Set("afternoon".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let p1 = app.browser();
    p1.login(&world.people[1].email, PASSWORD).await;
    let page = p1.get(&format!("/me/events/{id}/availability")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Proposition d’après votre inscription"));
    let first = format!(
        "id=\"session-{}\" name=\"session\" value=\"{}\" type=\"checkbox\" checked",
        world.sessions[0], world.sessions[0]
    );
    let second = format!(
        "id=\"session-{}\" name=\"session\" value=\"{}\" type=\"checkbox\" checked",
        world.sessions[1], world.sessions[1]
    );
    assert!(!page.contains(&first), "the morning is not pre-ticked");
    assert!(page.contains(&second), "the afternoon is pre-ticked");

    // p0 attends the first session and blocks its second slot.
    let p0 = app.browser();
    p0.login(&world.people[0].email, PASSWORD).await;
    let url = format!("/me/events/{id}/availability");
    let s0 = world.sessions[0].to_string();
    let s1 = world.sessions[1].to_string();
    let blocked = world.slots[0][1].to_string();
    let done = p0
        .post_form(
            &url,
            &[("session", s0.as_str()), ("block", blocked.as_str())],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let availability = Availability::load(&app.db, id).await.unwrap();
    let me = world.people[0].participant_id;
    assert!(availability.is_free(me, world.slots[0][0]));
    assert!(!availability.is_free(me, world.slots[0][1]));
    assert!(!availability.is_free(me, world.slots[1][0]));
    assert!(availability.is_free(world.people[2].participant_id, world.slots[1][0]));
    let page = p0.get(&url).await;
    assert!(page.contains(&format!(
        "id=\"block-{blocked}\" name=\"block\" value=\"{blocked}\" type=\"checkbox\" checked"
    )));

    // No session at all is refused, refilled.
    let none = p0.post_form(&url, &[]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.contains("Cochez au moins une session."));

    // Moving to the afternoon while a morning meeting exists: listed, then cancelled.
    let request = world.meeting(&app, 0, 2, world.slots[0][0]).await.id;
    let asked = p0.post_form(&url, &[("session", s1.as_str())]).await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    assert!(asked.contains("Prénom2 Nom2"));
    assert_eq!(state_of(&app, request).await, "scheduled");
    let done = p0
        .post_form(&url, &[("session", s1.as_str()), ("impact", "cancel")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, request).await, "cancelled");
    let availability = Availability::load(&app.db, id).await.unwrap();
    assert!(!availability.is_free(me, world.slots[0][0]));
    assert!(availability.is_free(me, world.slots[1][0]));
    app.deliver_outbox().await;
    assert!(
        app.smtp
            .messages()
            .iter()
            .any(|m| m.recipients.contains(&world.people[2].email))
    );

    // Someone else's event answers 404.
    let other = app.create_event("forum-ailleurs").await;
    let page = p0
        .get(&format!("/me/events/{}/availability", other.0))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let _ = EventId(id);
}

// REQ: MTG-1
#[tokio::test]
async fn demo_events_get_sessions_tables_and_default_rules() {
    let app = TestApp::spawn().await;
    services::demo::load_demo(&app.db).await.unwrap();
    let demo = store::events::list_all(&app.db).await.unwrap().remove(0);
    let sessions = store::meetings::setup::sessions(&app.db, demo.id)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 4, "two sessions a day over two days");
    assert_eq!(slots_of(&app, sessions[0].id).await.len(), 8);
    assert_eq!(
        app.count(
            "place",
            &format!("session_id = {} AND kind = 'table'", sessions[0].id)
        )
        .await,
        10
    );
    assert_eq!(
        app.count("meeting_settings", &format!("event_id = {}", demo.id))
            .await,
        1
    );
    let large = services::demo::generate::generate(&app.db, 40)
        .await
        .unwrap();
    let sessions = store::meetings::setup::sessions(&app.db, large.id.0)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 4);
    assert_eq!(sessions[0].part, "morning");
    assert_eq!(services::meetings::setup::demo::tables_for(1500 * 2), 100);
    assert_eq!(services::meetings::setup::demo::tables_for(1500), 75);
}
