//! A schedule per table for table hosts: each table's meetings by day, with both sides.

use super::{DocContext, JobParams, by_day, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use std::collections::HashMap;
use store::DatabaseConnection;

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    params: &JobParams,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let people: HashMap<i64, store::documents::Person> = store::documents::people(db, event)
        .await?
        .into_iter()
        .map(|p| (p.participant_id, p))
        .collect();
    let label = |id: Option<i64>, company: &str| -> String {
        match id.and_then(|id| people.get(&id)) {
            Some(p) if p.company.is_empty() => p.name(),
            Some(p) => format!("{} ({})", p.name(), p.company),
            None => company.to_string(),
        }
    };
    let meetings = store::documents::placed_meetings(db, event).await?;
    // One schedule per table label: a shared table exists once per session, and its host
    // wants all of its days on one sheet.
    let mut labels: Vec<String> = Vec::new();
    for place in store::documents::places(db, event).await? {
        if !labels.contains(&place.label) {
            labels.push(place.label);
        }
    }
    let mut items = Vec::new();
    for table in labels {
        if !params.tables.is_empty() && !params.tables.contains(&table) {
            continue;
        }
        let lines: Vec<_> = meetings
            .iter()
            .filter(|m| m.place_id.is_some() && m.place == table)
            .map(|m| {
                (
                    ctx.day_of(m.starts_at),
                    documents::TableLine {
                        time: ctx.span(m.starts_at, m.ends_at),
                        first: label(Some(m.requester_id), ""),
                        second: label(m.target_participant_id, &m.target_company),
                    },
                )
            })
            .collect();
        if lines.is_empty() && params.tables.is_empty() {
            continue;
        }
        items.push(documents::TableSchedule {
            table: super::table_number(&table),
            days: by_day(lines)
                .into_iter()
                .map(|(day, lines)| documents::TableDay {
                    date: ctx.long_date(day),
                    lines,
                })
                .collect(),
        });
    }
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    run_blocking(locale, progress, move |report| {
        documents::table_schedules(&branding, &items, locale, report)
    })
    .await
}
