//! Badges (CHK-5, PRV-7, REG-7, CHK-1): the settings page (saved and audited, a bad colour
//! refused with the form filled in), the participant's electronic badge and PDF (accented
//! names intact, QR code decoding to the badge token), re-issuing and revoking, who may see
//! a badge, and the confirmation email carrying the badge link, the programme and the badge
//! PDF as an attachment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use domain::{EventId, ParticipantId};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use services::event_day::pass::{self, PassRefusal};
use services::event_day::{ConfirmationPass, EventDaySettings};
use store::entities::{company, field_value, participant};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const ADMIN: &str = "admin@badges.test";

async fn admin(app: &TestApp) -> Browser {
    app.principal_admin(ADMIN, PASSWORD).await
}

/// Renames fixture person `n` and their company, and gives them a category.
async fn dress(app: &TestApp, world: &MeetingWorld, n: usize, first: &str, last: &str, firm: &str) {
    let person = &world.people[n];
    let row = participant::Entity::find_by_id(person.participant_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row = row.into_active_model();
    row.first_name = Set(first.into());
    row.last_name = Set(last.into());
    row.job_title_fr = Set("Directrice générale".into());
    row.update(&app.db).await.unwrap();
    let firm_row = company::Entity::find_by_id(person.company_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut firm_row = firm_row.into_active_model();
    firm_row.name = Set(firm.into());
    firm_row.country = Set("MA".into());
    firm_row.update(&app.db).await.unwrap();
    field_value::ActiveModel {
        event_id: Set(world.event.0),
        field_key: Set("category".into()),
        company_id: Set(None),
        participant_id: Set(Some(person.participant_id)),
        offer_id: Set(None),
        value: Set("student".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn settings(app: &TestApp, event: EventId) -> EventDaySettings {
    services::event_day::load(&app.db, event).await.unwrap()
}

fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    documents::inspect::pdf_text(pdf).unwrap()
}

/// The QR codes printed on page 1 of a PDF.
fn qr_codes(pdf: &[u8]) -> Vec<String> {
    let png = documents::inspect::render_first_page_png(pdf, 3.0).unwrap();
    documents::decode_qr(&png).unwrap()
}

// REQ: CHK-5
#[tokio::test]
async fn settings_are_saved_audited_and_a_bad_colour_is_refused_with_the_form_filled_in() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "badges-settings", 1, 1).await;
    let id = world.event.0;
    let browser = admin(&app).await;
    let page = browser.get(&format!("/admin/events/{id}/badges")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("name=\"colour_student\""), "{}", page.body);
    assert!(page.contains("value=\"label-86x54\""));

    let path = format!("/admin/events/{id}/badges");
    let bad = browser
        .post_form(
            &path,
            &[
                ("format", "a4"),
                ("show_company", "on"),
                ("colour_student", "#aa0000"),
                ("colour_expert", "rouge vif"),
                ("confirmation_pass", "qr_link"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Saisissez une couleur au format #RRGGBB"));
    assert!(bad.contains("value=\"rouge vif\""), "typed value kept");
    assert!(bad.contains("value=\"#aa0000\""), "other colours kept");
    assert!(
        bad.contains("<option value=\"a4\" selected>"),
        "format kept"
    );
    assert_eq!(
        settings(&app, world.event).await,
        EventDaySettings::default()
    );
    assert_eq!(
        app.count("audit_entry", "entity = 'badge_settings'").await,
        0
    );

    let ok = browser
        .post_form(
            &path,
            &[
                ("format", "a4"),
                ("show_company", "on"),
                ("show_category", "on"),
                ("colour_student", "#AA0000"),
                ("colour_expert", "#00aa00"),
                ("confirmation_pass", "qr_link"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = settings(&app, world.event).await;
    assert_eq!(saved.badge.format, "a4");
    assert!(saved.badge.show_company && saved.badge.show_category);
    assert!(!saved.badge.show_job_title && !saved.badge.show_country);
    assert!(
        saved
            .badge
            .category_colours
            .contains(&("student".to_string(), "#aa0000".to_string()))
    );
    assert_eq!(saved.confirmation_pass, ConfirmationPass::QrLink);
    assert_eq!(
        app.count(
            "audit_entry",
            &format!("entity = 'badge_settings' AND event_id = {id} AND actor_label = '{ADMIN}'")
        )
        .await,
        1
    );
    // the page shows what was saved
    let page = browser.get(&path).await;
    assert!(page.contains("<option value=\"a4\" selected>"));
    assert!(page.contains("value=\"#aa0000\""));

    // the preview is a sample badge with the saved settings
    let (status, headers, pdf) = browser
        .get_bytes(&format!("/admin/events/{id}/badges/preview.pdf"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf_text(&pdf).contains("Éloïse"));

    // a participant may not change badge settings
    let person = app.browser();
    person.login(&world.people[0].email, PASSWORD).await;
    let refused = person.post_form(&path, &[("format", "single")]).await;
    assert!(matches!(
        refused.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    assert_eq!(settings(&app, world.event).await.badge.format, "a4");
}

// REQ: PRV-7
// REQ: CHK-5
// REQ: CHK-1
#[tokio::test]
async fn the_participant_badge_prints_accented_names_and_a_qr_code_that_re_issue_replaces() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "badges-person", 2, 1).await;
    let other = MeetingWorld::build(&app, "badges-other", 1, 1).await;
    let (event, id) = (world.event, world.event.0);
    dress(
        &app,
        &world,
        0,
        "Éloïse",
        "Ñúñez-Łódź",
        "Société Générale d'Élevage",
    )
    .await;
    let pid = world.people[0].participant_id;
    let token = pass::token_for(&app.db, event, ParticipantId(pid))
        .await
        .unwrap();

    let me = app.browser();
    me.login(&world.people[0].email, PASSWORD).await;
    let page = me.get(&format!("/me/events/{id}/badge")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Éloïse Ñúñez-Łódź"));
    assert!(
        page.contains("Société Générale d&#39;Élevage")
            || page.contains("Société Générale d&#x27;Élevage"),
        "{}",
        page.body
    );
    assert!(page.contains("Étudiant"));
    assert!(page.contains(&format!("<code class=\"badge-token\">{token}</code>")));
    assert!(page.contains("<svg"), "QR code inline");
    assert!(page.contains(&format!("href=\"/me/events/{id}/badge.pdf\"")));

    let (status, headers, pdf) = me.get_bytes(&format!("/me/events/{id}/badge.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    // typst may typeset the apostrophe as a curly one
    let text = pdf_text(&pdf).replace('’', "'");
    for expected in [
        "Éloïse",
        "Ñúñez-Łódź",
        "Société Générale d'Élevage",
        "Étudiant",
        "Directrice générale",
        "Maroc",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    assert_eq!(qr_codes(&pdf), vec![token.clone()]);

    // the desk prints the same badge
    let desk = admin(&app).await;
    let (status, _, desk_pdf) = desk
        .get_bytes(&format!("/admin/events/{id}/participants/{pid}/badge.pdf"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf_text(&desk_pdf).contains("Ñúñez-Łódź"));

    // re-issue: the old code is refused, the new one admits
    let page = desk
        .get(&format!("/admin/events/{id}/participants/{pid}/badge"))
        .await;
    assert!(page.contains(&format!(
        "/admin/events/{id}/participants/{pid}/badge/reissue"
    )));
    let done = desk
        .post_form(
            &format!("/admin/events/{id}/participants/{pid}/badge/reissue"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        pass::identify(&app.db, event, &token).await.unwrap(),
        Err(PassRefusal::Revoked)
    );
    let new_token = pass::token_for(&app.db, event, ParticipantId(pid))
        .await
        .unwrap();
    assert_ne!(new_token, token);
    assert_eq!(
        pass::identify(&app.db, event, &new_token).await.unwrap(),
        Ok(ParticipantId(pid))
    );
    let (_, _, pdf) = me.get_bytes(&format!("/me/events/{id}/badge.pdf")).await;
    assert_eq!(qr_codes(&pdf), vec![new_token.clone()]);
    assert_eq!(
        app.count(
            "audit_entry",
            &format!("entity = 'badge_pass' AND action = 'reissue' AND entity_id = '{pid}'")
        )
        .await,
        1
    );
    // without the CSRF token nothing changes
    let forged = desk
        .post_form_raw(
            &format!("/admin/events/{id}/participants/{pid}/badge/revoke"),
            &[],
            &[],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        pass::identify(&app.db, event, &new_token).await.unwrap(),
        Ok(ParticipantId(pid))
    );
    // revoke: no badge of this person admits
    desk.post_form(
        &format!("/admin/events/{id}/participants/{pid}/badge/revoke"),
        &[],
    )
    .await;
    assert_eq!(
        pass::identify(&app.db, event, &new_token).await.unwrap(),
        Err(PassRefusal::Revoked)
    );
    assert!(
        desk.get(&format!("/admin/events/{id}/participants/{pid}/badge"))
            .await
            .contains("Révoqué")
    );

    // another participant, another event, a participant not validated: 404
    let other_pid = other.people[0].participant_id;
    let stranger = app.browser();
    stranger.login(&other.people[0].email, PASSWORD).await;
    assert_eq!(
        stranger.get(&format!("/me/events/{id}/badge")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger
            .get_bytes(&format!("/me/events/{id}/badge.pdf"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        desk.get_bytes(&format!(
            "/admin/events/{id}/participants/{other_pid}/badge.pdf"
        ))
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        desk.get(&format!(
            "/admin/events/{id}/participants/{other_pid}/badge"
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let second = &world.people[1];
    let row = participant::Entity::find_by_id(second.participant_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row = row.into_active_model();
    row.status = Set("pending".into());
    row.update(&app.db).await.unwrap();
    let pending = app.browser();
    pending.login(&second.email, PASSWORD).await;
    assert_eq!(
        pending.get(&format!("/me/events/{id}/badge")).await.status,
        StatusCode::NOT_FOUND
    );
    // a participant may not print someone else's badge from the back office
    assert!(matches!(
        me.get_bytes(&format!("/admin/events/{id}/participants/{pid}/badge.pdf"))
            .await
            .0,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
}

/// The decoded body of the first `application/pdf` part of a raw email.
fn pdf_attachment(data: &str) -> Option<Vec<u8>> {
    let data = data.replace("\r\n", "\n");
    let at = data.find("Content-Type: application/pdf")?;
    let rest = &data[at..];
    let body_start = rest.find("\n\n")? + 2;
    let body = &rest[body_start..];
    let end = body.find("\n--").unwrap_or(body.len());
    let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// Puts a company and its people back to "pending".
async fn pending(app: &TestApp, world: &MeetingWorld, n: usize) {
    let person = &world.people[n];
    let mut c = company::Entity::find_by_id(person.company_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    c.status = Set("pending".into());
    c.update(&app.db).await.unwrap();
    let mut p = participant::Entity::find_by_id(person.participant_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    p.status = Set("pending".into());
    p.update(&app.db).await.unwrap();
}

// REQ: REG-7
// REQ: CHK-1
#[tokio::test]
async fn the_validation_email_carries_the_badge_pdf_the_link_and_the_programme() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "badges-mail", 2, 1).await;
    let id = world.event.0;
    dress(
        &app,
        &world,
        0,
        "Éloïse",
        "Ñúñez-Łódź",
        "Société Générale d'Élevage",
    )
    .await;
    pending(&app, &world, 0).await;
    pending(&app, &world, 1).await;
    let desk = admin(&app).await;
    let company = world.people[0].company_id;
    let done = desk
        .post_form(
            &format!("/admin/events/{id}/registrations/{company}/validate"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count(
            "outbox_attachment",
            "kind = 'badge' AND file_name = 'badge.pdf'"
        )
        .await,
        1,
        "one attachment, for the participant (not the organizers' copy)"
    );
    app.deliver_outbox().await;
    let mails = app.smtp.messages();
    let mail = mails
        .iter()
        .find(|m| {
            m.recipients
                .iter()
                .any(|r| r.contains(&world.people[0].email))
        })
        .expect("validation email");
    let data = mail.data.replace("=\r\n", "").replace("=3D", "=");
    assert!(data.contains("multipart/mixed"), "{data}");
    assert!(data.contains("badge.pdf"));
    assert!(data.contains(&format!("/me/events/{id}/badge")));
    assert!(
        data.contains("Matin=C3=A9e 1") || data.contains("Matinée 1"),
        "programme: {data}"
    );
    assert!(data.contains("09:00"));
    let pdf = pdf_attachment(&mail.data).expect("PDF part");
    let text = pdf_text(&pdf);
    assert!(text.contains("Ñúñez-Łódź"), "{text}");
    let token = pass::token_for(
        &app.db,
        world.event,
        ParticipantId(world.people[0].participant_id),
    )
    .await
    .unwrap();
    assert_eq!(qr_codes(&pdf), vec![token]);

    // "nothing": no link, no attachment
    let mut none = settings(&app, world.event).await;
    none.confirmation_pass = ConfirmationPass::None;
    services::event_day::store(&app.db, world.event, &none)
        .await
        .unwrap();
    let company = world.people[1].company_id;
    desk.post_form(
        &format!("/admin/events/{id}/registrations/{company}/validate"),
        &[],
    )
    .await;
    assert_eq!(app.count("outbox_attachment", "1 = 1").await, 1);
    app.deliver_outbox().await;
    let mails = app.smtp.messages();
    let mail = mails
        .iter()
        .find(|m| {
            m.recipients
                .iter()
                .any(|r| r.contains(&world.people[1].email))
        })
        .expect("second validation email");
    assert!(!mail.data.contains("multipart/mixed"));
    assert!(!mail.data.contains("/badge"));
}

// REQ: REG-7
// REQ: BO-3
#[tokio::test]
async fn a_person_validated_on_their_own_gets_the_confirmation_with_the_badge_once() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "badges-person", 1, 1).await;
    let (id, person) = (world.event.0, &world.people[0]);
    let base = format!(
        "/admin/events/{id}/registrations/{}/people/{}",
        person.company_id, person.participant_id
    );
    let desk = admin(&app).await;
    let queued = app.count("outbox_message", "1 = 1").await;
    let refused = desk.post_form(&format!("{base}/refuse"), &[]).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    assert_eq!(
        app.count("outbox_message", "1 = 1").await,
        queued,
        "a refusal alone sends nothing"
    );

    let validated = desk.post_form(&format!("{base}/validate"), &[]).await;
    assert_eq!(
        validated.status,
        StatusCode::SEE_OTHER,
        "{}",
        validated.body
    );
    // Validating again (a replayed form) sends no second email.
    desk.post_form(&format!("{base}/validate"), &[]).await;
    assert_eq!(
        app.count(
            "outbox_attachment",
            &format!("kind = 'badge' AND ref_id = {}", person.participant_id)
        )
        .await,
        1
    );
    app.deliver_outbox().await;
    let mails: Vec<_> = app
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.recipients.iter().any(|r| r.contains(&person.email)))
        .collect();
    assert_eq!(mails.len(), 1, "one confirmation for the person");
    assert!(mails[0].data.contains(&format!("/me/events/{id}/badge")));
    let pdf = pdf_attachment(&mails[0].data).expect("badge attached");
    let token = pass::token_for(&app.db, world.event, ParticipantId(person.participant_id))
        .await
        .unwrap();
    assert_eq!(qr_codes(&pdf), vec![token]);
}

// REQ: CHK-1
// REQ: CHK-2
#[tokio::test]
async fn the_decoded_badge_checks_the_participant_in_through_the_scan_api() {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, "badges-scan", 1, 1).await;
    let id = world.event.0;
    let pid = world.people[0].participant_id;
    let desk = admin(&app).await;
    let (_, _, pdf) = desk
        .get_bytes(&format!("/admin/events/{id}/participants/{pid}/badge.pdf"))
        .await;
    let code = qr_codes(&pdf).pop().expect("a QR code");
    let csrf = desk.csrf().await;
    let session = desk.cookie("agora_session").expect("session");
    let response = reqwest::Client::new()
        .post(format!("{}/admin/events/{id}/checkin/scan", app.base_url))
        .header(
            "cookie",
            format!("agora_session={session}; agora_csrf={csrf}"),
        )
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({"code": code, "station": "Entrée A", "method": "camera"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.count(
            "checkin",
            &format!("participant_id = {pid} AND station = 'Entrée A'")
        )
        .await,
        1
    );
}
