//! Registrations: companies with their people, offers and consents, scoped to one event.

use crate::entities::{company, consent, offer, participant};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, sea_query::Expr,
};

pub use crate::events::{CompanyRow, ParticipantRow};
pub use offer::Model as OfferRow;

/// One company of the event.
pub async fn company(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<CompanyRow>, DbErr> {
    company::Entity::find_by_id(id)
        .filter(company::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// The event's companies with a status (`None`: all), by name.
pub async fn companies_with_status(
    db: &impl ConnectionTrait,
    event: EventId,
    status: Option<&str>,
) -> Result<Vec<CompanyRow>, DbErr> {
    let mut query = company::Entity::find().filter(company::Column::EventId.eq(event.0));
    if let Some(status) = status {
        query = query.filter(company::Column::Status.eq(status));
    }
    query.order_by_asc(company::Column::Name).all(db).await
}

/// Sets a company's status (and refusal reason) and its people's; returns rows changed.
pub async fn set_status(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    status: &str,
    reason: &str,
) -> Result<u64, DbErr> {
    // People refused on their own stay refused when their company is validated, unless the
    // whole company was refused before (then its validation brings everyone back).
    let was_refused = company(db, event, company_id)
        .await?
        .is_some_and(|c| c.status == "refused");
    let changed = company::Entity::update_many()
        .col_expr(company::Column::Status, Expr::value(status))
        .col_expr(company::Column::RefusalReason, Expr::value(reason))
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Id.eq(company_id))
        .exec(db)
        .await?
        .rows_affected;
    let mut people = participant::Entity::update_many()
        .col_expr(participant::Column::Status, Expr::value(status))
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id));
    if status == "validated" && !was_refused {
        people = people.filter(participant::Column::Status.ne("refused"));
    }
    people.exec(db).await?;
    if status == "validated" {
        crate::backoffice::validate_pending_offers(db, event, company_id).await?;
    }
    Ok(changed)
}

/// The people of a company.
pub async fn people(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<Vec<ParticipantRow>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id))
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await
}

/// A person's registration to the event, if any.
pub async fn participant_of_user(
    db: &impl ConnectionTrait,
    event: EventId,
    user_id: i64,
) -> Result<Option<ParticipantRow>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Inserts an offer or request.
pub async fn insert_offer(db: &impl ConnectionTrait, row: OfferRow) -> Result<OfferRow, DbErr> {
    let mut model = row.into_active_model();
    model.id = sea_orm::ActiveValue::NotSet;
    model.insert(db).await
}

/// Every offer and request of the event.
pub async fn offers(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<OfferRow>, DbErr> {
    offer::Entity::find()
        .filter(offer::Column::EventId.eq(event.0))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await
}

/// The offers and requests of one company.
pub async fn offers_of(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<Vec<OfferRow>, DbErr> {
    offer::Entity::find()
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await
}

/// Records a consent to the privacy notice.
pub async fn insert_consent(
    db: &impl ConnectionTrait,
    event: EventId,
    user_id: i64,
    version: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    consent::ActiveModel {
        event_id: Set(event.0),
        user_id: Set(user_id),
        notice_version: Set(version.to_string()),
        notice_text: Set(text.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
