//! Meetings with experts (EXP-1…8): the organizer sets each expert's profile (cap, desk,
//! profile sought, sessions, available or not); participants ask an expert with the
//! criteria they gave at registration; per event, requests are either assigned at once
//! within the cap (first come, first served) or left confirmed for a scheduling run. The
//! organizer picks among the candidates of an over-subscribed expert and, when an expert
//! drops out, moves their meetings to compatible experts in one action.

mod ask;
mod dropout;
mod listing;
mod pick;
mod profile;

pub use ask::{AskOutcome, ask_expert};
pub use dropout::{DropOutLine, DropOutOutcome, expert_drops_out};
pub use listing::{Candidate, ExpertCard, PublicExpert, criteria_of, experts_of, public_experts};
pub use pick::{PickReport, pick_candidates};
pub use profile::{ProfileForm, save_profile};

use crate::meetings::MeetingSettings;
use crate::meetings::availability::Availability;
use crate::meetings::booking::{self, PlaceError, Target};
use crate::meetings::notify::Notifier;
use crate::taxonomy::EXPERT_CATEGORY;
use chrono::{DateTime, Utc};
use domain::EventId;
use domain::meeting::{RequestAction, RequestState};
use std::collections::BTreeSet;
use store::meetings::{MeetingRow, RequestRow};
use store::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

/// Why an expert action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExpertError {
    /// Unknown event, participant or request (or one of another event).
    #[error("not found")]
    NotFound,
    /// The person is not a validated participant of the event.
    #[error("not a participant")]
    NotParticipant,
    /// The target is not an expert of the event.
    #[error("not an expert")]
    NotExpert,
    /// The expert takes no meetings (dropped out, or no profile yet).
    #[error("expert unavailable")]
    Unavailable,
    /// One cannot ask oneself, and the event's rules forbid these two categories to meet.
    #[error("not allowed")]
    NotAllowed,
    /// An open request between the two already exists.
    #[error("already asked")]
    AlreadyAsked,
    /// The request moved on meanwhile (someone else acted first).
    #[error("conflict")]
    Conflict,
    /// More companies kept than the expert's cap allows.
    #[error("too many kept")]
    TooManyKept,
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(crate::forms::FieldErrors),
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

impl From<store::DbErr> for ExpertError {
    fn from(e: store::DbErr) -> Self {
        ExpertError::Internal(e.into())
    }
}

/// The event row and its meeting rules, read once per action.
pub(crate) struct EventContext {
    pub(crate) event: store::events::EventRow,
    pub(crate) settings: MeetingSettings,
}

impl EventContext {
    pub(crate) async fn load(
        db: &impl ConnectionTrait,
        event: EventId,
    ) -> Result<EventContext, ExpertError> {
        let row = store::events::find(db, event)
            .await?
            .ok_or(ExpertError::NotFound)?;
        let settings = crate::meetings::settings::load(db, event).await?;
        Ok(EventContext {
            event: row,
            settings,
        })
    }

    pub(crate) fn notifier<'a>(&'a self, base_url: &'a str) -> Notifier<'a> {
        Notifier {
            event: &self.event,
            settings: &self.settings,
            base_url,
        }
    }
}

/// Moves a request through the machine's actions, one compare-and-set each; returns the
/// request as stored after the last one. `Conflict` when another change won a race or the
/// machine refuses.
pub(crate) async fn advance(
    txn: &impl ConnectionTrait,
    request: &RequestRow,
    actions: &[RequestAction],
    now: DateTime<Utc>,
) -> Result<RequestRow, ExpertError> {
    let mut state: RequestState = request.state.parse().map_err(|_| ExpertError::Conflict)?;
    for action in actions {
        let next = state.after(*action).map_err(|_| ExpertError::Conflict)?;
        if !store::meetings::set_request_state(txn, request.id, state.as_str(), next.as_str(), now)
            .await?
        {
            return Err(ExpertError::Conflict);
        }
        state = next;
    }
    store::meetings::experts::reload_request(txn, request.id)
        .await?
        .ok_or(ExpertError::NotFound)
}

/// Places a confirmed (or moves a scheduled) request in the first future slot where both
/// sides are free, each try in its own savepoint so a refused one leaves nothing behind.
/// `None` when no slot fits.
pub(crate) async fn place_first_free(
    txn: &DatabaseTransaction,
    request: &RequestRow,
    availability: &Availability,
    now: DateTime<Utc>,
) -> Result<Option<MeetingRow>, ExpertError> {
    let sides = store::meetings::sides(request);
    for slot in store::meetings::slots_of_event(txn, request.event_id).await? {
        if slot.starts_at <= now || !sides.iter().all(|p| availability.is_free(*p, slot.id)) {
            continue;
        }
        if let Some(row) = try_place(txn, request, slot.id, now).await? {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

/// Tries one slot in a savepoint; `None` when the slot or every place is taken.
pub(crate) async fn try_place(
    txn: &DatabaseTransaction,
    request: &RequestRow,
    slot_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<MeetingRow>, ExpertError> {
    let savepoint = txn.begin().await?;
    let target = Target {
        slot_id,
        place_id: None,
        locked: false,
    };
    match booking::place(&savepoint, request, target, now).await {
        Ok(row) => {
            savepoint.commit().await?;
            Ok(Some(row))
        }
        Err(PlaceError::Db(e)) => Err(e.into()),
        Err(_) => {
            savepoint.rollback().await?;
            Ok(None)
        }
    }
}

/// The `category` answer of each of some participants.
pub(crate) async fn categories(
    db: &impl ConnectionTrait,
    event: EventId,
    participants: &[i64],
) -> Result<Vec<(i64, String)>, store::DbErr> {
    Ok(
        store::forms::values_of_owners(db, event, &[], &[], participants)
            .await?
            .into_iter()
            .filter(|v| v.field_key == "category")
            .filter_map(|v| Some((v.participant_id?, v.value)))
            .collect(),
    )
}

/// Whether a participant's category is `expert`.
pub(crate) async fn is_expert(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: i64,
) -> Result<bool, store::DbErr> {
    Ok(categories(db, event, &[participant])
        .await?
        .iter()
        .any(|(_, c)| c == EXPERT_CATEGORY))
}

/// Meetings that hold one of the expert's places: agreed (confirmed, scheduled, held,
/// no-show) expert requests addressed to them.
pub(crate) fn seats_used(requests: &[RequestRow], expert: i64) -> usize {
    requests
        .iter()
        .filter(|r| r.target_participant_id == Some(expert))
        .filter(|r| {
            r.state
                .parse::<RequestState>()
                .is_ok_and(RequestState::is_agreed)
        })
        .count()
}

/// Whether the expert can take one more meeting.
pub(crate) fn under_cap(profile: &store::meetings::experts::ExpertProfileRow, used: usize) -> bool {
    profile
        .max_meetings
        .is_none_or(|cap| used < usize::try_from(cap.max(0)).unwrap_or(0))
}

/// The distinct words of a text worth comparing: lower case, four letters or more.
pub fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// The words two texts share, in alphabetical order.
pub fn shared_words(a: &str, b: &str) -> Vec<String> {
    let b = words(b);
    words(a).into_iter().filter(|w| b.contains(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_words_ignore_case_and_short_words() {
        assert_eq!(
            shared_words(
                "Export vers le Maroc, agroalimentaire",
                "maroc et AGROALIMENTAIRE"
            ),
            vec!["agroalimentaire".to_string(), "maroc".to_string()]
        );
        assert!(shared_words("de la", "de la").is_empty());
    }
}
