//! Convocations: a personal letter per participant (the event's text, or a default one), with
//! the programme (the B2B sessions) and the participant's agenda.

use super::{DocContext, run_blocking};
use crate::event_day::jobs::{JobFailure, Progress};
use store::DatabaseConnection;

pub(super) async fn render(
    db: &DatabaseConnection,
    ctx: &DocContext,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let event = ctx.event.id;
    let settings = crate::event_day::load(db, domain::EventId(event)).await?;
    let custom = match ctx.locale {
        domain::Locale::Fr => settings.convocation_letter_fr,
        domain::Locale::En => settings.convocation_letter_en,
    };
    let letter = if custom.trim().is_empty() {
        crate::i18n::t_args(
            ctx.locale,
            "documents-letter-default",
            &[
                ("event", ctx.branding.event_name.clone()),
                ("dates", ctx.event_dates()),
            ],
        )
    } else {
        custom
    };
    let venues = store::documents::venues(db, event).await?;
    let programme: Vec<documents::ProgrammeItem> = store::documents::sessions(db, event)
        .await?
        .into_iter()
        .map(|s| documents::ProgrammeItem {
            when: format!(
                "{}, {}–{}",
                ctx.long_date(s.day),
                s.starts_local.get(..5).unwrap_or(&s.starts_local),
                s.ends_local.get(..5).unwrap_or(&s.ends_local)
            ),
            title: match ctx.locale {
                domain::Locale::Fr => s.name_fr,
                domain::Locale::En => s.name_en,
            },
            place: s
                .venue_id
                .and_then(|id| venues.iter().find(|v| v.id == id))
                .map(|v| v.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let people = store::documents::people(db, event).await?;
    let meetings = store::documents::placed_meetings(db, event).await?;
    let mut days = super::agendas::agenda_days(ctx, &people, &meetings);
    let items: Vec<documents::Convocation> = people
        .iter()
        .map(|p| documents::Convocation {
            name: p.name(),
            company: p.company.clone(),
            address_lines: p.address_lines.clone(),
            letter: letter.clone(),
            programme: programme.clone(),
            agenda: days.remove(&p.participant_id).unwrap_or_default(),
            qr_payload: None,
        })
        .collect();
    let (branding, locale) = (ctx.branding.clone(), ctx.locale);
    run_blocking(locale, progress, move |report| {
        documents::convocations(&branding, &items, locale, report)
    })
    .await
}
