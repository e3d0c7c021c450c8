//! The back office's printed documents (CHK-5): attendance sheets, convocations, table tents,
//! certificates, personal agendas, table schedules, and bulk badges through `badges`. Each
//! kind gathers its data from the database, then renders with the `documents` crate.

use super::jobs::{JobFailure, Progress};
use store::DatabaseConnection;
use store::event_day::DocJobRow;

/// Renders a queued job's document (called by `jobs::run_due`).
pub async fn render(
    _db: &DatabaseConnection,
    job: &DocJobRow,
    _progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    Err(JobFailure(format!(
        "document kind {} is not available yet",
        job.kind
    )))
}
