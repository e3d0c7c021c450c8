//! Files attached to offers and requests, scoped to one event.

use crate::entities::{offer, offer_attachment};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub use offer_attachment::Model as AttachmentRow;

/// What is recorded about an attached file.
pub struct NewAttachment<'a> {
    /// The offer it belongs to.
    pub offer_id: i64,
    /// Key in the file store.
    pub storage_key: &'a str,
    /// The sender's file name, sanitised (for `Content-Disposition` only).
    pub original_name: &'a str,
    /// The type found in the content.
    pub content_type: &'a str,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hex.
    pub sha256: &'a str,
}

/// Records an attachment of an offer of the event.
pub async fn insert(
    db: &impl ConnectionTrait,
    event: EventId,
    new: NewAttachment<'_>,
    now: DateTime<Utc>,
) -> Result<AttachmentRow, DbErr> {
    offer_attachment::ActiveModel {
        event_id: Set(event.0),
        offer_id: Set(new.offer_id),
        storage_key: Set(new.storage_key.to_string()),
        original_name: Set(new.original_name.to_string()),
        content_type: Set(new.content_type.to_string()),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// One attachment of the event.
pub async fn find(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<AttachmentRow>, DbErr> {
    offer_attachment::Entity::find_by_id(id)
        .filter(offer_attachment::Column::EventId.eq(event.0))
        .one(db)
        .await
}

/// The attachments of some offers of the event, oldest first.
pub async fn of_offers(
    db: &impl ConnectionTrait,
    event: EventId,
    offer_ids: &[i64],
) -> Result<Vec<AttachmentRow>, DbErr> {
    if offer_ids.is_empty() {
        return Ok(Vec::new());
    }
    offer_attachment::Entity::find()
        .filter(offer_attachment::Column::EventId.eq(event.0))
        .filter(offer_attachment::Column::OfferId.is_in(offer_ids.iter().copied()))
        .order_by_asc(offer_attachment::Column::Id)
        .all(db)
        .await
}

/// How many files an offer of the event has.
pub async fn count_of_offer(
    db: &impl ConnectionTrait,
    event: EventId,
    offer_id: i64,
) -> Result<u64, DbErr> {
    offer_attachment::Entity::find()
        .filter(offer_attachment::Column::EventId.eq(event.0))
        .filter(offer_attachment::Column::OfferId.eq(offer_id))
        .count(db)
        .await
}

/// Deletes one attachment of the event; returns rows deleted.
pub async fn delete(db: &impl ConnectionTrait, event: EventId, id: i64) -> Result<u64, DbErr> {
    Ok(offer_attachment::Entity::delete_many()
        .filter(offer_attachment::Column::EventId.eq(event.0))
        .filter(offer_attachment::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes the attachments of some offers of the event; returns their storage keys, so that
/// the caller moves them to the file trash in the same transaction.
pub async fn delete_of_offers(
    db: &impl ConnectionTrait,
    event: EventId,
    offer_ids: &[i64],
) -> Result<Vec<String>, DbErr> {
    let rows = of_offers(db, event, offer_ids).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    offer_attachment::Entity::delete_many()
        .filter(offer_attachment::Column::EventId.eq(event.0))
        .filter(offer_attachment::Column::OfferId.is_in(offer_ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.storage_key).collect())
}

/// The ids of a company's offers in the event.
pub async fn offer_ids_of_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
) -> Result<Vec<i64>, DbErr> {
    offer::Entity::find()
        .select_only()
        .column(offer::Column::Id)
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.eq(company_id))
        .into_tuple::<i64>()
        .all(db)
        .await
}

/// One offer of the event, whatever its company.
pub async fn offer(
    db: &impl ConnectionTrait,
    event: EventId,
    offer_id: i64,
) -> Result<Option<offer::Model>, DbErr> {
    offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::EventId.eq(event.0))
        .one(db)
        .await
}
