//! Metadata of stored files (the bytes live in the `FileStore`), uploads pending until their
//! form is accepted, and the trash of files whose record was deleted.

use crate::entities::{file_object, file_trash, pending_upload};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

pub use file_object::Model as FileRow;

/// Records a stored file.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &impl ConnectionTrait,
    event_id: Option<i64>,
    sha256: &str,
    content_type: &str,
    size_bytes: i64,
    original_name: &str,
    storage_key: &str,
    now: DateTime<Utc>,
) -> Result<FileRow, DbErr> {
    file_object::ActiveModel {
        event_id: Set(event_id),
        sha256: Set(sha256.to_string()),
        content_type: Set(content_type.to_string()),
        size_bytes: Set(size_bytes),
        original_name: Set(original_name.to_string()),
        storage_key: Set(storage_key.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Finds a file by id.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<FileRow>, DbErr> {
    file_object::Entity::find_by_id(id).one(db).await
}

/// A checked upload kept until its form is accepted.
pub use crate::entities::pending_upload::Model as PendingRow;

/// What is recorded about a pending upload.
pub struct NewPending<'a> {
    /// The one-time token the form carries.
    pub token: &'a str,
    /// The event the form belongs to, if any.
    pub event_id: Option<i64>,
    /// Key in the file store.
    pub storage_key: &'a str,
    /// The sender's file name, sanitised.
    pub original_name: &'a str,
    /// The type found in the content.
    pub content_type: &'a str,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hex.
    pub sha256: &'a str,
}

/// Records a pending upload.
pub async fn insert_pending(
    db: &impl ConnectionTrait,
    new: NewPending<'_>,
    now: DateTime<Utc>,
) -> Result<PendingRow, DbErr> {
    pending_upload::ActiveModel {
        token: Set(new.token.to_string()),
        event_id: Set(new.event_id),
        storage_key: Set(new.storage_key.to_string()),
        original_name: Set(new.original_name.to_string()),
        content_type: Set(new.content_type.to_string()),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A pending upload of the event (or of no event) by its token.
pub async fn find_pending(
    db: &impl ConnectionTrait,
    event_id: Option<i64>,
    token: &str,
) -> Result<Option<PendingRow>, DbErr> {
    let row = pending_upload::Entity::find()
        .filter(pending_upload::Column::Token.eq(token))
        .one(db)
        .await?;
    Ok(row.filter(|r| r.event_id == event_id))
}

/// Deletes a pending upload by id; returns rows deleted (0 when another request took it).
pub async fn delete_pending(db: &impl ConnectionTrait, id: i64) -> Result<u64, DbErr> {
    Ok(pending_upload::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected)
}

/// Pending uploads created before a moment (abandoned forms).
pub async fn pending_before(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<PendingRow>, DbErr> {
    pending_upload::Entity::find()
        .filter(pending_upload::Column::CreatedAt.lt(before))
        .order_by_asc(pending_upload::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Puts storage keys in the file trash (in the transaction that deleted their records).
pub async fn trash(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for key in keys {
        file_trash::ActiveModel {
            storage_key: Set(key.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The oldest entries of the file trash.
pub async fn trashed(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<file_trash::Model>, DbErr> {
    file_trash::Entity::find()
        .order_by_asc(file_trash::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Removes an entry of the file trash once its bytes are gone.
pub async fn untrash(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    file_trash::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
