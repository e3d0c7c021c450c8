//! Internal messages: threads between the two sides of a request, open per state and per
//! the event's rule; the participants' thread with the organizers and the organizers'
//! inbox with replies; notices by email without anyone's address leaking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Permission;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{meeting_request, outbox_message};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

async fn set_state(app: &TestApp, id: i64, state: &str) {
    let mut row: meeting_request::ActiveModel = meeting_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.state = Set(state.into());
    row.update(&app.db).await.unwrap();
}

async fn logged_in(app: &TestApp, email: &str) -> Browser {
    app.logged_in(email, PASSWORD).await
}

async fn mails_to(app: &TestApp, recipient: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .filter(outbox_message::Column::Channel.eq("email"))
        .all(&app.db)
        .await
        .unwrap()
}

async fn allow_early_messages(app: &TestApp, world: &MeetingWorld, show_emails: bool) {
    let mut settings = services::meetings::settings::load(&app.db, world.event)
        .await
        .unwrap();
    settings.messages_before_acceptance = true;
    settings.show_email_addresses = show_emails;
    services::meetings::settings::store(&app.db, world.event, &settings)
        .await
        .unwrap();
}

// REQ: PRV-5
#[tokio::test]
async fn meeting_threads_open_per_state_and_event_rule() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "msg-threads", 3, 1).await;
    let id = world.event.0;
    let pending = world.request(&app, 0, 1, "requested").await;
    let url = format!("/me/events/{id}/messages/{}", pending.id);
    let p0 = logged_in(&app, &world.people[0].email).await;

    // Before acceptance, by default: refused, nothing written, nobody told.
    let early = p0.post_form(&url, &[("body", "Bonjour !")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.contains("ne sont pas (ou plus) possibles"));
    assert_eq!(app.count("message", "1 = 1").await, 0);
    assert!(p0.get(&url).await.contains("Cette conversation est fermée"));

    // Once accepted: allowed; the other side gets an email without the sender's address.
    set_state(&app, pending.id, "accepted").await;
    let sent = p0
        .post_form(&url, &[("body", "Bonjour,\n<b>à demain</b> & merci")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(app.count("message", "1 = 1").await, 1);
    let told = mails_to(&app, &world.people[1].email).await;
    assert_eq!(told.len(), 1);
    assert!(told[0].subject.contains("Prénom0 Nom0"));
    assert!(!told[0].body_text.contains(&world.people[0].email));
    app.deliver_outbox().await;
    assert!(
        app.smtp
            .messages()
            .iter()
            .any(|m| m.recipients == vec![world.people[1].email.clone()])
    );

    // The other side reads it, escaped, with no email address shown.
    let p1 = logged_in(&app, &world.people[1].email).await;
    let list = p1.get(&format!("/me/events/{id}/messages")).await;
    assert!(list.contains("Prénom0 Nom0 (Société 0 Énergie)"));
    assert!(list.contains("1 non lu(s)"));
    let thread = p1.get(&url).await;
    assert_eq!(thread.status, StatusCode::OK);
    // Plain text, escaped: no markup gets through.
    assert!(thread.contains("à demain"));
    assert!(!thread.contains("<b>"));
    assert!(!thread.contains(&world.people[0].email));
    assert_eq!(
        app.count("message", "read_at IS NULL").await,
        0,
        "read once opened"
    );
    let reply = p1.post_form(&url, &[("body", "Avec plaisir.")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(p0.get(&url).await.contains("Avec plaisir."));

    // Empty and too long: refused with the form filled again.
    let empty = p0.post_form(&url, &[("body", "   ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("Écrivez un message"));
    let long = "é".repeat(4001);
    let too_long = p0.post_form(&url, &[("body", long.as_str())]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.contains("trop long"));
    assert!(too_long.contains(&long));
    let exact = "é".repeat(4000);
    assert_eq!(
        p0.post_form(&url, &[("body", exact.as_str())]).await.status,
        StatusCode::SEE_OTHER
    );

    // A third person neither reads nor writes.
    let p2 = logged_in(&app, &world.people[2].email).await;
    assert_eq!(p2.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        p2.post_form(&url, &[("body", "Coucou")]).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !p2.get(&format!("/me/events/{id}/messages"))
            .await
            .contains("Prénom0")
    );

    // Declined requests are closed.
    let declined = world.request(&app, 2, 0, "declined").await;
    let closed = p2
        .post_form(
            &format!("/me/events/{id}/messages/{}", declined.id),
            &[("body", "Dommage")],
        )
        .await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
}

// REQ: PRV-5
#[tokio::test]
async fn the_event_may_open_threads_before_acceptance_and_show_addresses() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "msg-early", 2, 1).await;
    let id = world.event.0;
    let pending = world.request(&app, 0, 1, "requested").await;
    let url = format!("/me/events/{id}/messages/{}", pending.id);
    let p1 = logged_in(&app, &world.people[1].email).await;
    assert!(!p1.get(&url).await.contains(&world.people[0].email));
    allow_early_messages(&app, &world, true).await;
    let sent = p1.post_form(&url, &[("body", "Parlons-en.")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let p0 = logged_in(&app, &world.people[0].email).await;
    let thread = p0.get(&url).await;
    assert!(thread.contains("Parlons-en."));
    assert!(
        thread.contains(&world.people[1].email),
        "the event shows addresses"
    );
}

// REQ: PRV-4
#[tokio::test]
async fn participants_write_to_the_organizers_who_reply() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "msg-orga", 2, 1).await;
    let elsewhere = MeetingWorld::build(&app, "msg-orga-2", 1, 1).await;
    let id = world.event.0;
    let organizer = app.create_user("orga@msg.test", PASSWORD, false).await;
    app.grant(organizer, world.event, &[Permission::ManageMeetings])
        .await;
    let checker = app.create_user("accueil@msg.test", PASSWORD, false).await;
    app.grant(checker, world.event, &[Permission::CheckIn])
        .await;
    let foreign = app.create_user("orga@ailleurs.test", PASSWORD, false).await;
    app.grant(foreign, elsewhere.event, &[Permission::ManageMeetings])
        .await;

    let p0 = logged_in(&app, &world.people[0].email).await;
    let thread_url = format!("/me/events/{id}/messages/organizers");
    let empty = p0.post_form(&thread_url, &[("body", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sent = p0
        .post_form(&thread_url, &[("body", "Où se garer ?")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let told = mails_to(&app, "orga@msg.test").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].body_text.contains("Prénom0 Nom0"));
    assert!(mails_to(&app, "accueil@msg.test").await.is_empty());
    assert!(mails_to(&app, "orga@ailleurs.test").await.is_empty());

    let orga = logged_in(&app, "orga@msg.test").await;
    let inbox = orga.get(&format!("/admin/events/{id}/messages")).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.contains("Prénom0 Nom0 (Société 0 Énergie)"));
    let participant = world.people[0].participant_id;
    let admin_thread = format!("/admin/events/{id}/messages/{participant}");
    let page = orga.get(&admin_thread).await;
    assert!(page.contains("Où se garer ?"));
    let reply = orga
        .post_form(&admin_thread, &[("body", "Parking P2, gratuit.")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("audit_entry", "entity = 'message' AND action = 'reply'")
            .await,
        1
    );
    let answer = mails_to(&app, &world.people[0].email).await;
    assert_eq!(answer.len(), 1);
    assert!(!answer[0].body_text.contains("orga@msg.test"));
    let mine = p0.get(&thread_url).await;
    assert!(mine.contains("Parking P2, gratuit."));
    assert!(mine.contains("Les organisateurs"));
    assert!(!mine.contains("orga@msg.test"));

    // Another participant's organizer thread is their own.
    let p1 = logged_in(&app, &world.people[1].email).await;
    assert!(!p1.get(&thread_url).await.contains("Où se garer"));

    // Refusals: a team member without the right, another event's organizer, a participant,
    // and a participant of another event.
    let checker_browser = logged_in(&app, "accueil@msg.test").await;
    assert_eq!(
        checker_browser.get(&admin_thread).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        checker_browser
            .post_form(&admin_thread, &[("body", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let foreign_browser = logged_in(&app, "orga@ailleurs.test").await;
    assert_eq!(
        foreign_browser.get(&admin_thread).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(p1.get(&admin_thread).await.status, StatusCode::FORBIDDEN);
    let other_participant = elsewhere.people[0].participant_id;
    assert_eq!(
        orga.get(&format!("/admin/events/{id}/messages/{other_participant}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("message", "1 = 1").await, 2);

    // A double click (same one-time key) writes one message and sends one email.
    let form = [("body", "Deux fois ?"), ("idempotency_key", "k-double")];
    let first = p1.post_form(&thread_url, &form).await;
    let second = p1.post_form(&thread_url, &form).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("message", "body = 'Deux fois ?'").await, 1);
    assert_eq!(mails_to(&app, "orga@msg.test").await.len(), 2);
    // The thread page hands out a fresh key with its form.
    assert!(
        p1.get(&thread_url)
            .await
            .contains("name=\"idempotency_key\"")
    );
}
