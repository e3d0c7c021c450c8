//! Metadata of stored files; the bytes live in the `FileStore`.

use crate::entities::file_object;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

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
