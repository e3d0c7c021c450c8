//! Files attached to offers and requests: typed by content, kept across a refused form,
//! downloadable only where the company may be seen, physically deleted with their offer or
//! their company (REG-2, PRV-2, PUB-5, REG-8, NFR-7).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use testkit::{Browser, TestApp};

const CLAIRE: &str = "claire@conserverie.test";
const PASSWORD: &str = "sardines et anchois de Sète";

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj << /Title ({text}) >> endobj\n%%EOF\n").into_bytes()
}

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    bytes
}

fn fields<'a>(key: &'a str, consent: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("company_name", "Conserverie du Port"),
        ("country", "FR"),
        ("city", "Sète"),
        ("sector", "agrifood"),
        ("description_fr", "Conserverie familiale."),
        ("p0_first_name", "Claire"),
        ("p0_last_name", "Méjean"),
        ("p0_email", CLAIRE),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("o0_kind", "offer"),
        ("o0_title", "Conserves de sardines"),
        ("o1_kind", "request"),
        ("o1_title", "Distributeur au Maroc"),
        ("consent", consent),
    ]
}

async fn scalar_i64(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// Every file under the data folder's `files`, with its bytes.
fn stored_files(app: &TestApp) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let root = app.settings.data_dir.join("files");
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
            }
        }
    }
    found
}

