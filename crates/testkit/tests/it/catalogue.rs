//! The public participants catalogue: search, filters, sort, paging, company pages and who
//! sees the contacts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use domain::EventId;
use reqwest::StatusCode;
use testkit::TestApp;

const PASSWORD: &str = "cheval agrafe pile rouge";
const DEMO: &str = "forum-france-maroc-2027";
const SLUG: &str = "salon-catalogue";

async fn company(
    app: &TestApp,
    event: EventId,
    name: &str,
    country: &str,
    sector: &str,
    status: &str,
    description_fr: &str,
) -> i64 {
    store::events::insert_company(
        &app.db,
        store::events::CompanyRow {
            id: 0,
            event_id: event.0,
            name: name.into(),
            country: country.into(),
            city: "Ville".into(),
            website: "https://example.test".into(),
            sector: sector.into(),
            description_fr: description_fr.into(),
            description_en: String::new(),
            status: status.into(),
            address: String::new(),
            vat_country: String::new(),
            vat_number: String::new(),
            refusal_reason: String::new(),
            created_at: Utc::now(),
        },
    )
    .await
    .unwrap()
    .id
}

async fn offer(app: &TestApp, event: EventId, company: i64, kind: &str, title: &str, kw: &str) {
    store::registration::insert_offer(
        &app.db,
        store::registration::OfferRow {
            id: 0,
            event_id: event.0,
            company_id: company,
            kind: kind.into(),
            title: title.into(),
            description: format!("Description de {title}"),
            keywords: kw.into(),
            status: "pending".into(),
            created_at: Utc::now(),
        },
    )
    .await
    .unwrap();
}

/// A small event: four validated companies and a pending one.
struct Salon {
    event: EventId,
    energie: i64,
    pending: i64,
}

async fn salon(app: &TestApp) -> Salon {
    let event = app.create_event(SLUG).await;
    let energie = company(
        app,
        event,
        "Énergie Solaire Atlas",
        "MA",
        "renewable_energy",
        "validated",
        "Centrales photovoltaïques clés en main.",
    )
    .await;
    offer(
        app,
        event,
        energie,
        "offer",
        "Panneaux solaires",
        "photovoltaïque",
    )
    .await;
    let boulangerie = company(
        app,
        event,
        "Boulangerie Dupont",
        "FR",
        "agrifood",
        "validated",
        "Pain au levain.",
    )
    .await;
    offer(
        app,
        event,
        boulangerie,
        "request",
        "Emballage biodégradable pour le pain",
        "carton, papier",
    )
    .await;
    let zebre = company(
        app,
        event,
        "Zèbre Aéro",
        "ES",
        "aeronautics",
        "validated",
        "Pièces d’avion.",
    )
    .await;
    offer(app, event, zebre, "offer", "Usinage de précision", "titane").await;
    company(
        app,
        event,
        "Alpha Textile",
        "FR",
        "textile",
        "validated",
        "Tissus techniques.",
    )
    .await;
    let pending = company(
        app,
        event,
        "Société Cachée",
        "FR",
        "digital",
        "pending",
        "Énergie et emballage.",
    )
    .await;
    offer(app, event, pending, "offer", "Énergie cachée", "").await;
    Salon {
        event,
        energie,
        pending,
    }
}

/// The companies shown on a list page, in order.
fn shown(body: &str) -> Vec<String> {
    body.split("<li class=\"card\">")
        .skip(1)
        .filter_map(|card| {
            let start = card.find("<h3><a href=\"")?;
            let rest = &card[start..];
            let name_start = rest.find("\">")? + 2;
            let name_end = rest.find("</a>")?;
            Some(rest[name_start..name_end].to_string())
        })
        .collect()
}

