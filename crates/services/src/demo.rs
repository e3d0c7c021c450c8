//! The demo event loaded by the try-it mode (`cargo run --release` with no arguments):
//! "Forum d'affaires France–Maroc 2027", two days, venues, partners, pages and 50 companies
//! with French and English texts, plus ready-made logins. `generate` builds a large event
//! of any size for benchmarks (`agora demo --companies N`).

pub mod generate;
mod words;

use crate::InternalError;
use crate::audit::Actor;
use crate::security::hash_password;
use chrono::{Duration, Utc};
use domain::{EventId, Permission, PermissionSet, UserId};
use serde::Deserialize;
use std::collections::BTreeMap;
use store::DatabaseConnection;
use store::events::{CompanyRow, EventRow, ParticipantRow, PartnerRow, RoomRow, VenueRow};
use store::users::NewUser;

const DEMO_JSON: &str = include_str!("demo/forum-france-maroc.json");

/// A login printed for people trying the platform.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// What the account is, in words.
    pub role: &'static str,
    /// Email.
    pub email: String,
    /// Password.
    pub password: &'static str,
}

type Texts = BTreeMap<String, String>;

fn text(texts: &Texts, lang: &str) -> String {
    texts.get(lang).cloned().unwrap_or_default()
}

#[derive(Deserialize)]
struct DemoFile {
    event: DemoEvent,
    organizations: Vec<DemoOrganization>,
    venues: Vec<DemoVenue>,
    pages: BTreeMap<String, BTreeMap<String, DemoPage>>,
    companies: Vec<DemoCompany>,
}

#[derive(Deserialize)]
struct DemoEvent {
    slug: String,
    name: Texts,
    summary: Texts,
    time_zone: String,
    primary_color: String,
    start_offset_days: i64,
    days: i64,
    registration_closes_offset_days: i64,
}

#[derive(Deserialize)]
struct DemoOrganization {
    name: String,
    role: String,
    website: String,
    pitch: Texts,
}

#[derive(Deserialize)]
struct DemoVenue {
    name: String,
    address: String,
    access: Texts,
    rooms: Vec<DemoRoom>,
}

#[derive(Deserialize)]
struct DemoRoom {
    name: String,
    capacity: i32,
}

#[derive(Deserialize)]
struct DemoPage {
    title: String,
    body_html: String,
}

#[derive(Deserialize)]
struct DemoCompany {
    name: String,
    country: String,
    city: String,
    website: String,
    sector: String,
    description: Texts,
    offers: Vec<DemoOffer>,
    people: Vec<DemoPerson>,
}

#[derive(Deserialize)]
struct DemoOffer {
    kind: String,
    title: Texts,
    description: Texts,
    keywords: Vec<String>,
}

#[derive(Deserialize)]
struct DemoPerson {
    first_name: String,
    last_name: String,
    email: String,
    job_title: Texts,
}

const ADMIN_EMAIL: &str = "admin@agora-demo.example";
const ADMIN_PASSWORD: &str = "demo-administrateur-principal";
const COORG_EMAIL: &str = "een@agora-demo.example";
const COORG_PASSWORD: &str = "demo-co-organisateur-een";
const PARTICIPANT_PASSWORD: &str = "rendez-vous-demo";

