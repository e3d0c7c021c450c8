//! Public registration of a company with its people and offers, and its validation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use testkit::TestApp;

fn fields<'a>(key: &'a str, company: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("company_name", company),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        (
            "description_fr",
            "Conserverie familiale, poissons à l’huile d’olive.",
        ),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", "claire@conserverie.test"),
        ("p0_job_title", "Directrice"),
        ("p1_first_name", "Paul"),
        ("p1_last_name", "Roux"),
        ("p1_email", "paul@conserverie.test"),
        ("password", "sardines et anchois de Sète"),
        ("password_confirm", "sardines et anchois de Sète"),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("o0_keywords", "conserve, poisson"),
        ("o1_kind", "request"),
        ("o1_title", "Distributeur au Maroc"),
        ("consent", "on"),
    ]
}

// REQ: REG-2, REG-5, REG-6, REG-8
#[tokio::test]
async fn a_company_registers_with_two_people_and_two_offers() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-inscription").await;
    app.create_user("principal@cci.test", "cheval agrafe pile rouge", true)
        .await;
    let visitor = app.browser();
    let form = visitor.get("/forum-inscription/register").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.contains("Règlement (UE) 2016/679"),
        "privacy notice under the form"
    );
    let done = visitor
        .post_form(
            "/forum-inscription/register",
            &fields("k1", "Conserverie Méjean"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some("/forum-inscription/register/thanks")
    );
    let replay = visitor
        .post_form(
            "/forum-inscription/register",
            &fields("k1", "Conserverie Méjean"),
        )
        .await;
    assert_eq!(replay.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "company",
            &format!("event_id = {event} AND status = 'pending'")
        )
        .await,
        1,
        "a replay creates nothing"
    );
    assert_eq!(
        app.count(
            "participant",
            &format!("event_id = {event} AND status = 'pending'")
        )
        .await,
        2
    );
    assert_eq!(app.count("offer", &format!("event_id = {event}")).await, 2);
    assert_eq!(app.count("consent", "1 = 1").await, 1);
    assert_eq!(
        app.deliver_outbox().await,
        3,
        "two people and one organizer copy"
    );
    let mails = app.smtp.messages();
    let claire = mails
        .iter()
        .find(|m| {
            m.recipients
                .contains(&"claire@conserverie.test".to_string())
        })
        .unwrap();
    assert!(
        claire.data.contains("claire@conserverie.test"),
        "the confirmation gives the login"
    );
    let paul = mails
        .iter()
        .find(|m| m.recipients.contains(&"paul@conserverie.test".to_string()))
        .unwrap();
    let link = paul.first_link().unwrap();
    assert!(
        link.contains("/password/reset/"),
        "the colleague chooses a password"
    );
    assert!(
        mails
            .iter()
            .any(|m| m.recipients.contains(&"principal@cci.test".to_string()))
    );
    let claire_browser = app.browser();
    claire_browser
        .login("claire@conserverie.test", "sardines et anchois de Sète")
        .await;
    assert!(
        claire_browser
            .get("/me")
            .await
            .contains("en attente de validation")
    );
}

// REQ: REG-2, NFR-7
#[tokio::test]
async fn every_field_error_comes_back_on_the_filled_form() {
    let app = TestApp::spawn().await;
    app.create_event("forum-erreurs").await;
    let visitor = app.browser();
    let mut bad = fields("k2", "<script>alert(1)</script> SARL");
    for (k, v) in bad.iter_mut() {
        match *k {
            "p0_email" => *v = "pas-une-adresse",
            "p1_email" => *v = "claire@conserverie.test",
            "password" | "password_confirm" => *v = "court",
            "consent" => *v = "",
            "country" => *v = "XX",
            "o0_title" => *v = "",
            _ => {}
        }
    }
    let page = visitor.post_form("/forum-erreurs/register", &bad).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "adresse e-mail valide",
        "12 caractères au moins",
        "accepter la notice",
        "Choisissez un pays",
        "Ce champ est obligatoire",
    ] {
        assert!(page.contains(message), "missing: {message}");
    }
    assert!(
        page.contains("alert(1)") && page.contains("script&#62; SARL"),
        "typed values kept, escaped"
    );
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("value=\"Sète\""));
    assert!(
        !page.contains("value=\"court\""),
        "passwords are not sent back"
    );
    assert_eq!(app.count("company", "1 = 1").await, 0);
    assert_eq!(
        app.count("app_user", "1 = 1").await,
        0,
        "nothing half-written"
    );
}

// REQ: REG-1
#[tokio::test]
async fn registration_closes_at_the_deadline() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-clos").await;
    let row = store::events::find(&app.db, event).await.unwrap().unwrap();
    store::events::update(
        &app.db,
        store::events::EventRow {
            registration_closes_at: Some(Utc::now() - Duration::hours(1)),
            ..row
        },
    )
    .await
    .unwrap();
    let visitor = app.browser();
    let page = visitor.get("/forum-clos/register").await;
    assert!(page.contains("Les inscriptions ne sont pas ouvertes"));
    let late = visitor
        .post_form("/forum-clos/register", &fields("k3", "Retardataire SA"))
        .await;
    assert!(late.contains("Les inscriptions ne sont pas ouvertes"));
    assert_eq!(app.count("company", "1 = 1").await, 0);
    assert!(
        !visitor
            .get("/forum-clos")
            .await
            .contains("/forum-clos/register\""),
        "no register button once closed"
    );
}

