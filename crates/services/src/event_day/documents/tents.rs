//! Table tents: a folded A4 name card per participant, the name readable from both sides;
//! the table is the participant's own stand or desk when they have one.

use super::{DocContext, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use store::DatabaseConnection;

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let people = store::documents::people(db, event).await?;
    let places = store::documents::places(db, event).await?;
    let tents: Vec<documents::TableTent> = people
        .iter()
        .map(|p| documents::TableTent {
            name: p.name(),
            company: p.company.clone(),
            table: places
                .iter()
                .find(|place| place.owner_participant_id == Some(p.participant_id))
                .map(|place| super::table_number(&place.label))
                .unwrap_or_default(),
        })
        .collect();
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    run_blocking(locale, progress, move |report| {
        documents::table_tents(&branding, &tents, locale, report)
    })
    .await
}
