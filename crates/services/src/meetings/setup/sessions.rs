//! Creating, editing and deleting B2B sessions (MTG-1). Slots are generated from the session
//! in the event's time zone; an edit keeps the id of every slot whose times do not change, so
//! its meetings stay. Slots that disappear take their meetings with them only after the
//! organizer chose to keep them to be placed again or to cancel them.

use super::{ImpactChoice, SetupError, dedup, describe, resolve};
use crate::audit::{Actor, Change};
use crate::forms::FieldErrors;
use crate::meetings::notify::Notifier;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::EventId;
use domain::meeting::SessionTimesError;
use store::events::EventRow;
use store::meetings::setup::SessionRow;
use store::{ConnectionTrait, DatabaseConnection};

/// Parts of the day a session may cover, matched against the registration answer `sessions`.
pub const PARTS: [&str; 3] = ["morning", "afternoon", "day"];

/// The session form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SessionForm {
    /// French name.
    pub name_fr: String,
    /// English name (French when empty).
    pub name_en: String,
    /// Day, `YYYY-MM-DD`.
    pub day: String,
    /// Local start `HH:MM`.
    pub starts: String,
    /// Local end `HH:MM`.
    pub ends: String,
    /// Slot length in minutes (15–60).
    pub slot_minutes: String,
    /// Pause between slots in minutes.
    pub pause_minutes: String,
    /// Venue id or empty.
    pub venue_id: String,
    /// `morning`, `afternoon`, `day` or empty.
    pub part: String,
    /// `keep` or `cancel` once impacted meetings were shown.
    pub impact: String,
    /// One-time key of the new-session form: a replay returns the first session.
    pub idempotency_key: String,
}

impl SessionForm {
    /// The form filled from a stored session.
    pub fn from_row(row: &SessionRow) -> SessionForm {
        SessionForm {
            name_fr: row.name_fr.clone(),
            name_en: row.name_en.clone(),
            day: row.day.format("%Y-%m-%d").to_string(),
            starts: row.starts_local.clone(),
            ends: row.ends_local.clone(),
            slot_minutes: row.slot_minutes.to_string(),
            pause_minutes: row.pause_minutes.to_string(),
            venue_id: row.venue_id.map(|v| v.to_string()).unwrap_or_default(),
            part: row.part.clone(),
            impact: String::new(),
            idempotency_key: String::new(),
        }
    }
}

/// A checked session with its slot times.
#[derive(Debug, Clone)]
struct Checked {
    name_fr: String,
    name_en: String,
    day: NaiveDate,
    starts: NaiveTime,
    ends: NaiveTime,
    slot_minutes: i32,
    pause_minutes: i32,
    venue_id: Option<i64>,
    part: String,
    times: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").ok()
}

