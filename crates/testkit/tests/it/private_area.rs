//! The participant's private area for one event: profile, company, offers, colleagues,
//! registration status, data download and erasure (PRV-2, REG-8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use testkit::{Browser, TestApp};

const CLAIRE: &str = "claire@conserverie.test";
const PAUL: &str = "paul@conserverie.test";
const PASSWORD: &str = "sardines et anchois de Sète";
const PAUL_PASSWORD: &str = "maquereau vin blanc citron";
const CLAIRE_PHONE: &str = "+33 6 12 34 56 78";
const PAUL_PHONE: &str = "+33 7 98 76 54 32";

/// Registers a company through the public form: Claire (editor) and Paul (colleague, whose
/// account exists already so that he can log in).
async fn register(app: &TestApp, slug: &str) -> i64 {
    let event = app.create_event(slug).await;
    app.create_user(PAUL, PAUL_PASSWORD, false).await;
    let fields = vec![
        ("idempotency_key", "k-private"),
        ("company_name", "Conserverie du Port"),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        ("description_fr", "Conserverie familiale."),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", CLAIRE),
        ("p0_phone", CLAIRE_PHONE),
        ("p1_first_name", "Paul"),
        ("p1_last_name", "Roussillonnais"),
        ("p1_email", PAUL),
        ("p1_phone", PAUL_PHONE),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("o1_kind", "request"),
        ("o1_title", "Distributeur au Maroc"),
        ("consent", "on"),
    ];
    let done = app
        .browser()
        .post_form(&format!("/{slug}/register"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    event.0
}

/// Another company of the same event, with one person and a file attached to its offer.
async fn register_other(app: &TestApp, slug: &str) {
    let fields = vec![
        ("idempotency_key", "k-other"),
        ("company_name", "Huilerie Zarzis"),
        ("country", "TN"),
        ("city", "Zarzis"),
        ("sector", "agrifood"),
        ("description_fr", "Huile d’olive."),
        ("p0_first_name", "Zoé"),
        ("p0_last_name", "Zylberstein"),
        ("p0_email", "zoe@huilerie.test"),
        ("p0_phone", "+216 75 123 456"),
        ("password", "olivier centenaire de Zarzis"),
        ("password_confirm", "olivier centenaire de Zarzis"),
        ("o0_kind", "offer"),
        ("o0_title", "Huile vierge extra"),
        ("consent", "on"),
    ];
    let brochure = b"%PDF-1.4\n(Zo\xc3\xa9 Zylberstein, +216 75 123 456)\n%%EOF".to_vec();
    let done = app
        .browser()
        .post_multipart_files(
            &format!("/{slug}/register"),
            &fields,
            &[("o0_files", "brochure-zylberstein.pdf", brochure)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

async fn logged_in(app: &TestApp, email: &str, password: &str) -> Browser {
    app.logged_in(email, password).await
}

async fn scalar(app: &TestApp, sql: &str) -> String {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<Option<String>>(0)
        .unwrap()
        .unwrap_or_default()
}

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

// REQ: PRV-2
#[tokio::test]
async fn a_participant_edits_the_profile_after_an_error_and_sees_the_status() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-profil").await;
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let me = claire.get("/me").await;
    assert!(me.contains(&format!("/me/events/{event}")), "link from /me");
    let overview = claire.get(&format!("/me/events/{event}")).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.contains("En attente de validation"));
    assert!(overview.contains("value=\"Méjean\""));

    let bad = claire
        .post_form(
            &format!("/me/events/{event}/profile"),
            &[
                ("first_name", "Claire"),
                ("last_name", ""),
                ("job_title", "Directrice"),
                ("phone", "appelez-moi"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("numéro de téléphone valide"));
    assert!(bad.contains("Ce champ est obligatoire"));
    assert!(bad.contains("value=\"appelez-moi\""), "form re-filled");
    assert!(bad.contains("aria-invalid=\"true\""));

    let good = claire
        .post_form(
            &format!("/me/events/{event}/profile"),
            &[
                ("first_name", "Claire"),
                ("last_name", "Méjean-Roux"),
                ("job_title", "Gérante"),
                ("phone", "+33 4 67 00 00 00"),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    assert_eq!(
        app.count(
            "participant",
            "last_name = 'Méjean-Roux' AND job_title_fr = 'Gérante' AND phone = '+33 4 67 00 00 00'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'participant' AND action = 'update'"
        )
        .await,
        1
    );

    let english = app.browser();
    english.login(CLAIRE, PASSWORD).await;
    english.get("/lang/en?next=/").await;
    let page = english.get(&format!("/me/events/{event}")).await;
    assert!(page.contains("Awaiting validation"), "translated");

    let company = id_of(&app, "SELECT id FROM company").await;
    services::registration::decide(
        &app.db,
        &app.settings,
        &services::audit::Actor::system("test"),
        domain::EventId(event),
        company,
        Some("Dossier incomplet"),
    )
    .await
    .unwrap();
    let refused = claire.get(&format!("/me/events/{event}")).await;
    assert!(refused.contains("Refusée"));
    assert!(
        refused.contains("Dossier incomplet"),
        "refusal reason shown"
    );
}

// REQ: PRV-2
#[tokio::test]
async fn the_editor_edits_the_company_and_its_offers_a_colleague_only_reads() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-entreprise").await;
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let paul = logged_in(&app, PAUL, PAUL_PASSWORD).await;
    let company_url = format!("/me/events/{event}/company");
    let company = |name: &'static str, website: &'static str| {
        vec![
            ("name", name),
            ("city", "Sète"),
            ("address", "1 quai de la Marine"),
            ("website", website),
            ("description_fr", "Conserverie familiale depuis 1920."),
            ("description_en", "Family cannery since 1920."),
        ]
    };
    let bad = claire
        .post_form(&company_url, &company("", "javascript:alert(1)"))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("adresse web complète"));
    assert!(bad.contains("Ce champ est obligatoire"));
    assert!(bad.contains("1 quai de la Marine"), "form re-filled");
    let good = claire
        .post_form(
            &company_url,
            &company("Conserverie du Port SAS", "https://conserverie.test"),
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    assert_eq!(
        app.count(
            "company",
            "name = 'Conserverie du Port SAS' AND website = 'https://conserverie.test' AND address = '1 quai de la Marine'"
        )
        .await,
        1
    );

    // The colleague sees the company but cannot change it.
    let read_only = paul.get(&company_url).await;
    assert_eq!(read_only.status, StatusCode::OK);
    assert!(read_only.contains("Conserverie du Port SAS"));
    assert!(!read_only.contains(&format!("action=\"{company_url}\"")));
    let refused = paul
        .post_form(&company_url, &company("Piratage SA", "https://pirate.test"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused_offer = paul
        .post_form(
            &format!("/me/events/{event}/offers"),
            &[("kind", "offer"), ("title", "Pirate")],
        )
        .await;
    assert_eq!(refused_offer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("company", "name = 'Piratage SA'").await, 0);
    assert_eq!(app.count("offer", "title = 'Pirate'").await, 0);

    // Offers: add (with an error first), edit, delete.
    let missing = claire
        .post_form(
            &format!("/me/events/{event}/offers"),
            &[("kind", "request"), ("title", ""), ("keywords", "port")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = claire
        .post_form(
            &format!("/me/events/{event}/offers"),
            &[
                ("kind", "request"),
                ("title", "Transporteur frigorifique"),
                ("description", "Vers Marseille"),
                ("keywords", "logistique, froid"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(app.count("offer", "1 = 1").await, 3);
    let offer = id_of(
        &app,
        "SELECT id FROM offer WHERE title = 'Transporteur frigorifique'",
    )
    .await;
    let edited = claire
        .post_form(
            &format!("/me/events/{event}/offers/{offer}"),
            &[
                ("kind", "request"),
                ("title", "Transporteur réfrigéré"),
                ("description", "Vers Marseille et Gênes"),
                ("keywords", "logistique"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    assert_eq!(
        scalar(&app, &format!("SELECT title FROM offer WHERE id = {offer}")).await,
        "Transporteur réfrigéré"
    );
    let page = claire.get(&company_url).await;
    assert!(page.contains("Transporteur réfrigéré"));
    let deleted = claire
        .post_form(&format!("/me/events/{event}/offers/{offer}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("offer", "1 = 1").await, 2);
    assert_eq!(
        app.count("audit_entry", "entity = 'offer'").await,
        3,
        "create, update, delete audited"
    );
}

// REQ: PRV-2
#[tokio::test]
async fn ids_of_another_company_or_another_event_answer_not_found() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-idor").await;
    register_other(&app, "forum-idor").await;
    let other_event = app.create_event("forum-voisin").await.0;
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let foreign_offer = id_of(
        &app,
        "SELECT id FROM offer WHERE title = 'Huile vierge extra'",
    )
    .await;
    let zoe = id_of(
        &app,
        "SELECT id FROM participant WHERE last_name = 'Zylberstein'",
    )
    .await;
    let edit = claire
        .post_form(
            &format!("/me/events/{event}/offers/{foreign_offer}"),
            &[("kind", "offer"), ("title", "Volé")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    let delete = claire
        .post_form(
            &format!("/me/events/{event}/offers/{foreign_offer}/delete"),
            &[],
        )
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let remove = claire
        .post_form(&format!("/me/events/{event}/colleagues/{zoe}/remove"), &[])
        .await;
    assert_eq!(remove.status, StatusCode::NOT_FOUND);
    for path in ["", "/company", "/data.json", "/data.csv", "/erase"] {
        let page = claire.get(&format!("/me/events/{other_event}{path}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let profile = claire
        .post_form(
            &format!("/me/events/{other_event}/profile"),
            &[("first_name", "X"), ("last_name", "Y")],
        )
        .await;
    assert_eq!(profile.status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT title FROM offer WHERE id = {foreign_offer}")
        )
        .await,
        "Huile vierge extra",
        "nothing changed"
    );
    assert_eq!(app.count("participant", "1 = 1").await, 3);
    assert_eq!(app.count("audit_entry", "entity <> 'event'").await, 0);
    let anonymous = app.browser().get(&format!("/me/events/{event}")).await;
    assert!(anonymous.status.is_redirection(), "login required");
}

// REQ: PRV-2
#[tokio::test]
async fn the_editor_adds_and_removes_a_colleague() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-collegues").await;
    app.deliver_outbox().await;
    let before = app.smtp.messages().len();
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let url = format!("/me/events/{event}/colleagues");
    let bad = claire
        .post_form(
            &url,
            &[
                ("first_name", "Léa"),
                ("last_name", ""),
                ("email", "pas-une-adresse"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("adresse e-mail valide"));
    let added = claire
        .post_form(
            &url,
            &[
                ("first_name", "Léa"),
                ("last_name", "Fabre"),
                ("email", "lea@conserverie.test"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(app.deliver_outbox().await, 1);
    let mails = app.smtp.messages();
    assert_eq!(mails.len(), before + 1);
    let lea_mail = mails
        .iter()
        .find(|m| m.recipients.contains(&"lea@conserverie.test".to_string()))
        .expect("mail to the colleague");
    let link = lea_mail.first_link().expect("a link");
    assert!(link.contains("/password/reset/"), "{link}");
    let path = link.split_once("/password/").map(|(_, p)| p).unwrap();
    let reset = app.browser().get(&format!("/password/{path}")).await;
    assert_eq!(reset.status, StatusCode::OK, "the link works");
    assert_eq!(app.count("auth_token", "expires_at > created_at").await, 1);

    let again = claire
        .post_form(
            &url,
            &[
                ("first_name", "Paul"),
                ("last_name", "Bis"),
                ("email", PAUL),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("déjà inscrite"));

    let me = id_of(
        &app,
        "SELECT id FROM participant WHERE last_name = 'Méjean'",
    )
    .await;
    let myself = claire.post_form(&format!("{url}/{me}/remove"), &[]).await;
    assert_eq!(myself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(myself.contains("vous retirer vous-même"));

    let lea = id_of(&app, "SELECT id FROM participant WHERE last_name = 'Fabre'").await;
    let removed = claire.post_form(&format!("{url}/{lea}/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("participant", "last_name = 'Fabre'").await, 0);
    assert_eq!(
        app.count("app_user", "email = 'lea@conserverie.test'")
            .await,
        1,
        "the account stays"
    );
    let paul = logged_in(&app, PAUL, PAUL_PASSWORD).await;
    let refused = paul
        .post_form(
            &url,
            &[
                ("first_name", "X"),
                ("last_name", "Y"),
                ("email", "x@y.test"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

// REQ: REG-8
#[tokio::test]
async fn a_participant_downloads_their_own_data_only() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-donnees").await;
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let json = claire.get(&format!("/me/events/{event}/data.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    let disposition = json.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(json.headers["x-content-type-options"], "nosniff");
    let data: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(data["account"]["email"], CLAIRE);
    assert_eq!(data["account"]["locale"], "fr");
    assert_eq!(data["participant"]["last_name"], "Méjean");
    assert_eq!(data["participant"]["phone"], CLAIRE_PHONE);
    assert_eq!(data["company"]["name"], "Conserverie du Port");
    assert_eq!(data["offers"].as_array().unwrap().len(), 2);
    let consent = &data["consents"][0];
    assert_eq!(consent["notice_version"].as_str().unwrap().len(), 16);
    assert!(consent["given_at"].as_str().unwrap().starts_with("20"));
    assert!(!json.contains(PAUL_PHONE), "never a colleague's data");
    assert!(!json.contains(PAUL));

    let csv = claire.get(&format!("/me/events/{event}/data.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(csv.headers["x-content-type-options"], "nosniff");
    assert!(csv.body.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    assert!(csv.contains("section;field;value"));
    assert!(csv.contains(&format!("account;email;{CLAIRE}")));
    assert!(csv.contains("participant;last_name;Méjean"));
    assert!(csv.contains("6 12 34 56 78"));
    assert!(csv.contains("Conserves de sardines"));
    assert!(!csv.contains("98 76 54 32"), "never a colleague's phone");

    let paul = logged_in(&app, PAUL, PAUL_PASSWORD).await;
    let his = paul.get(&format!("/me/events/{event}/data.json")).await;
    assert!(his.contains(PAUL_PHONE));
    assert!(!his.contains(CLAIRE_PHONE));
}

/// Every table's rows as text, and every file under the data folder's `files`.
async fn everything_stored(app: &TestApp) -> (Vec<String>, usize) {
    let backend = app.db.get_database_backend();
    let (tables_sql, columns_sql): (&str, fn(&str) -> String) = match backend {
        DbBackend::Postgres => (
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            |t| {
                format!(
                    "SELECT column_name AS name FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = '{t}'"
                )
            },
        ),
        _ => ("SELECT name FROM sqlite_master WHERE type = 'table'", |t| {
            format!("SELECT name FROM pragma_table_info('{t}')")
        }),
    };
    let names = |sql: String| async move {
        app.db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.try_get::<String>("", "name").unwrap())
            .collect::<Vec<_>>()
    };
    let mut texts = Vec::new();
    let tables = names(tables_sql.to_string()).await;
    assert!(tables.iter().any(|t| t == "app_user"), "{tables:?}");
    for table in &tables {
        for column in names(columns_sql(table)).await {
            let sql = format!("SELECT CAST(\"{column}\" AS TEXT) AS v FROM \"{table}\"");
            for row in app
                .db
                .query_all_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
            {
                if let Some(v) = row.try_get::<Option<String>>("", "v").unwrap() {
                    texts.push(format!("{table}.{column}: {v}"));
                }
            }
        }
    }
    let files = app.settings.data_dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut scanned = 0;
    let mut stack = vec![files];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                scanned += 1;
                let bytes = std::fs::read(&path).unwrap();
                texts.push(format!(
                    "{}: {}",
                    path.display(),
                    String::from_utf8_lossy(&bytes)
                ));
            }
        }
    }
    (texts, scanned)
}

// REQ: REG-8
#[tokio::test]
async fn erasure_removes_the_person_from_every_table() {
    let app = TestApp::spawn().await;
    let event = register(&app, "forum-oubli").await;
    register_other(&app, "forum-oubli").await;
    app.deliver_outbox().await;
    // Traces everywhere: a failed login, a session, a profile edit (audited), a queued mail.
    app.browser()
        .post_form(
            "/login",
            &[("email", PAUL), ("password", "mauvais"), ("next", "/")],
        )
        .await;
    let paul = logged_in(&app, PAUL, PAUL_PASSWORD).await;
    let edit = paul
        .post_form(
            &format!("/me/events/{event}/profile"),
            &[
                ("first_name", "Paul"),
                ("last_name", "Roussillonnais"),
                ("job_title", "Commercial"),
                ("phone", PAUL_PHONE),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    let other_event = app.create_event("forum-oubli-2").await;
    let paul_id = id_of(
        &app,
        &format!("SELECT id FROM app_user WHERE email = '{PAUL}'"),
    )
    .await;
    app.register_participant(domain::UserId(paul_id), other_event)
        .await;
    let (before, _) = everything_stored(&app).await;
    assert!(before.iter().any(|t| t.contains(PAUL_PHONE)));
    assert!(
        before
            .iter()
            .any(|t| t.starts_with("audit_entry.actor_label") && t.contains(PAUL))
    );

    let page = paul.get(&format!("/me/events/{event}/erase")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("définitive"));
    let unconfirmed = paul
        .post_form(&format!("/me/events/{event}/erase"), &[])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.contains("Cochez la case"));
    assert_eq!(app.count("app_user", &format!("id = {paul_id}")).await, 1);

    let erased = paul
        .post_form(&format!("/me/events/{event}/erase"), &[("confirm", "on")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(erased.location.as_deref(), Some("/"));
    assert!(
        paul.get(&format!("/me/events/{event}"))
            .await
            .status
            .is_redirection(),
        "logged out"
    );
    assert_eq!(
        app.count("app_user", &format!("id = {paul_id}")).await,
        0,
        "the account is gone"
    );

    let (after, scanned_files) = everything_stored(&app).await;
    assert_eq!(
        scanned_files, 1,
        "only Zoé's company's attachment is left; the folder was scanned"
    );
    for needle in [PAUL, "Roussillonnais", PAUL_PHONE, "98 76 54 32"] {
        let left: Vec<&String> = after.iter().filter(|t| t.contains(needle)).collect();
        assert!(left.is_empty(), "{needle} still stored: {left:?}");
    }
    assert_eq!(
        app.count("company", "name = 'Conserverie du Port'").await,
        1,
        "Claire stays"
    );
    assert_eq!(app.count("participant", "last_name = 'Méjean'").await, 1);
    assert_eq!(
        app.count(
            "audit_entry",
            "action = 'erased' AND actor_label = 'deleted participant'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'participant' AND action = 'update' AND actor_label = 'deleted participant'"
        )
        .await,
        1,
        "the action is kept, the person is not"
    );

    // The only person of a company takes the company and its offers along.
    let zoe = logged_in(&app, "zoe@huilerie.test", "olivier centenaire de Zarzis").await;
    let erased = zoe
        .post_form(&format!("/me/events/{event}/erase"), &[("confirm", "on")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("company", "name = 'Huilerie Zarzis'").await, 0);
    assert_eq!(app.count("offer", "title = 'Huile vierge extra'").await, 0);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 0);
    let (after, scanned_files) = everything_stored(&app).await;
    assert_eq!(scanned_files, 0, "the attached file left the disk");
    for needle in ["zoe@huilerie.test", "Zylberstein", "75 123 456"] {
        assert!(
            !after.iter().any(|t| t.contains(needle)),
            "{needle} still stored"
        );
    }
}

// REQ: REG-8
#[tokio::test]
async fn a_principal_administrator_cannot_erase_itself_here() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-admin").await;
    let admin = app
        .create_user("principal@cci.test", "cheval agrafe pile rouge", true)
        .await;
    app.register_participant(admin, event).await;
    let browser = logged_in(&app, "principal@cci.test", "cheval agrafe pile rouge").await;
    let refused = browser
        .post_form(
            &format!("/me/events/{}/erase", event.0),
            &[("confirm", "on")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("administrateur principal ne peut pas"));
    assert_eq!(
        app.count("app_user", "email = 'principal@cci.test'").await,
        1
    );
}
