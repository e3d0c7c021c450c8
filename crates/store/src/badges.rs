//! Queries behind badges (CHK-5, PRV-7): the people to print with their company, and their
//! participant category answers. Always scoped to one event.

use crate::entities::{company, field_value, participant};
use domain::EventId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub use crate::events::{CompanyRow, ParticipantRow};

/// The participant status that admits a badge.
pub const VALIDATED: &str = "validated";

/// A participant with their company (if any), as printed on a badge.
#[derive(Debug, Clone)]
pub struct BadgeRow {
    /// The person.
    pub participant: ParticipantRow,
    /// Their company.
    pub company: Option<CompanyRow>,
}

/// One participant of the event, with their company.
pub async fn one(
    db: &impl ConnectionTrait,
    event: EventId,
    participant_id: i64,
) -> Result<Option<BadgeRow>, DbErr> {
    let Some(person) = participant::Entity::find_by_id(participant_id)
        .filter(participant::Column::EventId.eq(event.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let company = match person.company_id {
        Some(id) => {
            company::Entity::find_by_id(id)
                .filter(company::Column::EventId.eq(event.0))
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(Some(BadgeRow {
        participant: person,
        company,
    }))
}

/// Validated participants of the event (all when `only` is `None`, else those listed that
/// are validated), by last name then first name, with their companies: two queries.
pub async fn validated(
    db: &impl ConnectionTrait,
    event: EventId,
    only: Option<&[i64]>,
) -> Result<Vec<BadgeRow>, DbErr> {
    let mut query = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::Status.eq(VALIDATED));
    if let Some(ids) = only {
        query = query.filter(participant::Column::Id.is_in(ids.iter().copied()));
    }
    let people = query
        .order_by_asc(participant::Column::LastName)
        .order_by_asc(participant::Column::FirstName)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await?;
    let companies: HashMap<i64, CompanyRow> = company::Entity::find()
        .filter(company::Column::EventId.eq(event.0))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(people
        .into_iter()
        .map(|p| BadgeRow {
            company: p.company_id.and_then(|id| companies.get(&id).cloned()),
            participant: p,
        })
        .collect())
}

/// Each participant's first `category` answer (taxonomy code), for the whole event: one query.
pub async fn categories(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<HashMap<i64, String>, DbErr> {
    let mut out = HashMap::new();
    let rows = field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event.0))
        .filter(field_value::Column::FieldKey.eq("category"))
        .filter(field_value::Column::ParticipantId.is_not_null())
        .order_by_asc(field_value::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        if let Some(pid) = row.participant_id
            && !row.value.trim().is_empty()
        {
            out.entry(pid).or_insert(row.value);
        }
    }
    Ok(out)
}
