//! Presence and absences on the event day (CHK-3), on-site registration (BO-7, CHK-4):
//! meetings at risk after the grace, marking absent (meetings cancelled, seats and tables
//! freed, counterparts told, audited), "fill freed slots" without moving anything else,
//! on-site registration with meeting proposals among present participants, access rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, TimeZone, Utc};
use domain::{EventId, Permission};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use services::audit::Actor;
use services::event_day::presence::{self, PresenceError, fill, onsite};
use std::collections::BTreeMap;
use store::entities::{
    audit_entry, checkin, meeting, meeting_request, onsite_registration, outbox_message,
    participant,
};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

/// 2027-03-10 at `h:m` in Paris (UTC+1 in March).
fn paris(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 10, h - 1, m, 0).unwrap()
}

fn actor() -> Actor {
    Actor {
        user_id: None,
        label: "desk@test".into(),
    }
}

async fn check_in(app: &TestApp, world: &MeetingWorld, who: usize) {
    checkin::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[who].participant_id),
        checked_at: Set(paris(8, 50)),
        station: Set("desk-1".into()),
        method: Set("list".into()),
        by_user_id: Set(None),
        created_at: Set(paris(8, 50)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn state_of(app: &TestApp, id: i64) -> meeting_request::Model {
    meeting_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Every placed meeting: request → (slot, place).
async fn placements(app: &TestApp, world: &MeetingWorld) -> BTreeMap<i64, (i64, Option<i64>)> {
    meeting::Entity::find()
        .filter(meeting::Column::EventId.eq(world.event.0))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.request_id, (m.slot_id, m.place_id)))
        .collect()
}

async fn outbox_to(app: &TestApp, email: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(email))
        .filter(outbox_message::Column::Channel.eq("email"))
        .all(&app.db)
        .await
        .unwrap()
}

async fn audits(app: &TestApp, event: EventId, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::EventId.eq(event.0))
        .filter(audit_entry::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
}

async fn organizer(app: &TestApp, event: EventId, email: &str, rights: &[Permission]) -> Browser {
    app.organizer(event, (email, PASSWORD), rights).await
}

const DESK: [Permission; 3] = [
    Permission::CheckIn,
    Permission::ManageMeetings,
    Permission::ValidateRegistrations,
];

