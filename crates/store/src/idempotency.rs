//! One-time form keys: the first outcome of a create form is stored and returned on replay.

use crate::entities::idempotency_key;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// The stored outcome (usually the URL to redirect to) for a key, if the form was already
/// processed.
pub async fn outcome(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(idempotency_key::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|row| row.outcome))
}

/// Records the outcome of a key in the caller's transaction. A concurrent duplicate fails
/// with a unique violation and its transaction rolls back.
pub async fn record(
    db: &impl ConnectionTrait,
    key: &str,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    idempotency_key::ActiveModel {
        key: Set(key.to_string()),
        outcome: Set(outcome.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .map(|_| ())
}