async fn list(app: &TestApp, query: &str) -> Vec<String> {
    let page = app
        .browser()
        .get(&format!("/{SLUG}/participants{query}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{query}");
    shown(&page.body)
}

async fn demo_company(app: &TestApp, name: &str) -> (EventId, i64) {
    let event = store::events::find_by_slug(&app.db, DEMO)
        .await
        .unwrap()
        .unwrap();
    let id = store::registration::companies_with_status(&app.db, EventId(event.id), None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id;
    (EventId(event.id), id)
}

// REQ: PUB-6
#[tokio::test]
async fn only_validated_companies_are_listed_inside_the_mini_site() {
    let app = TestApp::spawn().await;
    salon(&app).await;
    let page = app.browser().get(&format!("/{SLUG}/participants")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("4 résultats"), "{}", page.body);
    assert!(!page.contains("Société Cachée"));
    assert!(page.contains("class=\"event-hero\""));
    assert!(page.contains(&format!(
        "href=\"/{SLUG}/participants\" aria-current=\"page\""
    )));
    assert!(page.contains("<span class=\"badge\">Offre</span> Panneaux solaires"));
    assert!(page.contains("<span class=\"badge\">Demande</span> Emballage biodégradable"));
    assert!(page.contains("Ville, Maroc · Énergies renouvelables"));
    assert!(page.contains("<label for=\"catalogue-q\">"));
    // The pending company's words find nothing.
    assert!(list(&app, "?q=cachee").await.is_empty());
    // An unknown event has no catalogue.
    let missing = app.browser().get("/nulle-part/participants").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

// REQ: PUB-6
#[tokio::test]
async fn search_ignores_accents_and_case_and_needs_every_word() {
    let app = TestApp::spawn().await;
    salon(&app).await;
    assert_eq!(list(&app, "?q=energie").await, ["Énergie Solaire Atlas"]);
    assert_eq!(
        list(&app, "?q=PHOTOVOLTAIQUE").await,
        ["Énergie Solaire Atlas"]
    );
    assert_eq!(
        list(&app, "?q=emballage+biod%C3%A9gradable").await,
        ["Boulangerie Dupont"]
    );
    assert_eq!(
        list(&app, "?q=Emballage+biodegradable+carton").await,
        ["Boulangerie Dupont"]
    );
    assert!(list(&app, "?q=emballage+solaire").await.is_empty());
    let none = app
        .browser()
        .get(&format!("/{SLUG}/participants?q=introuvable"))
        .await;
    assert!(none.contains("Aucun résultat."));
    assert!(none.contains("value=\"introuvable\""), "the query is kept");
    // The demo's "Soleïa Énergies" is found without its accents.
    services::demo::load_demo(&app.db).await.unwrap();
    let demo = app
        .browser()
        .get(&format!("/{DEMO}/participants?q=energies"))
        .await;
    assert!(demo.contains("Soleïa Énergies"));
}

// REQ: PUB-6
#[tokio::test]
async fn filters_by_country_sector_and_kind() {
    let app = TestApp::spawn().await;
    salon(&app).await;
    assert_eq!(
        list(&app, "?country=FR").await,
        ["Alpha Textile", "Boulangerie Dupont"]
    );
    assert_eq!(list(&app, "?sector=aeronautics").await, ["Zèbre Aéro"]);
    assert_eq!(list(&app, "?kind=request").await, ["Boulangerie Dupont"]);
    assert_eq!(
        list(&app, "?kind=offer").await,
        ["Énergie Solaire Atlas", "Zèbre Aéro"]
    );
    assert_eq!(
        list(&app, "?country=FR&kind=request&q=pain").await,
        ["Boulangerie Dupont"]
    );
    let page = app
        .browser()
        .get(&format!("/{SLUG}/participants?country=MA"))
        .await;
    assert!(page.contains("<option value=\"MA\" selected>Maroc</option>"));
    assert!(
        !page.contains("<option value=\"JP\""),
        "only the event's countries are offered"
    );
}

// REQ: PUB-6
#[tokio::test]
async fn sorts_by_name_country_and_sector() {
    let app = TestApp::spawn().await;
    salon(&app).await;
    let by_name = [
        "Alpha Textile",
        "Boulangerie Dupont",
        "Énergie Solaire Atlas",
        "Zèbre Aéro",
    ];
    assert_eq!(list(&app, "").await, by_name);
    assert_eq!(list(&app, "?sort=name").await, by_name);
    // Espagne, France, Maroc.
    assert_eq!(
        list(&app, "?sort=country").await,
        [
            "Zèbre Aéro",
            "Alpha Textile",
            "Boulangerie Dupont",
            "Énergie Solaire Atlas"
        ]
    );
    // Aéronautique, Agroalimentaire, Énergies renouvelables, Textile.
    assert_eq!(
        list(&app, "?sort=sector").await,
        [
            "Zèbre Aéro",
            "Boulangerie Dupont",
            "Énergie Solaire Atlas",
            "Alpha Textile"
        ]
    );
    // France: Agroalimentaire before Textile.
    assert_eq!(
        list(&app, "?sort=country_sector").await,
        [
            "Zèbre Aéro",
            "Boulangerie Dupont",
            "Alpha Textile",
            "Énergie Solaire Atlas"
        ]
    );
}

// REQ: PUB-6
#[tokio::test]
async fn pages_of_twenty_keep_the_criteria() {
    let app = TestApp::spawn().await;
    services::demo::load_demo(&app.db).await.unwrap();
    let browser = app.browser();
    let first = browser.get(&format!("/{DEMO}/participants")).await;
    assert!(first.contains("52 résultats"), "{}", first.body);
    assert!(first.contains("Page 1 sur 3"));
    let first_names = shown(&first.body);
    assert_eq!(first_names.len(), 20);
    assert!(first.contains("page=2\" rel=\"next\""));
    let second = browser.get(&format!("/{DEMO}/participants?page=2")).await;
    let second_names = shown(&second.body);
    assert_eq!(second_names.len(), 20);
    assert!(second_names.iter().all(|n| !first_names.contains(n)));
    assert!(second.contains("page=1\" rel=\"prev\""));
    let third = browser.get(&format!("/{DEMO}/participants?page=3")).await;
    assert_eq!(shown(&third.body).len(), 12);
    assert!(!third.contains("rel=\"next\""));
    // Filters travel with the page links.
    let french = browser
        .get(&format!("/{DEMO}/participants?country=FR&sort=sector"))
        .await;
    assert!(french.contains("27 résultats"));
    assert!(french.contains("country=FR&#38;sort=sector&#38;page=2"));
    let french2 = browser
        .get(&format!(
            "/{DEMO}/participants?country=FR&sort=sector&page=2"
        ))
        .await;
    assert_eq!(shown(&french2.body).len(), 7);
    assert!(french2.contains("country=FR&#38;sort=sector&#38;page=1"));
    // Out of range or unreadable pages fall back to a real page.
    let beyond = browser.get(&format!("/{DEMO}/participants?page=99")).await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert_eq!(shown(&beyond.body).len(), 12);
    let junk = browser.get(&format!("/{DEMO}/participants?page=abc")).await;
    assert_eq!(shown(&junk.body), first_names);
}

// REQ: PUB-5
#[tokio::test]
async fn company_page_is_scoped_to_the_event_and_to_validated_companies() {
    let app = TestApp::spawn().await;
    let salon = salon(&app).await;
    services::demo::load_demo(&app.db).await.unwrap();
    let browser = app.browser();
    let ok = browser
        .get(&format!("/{SLUG}/participants/{}", salon.energie))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.contains("<h1>Énergie Solaire Atlas</h1>"));
    assert!(ok.contains("href=\"https://example.test\" rel=\"noopener noreferrer\""));
    assert!(ok.contains("Panneaux solaires"));
    assert!(ok.contains("Description de Panneaux solaires"));
    assert!(ok.contains("photovoltaïque"));
    // Another event's company through this event's address (IDOR).
    let other = browser
        .get(&format!("/{DEMO}/participants/{}", salon.energie))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let (_, demo_id) = demo_company(&app, "Conserverie Méjean").await;
    let other = browser
        .get(&format!("/{SLUG}/participants/{demo_id}"))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // Not validated, unknown, malformed.
    for id in [salon.pending.to_string(), "999999".into(), "abc".into()] {
        let page = browser.get(&format!("/{SLUG}/participants/{id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{id}");
        assert!(!page.contains("Société Cachée"));
    }
    let _ = salon.event;
}

// REQ: PUB-5
#[tokio::test]
async fn contacts_are_shown_only_to_the_event_participants_and_team() {
    let app = TestApp::spawn().await;
    let salon = salon(&app).await;
    let logins = services::demo::load_demo(&app.db).await.unwrap();
    let (demo_event, mejean) = demo_company(&app, "Conserverie Méjean").await;
    let path = format!("/{DEMO}/participants/{mejean}");

    let anonymous = app.browser().get(&path).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.contains("Baptiste"));
    assert!(!anonymous.contains("Responsable achats"));
    assert!(anonymous.contains("connectez-vous ou inscrivez-vous"));
    assert!(anonymous.contains("href=\"/login?next="));
    assert!(!anonymous.contains("@conserverie-mejean"));

    // A participant of the event sees names and job titles, never emails.
    let participant = logins.iter().find(|l| l.role == "participant").unwrap();
    let browser = app.browser();
    browser
        .login(&participant.email, participant.password)
        .await;
    let seen = browser.get(&path).await;
    assert!(
        seen.contains("Baptiste Carrière — Responsable achats"),
        "{}",
        seen.body
    );
    assert!(!seen.contains("@conserverie-mejean"));

    // Someone logged in but registered to another event only does not.
    let outsider = app.create_user("autre@cci.test", PASSWORD, false).await;
    app.register_participant(outsider, salon.event).await;
    let browser = app.browser();
    browser.login("autre@cci.test", PASSWORD).await;
    let hidden = browser.get(&path).await;
    assert!(!hidden.contains("Baptiste"));
    assert!(hidden.contains("inscrivez-vous pour les voir"));

    // The event's team does.
    let team = app.create_user("equipe@cci.test", PASSWORD, false).await;
    app.grant(team, demo_event, &[domain::Permission::SeeAgendas])
        .await;
    let browser = app.browser();
    browser.login("equipe@cci.test", PASSWORD).await;
    assert!(browser.get(&path).await.contains("Baptiste Carrière"));
}

// REQ: PUB-5, PUB-6
#[tokio::test]
async fn company_texts_are_escaped() {
    let app = TestApp::spawn().await;
    let salon = salon(&app).await;
    let evil = company(
        &app,
        salon.event,
        "<script>alert(1)</script>",
        "FR",
        "digital",
        "validated",
        "<img src=x onerror=alert(2)>",
    )
    .await;
    offer(&app, salon.event, evil, "offer", "<b>gras</b>", "<i>x</i>").await;
    for path in [
        format!("/{SLUG}/participants"),
        format!("/{SLUG}/participants/{evil}"),
    ] {
        let page = app.browser().get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.contains("<script>alert(1)</script>"), "{path}");
        assert!(
            page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{path}"
        );
        assert!(!page.contains("<img src=x"));
        assert!(!page.contains("<b>gras</b>"));
    }
}

// REQ: PUB-5, PUB-6
#[tokio::test]
async fn english_visitors_get_english_names() {
    let app = TestApp::spawn().await;
    let salon = salon(&app).await;
    let browser = app.browser();
    let switch = browser
        .get(&format!("/lang/en?next=/{SLUG}/participants"))
        .await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    let page = browser.get(&format!("/{SLUG}/participants")).await;
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("4 results"));
    assert!(page.contains("Ville, Morocco · Renewable energy"));
    assert!(page.contains("<span class=\"badge\">Offer</span>"));
    assert!(page.contains("<span class=\"badge\">Request</span>"));
    assert!(!page.contains("Maroc"));
    // France, Morocco, Spain in English.
    assert_eq!(
        shown(
            &browser
                .get(&format!("/{SLUG}/participants?sort=country"))
                .await
                .body
        ),
        [
            "Alpha Textile",
            "Boulangerie Dupont",
            "Énergie Solaire Atlas",
            "Zèbre Aéro"
        ]
    );
    let detail = browser
        .get(&format!("/{SLUG}/participants/{}", salon.energie))
        .await;
    assert!(detail.contains("Morocco"));
    assert!(detail.contains("Renewable energy"));
    assert!(detail.contains("log in or register"));
}

// REQ: PUB-5, PUB-6
#[tokio::test]
async fn a_closed_site_has_no_public_catalogue_but_the_team_previews_it() {
    let app = TestApp::spawn().await;
    let salon = salon(&app).await;
    let mut row = store::events::find_by_slug(&app.db, SLUG)
        .await
        .unwrap()
        .unwrap();
    row.is_published = false;
    store::events::update(&app.db, row).await.unwrap();
    let list_path = format!("/{SLUG}/participants");
    let detail_path = format!("/{SLUG}/participants/{}", salon.energie);
    let anonymous = app.browser();
    assert_eq!(
        anonymous.get(&list_path).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anonymous.get(&detail_path).await.status,
        StatusCode::NOT_FOUND
    );
    let team = app.create_user("equipe@cci.test", PASSWORD, false).await;
    app.grant(team, salon.event, &[domain::Permission::SeeAgendas])
        .await;
    let browser = app.browser();
    browser.login("equipe@cci.test", PASSWORD).await;
    let preview = browser.get(&list_path).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.contains("class=\"alert\" role=\"status\""));
    assert_eq!(browser.get(&detail_path).await.status, StatusCode::OK);
}
