//! Browser sessions, stored in the database so that every instance sees them.

use crate::entities::http_session;
use chrono::{DateTime, Utc};
use domain::UserId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

pub use http_session::Model as SessionRow;

/// Stores a new session.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &impl ConnectionTrait,
    token_hash: &str,
    user: UserId,
    ip: &str,
    user_agent: &str,
    now: DateTime<Utc>,
    absolute_expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    http_session::ActiveModel {
        token_hash: Set(token_hash.to_string()),
        user_id: Set(user.0),
        ip: Set(ip.to_string()),
        user_agent: Set(user_agent.to_string()),
        created_at: Set(now),
        last_seen_at: Set(now),
        absolute_expires_at: Set(absolute_expires_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Finds a session by the hash of its cookie secret.
pub async fn find(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<SessionRow>, DbErr> {
    http_session::Entity::find()
        .filter(http_session::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Records activity on a session (for the idle timeout).
pub async fn touch(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    http_session::Entity::update_many()
        .col_expr(
            http_session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(http_session::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends one session.
pub async fn delete(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    http_session::Entity::delete_many()
        .filter(http_session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of an account ("log out everywhere", password change).
pub async fn delete_all_for_user(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    Ok(http_session::Entity::delete_many()
        .filter(http_session::Column::UserId.eq(user.0))
        .exec(db)
        .await?
        .rows_affected)
}

/// Removes sessions past their idle or absolute limit.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    idle_cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use sea_orm::Condition;
    Ok(http_session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(http_session::Column::LastSeenAt.lt(idle_cutoff))
                .add(http_session::Column::AbsoluteExpiresAt.lt(now)),
        )
        .exec(db)
        .await?
        .rows_affected)
}
