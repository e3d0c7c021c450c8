//! Meeting requests with mutual acceptance (MTG-2, MTG-4, MTG-5, PRV-1): every transition
//! through the web, its refusal paths, pick-a-slot booking with its waiting list, expiry with
//! its reminder, quotas, who may meet whom, and the emails and texts each side receives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Statement,
};
use services::meetings::MeetingSettings;
use services::meetings::requests::{self, SendForm};
use store::entities::{meeting, meeting_request, outbox_message};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const BASE: &str = "http://agora.test";

async fn login(app: &TestApp, world: &MeetingWorld, n: usize) -> Browser {
    let browser = app.browser();
    browser.login(&world.people[n].email, PASSWORD).await;
    browser
}

async fn set_rules(app: &TestApp, world: &MeetingWorld, edit: impl FnOnce(&mut MeetingSettings)) {
    let mut settings = services::meetings::settings::load(&app.db, world.event)
        .await
        .unwrap();
    edit(&mut settings);
    services::meetings::settings::store(&app.db, world.event, &settings)
        .await
        .unwrap();
}

async fn set_locale(app: &TestApp, user_id: i64, locale: &str) {
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("UPDATE app_user SET locale = '{locale}' WHERE id = {user_id}"),
        ))
        .await
        .unwrap();
}

async fn requests_of(app: &TestApp, requester: i64) -> Vec<meeting_request::Model> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::RequesterId.eq(requester))
        .all(&app.db)
        .await
        .unwrap()
}

async fn last_request(app: &TestApp, requester: i64) -> meeting_request::Model {
    requests_of(app, requester)
        .await
        .into_iter()
        .max_by_key(|r| r.id)
        .expect("a request")
}

/// Outbox rows (email and SMS) sent to an address or number.
async fn outbox_to(app: &TestApp, recipient: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .all(&app.db)
        .await
        .unwrap()
}

fn path(world: &MeetingWorld, request: i64, action: &str) -> String {
    format!("/me/events/{}/requests/{request}/{action}", world.event.0)
}

/// A second person in the company of participant `n`, who can log in.
async fn add_colleague(app: &TestApp, world: &MeetingWorld, n: usize, email: &str) -> i64 {
    let user = app.create_user(email, PASSWORD, false).await;
    store::events::insert_participant(
        &app.db,
        store::events::ParticipantRow {
            id: 0,
            event_id: world.event.0,
            user_id: user.0,
            company_id: Some(world.people[n].company_id),
            kind: "participant".into(),
            status: "validated".into(),
            job_title_fr: String::new(),
            job_title_en: String::new(),
            created_at: Utc::now(),
            first_name: "Collègue".into(),
            last_name: "Second".into(),
            phone: String::new(),
            is_company_editor: false,
            coorganizer_user_id: None,
        },
    )
    .await
    .unwrap()
    .id
}

