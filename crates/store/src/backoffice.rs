//! Back-office queries on registrations: per-person and per-offer decisions, edits of any
//! field by the organizers, co-organizer scoping (BO-3, BO-5, BO-7, REG-10).
//!
//! Every function takes the `EventId` first and filters on it, and on the company where a
//! row belongs to one, so that an id typed into a URL never reaches another event's rows.

use crate::entities::{app_user, assignment_rule, company, offer, participant};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

pub use crate::events::{CompanyRow, ParticipantRow};
pub use offer::Model as OfferRow;

/// Updates every editable field of a company (not its status).
pub async fn update_company(
    db: &impl ConnectionTrait,
    event: EventId,
    row: &CompanyRow,
) -> Result<u64, DbErr> {
    Ok(company::Entity::update_many()
        .col_expr(company::Column::Name, Expr::value(row.name.clone()))
        .col_expr(company::Column::Country, Expr::value(row.country.clone()))
        .col_expr(company::Column::City, Expr::value(row.city.clone()))
        .col_expr(company::Column::Address, Expr::value(row.address.clone()))
        .col_expr(company::Column::Website, Expr::value(row.website.clone()))
        .col_expr(company::Column::Sector, Expr::value(row.sector.clone()))
        .col_expr(
            company::Column::DescriptionFr,
            Expr::value(row.description_fr.clone()),
        )
        .col_expr(
            company::Column::DescriptionEn,
            Expr::value(row.description_en.clone()),
        )
        .col_expr(
            company::Column::VatCountry,
            Expr::value(row.vat_country.clone()),
        )
        .col_expr(
            company::Column::VatNumber,
            Expr::value(row.vat_number.clone()),
        )
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Id.eq(row.id))
        .exec(db)
        .await?
        .rows_affected)
}

/// One person of one company of the event.
pub async fn person(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    participant_id: i64,
) -> Result<Option<ParticipantRow>, DbErr> {
    participant::Entity::find_by_id(participant_id)
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id))
        .one(db)
        .await
}

/// Sets one person's status; returns rows changed.
pub async fn set_person_status(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    participant_id: i64,
    status: &str,
) -> Result<u64, DbErr> {
    Ok(participant::Entity::update_many()
        .col_expr(participant::Column::Status, Expr::value(status))
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id))
        .filter(participant::Column::Id.eq(participant_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Sets one offer's status; returns rows changed.
pub async fn set_offer_status(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    offer_id: i64,
    status: &str,
) -> Result<u64, DbErr> {
    Ok(offer::Entity::update_many()
        .col_expr(offer::Column::Status, Expr::value(status))
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .filter(offer::Column::Id.eq(offer_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Marks the company's offers that were not refused on their own as validated, when the
/// company itself is validated.
pub async fn validate_pending_offers(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<u64, DbErr> {
    Ok(offer::Entity::update_many()
        .col_expr(offer::Column::Status, Expr::value("validated"))
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .filter(offer::Column::Status.eq("pending"))
        .exec(db)
        .await?
        .rows_affected)
}

/// Changes an account's login email.
pub async fn set_user_email(
    db: &impl ConnectionTrait,
    user_id: i64,
    (email, email_key): (&str, &str),
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    app_user::ActiveModel {
        id: Set(user_id),
        email: Set(email.to_string()),
        email_key: Set(email_key.to_string()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// How many registrations to any event an account holds.
pub async fn participations_count(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::UserId.eq(user_id))
        .count(db)
        .await
}

/// Whether the account co-organizes the event: named in one of its assignment rules, or
/// assigned to one of its participants (REG-10).
pub async fn is_coorganizer(
    db: &impl ConnectionTrait,
    event: EventId,
    user_id: i64,
) -> Result<bool, DbErr> {
    let rules = assignment_rule::Entity::find()
        .filter(assignment_rule::Column::EventId.eq(event.0))
        .filter(assignment_rule::Column::CoorganizerUserId.eq(user_id))
        .count(db)
        .await?;
    if rules > 0 {
        return Ok(true);
    }
    let assigned = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CoorganizerUserId.eq(user_id))
        .count(db)
        .await?;
    Ok(assigned > 0)
}

/// The ids of the companies with at least one person assigned to the co-organizer.
pub async fn companies_assigned_to(
    db: &impl ConnectionTrait,
    event: EventId,
    user_id: i64,
) -> Result<Vec<i64>, DbErr> {
    let mut ids: Vec<i64> = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CoorganizerUserId.eq(user_id))
        .order_by_asc(participant::Column::CompanyId)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.company_id)
        .collect();
    ids.dedup();
    Ok(ids)
}
