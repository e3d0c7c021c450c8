//! Assignment rules of an event (REG-10).

use crate::entities::{assignment_rule, participant};
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr,
};

pub use assignment_rule::Model as RuleRow;

/// The event's rules, oldest first.
pub async fn rules(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<RuleRow>, DbErr> {
    assignment_rule::Entity::find()
        .filter(assignment_rule::Column::EventId.eq(event.0))
        .order_by_asc(assignment_rule::Column::Id)
        .all(db)
        .await
}

/// Adds a rule.
pub async fn insert(
    db: &impl ConnectionTrait,
    event: EventId,
    kind: &str,
    value: &str,
    coorganizer: i64,
    now: DateTime<Utc>,
) -> Result<RuleRow, DbErr> {
    assignment_rule::ActiveModel {
        event_id: Set(event.0),
        rule_kind: Set(kind.to_string()),
        value: Set(value.to_string()),
        coorganizer_user_id: Set(coorganizer),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Deletes a rule of the event; returns it.
pub async fn delete(
    db: &impl ConnectionTrait,
    event: EventId,
    id: i64,
) -> Result<Option<RuleRow>, DbErr> {
    let found = assignment_rule::Entity::find_by_id(id)
        .filter(assignment_rule::Column::EventId.eq(event.0))
        .one(db)
        .await?;
    if found.is_some() {
        assignment_rule::Entity::delete_by_id(id).exec(db).await?;
    }
    Ok(found)
}

/// Attaches every person of a company to a co-organizer.
pub async fn assign_company(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    coorganizer: Option<i64>,
) -> Result<(), DbErr> {
    participant::Entity::update_many()
        .col_expr(
            participant::Column::CoorganizerUserId,
            Expr::value(coorganizer),
        )
        .filter(participant::Column::EventId.eq(event.0))
        .filter(participant::Column::CompanyId.eq(company_id))
        .exec(db)
        .await
        .map(|_| ())
}
