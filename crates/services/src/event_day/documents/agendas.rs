//! Personal agendas: each participant's meetings by day with time, the other side and the
//! place. "Re-issued after changes": the job can print only the agendas whose meetings changed
//! since their last issue, and records when each printed agenda was issued.

use super::{DocContext, JobParams, by_day, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use store::DatabaseConnection;
use store::documents::{Person, PlacedMeeting};

/// Each participant's agenda days, from every placed meeting of the event.
pub(super) fn agenda_days(
    ctx: &DocContext,
    people: &[Person],
    meetings: &[PlacedMeeting],
) -> HashMap<i64, Vec<documents::AgendaDay>> {
    let by_id: HashMap<i64, &Person> = people.iter().map(|p| (p.participant_id, p)).collect();
    let mut lines: HashMap<i64, Vec<(chrono::NaiveDate, documents::AgendaLine)>> = HashMap::new();
    for m in meetings {
        let requester = by_id.get(&m.requester_id);
        let target = m.target_participant_id.and_then(|id| by_id.get(&id));
        let line = |other: Option<&&Person>, fallback_company: &str| documents::AgendaLine {
            time: ctx.span(m.starts_at, m.ends_at),
            with_name: other.map(|p| p.name()).unwrap_or_default(),
            with_company: other
                .map(|p| p.company.clone())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| fallback_company.to_string()),
            place: m.place.clone(),
        };
        let day = ctx.day_of(m.starts_at);
        lines
            .entry(m.requester_id)
            .or_default()
            .push((day, line(target, &m.target_company)));
        if let Some(target_id) = m.target_participant_id {
            lines
                .entry(target_id)
                .or_default()
                .push((day, line(requester, "")));
        }
    }
    lines
        .into_iter()
        .map(|(id, items)| {
            let days = by_day(items)
                .into_iter()
                .map(|(day, lines)| documents::AgendaDay {
                    date: ctx.long_date(day),
                    lines,
                })
                .collect();
            (id, days)
        })
        .collect()
}

/// Whether a participant's agenda changed since it was last issued (never issued counts as
/// changed when they have meetings).
pub(crate) fn changed_since_issue(
    latest_change: Option<&DateTime<Utc>>,
    issued: Option<&DateTime<Utc>>,
) -> bool {
    match (latest_change, issued) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(change), Some(issued)) => change > issued,
    }
}

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    params: &JobParams,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let people = store::documents::people(db, event).await?;
    let meetings = store::documents::placed_meetings(db, event).await?;
    let mut days = agenda_days(ctx, &people, &meetings);
    let (changes, issues) = if params.only_changed {
        (
            store::documents::agenda_changes(db, event).await?,
            store::documents::agenda_issues(db, event).await?,
        )
    } else {
        (HashMap::new(), HashMap::new())
    };
    let issued_at = format!("{} {}", ctx.t("documents-issued"), ctx.now_label());
    let chosen: Vec<&Person> = people
        .iter()
        .filter(|p| {
            !params.only_changed
                || changed_since_issue(
                    changes.get(&p.participant_id),
                    issues.get(&p.participant_id),
                )
        })
        .collect();
    let ids: Vec<i64> = chosen.iter().map(|p| p.participant_id).collect();
    let agendas: Vec<documents::PersonalAgenda> = chosen
        .into_iter()
        .map(|p| documents::PersonalAgenda {
            name: p.name(),
            company: p.company.clone(),
            days: days.remove(&p.participant_id).unwrap_or_default(),
            issued_at: issued_at.clone(),
        })
        .collect();
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    let started = Utc::now();
    let pdf = run_blocking(locale, progress, move |report| {
        documents::personal_agendas(&branding, &agendas, locale, report)
    })
    .await?;
    store::documents::record_agenda_issues(db, event, &ids, started).await?;
    Ok(pdf)
}
