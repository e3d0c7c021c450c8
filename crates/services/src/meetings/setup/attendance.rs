//! A participant's availability (MTG-1): the B2B sessions they attend and the slots they
//! block. Until they save it, the sessions are pre-ticked from their registration answer
//! `sessions` (morning / afternoon / day) matched against each session's part of the day.
//! Unticking a session or blocking a slot that holds one of their meetings lists the meeting
//! and asks whether to cancel it or keep it to be placed again.

use super::{ImpactChoice, SetupError, describe, resolve};
use crate::forms::FieldErrors;
use crate::meetings::notify::Notifier;
use chrono::Utc;
use domain::EventId;
use std::collections::HashSet;
use store::events::EventRow;
use store::forms::Owner;
use store::meetings::setup::{SessionRow, SlotRow};
use store::{ConnectionTrait, DatabaseConnection};

/// What the availability page shows.
#[derive(Debug, Clone)]
pub struct MyAvailability {
    /// The event's sessions with their slots, in time order.
    pub sessions: Vec<(SessionRow, Vec<SlotRow>)>,
    /// The sessions ticked (stored, or proposed from the registration answer).
    pub attended: HashSet<i64>,
    /// The slots blocked.
    pub blocked: HashSet<i64>,
    /// Whether nothing was saved yet (the ticks are a proposal).
    pub proposed: bool,
}

/// The sessions a registration answer `sessions` points at: all for `day` or no usable
/// answer; else the sessions of the parts named plus full-day and unmarked sessions.
pub fn sessions_from_answer(sessions: &[SessionRow], answer: &[String]) -> HashSet<i64> {
    let parts: HashSet<&str> = answer
        .iter()
        .flat_map(|a| a.split([',', ';', ' ']))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let all: HashSet<i64> = sessions.iter().map(|s| s.id).collect();
    if parts.is_empty() || parts.contains("day") {
        return all;
    }
    let chosen: HashSet<i64> = sessions
        .iter()
        .filter(|s| s.part.is_empty() || s.part == "day" || parts.contains(s.part.as_str()))
        .map(|s| s.id)
        .collect();
    let marked = sessions.iter().any(|s| parts.contains(s.part.as_str()));
    if marked { chosen } else { all }
}

/// Loads a participant's availability for the page.
pub async fn load(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<MyAvailability, store::DbErr> {
    let rows = store::meetings::setup::sessions(db, event_id).await?;
    let mut sessions = Vec::new();
    for session in rows {
        let slots = store::meetings::setup::slots_of_session(db, session.id).await?;
        sessions.push((session, slots));
    }
    let stored: HashSet<i64> = store::meetings::setup::attended_sessions(db, participant_id)
        .await?
        .into_iter()
        .collect();
    let blocked = store::meetings::setup::blocked_slots(db, participant_id)
        .await?
        .into_iter()
        .collect();
    let proposed = stored.is_empty();
    let attended = if proposed {
        let answer: Vec<String> =
            store::forms::values_of(db, EventId(event_id), Owner::Participant(participant_id))
                .await?
                .into_iter()
                .filter(|v| v.field_key == "sessions")
                .map(|v| v.value)
                .collect();
        let rows: Vec<SessionRow> = sessions.iter().map(|(s, _)| s.clone()).collect();
        sessions_from_answer(&rows, &answer)
    } else {
        stored
    };
    Ok(MyAvailability {
        sessions,
        attended,
        blocked,
        proposed,
    })
}

/// Saves the sessions a participant attends and the slots they block. Their meetings in
/// slots that become unavailable are listed first ([`SetupError::Impacted`]) unless `impact`
/// says what to do (cancel them, or keep them to be placed again); both sides are told.
pub async fn save(
    db: &DatabaseConnection,
    event: &EventRow,
    participant_id: i64,
    sessions: &[i64],
    blocked: &[i64],
    impact: &str,
    base_url: &str,
) -> Result<(), SetupError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let all = store::meetings::setup::sessions(&txn, event.id).await?;
    let attended: Vec<i64> = all
        .iter()
        .map(|s| s.id)
        .filter(|id| sessions.contains(id))
        .collect();
    if attended.is_empty() && !all.is_empty() {
        let mut errors = FieldErrors::new();
        errors.add("sessions", "setup-error-no-session");
        return Err(SetupError::Invalid(errors));
    }
    let mut open_slots = HashSet::new();
    for session in &attended {
        for slot in store::meetings::setup::slots_of_session(&txn, *session).await? {
            open_slots.insert(slot.id);
        }
    }
    let blocked: Vec<i64> = blocked
        .iter()
        .copied()
        .filter(|s| open_slots.contains(s))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let impacted: Vec<_> = store::meetings::setup::meetings_of_participant(&txn, participant_id)
        .await?
        .into_iter()
        .filter(|m| !open_slots.contains(&m.slot_id) || blocked.contains(&m.slot_id))
        .collect();
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
    store::meetings::setup::replace_availability(
        &txn,
        event.id,
        participant_id,
        &attended,
        &blocked,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
