//! The configurable registration form (REG-3, EXP-2), the event's lists with CSV import
//! (BO-9), and what the catalogue shows of them (BO-3, PUB-5, PUB-6).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{EventId, Permission};
use reqwest::StatusCode;
use testkit::{Browser, TestApp};

const ADMIN: &str = "admin@cci.test";
const ADMIN_PASSWORD: &str = "cheval agrafe pile rouge";

async fn admin(app: &TestApp) -> Browser {
    app.principal_admin(ADMIN, ADMIN_PASSWORD).await
}

fn base<'a>(key: &'a str, company: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("company_name", company),
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
    ]
}

async fn validate_all(app: &TestApp, admin: &Browser, event: EventId) {
    let ids = store::registration::companies_with_status(&app.db, event, Some("pending"))
        .await
        .unwrap();
    for company in ids {
        let done = admin
            .post_form(
                &format!(
                    "/admin/events/{event}/registrations/{}/validate",
                    company.id
                ),
                &[],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
}

// REQ: REG-3, BO-3
#[tokio::test]
async fn organizers_shape_the_form_and_choose_the_public_fields() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-form").await;
    let admin = admin(&app).await;
    let form_url = format!("/admin/events/{event}/form");

    // Hide the city (it is no longer asked nor required).
    let hidden = admin
        .post_form(&format!("{form_url}/company/city"), &[("hidden", "on")])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    // A required public number, a private multiple choice, an agrifood-only field.
    for fields in [
        vec![
            ("kind", "number"),
            ("label_fr", "Budget export <script>x</script>"),
            ("label_en", "Export budget"),
            ("required", "on"),
            ("public", "on"),
        ],
        vec![
            ("kind", "multi_choice"),
            ("label_fr", "Marchés visés"),
            ("options", "ma|Maroc|Morocco\nsn|Sénégal|Senegal"),
        ],
        vec![
            ("kind", "text"),
            ("label_fr", "Surface cultivée"),
            ("sectors", "digital"),
            ("required", "on"),
        ],
    ] {
        let added = admin
            .post_form(&format!("{form_url}/company/new"), &fields)
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    // Options are checked on save; nothing is stored when wrong.
    let wrong = admin
        .post_form(
            &format!("{form_url}/company/new"),
            &[("kind", "choice"), ("label_fr", "Sans options")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("Indiquez au moins une option"));
    assert!(
        wrong.contains("Sans options"),
        "the form comes back filled in"
    );
    assert_eq!(
        app.count(
            "form_field",
            &format!("event_id = {event} AND substr(field_key, 1, 2) = 'c_'")
        )
        .await,
        3
    );
    // Move the budget to the top of the company part.
    for _ in 0..12 {
        admin
            .post_form(
                &format!("{form_url}/company/c_budget_export_script_x_script/move"),
                &[("direction", "up")],
            )
            .await;
    }
    let design = admin.get(&form_url).await;
    assert!(
        design.contains("Budget export &#60;script&#62;")
            || design.contains("Budget export &lt;script&gt;")
    );
    assert!(!design.contains("<script>x</script>"), "labels are escaped");

    let visitor = app.browser();
    let page = visitor.get("/forum-form/register").await;
    assert!(!page.contains("name=\"city\""), "the hidden field is gone");
    let budget_at = page
        .body
        .find("name=\"c_budget_export_script_x_script\"")
        .unwrap();
    let name_at = page.body.find("name=\"company_name\"").unwrap();
    assert!(budget_at < name_at, "the moved field comes first");
    assert!(page.contains("data-sectors=\"digital\""));

    // Missing required custom field: the form comes back with every value kept.
    let mut fields = base("k1", "Conserverie Méjean", "claire@conserverie.test");
    fields.retain(|(k, _)| *k != "city");
    fields.push(("c_marches_vises", "sn"));
    let refused = visitor.post_form("/forum-form/register", &fields).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.contains("c_budget_export_script_x_script-error"));
    assert!(
        refused.contains("value=\"sn\" checked"),
        "the ticked option is kept"
    );
    fields.push(("c_budget_export_script_x_script", "abc"));
    let not_number = visitor.post_form("/forum-form/register", &fields).await;
    assert!(not_number.contains("Saisissez un nombre"));
    fields.pop();
    fields.push(("c_budget_export_script_x_script", "250 000"));
    let done = visitor.post_form("/forum-form/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count(
            "field_value",
            &format!("event_id = {event} AND field_key = 'c_budget_export_script_x_script' AND value = '250000'")
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "field_value",
            &format!("event_id = {event} AND field_key = 'c_surface_cultivee'")
        )
        .await,
        0,
        "a field for another sector is not asked"
    );

    // The catalogue shows the public budget, not the private markets.
    validate_all(&app, &admin, event).await;
    let company = store::registration::companies_with_status(&app.db, event, Some("validated"))
        .await
        .unwrap()
        .remove(0);
    let detail = visitor
        .get(&format!("/forum-form/participants/{}", company.id))
        .await;
    assert!(detail.contains("250000"), "{}", detail.body);
    assert!(!detail.contains("Sénégal"), "private fields stay private");
    let search = visitor.get("/forum-form/participants?q=250000").await;
    assert!(
        search.contains("Conserverie Méjean"),
        "public fields are searchable"
    );
    let hidden_search = visitor.get("/forum-form/participants?q=senegal").await;
    assert!(
        !hidden_search.contains("Conserverie Méjean"),
        "private fields are not"
    );

    // Making the description private removes it from the catalogue.
    admin
        .post_form(&format!("{form_url}/company/description_fr"), &[])
        .await;
    let detail = visitor
        .get(&format!("/forum-form/participants/{}", company.id))
        .await;
    assert!(!detail.contains("Conserverie familiale"));
    let audit = app.count("audit_entry", "entity = 'form_field'").await;
    assert!(audit >= 5, "every change is audited ({audit})");
}

// REQ: EXP-2, PUB-5
#[tokio::test]
async fn expert_criteria_categories_and_sessions_are_asked_and_experts_are_listed() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-experts").await;
    let admin = admin(&app).await;
    let added = admin
        .post_form(&format!("/admin/events/{event}/form/expert-criteria"), &[])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    // Twice is harmless.
    admin
        .post_form(&format!("/admin/events/{event}/form/expert-criteria"), &[])
        .await;
    assert_eq!(
        app.count(
            "form_field",
            &format!("event_id = {event} AND section = 'expert'")
        )
        .await,
        7
    );
    let visitor = app.browser();
    let page = visitor.get("/forum-experts/register").await;
    assert!(page.contains("Rendez-vous avec des experts"));
    assert!(page.contains("Secteurs visés"));
    assert!(page.contains("name=\"p0_category\""));
    assert!(page.contains("name=\"p0_sessions\""));
    assert!(page.contains("name=\"o0_cooperation\""));
    assert!(page.contains("name=\"key_figures\""));

    let mut fields = base("k1", "Cabinet Conseil Export", "expert@conseil.test");
    fields.extend([
        ("c_expert_project", "Implantation d’une usine au Maroc"),
        ("c_expert_target_sectors", "water"),
        ("c_expert_target_sectors", "digital"),
        ("p0_category", "expert"),
        ("p0_sessions", "morning"),
        ("o0_cooperation", "technical"),
        ("key_figures", "headcount_10_49"),
        ("key_figures", "turnover_2m"),
    ]);
    let done = visitor.post_form("/forum-experts/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let mut other = base("k2", "Atlas Emballages", "atlas@emballage.test");
    other.extend([("p0_category", "company"), ("o0_cooperation", "commercial")]);
    visitor.post_form("/forum-experts/register", &other).await;
    assert_eq!(
        app.count(
            "field_value",
            &format!("event_id = {event} AND field_key = 'c_expert_target_sectors' AND value = 'water,digital'")
        )
        .await,
        1
    );
    // Two values under one key-figure heading are refused.
    let mut twice = base("k3", "Double Effectif", "double@effectif.test");
    twice.extend([
        ("key_figures", "headcount_10_49"),
        ("key_figures", "headcount_250"),
    ]);
    let refused = visitor.post_form("/forum-experts/register", &twice).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Choisissez parmi les valeurs proposées"));

    validate_all(&app, &admin, event).await;
    let experts = visitor
        .get("/forum-experts/participants?category=expert")
        .await;
    assert!(experts.contains("Cabinet Conseil Export"));
    assert!(!experts.contains("Atlas Emballages"));
    assert!(experts.contains("class=\"badge\">Expert<"));
    let technical = visitor
        .get("/forum-experts/participants?cooperation=technical")
        .await;
    assert!(technical.contains("Cabinet Conseil Export"));
    assert!(!technical.contains("Atlas Emballages"));
    let by_figure = visitor
        .get("/forum-experts/participants?q=10+a+49+salaries")
        .await;
    assert!(
        by_figure.contains("Cabinet Conseil Export"),
        "key figures are searchable"
    );
    let english = app.browser();
    english.set_cookie("agora_lang=en");
    let page = english.get("/forum-experts/participants?q=employees").await;
    assert!(page.contains("Cabinet Conseil Export"));
    assert!(page.contains("Participant category"));
}

// REQ: BO-9, PUB-6
#[tokio::test]
async fn lists_are_edited_imported_and_exported_and_sub_sectors_filter() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-listes").await;
    let admin = admin(&app).await;
    let lists = format!("/admin/events/{event}/lists");
    let page = admin.get(&format!("{lists}?list=sector")).await;
    assert!(page.contains("Énergies renouvelables"), "the standard list");
    let added = admin
        .post_form(
            &format!("{lists}/sector/add"),
            &[
                ("code", "bio"),
                ("parent", "agrifood"),
                ("label_fr", "Produits biologiques"),
                ("label_en", "Organic products"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let bad = admin
        .post_form(
            &format!("{lists}/sector/add"),
            &[("code", "Bad Code"), ("label_fr", "Libellé gardé")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Libellé gardé"));
    assert!(bad.contains("Code invalide"));
    let flat = admin
        .post_form(
            &format!("{lists}/cooperation/add"),
            &[("code", "x"), ("parent", "commercial"), ("label_fr", "X")],
        )
        .await;
    assert!(flat.contains("Cette liste n’a pas de sous-termes"));

    // A company in the sub-sector is found by its parent sector.
    let visitor = app.browser();
    let form = visitor.get("/forum-listes/register").await;
    assert!(form.contains("— Produits biologiques"));
    let mut fields = base("k1", "Bio Sète", "bio@sete.test");
    fields.retain(|(k, _)| *k != "sector");
    fields.push(("sector", "bio"));
    let done = visitor.post_form("/forum-listes/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let unknown = visitor
        .post_form(
            "/forum-listes/register",
            &base("k2", "Inconnu", "x@inconnu.test"),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::SEE_OTHER,
        "agrifood is still a sector"
    );
    validate_all(&app, &admin, event).await;
    let parent = visitor
        .get("/forum-listes/participants?sector=agrifood")
        .await;
    assert!(parent.contains("Bio Sète"));
    assert!(parent.contains("Produits biologiques"));
    let child = visitor.get("/forum-listes/participants?sector=bio").await;
    assert!(child.contains("Bio Sète"));
    assert!(!child.contains("Inconnu"));

    // CSV export, then a dry run with errors writes nothing, then a real import.
    let export = admin.get(&format!("{lists}/sector/export.csv")).await;
    assert!(export.body.starts_with('\u{feff}'));
    assert!(export.contains("bio;agrifood;Produits biologiques;Organic products"));
    let csv = "code;parent;label_fr;label_en\nmer;;Économie de la mer;Blue economy\npeche;mer;Pêche;Fishing\npeche;;Doublon;\nx;inconnu;Orphelin;\n";
    let dry = admin
        .post_multipart(
            &format!("{lists}/sector/import"),
            &[("dry_run", "on")],
            "file",
            "secteurs.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(dry.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", dry.body);
    assert!(dry.contains("Ligne 4"));
    assert!(dry.contains("Ligne 5"));
    assert!(dry.contains("Rien n’a été enregistré"));
    let good = "\u{feff}code,parent,label_fr,label_en\nmer,,Économie de la mer,Blue economy\npeche,mer,Pêche,Fishing\n";
    let check = admin
        .post_multipart(
            &format!("{lists}/sector/import"),
            &[("dry_run", "on")],
            "file",
            "secteurs.csv",
            good.as_bytes().to_vec(),
        )
        .await;
    assert!(check.contains("2 terme(s) lu(s) sans erreur"));
    assert_eq!(
        app.count(
            "taxonomy_term",
            &format!("event_id = {event} AND code = 'mer'")
        )
        .await,
        0,
        "a dry run writes nothing"
    );
    let imported = admin
        .post_multipart(
            &format!("{lists}/sector/import"),
            &[],
            "file",
            "secteurs.csv",
            good.as_bytes().to_vec(),
        )
        .await;
    assert!(
        imported.contains("La liste a été remplacée (2 termes)"),
        "{}",
        imported.body
    );
    let form = visitor.get("/forum-listes/register").await;
    assert!(form.contains("— Pêche"));
    assert!(!form.contains("Énergies renouvelables"));
    let binary = admin
        .post_multipart(
            &format!("{lists}/sector/import"),
            &[],
            "file",
            "secteurs.csv",
            vec![0xff, 0xd8, 0xff, 0xe0, 0, 0],
        )
        .await;
    assert!(binary.contains("pas un texte CSV"));
    // Back to the standard list.
    admin.post_form(&format!("{lists}/sector/reset"), &[]).await;
    assert_eq!(
        app.count(
            "taxonomy_term",
            &format!("event_id = {event} AND vocabulary = 'sector'")
        )
        .await,
        0
    );
    assert!(app.count("audit_entry", "entity = 'taxonomy'").await >= 3);

    // The event's keywords are proposed while typing an offer's keywords.
    admin
        .post_form(
            &format!("{lists}/keyword/add"),
            &[
                ("code", "conserve"),
                ("label_fr", "conserve de poisson"),
                ("label_en", "canned fish"),
            ],
        )
        .await;
    let form = visitor.get("/forum-listes/register").await;
    assert!(
        form.contains("<datalist id=\"event-keywords\"><option value=\"conserve de poisson\">")
    );
    assert!(
        form.contains("name=\"o0_keywords\" type=\"text\"")
            && form.contains("list=\"event-keywords\"")
    );
}

// REQ: BO-1, BO-9, REG-3
#[tokio::test]
async fn only_the_event_s_site_editors_change_its_form_and_lists() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-droits").await;
    let other = app.create_event("forum-voisin").await;
    let validator = app
        .create_user("valideur@cci.test", "trottinette rouge du port", false)
        .await;
    app.grant(validator, event, &[Permission::ValidateRegistrations])
        .await;
    let editor = app
        .create_user("editeur@cci.test", "bicyclette bleue du quai", false)
        .await;
    app.grant(editor, other, &[Permission::EditSiteContent])
        .await;
    for (email, password) in [
        ("valideur@cci.test", "trottinette rouge du port"),
        ("editeur@cci.test", "bicyclette bleue du quai"),
    ] {
        let browser = app.browser();
        browser.login(email, password).await;
        for path in [
            format!("/admin/events/{event}/form"),
            format!("/admin/events/{event}/lists"),
            format!("/admin/events/{event}/form/company/city"),
            format!("/admin/events/{event}/lists/sector/export.csv"),
        ] {
            let page = browser.get(&path).await;
            assert!(
                matches!(page.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                "{email} {path}: {}",
                page.status
            );
        }
        let post = browser
            .post_form(
                &format!("/admin/events/{event}/lists/sector/add"),
                &[("code", "pirate"), ("label_fr", "Pirate")],
            )
            .await;
        assert!(matches!(
            post.status,
            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
        ));
    }
    assert_eq!(app.count("taxonomy_term", "code = 'pirate'").await, 0);
    // The other event's editor does edit their own event.
    let browser = app.browser();
    browser
        .login("editeur@cci.test", "bicyclette bleue du quai")
        .await;
    let own = browser.get(&format!("/admin/events/{other}/form")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.contains("Formulaire d’inscription"));
}

// REQ: REG-3, PRV-2, REG-8
#[tokio::test]
async fn editors_update_configurable_fields_and_erasure_removes_a_person_s_answers() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-profil").await;
    let admin = admin(&app).await;
    let form_url = format!("/admin/events/{event}/form");
    admin
        .post_form(&format!("{form_url}/company/city"), &[("hidden", "on")])
        .await;
    admin
        .post_form(
            &format!("{form_url}/company/new"),
            &[
                ("kind", "long_text"),
                ("label_fr", "Références clients"),
                ("required", "on"),
            ],
        )
        .await;
    admin
        .post_form(
            &format!("{form_url}/person/new"),
            &[("kind", "text"), ("label_fr", "Régime alimentaire")],
        )
        .await;
    let visitor = app.browser();
    let mut fields = base("k1", "Conserverie Méjean", "claire@conserverie.test");
    fields.retain(|(k, _)| *k != "city");
    fields.extend([
        ("c_references_clients", "Carrefour, Marjane"),
        ("p0_c_regime_alimentaire", "Sans gluten — Claire Méjean"),
    ]);
    let done = visitor.post_form("/forum-profil/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let claire = app.browser();
    claire
        .login("claire@conserverie.test", "sardines et anchois de Sète")
        .await;
    let page = claire.get(&format!("/me/events/{event}/company")).await;
    assert!(page.contains("Carrefour, Marjane"), "{}", page.body);
    assert!(
        !page.contains("name=\"city\""),
        "hidden fields are not asked here either"
    );
    let refused = claire
        .post_form(
            &format!("/me/events/{event}/company"),
            &[
                ("name", "Conserverie Méjean"),
                ("description_fr", "Conserverie."),
                ("c_references_clients", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("c_references_clients-error"));
    let saved = claire
        .post_form(
            &format!("/me/events/{event}/company"),
            &[
                ("name", "Conserverie Méjean"),
                ("description_fr", "Conserverie."),
                ("c_references_clients", "Auchan Maroc"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app.count("field_value", "value = 'Auchan Maroc'").await, 1);
    assert_eq!(app.count("company", "city = 'Sète'").await, 0);

    // The data download holds the person's and the company's answers (REG-8).
    let json = claire.get(&format!("/me/events/{event}/data.json")).await;
    assert!(json.contains("Sans gluten"), "{}", json.body);
    assert!(json.contains("Auchan Maroc"));
    let csv = claire.get(&format!("/me/events/{event}/data.csv")).await;
    assert!(
        csv.contains("answers (participant);c_regime_alimentaire;Sans gluten"),
        "{}",
        csv.body
    );

    // Erasure takes the person's answers with it.
    assert_eq!(
        app.count("field_value", "value LIKE '%Claire Méjean%'")
            .await,
        1
    );
    let erased = claire
        .post_form(&format!("/me/events/{event}/erase"), &[("confirm", "on")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(
        app.count("field_value", "value LIKE '%Claire Méjean%'")
            .await,
        0
    );
}

// REQ: BO-5, BO-7, REG-3
#[tokio::test]
async fn organizers_see_and_edit_configurable_answers_and_register_without_them() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-orga").await;
    let admin = admin(&app).await;
    admin
        .post_form(
            &format!("/admin/events/{event}/form/company/new"),
            &[
                ("kind", "text"),
                ("label_fr", "Numéro SIRET"),
                ("required", "on"),
            ],
        )
        .await;
    // On behalf: the field is offered but not required of the organizer.
    let page = admin
        .get(&format!("/admin/events/{event}/registrations/new"))
        .await;
    assert!(page.contains("Numéro SIRET"), "{}", page.body);
    let done = admin
        .post_form(
            &format!("/admin/events/{event}/registrations/new"),
            &[
                ("idempotency_key", "behalf-1"),
                ("company_name", "Atlas Logistique"),
                ("country", "MA"),
                ("city", "Tanger"),
                ("sector", "logistics"),
                ("description_fr", "Transport frigorifique."),
                ("p0_first_name", "Youssef"),
                ("p0_last_name", "Alami"),
                ("p0_email", "youssef@atlas.test"),
                ("o0_kind", "offer"),
                ("o0_title", "Transport frigorifique Tanger–Perpignan"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let company = store::registration::companies_with_status(&app.db, event, None)
        .await
        .unwrap()
        .remove(0);
    // The detail page shows the answer field; the organizer fills it in.
    let detail = admin
        .get(&format!(
            "/admin/events/{event}/registrations/{}",
            company.id
        ))
        .await;
    assert!(detail.contains("name=\"c_numero_siret\""));
    assert!(detail.contains("Logistique") || detail.contains("Transport et logistique"));
    let saved = admin
        .post_form(
            &format!("/admin/events/{event}/registrations/{}/company", company.id),
            &[
                ("company_name", "Atlas Logistique"),
                ("country", "MA"),
                ("city", "Tanger"),
                ("sector", "logistics"),
                ("description_fr", "Transport frigorifique."),
                ("c_numero_siret", "123 456 789 00012"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.count(
            "field_value",
            "field_key = 'c_numero_siret' AND value = '123 456 789 00012'"
        )
        .await,
        1
    );
    let detail = admin
        .get(&format!(
            "/admin/events/{event}/registrations/{}",
            company.id
        ))
        .await;
    assert!(detail.contains("123 456 789 00012"));
    // The organizer sets the offer's cooperation type from the same page.
    assert!(detail.contains("name=\"cooperation\""));
    let offer = store::registration::offers(&app.db, event)
        .await
        .unwrap()
        .remove(0);
    let saved = admin
        .post_form(
            &format!(
                "/admin/events/{event}/registrations/{}/offers/{}",
                company.id, offer.id
            ),
            &[
                ("kind", "offer"),
                ("title", "Transport frigorifique Tanger–Perpignan"),
                ("cooperation", "subcontracting"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.count(
            "field_value",
            &format!("offer_id = {} AND value = 'subcontracting'", offer.id)
        )
        .await,
        1
    );
}

// REQ: REG-3, PRV-2
#[tokio::test]
async fn editors_set_the_cooperation_type_and_custom_fields_of_their_offers() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-offres").await;
    let admin = admin(&app).await;
    admin
        .post_form(
            &format!("/admin/events/{event}/form/offer/new"),
            &[
                ("kind", "number"),
                ("label_fr", "Volume annuel (tonnes)"),
                ("public", "on"),
            ],
        )
        .await;
    let visitor = app.browser();
    let done = visitor
        .post_form(
            "/forum-offres/register",
            &base("k1", "Conserverie Méjean", "claire@conserverie.test"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let offer_id = app.count("offer", "1 = 1").await;
    assert_eq!(offer_id, 1);
    let claire = app.browser();
    claire
        .login("claire@conserverie.test", "sardines et anchois de Sète")
        .await;
    let page = claire.get(&format!("/me/events/{event}/company")).await;
    assert!(page.contains("Volume annuel (tonnes)"), "{}", page.body);
    assert!(page.contains("name=\"cooperation\""));
    let offer = store::registration::offers(&app.db, event)
        .await
        .unwrap()
        .remove(0);
    let refused = claire
        .post_form(
            &format!("/me/events/{event}/offers/{}", offer.id),
            &[
                ("kind", "offer"),
                ("title", "Conserves de sardines"),
                ("cooperation", "pirate"),
                ("c_volume_annuel_tonnes", "beaucoup"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Saisissez un nombre"));
    assert!(refused.contains("Choisissez parmi les valeurs proposées"));
    let saved = claire
        .post_form(
            &format!("/me/events/{event}/offers/{}", offer.id),
            &[
                ("kind", "offer"),
                ("title", "Conserves de sardines"),
                ("cooperation", "distribution"),
                ("c_volume_annuel_tonnes", "120"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.count(
            "field_value",
            &format!(
                "offer_id = {} AND field_key = 'cooperation' AND value = 'distribution'",
                offer.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "field_value",
            &format!("offer_id = {} AND value = '120'", offer.id)
        )
        .await,
        1
    );
}

// REQ: REG-3, REG-2, BO-3
#[tokio::test]
async fn a_file_field_keeps_its_upload_across_errors_and_is_served_by_its_rules() {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-fichiers").await;
    let admin = admin(&app).await;
    let person_file = admin
        .post_form(
            &format!("/admin/events/{event}/form/person/new"),
            &[("kind", "file"), ("label_fr", "CV")],
        )
        .await;
    assert_eq!(person_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(person_file.contains("ne peut être demandé qu’à l’entreprise"));
    admin
        .post_form(
            &format!("/admin/events/{event}/form/company/new"),
            &[
                ("kind", "file"),
                ("label_fr", "Plaquette commerciale"),
                ("required", "on"),
                ("public", "on"),
            ],
        )
        .await;
    let pdf = b"%PDF-1.7\n1 0 obj << /Title (Plaquette) >> endobj\n%%EOF\n".to_vec();
    let visitor = app.browser();
    let form = visitor.get("/forum-fichiers/register").await;
    assert!(form.contains("name=\"c_plaquette_commerciale\" type=\"file\""));
    // A script disguised as a PDF is refused with a message; nothing is kept.
    let mut fields = base("k1", "Conserverie Méjean", "claire@conserverie.test");
    let refused = visitor
        .post_multipart(
            "/forum-fichiers/register",
            &fields,
            "c_plaquette_commerciale",
            "plaquette.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("c_plaquette_commerciale-error"));
    // A real PDF with an error elsewhere is kept and shown again.
    fields.retain(|(k, _)| *k != "consent");
    let kept = visitor
        .post_multipart(
            "/forum-fichiers/register",
            &fields,
            "c_plaquette_commerciale",
            "plaquette.pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.contains("plaquette.pdf"), "{}", kept.body);
    let token_value = kept
        .body
        .split("name=\"c_plaquette_commerciale\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert!(token_value.starts_with("upload:"));
    // Pointing at a stored file by name is refused: only fresh uploads count.
    let mut forged = fields.clone();
    forged.extend([
        ("consent", "on"),
        ("c_plaquette_commerciale", "file:abc|application/pdf|x.pdf"),
    ]);
    let forged_page = visitor.post_form("/forum-fichiers/register", &forged).await;
    assert_eq!(forged_page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut good = fields.clone();
    good.extend([
        ("consent", "on"),
        ("c_plaquette_commerciale", token_value.as_str()),
    ]);
    let done = visitor.post_form("/forum-fichiers/register", &good).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.count("field_value", "value LIKE 'file:%plaquette.pdf'")
            .await,
        1
    );
    assert_eq!(
        app.count("pending_upload", "1 = 1").await,
        0,
        "the upload was claimed"
    );

    // Not public before validation; then downloadable with its checked type.
    let company = store::registration::companies_with_status(&app.db, event, None)
        .await
        .unwrap()
        .remove(0);
    let path = format!(
        "/forum-fichiers/participants/{}/files/c_plaquette_commerciale",
        company.id
    );
    let (status, _, _) = visitor.get_bytes(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = admin.get_bytes(&path).await;
    assert_eq!(status, StatusCode::OK, "the team sees it before validation");
    assert_eq!(body, pdf);
    validate_all(&app, &admin, event).await;
    let (status, headers, body) = visitor.get_bytes(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(body, pdf);
    let detail = visitor
        .get(&format!("/forum-fichiers/participants/{}", company.id))
        .await;
    assert!(detail.contains(&path));
    let (status, _, _) = visitor
        .get_bytes(&format!(
            "/forum-fichiers/participants/{}/files/c_autre",
            company.id
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Erasing the only person deletes the company and sends its file to the trash.
    let claire = app.browser();
    claire
        .login("claire@conserverie.test", "sardines et anchois de Sète")
        .await;
    let erased = claire
        .post_form(&format!("/me/events/{event}/erase"), &[("confirm", "on")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(app.count("field_value", "value LIKE 'file:%'").await, 0);
    assert_eq!(
        app.count("file_trash", "1 = 1").await,
        0,
        "the bytes are gone too"
    );
    let (status, _, _) = admin.get_bytes(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
