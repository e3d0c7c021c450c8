//! Intra-EU VAT numbers: format checks, live checks against (a fake) VIES, the stored trace
//! and the retry of numbers VIES could not verify.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use domain::EventId;
use domain::vat::{VatError, VatNumber};
use services::vies::{self, ViesOutcome};
use std::time::Duration;
use store::vat::{checks_of_company, latest_for_company};
use testkit::{FakeAnswer, TestApp};

async fn company(app: &TestApp, event: EventId, name: &str) -> i64 {
    store::events::insert_company(
        &app.db,
        store::events::CompanyRow {
            id: 0,
            event_id: event.0,
            name: name.into(),
            country: "FR".into(),
            city: "Sète".into(),
            website: String::new(),
            sector: "agrifood".into(),
            description_fr: String::new(),
            description_en: String::new(),
            status: "pending".into(),
            address: String::new(),
            vat_country: String::new(),
            vat_number: String::new(),
            refusal_reason: String::new(),
            created_at: Utc::now(),
        },
    )
    .await
    .expect("company")
    .id
}

async fn setup() -> (TestApp, EventId, i64) {
    let app = TestApp::spawn().await;
    let event = app.create_event("forum-vat").await;
    let company = company(&app, event, "Conserverie").await;
    (app, event, company)
}

// REQ: REG-4
#[tokio::test]
async fn a_valid_number_is_stored_with_the_name_and_address_vies_returns() {
    let (app, event, company) = setup().await;
    app.vies.answer(
        "FR40303265045",
        FakeAnswer::valid("SA CONSERVERIE & FILS", "1 QUAI DE BOSC\n34200 SETE"),
    );
    let vat = VatNumber::parse("FR", "FR 40 303 265 045").unwrap();
    let row = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert_eq!(row.status, "valid");
    assert_eq!(row.name, "SA CONSERVERIE & FILS");
    assert_eq!(row.address, "1 QUAI DE BOSC\n34200 SETE");
    assert_eq!(row.vies_request_date, "2026-11-30+01:00");
    assert_eq!(
        (row.country.as_str(), row.number.as_str()),
        ("FR", "40303265045")
    );
    assert_eq!(row.request_id.len(), 36);
    let stored = latest_for_company(&app.db, event, company)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, row);
    let requests = app.vies.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0]
            .body
            .contains("urn:ec.europa.eu:taxud:vies:services:checkVat:types")
    );
    assert!(requests[0].body.contains("checkVat>"));
    assert_eq!(requests[0].vat_number, "40303265045");
    // Another event cannot read this company's checks.
    let other = app.create_event("forum-other").await;
    assert!(
        checks_of_company(&app.db, other, company)
            .await
            .unwrap()
            .is_empty()
    );
}

// REQ: REG-4
#[tokio::test]
async fn a_number_vies_does_not_know_is_invalid() {
    let (app, event, company) = setup().await;
    app.vies.answer("DE136695976", FakeAnswer::Invalid);
    let vat = VatNumber::parse("DE", "136695976").unwrap();
    let row = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert_eq!(row.status, "invalid");
    assert_eq!(row.name, "");
    app.vies
        .answer("DE136695976", FakeAnswer::Fault("INVALID_INPUT".into()));
    let row = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert_eq!(row.status, "invalid");
    assert_eq!(row.fault, "INVALID_INPUT");
    assert_eq!(
        checks_of_company(&app.db, event, company)
            .await
            .unwrap()
            .len(),
        2
    );
}

// REQ: REG-4
#[tokio::test]
async fn a_member_state_down_leaves_the_number_unverified_never_invalid() {
    let (app, event, company) = setup().await;
    let vat = VatNumber::parse("IT", "00743110157").unwrap();
    for fault in [
        "MS_UNAVAILABLE",
        "MS_MAX_CONCURRENT_REQ",
        "SERVICE_UNAVAILABLE",
    ] {
        app.vies
            .answer("IT00743110157", FakeAnswer::Fault(fault.into()));
        let row = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
            .await
            .unwrap();
        assert_eq!(row.status, "unavailable");
        assert_eq!(row.fault, fault);
    }
    app.vies.answer("IT00743110157", FakeAnswer::HttpError(503));
    let outcome = vies::check(&app.settings, &vat).await;
    assert!(
        matches!(outcome, ViesOutcome::Unavailable { .. }),
        "{outcome:?}"
    );
}

