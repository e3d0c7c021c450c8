//! The large demo generator (`agora demo --companies N`): a realistic, deterministic event
//! that the catalogue lists and searches.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use testkit::TestApp;

// REQ: PUB-6
#[tokio::test]
async fn a_generated_event_of_30_companies_is_listed_and_searchable() {
    let app = TestApp::spawn().await;
    let large = services::demo::generate::generate(&app.db, 30)
        .await
        .unwrap();
    assert!(large.created);
    assert_eq!(large.slug, "grand-forum-30");
    assert_eq!(large.companies, 30);
    assert!((30..=90).contains(&large.offers), "{}", large.offers);
    assert!((30..=90).contains(&large.people), "{}", large.people);
    let event = large.id.0;
    assert_eq!(
        app.count(
            "company",
            &format!("event_id = {event} AND status = 'validated'")
        )
        .await,
        30
    );
    assert_eq!(
        app.count("participant", &format!("event_id = {event}"))
            .await as usize,
        large.people
    );
    assert_eq!(
        app.count(
            "app_user",
            "email_key LIKE '%grand-forum-30.example' AND password_hash IS NULL"
        )
        .await as usize,
        large.people,
        "generated people have no password"
    );

    let visitor = app.browser();
    let list = visitor.get("/grand-forum-30/participants").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.contains("30 résultats"), "{}", list.body);

    // Search a company by a word of its offer, typed without accents and in capitals.
    let companies = store::events::companies(&app.db, large.id).await.unwrap();
    let offers = store::registration::offers(&app.db, large.id)
        .await
        .unwrap();
    let offer = offers
        .iter()
        .find(|o| o.title.contains('é'))
        .expect("an accented offer title");
    let word = offer
        .title
        .split_whitespace()
        .find(|w| w.contains('é'))
        .unwrap();
    let plain = domain::countries::fold_for_search(word).to_uppercase();
    let company = companies.iter().find(|c| c.id == offer.company_id).unwrap();
    let found = visitor
        .get(&format!("/grand-forum-30/participants?q={plain}"))
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.contains(&format!("/grand-forum-30/participants/{}\"", company.id)),
        "{plain} finds {}",
        company.name
    );
    let nothing = visitor
        .get("/grand-forum-30/participants?q=introuvablezzz")
        .await;
    assert!(nothing.contains("Aucun résultat."));
    // Generated people have categories and offers cooperation types: the list filters work.
    let experts = app
        .count("field_value", "field_key = 'category' AND value = 'expert'")
        .await;
    assert!(experts >= 1, "some experts among {} people", large.people);
    let filtered = visitor
        .get("/grand-forum-30/participants?category=expert")
        .await;
    assert!(
        filtered.contains("class=\"badge\">Expert<"),
        "{}",
        filtered.body
    );
    assert_eq!(
        app.count("field_value", "field_key = 'cooperation'").await,
        i64::try_from(large.offers).unwrap()
    );

    // A second run finds the event and writes nothing.
    let again = services::demo::generate::generate(&app.db, 30)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(
        (again.id, again.companies, again.offers, again.people),
        (large.id, 30, large.offers, large.people)
    );
    assert_eq!(app.count("event", "slug = 'grand-forum-30'").await, 1);
}
