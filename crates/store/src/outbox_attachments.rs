//! Files attached to outbox emails, rendered by the worker at send time (REG-7: the badge
//! PDF in the confirmation email).

use crate::entities::{outbox_attachment, outbox_message};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use outbox_attachment::Model as AttachmentRow;

/// The outbox id of a message by its unique id (just enqueued in the same transaction).
pub async fn message_id(
    db: &impl ConnectionTrait,
    message_uid: &str,
) -> Result<Option<i64>, DbErr> {
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::MessageUid.eq(message_uid))
        .one(db)
        .await?
        .map(|m| m.id))
}

/// Attaches a file to be rendered at send time, in the caller's transaction.
pub async fn insert(
    db: &impl ConnectionTrait,
    message_id: i64,
    kind: &str,
    ref_id: i64,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<AttachmentRow, DbErr> {
    outbox_attachment::ActiveModel {
        message_id: Set(message_id),
        kind: Set(kind.to_string()),
        ref_id: Set(ref_id),
        file_name: Set(file_name.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The attachments of a message, in the order they were added.
pub async fn of_message(
    db: &impl ConnectionTrait,
    message_id: i64,
) -> Result<Vec<AttachmentRow>, DbErr> {
    outbox_attachment::Entity::find()
        .filter(outbox_attachment::Column::MessageId.eq(message_id))
        .order_by_asc(outbox_attachment::Column::Id)
        .all(db)
        .await
}
