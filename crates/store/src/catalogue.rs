//! Read queries of the public catalogue (PUB-5, PUB-6). A search first reads one summary row
//! per company — what it filters and sorts on, and the texts only when the visitor typed
//! words — then the full rows of the one page shown: with thousands of companies this keeps
//! a page well under the 50 ms target (`docs/benchmarks.md`).

use crate::entities::{company, offer, participant};
use domain::EventId;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
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

/// Which texts the organizer made public, hence searchable (BO-3); names and offer titles
/// always are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextColumns {
    /// The company's French description.
    pub description_fr: bool,
    /// The company's English description.
    pub description_en: bool,
    /// Offers' descriptions.
    pub offer_description: bool,
    /// Offers' keywords.
    pub offer_keywords: bool,
}

/// One row per validated company of the event, its refused offers left out. A single grouped
/// query: with thousands of companies the cost of a page is mostly per row read, so offers
/// are aggregated in the database (`string_agg`, in PostgreSQL and SQLite 3.44+).
pub async fn summaries(
    db: &impl ConnectionTrait,
    event: EventId,
    detail: Detail,
    public: TextColumns,
) -> Result<Vec<CompanySummary>, DbErr> {
    let backend = db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    // Only fixed SQL fragments are assembled here, never input. A line feed inside the SQL
    // string literals: the same text on both databases.
    let pick = |public: bool, column: &'static str| if public { column } else { "''" };
    let join = "LEFT JOIN offer o ON o.event_id = c.event_id AND o.company_id = c.id \
                AND o.status <> 'refused'";
    let texts = format!(
        "c.name || '\n' || {} || '\n' || {} || '\n' || \
         COALESCE(string_agg(o.title || '\n' || {} || '\n' || {}, '\n'), '')",
        pick(public.description_fr, "c.description_fr"),
        pick(public.description_en, "c.description_en"),
        pick(public.offer_description, "o.description"),
        pick(public.offer_keywords, "o.keywords"),
    );
    let (kinds, texts, join) = match detail {
        Detail::Keys => ("''", "''".to_string(), ""),
        Detail::Kinds => (
            "COALESCE(string_agg(o.kind, ','), '')",
            "''".to_string(),
            join,
        ),
        Detail::Texts => ("COALESCE(string_agg(o.kind, ','), '')", texts, join),
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

/// (participant id, company id) of the people of some companies of the event.
pub async fn people_of_companies(
    db: &impl ConnectionTrait,
    event: EventId,
    ids: &[i64],
) -> Result<Vec<(i64, i64)>, DbErr> {
    let rows = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|p| p.company_id.map(|c| (p.id, c)))
        .collect())
}

/// (participant id, company id) of every person of the event with a company.
pub async fn people_of_event(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let rows: Vec<(i64, Option<i64>)> = participant::Entity::find()
        .select_only()
        .column(participant::Column::Id)
        .column(participant::Column::CompanyId)
        .filter(participant::Column::EventId.eq(event.0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, c)| c.map(|c| (p, c)))
        .collect())
}

/// (offer id, company id) of the event's offers and requests that are not refused.
pub async fn public_offers_of_event(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(i64, i64)>, DbErr> {
    offer::Entity::find()
        .select_only()
        .column(offer::Column::Id)
        .column(offer::Column::CompanyId)
        .filter(offer::Column::EventId.eq(event.0))
        .filter(offer::Column::Status.ne("refused"))
        .into_tuple()
        .all(db)
        .await
}

/// The answers to some fields of the event's companies, their people and their offers (refused
/// offers left out), each with the company it belongs to: (company id, field key, value).
/// One query, so that a search reads only what it filters or searches on.
pub async fn answers_by_company(
    db: &impl ConnectionTrait,
    event: EventId,
    keys: &[&str],
) -> Result<Vec<(i64, String, String)>, DbErr> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let placeholder = |n: usize| {
        if backend == DbBackend::Postgres {
            format!("${n}")
        } else {
            "?".to_string()
        }
    };
    let list: Vec<String> = (0..keys.len()).map(|i| placeholder(i + 2)).collect();
    let sql = format!(
        "SELECT COALESCE(fv.company_id, o.company_id, p.company_id) AS company, \
         fv.field_key AS field_key, fv.value AS value FROM field_value fv \
         LEFT JOIN offer o ON o.id = fv.offer_id \
         LEFT JOIN participant p ON p.id = fv.participant_id \
         WHERE fv.event_id = {} AND fv.field_key IN ({}) \
         AND (fv.offer_id IS NULL OR o.status <> 'refused')",
        placeholder(1),
        list.join(", ")
    );
    let mut values: Vec<sea_orm::Value> = vec![event.0.into()];
    values.extend(keys.iter().map(|k| (*k).into()));
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let company: Option<i64> = row.try_get("", "company")?;
        if let Some(company) = company {
            out.push((
                company,
                row.try_get("", "field_key")?,
                row.try_get("", "value")?,
            ));
        }
    }
    Ok(out)
}
