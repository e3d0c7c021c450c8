//! Read queries of the public catalogue (PUB-5, PUB-6). A search first reads only the few
//! columns it filters and sorts on (and the texts when the visitor typed words), then the
//! full rows of the one page shown: with thousands of companies this keeps a page well under
//! the 50 ms target (`docs/benchmarks.md`).

use crate::entities::{company, offer};
use domain::EventId;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub use crate::events::CompanyRow;
pub use offer::Model as OfferRow;

/// What filters and sorts need of a validated company: id, name, country, sector.
pub type CompanyKey = (i64, String, String, String);

/// The validated companies of the event, light columns only.
pub async fn company_keys(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<CompanyKey>, DbErr> {
    company::Entity::find()
        .select_only()
        .columns([
            company::Column::Id,
            company::Column::Name,
            company::Column::Country,
            company::Column::Sector,
        ])
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Status.eq("validated"))
        .into_tuple()
        .all(db)
        .await
}

/// The descriptions (French, English) of the event's validated companies, by id.
pub async fn company_descriptions(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(i64, String, String)>, DbErr> {
    company::Entity::find()
        .select_only()
        .columns([
            company::Column::Id,
            company::Column::DescriptionFr,
            company::Column::DescriptionEn,
        ])
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Status.eq("validated"))
        .into_tuple()
        .all(db)
        .await
}

/// The kind of every offer and request of the event: (company id, kind).
pub async fn offer_kinds(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(i64, String)>, DbErr> {
    offer::Entity::find()
        .select_only()
        .columns([offer::Column::CompanyId, offer::Column::Kind])
        .filter(offer::Column::EventId.eq(event.0))
        .into_tuple()
        .all(db)
        .await
}

/// Offers and requests with their searchable texts: (company id, kind, title, description,
/// keywords).
pub async fn offer_texts(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(i64, String, String, String, String)>, DbErr> {
    offer::Entity::find()
        .select_only()
        .columns([
            offer::Column::CompanyId,
            offer::Column::Kind,
            offer::Column::Title,
            offer::Column::Description,
            offer::Column::Keywords,
        ])
        .filter(offer::Column::EventId.eq(event.0))
        .into_tuple()
        .all(db)
        .await
}

/// Full rows of some companies of the event (any order).
pub async fn companies_by_ids(
    db: &impl ConnectionTrait,
    event: EventId,
    ids: &[i64],
) -> Result<Vec<CompanyRow>, DbErr> {
    company::Entity::find()
        .filter(company::Column::EventId.eq(event.0))
        .filter(company::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// The offers and requests of some companies of the event, in writing order.
pub async fn offers_of_companies(
    db: &impl ConnectionTrait,
    event: EventId,
    ids: &[i64],
) -> Result<Vec<OfferRow>, DbErr> {
    offer::Entity::find()
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::CompanyId.is_in(ids.iter().copied()))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await
}
