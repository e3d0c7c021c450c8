//! Events and mini-sites, the audit trail, the outbox and housekeeping.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use testkit::TestApp;

const PASSWORD: &str = "cheval agrafe pile rouge";

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

async fn admin(app: &TestApp) -> testkit::Browser {
    app.principal_admin("principal@cci.test", PASSWORD).await
}

fn event_fields<'a>(slug: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("name_fr", "Rencontres Méditerranée"),
        ("name_en", "Mediterranean Meetings"),
        ("summary_fr", "Deux jours de rendez-vous"),
        ("summary_en", "Two days of meetings"),
        ("starts_on", "2027-05-04"),
        ("ends_on", "2027-05-05"),
        ("time_zone", "Europe/Paris"),
        ("primary_color", "#1a5fb4"),
        ("is_published", "on"),
        ("idempotency_key", key),
    ]
}

// REQ: EVT-1, BO-10
#[tokio::test]
async fn creating_an_event_is_audited_and_a_replayed_form_creates_nothing_more() {
    let app = TestApp::spawn().await;
    let browser = admin(&app).await;
    assert_eq!(
        browser.get("/admin/events/new").await.status,
        StatusCode::OK
    );
    let first = browser
        .post_form("/admin/events", &event_fields("rencontres-med", "key-123"))
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let replay = browser
        .post_form("/admin/events", &event_fields("rencontres-med", "key-123"))
        .await;
    assert_eq!(
        replay.location, first.location,
        "the replay returns the first result"
    );
    assert_eq!(app.count("event", "slug = 'rencontres-med'").await, 1);
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'event' AND action = 'create' AND actor_label = 'principal@cci.test'"
        )
        .await,
        1
    );
    let duplicate = browser
        .post_form("/admin/events", &event_fields("rencontres-med", "key-456"))
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.contains("déjà utilisée"));
    assert!(
        duplicate.contains("value=\"Rencontres Méditerranée\""),
        "typed values kept"
    );
    let home = app.browser().get("/").await;
    assert!(home.contains("Rencontres Méditerranée"));
}

