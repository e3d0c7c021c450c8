//! Uploads that outlive a refused form. A file sent with a form is checked (type by
//! content, size) and stored at once as a *pending upload* with a one-time token; the form
//! comes back with the token in a hidden field when another field is in error, so nothing is
//! sent twice. When the form is finally accepted, the business transaction *claims* the
//! token and records the file where it belongs; abandoned uploads are purged by the worker
//! after a day.
//!
//! Deleting a file goes through the *file trash*: the record and a trash row change in the
//! same transaction, the bytes go after the commit (`empty_trash`), and the worker retries
//! whatever could not be removed then. A rolled-back transaction therefore never loses a
//! file that is still referenced.

use crate::InternalError;
use crate::files::{AttachmentType, FileStore, UploadError, sanitize_name};
use chrono::{DateTime, Duration, Utc};
use domain::EventId;
use sha2::{Digest, Sha256};
use store::DatabaseConnection;
use store::files::NewPending;

/// How long an upload waits for its form before the worker deletes it.
pub const PENDING_LIFETIME_HOURS: i64 = 24;

/// What a kind of upload accepts.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Largest file, bytes.
    pub max_bytes: usize,
    /// Finds the MIME type from the first bytes; `None` refuses the file.
    pub sniff: fn(&[u8]) -> Option<&'static str>,
}

impl Rules {
    /// Files attached to offers and requests: PDF, PNG, JPEG, WebP, GIF, MP4, QuickTime,
    /// WebM (never SVG, HTML, scripts or executables, whatever their name).
    pub fn attachments(max_bytes: usize) -> Rules {
        Rules {
            max_bytes,
            sniff: |bytes| AttachmentType::sniff(bytes).map(AttachmentType::mime),
        }
    }
}

/// A checked upload waiting for its form, as shown again on the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpload {
    /// The one-time token the form carries back.
    pub token: String,
    /// The sender's file name, sanitised.
    pub name: String,
    /// The type found in the content.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
}

impl PendingUpload {
    /// The size in kilobytes, rounded up (for display).
    pub fn size_kb(&self) -> i64 {
        (self.size_bytes + 1023) / 1024
    }
}

impl From<store::files::PendingRow> for PendingUpload {
    fn from(row: store::files::PendingRow) -> Self {
        PendingUpload {
            token: row.token,
            name: row.original_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
        }
    }
}

/// A claimed upload: everything needed to record it in its final place.
#[derive(Debug, Clone)]
pub struct ClaimedFile {
    /// Key in the file store.
    pub storage_key: String,
    /// The sender's file name, sanitised.
    pub original_name: String,
    /// The type found in the content.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

/// Whether a text can be one of our tokens (checked before any lookup).
fn is_token(text: &str) -> bool {
    (20..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Checks a sent file and keeps it as a pending upload of the event. Its own short
/// transaction: the file survives whatever happens to the form it came with.
pub async fn accept(
    db: &DatabaseConnection,
    files: &FileStore,
    event: Option<EventId>,
    original_name: &str,
    bytes: &[u8],
    rules: Rules,
) -> Result<PendingUpload, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > rules.max_bytes {
        return Err(UploadError::TooLarge);
    }
    let content_type = (rules.sniff)(bytes).ok_or(UploadError::WrongType)?;
    let key = files.put(bytes).await?;
    let token = crate::security::random_token();
    let name = sanitize_name(original_name);
    let sha = hex::encode(Sha256::digest(bytes));
    let new = NewPending {
        token: &token,
        event_id: event.map(|e| e.0),
        storage_key: &key,
        original_name: &name,
        content_type,
        size_bytes: bytes.len() as i64,
        sha256: &sha,
    };
    match store::files::insert_pending(db, new, Utc::now()).await {
        Ok(row) => Ok(row.into()),
        Err(e) => {
            let _ = files.delete(&key).await;
            Err(UploadError::Internal(e.into()))
        }
    }
}

/// The pending uploads of the event behind some tokens, in the same order; unknown or
/// expired tokens are left out.
pub async fn pending(
    db: &impl store::ConnectionTrait,
    event: Option<EventId>,
    tokens: &[String],
) -> Result<Vec<PendingUpload>, InternalError> {
    let mut found = Vec::new();
    for token in tokens {
        if !is_token(token) || found.iter().any(|p: &PendingUpload| &p.token == token) {
            continue;
        }
        if let Some(row) = store::files::find_pending(db, event.map(|e| e.0), token).await? {
            found.push(row.into());
        }
    }
    Ok(found)
}

/// Takes a pending upload inside the caller's transaction; `None` when the token is
/// unknown, expired or already taken. If the transaction rolls back, the upload stays
/// pending.
pub async fn claim(
    txn: &impl store::ConnectionTrait,
    event: Option<EventId>,
    token: &str,
) -> Result<Option<ClaimedFile>, store::DbErr> {
    if !is_token(token) {
        return Ok(None);
    }
    let Some(row) = store::files::find_pending(txn, event.map(|e| e.0), token).await? else {
        return Ok(None);
    };
    if store::files::delete_pending(txn, row.id).await? == 0 {
        return Ok(None);
    }
    Ok(Some(ClaimedFile {
        storage_key: row.storage_key,
        original_name: row.original_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
    }))
}

/// Drops pending uploads the sender removed from the form (bytes included).
pub async fn discard(
    db: &DatabaseConnection,
    files: &FileStore,
    event: Option<EventId>,
    tokens: &[String],
) -> Result<(), InternalError> {
    if tokens.is_empty() {
        return Ok(());
    }
    let txn = store::begin_write(db).await?;
    let now = Utc::now();
    for token in tokens {
        if let Some(file) = claim(&txn, event, token).await? {
            store::files::trash(&txn, &[file.storage_key], now).await?;
        }
    }
    txn.commit().await?;
    empty_trash(db, files).await?;
    Ok(())
}

/// Removes the bytes of trashed files, then their trash rows; returns how many went.
/// Called after the commit of a deletion, and by the worker for what failed then.
pub async fn empty_trash(db: &DatabaseConnection, files: &FileStore) -> Result<u64, InternalError> {
    let mut removed = 0;
    loop {
        let batch = store::files::trashed(db, 200).await?;
        if batch.is_empty() {
            return Ok(removed);
        }
        let full = batch.len() == 200;
        for entry in batch {
            files.delete(&entry.storage_key).await?;
            store::files::untrash(db, entry.id).await?;
            removed += 1;
        }
        if !full {
            return Ok(removed);
        }
    }
}

/// Deletes uploads whose form was abandoned more than a day before `now`; returns how
/// many went.
pub async fn purge_abandoned(
    db: &DatabaseConnection,
    files: &FileStore,
    now: DateTime<Utc>,
) -> Result<u64, InternalError> {
    let before = now - Duration::hours(PENDING_LIFETIME_HOURS);
    let mut purged = 0;
    loop {
        let batch = store::files::pending_before(db, before, 200).await?;
        if batch.is_empty() {
            break;
        }
        let txn = store::begin_write(db).await?;
        for row in &batch {
            if store::files::delete_pending(&txn, row.id).await? == 1 {
                store::files::trash(&txn, std::slice::from_ref(&row.storage_key), now).await?;
                purged += 1;
            }
        }
        txn.commit().await?;
        if batch.len() < 200 {
            break;
        }
    }
    empty_trash(db, files).await?;
    Ok(purged)
}
