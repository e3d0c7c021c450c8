//! Meetings with experts: profiles set by the organizer and listed publicly, asking an
//! expert in mode (a) first come / (b) pre-assignment, over-subscription, drop-out with
//! reassignment, day-J reminders, and the refusals (EXP-1…8, MTG-8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use domain::{EventId, Permission};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::meetings::settings::ExpertMode;
use store::entities::{expert_profile, meeting, meeting_request, place, slot};
use store::forms::Owner;
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const ORGANIZER: &str = "orga@experts.test";
const ORGANIZER_PASSWORD: &str = "Organise-les-experts-2027";

/// Gives participants the category `expert`.
async fn make_experts(app: &TestApp, world: &MeetingWorld, people: &[usize]) {
    for n in people {
        store::forms::replace_values(
            &app.db,
            world.event,
            Owner::Participant(world.people[*n].participant_id),
            &[("category".to_string(), "expert".to_string())],
        )
        .await
        .unwrap();
    }
}

/// A logged-in organizer with the right to manage meetings on the event.
async fn organizer(app: &TestApp, event: EventId, email: &str) -> Browser {
    let login = (email, ORGANIZER_PASSWORD);
    app.organizer(event, login, &[Permission::ManageMeetings])
        .await
}

async fn participant(app: &TestApp, world: &MeetingWorld, n: usize) -> Browser {
    let browser = app.browser();
    browser.login(&world.people[n].email, PASSWORD).await;
    browser
}

async fn set_mode(app: &TestApp, event: EventId, mode: ExpertMode, sms: bool) {
    let mut settings = services::meetings::settings::load(&app.db, event)
        .await
        .unwrap();
    settings.expert_mode = mode;
    settings.sms_enabled = sms;
    services::meetings::settings::store(&app.db, event, &settings)
        .await
        .unwrap();
}

/// Saves an expert's profile through the back office.
async fn save_profile(
    orga: &Browser,
    world: &MeetingWorld,
    n: usize,
    fields: &[(&str, &str)],
) -> testkit::Page {
    orga.post_form(
        &format!(
            "/admin/events/{}/experts/{}",
            world.event.0, world.people[n].participant_id
        ),
        fields,
    )
    .await
}

async fn ask(
    browser: &Browser,
    world: &MeetingWorld,
    expert: usize,
    message: &str,
) -> testkit::Page {
    browser
        .post_form(
            &format!(
                "/{}/experts/{}/ask",
                world.slug, world.people[expert].participant_id
            ),
            &[("message", message)],
        )
        .await
}

async fn request_between(app: &TestApp, requester: i64) -> meeting_request::Model {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::RequesterId.eq(requester))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a request")
}

async fn meeting_of(app: &TestApp, request: i64) -> Option<meeting::Model> {
    meeting::Entity::find()
        .filter(meeting::Column::RequestId.eq(request))
        .one(&app.db)
        .await
        .unwrap()
}

async fn emails(app: &TestApp, to: &str, subject_like: &str) -> i64 {
    app.count(
        "outbox_message",
        &format!("channel = 'email' AND recipient = '{to}' AND subject LIKE '%{subject_like}%'"),
    )
    .await
}

