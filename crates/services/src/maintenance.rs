//! Periodic housekeeping run by the worker: the connection log keeps one rolling year
//! (NFR-6); expired sessions and old login failures go away; abandoned uploads and trashed
//! files leave the file store.

use crate::InternalError;
use chrono::{DateTime, Duration, Utc};
use store::DatabaseConnection;

/// How long the connection log is kept.
pub const CONNECTION_LOG_RETENTION_DAYS: i64 = 365;

/// What one housekeeping pass removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    /// Connection-log lines older than a year.
    pub connections: u64,
    /// Sessions past their idle or absolute limit.
    pub sessions: u64,
    /// Login failures older than a day.
    pub login_failures: u64,
}

/// Runs one housekeeping pass as of `now`.
pub async fn purge(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    session_idle_minutes: i64,
) -> Result<PurgeReport, InternalError> {
    Ok(PurgeReport {
        connections: store::throttle::purge_connections(
            db,
            now - Duration::days(CONNECTION_LOG_RETENTION_DAYS),
        )
        .await?,
        sessions: store::sessions::purge_expired(
            db,
            now - Duration::minutes(session_idle_minutes),
            now,
        )
        .await?,
        login_failures: store::throttle::purge_failures(db, now - Duration::days(1)).await?,
    })
}

/// What one pass over the file store removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FilesReport {
    /// Uploads whose form was abandoned more than a day ago.
    pub abandoned_uploads: u64,
    /// Trashed files whose bytes could not be removed right after their deletion.
    pub trashed: u64,
}

/// Purges abandoned uploads and retries the removal of trashed files, as of `now`.
pub async fn purge_files(
    db: &DatabaseConnection,
    files: &crate::files::FileStore,
    now: DateTime<Utc>,
) -> Result<FilesReport, InternalError> {
    let trashed = crate::uploads::empty_trash(db, files).await?;
    let abandoned_uploads = crate::uploads::purge_abandoned(db, files, now).await?;
    Ok(FilesReport {
        abandoned_uploads,
        trashed,
    })
}