/// Loads the demo into an empty database and returns the logins to print. On a database
/// that already holds the demo, nothing is written and the same logins are returned.
pub async fn load_demo(db: &DatabaseConnection) -> Result<Vec<DemoLogin>, InternalError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)
        .map_err(|e| InternalError::Other(format!("demo data: {e}")))?;
    let participants: Vec<&DemoPerson> = file
        .companies
        .iter()
        .take(3)
        .filter_map(|c| c.people.first())
        .collect();
    let mut logins = vec![
        DemoLogin {
            role: "principal admin",
            email: ADMIN_EMAIL.into(),
            password: ADMIN_PASSWORD,
        },
        DemoLogin {
            role: "co-organizer (EEN)",
            email: COORG_EMAIL.into(),
            password: COORG_PASSWORD,
        },
    ];
    logins.extend(participants.iter().map(|p| DemoLogin {
        role: "participant",
        email: p.email.clone(),
        password: PARTICIPANT_PASSWORD,
    }));
    if store::events::find_by_slug(db, &file.event.slug)
        .await?
        .is_some()
    {
        return Ok(logins);
    }
    let admin_hash = hash_password(ADMIN_PASSWORD.into()).await?;
    let coorg_hash = hash_password(COORG_PASSWORD.into()).await?;
    let participant_hash = hash_password(PARTICIPANT_PASSWORD.into()).await?;
    let now = Utc::now();
    let actor = Actor::system("demo");
    let txn = store::begin_write(db).await?;
    store::users::insert(
        &txn,
        NewUser {
            email_key: ADMIN_EMAIL,
            email: ADMIN_EMAIL,
            display_name: "Claire Martin (CCI)",
            password_hash: Some(admin_hash),
            locale: "fr",
            is_principal_admin: true,
        },
        now,
    )
    .await?;
    let coorg = store::users::insert(
        &txn,
        NewUser {
            email_key: COORG_EMAIL,
            email: COORG_EMAIL,
            display_name: "Youssef Benali (EEN)",
            password_hash: Some(coorg_hash),
            locale: "fr",
            is_principal_admin: false,
        },
        now,
    )
    .await?;

    let e = &file.event;
    let starts_on = (now + Duration::days(e.start_offset_days)).date_naive();
    let event = store::events::insert(
        &txn,
        EventRow {
            id: 0,
            slug: e.slug.clone(),
            name_fr: text(&e.name, "fr"),
            name_en: text(&e.name, "en"),
            summary_fr: text(&e.summary, "fr"),
            summary_en: text(&e.summary, "en"),
            starts_on,
            ends_on: starts_on + Duration::days(e.days - 1),
            time_zone: e.time_zone.clone(),
            registration_opens_at: None,
            registration_closes_at: Some(now + Duration::days(e.registration_closes_offset_days)),
            site_opens_at: None,
            site_closes_at: Some(now + Duration::days(e.start_offset_days + 365)),
            primary_color: e.primary_color.clone(),
            banner_file_id: None,
            is_published: true,
            created_at: now,
            updated_at: now,
            privacy_notice_fr: String::new(),
            privacy_notice_en: String::new(),
        },
    )
    .await?;
    let event_id = EventId(event.id);
    let coorg_rights = PermissionSet::from_permissions([
        Permission::ValidateRegistrations,
        Permission::ManageMeetings,
        Permission::SeeAgendas,
        Permission::CheckIn,
        Permission::Exports,
    ]);
    store::events::upsert_role(
        &txn,
        event_id,
        UserId(coorg.id),
        "co_organizer",
        &coorg_rights.to_stored(),
        now,
    )
    .await?;
    for (position, org) in file.organizations.iter().enumerate() {
        store::events::save_partner(
            &txn,
            PartnerRow {
                id: 0,
                event_id: event.id,
                name: org.name.clone(),
                role: org.role.clone(),
                website: org.website.clone(),
                logo_file_id: None,
                pitch_fr: text(&org.pitch, "fr"),
                pitch_en: text(&org.pitch, "en"),
                position: position as i32,
                created_at: now,
            },
        )
        .await?;
    }
    for venue in &file.venues {
        let saved = store::events::save_venue(
            &txn,
            VenueRow {
                id: 0,
                event_id: event.id,
                name: venue.name.clone(),
                address: venue.address.clone(),
                access_fr: text(&venue.access, "fr"),
                access_en: text(&venue.access, "en"),
                created_at: now,
            },
        )
        .await?;
        for room in &venue.rooms {
            store::events::insert_room(
                &txn,
                RoomRow {
                    id: 0,
                    event_id: event.id,
                    venue_id: saved.id,
                    name: room.name.clone(),
                    capacity: Some(room.capacity),
                    created_at: now,
                },
            )
            .await?;
        }
    }
    for (kind, by_lang) in &file.pages {
        for (lang, page) in by_lang {
            let clean = crate::events::sanitize_html(&page.body_html);
            store::events::upsert_page(&txn, event_id, kind, lang, &page.title, &clean, now)
                .await?;
        }
    }
    let printed: Vec<String> = participants.iter().map(|p| p.email.clone()).collect();
    for company in &file.companies {
        let saved = store::events::insert_company(
            &txn,
            CompanyRow {
                id: 0,
                event_id: event.id,
                name: company.name.clone(),
                country: company.country.clone(),
                city: company.city.clone(),
                website: company.website.clone(),
                sector: company.sector.clone(),
                description_fr: text(&company.description, "fr"),
                description_en: text(&company.description, "en"),
                created_at: now,
                status: "validated".into(),
                address: String::new(),
                vat_country: String::new(),
                vat_number: String::new(),
                refusal_reason: String::new(),
            },
        )
        .await?;
        for offer in &company.offers {
            store::registration::insert_offer(
                &txn,
                store::registration::OfferRow {
                    id: 0,
                    event_id: event.id,
                    company_id: saved.id,
                    kind: offer.kind.clone(),
                    title: text(&offer.title, "fr"),
                    description: text(&offer.description, "fr"),
                    keywords: offer.keywords.join(", "),
                    status: "pending".into(),
                    created_at: now,
                },
            )
            .await?;
        }
        for (index, person) in company.people.iter().enumerate() {
            let hash = printed
                .contains(&person.email)
                .then(|| participant_hash.clone());
            let name = format!("{} {}", person.first_name, person.last_name);
            let user = store::users::insert(
                &txn,
                NewUser {
                    email_key: &person.email.to_lowercase(),
                    email: &person.email,
                    display_name: &name,
                    password_hash: hash,
                    locale: if company.country == "FR" { "fr" } else { "en" },
                    is_principal_admin: false,
                },
                now,
            )
            .await?;
            store::events::insert_participant(
                &txn,
                ParticipantRow {
                    id: 0,
                    event_id: event.id,
                    user_id: user.id,
                    company_id: Some(saved.id),
                    kind: "participant".into(),
                    status: "validated".into(),
                    job_title_fr: text(&person.job_title, "fr"),
                    job_title_en: text(&person.job_title, "en"),
                    created_at: now,
                    first_name: person.first_name.clone(),
                    last_name: person.last_name.clone(),
                    phone: String::new(),
                    is_company_editor: index == 0,
                    coorganizer_user_id: None,
                },
            )
            .await?;
        }
    }
    crate::meetings::setup::demo::seed(&txn, &event, 10, now).await?;
    crate::audit::record(
        &txn,
        &actor,
        crate::audit::Change::<(), _> {
            event: Some(event_id),
            action: "create",
            entity: "demo",
            entity_id: event.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({"slug": event.slug})),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(logins)
}
