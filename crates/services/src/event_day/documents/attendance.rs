//! Attendance sheets: one per B2B session (or the one chosen), listing who attends it (names,
//! companies, a signature column; the table header repeats on every page). Animations come
//! with issue 7.

use super::{DocContext, JobParams, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use chrono::NaiveTime;
use store::DatabaseConnection;

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    params: &JobParams,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let people = store::documents::people(db, event).await?;
    let attendance = store::documents::attendance(db, event).await?;
    let venues = store::documents::venues(db, event).await?;
    let sheets: Vec<documents::AttendanceSheet> = store::documents::sessions(db, event)
        .await?
        .into_iter()
        .filter(|s| params.session_id.is_none_or(|id| id == s.id))
        .map(|session| {
            let title = match ctx.locale {
                domain::Locale::Fr => session.name_fr.clone(),
                domain::Locale::En => session.name_en.clone(),
            };
            let hours = |s: &str| {
                NaiveTime::parse_from_str(s, "%H:%M")
                    .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_else(|_| s.to_string())
            };
            let when = format!(
                "{}, {}–{}",
                ctx.long_date(session.day),
                hours(&session.starts_local),
                hours(&session.ends_local)
            );
            let place = session
                .venue_id
                .and_then(|id| venues.iter().find(|v| v.id == id))
                .map(|v| v.name.clone())
                .unwrap_or_default();
            let rows = people
                .iter()
                .filter(|p| {
                    attendance
                        .get(&p.participant_id)
                        .is_none_or(|sessions| sessions.contains(&session.id))
                })
                .map(|p| documents::AttendanceRow {
                    name: p.name(),
                    company: p.company.clone(),
                })
                .collect();
            documents::AttendanceSheet {
                title,
                when,
                place,
                rows,
            }
        })
        .collect();
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    run_blocking(locale, progress, move |report| {
        documents::attendance_sheets(&branding, &sheets, locale, report)
    })
    .await
}
