//! Failed-login counters in the database, shared by every instance.

use crate::entities::{connection_log, login_failure};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Records one failure under a key (`acct:<email>` or `ip:<address>`).
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_failure::ActiveModel {
        throttle_key: Set(key.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Counts failures under a key since a time.
pub async fn failures_since(
    db: &impl ConnectionTrait,
    key: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    login_failure::Entity::find()
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .filter(login_failure::Column::CreatedAt.gte(since))
        .count(db)
        .await
}

/// Forgets the failures of a key (after a successful login).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}

/// Drops failures older than a cutoff.
pub async fn purge_failures(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(login_failure::Entity::delete_many()
        .filter(login_failure::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

pub use connection_log::Model as ConnectionRow;

/// One line of the connection log.
#[derive(Debug, Clone)]
pub struct NewConnection<'a> {
    /// The account, when the email matched one.
    pub user_id: Option<i64>,
    /// The email typed.
    pub email: &'a str,
    /// `success`, `bad_credentials`, `throttled`, `logout`…
    pub outcome: &'a str,
    /// Client address.
    pub ip: &'a str,
    /// Client user agent (truncated).
    pub user_agent: &'a str,
}

/// Appends to the connection log.
pub async fn log_connection(
    db: &impl ConnectionTrait,
    entry: NewConnection<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    connection_log::ActiveModel {
        user_id: Set(entry.user_id),
        email: Set(entry.email.to_string()),
        outcome: Set(entry.outcome.to_string()),
        ip: Set(entry.ip.to_string()),
        user_agent: Set(entry.user_agent.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The newest connection-log lines.
pub async fn recent_connections(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<ConnectionRow>, DbErr> {
    connection_log::Entity::find()
        .order_by_desc(connection_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Deletes connection-log lines older than a cutoff (NFR-6: one rolling year).
pub async fn purge_connections(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(connection_log::Entity::delete_many()
        .filter(connection_log::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
