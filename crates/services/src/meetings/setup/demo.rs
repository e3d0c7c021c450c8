//! B2B sessions, slots, shared tables and default rules for the demo events (`cargo run`
//! and `agora demo --companies N`), written in the caller's transaction.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use domain::EventId;
use store::ConnectionTrait;
use store::events::EventRow;
use store::meetings::setup::{PlaceRow, SessionRow};

/// One demo session per (day, block): morning 09:00–11:40 and afternoon 14:00–16:40, eight
/// 20-minute slots each, on every day of the event.
const BLOCKS: [(&str, &str, &str, &str, &str); 2] = [
    ("09:00", "11:40", "Matinée", "Morning", "morning"),
    ("14:00", "16:40", "Après-midi", "Afternoon", "afternoon"),
];

/// How many shared tables a demo session gets for `participants` people: enough for most of
/// them to meet in every slot, between 10 and 100.
pub fn tables_for(participants: usize) -> usize {
    (participants / 20).clamp(10, 100)
}

/// Writes the sessions (two a day), their slots and `tables` numbered tables each, and the
/// default meeting rules. Returns the number of sessions written.
pub async fn seed(
    txn: &impl ConnectionTrait,
    event: &EventRow,
    tables: usize,
    now: DateTime<Utc>,
) -> Result<usize, store::DbErr> {
    let tz: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let mut day = event.starts_on;
    let mut written = 0;
    let mut day_number = 1;
    while day <= event.ends_on {
        for (start, end, fr, en, part) in BLOCKS {
            let (Ok(starts), Ok(ends)) = (
                NaiveTime::parse_from_str(start, "%H:%M"),
                NaiveTime::parse_from_str(end, "%H:%M"),
            ) else {
                continue;
            };
            let Ok(times) = domain::meeting::session_slot_times(day, starts, ends, 20, 0, tz)
            else {
                continue;
            };
            let session = store::meetings::setup::save_session(
                txn,
                SessionRow {
                    id: 0,
                    event_id: event.id,
                    venue_id: None,
                    name_fr: format!("{fr} du jour {day_number}"),
                    name_en: format!("{en}, day {day_number}"),
                    day,
                    starts_local: start.into(),
                    ends_local: end.into(),
                    slot_minutes: 20,
                    pause_minutes: 0,
                    part: part.into(),
                    updated_at: now,
                    created_at: now,
                },
            )
            .await?;
            for (position, slot) in times.into_iter().enumerate() {
                let position = i32::try_from(position).unwrap_or(i32::MAX);
                store::meetings::setup::insert_slot(txn, event.id, session.id, position, slot, now)
                    .await?;
            }
            for n in 0..tables {
                store::meetings::setup::insert_place(
                    txn,
                    PlaceRow {
                        id: 0,
                        event_id: event.id,
                        session_id: Some(session.id),
                        venue_id: None,
                        kind: "table".into(),
                        label: format!("Table {}", n + 1),
                        owner_participant_id: None,
                        position: i32::try_from(n).unwrap_or(i32::MAX),
                        created_at: now,
                    },
                )
                .await?;
            }
            written += 1;
        }
        day += Duration::days(1);
        day_number += 1;
    }
    crate::meetings::settings::store(
        txn,
        EventId(event.id),
        &crate::meetings::MeetingSettings::default(),
    )
    .await?;
    Ok(written)
}