// REQ: CHK-3
#[tokio::test]
async fn absent_participant_is_at_risk_after_the_grace_and_freeing_cancels_tells_and_audits() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-risk", 4, 1).await;
    let s = &world.slots[0];
    let m1 = world.meeting(&app, 0, 1, s[1]).await.id;
    let m2 = world.meeting(&app, 2, 0, s[2]).await.id;
    let m3 = world.meeting(&app, 1, 3, s[0]).await.id;
    for who in [1, 2, 3] {
        check_in(&app, &world, who).await;
    }

    // The grace is an audited setting of the presence page (20 minutes here).
    let desk = organizer(&app, world.event, "desk@presence-risk.test", &DESK).await;
    let path = format!("/admin/events/{}/presence", world.event.0);
    let refused = desk
        .post_form(&format!("{path}/grace"), &[("minutes", "999")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("value=\"999\""),
        "the form is shown again filled in"
    );
    let saved = desk
        .post_form(&format!("{path}/grace"), &[("minutes", "20")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        audits(&app, world.event, "update")
            .await
            .iter()
            .filter(|a| a.entity == "absence_grace")
            .count(),
        1
    );

    // Before the grace has passed nobody is at risk; after it, p0 only (p1…p3 are checked in).
    let early = presence::at_risk(&app.db, world.event, paris(9, 19))
        .await
        .unwrap();
    assert!(early.sessions.is_empty());
    let late = presence::at_risk(&app.db, world.event, paris(9, 21))
        .await
        .unwrap();
    assert_eq!(late.participants(), vec![world.people[0].participant_id]);
    let person = &late.sessions[0].people[0];
    let listed: Vec<i64> = person.meetings.iter().map(|m| m.request_id).collect();
    assert_eq!(
        listed,
        vec![m1, m2],
        "both remaining meetings, in time order"
    );
    assert!(person.meetings[0].partner.contains("Prénom1 Nom1"));
    assert!(person.meetings[0].partner_present);
    // The page (real clock, before the event) shows nobody at risk.
    let page = desk.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("id=\"risk-none\""));

    // Marking p0 absent cancels m1 and m2 in one go; m3 (p1–p3) is untouched.
    let report = presence::free_absent(
        &app.db,
        &actor(),
        world.event,
        &[world.people[0].participant_id],
        paris(9, 21),
        "http://agora.test",
    )
    .await
    .unwrap();
    assert_eq!(report.cancelled, vec![m1, m2]);
    assert_eq!(report.freed_slots, vec![s[1], s[2]]);
    for id in [m1, m2] {
        let row = state_of(&app, id).await;
        assert_eq!(row.state, "cancelled");
        assert!(!row.cancel_reason.is_empty());
    }
    assert_eq!(state_of(&app, m3).await.state, "scheduled");
    let left = placements(&app, &world).await;
    assert_eq!(left.keys().copied().collect::<Vec<_>>(), vec![m3]);
    // Counterparts are told (p0, absent, is not), and the audit names p0.
    assert_eq!(outbox_to(&app, &world.people[1].email).await.len(), 1);
    assert_eq!(outbox_to(&app, &world.people[2].email).await.len(), 1);
    assert!(outbox_to(&app, &world.people[0].email).await.is_empty());
    app.deliver_outbox_at(paris(9, 30)).await;
    let mails = app.smtp.messages();
    let to_p1 = mails
        .iter()
        .find(|m| m.recipients.iter().any(|r| r == &world.people[1].email))
        .expect("mail to p1");
    assert!(to_p1.data.replace("=\r\n", "").contains("absent"));
    let audit = audits(&app, world.event, "mark_absent").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].entity_id,
        world.people[0].participant_id.to_string()
    );

    // The freed seat and table can be booked again (one table per session).
    services::meetings::grid::create_meeting(
        &app.db,
        &actor(),
        world.event,
        world.people[3].participant_id,
        world.people[2].participant_id,
        s[1],
        None,
        "http://agora.test",
    )
    .await
    .unwrap();
    // p0 is no longer at risk; a second "mark absent" is refused and writes nothing.
    let after = presence::at_risk(&app.db, world.event, paris(9, 22))
        .await
        .unwrap();
    assert!(after.participants().is_empty());
    let again = presence::free_absent(
        &app.db,
        &actor(),
        world.event,
        &[world.people[0].participant_id],
        paris(9, 22),
        "http://agora.test",
    )
    .await;
    assert!(matches!(again, Err(PresenceError::Changed)));
    assert_eq!(audits(&app, world.event, "mark_absent").await.len(), 1);
}

// REQ: CHK-3
#[tokio::test]
async fn checked_in_participant_is_never_at_risk() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-in", 2, 1).await;
    world.meeting(&app, 0, 1, world.slots[0][2]).await;
    check_in(&app, &world, 0).await;
    let report = presence::at_risk(&app.db, world.event, paris(9, 30))
        .await
        .unwrap();
    assert_eq!(report.participants(), vec![world.people[1].participant_id]);
    check_in(&app, &world, 1).await;
    let report = presence::at_risk(&app.db, world.event, paris(9, 30))
        .await
        .unwrap();
    assert!(report.sessions.is_empty());
    // After the session has ended nothing is at risk any more.
    let report = presence::at_risk(&app.db, world.event, paris(10, 5))
        .await
        .unwrap();
    assert!(report.sessions.is_empty());
}