// REQ: EXP-1
// REQ: BO-4
#[tokio::test]
async fn organizer_sets_expert_profiles_audited_and_listed_publicly() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-profile", 3, 2).await;
    make_experts(&app, &world, &[0]).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    let page = orga
        .get(&format!("/admin/events/{}/experts", world.event.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Prénom0 Nom0"));
    assert!(!page.contains("Prénom1 Nom1"), "only experts are listed");

    let session = world.sessions[0].to_string();
    let blocked = world.slots[0][1].to_string();
    let saved = save_profile(
        &orga,
        &world,
        0,
        &[
            ("max_meetings", "2"),
            ("desk", "Bureau 7"),
            ("sought_fr", "Exportateurs agroalimentaires vers le Maroc"),
            ("sought_en", "Food exporters to Morocco"),
            ("available", "on"),
            ("sessions", &session),
            ("blocked", &blocked),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let expert = world.people[0].participant_id;
    let profile = expert_profile::Entity::find()
        .filter(expert_profile::Column::ParticipantId.eq(expert))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.max_meetings, Some(2));
    assert!(profile.is_available);
    let desk = place::Entity::find_by_id(profile.place_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (desk.kind.as_str(), desk.label.as_str()),
        ("desk", "Bureau 7")
    );
    assert_eq!(desk.owner_participant_id, Some(expert));
    assert_eq!(
        app.count("session_attendance", &format!("participant_id = {expert}"))
            .await,
        1
    );
    assert_eq!(
        app.count(
            "unavailable_slot",
            &format!("participant_id = {expert} AND slot_id = {blocked}")
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "audit_entry",
            &format!("entity = 'expert_profile' AND entity_id = '{}'", profile.id)
        )
        .await,
        1
    );
    // Renaming the desk keeps one desk.
    let again = save_profile(
        &orga,
        &world,
        0,
        &[("desk", "Bureau 8"), ("available", "on")],
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("place", &format!("owner_participant_id = {expert}"))
            .await,
        1
    );
    assert_eq!(
        app.count("session_attendance", &format!("participant_id = {expert}"))
            .await,
        0,
        "no session ticked: attends all"
    );
    save_profile(
        &orga,
        &world,
        0,
        &[
            ("max_meetings", "2"),
            ("desk", "Bureau 7"),
            ("sought_fr", "Exportateurs agroalimentaires vers le Maroc"),
            ("available", "on"),
            ("sessions", &session),
        ],
    )
    .await;

    // Bad input comes back translated with the form refilled.
    let bad = save_profile(
        &orga,
        &world,
        0,
        &[("max_meetings", "beaucoup"), ("desk", "Bureau 9")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Indiquez un nombre entre 1 et 500"));
    assert!(bad.contains("value=\"beaucoup\""));
    // A participant who is not an expert has no profile to set.
    let not_expert = save_profile(&orga, &world, 1, &[("max_meetings", "3")]).await;
    assert_eq!(not_expert.status, StatusCode::NOT_FOUND);

    // The public list shows name, company, profile sought and availability.
    let public = app.browser().get(&format!("/{}/experts", world.slug)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.contains("Prénom0 Nom0"));
    assert!(public.contains("Société 0 Énergie"));
    assert!(public.contains("Exportateurs agroalimentaires vers le Maroc"));
    assert!(public.contains("Matinée 1"));
    assert!(public.contains("2 rendez-vous encore possibles"));
    let catalogue = app
        .browser()
        .get(&format!("/{}/participants", world.slug))
        .await;
    assert!(catalogue.contains(&format!("/{}/experts", world.slug)));

    // Participants and other events' organizers do not reach the page.
    let someone = participant(&app, &world, 1).await;
    let refused = someone
        .get(&format!("/admin/events/{}/experts", world.event.0))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let other = app.create_event("exp-profile-other").await;
    let stranger = organizer(&app, other, "other@experts.test").await;
    let refused = stranger
        .post_form(
            &format!("/admin/events/{}/experts/{expert}", world.event.0),
            &[("max_meetings", "9")],
        )
        .await;
    assert!(
        refused.status == StatusCode::FORBIDDEN || refused.status == StatusCode::NOT_FOUND,
        "{}",
        refused.status
    );
    let profile = expert_profile::Entity::find_by_id(profile.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.max_meetings, Some(2));
}

// REQ: EXP-3
// REQ: EXP-2
#[tokio::test]
async fn first_come_assigns_at_once_within_the_cap_then_waits() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-first", 3, 2).await;
    make_experts(&app, &world, &[0]).await;
    set_mode(&app, world.event, ExpertMode::FirstCome, true).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    save_profile(
        &orga,
        &world,
        0,
        &[
            ("max_meetings", "1"),
            ("desk", "Bureau 7"),
            ("available", "on"),
        ],
    )
    .await;

    let p1 = participant(&app, &world, 1).await;
    let form = p1
        .get(&format!(
            "/{}/experts/{}/ask",
            world.slug, world.people[0].participant_id
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("Vos critères"));
    let done = ask(&p1, &world, 0, "Projet d'export au Maroc").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let first = request_between(&app, world.people[1].participant_id).await;
    assert!(first.is_expert);
    assert_eq!(first.state, "scheduled");
    let placed = meeting_of(&app, first.id).await.expect("placed at once");
    assert_eq!(
        placed.slot_id, world.slots[0][0],
        "first slot free for both"
    );
    let desk = place::Entity::find_by_id(placed.place_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(desk.label, "Bureau 7", "the expert's desk");
    assert_eq!(
        emails(&app, &world.people[0].email, "rendez-vous avec").await,
        1
    );
    assert_eq!(
        emails(&app, &world.people[1].email, "rendez-vous avec").await,
        1
    );
    assert_eq!(
        app.count(
            "outbox_message",
            "channel = 'sms' AND recipient = '+33600000001'"
        )
        .await,
        1
    );
    app.deliver_outbox().await;
    assert!(
        app.smtp
            .messages()
            .iter()
            .any(|m| m.recipients.iter().any(|r| r == &world.people[1].email))
    );

    // The cap is reached: the next asker waits on the candidate list.
    let p2 = participant(&app, &world, 2).await;
    let waits = ask(&p2, &world, 0, "").await;
    assert_eq!(waits.status, StatusCode::SEE_OTHER);
    let second = request_between(&app, world.people[2].participant_id).await;
    assert_eq!(second.state, "requested");
    assert!(meeting_of(&app, second.id).await.is_none());
    assert_eq!(
        emails(&app, &world.people[0].email, "souhaite vous rencontrer").await,
        1
    );
    let admin = orga
        .get(&format!("/admin/events/{}/experts", world.event.0))
        .await;
    assert!(admin.contains("Prénom2 Nom2"));
    assert!(admin.contains("sursollicité"));

    // Asking twice is refused cleanly.
    let twice = ask(&p2, &world, 0, "").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.contains("déjà une demande"));
}

// REQ: EXP-3
#[tokio::test]
async fn pre_assignment_leaves_requests_confirmed_for_a_run() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-pre", 2, 2).await;
    make_experts(&app, &world, &[0]).await;
    set_mode(&app, world.event, ExpertMode::PreAssign, false).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    save_profile(
        &orga,
        &world,
        0,
        &[("max_meetings", "4"), ("available", "on")],
    )
    .await;
    let p1 = participant(&app, &world, 1).await;
    let done = ask(&p1, &world, 0, "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let request = request_between(&app, world.people[1].participant_id).await;
    assert_eq!(request.state, "confirmed");
    assert!(request.confirmed_at.is_some());
    assert!(
        meeting_of(&app, request.id).await.is_none(),
        "a run places it"
    );
    assert_eq!(
        emails(&app, &world.people[0].email, "rendez-vous confirmé").await,
        1
    );
    assert_eq!(
        emails(&app, &world.people[1].email, "rendez-vous confirmé").await,
        1
    );
}

// REQ: EXP-4
// REQ: EXP-2
#[tokio::test]
async fn organizer_picks_the_companies_an_over_subscribed_expert_keeps() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-pick", 4, 2).await;
    make_experts(&app, &world, &[0]).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    // Every slot blocked: requests wait on the candidate list.
    let mut fields = vec![
        ("max_meetings", "1".to_string()),
        ("available", "on".to_string()),
    ];
    for slot in world.slots.iter().flatten() {
        fields.push(("blocked", slot.to_string()));
    }
    fields.push(("sought_fr", "Projets agroalimentaire au Maroc".to_string()));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    save_profile(&orga, &world, 0, &fields).await;
    // The event asks the expert criteria (EXP-2); participant 2 answered them.
    services::form_fields::add_expert_criteria(
        &app.db,
        &services::audit::Actor::system("test"),
        world.event,
    )
    .await
    .unwrap();
    store::forms::replace_values(
        &app.db,
        world.event,
        Owner::Company(world.people[2].company_id),
        &[(
            "c_expert_themes".to_string(),
            "Export agroalimentaire Maroc".to_string(),
        )],
    )
    .await
    .unwrap();
    let shown = participant(&app, &world, 2)
        .await
        .get(&format!(
            "/{}/experts/{}/ask",
            world.slug, world.people[0].participant_id
        ))
        .await;
    assert!(
        shown.contains("Export agroalimentaire Maroc"),
        "criteria shown"
    );
    for n in 1..=3 {
        let browser = participant(&app, &world, n).await;
        let waits = ask(&browser, &world, 0, "").await;
        assert_eq!(waits.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(app.count("meeting_request", "state = 'requested'").await, 3);
    save_profile(
        &orga,
        &world,
        0,
        &[
            ("max_meetings", "1"),
            ("available", "on"),
            ("sought_fr", "Projets agroalimentaire au Maroc"),
        ],
    )
    .await;
    let admin = orga
        .get(&format!("/admin/events/{}/experts", world.event.0))
        .await;
    assert!(admin.contains("sursollicité"));
    assert!(admin.contains("Classement"), "the ranking is explained");
    assert!(
        admin.contains("(agroalimentaire, maroc)"),
        "shared words shown"
    );
    assert!(admin.contains("Export agroalimentaire Maroc"));
    let r1 = request_between(&app, world.people[1].participant_id).await;
    let r2 = request_between(&app, world.people[2].participant_id).await;
    let r3 = request_between(&app, world.people[3].participant_id).await;
    let pick_url = format!(
        "/admin/events/{}/experts/{}/pick",
        world.event.0, world.people[0].participant_id
    );
    // Keeping more than the cap is refused, and nothing changes.
    let (a, b) = (r1.id.to_string(), r2.id.to_string());
    let too_many = orga
        .post_form(&pick_url, &[("keep", a.as_str()), ("keep", b.as_str())])
        .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT);
    assert_eq!(app.count("meeting_request", "state = 'requested'").await, 3);

    let picked = orga
        .post_form(
            &pick_url,
            &[("keep", b.as_str()), ("reason", "Profil trop éloigné")],
        )
        .await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER, "{}", picked.body);
    let kept = request_between(&app, world.people[2].participant_id).await;
    assert_eq!(kept.state, "scheduled", "kept and placed at once in mode a");
    assert!(meeting_of(&app, kept.id).await.is_some());
    for declined in [r1.id, r3.id] {
        let row = meeting_request::Entity::find_by_id(declined)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.state, "declined");
        assert_eq!(row.decline_reason, "Profil trop éloigné");
    }
    assert_eq!(emails(&app, &world.people[1].email, "déclinée").await, 1);
    assert_eq!(emails(&app, &world.people[3].email, "déclinée").await, 1);
    assert_eq!(
        emails(&app, &world.people[2].email, "rendez-vous avec").await,
        1
    );
    assert_eq!(
        app.count("audit_entry", "action = 'pick_candidates'").await,
        1
    );
}

// REQ: EXP-7
#[tokio::test]
async fn drop_out_moves_meetings_to_a_compatible_expert_and_cancels_the_rest() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-drop", 5, 2).await;
    make_experts(&app, &world, &[0, 1, 2]).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    save_profile(
        &orga,
        &world,
        0,
        &[
            ("max_meetings", "5"),
            ("desk", "Bureau A"),
            ("sought_fr", "Financement export Afrique"),
            ("available", "on"),
        ],
    )
    .await;
    save_profile(
        &orga,
        &world,
        1,
        &[
            ("max_meetings", "1"),
            ("desk", "Bureau B"),
            ("sought_fr", "Financement des projets export"),
            ("available", "on"),
        ],
    )
    .await;
    // Another expert with room but a profile sharing nothing, and no desk.
    save_profile(
        &orga,
        &world,
        2,
        &[
            ("max_meetings", "1"),
            ("sought_fr", "Propriété intellectuelle"),
            ("available", "on"),
        ],
    )
    .await;
    // Expert 2 is busy in the first slot (blocked), so only expert 1 fits there.
    let blocked = world.slots[0][0].to_string();
    save_profile(
        &orga,
        &world,
        2,
        &[
            ("max_meetings", "1"),
            ("sought_fr", "Propriété intellectuelle"),
            ("available", "on"),
            ("blocked", &blocked),
            ("blocked", &world.slots[0][1].to_string()),
        ],
    )
    .await;
    let p3 = participant(&app, &world, 3).await;
    let p4 = participant(&app, &world, 4).await;
    ask(&p3, &world, 0, "financement export").await;
    ask(&p4, &world, 0, "").await;
    let r3 = request_between(&app, world.people[3].participant_id).await;
    let r4 = request_between(&app, world.people[4].participant_id).await;
    assert_eq!(
        (r3.state.as_str(), r4.state.as_str()),
        ("scheduled", "scheduled")
    );
    let m3 = meeting_of(&app, r3.id).await.unwrap();
    let m4 = meeting_of(&app, r4.id).await.unwrap();
    assert_eq!(m3.slot_id, world.slots[0][0]);
    assert_eq!(m4.slot_id, world.slots[0][1]);

    let summary = orga
        .post_form(
            &format!(
                "/admin/events/{}/experts/{}/drop-out",
                world.event.0, world.people[0].participant_id
            ),
            &[("reason", "Expert malade")],
        )
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    assert!(summary.contains("Transféré à Prénom1 Nom1"));
    assert!(summary.contains("Annulé"));

    let moved = meeting_request::Entity::find_by_id(r3.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.state, "scheduled");
    assert_eq!(
        moved.target_participant_id,
        Some(world.people[1].participant_id)
    );
    assert_eq!(moved.target_company_id, world.people[1].company_id);
    let placed = meeting_of(&app, r3.id).await.unwrap();
    assert_eq!(placed.slot_id, world.slots[0][0], "same time");
    let desk = place::Entity::find_by_id(placed.place_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(desk.label, "Bureau B", "at the new expert's desk");
    // Expert 1 is now full and expert 2 is blocked in that slot: the other one is cancelled.
    let cancelled = meeting_request::Entity::find_by_id(r4.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cancelled.state, "cancelled");
    assert_eq!(cancelled.cancel_reason, "Expert malade");
    assert!(meeting_of(&app, r4.id).await.is_none());
    let dropped = expert_profile::Entity::find()
        .filter(expert_profile::Column::ParticipantId.eq(world.people[0].participant_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!dropped.is_available);
    assert_eq!(emails(&app, &world.people[3].email, "a changé").await, 1);
    assert_eq!(emails(&app, &world.people[1].email, "a changé").await, 1);
    assert_eq!(emails(&app, &world.people[4].email, "annulé").await, 1);
    assert_eq!(app.count("audit_entry", "action = 'drop_out'").await, 1);
    // The expert no longer takes requests.
    let again = ask(&p4, &world, 0, "").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

// REQ: EXP-6
// REQ: MTG-8
#[tokio::test]
async fn day_j_reminders_go_once_to_both_sides_by_email_and_sms() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-remind", 2, 2).await;
    make_experts(&app, &world, &[0]).await;
    set_mode(&app, world.event, ExpertMode::FirstCome, true).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    save_profile(
        &orga,
        &world,
        0,
        &[("desk", "Bureau 7"), ("available", "on")],
    )
    .await;
    let p1 = participant(&app, &world, 1).await;
    ask(&p1, &world, 0, "").await;
    let request = request_between(&app, world.people[1].participant_id).await;
    let placed = meeting_of(&app, request.id).await.unwrap();
    let starts = slot::Entity::find_by_id(placed.slot_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .starts_at;
    let base = app.settings.base_url();
    let send = |now| services::meetings::reminders::send_due(&app.db, &base, now);
    // Default: 60 minutes before. Too early: nothing.
    assert_eq!(send(starts - Duration::minutes(90)).await.unwrap(), 0);
    assert_eq!(send(starts - Duration::minutes(30)).await.unwrap(), 1);
    assert_eq!(
        send(starts - Duration::minutes(20)).await.unwrap(),
        0,
        "exactly once"
    );
    for n in [0, 1] {
        assert_eq!(emails(&app, &world.people[n].email, " à ").await, 1);
    }
    let reminders = app
        .count(
            "outbox_message",
            "channel = 'email' AND body_text LIKE '%Rappel%'",
        )
        .await;
    assert_eq!(reminders, 2);
    let sms = app
        .count(
            "outbox_message",
            "channel = 'sms' AND body_text LIKE 'Rappel%'",
        )
        .await;
    assert_eq!(sms, 2);
    assert_eq!(app.count("meeting_reminder", "1 = 1").await, 1);
}

#[tokio::test]
async fn asking_is_refused_to_visitors_for_non_experts_and_across_events() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "exp-refuse", 3, 2).await;
    make_experts(&app, &world, &[0, 2]).await;
    let orga = organizer(&app, world.event, ORGANIZER).await;
    save_profile(&orga, &world, 0, &[("available", "on")]).await;
    save_profile(&orga, &world, 2, &[("available", "on")]).await;
    let expert = world.people[0].participant_id;

    // Not logged in: to the login page, nothing written.
    let visitor = app.browser();
    let page = visitor
        .get(&format!("/{}/experts/{expert}/ask", world.slug))
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap().starts_with("/login"));
    let post = ask(&visitor, &world, 0, "").await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("meeting_request", "1 = 1").await, 0);

    // A participant who is not an expert cannot be asked this way.
    let p1 = participant(&app, &world, 1).await;
    let not_expert = ask(&p1, &world, 1, "").await;
    assert_eq!(not_expert.status, StatusCode::NOT_FOUND);

    // Experts never meet experts (default rule).
    let p2 = participant(&app, &world, 2).await;
    let refused = ask(&p2, &world, 0, "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.contains("ne permettent pas"));

    // An expert of another event is unknown under this event's address.
    let other = MeetingWorld::build(&app, "exp-refuse-b", 1, 1).await;
    make_experts(&app, &other, &[0]).await;
    let foreign = p1
        .post_form(
            &format!(
                "/{}/experts/{}/ask",
                world.slug, other.people[0].participant_id
            ),
            &[("message", "")],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    // And a participant of this event is no participant of the other.
    let cross = p1
        .post_form(
            &format!(
                "/{}/experts/{}/ask",
                other.slug, other.people[0].participant_id
            ),
            &[("message", "")],
        )
        .await;
    assert!(
        cross.status == StatusCode::FORBIDDEN || cross.status == StatusCode::CONFLICT,
        "{}",
        cross.status
    );
    assert_eq!(app.count("meeting_request", "1 = 1").await, 0);
}
