//! CSRF, security headers, error pages, roles and cross-event access.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Permission;
use reqwest::StatusCode;
use testkit::TestApp;

const PASSWORD: &str = "cheval agrafe pile rouge";

// REQ: NFR-7
#[tokio::test]
async fn state_changes_without_the_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    app.create_user("admin@cci.test", PASSWORD, true).await;
    let browser = app.browser();
    browser.get("/login").await;
    let missing = browser
        .post_form_raw(
            "/login",
            &[("email", "admin@cci.test"), ("password", PASSWORD)],
            &[],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.contains("Le formulaire a expiré"));
    let forged = browser
        .post_form_raw(
            "/login",
            &[
                ("email", "admin@cci.test"),
                ("password", PASSWORD),
                ("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            ],
            &[],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let token = browser.csrf().await;
    let cross_site = browser
        .post_form_raw(
            "/login",
            &[
                ("email", "admin@cci.test"),
                ("password", PASSWORD),
                ("csrf", &token),
            ],
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("connection_log", "1 = 1").await,
        0,
        "refused before reaching login"
    );
    browser.login("admin@cci.test", PASSWORD).await;
    let event = app.create_event("forum-csrf").await;
    let delete = browser
        .post_form_raw(&format!("/admin/events/{event}/delete"), &[], &[])
        .await;
    assert_eq!(delete.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("event", "1 = 1").await, 1, "nothing deleted");
}

// REQ: NFR-7
#[tokio::test]
async fn every_response_carries_security_headers_and_errors_hide_internals() {
    let app = TestApp::spawn().await;
    let page = app.browser().get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let csp = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(
        page.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(
        page.headers.get("referrer-policy").unwrap(),
        "strict-origin-when-cross-origin"
    );
    let request_id = page
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(page.contains("Page introuvable"));
    assert!(page.contains(&request_id), "the page shows the request id");
    let bad_form = app
        .browser()
        .post_form("/admin/events/not-a-number", &[])
        .await;
    assert!(bad_form.status.is_client_error());
    assert!(
        !bad_form.contains("deserialize") && !bad_form.contains("Invalid URL"),
        "no internals: {}",
        bad_form.body
    );
}

// REQ: BO-1, REG-10
#[tokio::test]
async fn each_role_reaches_only_what_it_may() {
    let app = TestApp::spawn().await;
    let event_a = app.create_event("forum-a").await;
    let event_b = app.create_event("forum-b").await;
    app.create_user("principal@cci.test", PASSWORD, true).await;
    let coorg = app.create_user("coorg@een.test", PASSWORD, false).await;
    app.grant(
        coorg,
        event_a,
        &[Permission::ValidateRegistrations, Permission::CheckIn],
    )
    .await;
    let editor = app.create_user("editor@een.test", PASSWORD, false).await;
    app.grant(editor, event_a, &[Permission::EditSiteContent])
        .await;
    let participant = app
        .create_user("pme@exemple.test", "une phrase de passe", false)
        .await;
    app.register_participant(participant, event_a).await;

    let p = app.browser();
    p.login("pme@exemple.test", "une phrase de passe").await;
    assert_eq!(p.get("/admin").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        p.get(&format!("/admin/events/{event_a}")).await.status,
        StatusCode::FORBIDDEN
    );
    let me = p.get("/me").await;
    assert!(me.contains("Forum forum-a") && !me.contains("Forum forum-b"));

    let c = app.browser();
    c.login("coorg@een.test", PASSWORD).await;
    let dashboard = c.get("/admin").await;
    assert!(dashboard.contains("Forum forum-a") && !dashboard.contains("Forum forum-b"));
    assert_eq!(
        c.get(&format!("/admin/events/{event_a}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        c.get(&format!("/admin/events/{event_a}/venues"))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "no site-content right"
    );
    assert_eq!(
        c.get(&format!("/admin/events/{event_a}/team")).await.status,
        StatusCode::FORBIDDEN,
        "teams are the principal's"
    );
    assert_eq!(c.get("/admin/outbox").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.get("/admin/events/new").await.status,
        StatusCode::FORBIDDEN
    );

    let e = app.browser();
    e.login("editor@een.test", PASSWORD).await;
    assert_eq!(
        e.get(&format!("/admin/events/{event_a}/venues"))
            .await
            .status,
        StatusCode::OK
    );
    let saved = e
        .post_form(
            &format!("/admin/events/{event_a}/venues"),
            &[("name", "Palais"), ("address", "1 rue du Port, Sète")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    // Cross-event access (IDOR): whatever id is typed, event B stays out of reach.
    for path in [
        format!("/admin/events/{event_b}"),
        format!("/admin/events/{event_b}/venues"),
        format!("/admin/events/{event_b}/pages/welcome/fr"),
        format!("/admin/audit?event={event_b}"),
    ] {
        let page = e.get(&path).await;
        assert!(
            page.status == StatusCode::NOT_FOUND || page.status == StatusCode::FORBIDDEN,
            "{path}: {}",
            page.status
        );
    }
    let attack = e
        .post_form(
            &format!("/admin/events/{event_b}/venues"),
            &[("name", "Pirate"), ("address", "Nowhere")],
        )
        .await;
    assert!(attack.status.is_client_error());
    let venue_a = app.count("venue", &format!("event_id = {event_a}")).await;
    assert_eq!(venue_a, 1);
    assert_eq!(
        app.count("venue", &format!("event_id = {event_b}")).await,
        0
    );
    // A venue id of event A used under event B's URL is refused too.
    let (venue_id,): (i64,) = {
        let rows = store::events::venues(&app.db, event_a).await.unwrap();
        (rows[0].id,)
    };
    let cross = e
        .post_form(
            &format!("/admin/events/{event_b}/venues/{venue_id}/delete"),
            &[],
        )
        .await;
    assert!(cross.status.is_client_error());
    assert_eq!(app.count("venue", &format!("id = {venue_id}")).await, 1);
}

// REQ: BO-1
#[tokio::test]
async fn the_principal_grants_and_revokes_rights_with_an_invitation_email() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-team").await;
    app.create_user("principal@cci.test", PASSWORD, true).await;
    let admin = app.browser();
    admin.login("principal@cci.test", PASSWORD).await;
    let empty = admin
        .post_form(
            &format!("/admin/events/{event}/team"),
            &[("email", "new@partner.test"), ("kind", "partner")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("Cochez au moins un droit"));
    assert!(empty.contains("value=\"new@partner.test\""));
    let granted = admin
        .post_form(
            &format!("/admin/events/{event}/team"),
            &[
                ("email", "new@partner.test"),
                ("display_name", "Nadia"),
                ("kind", "partner"),
                ("permissions", "check_in"),
                ("permissions", "exports"),
            ],
        )
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    let team = admin.get(&format!("/admin/events/{event}/team")).await;
    assert!(
        team.contains("new@partner.test")
            && team.contains("Accueil (émargement)")
            && team.contains("Exports")
    );
    assert_eq!(app.deliver_outbox().await, 1);
    let invitation = app.smtp.messages().pop().unwrap();
    assert!(
        invitation
            .recipients
            .contains(&"new@partner.test".to_string())
    );
    let link = invitation.first_link().unwrap();
    let path = link.strip_prefix(&app.base_url).unwrap().to_string();
    let newcomer = app.browser();
    let weak = newcomer
        .post_form(
            &path,
            &[
                ("password", "twelve chars"),
                ("password_confirm", "twelve chars"),
            ],
        )
        .await;
    assert!(
        weak.contains("16 caractères au moins"),
        "partners are admins: 16 characters"
    );
    newcomer
        .post_form(
            &path,
            &[
                ("password", "une phrase assez longue pour nadia"),
                ("password_confirm", "une phrase assez longue pour nadia"),
            ],
        )
        .await;
    newcomer
        .login("new@partner.test", "une phrase assez longue pour nadia")
        .await;
    assert_eq!(
        newcomer.get(&format!("/admin/events/{event}")).await.status,
        StatusCode::OK
    );
    let role_id = store::events::roles(&app.db, event).await.unwrap()[0].id;
    admin
        .post_form(&format!("/admin/events/{event}/team/{role_id}/revoke"), &[])
        .await;
    assert_eq!(
        newcomer.get(&format!("/admin/events/{event}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'event_role' AND action IN ('grant', 'revoke')"
        )
        .await,
        2
    );
}

// REQ: NFR-9
#[tokio::test]
async fn health_and_metrics_endpoints() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    assert_eq!(browser.get("/health/live").await.status, StatusCode::OK);
    let ready = browser.get("/health/ready").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body, "ready");
    assert_eq!(
        browser.get("/metrics").await.status,
        StatusCode::SEE_OTHER,
        "not public"
    );
    let wrong = browser
        .get_with("/metrics", &[("authorization", "Bearer nope")])
        .await;
    assert_ne!(wrong.status, StatusCode::OK);
    let metrics = browser
        .get_with(
            "/metrics",
            &[("authorization", "Bearer test-metrics-token")],
        )
        .await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.contains("http_requests_total"), "{}", metrics.body);
}

// REQ: NFR-7
#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let token = browser.csrf().await;
    browser
        .post_form_raw(
            "/login",
            &[
                ("email", "x@y.test"),
                ("password", "wrong wrong wrong"),
                ("csrf", &token),
            ],
            &[("x-forwarded-for", "203.0.113.9")],
        )
        .await;
    assert_eq!(
        app.count("connection_log", "ip = '127.0.0.1'").await,
        1,
        "not trusted by default"
    );
    assert_eq!(app.count("connection_log", "ip = '203.0.113.9'").await, 0);
}

// REQ: NFR-7
#[tokio::test]
async fn a_session_opened_on_one_instance_works_on_another() {
    let app = TestApp::spawn().await;
    app.create_user("admin@cci.test", PASSWORD, true).await;
    let first = app.browser();
    first.login("admin@cci.test", PASSWORD).await;
    let session = first.cookie("agora_session").expect("session cookie");
    let sibling = app.spawn_sibling().await;
    let second = sibling.browser();
    second.set_cookie(&format!("agora_session={session}"));
    assert_eq!(
        second.get("/admin").await.status,
        StatusCode::OK,
        "sessions live in the database"
    );
    first.post_form("/logout", &[]).await;
    assert_eq!(
        second.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "logout is seen everywhere"
    );
}

// REQ: BO-1
#[tokio::test]
async fn granting_rights_to_an_existing_account_tells_it_in_its_language() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-notify").await;
    app.create_user("principal@cci.test", PASSWORD, true).await;
    let existing = app.create_user("partner@een.test", PASSWORD, false).await;
    store::users::update_profile(&app.db, existing, "Partner", "en", chrono::Utc::now())
        .await
        .unwrap();
    let admin = app.browser();
    admin.login("principal@cci.test", PASSWORD).await;
    admin
        .post_form(
            &format!("/admin/events/{event}/team"),
            &[
                ("email", "partner@een.test"),
                ("kind", "partner"),
                ("permissions", "exports"),
            ],
        )
        .await;
    assert_eq!(app.deliver_outbox().await, 1);
    let mail = app.smtp.messages().pop().unwrap();
    assert!(
        mail.data.contains("Your administration rights") && mail.data.contains("Exports"),
        "{}",
        mail.data
    );
    // Without the site-content right the settings are shown read-only.
    let partner = app.browser();
    partner.login("partner@een.test", PASSWORD).await;
    let settings = partner.get(&format!("/admin/events/{event}")).await;
    assert!(settings.contains("fieldset class=\"bare\" disabled"));
    let attempt = partner
        .post_form(&format!("/admin/events/{event}"), &[("slug", "hijack")])
        .await;
    assert_eq!(attempt.status, StatusCode::FORBIDDEN);
}

// REQ: PUB-3
#[tokio::test]
async fn the_language_switch_on_a_form_shown_after_a_post_returns_to_the_form_page() {
    let app = TestApp::spawn().await;
    app.create_user("admin@cci.test", PASSWORD, true).await;
    let browser = app.browser();
    browser.login("admin@cci.test", PASSWORD).await;
    let token = browser.csrf().await;
    let referer = format!("{}/admin/events/new", app.base_url);
    let page = browser
        .post_form_raw(
            "/admin/events",
            &[("slug", "x"), ("csrf", &token)],
            &[("referer", &referer)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("/lang/en?next=%2Fadmin%2Fevents%2Fnew"),
        "the switch points at the form's page"
    );
}

/// The value of the first `name="csrf"` field of a page.
fn csrf_field(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

// REQ: NFR-7
#[tokio::test]
async fn pages_are_compressed_and_print_a_fresh_masked_csrf_token_that_is_accepted() {
    use std::io::Read;
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |cookie: Option<String>| {
        let mut request = client
            .get(format!("{}/login", app.base_url))
            .header("accept-encoding", "gzip");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let first = page(None).await.unwrap();
    assert_eq!(first.headers()["content-encoding"], "gzip");
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("agora_csrf="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let token = cookie.trim_start_matches("agora_csrf=").to_string();
    let gunzip = |bytes: &[u8]| {
        let mut html = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut html)
            .unwrap();
        html
    };
    let one = csrf_field(&gunzip(&first.bytes().await.unwrap()));
    let second = page(Some(cookie.clone())).await.unwrap();
    let two = csrf_field(&gunzip(&second.bytes().await.unwrap()));
    assert_ne!(one, two, "a fresh mask on every page");
    assert!(
        !one.contains(&token) && !two.contains(&token),
        "the token never appears as is"
    );

    let login = |csrf: String| {
        client
            .post(format!("{}/login", app.base_url))
            .header("cookie", cookie.clone())
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "nobody@cci.test"),
                ("password", "x"),
            ])
            .send()
    };
    let accepted = login(two).await.unwrap();
    assert_ne!(
        accepted.status(),
        StatusCode::FORBIDDEN,
        "the masked token passes"
    );
    let mut forged = one.into_bytes();
    forged[10] = if forged[10] == b'A' { b'B' } else { b'A' };
    let refused = login(String::from_utf8(forged).unwrap()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