async fn set_category(app: &TestApp, world: &MeetingWorld, n: usize, category: &str) {
    store::entities::field_value::ActiveModel {
        event_id: Set(world.event.0),
        field_key: Set("category".into()),
        company_id: Set(None),
        participant_id: Set(Some(world.people[n].participant_id)),
        offer_id: Set(None),
        value: Set(category.into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn pick_a_slot_request_accepted_and_confirmed_reserves_slot_and_table_and_tells_both_sides() {
    // REQ: MTG-4
    // REQ: MTG-2
    // REQ: MTG-5
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-cycle", 3, 2).await;
    set_rules(&app, &world, |s| s.sms_enabled = true).await;
    set_locale(&app, world.people[1].user_id, "en").await;
    let (asker, asked) = (&world.people[0], &world.people[1]);
    let slot = world.slots[0][1];

    // The catalogue page links to the form, which lists the common slots.
    let p0 = login(&app, &world, 0).await;
    let detail = p0
        .get(&format!(
            "/{}/participants/{}",
            world.slug, asked.company_id
        ))
        .await;
    let meet = format!("/{}/participants/{}/meet", world.slug, asked.company_id);
    assert!(detail.contains(&meet), "{}", detail.body);
    let form = p0.get(&meet).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains(&format!("value=\"{slot}\"")));
    assert!(
        form.contains("10/03/2027 09:20"),
        "slots in the event's time zone"
    );

    let sent = p0
        .post_form(
            &meet,
            &[
                ("person", &asked.participant_id.to_string()),
                ("message", "Parlons emballages"),
                ("priority", "1"),
                ("booking", "pick_slot"),
                ("slot", &slot.to_string()),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let request = last_request(&app, asker.participant_id).await;
    assert_eq!(request.state, "requested");
    assert_eq!(request.target_participant_id, Some(asked.participant_id));
    assert_eq!(request.wanted_slot_id, Some(slot));
    assert_eq!(request.priority, 1);
    assert!(request.expires_at.unwrap() > Utc::now() + Duration::days(6));

    // The addressee (English) is told by email and SMS, and sees it with its actions.
    let mails = outbox_to(&app, &asked.email).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject.contains("would like to meet you") && m.subject.contains("Prénom0")),
        "{mails:?}"
    );
    let p1 = login(&app, &world, 1).await;
    let list = p1
        .get(&format!("/me/events/{}/requests", world.event.0))
        .await;
    assert!(list.contains("Parlons emballages"));
    assert!(list.contains(&path(&world, request.id, "accept")));

    // Not accepted by default: confirming now is refused.
    let early = p0
        .post_form(&path(&world, request.id, "confirm"), &[])
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.contains("Rechargez la page"), "{}", early.body);

    let accepted = p1.post_form(&path(&world, request.id, "accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert!(
        outbox_to(&app, &asker.email)
            .await
            .iter()
            .any(|m| m.subject.contains("a accepté votre demande")),
        "French for the French requester"
    );
    assert!(
        meeting::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );

    let confirmed = p0
        .post_form(&path(&world, request.id, "confirm"), &[])
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let after = p0
        .get(&format!("/me/events/{}/requests", world.event.0))
        .await;
    assert!(
        after.contains("le créneau et une table sont retenus"),
        "{}",
        after.body
    );
    assert!(after.contains("Table 1"));

    let request = last_request(&app, asker.participant_id).await;
    assert_eq!(request.state, "scheduled");
    let placed = meeting::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].slot_id, slot);
    assert_eq!(placed[0].place_id, Some(world.tables[0][0]));
    assert_eq!(
        app.count("meeting_seat", &format!("slot_id = {slot}"))
            .await,
        2
    );
    assert_eq!(
        app.count("table_use", &format!("slot_id = {slot}")).await,
        1
    );

    // Both sides get the time and the table (MTG-5), by email and by SMS.
    let en = outbox_to(&app, &asked.email).await;
    assert!(
        en.iter()
            .any(|m| m.subject.contains("2027-03-10 09:20") && m.body_text.contains("Table 1")),
        "{en:?}"
    );
    let fr = outbox_to(&app, &asker.email).await;
    assert!(fr.iter().any(|m| m.subject.contains("10/03/2027 09:20")));
    assert!(app.deliver_outbox().await >= 4);
    assert!(
        app.smtp
            .messages()
            .iter()
            .any(|m| m.recipients.iter().any(|r| r.contains(&asked.email)))
    );
    app.deliver_sms_at(Utc::now()).await;
    let texts = app.sms.to("+33600000001");
    assert!(
        texts
            .iter()
            .any(|t| t.text.contains("Table 1") && t.text.contains("2027-03-10 09:20")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .all(|t| t.authorization.as_deref() == Some("Bearer test-sms-token"))
    );
    assert!(
        app.sms
            .to("+33600000000")
            .iter()
            .any(|t| t.text.contains("10/03/2027 09:20"))
    );
}

#[tokio::test]
async fn refusal_paths_wrong_person_wrong_event_wrong_state() {
    // REQ: MTG-4
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-refus", 3, 2).await;
    let other = MeetingWorld::build(&app, "rdv-autre", 2, 1).await;
    let p0 = login(&app, &world, 0).await;
    let p1 = login(&app, &world, 1).await;
    let p2 = login(&app, &world, 2).await;
    let meet = |n: usize| {
        format!(
            "/{}/participants/{}/meet",
            world.slug, world.people[n].company_id
        )
    };

    // Own company, too long a message, a person of another company.
    let own = p0
        .post_form(&meet(0), &[("priority", "2"), ("booking", "schedule")])
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.contains("votre propre entreprise"));
    let long = "x".repeat(2001);
    let too_long = p0
        .post_form(
            &meet(1),
            &[
                ("message", &long),
                ("priority", "2"),
                ("booking", "schedule"),
            ],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.contains("trop long"));
    assert!(too_long.contains("xxxxxxxx"), "the form comes back filled");
    let stranger = p0
        .post_form(
            &meet(1),
            &[
                ("person", &world.people[2].participant_id.to_string()),
                ("priority", "2"),
                ("booking", "schedule"),
            ],
        )
        .await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        requests_of(&app, world.people[0].participant_id)
            .await
            .is_empty()
    );
    // Another event's company is not found from this event.
    let elsewhere = p0
        .get(&format!(
            "/{}/participants/{}/meet",
            world.slug, other.people[0].company_id
        ))
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

    let sent = p0
        .post_form(
            &meet(1),
            &[
                ("person", &world.people[1].participant_id.to_string()),
                ("priority", "2"),
                ("booking", "schedule"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let request = last_request(&app, world.people[0].participant_id).await;

    // A participant cannot accept a request addressed to someone else: not even a colleague
    // of the addressee (403), and another company's person does not even see it (404).
    add_colleague(&app, &world, 1, "collegue@rdv-refus.test").await;
    let colleague = app.browser();
    colleague.login("collegue@rdv-refus.test", PASSWORD).await;
    let not_theirs = colleague
        .post_form(&path(&world, request.id, "accept"), &[])
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    let intruder = p2.post_form(&path(&world, request.id, "accept"), &[]).await;
    assert_eq!(intruder.status, StatusCode::NOT_FOUND);
    // The requester cannot accept their own request; the addressee cannot confirm or withdraw it.
    assert_eq!(
        p0.post_form(&path(&world, request.id, "accept"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p1.post_form(&path(&world, request.id, "withdraw"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The same request through another event's URL is not found.
    let o0 = app.browser();
    o0.login(&other.people[0].email, PASSWORD).await;
    let cross = o0
        .post_form(
            &format!(
                "/me/events/{}/requests/{}/accept",
                other.event.0, request.id
            ),
            &[],
        )
        .await;
    assert_eq!(cross.status, StatusCode::NOT_FOUND);
    let cross = p1
        .post_form(
            &format!(
                "/me/events/{}/requests/{}/accept",
                other.event.0, request.id
            ),
            &[],
        )
        .await;
    assert_eq!(cross.status, StatusCode::NOT_FOUND, "not registered there");
    assert_eq!(
        last_request(&app, world.people[0].participant_id)
            .await
            .state,
        "requested"
    );

    // Declined with a reason: the requester is told; nothing more can happen to it.
    let declined = p1
        .post_form(
            &path(&world, request.id, "decline"),
            &[("reason", "Pas cette année")],
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    let row = last_request(&app, world.people[0].participant_id).await;
    assert_eq!(row.state, "declined");
    assert_eq!(row.decline_reason, "Pas cette année");
    assert!(
        outbox_to(&app, &world.people[0].email)
            .await
            .iter()
            .any(|m| m.body_text.contains("Pas cette année"))
    );
    for (browser, action) in [(&p1, "accept"), (&p0, "confirm"), (&p0, "withdraw")] {
        let late = browser
            .post_form(&path(&world, request.id, action), &[])
            .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{action}");
    }
    assert!(
        p0.get(&format!("/me/events/{}/requests", world.event.0))
            .await
            .contains("Pas cette année")
    );

    // A new request, withdrawn by its sender: the addressee is told.
    let again = p0
        .post_form(
            &meet(1),
            &[
                ("person", &world.people[1].participant_id.to_string()),
                ("priority", "3"),
                ("booking", "schedule"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second = last_request(&app, world.people[0].participant_id).await;
    let withdrawn = p0
        .post_form(&path(&world, second.id, "withdraw"), &[])
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert_eq!(
        last_request(&app, world.people[0].participant_id)
            .await
            .state,
        "withdrawn"
    );
    assert_eq!(
        p1.post_form(&path(&world, second.id, "accept"), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_request_to_a_company_is_accepted_by_any_of_its_people_who_names_the_attendee() {
    // REQ: MTG-4
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-societe", 2, 2).await;
    let colleague = add_colleague(&app, &world, 1, "second@rdv-societe.test").await;
    let p0 = login(&app, &world, 0).await;
    let sent = p0
        .post_form(
            &format!(
                "/{}/participants/{}/meet",
                world.slug, world.people[1].company_id
            ),
            &[("person", ""), ("priority", "2"), ("booking", "schedule")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let request = last_request(&app, world.people[0].participant_id).await;
    assert_eq!(request.target_participant_id, None);
    // Everyone in the company is told.
    assert!(!outbox_to(&app, &world.people[1].email).await.is_empty());
    assert!(!outbox_to(&app, "second@rdv-societe.test").await.is_empty());

    let second = app.browser();
    second.login("second@rdv-societe.test", PASSWORD).await;
    let page = second
        .get(&format!("/me/events/{}/requests", world.event.0))
        .await;
    assert!(page.contains(&format!("attendee-{}", request.id)));
    // Names a colleague who is not in the company: refused.
    let wrong = second
        .post_form(
            &path(&world, request.id, "accept"),
            &[("attendee", &world.people[0].participant_id.to_string())],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = second
        .post_form(
            &path(&world, request.id, "accept"),
            &[("attendee", &colleague.to_string())],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let row = last_request(&app, world.people[0].participant_id).await;
    assert_eq!(row.state, "accepted");
    assert_eq!(row.target_participant_id, Some(colleague));
    // The first person of the company comes too late: a clean conflict.
    let p1 = login(&app, &world, 1).await;
    assert_eq!(
        p1.post_form(&path(&world, request.id, "decline"), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
    // Confirmed without a picked slot: it waits for a scheduling run.
    assert_eq!(
        p0.post_form(&path(&world, request.id, "confirm"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        last_request(&app, world.people[0].participant_id)
            .await
            .state,
        "confirmed"
    );
    assert!(
        meeting::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn quotas_duplicates_and_who_may_meet_whom() {
    // REQ: MTG-4
    // REQ: PRV-1
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-regles", 5, 2).await;
    set_rules(&app, &world, |s| {
        s.requests_per_participant = Some(1);
        s.pick_slot_allowed = false;
    })
    .await;
    set_category(&app, &world, 3, "expert").await;
    set_category(&app, &world, 4, "expert").await;
    let send = |n: usize, to: usize, booking: &'static str| {
        let world = world.clone();
        let app = &app;
        async move {
            let form = SendForm {
                target_company_id: world.people[to].company_id,
                target_participant_id: Some(world.people[to].participant_id),
                priority: 2,
                booking: booking.into(),
                ..Default::default()
            };
            requests::send_request(
                &app.db,
                BASE,
                world.people[n].user_id,
                world.event.0,
                &form,
                Utc::now(),
            )
            .await
        }
    };
    assert!(send(0, 1, "schedule").await.is_ok());
    // The event does not allow picking a slot.
    assert!(matches!(
        send(2, 1, "pick_slot").await,
        Err(requests::RequestError::Invalid(
            "meeting-request-error-mode"
        ))
    ));
    // One open request at a time.
    assert!(matches!(
        send(0, 2, "schedule").await,
        Err(requests::RequestError::Conflict(
            "meeting-request-error-quota"
        ))
    ));
    // No second request between the same two, in either direction.
    assert!(matches!(
        send(1, 0, "schedule").await,
        Err(requests::RequestError::Conflict(
            "meeting-request-error-duplicate"
        ))
    ));
    // Experts never meet experts (the default rule); an expert meets a company.
    assert!(matches!(
        send(3, 4, "schedule").await,
        Err(requests::RequestError::Conflict(
            "meeting-request-error-forbidden-pair"
        ))
    ));
    assert!(send(3, 2, "schedule").await.is_ok());

    // Through the web, the refusal is a clear 409 with the form kept.
    let p0 = login(&app, &world, 0).await;
    let page = p0
        .post_form(
            &format!(
                "/{}/participants/{}/meet",
                world.slug, world.people[4].company_id
            ),
            &[
                ("message", "Bonjour"),
                ("priority", "2"),
                ("booking", "schedule"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.contains("nombre de demandes ouvertes"));
    assert!(page.contains("Bonjour"));
    // Once withdrawn, the quota frees.
    let first = last_request(&app, world.people[0].participant_id).await;
    assert_eq!(
        p0.post_form(&path(&world, first.id, "withdraw"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(send(0, 2, "schedule").await.is_ok());
}

#[tokio::test]
async fn the_meeting_cap_refuses_new_and_accepted_requests_past_it() {
    // REQ: MTG-4
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-plafond", 4, 2).await;
    set_rules(&app, &world, |s| s.meetings_per_participant = Some(1)).await;
    let send = |n: usize, to: usize| {
        let world = world.clone();
        let app = &app;
        async move {
            let form = SendForm {
                target_company_id: world.people[to].company_id,
                target_participant_id: Some(world.people[to].participant_id),
                priority: 2,
                booking: "schedule".into(),
                ..Default::default()
            };
            requests::send_request(
                &app.db,
                BASE,
                world.people[n].user_id,
                world.event.0,
                &form,
                Utc::now(),
            )
            .await
        }
    };
    let accept = |n: usize, request: i64| {
        let world = world.clone();
        let app = &app;
        async move {
            requests::accept(
                &app.db,
                BASE,
                world.people[n].user_id,
                world.event.0,
                request,
                None,
                Utc::now(),
            )
            .await
        }
    };
    // 0 asks 1 and 2; 1 accepts: 0 and 1 now have their one meeting each.
    let first = send(0, 1).await.unwrap();
    let second = send(0, 2).await.unwrap();
    accept(1, first.0.id).await.unwrap();
    // 2 cannot accept: 0 is at the cap; the request stays open.
    assert!(matches!(
        accept(2, second.0.id).await,
        Err(requests::RequestError::Conflict(
            "meeting-request-error-meeting-cap"
        ))
    ));
    assert_eq!(
        last_request(&app, world.people[0].participant_id)
            .await
            .state,
        "requested"
    );
    // 1, at the cap, cannot send a new request; 3, with none, can ask 2.
    assert!(matches!(
        send(1, 3).await,
        Err(requests::RequestError::Conflict(
            "meeting-request-error-meeting-cap"
        ))
    ));
    assert!(send(3, 2).await.is_ok());
}

#[tokio::test]
async fn a_taken_slot_puts_the_confirmed_meeting_on_the_waiting_list_until_it_frees() {
    // REQ: MTG-2
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-attente", 3, 2).await;
    let slot = world.slots[1][0];
    let mut ids = vec![];
    for n in [0, 2] {
        let form = SendForm {
            target_company_id: world.people[1].company_id,
            target_participant_id: Some(world.people[1].participant_id),
            priority: 2,
            booking: "pick_slot".into(),
            slot_id: Some(slot),
            ..Default::default()
        };
        let (request, taken) = requests::send_request(
            &app.db,
            BASE,
            world.people[n].user_id,
            world.event.0,
            &form,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(!taken);
        requests::accept(
            &app.db,
            BASE,
            world.people[1].user_id,
            world.event.0,
            request.id,
            None,
            Utc::now(),
        )
        .await
        .unwrap();
        ids.push(request.id);
    }
    let p0 = login(&app, &world, 0).await;
    let p2 = login(&app, &world, 2).await;
    assert_eq!(
        p0.post_form(&path(&world, ids[0], "confirm"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // The slot shows as taken in the form now.
    let form = p2
        .get(&format!(
            "/{}/participants/{}/meet",
            world.slug, world.people[1].company_id
        ))
        .await;
    assert!(form.contains("pris : liste"), "{}", form.body);
    let late = p2.post_form(&path(&world, ids[1], "confirm"), &[]).await;
    assert_eq!(late.status, StatusCode::SEE_OTHER);
    let list = p2
        .get(&format!("/me/events/{}/requests", world.event.0))
        .await;
    assert!(list.contains("attente de ce créneau"), "{}", list.body);
    assert!(list.contains("attente du créneau choisi"));
    let waiting = last_request(&app, world.people[2].participant_id).await;
    assert_eq!(waiting.state, "confirmed");
    assert_eq!(
        app.count("slot_waitlist", &format!("request_id = {}", ids[1]))
            .await,
        1
    );

    // The first meeting is cancelled (as the agenda feature does): the slot frees and the
    // waiting request is placed in the same transaction.
    let txn = store::begin_write(&app.db).await.unwrap();
    store::meetings::delete_placement(&txn, ids[0])
        .await
        .unwrap();
    store::meetings::set_request_state(&txn, ids[0], "scheduled", "cancelled", Utc::now())
        .await
        .unwrap();
    let promoted = requests::promote_waitlist(&txn, slot, BASE, Utc::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(promoted, Some(ids[1]));
    assert_eq!(
        last_request(&app, world.people[2].participant_id)
            .await
            .state,
        "scheduled"
    );
    assert_eq!(app.count("slot_waitlist", "1 = 1").await, 0);
    let placed = store::meetings::placement_of(&app.db, ids[1])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(placed.slot_id, slot);
    assert!(
        outbox_to(&app, &world.people[2].email)
            .await
            .iter()
            .any(|m| m.subject.contains("11/03/2027 09:00"))
    );
}

#[tokio::test]
async fn unanswered_requests_get_one_reminder_then_expire_and_stop_blocking() {
    // REQ: MTG-4
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-expire", 2, 2).await;
    let now = Utc::now();
    let form = SendForm {
        target_company_id: world.people[1].company_id,
        target_participant_id: Some(world.people[1].participant_id),
        priority: 2,
        booking: "schedule".into(),
        availability: vec![world.slots[0][0], world.slots[0][2]],
        ..Default::default()
    };
    let (request, _) = requests::send_request(
        &app.db,
        BASE,
        world.people[0].user_id,
        world.event.0,
        &form,
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        request.availability,
        format!("[{},{}]", world.slots[0][0], world.slots[0][2])
    );
    // Nothing to do yet.
    let quiet = requests::run_expiry(&app.db, BASE, now + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(quiet, requests::ExpiryReport::default());
    // Two days before the deadline (7 days by default): one reminder to the addressee.
    let reminder_at = now + Duration::days(5) + Duration::hours(1);
    let report = requests::run_expiry(&app.db, BASE, reminder_at)
        .await
        .unwrap();
    assert_eq!(report.reminded, 1);
    let again = requests::run_expiry(&app.db, BASE, reminder_at + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(again.reminded, 0, "once");
    let to_addressee = outbox_to(&app, &world.people[1].email).await;
    assert_eq!(to_addressee.len(), 2, "request, then one reminder");
    assert!(
        last_request(&app, world.people[0].participant_id)
            .await
            .reminded_at
            .is_some()
    );

    // Past the deadline: expired, both sides told, the addressee can no longer accept.
    let report = requests::run_expiry(&app.db, BASE, now + Duration::days(8))
        .await
        .unwrap();
    assert_eq!(report.expired, 1);
    assert_eq!(
        last_request(&app, world.people[0].participant_id)
            .await
            .state,
        "expired"
    );
    assert_eq!(outbox_to(&app, &world.people[1].email).await.len(), 3);
    assert!(
        outbox_to(&app, &world.people[0].email)
            .await
            .iter()
            .any(|m| m.subject.contains("expir"))
    );
    let late = requests::accept(
        &app.db,
        BASE,
        world.people[1].user_id,
        world.event.0,
        request.id,
        None,
        now + Duration::days(8),
    )
    .await;
    assert!(matches!(late, Err(requests::RequestError::Conflict(_))));
    // It no longer counts: a new request between them is allowed.
    assert!(
        requests::send_request(
            &app.db,
            BASE,
            world.people[0].user_id,
            world.event.0,
            &form,
            now
        )
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn the_sms_gateway_is_retried_with_backoff() {
    // REQ: MTG-5
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-sms", 2, 1).await;
    set_rules(&app, &world, |s| s.sms_enabled = true).await;
    let form = SendForm {
        target_company_id: world.people[1].company_id,
        target_participant_id: Some(world.people[1].participant_id),
        priority: 2,
        booking: "schedule".into(),
        ..Default::default()
    };
    requests::send_request(
        &app.db,
        BASE,
        world.people[0].user_id,
        world.event.0,
        &form,
        Utc::now(),
    )
    .await
    .unwrap();
    app.sms.answer_status(503);
    assert_eq!(app.deliver_sms_at(Utc::now()).await, 0);
    let row = outbox_to(&app, "+33600000001").await.pop().unwrap();
    assert_eq!(row.channel, "sms");
    assert_eq!(row.attempts, 1);
    assert_eq!(row.status, "pending");
    assert!(row.last_error.unwrap_or_default().contains("503"));
    app.sms.answer_status(200);
    assert_eq!(
        app.deliver_sms_at(Utc::now()).await,
        0,
        "not before the backoff"
    );
    assert_eq!(
        app.deliver_sms_at(Utc::now() + Duration::minutes(1)).await,
        1
    );
    let texts = app.sms.to("+33600000001");
    assert_eq!(texts.len(), 1);
    assert!(texts[0].text.contains("Prénom0"));
    assert_eq!(texts[0].id, row.message_uid);
}

#[tokio::test]
async fn suggestions_leave_out_companies_already_asked() {
    // REQ: PRV-3
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "rdv-suggest", 3, 1).await;
    // All three companies share a sector, so each suggests the two others.
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE company SET sector = 'agrifood' WHERE event_id = {}",
                world.event.0
            ),
        ))
        .await
        .unwrap();
    let p0 = login(&app, &world, 0).await;
    let before = p0.get(&format!("/{}/suggestions", world.slug)).await;
    let meet1 = format!(
        "/{}/participants/{}/meet",
        world.slug, world.people[1].company_id
    );
    assert!(before.contains(&meet1), "{}", before.body);
    let form = SendForm {
        target_company_id: world.people[1].company_id,
        target_participant_id: None,
        priority: 2,
        booking: "schedule".into(),
        ..Default::default()
    };
    requests::send_request(
        &app.db,
        BASE,
        world.people[0].user_id,
        world.event.0,
        &form,
        Utc::now(),
    )
    .await
    .unwrap();
    let after = p0.get(&format!("/{}/suggestions", world.slug)).await;
    assert!(!after.contains(&meet1));
    assert!(after.contains(&format!(
        "/{}/participants/{}/meet",
        world.slug, world.people[2].company_id
    )));
    // The asked side does not get the asker suggested either.
    let p1 = login(&app, &world, 1).await;
    let theirs = p1.get(&format!("/{}/suggestions", world.slug)).await;
    assert!(!theirs.contains(&format!(
        "/{}/participants/{}/meet",
        world.slug, world.people[0].company_id
    )));
}
