//! Workflow email templates edited per event and language, their use in the registration
//! emails and their copies, and the payment-request hook (REG-5).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Permission;
use reqwest::StatusCode;
use testkit::ReceivedMail;
use testkit::TestApp;

const ADMIN_PASSWORD: &str = "cheval agrafe pile rouge";

fn registration<'a>(
    key: &'a str,
    company: &'a str,
    first_email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("company_name", company),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        ("description_fr", "Conserverie familiale."),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", first_email),
        ("p1_first_name", "Paul"),
        ("p1_last_name", "Roux"),
        ("p1_email", "paul@conserverie.test"),
        ("password", "sardines et anchois de Sète"),
        ("password_confirm", "sardines et anchois de Sète"),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("consent", "on"),
    ]
}

/// An event, its principal administrator logged in.
async fn setup(slug: &str) -> (TestApp, i64, testkit::Browser) {
    let app = TestApp::spawn().await;
    let event = app.create_event(slug).await;
    app.create_user("principal@cci.test", ADMIN_PASSWORD, true)
        .await;
    let admin = app.browser();
    admin.login("principal@cci.test", ADMIN_PASSWORD).await;
    (app, event.0, admin)
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let mut n = 0u32;
        for (i, s) in chunk.iter().enumerate() {
            n |= u32::from(*s) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn quoted_printable_decode(text: &str, underscore_is_space: bool) -> Vec<u8> {
    let bytes = text.replace("=\r\n", "").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&String::from_utf8_lossy(&bytes[i + 1..i + 3]), 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(if underscore_is_space && bytes[i] == b'_' {
                b' '
            } else {
                bytes[i]
            });
            i += 1;
        }
    }
    out
}

/// The decoded subject and body of a received mail.
fn decoded(mail: &ReceivedMail) -> (String, String) {
    let (head, body) = mail.data.split_once("\r\n\r\n").unwrap();
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let mut subject = String::new();
    for word in header("Subject:").split(' ') {
        let parts: Vec<&str> = word.split('?').collect();
        if parts.len() == 5 && parts[0] == "=" && parts[4] == "=" {
            let bytes = if parts[2].eq_ignore_ascii_case("b") {
                base64_decode(parts[3])
            } else {
                quoted_printable_decode(parts[3], true)
            };
            subject.push_str(&String::from_utf8_lossy(&bytes));
        } else {
            if !subject.is_empty() {
                subject.push(' ');
            }
            subject.push_str(word);
        }
    }
    let mut encoding = header("Content-Transfer-Encoding:").to_ascii_lowercase();
    // A message with an attachment (the badge) is multipart: read its text part.
    let mut body = body;
    if header("Content-Type:").starts_with("multipart/")
        && let Some(at) = body.find("Content-Type: text/plain")
        && let Some((part_head, rest)) = body[at..].split_once("\r\n\r\n")
    {
        encoding = part_head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Transfer-Encoding:"))
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        body = rest.split("\r\n--").next().unwrap_or_default();
    }
    let body = match encoding.as_str() {
        "base64" => String::from_utf8_lossy(&base64_decode(body)).to_string(),
        "quoted-printable" => {
            String::from_utf8_lossy(&quoted_printable_decode(body, false)).to_string()
        }
        _ => body.to_string(),
    };
    (subject, body.replace("\r\n", "\n"))
}

fn mails_to(app: &TestApp, address: &str) -> Vec<(String, String)> {
    app.smtp
        .messages()
        .iter()
        .filter(|m| m.recipients.iter().any(|r| r == address))
        .map(decoded)
        .collect()
}

