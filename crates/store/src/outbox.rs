//! Outgoing messages, written with the change that causes them and delivered by the worker.

use crate::entities::outbox_message;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

pub use outbox_message::Model as OutboxRow;

/// Waiting to be sent (or to be retried).
pub const STATUS_PENDING: &str = "pending";
/// Delivered to the SMTP server.
pub const STATUS_SENT: &str = "sent";
/// Given up after the last retry.
pub const STATUS_FAILED: &str = "failed";

/// A message to enqueue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Unique id, also used as the email's Message-ID so a retry is never a second message.
    pub message_uid: String,
    /// The event it belongs to, if any.
    pub event_id: Option<i64>,
    /// `email` or `sms`; each channel has its own sender in the worker.
    pub channel: String,
    /// Address.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// Optional HTML body.
    pub body_html: Option<String>,
}

/// Enqueues a message in the caller's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    message: NewMessage,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox_message::ActiveModel {
        message_uid: Set(message.message_uid),
        event_id: Set(message.event_id),
        channel: Set(message.channel),
        recipient: Set(message.recipient),
        subject: Set(message.subject),
        body_text: Set(message.body_text),
        body_html: Set(message.body_html),
        status: Set(STATUS_PENDING.to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Due messages not claimed by another worker, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    channel: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<OutboxRow>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Channel.eq(channel))
        .filter(outbox_message::Column::Status.eq(STATUS_PENDING))
        .filter(outbox_message::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox_message::Column::ClaimedUntil.is_null())
                .add(outbox_message::Column::ClaimedUntil.lt(now)),
        )
        .order_by_asc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Claims a message for delivery until a time. A conditional update, so that of two workers
/// racing for one message exactly one wins, on SQLite and PostgreSQL alike.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(until))
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::Status.eq(STATUS_PENDING))
        .filter(
            Condition::any()
                .add(outbox_message::Column::ClaimedUntil.is_null())
                .add(outbox_message::Column::ClaimedUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks a message delivered.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    attempts: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox_message::ActiveModel {
        id: Set(id),
        status: Set(STATUS_SENT.to_string()),
        attempts: Set(attempts),
        sent_at: Set(Some(now)),
        claimed_until: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Records a failed attempt: retried at `retry_at`, or marked failed when `None`.
pub async fn mark_attempt_failed(
    db: &impl ConnectionTrait,
    id: i64,
    attempts: i32,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let mut model = outbox_message::ActiveModel {
        id: Set(id),
        attempts: Set(attempts),
        last_error: Set(Some(error.chars().take(1000).collect())),
        claimed_until: Set(None),
        ..Default::default()
    };
    match retry_at {
        Some(at) => model.next_attempt_at = Set(at),
        None => model.status = Set(STATUS_FAILED.to_string()),
    }
    model.update(db).await.map(|_| ())
}

/// Puts a failed message back in the queue (principal admin action).
pub async fn requeue(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value(STATUS_PENDING))
        .col_expr(outbox_message::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox_message::Column::Attempts, Expr::value(0))
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::Status.eq(STATUS_FAILED))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The newest messages, for the outbox page.
pub async fn recent(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxRow>, DbErr> {
    outbox_message::Entity::find()
        .order_by_desc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// One message by id.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<OutboxRow>, DbErr> {
    outbox_message::Entity::find_by_id(id).one(db).await
}
