//! The back office's printed documents (CHK-5): attendance sheets, convocations, table tents,
//! certificates, personal agendas, table schedules, and bulk badges through `badges`. Each
//! kind gathers its data from the database (a few queries per job, whatever the number of
//! people), then renders with the `documents` crate on a blocking thread while reporting
//! progress. Every time printed is in the event's time zone.

mod agendas;
mod attendance;
mod certificates;
mod convocations;
mod page;
mod tables;
mod tents;

pub use page::{Overview, TextsError, TextsInput, overview, save_texts};

use super::jobs::{JobFailure, JobKind, Progress};
use crate::files::FileStore;
use crate::i18n::t;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::{EventId, Locale};
use serde::{Deserialize, Serialize};
use store::DatabaseConnection;
use store::event_day::DocJobRow;
use store::events::EventRow;

/// The options of a job, as queued by the Documents page (missing fields take defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobParams {
    /// Attendance sheets: one session only (`None`: one sheet per session).
    pub session_id: Option<i64>,
    /// Personal agendas: only those whose meetings changed since their last issue.
    pub only_changed: bool,
    /// Table schedules: these table labels only (empty: every table with meetings).
    pub tables: Vec<String>,
}

/// Renders a queued job's document (called by `jobs::run_due`).
pub async fn render(
    db: &DatabaseConnection,
    files: &FileStore,
    job: &DocJobRow,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let locale = Locale::parse(&job.locale).unwrap_or(Locale::Fr);
    let Some(kind) = JobKind::from_code(&job.kind) else {
        return Err(JobFailure(t(locale, "documents-error-kind")));
    };
    let params: JobParams = serde_json::from_str(&job.params).unwrap_or_default();
    let event = EventId(job.event_id);
    if kind == JobKind::Badges {
        // Every participant's badge, laid out as set in the Badges tab.
        return super::badges::render_for(db, files, event, None, locale, progress).await;
    }
    let ctx = DocContext::load(db, files, event, locale).await?;
    match kind {
        JobKind::Badges => Err(JobFailure(t(locale, "documents-error-kind"))),
        JobKind::AttendanceSheets => attendance::render(db, &ctx, &params, progress).await,
        JobKind::Convocations => convocations::render(db, &ctx, progress).await,
        JobKind::TableTents => tents::render(db, &ctx, progress).await,
        JobKind::Certificates => certificates::render(db, &ctx, progress).await,
        JobKind::PersonalAgendas => agendas::render(db, &ctx, &params, progress).await,
        JobKind::TableSchedules => tables::render(db, &ctx, &params, progress).await,
    }
}

/// What every document of one job needs: the event, the language, the time zone and the
/// branding.
pub(crate) struct DocContext {
    /// The event.
    pub event: EventRow,
    /// The document's language.
    pub locale: Locale,
    /// The event's time zone.
    pub tz: chrono_tz::Tz,
    /// Name, colour, logo, venue line.
    pub branding: documents::Branding,
}

impl DocContext {
    async fn load(
        db: &DatabaseConnection,
        files: &FileStore,
        event: EventId,
        locale: Locale,
    ) -> Result<DocContext, JobFailure> {
        let row = store::events::find(db, event)
            .await?
            .ok_or_else(|| JobFailure(t(locale, "documents-error-kind")))?;
        let tz: chrono_tz::Tz = row.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
        let mut logos = Vec::new();
        if let Some(file_id) = row.banner_file_id
            && let Some(file) = store::files::find(db, file_id).await?
            && (file.content_type == "image/png" || file.content_type == "image/jpeg")
            && let Some(bytes) = files.get(&file.storage_key).await?
        {
            logos.push(documents::Image { bytes });
        }
        let venue_line = store::documents::venues(db, event.0)
            .await?
            .first()
            .map(|v| {
                [v.name.as_str(), v.address.as_str()]
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let branding = documents::Branding {
            event_name: match locale {
                Locale::Fr => row.name_fr.clone(),
                Locale::En => row.name_en.clone(),
            },
            colour: row.primary_color.clone(),
            logos,
            venue_line,
        };
        Ok(DocContext {
            event: row,
            locale,
            tz,
            branding,
        })
    }

    /// Translates a message id in the document's language.
    pub fn t(&self, key: &str) -> String {
        t(self.locale, key)
    }

    /// "09:00" in the event's time zone.
    pub fn hm(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz).format("%H:%M").to_string()
    }

    /// "09:00–09:20" in the event's time zone.
    pub fn span(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
        format!("{}–{}", self.hm(from), self.hm(to))
    }

    /// The local day of an instant.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// "mardi 9 mars 2027" / "Tuesday 9 March 2027".
    pub fn long_date(&self, day: NaiveDate) -> String {
        let weekday = self.t(&format!(
            "documents-weekday-{}",
            day.weekday().number_from_monday()
        ));
        let month = self.t(&format!("email-month-{}", day.month()));
        format!("{weekday} {} {month} {}", day.day(), day.year())
    }

    /// The event's dates, "10–11 mars 2027".
    pub fn event_dates(&self) -> String {
        crate::email_templates::format_dates(self.locale, self.event.starts_on, self.event.ends_on)
    }

    /// Now as printed on documents ("30/11/2026 08:12"), in the event's time zone.
    pub fn now_label(&self) -> String {
        crate::meetings::notify::local_time(Utc::now(), &self.event.time_zone, self.locale)
    }
}

/// Renders on a blocking thread, reporting progress, and turns the crate's errors into a
/// reason the organizer reads in the job's language.
pub(crate) async fn run_blocking<F>(
    locale: Locale,
    progress: Progress,
    work: F,
) -> Result<Vec<u8>, JobFailure>
where
    F: FnOnce(&dyn Fn(usize, usize)) -> Result<Vec<u8>, documents::DocumentError> + Send + 'static,
{
    let outcome = tokio::task::spawn_blocking(move || {
        let report = move |done: usize, total: usize| progress.report(done, total);
        work(&report)
    })
    .await
    .map_err(|e| JobFailure(format!("{}: {e}", t(locale, "documents-error-render"))))?;
    outcome.map_err(|e| match e {
        documents::DocumentError::Empty => JobFailure(t(locale, "documents-error-empty")),
        other => {
            tracing::error!(error = %other, "document rendering failed");
            JobFailure(format!("{}: {other}", t(locale, "documents-error-render")))
        }
    })
}

/// Groups lines by local day, keeping their order.
pub(crate) fn by_day<T>(items: Vec<(NaiveDate, T)>) -> Vec<(NaiveDate, Vec<T>)> {
    let mut days: Vec<(NaiveDate, Vec<T>)> = Vec::new();
    for (day, item) in items {
        match days.last_mut() {
            Some((d, lines)) if *d == day => lines.push(item),
            _ => days.push((day, vec![item])),
        }
    }
    days
}

/// A place label as the documents print it after their own "Table" word: "Table 12" → "12";
/// other labels ("Stand A3") unchanged.
pub(crate) fn table_number(label: &str) -> String {
    let trimmed = label.trim();
    match trimmed.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("table ") => trimmed[6..].trim().to_string(),
        _ => trimmed.to_string(),
    }
}