async fn check(
    db: &impl ConnectionTrait,
    event: &EventRow,
    form: &SessionForm,
) -> Result<Checked, SetupError> {
    let mut errors = FieldErrors::new();
    let name_fr = form.name_fr.trim().to_string();
    if name_fr.is_empty() || name_fr.chars().count() > 200 {
        errors.add("name_fr", "setup-error-name");
    }
    let name_en = match form.name_en.trim() {
        "" => name_fr.clone(),
        name => name.to_string(),
    };
    let day = NaiveDate::parse_from_str(form.day.trim(), "%Y-%m-%d").ok();
    match day {
        None => errors.add("day", "setup-error-day"),
        Some(d) if d < event.starts_on || d > event.ends_on => {
            errors.add("day", "setup-error-day-outside")
        }
        Some(_) => {}
    }
    let starts = parse_time(&form.starts);
    if starts.is_none() {
        errors.add("starts", "setup-error-time");
    }
    let ends = parse_time(&form.ends);
    if ends.is_none() {
        errors.add("ends", "setup-error-time");
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        errors.add("ends", "setup-error-end-before-start");
    }
    let slot_minutes = form.slot_minutes.trim().parse::<i32>().ok();
    if !slot_minutes.is_some_and(|m| (15..=60).contains(&m)) {
        errors.add("slot_minutes", "setup-error-slot-length");
    }
    let pause_minutes = match form.pause_minutes.trim() {
        "" => Some(0),
        value => value.parse::<i32>().ok(),
    };
    if !pause_minutes.is_some_and(|m| (0..=120).contains(&m)) {
        errors.add("pause_minutes", "setup-error-pause");
    }
    let venue_id = match form.venue_id.trim() {
        "" => None,
        value => {
            let venues = store::events::venues(db, EventId(event.id)).await?;
            let id = value
                .parse::<i64>()
                .ok()
                .filter(|id| venues.iter().any(|v| v.id == *id));
            if id.is_none() {
                errors.add("venue_id", "setup-error-venue");
            }
            id
        }
    };
    let part = form.part.trim().to_string();
    if !part.is_empty() && !PARTS.contains(&part.as_str()) {
        errors.add("part", "setup-error-part");
    }
    let (Some(day), Some(starts), Some(ends), Some(slot_minutes), Some(pause_minutes)) =
        (day, starts, ends, slot_minutes, pause_minutes)
    else {
        return Err(SetupError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(SetupError::Invalid(errors));
    }
    let tz: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let times = domain::meeting::session_slot_times(
        day,
        starts,
        ends,
        i64::from(slot_minutes),
        i64::from(pause_minutes),
        tz,
    )
    .map_err(|e| {
        let mut errors = FieldErrors::new();
        match e {
            SessionTimesError::EndBeforeStart => errors.add("ends", "setup-error-end-before-start"),
            SessionTimesError::BadLength => errors.add("slot_minutes", "setup-error-slot-length"),
            SessionTimesError::NonexistentLocalTime => errors.add("starts", "setup-error-dst"),
            SessionTimesError::NoSlot => errors.add("ends", "setup-error-no-slot"),
        }
        SetupError::Invalid(errors)
    })?;
    Ok(Checked {
        name_fr,
        name_en,
        day,
        starts,
        ends,
        slot_minutes,
        pause_minutes,
        venue_id,
        part,
        times,
    })
}

/// Creates a session (`session_id` none) or edits one. When the edit removes slots that
/// hold meetings and `form.impact` is not a choice yet, nothing changes and the meetings are
/// returned as [`SetupError::Impacted`]. Returns the session id.
pub async fn save_session(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    session_id: Option<i64>,
    form: &SessionForm,
    base_url: &str,
) -> Result<i64, SetupError> {
    let key = form.idempotency_key.trim();
    if session_id.is_none()
        && !key.is_empty()
        && let Some(done) = store::idempotency::outcome(db, key).await?
    {
        return done.parse().map_err(|_| SetupError::NotFound);
    }
    let checked = check(db, event, form).await?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = match session_id {
        Some(id) => Some(
            store::meetings::setup::session(&txn, event.id, id)
                .await?
                .ok_or(SetupError::NotFound)?,
        ),
        None => None,
    };
    let old_slots = match &before {
        Some(s) => store::meetings::setup::slots_of_session(&txn, s.id).await?,
        None => Vec::new(),
    };
    let removed: Vec<i64> = old_slots
        .iter()
        .filter(|s| !checked.times.contains(&(s.starts_at, s.ends_at)))
        .map(|s| s.id)
        .collect();
    let impacted = store::meetings::setup::meetings_in_slots(&txn, &removed).await?;
    if !impacted.is_empty() {
        let Some(choice) = ImpactChoice::parse(&form.impact) else {
            return Err(SetupError::Impacted(
                describe(&txn, event.id, &impacted).await?,
            ));
        };
        let settings = crate::meetings::settings::load(&txn, EventId(event.id)).await?;
        let notifier = Notifier {
            event,
            settings: &settings,
            base_url,
        };
        resolve(&txn, &notifier, &impacted, choice, now).await?;
    }
    let row = store::meetings::setup::save_session(
        &txn,
        SessionRow {
            id: session_id.unwrap_or(0),
            event_id: event.id,
            venue_id: checked.venue_id,
            name_fr: checked.name_fr.clone(),
            name_en: checked.name_en.clone(),
            day: checked.day,
            starts_local: checked.starts.format("%H:%M").to_string(),
            ends_local: checked.ends.format("%H:%M").to_string(),
            slot_minutes: checked.slot_minutes,
            pause_minutes: checked.pause_minutes,
            part: checked.part.clone(),
            updated_at: now,
            created_at: before.as_ref().map_or(now, |b| b.created_at),
        },
    )
    .await?;
    if before.as_ref().is_some_and(|b| b.venue_id != row.venue_id) {
        store::meetings::setup::set_tables_venue(&txn, row.id, row.venue_id).await?;
    }
    store::meetings::setup::delete_slots(&txn, &removed).await?;
    // Kept slots first move out of the way (negative positions), then take their new place.
    let kept: Vec<_> = old_slots
        .iter()
        .filter(|s| !removed.contains(&s.id))
        .collect();
    for slot in &kept {
        store::meetings::setup::set_slot_position(&txn, slot.id, -1 - slot.position).await?;
    }
    for (position, times) in checked.times.iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        match kept.iter().find(|s| (s.starts_at, s.ends_at) == *times) {
            Some(slot) => {
                store::meetings::setup::set_slot_position(&txn, slot.id, position).await?
            }
            None => {
                store::meetings::setup::insert_slot(&txn, event.id, row.id, position, *times, now)
                    .await?;
            }
        }
    }
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(EventId(event.id)),
            action: if before.is_some() { "update" } else { "create" },
            entity: "b2b_session",
            entity_id: row.id.to_string(),
            before: before.as_ref(),
            after: Some(&serde_json::json!({
                "session": &row,
                "slots": checked.times.len(),
                "impacted_requests": impacted.iter().map(|m| m.request_id).collect::<Vec<_>>(),
                "impact": ImpactChoice::parse(&form.impact),
            })),
        },
        now,
    )
    .await?;
    if session_id.is_none() && !key.is_empty() {
        store::idempotency::record(&txn, key, &row.id.to_string(), now).await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

/// Deletes a session with its slots and shared tables. Meetings in it are listed first
/// ([`SetupError::Impacted`]) unless `impact` says what to do with them.
pub async fn delete_session(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    session_id: i64,
    impact: &str,
    base_url: &str,
) -> Result<(), SetupError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let session = store::meetings::setup::session(&txn, event.id, session_id)
        .await?
        .ok_or(SetupError::NotFound)?;
    let slots: Vec<i64> = store::meetings::setup::slots_of_session(&txn, session.id)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let tables: Vec<i64> = store::meetings::setup::places(&txn, event.id)
        .await?
        .into_iter()
        .filter(|p| p.session_id == Some(session.id))
        .map(|p| p.id)
        .collect();
    let mut impacted = store::meetings::setup::meetings_in_slots(&txn, &slots).await?;
    impacted.extend(store::meetings::setup::meetings_at_places(&txn, &tables).await?);
    let impacted = dedup(impacted);
    if !impacted.is_empty() {
        let Some(choice) = ImpactChoice::parse(impact) else {
            return Err(SetupError::Impacted(
                describe(&txn, event.id, &impacted).await?,
            ));
        };
        let settings = crate::meetings::settings::load(&txn, EventId(event.id)).await?;
        let notifier = Notifier {
            event,
            settings: &settings,
            base_url,
        };
        resolve(&txn, &notifier, &impacted, choice, now).await?;
    }
    store::meetings::setup::delete_places(&txn, &tables).await?;
    store::meetings::setup::delete_slots(&txn, &slots).await?;
    store::meetings::setup::delete_session(&txn, session.id).await?;
    crate::audit::record(
        &txn,
        actor,
        Change::<_, serde_json::Value> {
            event: Some(EventId(event.id)),
            action: "delete",
            entity: "b2b_session",
            entity_id: session.id.to_string(),
            before: Some(&serde_json::json!({
                "session": &session,
                "impacted_requests": impacted.iter().map(|m| m.request_id).collect::<Vec<_>>(),
                "impact": ImpactChoice::parse(impact),
            })),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
