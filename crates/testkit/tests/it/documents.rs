//! The back office's printed documents (CHK-5): every kind is queued through the Documents
//! page as an organizer, run by the job runner, followed through its JSON, downloaded and read
//! back as text: attendance sheets (header on every page), convocations (agenda line in the
//! event's time zone), table tents (name on both halves), certificates (checked-in people
//! only), personal agendas (FR and EN, re-issued after changes), table schedules; plus the
//! access rules and the printed texts form.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use documents::inspect::{pdf_pages_text, pdf_text};
use domain::{EventId, Permission};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use services::files::FileStore;
use store::entities::{checkin, doc_job};
use testkit::meetings::{MeetingWorld, PASSWORD};
use testkit::{Browser, TestApp};

const ADMIN: &str = "orga@documents.test";

/// `count` more validated participants (no login), "Invité{n} Liste" of "Maison {n}".
async fn extra_people(app: &TestApp, event: EventId, count: usize) {
    let now = Utc::now();
    for n in 0..count {
        let email = format!("guest{n}@documents.test");
        let user = store::users::insert(
            &app.db,
            store::users::NewUser {
                email_key: &email,
                email: &email,
                display_name: "guest",
                password_hash: None,
                locale: "fr",
                is_principal_admin: false,
            },
            now,
        )
        .await
        .unwrap();
        let company = store::entities::company::ActiveModel {
            event_id: Set(event.0),
            name: Set(format!("Maison {n:02}")),
            country: Set("MA".into()),
            city: Set("Rabat".into()),
            website: Set(String::new()),
            sector: Set(String::new()),
            description_fr: Set(String::new()),
            description_en: Set(String::new()),
            status: Set("validated".into()),
            address: Set(String::new()),
            vat_country: Set(String::new()),
            vat_number: Set(String::new()),
            refusal_reason: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        store::events::insert_participant(
            &app.db,
            store::events::ParticipantRow {
                id: 0,
                event_id: event.0,
                user_id: user.id,
                company_id: Some(company.id),
                kind: "participant".into(),
                status: "validated".into(),
                job_title_fr: String::new(),
                job_title_en: String::new(),
                created_at: now,
                first_name: format!("Invité{n:02}"),
                last_name: "Liste".into(),
                phone: String::new(),
                is_company_editor: true,
                coorganizer_user_id: None,
            },
        )
        .await
        .unwrap();
    }
}

/// The fixture world with a logged-in principal organizer.
async fn setup(slug: &str, companies: usize) -> (TestApp, MeetingWorld, Browser) {
    let app = TestApp::spawn().await;
    let world = MeetingWorld::build(&app, slug, companies, 2).await;
    app.create_user(ADMIN, PASSWORD, true).await;
    let browser = app.browser();
    browser.login(ADMIN, PASSWORD).await;
    (app, world, browser)
}

/// Queues a job through the page's form, runs the job runner, checks the JSON says done with
/// progress at its total, and returns the downloaded PDF.
async fn generate(
    app: &TestApp,
    browser: &Browser,
    event: EventId,
    fields: &[(&str, &str)],
) -> Vec<u8> {
    let id = event.0;
    let page = browser
        .post_form(&format!("/admin/events/{id}/documents/jobs"), fields)
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let job = doc_job::Entity::find()
        .filter(doc_job::Column::EventId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|j| j.id)
        .unwrap();
    let queued = browser
        .get(&format!(
            "/admin/events/{id}/documents/jobs/{}.json",
            job.id
        ))
        .await;
    assert_eq!(queued.status, StatusCode::OK);
    let queued: serde_json::Value = serde_json::from_str(&queued.body).unwrap();
    assert_eq!(queued["status"], "queued");
    let files = FileStore::in_data_dir(&app.settings.data_dir);
    let ran = services::event_day::jobs::run_due(&app.db, &files, Utc::now())
        .await
        .unwrap();
    assert_eq!(ran, 1);
    let json = browser
        .get(&format!(
            "/admin/events/{id}/documents/jobs/{}.json",
            job.id
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(json["status"], "done", "{json}");
    let (done, total) = (
        json["done"].as_i64().unwrap(),
        json["total"].as_i64().unwrap(),
    );
    assert!(total > 0, "progress was reported: {json}");
    assert_eq!(done, total);
    let link = json["download"].as_str().unwrap().to_string();
    assert_eq!(
        link,
        format!("/admin/events/{id}/documents/jobs/{}/file", job.id)
    );
    // The page lists the job as ready with its download link.
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(page.contains(&format!("href=\"{link}\"")), "{}", page.body);
    let (status, headers, bytes) = browser.get_bytes(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(bytes.starts_with(b"%PDF"));
    bytes
}

/// PDF text with typst's typographic apostrophe and extraction's spacing made plain.
fn text(pdf: &[u8]) -> String {
    pdf_text(pdf).unwrap().replace('’', "'")
}

fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

// REQ: CHK-5
#[tokio::test]
async fn attendance_sheets_list_names_and_companies_with_the_signature_header_on_every_page() {
    let (app, world, browser) = setup("docs-sheets", 3).await;
    extra_people(&app, world.event, 30).await;
    let session = world.sessions[0].to_string();
    let page = browser
        .get(&format!("/admin/events/{}/documents", world.event.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Feuilles d&#39;émargement"), "{}", page.body);
    assert!(page.contains("lot 7"), "animations come with issue 7");
    assert!(page.contains("Matinée 1"));
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[
            ("kind", "attendance_sheets"),
            ("locale", "fr"),
            ("session", &session),
        ],
    )
    .await;
    let pages = pdf_pages_text(&pdf).unwrap();
    assert!(pages.len() >= 2, "33 rows need two pages: {}", pages.len());
    for page in &pages[..2] {
        assert!(page.contains("Signature"), "header repeated: {page}");
    }
    let all = pages.join("\n");
    assert!(all.contains("Matinée 1"), "{all}");
    assert!(all.contains("Prénom0 Nom0"), "{all}");
    assert!(all.contains("Société 0 Énergie"));
    assert!(all.contains("Invité29 Liste"));
    assert!(all.contains("Maison 29"));
    assert!(all.contains("mercredi 10 mars 2027"), "{all}");
    assert!(!all.contains("Matinée 2"), "one session only");
    // English, every session: one sheet each.
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[
            ("kind", "attendance_sheets"),
            ("locale", "en"),
            ("session", ""),
        ],
    )
    .await;
    let all = text(&pdf);
    assert!(
        all.contains("Morning 1") && all.contains("Morning 2"),
        "{all}"
    );
    assert!(all.contains("Wednesday 10 March 2027"), "{all}");
}

// REQ: CHK-5
#[tokio::test]
async fn convocation_carries_the_letter_programme_and_agenda_in_the_event_time_zone() {
    let (app, world, browser) = setup("docs-convocations", 3).await;
    world.meeting(&app, 0, 1, world.slots[0][0]).await;
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[("kind", "convocations"), ("locale", "fr")],
    )
    .await;
    let all = text(&pdf);
    // The default letter, the programme and p0's meeting with p1 at 09:00 Paris time (08:00
    // UTC in March).
    assert!(all.contains("Nous avons le plaisir"), "{all}");
    assert!(all.contains("Matinée 2"), "programme: {all}");
    assert!(all.contains("Prénom1 Nom1"), "{all}");
    assert!(all.contains("09:00"), "{all}");
    assert!(!all.contains("08:00"), "times in the event's zone: {all}");
    // A custom letter from the texts form replaces the default one.
    let id = world.event.0;
    let saved = browser
        .post_form(
            &format!("/admin/events/{id}/documents/texts"),
            &[
                ("letter_fr", "Chère Madame, cher Monsieur,\n\nVenez tôt."),
                ("letter_en", "Dear guest,\n\nCome early."),
                ("signatory", "Marie Curie, présidente"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "audit_entry",
            &format!("entity = 'document_texts' AND event_id = {id}")
        )
        .await,
        1
    );
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[("kind", "convocations"), ("locale", "en")],
    )
    .await;
    let all = text(&pdf);
    assert!(all.contains("Come early."), "{all}");
    assert!(!all.contains("Venez"));
    assert!(all.contains("Prénom0 Nom0"));
}

// REQ: CHK-5
#[tokio::test]
async fn table_tents_print_the_name_on_both_halves() {
    let (app, world, browser) = setup("docs-tents", 2).await;
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[("kind", "table_tents"), ("locale", "fr")],
    )
    .await;
    let pages = pdf_pages_text(&pdf).unwrap();
    assert_eq!(pages.len(), 2, "one folded page per participant");
    let first = pages.iter().find(|p| p.contains("Prénom0 Nom0")).unwrap();
    assert_eq!(occurrences(first, "Prénom0 Nom0"), 2, "{first}");
    assert!(first.contains("Société 0 Énergie"));
}

// REQ: CHK-5
#[tokio::test]
async fn certificates_only_for_checked_in_participants() {
    let (app, world, browser) = setup("docs-certificates", 3).await;
    checkin::ActiveModel {
        event_id: Set(world.event.0),
        participant_id: Set(world.people[1].participant_id),
        checked_at: Set(Utc::now()),
        station: Set("Accueil 1".into()),
        method: Set("list".into()),
        by_user_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let id = world.event.0;
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(
        page.contains("enregistrés à l&#39;accueil : 1 sur 3"),
        "{}",
        page.body
    );
    browser
        .post_form(
            &format!("/admin/events/{id}/documents/texts"),
            &[
                ("letter_fr", ""),
                ("letter_en", ""),
                ("signatory", "Marie Curie, présidente"),
            ],
        )
        .await;
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[("kind", "certificates"), ("locale", "fr")],
    )
    .await;
    let all = text(&pdf);
    assert!(all.contains("Prénom1 Nom1"), "{all}");
    assert!(!all.contains("Prénom0 Nom0"), "not checked in: {all}");
    assert!(!all.contains("Prénom2 Nom2"));
    assert!(all.contains("Marie Curie"), "{all}");
}

// REQ: CHK-5
#[tokio::test]
async fn personal_agendas_in_english_and_french_and_reissued_after_changes() {
    let (app, world, browser) = setup("docs-agendas", 3).await;
    world.meeting(&app, 0, 1, world.slots[0][1]).await;
    let id = world.event.0;
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(
        page.contains("depuis leur dernière impression : 2 (dont jamais imprimés : 2)"),
        "{}",
        page.body
    );

    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[
            ("kind", "personal_agendas"),
            ("locale", "en"),
            ("scope", "all"),
        ],
    )
    .await;
    let all = text(&pdf);
    assert!(all.contains("Wednesday 10 March 2027"), "{all}");
    assert!(all.contains("09:20"), "second slot, Paris time: {all}");
    assert!(all.contains("Prénom1 Nom1") && all.contains("Prénom0 Nom0"));
    assert!(all.contains("Prénom2 Nom2"), "everyone's agenda");
    // Every agenda was just issued: nothing changed since.
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(
        page.contains(": 0 (dont jamais imprimés : 0)"),
        "{}",
        page.body
    );

    // A new meeting between p1 and p2 changes their two agendas, not p0's.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    world.meeting(&app, 2, 1, world.slots[1][0]).await;
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(
        page.contains(": 2 (dont jamais imprimés : 0)"),
        "{}",
        page.body
    );
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[
            ("kind", "personal_agendas"),
            ("locale", "fr"),
            ("scope", "changed"),
        ],
    )
    .await;
    let all = text(&pdf);
    assert!(all.contains("jeudi 11 mars 2027"), "{all}");
    assert!(all.contains("Prénom2 Nom2"));
    assert!(all.contains("Prénom1 Nom1"));
    let pages = pdf_pages_text(&pdf).unwrap();
    assert!(
        !pages
            .iter()
            .any(|p| p.contains("Prénom0 Nom0") && !p.contains("Prénom1 Nom1")),
        "p0's agenda did not change and is not re-issued"
    );
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(
        page.contains(": 0 (dont jamais imprimés : 0)"),
        "{}",
        page.body
    );
}