/// The value of the first hidden `name` input of a page.
fn hidden_values(body: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    body.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &body[at + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

async fn validate(app: &TestApp, event: domain::EventId, company: i64) {
    services::registration::decide(
        &app.db,
        &app.settings,
        &services::audit::Actor::system("test"),
        event,
        company,
        None,
    )
    .await
    .unwrap();
}

async fn logged_in(app: &TestApp, email: &str, password: &str) -> Browser {
    app.logged_in(email, password).await
}

// REQ: REG-2, PUB-5
#[tokio::test]
async fn a_company_registers_with_a_pdf_and_a_png_that_the_catalogue_serves_typed() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-pj").await;
    let other = app.create_event("forum-pj-autre").await;
    let visitor = app.browser();
    let form = visitor.get("/forum-pj/register").await;
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(form.contains("name=\"o0_files\""));
    assert!(form.contains("10 Mo au plus par fichier"), "limits shown");
    let brochure = pdf("Brochure sardines");
    let done = visitor
        .post_multipart_files(
            "/forum-pj/register",
            &fields("k-pj", "on"),
            &[
                ("o0_files", "Brochure été 2027.pdf", brochure.clone()),
                ("o0_files", "../../photo.png", png()),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count("offer_attachment", &format!("event_id = {event}"))
            .await,
        2
    );
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0, "all claimed");
    assert_eq!(
        app.count("offer_attachment", "original_name = 'photo.png'")
            .await,
        1,
        "no path kept from the sent name"
    );
    let company = scalar_i64(&app, "SELECT id FROM company").await;
    let pdf_id = scalar_i64(
        &app,
        "SELECT id FROM offer_attachment WHERE content_type = 'application/pdf'",
    )
    .await;
    let png_id = scalar_i64(
        &app,
        "SELECT id FROM offer_attachment WHERE content_type = 'image/png'",
    )
    .await;

    // Pending: the visitor gets nothing, the company's own person and the team do.
    let (status, _, _) = visitor
        .get_bytes(&format!("/forum-pj/attachments/{pdf_id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "company not validated yet");
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let (status, _, bytes) = claire
        .get_bytes(&format!("/forum-pj/attachments/{pdf_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, brochure);
    app.create_user("principal@cci.test", "cheval agrafe pile rouge", true)
        .await;
    let admin = logged_in(&app, "principal@cci.test", "cheval agrafe pile rouge").await;
    let (status, _, _) = admin
        .get_bytes(&format!("/forum-pj/attachments/{png_id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "the team sees pending files");

    validate(&app, event, company).await;
    let page = visitor
        .get(&format!("/forum-pj/participants/{company}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/forum-pj/attachments/{pdf_id}\"")));
    assert!(page.contains("Brochure été 2027.pdf"));
    let (status, headers, bytes) = visitor
        .get_bytes(&format!("/forum-pj/attachments/{pdf_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, brochure);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Brochure _t_ 2027.pdf\""),
        "{disposition}"
    );
    assert!(disposition.contains("filename*=UTF-8''Brochure%20%C3%A9t%C3%A9%202027%2Epdf"));
    let (status, headers, bytes) = visitor
        .get_bytes(&format!("/forum-pj/attachments/{png_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, png());
    assert_eq!(headers["content-type"], "image/png");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );

    // Another event's path, or an unknown id, reveals nothing.
    let (status, _, _) = visitor
        .get_bytes(&format!("/forum-pj-autre/attachments/{pdf_id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = admin
        .get_bytes(&format!("/forum-pj-autre/attachments/{pdf_id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "even for the team");
    let (status, _, _) = visitor
        .get_bytes(&format!("/forum-pj/attachments/{}", pdf_id + 100))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = other;
}

// REQ: REG-2, NFR-7
#[tokio::test]
async fn an_error_elsewhere_keeps_the_uploaded_files_and_success_attaches_them() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-pj-erreur").await;
    let visitor = app.browser();
    let refused = visitor
        .post_multipart_files(
            "/forum-pj-erreur/register",
            &fields("k-err", ""),
            &[
                ("o0_files", "catalogue.pdf", pdf("Catalogue")),
                ("o1_files", "erreur.png", png()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Conserverie du Port"), "typed text kept");
    assert!(
        refused.contains("catalogue.pdf"),
        "the file is listed again"
    );
    assert!(refused.contains("Fichiers déjà reçus"));
    let kept = hidden_values(&refused.body, "o0_upload");
    assert_eq!(kept.len(), 1, "{}", refused.body);
    let second = hidden_values(&refused.body, "o1_upload");
    assert_eq!(second.len(), 1);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 2);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 0);
    assert_eq!(
        app.count("company", "1 = 1").await,
        0,
        "nothing half-written"
    );
    assert_eq!(stored_files(&app).len(), 2);

    // Sent again without the files: the kept one is attached, the removed one deleted.
    let mut again = fields("k-err", "on");
    again.push(("o0_upload", &kept[0]));
    again.push(("o1_upload", &second[0]));
    again.push(("o1_upload_remove", &second[0]));
    let done = visitor
        .post_multipart_files("/forum-pj-erreur/register", &again, &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count(
            "offer_attachment",
            &format!("event_id = {event} AND original_name = 'catalogue.pdf'")
        )
        .await,
        1
    );
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 1);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);
    let files = stored_files(&app);
    assert_eq!(files.len(), 1, "sent once, the removed one is gone");
    assert_eq!(files[0].1, pdf("Catalogue"));
}

// REQ: REG-2, NFR-7
#[tokio::test]
async fn upload_attacks_are_refused_with_a_translated_message() {
    let app = TestApp::spawn().await;
    app.create_event("forum-pj-attaque").await;
    let visitor = app.browser();
    let mut oversize = pdf("gros");
    oversize.resize(app.settings.max_attachment_bytes + 1, b' ');
    let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>".to_vec();
    let attacks: Vec<(&str, Vec<u8>, &str)> = vec![
        ("gros.pdf", oversize, "Fichier trop volumineux"),
        (
            "facture.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec(),
            "Type de fichier refusé",
        ),
        (
            "devis.pdf",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec(),
            "Type de fichier refusé",
        ),
        ("logo.svg", svg.clone(), "Type de fichier refusé"),
        ("logo.png", svg, "Type de fichier refusé"),
        ("vide.pdf", Vec::new(), "Le fichier envoyé est vide"),
    ];
    for (name, bytes, message) in attacks {
        let page = visitor
            .post_multipart_files(
                "/forum-pj-attaque/register",
                &fields(name, "on"),
                &[("o0_files", name, bytes)],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(page.contains(message), "{name}: {message}");
        assert!(
            page.contains("aria-describedby=\"o0_files-hint o0_files-error\""),
            "{name}: the error is tied to the input"
        );
        assert_eq!(app.count("company", "1 = 1").await, 0, "{name}");
    }
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);
    assert!(stored_files(&app).is_empty(), "nothing refused is stored");

    // Too many files for one offer.
    let many: Vec<(&str, &str, Vec<u8>)> = (0..=app.settings.max_attachments_per_offer)
        .map(|_| ("o0_files", "page.pdf", pdf("page")))
        .collect();
    let page = visitor
        .post_multipart_files("/forum-pj-attaque/register", &fields("k-many", "on"), &many)
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Trop de fichiers pour cette offre"));
    assert_eq!(
        app.count("pending_upload", "1 = 1").await,
        app.settings.max_attachments_per_offer as i64,
        "files past the limit are not even stored"
    );

    // In English too.
    visitor.get("/lang/en?next=/").await;
    let page = visitor
        .post_multipart_files(
            "/forum-pj-attaque/register",
            &fields("k-en", "on"),
            &[("o0_files", "x.pdf", b"<svg onload=alert(1)>".to_vec())],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("File type refused"));
}

// REQ: PRV-2, REG-2, BO-10
#[tokio::test]
async fn the_editor_adds_and_removes_files_of_an_offer_in_the_private_area() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-pj-prive").await;
    let done = app
        .browser()
        .post_form("/forum-pj-prive/register", &fields("k-prive", "on"))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let offer = scalar_i64(
        &app,
        "SELECT id FROM offer WHERE title = 'Conserves de sardines'",
    )
    .await;
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let page = claire.get(&format!("/me/events/{event}/company")).await;
    assert!(page.contains(&format!(
        "action=\"/me/events/{event}/offers/{offer}/attachments?csrf="
    )));
    let added = claire
        .post_multipart_files(
            &format!("/me/events/{event}/offers/{offer}/attachments"),
            &[],
            &[("files", "fiche technique.pdf", pdf("Fiche"))],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = claire.get(&format!("/me/events/{event}/company")).await;
    assert!(page.contains("fiche technique.pdf"));
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'offer_attachment' AND action = 'create'"
        )
        .await,
        1
    );

    // A disguised script is refused on the same page, under that offer's input.
    let refused = claire
        .post_multipart_files(
            &format!("/me/events/{event}/offers/{offer}/attachments"),
            &[],
            &[(
                "files",
                "photo.jpg",
                b"<svg><script>x</script></svg>".to_vec(),
            )],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains(&format!("id=\"files-{offer}-error\"")));
    assert!(refused.contains("Type de fichier refusé"));
    // Over the number allowed: nothing of the batch is kept.
    let batch: Vec<(&str, &str, Vec<u8>)> = (0..app.settings.max_attachments_per_offer)
        .map(|_| ("files", "plan.pdf", pdf("Plan")))
        .collect();
    let refused = claire
        .post_multipart_files(
            &format!("/me/events/{event}/offers/{offer}/attachments"),
            &[],
            &batch,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Trop de fichiers"));
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 1);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);
    assert_eq!(stored_files(&app).len(), 1);

    // Someone of another company cannot touch it.
    app.create_user("zoe@huilerie.test", "olivier centenaire de Zarzis", false)
        .await;
    let zoe_id = scalar_i64(
        &app,
        "SELECT id FROM app_user WHERE email = 'zoe@huilerie.test'",
    )
    .await;
    app.register_participant(domain::UserId(zoe_id), event)
        .await;
    let zoe = logged_in(&app, "zoe@huilerie.test", "olivier centenaire de Zarzis").await;
    let attachment = scalar_i64(&app, "SELECT id FROM offer_attachment").await;
    let denied = zoe
        .post_form(
            &format!("/me/events/{event}/attachments/{attachment}/delete"),
            &[],
        )
        .await;
    assert!(denied.status.is_client_error(), "{}", denied.status);
    let denied = zoe
        .post_multipart_files(
            &format!("/me/events/{event}/offers/{offer}/attachments"),
            &[],
            &[("files", "intrus.pdf", pdf("Intrus"))],
        )
        .await;
    assert!(denied.status.is_client_error(), "{}", denied.status);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 1);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);

    // Removing the file deletes its bytes; deleting an offer takes its files along.
    let removed = claire
        .post_form(
            &format!("/me/events/{event}/attachments/{attachment}/delete"),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 0);
    assert!(stored_files(&app).is_empty());
    assert_eq!(
        app.count(
            "audit_entry",
            "entity = 'offer_attachment' AND action = 'delete'"
        )
        .await,
        1
    );
    claire
        .post_multipart_files(
            &format!("/me/events/{event}/offers/{offer}/attachments"),
            &[],
            &[("files", "video.mp4", {
                let mut mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
                mp4.extend_from_slice(&[0; 64]);
                mp4
            })],
        )
        .await;
    assert_eq!(
        app.count("offer_attachment", "content_type = 'video/mp4'")
            .await,
        1
    );
    let deleted = claire
        .post_form(&format!("/me/events/{event}/offers/{offer}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 0);
    assert!(
        stored_files(&app).is_empty(),
        "the video went with its offer"
    );
}

// REQ: REG-8
#[tokio::test]
async fn erasing_the_last_person_of_a_company_deletes_its_files_from_disk() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-pj-oubli").await;
    let done = app
        .browser()
        .post_multipart_files(
            "/forum-pj-oubli/register",
            &fields("k-oubli", "on"),
            &[("o0_files", "cv-claire-mejean.pdf", pdf("Claire Méjean"))],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(stored_files(&app).len(), 1);
    let claire = logged_in(&app, CLAIRE, PASSWORD).await;
    let erased = claire
        .post_form(&format!("/me/events/{event}/erase"), &[("confirm", "on")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(app.count("company", "1 = 1").await, 0);
    assert_eq!(app.count("offer_attachment", "1 = 1").await, 0);
    assert_eq!(app.count("file_trash", "1 = 1").await, 0);
    assert!(stored_files(&app).is_empty(), "the bytes are gone too");
}

// REQ: REG-2
#[tokio::test]
async fn abandoned_uploads_are_purged_by_housekeeping_after_a_day() {
    let app = TestApp::spawn().await;
    app.create_event("forum-pj-abandon").await;
    let refused = app
        .browser()
        .post_multipart_files(
            "/forum-pj-abandon/register",
            &fields("k-abandon", ""),
            &[("o0_files", "oubli.pdf", pdf("Oubli"))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 1);
    let files = services::files::FileStore::in_data_dir(&app.settings.data_dir);
    let soon = chrono::Utc::now() + chrono::Duration::hours(23);
    let report = services::maintenance::purge_files(&app.db, &files, soon)
        .await
        .unwrap();
    assert_eq!(report.abandoned_uploads, 0, "kept for a day");
    assert_eq!(stored_files(&app).len(), 1);
    let later = chrono::Utc::now() + chrono::Duration::hours(25);
    let report = services::maintenance::purge_files(&app.db, &files, later)
        .await
        .unwrap();
    assert_eq!(report.abandoned_uploads, 1);
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);
    assert!(stored_files(&app).is_empty());
}

// REQ: REG-1, REG-2
#[tokio::test]
async fn files_sent_after_the_deadline_are_not_stored() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-pj-clos").await;
    let row = store::events::find(&app.db, event).await.unwrap().unwrap();
    store::events::update(
        &app.db,
        store::events::EventRow {
            registration_closes_at: Some(chrono::Utc::now() - chrono::Duration::hours(1)),
            ..row
        },
    )
    .await
    .unwrap();
    let late = app
        .browser()
        .post_multipart_files(
            "/forum-pj-clos/register",
            &fields("k-clos", "on"),
            &[("o0_files", "tard.pdf", pdf("Tard"))],
        )
        .await;
    assert!(late.contains("Les inscriptions ne sont pas ouvertes"));
    assert_eq!(app.count("pending_upload", "1 = 1").await, 0);
    assert!(stored_files(&app).is_empty());
}
