//! Read queries of the public catalogue (PUB-5, PUB-6). A search first reads one summary row
//! per company — what it filters and sorts on, and the texts only when the visitor typed
//! words — then the full rows of the one page shown: with thousands of companies this keeps
//! a page well under the 50 ms target (`docs/benchmarks.md`).

use crate::entities::{company, offer};
use domain::EventId;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, Statement,
};

pub use crate::events::CompanyRow;
pub use offer::Model as OfferRow;

/// What filters, sorts and searches need of one validated company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanySummary {
    /// Company id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Country code.
    pub country: String,
    /// Sector code.
    pub sector: String,
    /// Kinds of its offers and requests, comma-separated (empty: none).
    pub kinds: String,
    /// Name, descriptions and offer texts separated by line feeds; empty unless asked for.
    pub texts: String,
}

/// What a search reads besides id, name, country and sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Nothing more (no offers read).
    Keys,
    /// The kinds of the offers.
    Kinds,
    /// The kinds and every searchable text.
    Texts,
}

/// One row per validated company of the event. A single grouped query: with thousands of
/// companies the cost of a page is mostly per row read, so offers are aggregated in the
/// database (`string_agg`, in PostgreSQL and SQLite 3.44+).
pub async fn summaries(
    db: &impl ConnectionTrait,
    event: EventId,
    detail: Detail,
) -> Result<Vec<CompanySummary>, DbErr> {
    let backend = db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    // A line feed inside the SQL string literals: the same text on both databases.
    let (kinds, texts, join) = match detail {
        Detail::Keys => ("''", "''", ""),
        Detail::Kinds => (
            "COALESCE(string_agg(o.kind, ','), '')",
            "''",
            "LEFT JOIN offer o ON o.event_id = c.event_id AND o.company_id = c.id",
        ),
        Detail::Texts => (
            "COALESCE(string_agg(o.kind, ','), '')",
            "c.name || '\n' || c.description_fr || '\n' || c.description_en || '\n' || \
             COALESCE(string_agg(o.title || '\n' || o.description || '\n' || o.keywords, '\n'), '')",
            "LEFT JOIN offer o ON o.event_id = c.event_id AND o.company_id = c.id",
        ),
    };
    let sql = format!(
        "SELECT c.id AS id, c.name AS name, c.country AS country, c.sector AS sector, \
         {kinds} AS kinds, {texts} AS texts FROM company c {join} \
         WHERE c.event_id = {placeholder} AND c.status = 'validated' GROUP BY c.id"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [event.0.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(CompanySummary {
                id: row.try_get("", "id")?,
                name: row.try_get("", "name")?,
                country: row.try_get("", "country")?,
                sector: row.try_get("", "sector")?,
                kinds: row.try_get("", "kinds")?,
                texts: row.try_get("", "texts")?,
            })
        })
        .collect()
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
