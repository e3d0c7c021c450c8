//! Attendance certificates, for checked-in participants only (the `checkin` table), signed by
//! the event's certificate signatory.

use super::{DocContext, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use store::DatabaseConnection;

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let checked_in = store::checkin::checked_in(db, event).await?;
    let settings = crate::event_day::load(db, domain::EventId(event)).await?;
    let venues = store::documents::venues(db, event).await?;
    let place = venues
        .first()
        .map(|v| v.name.clone())
        .unwrap_or_else(|| ctx.branding.venue_line.clone());
    let issued_on = ctx.long_date(ctx.day_of(chrono::Utc::now()));
    let items: Vec<documents::Certificate> = store::documents::people(db, event)
        .await?
        .into_iter()
        .filter(|p| checked_in.contains_key(&p.participant_id))
        .map(|p| documents::Certificate {
            name: p.name(),
            company: p.company.clone(),
            event_dates: ctx.event_dates(),
            place: place.clone(),
            signatory: settings.certificate_signatory.clone(),
            issued_on: issued_on.clone(),
        })
        .collect();
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    run_blocking(locale, progress, move |report| {
        documents::certificates(&branding, &items, locale, report)
    })
    .await
}