// REQ: REG-4
#[tokio::test]
async fn a_slow_vies_beyond_the_timeout_leaves_the_number_unverified() {
    let (app, event, company) = setup().await;
    app.vies
        .answer("BE0411905847", FakeAnswer::Slow(Duration::from_secs(5)));
    let mut settings = app.settings.clone();
    settings.vies_timeout_ms = 300;
    let vat = VatNumber::parse("BE", "0411.905.847").unwrap();
    let started = std::time::Instant::now();
    let row = vies::check_and_record(&app.db, &settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(row.status, "unavailable");
    assert!(!row.fault.is_empty());
    assert_eq!(app.vies.requests().len(), 1);
}

// REQ: REG-4
#[tokio::test]
async fn an_unreachable_vies_leaves_the_number_unverified() {
    let app = TestApp::spawn().await;
    let mut settings = app.settings.clone();
    // A closed port: connection refused.
    settings.vies_endpoint = "http://127.0.0.1:9/checkVatService".into();
    let vat = VatNumber::parse("PL", "5260001246").unwrap();
    let row = vies::check_and_record(&app.db, &settings, None, None, &vat)
        .await
        .unwrap();
    assert_eq!(row.status, "unavailable");
    assert_eq!((row.event_id, row.company_id), (None, None));
}

// REQ: REG-4
#[tokio::test]
async fn malformed_numbers_are_refused_before_any_request() {
    let app = TestApp::spawn().await;
    let refused = [
        ("FR", "41303265045", VatError::BadCheckDigit),
        ("FR", "4030326504", VatError::BadFormat),
        ("DE", "12345", VatError::BadFormat),
        ("NL", "004495445A01", VatError::BadFormat),
        ("GB", "123456789", VatError::UnknownCountry),
        ("US", "123456789", VatError::UnknownCountry),
    ];
    for (country, raw, error) in refused {
        assert_eq!(VatNumber::parse(country, raw), Err(error), "{country}{raw}");
    }
    assert_eq!(VatError::BadCheckDigit.message_id(), "error-vat-checksum");
    assert!(app.vies.requests().is_empty());
    assert_eq!(app.count("vat_check", "1 = 1").await, 0);
}

// REQ: REG-4
#[tokio::test]
async fn greece_is_sent_to_vies_as_el() {
    let (app, event, company) = setup().await;
    app.vies
        .answer("EL094014201", FakeAnswer::valid("ΕΤΑΙΡΕΙΑ Α.Ε.", "ΑΘΗΝΑ"));
    let vat = VatNumber::parse("GR", "GR094014201").unwrap();
    let row = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert_eq!(row.status, "valid");
    assert_eq!(row.country, "EL");
    assert_eq!(row.name, "ΕΤΑΙΡΕΙΑ Α.Ε.");
    let requests = app.vies.requests();
    assert_eq!(requests[0].country_code, "EL");
    assert!(
        requests[0]
            .body
            .contains("<urn:countryCode>EL</urn:countryCode>")
    );
    assert!(!requests[0].body.contains("GR"));
}

// REQ: REG-4
#[tokio::test]
async fn unverified_numbers_are_retried_until_vies_answers() {
    let (app, event, company) = setup().await;
    let second = company_with_valid_number(&app, event).await;
    app.vies
        .answer("ESA28015865", FakeAnswer::Fault("MS_UNAVAILABLE".into()));
    let vat = VatNumber::parse("ES", "A28015865").unwrap();
    let first = vies::check_and_record(&app.db, &app.settings, Some(event), Some(company), &vat)
        .await
        .unwrap();
    assert_eq!(first.status, "unavailable");

    // Still down: re-checked, still unverified (and never invalid).
    assert_eq!(
        vies::retry_unverified(&app.db, &app.settings)
            .await
            .unwrap(),
        1
    );
    let latest = latest_for_company(&app.db, event, company)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.status, "unavailable");

    app.vies
        .answer("ESA28015865", FakeAnswer::valid("TELEFONICA SA", "MADRID"));
    assert_eq!(
        vies::retry_unverified(&app.db, &app.settings)
            .await
            .unwrap(),
        1
    );
    let latest = latest_for_company(&app.db, event, company)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.status, "valid");
    assert_eq!(latest.name, "TELEFONICA SA");
    assert_eq!(
        checks_of_company(&app.db, event, company)
            .await
            .unwrap()
            .len(),
        3
    );

    // Nothing left to verify; the valid company was never re-checked.
    assert_eq!(
        vies::retry_unverified(&app.db, &app.settings)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        checks_of_company(&app.db, event, second)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn company_with_valid_number(app: &TestApp, event: EventId) -> i64 {
    let id = company(app, event, "Autre").await;
    app.vies
        .answer("LU15027442", FakeAnswer::valid("LUX SA", "LUXEMBOURG"));
    let vat = VatNumber::parse("LU", "15027442").unwrap();
    vies::check_and_record(&app.db, &app.settings, Some(event), Some(id), &vat)
        .await
        .unwrap();
    id
}