// REQ: BO-3, REG-5
#[tokio::test]
async fn a_co_organizer_validates_or_refuses_registrations() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-validation").await;
    let other = app.create_event("forum-autre").await;
    let coorg = app
        .create_user("coorg@een.test", "cheval agrafe pile rouge", false)
        .await;
    app.grant(
        coorg,
        event,
        &[
            domain::Permission::ValidateRegistrations,
            domain::Permission::SeePersonalData,
        ],
    )
    .await;
    app.grant(coorg, other, &[domain::Permission::CheckIn])
        .await;
    let visitor = app.browser();
    visitor
        .post_form(
            "/forum-validation/register",
            &fields("k4", "Conserverie Méjean"),
        )
        .await;
    let mut second = fields("k5", "Huilerie Atlas");
    for (k, v) in second.iter_mut() {
        match *k {
            "p0_email" => *v = "amine@huilerie.test",
            "p1_email" => *v = "",
            "p1_first_name" | "p1_last_name" => *v = "",
            _ => {}
        }
    }
    visitor
        .post_form("/forum-validation/register", &second)
        .await;
    app.deliver_outbox().await;
    let before = app.smtp.messages().len();
    let companies = store::registration::companies_with_status(&app.db, event, None)
        .await
        .unwrap();
    let (meje, atlas) = (
        companies
            .iter()
            .find(|c| c.name.contains("Méjean"))
            .unwrap()
            .id,
        companies
            .iter()
            .find(|c| c.name.contains("Atlas"))
            .unwrap()
            .id,
    );
    let admin = app.browser();
    admin
        .login("coorg@een.test", "cheval agrafe pile rouge")
        .await;
    let list = admin
        .get(&format!("/admin/events/{event}/registrations"))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("Conserverie Méjean") && list.contains("Huilerie Atlas"));
    assert_eq!(
        admin
            .get(&format!("/admin/events/{other}/registrations"))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "no right on the other event"
    );
    let detail = admin
        .get(&format!("/admin/events/{event}/registrations/{meje}"))
        .await;
    assert!(detail.contains("Conserves de sardines") && detail.contains("claire@conserverie.test"));
    assert_eq!(
        admin
            .post_form(
                &format!("/admin/events/{other}/registrations/{meje}/validate"),
                &[]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .post_form(
                &format!("/admin/events/{event}/registrations/{meje}/validate"),
                &[]
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let no_reason = admin
        .post_form(
            &format!("/admin/events/{event}/registrations/{atlas}/refuse"),
            &[("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    admin
        .post_form(
            &format!("/admin/events/{event}/registrations/{atlas}/refuse"),
            &[("reason", "Hors du périmètre du forum")],
        )
        .await;
    assert_eq!(app.count("company", "status = 'validated'").await, 1);
    assert_eq!(app.count("participant", "status = 'validated'").await, 2);
    assert_eq!(app.count("company", "status = 'refused'").await, 1);
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'company' AND action IN ('validated', 'refused')"
        )
        .await,
        2
    );
    app.deliver_outbox().await;
    let mails = app.smtp.messages()[before..].to_vec();
    assert!(mails.iter().any(|m| {
        m.recipients
            .contains(&"claire@conserverie.test".to_string())
            && m.data.contains("est valid")
    }));
    assert!(mails.iter().any(
        |m| m.recipients.contains(&"amine@huilerie.test".to_string())
            && m.data.contains("Hors du p")
    ));
    assert!(
        mails
            .iter()
            .any(|m| m.recipients.contains(&"coorg@een.test".to_string())),
        "the co-organizer gets copies"
    );
    let filtered = admin
        .get(&format!(
            "/admin/events/{event}/registrations?status=refused"
        ))
        .await;
    assert!(filtered.contains("Huilerie Atlas") && !filtered.contains("Conserverie Méjean"));
}

// REQ: REG-10
#[tokio::test]
async fn registrations_are_assigned_to_co_organizers_by_link_or_country() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-affectation").await;
    app.create_user("principal@cci.test", "cheval agrafe pile rouge", true)
        .await;
    let een = app
        .create_user("een@partner.test", "cheval agrafe pile rouge", false)
        .await;
    let ccifm = app
        .create_user("ccifm@partner.test", "cheval agrafe pile rouge", false)
        .await;
    app.grant(een, event, &[domain::Permission::SeeAgendas])
        .await;
    app.grant(ccifm, event, &[domain::Permission::SeeAgendas])
        .await;
    let admin = app.browser();
    admin
        .login("principal@cci.test", "cheval agrafe pile rouge")
        .await;
    let rule = admin
        .post_form(
            &format!("/admin/events/{event}/team/rules"),
            &[
                ("coorganizer", &ccifm.to_string()),
                ("rule_kind", "country"),
                ("country", "MA"),
            ],
        )
        .await;
    assert_eq!(rule.status, StatusCode::SEE_OTHER);
    admin
        .post_form(
            &format!("/admin/events/{event}/team/rules"),
            &[
                ("coorganizer", &een.to_string()),
                ("rule_kind", "invitation"),
            ],
        )
        .await;
    let outsider = admin
        .post_form(
            &format!("/admin/events/{event}/team/rules"),
            &[("coorganizer", "999999"), ("rule_kind", "invitation")],
        )
        .await;
    assert_eq!(outsider.status, StatusCode::UNPROCESSABLE_ENTITY);
    let team = admin.get(&format!("/admin/events/{event}/team")).await;
    let link = team
        .body
        .split("register?via=")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    // A French company through the EEN link goes to EEN.
    let visitor = app.browser();
    let form = visitor
        .get(&format!("/forum-affectation/register?via={link}"))
        .await;
    assert!(form.contains(&format!("name=\"via\" value=\"{link}\"")));
    let mut by_link = fields("k10", "Conserverie Méjean");
    by_link.push(("via", link.as_str()));
    assert_eq!(
        visitor
            .post_form("/forum-affectation/register", &by_link)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // A Moroccan company without a link goes to the CCI France-Maroc by its country.
    let mut by_country = fields("k11", "Huilerie Atlas");
    for (k, v) in by_country.iter_mut() {
        match *k {
            "country" => *v = "MA",
            "p0_email" => *v = "amine@huilerie.test",
            "p1_email" => *v = "sara@huilerie.test",
            _ => {}
        }
    }
    assert_eq!(
        app.browser()
            .post_form("/forum-affectation/register", &by_country)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count("participant", &format!("coorganizer_user_id = {een}"))
            .await,
        2
    );
    assert_eq!(
        app.count("participant", &format!("coorganizer_user_id = {ccifm}"))
            .await,
        2
    );
    app.deliver_outbox().await;
    let copies_een: Vec<_> = app
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.recipients.contains(&"een@partner.test".to_string()))
        .collect();
    assert_eq!(
        copies_een.len(),
        1,
        "EEN gets only its own registration in copy"
    );
    assert!(copies_een[0].data.contains("Conserverie M"));
}

// REQ: PRV-3
#[tokio::test]
async fn participants_get_suggestions_with_their_reasons() {
    let app = TestApp::spawn().await;
    let logins = services::demo::load_demo(&app.db).await.unwrap();
    let participant = app.browser();
    participant
        .login(&logins[2].email, logins[2].password)
        .await;
    let page = participant
        .get("/forum-france-maroc-2027/suggestions")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Entreprises à rencontrer"));
    assert!(
        page.contains("Vous recherchez") || page.contains("Ils recherchent"),
        "a readable reason"
    );
    assert!(
        !page.contains(">Conserverie Méjean<"),
        "not one's own company"
    );
    assert_eq!(
        app.browser()
            .get("/forum-france-maroc-2027/suggestions")
            .await
            .status,
        StatusCode::SEE_OTHER,
        "login required"
    );
    let other = app.create_event("forum-sans-moi").await;
    let _ = other;
    assert_eq!(
        participant.get("/forum-sans-moi/suggestions").await.status,
        StatusCode::NOT_FOUND
    );
}

// REQ: REG-4
#[tokio::test]
async fn vat_numbers_are_checked_for_format_then_live_against_vies() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-tva").await;
    let visitor = app.browser();
    let mut bad = fields("k20", "Conserverie Méjean");
    bad.push(("vat_number", "FR 12 345"));
    let page = visitor.post_form("/forum-tva/register", &bad).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("format attendu"));
    assert!(
        app.vies.requests().is_empty(),
        "no VIES call for a malformed number"
    );
    app.vies.answer(
        "FR40303265045",
        testkit::FakeAnswer::valid("CONSERVERIE MEJEAN", "1 QUAI DE BOSC 34200 SETE"),
    );
    let mut good = fields("k21", "Conserverie Méjean");
    good.push(("vat_number", "FR 40 303 265 045"));
    assert_eq!(
        visitor.post_form("/forum-tva/register", &good).await.status,
        StatusCode::SEE_OTHER
    );
    let mut checked = 0;
    for _ in 0..100 {
        checked = app.count("vat_check", "status = 'valid'").await;
        if checked > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(checked, 1, "the live check ran after the answer");
    assert_eq!(
        app.count("vat_check", "name = 'CONSERVERIE MEJEAN'").await,
        1,
        "trace keeps the returned name"
    );
    assert_eq!(
        app.count(
            "company",
            &format!("event_id = {event} AND vat_country = 'FR' AND vat_number = '40303265045'")
        )
        .await,
        1
    );
}
