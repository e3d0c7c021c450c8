//! Registrations managed from the back office: decisions on each person and offer, edits of
//! every part, registration on a participant's behalf, CSV/XLSX export and import, and the
//! co-organizer's scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::Reader;
use chrono::{Duration, Utc};
use domain::{EventId, Permission};
use reqwest::StatusCode;
use testkit::TestApp;

const PASSWORD: &str = "cheval agrafe pile rouge";

fn fields<'a>(key: &'a str, company: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("company_name", company),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        ("description_fr", "Conserverie familiale à Sète."),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", email),
        ("p0_job_title", "Directrice"),
        ("p0_phone", "+33 4 67 00 00 00"),
        ("password", "sardines et anchois de Sète"),
        ("password_confirm", "sardines et anchois de Sète"),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("o1_kind", "request"),
        ("o1_title", "Distributeur au Maroc"),
        ("consent", "on"),
    ]
}

/// Registers a company through the public form and returns its id.
async fn register(app: &TestApp, slug: &str, event: EventId, form: &[(&str, &str)]) -> i64 {
    let done = app
        .browser()
        .post_form(&format!("/{slug}/register"), form)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let name = form.iter().find(|(k, _)| *k == "company_name").unwrap().1;
    store::registration::companies_with_status(&app.db, event, None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

async fn principal(app: &TestApp) -> testkit::Browser {
    app.create_user("principal@cci.test", PASSWORD, true).await;
    let admin = app.browser();
    admin.login("principal@cci.test", PASSWORD).await;
    admin
}

async fn offer_id(app: &TestApp, event: EventId, company: i64, title: &str) -> i64 {
    store::registration::offers_of(&app.db, event, company)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.title == title)
        .unwrap()
        .id
}

// REQ: BO-3, BO-5
#[tokio::test]
async fn organizers_edit_every_part_and_decide_on_each_person_and_offer() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-bo").await;
    let company = register(
        &app,
        "forum-bo",
        event,
        &fields("b1", "Conserverie Méjean", "claire@meje.test"),
    )
    .await;
    let admin = principal(&app).await;
    let base = format!("/admin/events/{event}/registrations/{company}");

    // The company: a bad website comes back with the typed values and a linked error.
    let mut company_form = vec![
        ("company_name", "Conserverie Méjean et Fils"),
        ("country", "MA"),
        ("city", "Agadir"),
        ("sector", "tourism"),
        ("description_fr", "Sardines et anchois."),
        ("description_en", "Sardines and anchovies."),
        ("website", "pas une adresse"),
    ];
    let bad = admin
        .post_form(&format!("{base}/company"), &company_form)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("aria-describedby=\"website-error\""));
    assert!(bad.contains("value=\"Conserverie Méjean et Fils\"") || bad.contains("Agadir"));
    company_form.pop();
    company_form.push(("website", "https://meje.example"));
    let saved = admin
        .post_form(&format!("{base}/company"), &company_form)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // A person: edit the job, add a colleague (an email already registered is refused).
    let claire = store::registration::people(&app.db, event, company)
        .await
        .unwrap()[0]
        .id;
    let person = admin
        .post_form(
            &format!("{base}/people/{claire}"),
            &[
                ("first_name", "Claire"),
                ("last_name", "Méjean"),
                ("email", "claire@meje.test"),
                ("job_title", "Gérante"),
                ("editor", "on"),
            ],
        )
        .await;
    assert_eq!(person.status, StatusCode::SEE_OTHER, "{}", person.body);
    let taken = admin
        .post_form(
            &format!("{base}/people"),
            &[
                ("first_name", "Autre"),
                ("last_name", "Personne"),
                ("email", "CLAIRE@meje.test"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.contains("value=\"Autre\""), "the form is re-filled");
    let added = admin
        .post_form(
            &format!("{base}/people"),
            &[
                ("first_name", "Paul"),
                ("last_name", "Roux"),
                ("email", "paul@meje.test"),
                ("job_title", "Export"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    // Offers: edit one, add one, refuse one.
    let sardines = offer_id(&app, event, company, "Conserves de sardines").await;
    let edited = admin
        .post_form(
            &format!("{base}/offers/{sardines}"),
            &[
                ("kind", "offer"),
                ("title", "Sardines à l'huile d'olive"),
                ("keywords", "conserve"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let empty = admin
        .post_form(
            &format!("{base}/offers"),
            &[("kind", "offer"), ("title", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("aria-describedby=\"no-title-error\""));
    admin
        .post_form(
            &format!("{base}/offers"),
            &[("kind", "offer"), ("title", "Anchois salés")],
        )
        .await;
    let request = offer_id(&app, event, company, "Distributeur au Maroc").await;
    let refused = admin
        .post_form(&format!("{base}/offers/{request}/refuse"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let validated = admin.post_form(&format!("{base}/validate"), &[]).await;
    assert_eq!(validated.status, StatusCode::SEE_OTHER);

    // The public catalogue shows the edits and hides the refused offer.
    let public = app
        .browser()
        .get(&format!("/forum-bo/participants/{company}"))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.contains("Conserverie Méjean et Fils")
            || public.contains("Conserverie Méjean et Fils"),
        "{}",
        public.body
    );
    assert!(public.contains("Agadir"));
    assert!(public.contains("Sardines à l") && public.contains("Anchois salés"));
    assert!(
        !public.contains("Distributeur au Maroc"),
        "refused offer hidden"
    );
    assert_eq!(
        app.count("offer", &format!("id = {request} AND status = 'refused'"))
            .await,
        1,
        "the company's validation keeps the refused offer refused"
    );

    // A person refused on their own stays refused when the company is validated again.
    let paul = store::registration::people(&app.db, event, company)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.first_name == "Paul")
        .unwrap();
    assert_eq!(paul.status, "validated", "added people follow the company");
    admin
        .post_form(&format!("{base}/people/{}/refuse", paul.id), &[])
        .await;
    admin.post_form(&format!("{base}/validate"), &[]).await;
    assert_eq!(
        app.count(
            "participant",
            &format!("id = {} AND status = 'refused'", paul.id)
        )
        .await,
        1
    );
    let removed = admin
        .post_form(&format!("{base}/people/{}/remove", paul.id), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let last = admin
        .post_form(&format!("{base}/people/{claire}/remove"), &[])
        .await;
    assert_eq!(
        last.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the last person stays"
    );

    // Every change is audited.
    for (entity, action) in [
        ("company", "update"),
        ("participant", "update"),
        ("participant", "create"),
        ("participant", "refused"),
        ("participant", "delete"),
        ("offer", "update"),
        ("offer", "create"),
        ("offer", "refused"),
    ] {
        assert!(
            app.count(
                "audit_entry",
                &format!("entity = '{entity}' AND action = '{action}' AND actor_label = 'principal@cci.test'")
            )
            .await
                >= 1,
            "{entity} {action} audited"
        );
    }
}

// REQ: BO-7
#[tokio::test]
async fn an_organizer_registers_a_participant_after_the_deadline() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-tardif").await;
    let mut row = store::events::find(&app.db, event).await.unwrap().unwrap();
    row.registration_closes_at = Some(Utc::now() - Duration::days(1));
    store::events::update(&app.db, row).await.unwrap();
    let closed = app
        .browser()
        .post_form(
            "/forum-tardif/register",
            &fields("public", "Trop Tard", "late@x.test"),
        )
        .await;
    assert_ne!(closed.status, StatusCode::SEE_OTHER, "public form closed");
    let admin = principal(&app).await;
    let page = admin
        .get(&format!("/admin/events/{event}/registrations/new"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.contains("name=\"password\""), "no password on behalf");
    let form = vec![
        ("idempotency_key", "onsite-1"),
        ("company_name", "Huilerie Atlas"),
        ("country", "MA"),
        ("city", "Meknès"),
        ("sector", "agrifood"),
        ("description_fr", "Huile d'olive."),
        ("p0_first_name", "Amine"),
        ("p0_last_name", "Benali"),
        ("p0_email", "amine@atlas.test"),
        ("o0_kind", "offer"),
        ("o0_title", "Huile d'olive extra vierge"),
        ("validate_now", "on"),
    ];
    let mut bad = form.clone();
    bad.retain(|(k, _)| *k != "city");
    let refused = admin
        .post_form(&format!("/admin/events/{event}/registrations/new"), &bad)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("value=\"Huilerie Atlas\"") && refused.contains("city-error"));
    let done = admin
        .post_form(&format!("/admin/events/{event}/registrations/new"), &form)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let replay = admin
        .post_form(&format!("/admin/events/{event}/registrations/new"), &form)
        .await;
    assert_eq!(
        replay.location, done.location,
        "a replay gives the same company"
    );
    assert_eq!(
        app.count(
            "company",
            &format!("event_id = {event} AND status = 'validated'")
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "participant",
            &format!("event_id = {event} AND status = 'validated'")
        )
        .await,
        1
    );
    assert!(
        app.count("audit_entry", "action = 'register_on_behalf'")
            .await
            >= 1,
        "audited"
    );
    assert_eq!(
        app.count("consent", "1 = 1").await,
        0,
        "no consent is invented"
    );
    app.deliver_outbox().await;
    let mail = app
        .smtp
        .messages()
        .into_iter()
        .find(|m| m.recipients.contains(&"amine@atlas.test".to_string()))
        .expect("the person is told");
    let link = mail.first_link().expect("a link");
    let link = link
        .split("/password/reset/")
        .nth(1)
        .map(|token| format!("/password/reset/{token}"))
        .expect("a password link");
    let choose = app.browser().get(&link).await;
    assert_eq!(
        choose.status,
        StatusCode::OK,
        "the link opens the password form"
    );
}

/// Two companies, one with a formula-like city and accents.
async fn two_companies(app: &TestApp, slug: &str, event: EventId) -> (i64, i64) {
    let mut first = fields("e1", "Conserverie Méjean", "claire@meje.test");
    for (k, v) in first.iter_mut() {
        if *k == "city" {
            *v = "=HYPERLINK(\"http://evil.test\")";
        }
    }
    let a = register(app, slug, event, &first).await;
    let mut second = fields("e2", "Huilerie Atlas", "amine@atlas.test");
    for (k, v) in second.iter_mut() {
        match *k {
            "country" => *v = "MA",
            "p0_first_name" => *v = "Amine",
            "p0_last_name" => *v = "Benali",
            _ => {}
        }
    }
    let b = register(app, slug, event, &second).await;
    (a, b)
}

// REQ: BO-5, BO-7, RPT-2
#[tokio::test]
async fn the_filtered_list_exports_to_csv_and_xlsx() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-export").await;
    let (meje, _atlas) = two_companies(&app, "forum-export", event).await;
    let admin = principal(&app).await;
    admin
        .post_form(
            &format!("/admin/events/{event}/registrations/{meje}/validate"),
            &[],
        )
        .await;

    let list = admin
        .get(&format!(
            "/admin/events/{event}/registrations?status=validated"
        ))
        .await;
    assert!(list.contains("export.xlsx?status=validated"));
    let csv = admin
        .get(&format!("/admin/events/{event}/registrations/export.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(csv.body.starts_with('\u{feff}'), "BOM for Excel");
    let header = csv.body.lines().next().unwrap();
    assert!(header.contains("company_name;country;city") && header.contains(";email;phone"));
    assert!(
        csv.contains("Conserverie Méjean;FR;\"'=HYPERLINK"),
        "formula neutralised: {}",
        csv.body
    );
    assert!(csv.contains("Huilerie Atlas;MA") && csv.contains("claire@meje.test"));
    let searched = admin
        .get(&format!("/admin/events/{event}/registrations?q=huilerie"))
        .await;
    assert!(searched.contains("Huilerie Atlas") && !searched.contains(">Conserverie Méjean<"));
    assert!(searched.contains("export.csv?q=huilerie"));
    let only = admin
        .get(&format!(
            "/admin/events/{event}/registrations/export.csv?q=HUILERIE"
        ))
        .await;
    assert!(only.contains("Huilerie Atlas") && !only.contains("Conserverie"));

    let (status, headers, bytes) = admin
        .get_bytes(&format!(
            "/admin/events/{event}/registrations/export.xlsx?status=validated"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "header and the validated company's one person"
    );
    assert_eq!(rows[0][0], "company_name");
    assert!(rows[0].contains(&"email".to_string()));
    assert_eq!(rows[1][0], "Conserverie Méjean", "accents intact");
    assert_eq!(rows[1][8], "Claire");
    assert!(
        matches!(range.get((1, 2)), Some(calamine::Data::String(s)) if s.starts_with("=HYPERLINK"))
    );
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the workbook"
    );

    // Without the personal-data right: no contact columns.
    let exporter = app.create_user("export@cci.test", PASSWORD, false).await;
    app.grant(
        exporter,
        event,
        &[Permission::Exports, Permission::ValidateRegistrations],
    )
    .await;
    let staff = app.browser();
    staff.login("export@cci.test", PASSWORD).await;
    let csv = staff
        .get(&format!("/admin/events/{event}/registrations/export.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(!csv.body.lines().next().unwrap().contains("email"));
    assert!(!csv.contains("claire@meje.test") && !csv.contains("+33"));
    let (_, _, bytes) = staff
        .get_bytes(&format!("/admin/events/{event}/registrations/export.xlsx"))
        .await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(!header.contains(&"email".to_string()) && !header.contains(&"phone".to_string()));

    // Without the export right: refused.
    let validator = app.create_user("valid@cci.test", PASSWORD, false).await;
    app.grant(validator, event, &[Permission::ValidateRegistrations])
        .await;
    let other = app.browser();
    other.login("valid@cci.test", PASSWORD).await;
    assert_eq!(
        other
            .get(&format!("/admin/events/{event}/registrations/export.csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

const BAD_CSV: &str = "company_name;country;city;sector;first_name;last_name;email;offer_title\n\
Conserverie Méjean;FR;Sète;agrifood;Claire;Méjean;claire@meje.test;Sardines\n\
Conserverie Méjean;FR;Sète;agrifood;Paul;Roux;pas-une-adresse;\n\
Huilerie Atlas;ZZ;Meknès;agrifood;Amine;Benali;amine@atlas.test;Huile\n\
Textiles Nord;FR;Lille;mode;Lina;Haddad;lina@nord.test;Tissus\n\
Bois du Sud;FR;Dax;building;Marc;Lopez;claire@meje.test;Planches\n";

// REQ: BO-7
#[tokio::test]
async fn an_import_dry_run_reports_errors_by_line_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-import").await;
    let admin = principal(&app).await;
    let url = format!("/admin/events/{event}/registrations/import");
    let page = admin.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("company_name") && page.contains("offer_keywords"));
    let template = admin.get(&format!("{url}/template.csv")).await;
    assert!(
        template
            .body
            .starts_with("\u{feff}company_name;country;city;sector")
    );

    let report = admin
        .post_multipart(
            &url,
            &[("mode", "dry_run")],
            "file",
            "inscrits.csv",
            BAD_CSV.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.contains("a été enregistré)"), "{}", report.body);
    assert!(report.contains("ligne 3") && report.contains("Indiquez une adresse e-mail valide"));
    assert!(report.contains("ligne 4") && report.contains("Choisissez un pays"));
    assert!(report.contains("ligne 5"), "unknown sector");
    assert!(report.contains("ligne 6") && report.contains("plus haut dans le fichier"));
    assert_eq!(app.count("company", "1 = 1").await, 0, "nothing written");
    assert_eq!(app.count("participant", "1 = 1").await, 0);

    // Not a CSV nor a workbook: refused whole.
    let png = admin
        .post_multipart(
            &url,
            &[("mode", "dry_run")],
            "file",
            "photo.csv",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe],
        )
        .await;
    assert_eq!(png.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(png.contains("ni un CSV"));
    // A small workbook that would unpack to 80 MB is refused before it is read.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("xl/worksheets/sheet1.xml", options)
        .unwrap();
    std::io::Write::write_all(&mut bomb, &vec![b' '; 80 * 1024 * 1024]).unwrap();
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024);
    let refused = admin
        .post_multipart(&url, &[("mode", "dry_run")], "file", "bomb.xlsx", bomb)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Fichier trop volumineux"));
    let missing = admin
        .post_multipart(
            &url,
            &[("mode", "dry_run")],
            "file",
            "x.csv",
            b"company_name;city\nA;B\n".to_vec(),
        )
        .await;
    assert!(missing.contains("Colonne obligatoire absente : country"));
}

fn good_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        vec![
            "company_name",
            "country",
            "city",
            "sector",
            "first_name",
            "last_name",
            "email",
            "offer_title",
            "phone",
            "description_fr",
        ],
        vec![
            "Conserverie Méjean",
            "FR",
            "Sète",
            "agrifood",
            "Claire",
            "Méjean",
            "claire@meje.test",
            "Sardines",
            "0467000000",
            "Conserves",
        ],
        vec![
            "Conserverie Méjean",
            "FR",
            "Sète",
            "agrifood",
            "Paul",
            "Roux",
            "paul@meje.test",
            "",
            "",
            "",
        ],
        vec![
            "Huilerie Atlas",
            "MA",
            "Meknès",
            "agrifood",
            "Amine",
            "Benali",
            "amine@atlas.test",
            "Huile d'olive",
            "",
            "Huiles",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    sheet.write_string(4, 0, "").unwrap();
    book.save_to_buffer().unwrap()
}

// REQ: BO-7
#[tokio::test]
async fn an_import_of_a_good_file_creates_companies_and_people_once() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-import-ok").await;
    let admin = principal(&app).await;
    let url = format!("/admin/events/{event}/registrations/import");
    let file = good_xlsx();
    let dry = admin
        .post_multipart(
            &url,
            &[("mode", "dry_run")],
            "file",
            "inscrits.xlsx",
            file.clone(),
        )
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(
        dry.contains("Aucune erreur") && dry.contains("Entreprises sans erreur : 2"),
        "{}",
        dry.body
    );
    assert_eq!(app.count("company", "1 = 1").await, 0);
    let done = admin
        .post_multipart(
            &url,
            &[("mode", "import")],
            "file",
            "inscrits.xlsx",
            file.clone(),
        )
        .await;
    assert!(
        done.contains("Import terminé") && done.contains("Personnes : 3"),
        "{}",
        done.body
    );
    assert_eq!(
        app.count(
            "company",
            &format!("event_id = {event} AND status = 'pending'")
        )
        .await,
        2
    );
    assert_eq!(
        app.count("participant", &format!("event_id = {event}"))
            .await,
        3
    );
    assert_eq!(app.count("offer", &format!("event_id = {event}")).await, 2);
    assert!(app.count("audit_entry", "action = 'import'").await == 1);
    let again = admin
        .post_multipart(&url, &[("mode", "import")], "file", "inscrits.xlsx", file)
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        app.count("company", "1 = 1").await,
        2,
        "a replay creates nothing"
    );
    assert_eq!(app.count("participant", "1 = 1").await, 3);
    app.deliver_outbox().await;
    let links = app
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.data.contains("/password/reset/"))
        .count();
    assert_eq!(links, 3, "every imported person gets a password link");
}

// REQ: REG-10, BO-3
#[tokio::test]
async fn a_co_organizer_sees_and_edits_only_assigned_participants() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-coorg").await;
    let admin = principal(&app).await;
    let partner = app.create_user("ccifm@partner.test", PASSWORD, false).await;
    app.grant(
        partner,
        event,
        &[Permission::SeeAgendas, Permission::Exports],
    )
    .await;
    let rule = admin
        .post_form(
            &format!("/admin/events/{event}/team/rules"),
            &[
                ("coorganizer", &partner.to_string()),
                ("rule_kind", "country"),
                ("country", "MA"),
            ],
        )
        .await;
    assert_eq!(rule.status, StatusCode::SEE_OTHER);
    let (meje, atlas) = two_companies(&app, "forum-coorg", event).await;
    let coorg = app.browser();
    coorg.login("ccifm@partner.test", PASSWORD).await;
    let list = coorg
        .get(&format!("/admin/events/{event}/registrations"))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("Huilerie Atlas") && !list.contains("Conserverie Méjean"));
    assert!(
        !list.contains("/registrations/import"),
        "no import for co-organizers"
    );
    let base = format!("/admin/events/{event}/registrations");
    assert_eq!(
        coorg.get(&format!("{base}/{meje}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        coorg
            .post_form(&format!("{base}/{meje}/validate"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        coorg
            .post_form(
                &format!("{base}/{meje}/offers"),
                &[("kind", "offer"), ("title", "Intrus")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let detail = coorg.get(&format!("{base}/{atlas}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(
        !detail.contains("amine@atlas.test"),
        "no personal-data right"
    );
    let offer = offer_id(&app, event, atlas, "Conserves de sardines").await;
    let edited = coorg
        .post_form(
            &format!("{base}/{atlas}/offers/{offer}"),
            &[("kind", "offer"), ("title", "Huile d'argan")],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let amine = store::registration::people(&app.db, event, atlas)
        .await
        .unwrap()[0]
        .clone();
    let person = coorg
        .post_form(
            &format!("{base}/{atlas}/people/{}", amine.id),
            &[
                ("first_name", "Amine"),
                ("last_name", "Benali"),
                ("job_title", "Gérant"),
            ],
        )
        .await;
    assert_eq!(person.status, StatusCode::SEE_OTHER, "{}", person.body);
    assert_eq!(
        app.count("app_user", "email = 'amine@atlas.test'").await,
        1,
        "the hidden email is kept"
    );
    assert_eq!(
        coorg
            .post_form(&format!("{base}/{atlas}/validate"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count("company", &format!("id = {atlas} AND status = 'validated'"))
            .await,
        1
    );
    let csv = coorg.get(&format!("{base}/export.csv")).await;
    assert!(csv.contains("Huilerie Atlas") && !csv.contains("Conserverie"));
    assert_eq!(
        coorg.get(&format!("{base}/import")).await.status,
        StatusCode::FORBIDDEN
    );
    // Registering on behalf assigns the new company to the co-organizer.
    let done = coorg
        .post_form(
            &format!("{base}/new"),
            &[
                ("idempotency_key", "c1"),
                ("company_name", "Dattes du Sud"),
                ("country", "FR"),
                ("city", "Nice"),
                ("sector", "agrifood"),
                ("description_fr", "Dattes."),
                ("p0_first_name", "Sami"),
                ("p0_last_name", "Alaoui"),
                ("p0_email", "sami@dattes.test"),
                ("o0_kind", "offer"),
                ("o0_title", "Dattes"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count("participant", &format!("coorganizer_user_id = {partner}"))
            .await,
        2
    );
}

// REQ: BO-5, BO-1
#[tokio::test]
async fn another_events_admin_gets_404_on_every_registration_route() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-a").await;
    let other = app.create_event("forum-b").await;
    let company = register(
        &app,
        "forum-a",
        event,
        &fields("i1", "Conserverie Méjean", "claire@meje.test"),
    )
    .await;
    let intruder = app.create_user("b@cci.test", PASSWORD, false).await;
    app.grant(intruder, other, &Permission::ALL).await;
    let b = app.browser();
    b.login("b@cci.test", PASSWORD).await;
    let offer = offer_id(&app, event, company, "Conserves de sardines").await;
    for path in [
        format!("/admin/events/{event}/registrations/{company}"),
        format!("/admin/events/{event}/registrations/export.csv"),
        format!("/admin/events/{event}/registrations/import"),
        format!("/admin/events/{event}/registrations/new"),
        format!("/admin/events/{other}/registrations/{company}"),
    ] {
        assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/admin/events/{other}/registrations/{company}/company"),
        format!("/admin/events/{other}/registrations/{company}/offers/{offer}/refuse"),
        format!("/admin/events/{event}/registrations/{company}/offers/{offer}/refuse"),
    ] {
        assert_eq!(
            b.post_form(&path, &[("company_name", "Volé")]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        app.count("offer", &format!("id = {offer} AND status = 'pending'"))
            .await,
        1
    );
    assert_eq!(app.count("company", "name = 'Volé'").await, 0);
}
