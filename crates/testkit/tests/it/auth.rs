//! Accounts end to end: login, logout, throttling, policy, reset by real email, sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use testkit::TestApp;

const ADMIN_PASSWORD: &str = "cheval agrafe pile rouge";

// REQ: REG-6
#[tokio::test]
async fn login_then_logout_closes_the_session() {
    let app = TestApp::spawn().await;
    app.create_user("admin@cci.test", ADMIN_PASSWORD, true)
        .await;
    let browser = app.browser();
    assert_eq!(
        browser.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "anonymous is sent to login"
    );
    let before = browser.csrf().await;
    let login = browser.login("admin@cci.test", ADMIN_PASSWORD).await;
    assert_eq!(login.location.as_deref(), Some("/admin"));
    let cookie = login
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("agora_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_ne!(browser.csrf().await, before, "CSRF token renewed at login");
    let dashboard = browser.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.contains("Administration"));
    assert_eq!(app.count("connection_log", "outcome = 'success'").await, 1);
    let out = browser.post_form("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(browser.get("/admin").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("http_session", "1 = 1").await, 0);
}

// REQ: NFR-7
#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.create_user("known@cci.test", ADMIN_PASSWORD, true)
        .await;
    let browser = app.browser();
    let wrong = browser
        .post_form(
            "/login",
            &[
                ("email", "known@cci.test"),
                ("password", "not the password at all"),
            ],
        )
        .await;
    let unknown = browser
        .post_form(
            "/login",
            &[
                ("email", "nobody@cci.test"),
                ("password", "not the password at all"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    let message = "Adresse e-mail ou mot de passe incorrect.";
    assert!(wrong.contains(message) && unknown.contains(message));
    assert!(
        unknown.contains("value=\"nobody@cci.test\""),
        "the form comes back filled in"
    );
    assert_eq!(
        app.count("connection_log", "outcome = 'bad_credentials'")
            .await,
        2
    );
}

// REQ: NFR-7
#[tokio::test]
async fn repeated_failures_throttle_the_account_on_every_instance() {
    let app = TestApp::spawn().await;
    app.create_user("victim@cci.test", ADMIN_PASSWORD, true)
        .await;
    let attacker = app.browser();
    for _ in 0..services::auth::MAX_FAILURES_PER_ACCOUNT {
        let page = attacker
            .post_form(
                "/login",
                &[
                    ("email", "victim@cci.test"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    // A second instance on the same database sees the same counters.
    let sibling = app.spawn_sibling().await;
    let owner = sibling.browser();
    let page = owner
        .post_form(
            "/login",
            &[("email", "victim@cci.test"), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("Trop de tentatives"));
    // Unknown accounts are throttled alike: no enumeration through the throttle.
    for _ in 0..services::auth::MAX_FAILURES_PER_ACCOUNT {
        attacker
            .post_form(
                "/login",
                &[
                    ("email", "ghost@cci.test"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
    }
    let ghost = attacker
        .post_form(
            "/login",
            &[
                ("email", "ghost@cci.test"),
                ("password", "guess guess guess"),
            ],
        )
        .await;
    assert_eq!(ghost.status, StatusCode::TOO_MANY_REQUESTS);
}

// REQ: REG-6
#[tokio::test]
async fn password_reset_by_the_real_email_is_single_use() {
    let app = TestApp::spawn().await;
    app.create_user("jeanne@pme.test", "ancienne phrase de passe", false)
        .await;
    let browser = app.browser();
    let known = browser
        .post_form("/password/forgot", &[("email", "jeanne@pme.test")])
        .await;
    let unknown = browser
        .post_form("/password/forgot", &[("email", "absent@pme.test")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(known.body, unknown.body.replace(&unknown.body, &known.body));
    assert!(known.contains("Si un compte correspond"));
    // The work runs after the answer; wait for the outbox row.
    for _ in 0..50 {
        if app.count("outbox_message", "1 = 1").await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        app.count("outbox_message", "1 = 1").await,
        1,
        "only the known account gets mail"
    );
    assert_eq!(app.deliver_outbox().await, 1);
    let mail = app.smtp.messages().pop().expect("mail delivered");
    assert_eq!(mail.recipients, vec!["jeanne@pme.test".to_string()]);
    let link = mail.first_link().expect("link in mail");
    let path = link
        .strip_prefix(&app.base_url)
        .expect("link on this site")
        .to_string();
    assert!(path.starts_with("/password/reset/"));
    assert_eq!(browser.get(&path).await.status, StatusCode::OK);
    let weak = browser
        .post_form(
            &path,
            &[("password", "court"), ("password_confirm", "court")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.contains("12 caractères au moins"));
    let done = browser
        .post_form(
            &path,
            &[
                ("password", "nouvelle phrase de passe"),
                ("password_confirm", "nouvelle phrase de passe"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let again = browser
        .post_form(
            &path,
            &[
                ("password", "encore une autre phrase"),
                ("password_confirm", "encore une autre phrase"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link works once"
    );
    let fresh = app.browser();
    fresh
        .login("jeanne@pme.test", "nouvelle phrase de passe")
        .await;
    let old = app
        .browser()
        .post_form(
            "/login",
            &[
                ("email", "jeanne@pme.test"),
                ("password", "ancienne phrase de passe"),
            ],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
}

// REQ: REG-6
#[tokio::test]
async fn expired_reset_links_are_refused() {
    let app = TestApp::spawn().await;
    app.create_user("late@pme.test", "phrase de passe initiale", false)
        .await;
    services::auth::request_password_reset(&app.db, "late@pme.test", &app.settings)
        .await
        .unwrap();
    app.deliver_outbox().await;
    let link = app.smtp.messages().pop().unwrap().first_link().unwrap();
    let past = (Utc::now() - Duration::minutes(1)).to_rfc3339();
    let backend = sea_orm::ConnectionTrait::get_database_backend(&app.db);
    let sql = sea_orm::Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "UPDATE auth_token SET expires_at = $1::timestamptz"
        } else {
            "UPDATE auth_token SET expires_at = ?"
        },
        [past.into()],
    );
    sea_orm::ConnectionTrait::execute_raw(&app.db, sql)
        .await
        .unwrap();
    let path = link.strip_prefix(&app.base_url).unwrap().to_string();
    let page = app.browser().get(&path).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.contains("n’est plus valable"));
}

// REQ: REG-6, NFR-7
#[tokio::test]
async fn changing_the_password_enforces_policy_and_closes_other_sessions() {
    let app = TestApp::spawn().await;
    let admin = app
        .create_user("admin@cci.test", ADMIN_PASSWORD, true)
        .await;
    let event = app.create_event("forum-politique").await;
    let _ = (admin, event);
    let laptop = app.browser();
    let phone = app.browser();
    laptop.login("admin@cci.test", ADMIN_PASSWORD).await;
    phone.login("admin@cci.test", ADMIN_PASSWORD).await;
    let short = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("password", "douze lettres"),
                ("password_confirm", "douze lettres"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.contains("16 caractères au moins"), "admins need 16");
    let contextual = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("password", "admin@cci.test 2027 !!"),
                ("password_confirm", "admin@cci.test 2027 !!"),
            ],
        )
        .await;
    assert_eq!(contextual.status, StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", "pas le bon mot"),
                ("password", "une longue phrase de passe"),
                ("password_confirm", "une longue phrase de passe"),
            ],
        )
        .await;
    assert!(wrong.contains("Le mot de passe actuel est incorrect."));
    let ok = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("password", "une longue phrase de passe"),
                ("password_confirm", "une longue phrase de passe"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        laptop.get("/admin").await.status,
        StatusCode::OK,
        "this browser stays logged in"
    );
    assert_eq!(
        phone.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "the other session is closed"
    );
}

// REQ: NFR-7
#[tokio::test]
async fn logout_everywhere_and_idle_timeout_end_sessions() {
    let app = TestApp::spawn().await;
    app.create_user("admin@cci.test", ADMIN_PASSWORD, true)
        .await;
    let a = app.browser();
    let b = app.browser();
    a.login("admin@cci.test", ADMIN_PASSWORD).await;
    b.login("admin@cci.test", ADMIN_PASSWORD).await;
    assert_eq!(
        a.post_form("/logout/everywhere", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(b.get("/admin").await.status, StatusCode::SEE_OTHER);
    a.login("admin@cci.test", ADMIN_PASSWORD).await;
    let stale = (Utc::now() - Duration::hours(5)).to_rfc3339();
    let backend = sea_orm::ConnectionTrait::get_database_backend(&app.db);
    let sql = sea_orm::Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "UPDATE http_session SET last_seen_at = $1::timestamptz"
        } else {
            "UPDATE http_session SET last_seen_at = ?"
        },
        [stale.into()],
    );
    sea_orm::ConnectionTrait::execute_raw(&app.db, sql)
        .await
        .unwrap();
    assert_eq!(
        a.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "idle session expired"
    );
}

// REQ: REG-6, BO-1
#[tokio::test]
async fn first_setup_link_creates_the_principal_admin_once() {
    let app = TestApp::spawn().await;
    let link = services::auth::first_setup_link(&app.db, &app.settings)
        .await
        .unwrap()
        .expect("no admin yet");
    let path = link.strip_prefix(&app.base_url).unwrap().to_string();
    let browser = app.browser();
    assert_eq!(browser.get(&path).await.status, StatusCode::OK);
    let weak = browser
        .post_form(
            &path,
            &[
                ("display_name", "Claire"),
                ("email", "claire@cci.test"),
                ("password", "twelve chars!"),
                ("password_confirm", "twelve chars!"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.contains("value=\"claire@cci.test\""), "form refilled");
    let done = browser
        .post_form(
            &path,
            &[
                ("display_name", "Claire"),
                ("email", "claire@cci.test"),
                ("password", ADMIN_PASSWORD),
                ("password_confirm", ADMIN_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin"));
    assert_eq!(browser.get("/admin").await.status, StatusCode::OK);
    assert_eq!(
        app.browser().get(&path).await.status,
        StatusCode::GONE,
        "link used"
    );
    assert!(
        services::auth::first_setup_link(&app.db, &app.settings)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        app.count("audit_entry", "entity = 'principal_admin'").await,
        1
    );
}