// REQ: REG-5
#[tokio::test]
async fn a_customised_french_template_is_sent_and_english_registrants_get_the_english_default() {
    let (app, event, admin) = setup("forum-modeles").await;
    let saved = admin
        .post_form(
            &format!("/admin/events/{event}/emails/registration_received/fr"),
            &[
                ("subject", "Bienvenue au {{ event_name }}"),
                (
                    "body",
                    "Bonjour {{ first_name }},\r\nTexte maison pour {{ company }} : identifiant {{ login_email }}, {{ event_dates }}.\r\n{% if set_password_link %}\r\nLien : {{ set_password_link }}\r\n{% endif %}",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app.count("email_template", "1 = 1").await, 1);
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'email_template' AND action = 'create'"
        )
        .await,
        1
    );
    let list = admin.get(&format!("/admin/events/{event}/emails")).await;
    assert!(list.contains("Personnalisé le"), "{}", list.body);

    let french = app.browser();
    let done = french
        .post_form(
            "/forum-modeles/register",
            &registration("k1", "Conserverie Méjean", "claire@conserverie.test"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let english = app.browser();
    english.get("/lang/en?next=/").await;
    let mut atlas = registration("k2", "Atlas Oils", "amine@atlas.test");
    for (k, v) in atlas.iter_mut() {
        if k.starts_with("p1_") {
            *v = "";
        }
    }
    let done = english.post_form("/forum-modeles/register", &atlas).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    app.deliver_outbox().await;

    let claire = mails_to(&app, "claire@conserverie.test");
    assert_eq!(claire.len(), 1);
    assert_eq!(claire[0].0, "Bienvenue au Forum forum-modeles");
    assert!(
        claire[0].1.contains(
            "Texte maison pour Conserverie Méjean : identifiant claire@conserverie.test, 10–11 mars 2027."
        ),
        "{}",
        claire[0].1
    );
    assert!(!claire[0].1.contains("Lien"));
    let paul = mails_to(&app, "paul@conserverie.test");
    assert!(
        paul[0].1.contains("Lien : http") && paul[0].1.contains("/password/reset/"),
        "the colleague's link goes through the template: {}",
        paul[0].1
    );
    let amine = mails_to(&app, "amine@atlas.test");
    assert_eq!(amine[0].0, "Registration to \"Forum forum-modeles (EN)\"");
    assert!(
        amine[0]
            .1
            .contains("We have received the registration of Atlas Oils"),
        "{}",
        amine[0].1
    );
    assert!(!amine[0].1.contains("Texte maison"));
    let copies = mails_to(&app, "principal@cci.test");
    assert_eq!(copies.len(), 2, "one copy per registration");
    let copy = copies
        .iter()
        .find(|(_, body)| body.contains("Conserverie"))
        .unwrap();
    assert!(copy.0.starts_with("Copie : Bienvenue au"), "{}", copy.0);
    assert!(
        copy.1
            .contains("claire@conserverie.test, paul@conserverie.test")
    );
    assert!(copy.1.contains("Texte maison"));
    assert!(
        !copy.1.contains("/password/reset/"),
        "a copy never carries a personal link"
    );
}

// REQ: REG-5
#[tokio::test]
async fn templates_that_do_not_render_are_refused_on_save_and_nothing_is_stored() {
    let (app, event, admin) = setup("forum-erreurs").await;
    let url = format!("/admin/events/{event}/emails/registration_validated/fr");
    let syntax = admin
        .post_form(
            &url,
            &[
                ("subject", "Validé"),
                ("body", "Bonjour,\r\n\r\n{% if company %}\r\nsans fin"),
            ],
        )
        .await;
    assert_eq!(syntax.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(syntax.contains("Ligne "), "{}", syntax.body);
    assert!(syntax.contains("le modèle ne peut pas être rendu"));
    assert!(syntax.contains("sans fin"), "the typed text is shown again");
    assert!(syntax.contains("aria-describedby=\"body-error"));

    let unknown = admin
        .post_form(
            &url,
            &[
                ("subject", "Validé"),
                ("body", "Bonjour,\r\nMontant : {{ montant }}"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.contains("Ligne 2 : la variable « montant » n’existe pas"));

    let other_kind = admin
        .post_form(
            &url,
            &[("subject", "{{ refusal_reason }}"), ("body", "Bonjour")],
        )
        .await;
    assert_eq!(other_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other_kind.contains("aria-describedby=\"subject-error\""));
    assert!(other_kind.contains("refusal_reason"));

    let runaway = admin
        .post_form(
            &url,
            &[
                ("subject", "x"),
                (
                    "body",
                    "{% for i in range(100000) %}{% for j in range(100000) %}{{ company }}{% endfor %}{% endfor %}",
                ),
            ],
        )
        .await;
    assert_eq!(runaway.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(runaway.contains("trop de calculs"));

    let empty = admin
        .post_form(&url, &[("subject", " "), ("body", "Bonjour")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(app.count("email_template", "1 = 1").await, 0);
    assert_eq!(
        app.count("audit_entry", "entity = 'email_template'").await,
        0
    );
    let unknown_kind = admin
        .get(&format!("/admin/events/{event}/emails/welcome/fr"))
        .await;
    assert_eq!(unknown_kind.status, StatusCode::NOT_FOUND);
}

// REQ: REG-5
#[tokio::test]
async fn preview_renders_sample_data_and_reset_restores_the_default() {
    let (app, event, admin) = setup("forum-apercu").await;
    let url = format!("/admin/events/{event}/emails/registration_validated/fr");
    let editor = admin.get(&url).await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.contains("Votre inscription à « {{ event_name }} » est validée"));
    assert!(editor.contains("Ce modèle utilise le texte par défaut"));
    assert!(
        editor.contains("{{ private_area_url }}"),
        "variables listed"
    );

    let preview = admin
        .post_form(
            &format!("/admin/events/{event}/emails/payment_requested/fr/preview"),
            &[
                ("subject", "Réglez {{ amount }}"),
                (
                    "body",
                    "Bonjour {{ participant_name }} — {{ company }} — {{ amount }} — {{ payment_link }}",
                ),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.contains("Bonjour Claire Martin — Conserverie Exemple — 450,00\u{a0}€ — http"),
        "{}",
        preview.body
    );
    assert!(preview.contains("<pre id=\"preview-body\""));
    assert_eq!(
        app.count("email_template", "1 = 1").await,
        0,
        "a preview saves nothing"
    );

    let saved = admin
        .post_form(
            &url,
            &[
                ("subject", "C’est validé !"),
                ("body", "Profil en ligne pour {{ company }}."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let editor = admin.get(&url).await;
    assert!(editor.contains("Profil en ligne pour {{ company }}."));
    assert!(editor.contains("Revenir au texte par défaut"));
    let reset = admin.post_form(&format!("{url}/reset"), &[]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("email_template", "1 = 1").await, 0);
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'email_template' AND action = 'reset'"
        )
        .await,
        1
    );
    assert!(admin.get(&url).await.contains("est validée"));

    app.browser()
        .post_form(
            "/forum-apercu/register",
            &registration("k1", "Conserverie Méjean", "claire@conserverie.test"),
        )
        .await;
    let company = store::registration::companies_with_status(&app.db, domain::EventId(event), None)
        .await
        .unwrap()[0]
        .id;
    let validated = admin
        .post_form(
            &format!("/admin/events/{event}/registrations/{company}/validate"),
            &[],
        )
        .await;
    assert_eq!(validated.status, StatusCode::SEE_OTHER);
    app.deliver_outbox().await;
    let claire = mails_to(&app, "claire@conserverie.test");
    let last = claire.last().unwrap();
    assert!(last.1.contains("est validée"), "default again: {}", last.1);
    assert!(!last.1.contains("Profil en ligne"));
}

// REQ: REG-5
#[tokio::test]
async fn script_like_content_stays_plain_text() {
    let (app, event, admin) = setup("forum-script").await;
    let url = format!("/admin/events/{event}/emails/registration_received/fr");
    let body = "<script>alert(1)</script> {{ company }}";
    let preview = admin
        .post_form(
            &format!("{url}/preview"),
            &[("subject", "<b>{{ company }}</b>"), ("body", body)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(!preview.contains("<script>alert(1)"));
    assert!(
        preview.contains("&#60;script&#62;alert(1)&#60;/script&#62; Conserverie Exemple"),
        "{}",
        preview.body
    );
    let saved = admin
        .post_form(&url, &[("subject", "<b>{{ company }}</b>"), ("body", body)])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(!admin.get(&url).await.contains("<script>alert(1)"));
    app.browser()
        .post_form(
            "/forum-script/register",
            &registration("k1", "Tom & <i>Jerry</i>", "claire@conserverie.test"),
        )
        .await;
    assert_eq!(
        app.count(
            "outbox_message",
            "recipient = 'claire@conserverie.test' AND body_html IS NULL AND body_text = '<script>alert(1)</script> Tom & <i>Jerry</i>' AND subject = '<b>Tom & <i>Jerry</i></b>'"
        )
        .await,
        1,
        "plain text, neither escaped nor turned into HTML"
    );
}

// REQ: REG-5, BO-1
#[tokio::test]
async fn another_events_admin_can_neither_see_nor_edit_the_templates() {
    let (app, event, _) = setup("forum-a").await;
    let other = app.create_event("forum-b").await;
    let stranger = app
        .create_user("autre@cci.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(stranger, other, &[Permission::EditSiteContent])
        .await;
    let checker = app
        .create_user("accueil@cci.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(checker, domain::EventId(event), &[Permission::CheckIn])
        .await;

    let browser = app.browser();
    browser.login("autre@cci.test", ADMIN_PASSWORD).await;
    let url = format!("/admin/events/{event}/emails/registration_received/fr");
    assert_eq!(
        browser
            .get(&format!("/admin/events/{event}/emails"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(browser.get(&url).await.status, StatusCode::NOT_FOUND);
    let post = browser
        .post_form(&url, &[("subject", "Piraté"), ("body", "Piraté")])
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    assert_eq!(
        browser
            .post_form(
                &format!("{url}/preview"),
                &[("subject", "a"), ("body", "b")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        browser.post_form(&format!("{url}/reset"), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let own = browser
        .get(&format!("/admin/events/{}/emails", other.0))
        .await;
    assert_eq!(own.status, StatusCode::OK, "their own event works");

    let team_member = app.browser();
    team_member.login("accueil@cci.test", ADMIN_PASSWORD).await;
    assert_eq!(
        team_member.get(&url).await.status,
        StatusCode::FORBIDDEN,
        "on the team but without the right"
    );
    assert_eq!(app.count("email_template", "1 = 1").await, 0);
}

// REQ: REG-5
#[tokio::test]
async fn a_payment_request_emails_the_company_contact_with_copies() {
    let (app, event, admin) = setup("forum-paiement").await;
    let coorg = app
        .create_user("coorg@een.test", ADMIN_PASSWORD, false)
        .await;
    app.grant(
        coorg,
        domain::EventId(event),
        &[Permission::ValidateRegistrations],
    )
    .await;
    app.browser()
        .post_form(
            "/forum-paiement/register",
            &registration("k1", "Conserverie Méjean", "claire@conserverie.test"),
        )
        .await;
    let company = store::registration::companies_with_status(&app.db, domain::EventId(event), None)
        .await
        .unwrap()[0]
        .id;
    let detail_url = format!("/admin/events/{event}/registrations/{company}");
    let detail = admin.get(&detail_url).await;
    assert!(detail.contains("Envoyer la demande de paiement"));
    let outbox_before = app.count("outbox_message", "1 = 1").await;

    let bad = admin
        .post_form(
            &format!("{detail_url}/payment-request"),
            &[("amount", "beaucoup")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Indiquez un montant en euros"));
    assert!(
        bad.contains("value=\"beaucoup\""),
        "the amount is shown again"
    );
    assert_eq!(app.count("outbox_message", "1 = 1").await, outbox_before);

    let validator = app.browser();
    validator.login("coorg@een.test", ADMIN_PASSWORD).await;
    assert!(
        !validator
            .get(&detail_url)
            .await
            .contains("Envoyer la demande de paiement"),
        "no form without the payments right"
    );
    assert_eq!(
        validator
            .post_form(
                &format!("{detail_url}/payment-request"),
                &[("amount", "10")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    for _ in 0..2 {
        let sent = admin
            .post_form(
                &format!("{detail_url}/payment-request"),
                &[("amount", "1 250,5"), ("idempotency_key", "pay-1")],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    assert_eq!(
        app.count(
            "audit_entry",
            &format!(
                "action = 'payment_request' AND entity = 'company' AND entity_id = '{company}'"
            )
        )
        .await,
        1,
        "a replayed form sends nothing more"
    );
    app.deliver_outbox().await;
    let claire = mails_to(&app, "claire@conserverie.test");
    let requests: Vec<_> = claire
        .iter()
        .filter(|(subject, _)| subject.starts_with("Paiement"))
        .collect();
    assert_eq!(requests.len(), 1);
    let request = requests[0];
    assert!(request.1.contains("1\u{a0}250,50\u{a0}€"), "{}", request.1);
    assert!(request.1.contains(&format!("/me/events/{event}")));
    assert!(
        mails_to(&app, "paul@conserverie.test")
            .iter()
            .all(|(subject, _)| !subject.starts_with("Paiement")),
        "only the company's contact is asked to pay"
    );
    for organizer in ["principal@cci.test", "coorg@een.test"] {
        assert!(
            mails_to(&app, organizer)
                .iter()
                .any(|(subject, body)| subject.starts_with("Copie : Paiement")
                    && body.contains("1\u{a0}250,50")),
            "{organizer} gets a copy"
        );
    }
}