// REQ: CHK-3
#[tokio::test]
async fn fill_freed_slots_places_a_waiting_request_in_the_freed_slot_without_moving_others() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-fill", 5, 2).await;
    let s = &world.slots[0];
    // p0 will be absent; p1…p4 are present.
    let absent_meeting = world.meeting(&app, 0, 1, s[2]).await.id;
    world.meeting(&app, 1, 3, s[1]).await;
    world.meeting(&app, 2, 4, s[1]).await;
    world.meeting(&app, 3, 4, world.slots[1][0]).await;
    for who in [1, 2, 3, 4] {
        check_in(&app, &world, who).await;
    }
    // Waiting for a time: p1–p2 (both present) and p0–p3 (p0 absent).
    let waiting = world.request(&app, 1, 2, "confirmed").await.id;
    let with_absent = world.request(&app, 0, 3, "confirmed").await.id;
    let now = paris(9, 16);
    presence::free_absent(
        &app.db,
        &actor(),
        world.event,
        &[world.people[0].participant_id],
        now,
        "http://agora.test",
    )
    .await
    .unwrap();
    assert_eq!(state_of(&app, absent_meeting).await.state, "cancelled");
    let before = placements(&app, &world).await;

    let run = fill::fill_freed_slots(&app.db, &actor(), world.event, now, 1_000)
        .await
        .unwrap();
    let row = store::meetings::scheduling::find_run(&app.db, world.event.0, run)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, "ready");
    let proposal = services::meetings::scheduling::proposal_of(&row).unwrap();
    let new: Vec<_> = proposal
        .assignments
        .iter()
        .filter(|a| a.from_slot.is_none())
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!((new[0].request_id, new[0].slot_id), (waiting, s[2]));
    assert!(
        proposal
            .unplaced
            .iter()
            .any(|u| u.request_id == with_absent),
        "the request with an absent side is left out"
    );
    let report = services::meetings::scheduling::publish(
        &app.db,
        &actor(),
        world.event,
        run,
        "http://agora.test",
    )
    .await
    .unwrap();
    assert_eq!((report.placed, report.moved), (1, 0));
    let after = placements(&app, &world).await;
    assert_eq!(after.get(&waiting).map(|p| p.0), Some(s[2]));
    for (request, place) in &before {
        assert_eq!(
            after.get(request),
            Some(place),
            "meeting {request} did not move"
        );
    }
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(state_of(&app, with_absent).await.state, "confirmed");
    assert!(!outbox_to(&app, &world.people[2].email).await.is_empty());
}

// REQ: CHK-3
#[tokio::test]
async fn fill_freed_slots_also_books_pending_and_accepted_requests_of_present_people() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-fill-open", 4, 2).await;
    let s = &world.slots[0];
    let kept = world.meeting(&app, 0, 1, s[0]).await.id;
    for who in 0..4 {
        check_in(&app, &world, who).await;
    }
    // Never answered, and accepted but not yet confirmed: on the day, with both sides in the
    // room, the organizer books them.
    let pending = world.request(&app, 2, 3, "requested").await.id;
    let accepted = world.request(&app, 0, 2, "accepted").await.id;
    let before = placements(&app, &world).await;
    let now = paris(9, 16);
    let run = fill::fill_freed_slots(&app.db, &actor(), world.event, now, 1_000)
        .await
        .unwrap();
    let report = services::meetings::scheduling::publish(
        &app.db,
        &actor(),
        world.event,
        run,
        "http://agora.test",
    )
    .await
    .unwrap();
    assert_eq!(report.placed, 2, "{report:?}");
    let after = placements(&app, &world).await;
    for id in [pending, accepted] {
        assert_eq!(state_of(&app, id).await.state, "scheduled");
        let slot = after.get(&id).map(|p| p.0);
        assert!(
            slot == Some(s[1]) || slot == Some(s[2]),
            "placed after now: {slot:?}"
        );
    }
    assert_ne!(
        after.get(&pending).map(|p| p.0),
        after.get(&accepted).map(|p| p.0)
    );
    assert_eq!(after.get(&kept), before.get(&kept));
    assert!(!outbox_to(&app, &world.people[3].email).await.is_empty());
}

