//! The privacy notice editor (REG-8): each event's own notice in French and English, the
//! default text of the tender, the version recorded with each consent, rights and escaping.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{EventId, Permission};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use testkit::{Browser, TestApp};

const ADMIN: &str = "principal@cci.test";
const ADMIN_PASSWORD: &str = "cheval agrafe pile rouge vert";
const OWN_FR: &str = "Notice propre au forum : vos données restent en France.\n\nPour exercer vos droits, écrivez à dpo@forum.test. <script>alert(1)</script>";
const OWN_EN: &str = "Own notice of the forum.";

async fn admin(app: &TestApp) -> Browser {
    app.create_user(ADMIN, ADMIN_PASSWORD, true).await;
    let browser = app.browser();
    let done = browser.login(ADMIN, ADMIN_PASSWORD).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    browser
}

/// Registers a company whose first person has the given email; returns nothing, asserts it.
async fn register(app: &TestApp, slug: &str, key: &str, email: &str) {
    let fields = vec![
        ("idempotency_key", key),
        ("company_name", "Conserverie du Port"),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        ("description_fr", "Conserverie familiale."),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", email),
        ("password", "sardines et anchois de Sète"),
        ("password_confirm", "sardines et anchois de Sète"),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("consent", "on"),
    ];
    let done = app
        .browser()
        .post_form(&format!("/{slug}/register"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

/// The version and text of the consent given by an account.
async fn consent_of(app: &TestApp, email: &str) -> (String, String) {
    let backend = app.db.get_database_backend();
    let sql = format!(
        "SELECT c.notice_version AS v, c.notice_text AS t FROM consent c \
         JOIN app_user u ON u.id = c.user_id WHERE u.email_key = '{email}'"
    );
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .expect("a consent");
    (row.try_get("", "v").unwrap(), row.try_get("", "t").unwrap())
}

async fn stored_notice(app: &TestApp, event: EventId) -> (String, String) {
    let row = store::events::find(&app.db, event).await.unwrap().unwrap();
    (row.privacy_notice_fr, row.privacy_notice_en)
}

// REQ: REG-8
#[tokio::test]
async fn an_edited_notice_is_shown_and_consents_record_its_version_and_text() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-rgpd").await;
    let admin = admin(&app).await;
    let url = format!("/admin/events/{}/privacy", event.0);

    let editor = admin.get(&url).await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.contains("Texte par défaut en vigueur"));
    assert!(editor.contains("Règlement (UE) 2016/679"), "default shown");
    let default_fr = services::privacy::default_notice(domain::Locale::Fr);
    let default_version = services::privacy::version(&default_fr);
    assert!(editor.contains(&default_version));

    // Before any change: the default text and its version.
    register(&app, "forum-rgpd", "k1", "avant@conserverie.test").await;
    assert_eq!(
        consent_of(&app, "avant@conserverie.test").await,
        (default_version.clone(), default_fr.clone())
    );

    let saved = admin
        .post_form(&url, &[("notice_fr", OWN_FR), ("notice_en", OWN_EN)])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        stored_notice(&app, event).await,
        (OWN_FR.to_string(), OWN_EN.to_string())
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'privacy_notice' AND action = 'update'"
        )
        .await,
        1
    );
    let editor = admin.get(&url).await;
    assert!(editor.contains("Texte propre à l’événement en vigueur"));
    assert!(editor.contains(&services::privacy::version(OWN_FR)));

    // The form shows the new text, escaped, in paragraphs.
    let form = app.browser().get("/forum-rgpd/register").await;
    assert!(form.contains(
        "<p class=\"notice\">Notice propre au forum : vos données restent en France.</p>"
    ));
    assert!(form.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(
        !form.contains("<script>alert(1)"),
        "organizer text is inert"
    );
    assert!(!form.contains("Règlement (UE) 2016/679"));

    register(&app, "forum-rgpd", "k2", "apres@conserverie.test").await;
    let (version, text) = consent_of(&app, "apres@conserverie.test").await;
    assert_eq!(text, OWN_FR);
    assert_eq!(version, services::privacy::version(OWN_FR));
    assert_ne!(version, default_version, "a new text is a new version");
    // The earlier consent keeps the text its author accepted.
    assert_eq!(
        consent_of(&app, "avant@conserverie.test").await.1,
        default_fr
    );

    // Back to the default, audited.
    let reset = admin.post_form(&format!("{url}/reset"), &[]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(
        stored_notice(&app, event).await,
        (String::new(), String::new())
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'privacy_notice' AND action = 'reset'"
        )
        .await,
        1
    );
    let form = app.browser().get("/forum-rgpd/register").await;
    assert!(form.contains("Règlement (UE) 2016/679"));
}

// REQ: REG-8
#[tokio::test]
async fn a_too_long_notice_is_refused_with_the_form_refilled() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-long").await;
    let admin = admin(&app).await;
    let url = format!("/admin/events/{}/privacy", event.0);
    let long = format!("Début du texte {}", "x".repeat(20_001));
    let refused = admin
        .post_form(&url, &[("notice_fr", &long), ("notice_en", OWN_EN)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Ce texte est trop long."));
    assert!(
        refused.contains("aria-describedby=\"notice_fr-hint notice_fr-state notice_fr-error\"")
    );
    assert!(refused.contains("Début du texte"), "re-filled");
    assert!(refused.contains(OWN_EN));
    assert_eq!(
        stored_notice(&app, event).await,
        (String::new(), String::new())
    );
}

// REQ: REG-8, BO-1
#[tokio::test]
async fn only_the_events_site_editors_change_its_notice() {
    let app = TestApp::spawn().await;
    let forum = app.create_event("forum-a").await;
    let other = app.create_event("forum-b").await;
    let editor = app
        .create_user("editeur@b.test", "cheval agrafe pile rouge", false)
        .await;
    app.grant(editor, other, &[Permission::EditSiteContent])
        .await;
    let validator = app
        .create_user("valideur@a.test", "cheval agrafe pile rouge", false)
        .await;
    app.grant(validator, forum, &[Permission::ValidateRegistrations])
        .await;
    let url = format!("/admin/events/{}/privacy", forum.0);

    let b_admin = app.browser();
    b_admin
        .login("editeur@b.test", "cheval agrafe pile rouge")
        .await;
    assert_eq!(b_admin.get(&url).await.status, StatusCode::NOT_FOUND);
    let post = b_admin
        .post_form(&url, &[("notice_fr", "Pirate"), ("notice_en", "")])
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let reset = b_admin.post_form(&format!("{url}/reset"), &[]).await;
    assert_eq!(reset.status, StatusCode::NOT_FOUND);
    // Their own event works.
    let own = b_admin
        .get(&format!("/admin/events/{}/privacy", other.0))
        .await;
    assert_eq!(own.status, StatusCode::OK);

    let a_validator = app.browser();
    a_validator
        .login("valideur@a.test", "cheval agrafe pile rouge")
        .await;
    assert_eq!(a_validator.get(&url).await.status, StatusCode::FORBIDDEN);
    let post = a_validator
        .post_form(&url, &[("notice_fr", "Pirate"), ("notice_en", "")])
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(
        stored_notice(&app, forum).await,
        (String::new(), String::new())
    );
    assert_eq!(
        app.count("audit_entry", "entity = 'privacy_notice'").await,
        0
    );
}