// REQ: BO-10
#[tokio::test]
async fn audit_entries_roll_back_with_their_change() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-audit").await;
    let browser = admin(&app).await;
    let before = app.count("audit_entry", "1 = 1").await;
    // An invalid update changes nothing and writes no audit entry.
    let mut fields = event_fields("forum-audit", "");
    fields.retain(|(k, _)| *k != "starts_on");
    fields.push(("starts_on", "2027-13-45"));
    let refused = browser
        .post_form(&format!("/admin/events/{event}"), &fields)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("AAAA-MM-JJ"));
    assert_eq!(app.count("audit_entry", "1 = 1").await, before);
    // A change and its entry share one transaction: dropped together when not committed.
    let txn = store::begin_write(&app.db).await.unwrap();
    services::audit::record(
        &txn,
        &services::audit::Actor::system("test"),
        services::audit::Change::<(), _> {
            event: Some(event),
            action: "update",
            entity: "event",
            entity_id: event.to_string(),
            before: None,
            after: Some(&"x"),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    store::events::delete(&txn, event).await.unwrap();
    drop(txn);
    assert_eq!(app.count("audit_entry", "1 = 1").await, before);
    assert_eq!(app.count("event", "1 = 1").await, 1);
    // A real update records before and after.
    let ok = browser
        .post_form(
            &format!("/admin/events/{event}"),
            &event_fields("forum-audit-2027", ""),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let rows = store::audit::list(
        &app.db,
        &store::audit::AuditFilter {
            event_id: Some(event.0),
            action: Some("update".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]
            .before_json
            .as_deref()
            .unwrap()
            .contains("forum-audit\"")
    );
    assert!(
        rows[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("forum-audit-2027")
    );
    let page = browser
        .get(&format!("/admin/audit?event={event}&action=update"))
        .await;
    assert!(page.contains("forum-audit-2027") && page.contains("principal@cci.test"));
}

// REQ: PUB-1, EVT-3, EVT-5, BO-2
#[tokio::test]
async fn the_mini_site_shows_pages_venues_partners_and_branding() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-site").await;
    let browser = admin(&app).await;
    let page = browser.post_form(&format!("/admin/events/{event}/pages/welcome/fr"), &[("title", "Bienvenue à Sète"), ("body_html", "<p>Programme <strong>complet</strong></p><script>alert(1)</script><p onclick=\"x()\">clic</p>")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    browser
        .post_form(
            &format!("/admin/events/{event}/pages/welcome/en"),
            &[
                ("title", "Welcome to Sète"),
                ("body_html", "<p>Full programme</p>"),
            ],
        )
        .await;
    browser
        .post_form(
            &format!("/admin/events/{event}/venues"),
            &[
                ("name", "Théâtre de la Mer"),
                ("address", "Route de la Corniche, Sète"),
                ("access_fr", "Bus 3"),
                ("access_en", "Bus line 3"),
            ],
        )
        .await;
    let partner = browser
        .post_multipart(
            &format!("/admin/events/{event}/partners"),
            &[
                ("name", "CCI Hérault"),
                ("role", "organizer"),
                ("website", "https://cci.example"),
                ("pitch_fr", "La chambre"),
                ("pitch_en", "The chamber"),
            ],
            "logo",
            "logo.png",
            png(),
        )
        .await;
    assert_eq!(partner.status, StatusCode::SEE_OTHER, "{}", partner.body);
    let fake = browser
        .post_multipart(
            &format!("/admin/events/{event}/branding"),
            &[("primary_color", "#1a5fb4")],
            "banner",
            "banner.png",
            b"<html><script>alert(1)</script>".to_vec(),
        )
        .await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fake.contains("Type de fichier refusé"));
    let banner = browser
        .post_multipart(
            &format!("/admin/events/{event}/branding"),
            &[("primary_color", "#7a1f5c")],
            "banner",
            "banner.png",
            png(),
        )
        .await;
    assert_eq!(banner.status, StatusCode::SEE_OTHER);

    let visitor = app.browser();
    let fr = visitor.get("/forum-site").await;
    assert!(fr.contains("Bienvenue à Sète") && fr.contains("<strong>complet</strong>"));
    assert!(
        !fr.contains("<script>alert") && !fr.contains("onclick"),
        "sanitized on save"
    );
    assert!(
        fr.contains("CCI Hérault")
            && fr.contains("Organisateur")
            && fr.contains("href=\"https://cci.example\"")
    );
    assert!(fr.contains("/files/") && fr.contains("/forum-site/theme.css"));
    let theme = visitor.get("/forum-site/theme.css").await;
    assert!(theme.contains("#7a1f5c"));
    let practical = visitor.get("/forum-site/practical").await;
    assert!(practical.contains("Théâtre de la Mer") && practical.contains("Bus 3"));
    visitor.get("/lang/en?next=/forum-site").await;
    let en = visitor.get("/forum-site").await;
    assert!(
        en.contains("<html lang=\"en\">")
            && en.contains("Welcome to Sète")
            && en.contains("Organizer")
    );
    let practical_en = visitor.get("/forum-site/practical").await;
    assert!(practical_en.contains("Bus line 3") && practical_en.contains("Practical information"));
    // Uploaded logo is served with its checked type.
    let file_id = fr
        .body
        .split("/files/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let file = visitor.get(&format!("/files/{file_id}")).await;
    assert_eq!(file.headers.get("content-type").unwrap(), "image/png");
    assert_eq!(
        file.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
}

// REQ: EVT-1, PUB-3
#[tokio::test]
async fn several_events_live_at_once_and_unpublished_ones_stay_private() {
    let app = TestApp::spawn().await;
    app.create_event("forum-un").await;
    app.create_event("forum-deux").await;
    let hidden = app.create_event("forum-cache").await;
    let row = store::events::find(&app.db, hidden).await.unwrap().unwrap();
    store::events::update(
        &app.db,
        store::events::EventRow {
            is_published: false,
            ..row
        },
    )
    .await
    .unwrap();
    let visitor = app.browser();
    let home = visitor.get("/").await;
    assert!(
        home.contains("Forum forum-un")
            && home.contains("Forum forum-deux")
            && !home.contains("forum-cache")
    );
    assert!(home.contains("<html lang=\"fr\">") && home.contains("Rencontres d’affaires"));
    assert_eq!(
        visitor.get("/forum-cache").await.status,
        StatusCode::NOT_FOUND
    );
    let english = app
        .browser()
        .get_with("/", &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert!(
        english.contains("<html lang=\"en\">")
            && english.contains("Business meetings")
            && english.contains("Forum forum-un (EN)")
    );
    let team = admin(&app).await;
    let preview = team.get("/forum-cache").await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.contains("Aperçu réservé à l’équipe"));
}

// REQ: BO-6
#[tokio::test]
async fn outbox_retries_after_smtp_failure_and_never_sends_twice() {
    let app = TestApp::spawn().await;
    app.create_user("marie@pme.test", "phrase de passe de marie", false)
        .await;
    services::auth::request_password_reset(&app.db, "marie@pme.test", &app.settings)
        .await
        .unwrap();
    app.smtp.fail_next(1);
    let now = Utc::now();
    assert_eq!(app.deliver_outbox_at(now).await, 0);
    assert_eq!(
        app.count("outbox_message", "status = 'pending' AND attempts = 1")
            .await,
        1
    );
    assert_eq!(
        app.deliver_outbox_at(now).await,
        0,
        "not retried before its backoff"
    );
    assert_eq!(app.deliver_outbox_at(now + Duration::minutes(2)).await, 1);
    assert_eq!(
        app.deliver_outbox_at(now + Duration::minutes(10)).await,
        0,
        "sent once"
    );
    assert_eq!(app.smtp.messages().len(), 1);
    assert_eq!(
        app.count("outbox_message", "status = 'sent' AND attempts = 2")
            .await,
        1
    );
    // A message that keeps failing is marked failed after the last attempt.
    services::auth::request_password_reset(&app.db, "marie@pme.test", &app.settings)
        .await
        .unwrap();
    app.smtp.fail_next(100);
    let mut at = now;
    for _ in 0..worker::MAX_ATTEMPTS {
        at += Duration::hours(2);
        app.deliver_outbox_at(at).await;
    }
    assert_eq!(app.count("outbox_message", "status = 'failed'").await, 1);
    let admin = admin(&app).await;
    let page = admin.get("/admin/outbox").await;
    assert!(page.contains("Échec définitif") && page.contains("marie@pme.test"));
}

// REQ: NFR-6
#[tokio::test]
async fn housekeeping_purges_the_connection_log_after_a_rolling_year() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    for (days, email) in [(400, "old@x.test"), (10, "recent@x.test")] {
        store::throttle::log_connection(
            &app.db,
            store::throttle::NewConnection {
                user_id: None,
                email,
                outcome: "success",
                ip: "127.0.0.1",
                user_agent: "test",
            },
            now - Duration::days(days),
        )
        .await
        .unwrap();
    }
    worker::housekeeping(&app.db, &app.settings, "instance-1", now)
        .await
        .unwrap();
    assert_eq!(app.count("connection_log", "email = 'old@x.test'").await, 0);
    assert_eq!(
        app.count("connection_log", "email = 'recent@x.test'").await,
        1
    );
    // Another instance within the hour does not run it again (lease in the database).
    store::throttle::log_connection(
        &app.db,
        store::throttle::NewConnection {
            user_id: None,
            email: "old2@x.test",
            outcome: "success",
            ip: "127.0.0.1",
            user_agent: "test",
        },
        now - Duration::days(400),
    )
    .await
    .unwrap();
    worker::housekeeping(
        &app.db,
        &app.settings,
        "instance-2",
        now + Duration::minutes(5),
    )
    .await
    .unwrap();
    assert_eq!(
        app.count("connection_log", "email = 'old2@x.test'").await,
        1
    );
    worker::housekeeping(
        &app.db,
        &app.settings,
        "instance-2",
        now + Duration::minutes(61),
    )
    .await
    .unwrap();
    assert_eq!(
        app.count("connection_log", "email = 'old2@x.test'").await,
        0
    );
}

// REQ: EVT-1
#[tokio::test]
async fn the_demo_event_loads_once_with_its_companies() {
    let app = TestApp::spawn().await;
    let logins = services::demo::load_demo(&app.db).await.unwrap();
    assert_eq!(
        logins.len(),
        5,
        "principal, co-organizer and three participants"
    );
    assert!(app.count("company", "1 = 1").await >= 40);
    let again = services::demo::load_demo(&app.db).await.unwrap();
    assert_eq!(again.len(), 5);
    assert_eq!(
        app.count("event", "1 = 1").await,
        1,
        "loading twice changes nothing"
    );
    let coorg = app.browser();
    coorg.login(&logins[1].email, logins[1].password).await;
    assert!(coorg.get("/admin").await.contains("France"));
    let participant = app.browser();
    participant
        .login(&logins[2].email, logins[2].password)
        .await;
    assert!(participant.get("/me").await.contains("Inscription validée"));
}

// REQ: EVT-3
#[tokio::test]
async fn partners_can_be_edited_and_keep_their_logo() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-partners").await;
    let browser = admin(&app).await;
    browser
        .post_multipart(
            &format!("/admin/events/{event}/partners"),
            &[
                ("name", "CCI Sète"),
                ("role", "co_organizer"),
                ("pitch_fr", "Ancien texte"),
            ],
            "logo",
            "l.png",
            png(),
        )
        .await;
    let partner = store::events::partners(&app.db, event)
        .await
        .unwrap()
        .remove(0);
    assert!(partner.logo_file_id.is_some());
    let bad = browser
        .post_multipart(
            &format!("/admin/events/{event}/partners/{}", partner.id),
            &[
                ("name", "CCI Sète"),
                ("role", "co_organizer"),
                ("website", "javascript:alert(1)"),
            ],
            "logo",
            "",
            Vec::new(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = browser
        .post_multipart(
            &format!("/admin/events/{event}/partners/{}", partner.id),
            &[
                ("name", "CCI Sète Frontignan"),
                ("role", "organizer"),
                ("pitch_fr", "Nouveau texte"),
                ("website", "https://cci-sete.example"),
            ],
            "logo",
            "",
            Vec::new(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let updated = store::events::partners(&app.db, event)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(updated.name, "CCI Sète Frontignan");
    assert_eq!(updated.role, "organizer");
    assert_eq!(updated.logo_file_id, partner.logo_file_id, "logo kept");
    assert_eq!(
        app.count("audit_entry", "entity = 'partner' AND action = 'update'")
            .await,
        1
    );
}