/// The fields of the on-site form.
fn onsite_fields<'a>(email: &'a str, key: &'a str, sector: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", "Nadia"),
        ("last_name", "Benali"),
        ("email", email),
        ("phone", ""),
        ("company_name", "Atlas Solaire"),
        ("country", "MA"),
        ("city", "Rabat"),
        ("sector", sector),
        ("category", ""),
        ("offer", ""),
        ("seeking", "Panneaux solaires pour toitures"),
        ("idempotency_key", key),
    ]
}

// REQ: BO-7
// REQ: CHK-4
// REQ: CHK-3
#[tokio::test]
async fn onsite_registration_checks_in_and_books_meetings_with_present_participants_only() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-onsite", 4, 2).await;
    let s = &world.slots[0];
    let existing = world.meeting(&app, 1, 3, s[1]).await.id;
    check_in(&app, &world, 1).await;
    check_in(&app, &world, 2).await;
    let desk = organizer(&app, world.event, "desk@presence-onsite.test", &DESK).await;
    let base = format!("/admin/events/{}/presence/onsite", world.event.0);
    let form = desk.get(&base).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("name=\"idempotency_key\""));
    let taxonomy = services::taxonomy::Taxonomy::builtin();
    let sector = taxonomy.terms(services::taxonomy::Vocabulary::Sector)[0]
        .code
        .clone();

    let fields = onsite_fields("nadia@atlas.test", "k-onsite-1", &sector);
    let done = desk.post_form(&base, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let location = done.location.clone().unwrap();
    let pid: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let newcomer = participant::Entity::find_by_id(pid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(newcomer.event_id, world.event.0);
    assert_eq!(newcomer.status, "validated");
    let scan = checkin::Entity::find()
        .filter(checkin::Column::ParticipantId.eq(pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(scan.method, "onsite");
    let onsite_row = onsite_registration::Entity::find()
        .filter(onsite_registration::Column::ParticipantId.eq(pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(onsite_row.payment_state, "none");
    assert_eq!(audits(&app, world.event, "register_onsite").await.len(), 1);
    // A double submit returns the same newcomer.
    let replay = desk.post_form(&base, &fields).await;
    assert_eq!(replay.location.as_deref(), Some(location.as_str()));
    let count = participant::Entity::find()
        .filter(participant::Column::EventId.eq(world.event.0))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 5);

    // Proposals at 09:05: present people only (p1, p2), free slots, no overlap.
    let proposals = onsite::propose(&app.db, world.event, pid, paris(9, 5))
        .await
        .unwrap();
    let partners: Vec<i64> = proposals.iter().map(|p| p.partner_id).collect();
    assert_eq!(partners.len(), 2, "{proposals:?}");
    assert!(partners.contains(&world.people[1].participant_id));
    assert!(partners.contains(&world.people[2].participant_id));
    assert_ne!(proposals[0].slot_id, proposals[1].slot_id);
    let p1 = proposals
        .iter()
        .find(|p| p.partner_id == world.people[1].participant_id)
        .unwrap();
    assert_eq!(p1.slot_id, s[2], "p1 is busy at 09:20");
    assert!(
        proposals.iter().all(|p| p.slot_id != s[0]),
        "09:00 has started"
    );

    // The newcomer's page (real clock: the event's next day) proposes them; booking both.
    let page = desk.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains(&format!(
        "/admin/events/{}/participants/{pid}/badge.pdf",
        world.event.0
    )));
    let picks: Vec<String> = page
        .body
        .split("name=\"pick\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect();
    assert_eq!(picks.len(), 2, "{}", page.body);
    let before = placements(&app, &world).await;
    let fields: Vec<(&str, &str)> = picks.iter().map(|p| ("pick", p.as_str())).collect();
    let booked = desk
        .post_form(&format!("{location}/confirm"), &fields)
        .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    let after = placements(&app, &world).await;
    assert_eq!(after.len(), before.len() + 2);
    assert_eq!(after.get(&existing), before.get(&existing));
    assert_eq!(outbox_to(&app, &world.people[1].email).await.len(), 1);
    assert_eq!(outbox_to(&app, &world.people[2].email).await.len(), 1);
    assert!(outbox_to(&app, &world.people[3].email).await.is_empty());
    // The agenda prints with both partners.
    let agenda = desk
        .get(&format!(
            "/admin/events/{}/participants/{pid}/agenda",
            world.event.0
        ))
        .await;
    assert_eq!(agenda.status, StatusCode::OK);
    assert!(agenda.contains("Prénom1 Nom1") && agenda.contains("Prénom2 Nom2"));

    // A duplicate email is refused with the form filled in; nothing is written.
    let dup = onsite_fields(&world.people[2].email, "k-onsite-2", &sector);
    let refused = desk.post_form(&base, &dup).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("déjà inscrite"), "{}", refused.body);
    assert!(refused.contains("value=\"Atlas Solaire\""));
    assert!(refused.contains("value=\"Rabat\""));
    assert_eq!(app.count("onsite_registration", "1=1").await, 1);
}

// REQ: CHK-3
// REQ: BO-7
#[tokio::test]
async fn presence_pages_need_the_checkin_right_and_hide_other_events() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "presence-a", 2, 1).await;
    let other = MeetingWorld::build(&app, "presence-b", 1, 1).await;
    let a = world.event.0;
    // Meetings right without the event-day right: no access to any presence page or action.
    let planner = organizer(
        &app,
        world.event,
        "planner@presence.test",
        &[Permission::ManageMeetings],
    )
    .await;
    for path in [
        format!("/admin/events/{a}/presence"),
        format!("/admin/events/{a}/presence/onsite"),
        format!(
            "/admin/events/{a}/participants/{}/agenda",
            world.people[0].participant_id
        ),
    ] {
        assert_eq!(
            planner.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let pid = world.people[0].participant_id.to_string();
    let post = planner
        .post_form(
            &format!("/admin/events/{a}/presence/absent"),
            &[("participant", pid.as_str())],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    // Check-in without the meetings right: the page, but not the meeting actions.
    let door = organizer(
        &app,
        world.event,
        "door@presence.test",
        &[Permission::CheckIn],
    )
    .await;
    assert_eq!(
        door.get(&format!("/admin/events/{a}/presence"))
            .await
            .status,
        StatusCode::OK
    );
    let post = door
        .post_form(&format!("/admin/events/{a}/presence/fill"), &[])
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(
        door.get(&format!("/admin/events/{a}/presence/onsite"))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "on-site registration also needs the validation right"
    );
    // Another event's ids: 404.
    let desk = organizer(&app, world.event, "desk@presence.test", &DESK).await;
    let foreign = other.people[0].participant_id;
    for path in [
        format!("/admin/events/{}/presence", other.event.0),
        format!("/admin/events/{a}/presence/onsite/{foreign}"),
        format!("/admin/events/{a}/participants/{foreign}/agenda"),
    ] {
        assert_eq!(
            desk.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let foreign_s = foreign.to_string();
    let post = desk
        .post_form(
            &format!("/admin/events/{a}/presence/onsite/{foreign}/confirm"),
            &[(
                "pick",
                format!("{}:{}", world.people[0].participant_id, world.slots[0][0]).as_str(),
            )],
        )
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let refused = desk
        .post_form(
            &format!("/admin/events/{a}/presence/absent"),
            &[("participant", foreign_s.as_str())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    // A participant's account has no access at all.
    let participant = app.browser();
    participant.login(&world.people[0].email, PASSWORD).await;
    let page = participant
        .get(&format!("/admin/events/{a}/presence"))
        .await;
    assert_ne!(page.status, StatusCode::OK);
}
