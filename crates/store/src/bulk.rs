//! Batch inserts for generated data (the large demo event, `agora demo --companies N`): many
//! rows per statement, in chunks that stay far below the parameter limits of SQLite (32 766)
//! and PostgreSQL (65 535). Columns not named here keep their database default, so a column
//! added later with a default does not break the generator.

use crate::entities::{app_user, company, field_value, offer, participant};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

/// Rows per INSERT statement.
const CHUNK: usize = 200;

/// A company to insert.
#[derive(Debug, Clone)]
pub struct NewCompany {
    /// Name.
    pub name: String,
    /// ISO country code.
    pub country: String,
    /// City.
    pub city: String,
    /// Web site.
    pub website: String,
    /// Sector code.
    pub sector: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// Registration status (`validated`…).
    pub status: String,
}

/// An offer or request to insert.
#[derive(Debug, Clone)]
pub struct NewOffer {
    /// Its company (an id returned by [`insert_companies`]).
    pub company_id: i64,
    /// `offer` or `request`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Comma-separated keywords.
    pub keywords: String,
}

/// An account without a password to insert.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Address as shown (its lower case is the lookup key).
    pub email: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Interface language.
    pub locale: String,
}

/// A person registered with a company.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Account id.
    pub user_id: i64,
    /// Company id.
    pub company_id: i64,
    /// Registration status.
    pub status: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title in French.
    pub job_title_fr: String,
    /// Job title in English.
    pub job_title_en: String,
    /// Whether the person may edit the company's profile.
    pub is_company_editor: bool,
}

/// Inserts the companies of an event that has none yet and returns their ids in the order
/// given. The ids are read back by event in id order, which is insertion order inside the
/// caller's write transaction; refuses an event that already holds companies.
pub async fn insert_companies(
    db: &impl ConnectionTrait,
    event: EventId,
    rows: &[NewCompany],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    if !company_ids(db, event).await?.is_empty() {
        return Err(DbErr::Custom("the event already holds companies".into()));
    }
    for chunk in rows.chunks(CHUNK) {
        let models = chunk.iter().map(|c| company::ActiveModel {
            event_id: Set(event.0),
            name: Set(c.name.clone()),
            country: Set(c.country.clone()),
            city: Set(c.city.clone()),
            website: Set(c.website.clone()),
            sector: Set(c.sector.clone()),
            description_fr: Set(c.description_fr.clone()),
            description_en: Set(c.description_en.clone()),
            status: Set(c.status.clone()),
            address: Set(String::new()),
            vat_country: Set(String::new()),
            vat_number: Set(String::new()),
            refusal_reason: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        });
        company::Entity::insert_many(models).exec(db).await?;
    }
    let ids = company_ids(db, event).await?;
    if ids.len() != rows.len() {
        return Err(DbErr::Custom("company count mismatch after insert".into()));
    }
    Ok(ids)
}

async fn company_ids(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<i64>, DbErr> {
    company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .filter(company::Column::EventId.eq(event.0))
        .order_by_asc(company::Column::Id)
        .into_tuple::<i64>()
        .all(db)
        .await
}

/// Inserts offers and requests of an event.
pub async fn insert_offers(
    db: &impl ConnectionTrait,
    event: EventId,
    rows: &[NewOffer],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(CHUNK) {
        let models = chunk.iter().map(|o| offer::ActiveModel {
            event_id: Set(event.0),
            company_id: Set(o.company_id),
            kind: Set(o.kind.clone()),
            title: Set(o.title.clone()),
            description: Set(o.description.clone()),
            keywords: Set(o.keywords.clone()),
            // Generated companies are validated, and so are their offers (BO-3).
            status: Set("validated".into()),
            created_at: Set(now),
            ..Default::default()
        });
        offer::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// Inserts accounts without passwords and returns their ids in the order given (looked up
/// by email key, which is unique).
pub async fn insert_accounts(
    db: &impl ConnectionTrait,
    rows: &[NewAccount],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let keys: Vec<String> = chunk.iter().map(|a| a.email.to_lowercase()).collect();
        let models = chunk
            .iter()
            .zip(&keys)
            .map(|(a, key)| app_user::ActiveModel {
                email_key: Set(key.clone()),
                email: Set(a.email.clone()),
                display_name: Set(a.display_name.clone()),
                password_hash: Set(None),
                locale: Set(a.locale.clone()),
                is_principal_admin: Set(false),
                is_disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        app_user::Entity::insert_many(models).exec(db).await?;
        let found: HashMap<String, i64> = app_user::Entity::find()
            .select_only()
            .column(app_user::Column::EmailKey)
            .column(app_user::Column::Id)
            .filter(app_user::Column::EmailKey.is_in(keys.iter().cloned()))
            .into_tuple::<(String, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for key in &keys {
            let id = found
                .get(key)
                .ok_or_else(|| DbErr::Custom(format!("account {key} not found after insert")))?;
            ids.push(*id);
        }
    }
    Ok(ids)
}

/// Inserts participants of an event.
pub async fn insert_people(
    db: &impl ConnectionTrait,
    event: EventId,
    rows: &[NewPerson],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(CHUNK) {
        let models = chunk.iter().map(|p| participant::ActiveModel {
            event_id: Set(event.0),
            user_id: Set(p.user_id),
            company_id: Set(Some(p.company_id)),
            kind: Set("participant".into()),
            status: Set(p.status.clone()),
            job_title_fr: Set(p.job_title_fr.clone()),
            job_title_en: Set(p.job_title_en.clone()),
            first_name: Set(p.first_name.clone()),
            last_name: Set(p.last_name.clone()),
            phone: Set(String::new()),
            is_company_editor: Set(p.is_company_editor),
            coorganizer_user_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
        participant::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// Inserts answers to configurable fields: (owner, field key, value).
pub async fn insert_answers(
    db: &impl ConnectionTrait,
    event: EventId,
    rows: &[(crate::forms::Owner, &str, String)],
) -> Result<(), DbErr> {
    use crate::forms::Owner;
    for chunk in rows.chunks(CHUNK) {
        let models = chunk.iter().map(|(owner, key, value)| {
            let (company, participant, offer) = match owner {
                Owner::Company(id) => (Some(*id), None, None),
                Owner::Participant(id) => (None, Some(*id), None),
                Owner::Offer(id) => (None, None, Some(*id)),
            };
            field_value::ActiveModel {
                event_id: Set(event.0),
                field_key: Set((*key).to_string()),
                company_id: Set(company),
                participant_id: Set(participant),
                offer_id: Set(offer),
                value: Set(value.clone()),
                ..Default::default()
            }
        });
        field_value::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}