// REQ: CHK-5
#[tokio::test]
async fn table_schedule_lists_both_sides_of_each_meeting_at_that_table() {
    let (app, world, browser) = setup("docs-tables", 4).await;
    world.meeting(&app, 0, 1, world.slots[0][0]).await;
    world.meeting(&app, 2, 3, world.slots[0][0]).await;
    let table: String = store::documents::placed_meetings(&app.db, world.event.0)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.requester_id == world.people[0].participant_id)
        .unwrap()
        .place;
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[
            ("kind", "table_schedules"),
            ("locale", "fr"),
            ("table", &table),
        ],
    )
    .await;
    let all = text(&pdf);
    assert!(all.contains("Prénom0 Nom0"), "{all}");
    assert!(all.contains("Prénom1 Nom1"), "{all}");
    assert!(
        all.contains("09:00–09:20") || all.contains("09:00"),
        "{all}"
    );
    assert!(
        !all.contains("Prénom2 Nom2"),
        "the other table is not printed: {all}"
    );
}

// REQ: CHK-5
#[tokio::test]
async fn jobs_of_another_event_and_people_without_check_in_rights_get_nothing() {
    let (app, world, browser) = setup("docs-access", 2).await;
    let other = MeetingWorld::build(&app, "docs-access-other", 1, 1).await;
    let pdf = generate(
        &app,
        &browser,
        other.event,
        &[("kind", "table_tents"), ("locale", "fr")],
    )
    .await;
    assert!(!pdf.is_empty());
    let job = doc_job::Entity::find()
        .filter(doc_job::Column::EventId.eq(other.event.0))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let id = world.event.0;
    // The other event's job through this event's URLs: 404.
    let json = browser
        .get(&format!(
            "/admin/events/{id}/documents/jobs/{}.json",
            job.id
        ))
        .await;
    assert_eq!(json.status, StatusCode::NOT_FOUND);
    let (status, _, body) = browser
        .get_bytes(&format!(
            "/admin/events/{id}/documents/jobs/{}/file",
            job.id
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.starts_with(b"%PDF"));

    // A team member who may manage meetings but not run the event day.
    let helper = "helper@documents.test";
    let user = app.create_user(helper, PASSWORD, false).await;
    app.grant(user, world.event, &[Permission::ManageMeetings])
        .await;
    let helper = app.browser();
    helper.login("helper@documents.test", PASSWORD).await;
    for path in [
        format!("/admin/events/{id}/documents"),
        format!(
            "/admin/events/{}/documents/jobs/{}.json",
            other.event.0, job.id
        ),
        format!(
            "/admin/events/{}/documents/jobs/{}/file",
            other.event.0, job.id
        ),
    ] {
        let page = helper.get(&path).await;
        assert!(
            page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND,
            "{path}: {}",
            page.status
        );
        assert!(!page.body.contains("%PDF"));
    }
    let before = app.count("doc_job", "1 = 1").await;
    let refused = helper
        .post_form(
            &format!("/admin/events/{id}/documents/jobs"),
            &[("kind", "table_tents"), ("locale", "fr")],
        )
        .await;
    assert!(
        refused.status == StatusCode::FORBIDDEN || refused.status == StatusCode::NOT_FOUND,
        "{}",
        refused.status
    );
    assert_eq!(
        app.count("doc_job", "1 = 1").await,
        before,
        "nothing queued"
    );
}

// REQ: CHK-5
#[tokio::test]
async fn bad_texts_are_refused_with_the_form_filled_in_and_nothing_saved() {
    let (app, world, browser) = setup("docs-texts", 1).await;
    let id = world.event.0;
    let long = "x".repeat(201);
    let page = browser
        .post_form(
            &format!("/admin/events/{id}/documents/texts"),
            &[
                ("letter_fr", "Lettre gardée à l'écran"),
                ("letter_en", ""),
                ("signatory", &long),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Le signataire est trop long"),
        "{}",
        page.body
    );
    assert!(
        page.contains("Lettre gardée à l"),
        "form re-shown filled in"
    );
    let settings = services::event_day::load(&app.db, world.event)
        .await
        .unwrap();
    assert!(settings.convocation_letter_fr.is_empty(), "nothing saved");
    assert_eq!(
        app.count("audit_entry", "entity = 'document_texts'").await,
        0
    );
    // An unknown kind is refused without queuing anything.
    let page = browser
        .post_form(
            &format!("/admin/events/{id}/documents/jobs"),
            &[("kind", "posters"), ("locale", "fr")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("doc_job", "1 = 1").await, 0);
    // Failed jobs show their reason: certificates with nobody checked in.
    browser
        .post_form(
            &format!("/admin/events/{id}/documents/jobs"),
            &[("kind", "certificates"), ("locale", "en")],
        )
        .await;
    let files = FileStore::in_data_dir(&app.settings.data_dir);
    services::event_day::jobs::run_due(&app.db, &files, Utc::now() + Duration::seconds(1))
        .await
        .unwrap();
    let page = browser.get(&format!("/admin/events/{id}/documents")).await;
    assert!(page.contains("Échec"), "{}", page.body);
    assert!(
        page.contains("Nothing to print"),
        "reason in the job's language: {}",
        page.body
    );
}

// REQ: CHK-5
#[tokio::test]
async fn bulk_badges_run_as_a_job_with_progress_and_a_download() {
    let (app, world, browser) = setup("docs-badges", 3).await;
    let pdf = generate(
        &app,
        &browser,
        world.event,
        &[("kind", "badges"), ("locale", "fr")],
    )
    .await;
    let all = text(&pdf);
    for n in 0..3 {
        assert!(all.contains(&format!("Prénom{n}")), "{all}");
        assert!(all.contains(&format!("Nom{n}")), "{all}");
    }
}
