//! Documents generated in the background (badges for everyone, attendance sheets, agendas…):
//! the organizer queues a job, a worker claims it, renders it while reporting progress, and
//! stores the file for download. Several workers may run: a job is claimed by a conditional
//! update, and a claim that expires (worker died) lets another worker take it over.

use crate::InternalError;
use crate::files::FileStore;
use chrono::{DateTime, Duration, Utc};
use domain::{EventId, Locale};
use serde::{Deserialize, Serialize};
use store::DatabaseConnection;
use store::event_day::DocJobRow;
use tokio::sync::watch;

/// How long a claim lasts without progress before another worker may take the job over.
const CLAIM: i64 = 5;

/// The kinds of document a job can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Badges of every (or some) participant (CHK-5).
    Badges,
    /// Attendance sheets per session or animation.
    AttendanceSheets,
    /// Personal convocation letters with programme and agenda.
    Convocations,
    /// Folded A4 name cards.
    TableTents,
    /// Attendance certificates, checked-in participants only.
    Certificates,
    /// Personal agendas.
    PersonalAgendas,
    /// A schedule per table for table hosts.
    TableSchedules,
}

impl JobKind {
    /// Every kind, in the order of the Documents page.
    pub const ALL: [JobKind; 7] = [
        JobKind::Badges,
        JobKind::AttendanceSheets,
        JobKind::Convocations,
        JobKind::TableTents,
        JobKind::Certificates,
        JobKind::PersonalAgendas,
        JobKind::TableSchedules,
    ];

    /// Stable code stored in `doc_job.kind` and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            JobKind::Badges => "badges",
            JobKind::AttendanceSheets => "attendance_sheets",
            JobKind::Convocations => "convocations",
            JobKind::TableTents => "table_tents",
            JobKind::Certificates => "certificates",
            JobKind::PersonalAgendas => "personal_agendas",
            JobKind::TableSchedules => "table_schedules",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Progress reported by a renderer: (done, total). Cheap to call from a blocking thread.
#[derive(Clone)]
pub struct Progress(watch::Sender<(usize, usize)>);

impl Progress {
    /// Reports that `done` of `total` units (pages, people) are made.
    pub fn report(&self, done: usize, total: usize) {
        self.0.send_replace((done, total));
    }

    /// A progress sink that goes nowhere (tests, one-off documents rendered in a request).
    pub fn ignored() -> Progress {
        Progress(watch::channel((0, 0)).0)
    }
}

/// Why a job failed, shown to the organizer (already in the job's language).
#[derive(Debug)]
pub struct JobFailure(pub String);

impl From<InternalError> for JobFailure {
    fn from(e: InternalError) -> Self {
        tracing::error!(error = %e, "document job failed");
        JobFailure(e.to_string())
    }
}

impl From<store::DbErr> for JobFailure {
    fn from(e: store::DbErr) -> Self {
        JobFailure::from(InternalError::from(e))
    }
}

/// What the organizer asked for.
pub struct JobRequest {
    /// The document kind.
    pub kind: JobKind,
    /// The kind's parameters (session, scope…), parsed by the kind's renderer.
    pub params: serde_json::Value,
    /// The document's language.
    pub locale: Locale,
    /// The download name, e.g. `badges.pdf`.
    pub file_name: String,
    /// The organizer who asked.
    pub requested_by: Option<i64>,
}

/// Queues a job; the worker picks it up within seconds.
pub async fn enqueue(
    db: &DatabaseConnection,
    event: EventId,
    request: JobRequest,
) -> Result<DocJobRow, InternalError> {
    let job = store::event_day::insert_job(
        db,
        store::event_day::NewDocJob {
            event_id: event.0,
            kind: request.kind.code(),
            params: request.params.to_string(),
            locale: request.locale.code(),
            file_name: request.file_name,
            requested_by: request.requested_by,
        },
        Utc::now(),
    )
    .await?;
    Ok(job)
}

/// Claims and runs due jobs one after the other; returns how many finished.
pub async fn run_due(
    db: &DatabaseConnection,
    files: &FileStore,
    now: DateTime<Utc>,
) -> Result<usize, InternalError> {
    let mut finished = 0;
    for job in store::event_day::claimable_jobs(db, now, 5).await? {
        if !store::event_day::claim_job(db, job.id, now, now + Duration::minutes(CLAIM)).await? {
            continue;
        }
        run_one(db, files, &job).await?;
        finished += 1;
    }
    Ok(finished)
}

/// Runs one claimed job: renders while writing progress about twice a second, then stores
/// the file (or the failure).
async fn run_one(
    db: &DatabaseConnection,
    files: &FileStore,
    job: &DocJobRow,
) -> Result<(), InternalError> {
    let (sender, mut receiver) = watch::channel((0usize, 0usize));
    let render = super::documents::render(db, files, job, Progress(sender));
    tokio::pin!(render);
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
    let outcome = loop {
        tokio::select! {
            outcome = &mut render => break outcome,
            _ = tick.tick() => {
                if receiver.has_changed().unwrap_or(false) {
                    let (done, total) = *receiver.borrow_and_update();
                    let now = Utc::now();
                    store::event_day::job_progress(
                        db,
                        job.id,
                        i32::try_from(done).unwrap_or(i32::MAX),
                        i32::try_from(total).unwrap_or(i32::MAX),
                        now + Duration::minutes(CLAIM),
                        now,
                    )
                    .await?;
                }
            }
        }
    };
    // A render faster than the first tick still leaves its final count on the job.
    let (done, total) = *receiver.borrow();
    let now = Utc::now();
    store::event_day::job_progress(
        db,
        job.id,
        i32::try_from(done).unwrap_or(i32::MAX),
        i32::try_from(total).unwrap_or(i32::MAX),
        now + Duration::minutes(CLAIM),
        now,
    )
    .await?;
    let stored = match outcome {
        Ok(bytes) => Ok(files.put(&bytes).await?),
        Err(JobFailure(reason)) => Err(reason),
    };
    store::event_day::finish_job(db, job.id, stored, Utc::now()).await?;
    Ok(())
}
