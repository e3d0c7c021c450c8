//! The organizer's grid (MTG-7, EXP-5, EXP-8): create a meeting on a free slot, move it (late
//! arrival: to a later free slot), swap two meetings, cancel one. Each action is one
//! transaction with conflict checks, an audit entry and notices to both sides.

use crate::InternalError;
use crate::audit::{Actor, Change};
use crate::meetings::availability::Availability;
use crate::meetings::booking::{self, PlaceError, Target};
use crate::meetings::notify::{Notice, Notifier};
use crate::meetings::settings;
use chrono::{DateTime, Utc};
use domain::EventId;
use domain::meeting::{RequestAction, RequestState};
use store::DatabaseConnection;
use store::DatabaseTransaction;
use store::meetings::RequestRow;

/// Why a grid action was refused; each has a message id `grid-error-…`.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    /// A side already has a meeting then, or the table is used.
    #[error("conflict")]
    Conflict,
    /// No shared table is free in that slot.
    #[error("no table")]
    NoTable,
    /// A side does not attend that session or blocked that slot.
    #[error("unavailable")]
    Unavailable,
    /// The two participants are the same, or one has no company.
    #[error("invalid pair")]
    InvalidPair,
    /// The meeting is not in a state allowing this (e.g. already cancelled).
    #[error("wrong state")]
    WrongState,
    /// Unknown meeting, slot, table or participant in this event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<store::DbErr> for GridError {
    fn from(e: store::DbErr) -> Self {
        GridError::Internal(e.into())
    }
}

impl From<PlaceError> for GridError {
    fn from(e: PlaceError) -> Self {
        match e {
            PlaceError::Taken => GridError::Conflict,
            PlaceError::NoTable => GridError::NoTable,
            PlaceError::UnknownSlot => GridError::NotFound,
            PlaceError::NotPlaceable => GridError::WrongState,
            PlaceError::Db(e) => e.into(),
        }
    }
}

impl GridError {
    /// The message id shown to the organizer.
    pub fn message_id(&self) -> &'static str {
        match self {
            GridError::Conflict => "grid-error-conflict",
            GridError::NoTable => "grid-error-no-table",
            GridError::Unavailable => "grid-error-unavailable",
            GridError::InvalidPair => "grid-error-pair",
            GridError::WrongState => "grid-error-state",
            GridError::NotFound => "grid-error-not-found",
            GridError::Internal(_) => "error-500",
        }
    }
}

struct Scope {
    txn: DatabaseTransaction,
    event: store::events::EventRow,
    rules: settings::MeetingSettings,
    now: DateTime<Utc>,
}

async fn open(db: &DatabaseConnection, event: EventId) -> Result<Scope, GridError> {
    let txn = store::begin_write(db).await?;
    let event = store::events::find(&txn, event)
        .await?
        .ok_or(GridError::NotFound)?;
    let rules = settings::load(&txn, EventId(event.id)).await?;
    Ok(Scope {
        txn,
        event,
        rules,
        now: Utc::now(),
    })
}

impl Scope {
    async fn tell(
        &self,
        base_url: &str,
        request: &RequestRow,
        notice: Notice,
    ) -> Result<(), GridError> {
        Notifier {
            event: &self.event,
            settings: &self.rules,
            base_url,
        }
        .send(
            &self.txn,
            request,
            &notice,
            &store::meetings::sides(request),
            self.now,
        )
        .await?;
        Ok(())
    }

    async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        request_id: i64,
        after: serde_json::Value,
    ) -> Result<(), GridError> {
        crate::audit::record(
            &self.txn,
            actor,
            Change::<(), _> {
                event: Some(EventId(self.event.id)),
                action,
                entity: "meeting",
                entity_id: request_id.to_string(),
                before: None,
                after: Some(&after),
            },
            self.now,
        )
        .await?;
        Ok(())
    }

    async fn request(&self, request_id: i64) -> Result<RequestRow, GridError> {
        store::meetings::find_request(&self.txn, self.event.id, request_id)
            .await?
            .ok_or(GridError::NotFound)
    }

    /// The slot must be the event's; a table given by the organizer must be a place of this
    /// event and, for a shared table, one of the slot's session.
    async fn check_target(&self, slot_id: i64, place_id: Option<i64>) -> Result<(), GridError> {
        let slot = store::meetings::find_slot(&self.txn, self.event.id, slot_id)
            .await?
            .ok_or(GridError::NotFound)?;
        let Some(id) = place_id else {
            return Ok(());
        };
        let places = store::meetings::scheduling::places_of_event(&self.txn, self.event.id).await?;
        match places.iter().find(|p| p.id == id) {
            Some(p) if p.kind == "table" && p.session_id != Some(slot.session_id) => {
                Err(GridError::NoTable)
            }
            Some(_) => Ok(()),
            None => Err(GridError::NotFound),
        }
    }

    async fn check_free(&self, participants: &[i64], slot_id: i64) -> Result<(), GridError> {
        let availability = Availability::load(&self.txn, self.event.id).await?;
        if participants
            .iter()
            .all(|p| availability.is_free(*p, slot_id))
        {
            Ok(())
        } else {
            Err(GridError::Unavailable)
        }
    }
}

/// Creates a meeting between two participants on a free slot: a request confirmed on both
/// sides' behalf by the organizer (`created_by_user_id`), placed at once (and locked).
#[allow(clippy::too_many_arguments)]
pub async fn create_meeting(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    first: i64,
    second: i64,
    slot_id: i64,
    place_id: Option<i64>,
    base_url: &str,
) -> Result<i64, GridError> {
    let scope = open(db, event).await?;
    if first == second {
        return Err(GridError::InvalidPair);
    }
    let people = store::meetings::scheduling::participants_of_event(&scope.txn, event.0).await?;
    let (Some(a), Some(b)) = (
        people.iter().find(|p| p.id == first),
        people.iter().find(|p| p.id == second),
    ) else {
        return Err(GridError::NotFound);
    };
    if b.company_id.is_none() {
        return Err(GridError::InvalidPair);
    }
    scope.check_target(slot_id, place_id).await?;
    scope.check_free(&[a.id, b.id], slot_id).await?;
    let user_id = actor.user_id.map(|u| u.0).unwrap_or_default();
    let request = store::meetings::scheduling::insert_organizer_request(
        &scope.txn, event.0, a.id, b, user_id, scope.now,
    )
    .await?;
    let target = Target {
        slot_id,
        place_id,
        locked: true,
    };
    let placed = booking::place(&scope.txn, &request, target, scope.now).await?;
    scope
        .audit(
            actor,
            "create",
            request.id,
            serde_json::json!({"participants": [a.id, b.id], "slot": slot_id, "place": placed.place_id}),
        )
        .await?;
    scope.tell(base_url, &request, Notice::Scheduled).await?;
    let id = request.id;
    scope.txn.commit().await?;
    Ok(id)
}

/// Moves a scheduled meeting to another slot and/or table (a late arrival: a later free
/// slot). Without a table, the side's stand or desk or any free table is used.
pub async fn move_meeting(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    request_id: i64,
    slot_id: i64,
    place_id: Option<i64>,
    base_url: &str,
) -> Result<(), GridError> {
    let scope = open(db, event).await?;
    let request = scope.request(request_id).await?;
    if request.state != RequestState::Scheduled.as_str() {
        return Err(GridError::WrongState);
    }
    let before = store::meetings::placement_of(&scope.txn, request.id).await?;
    scope.check_target(slot_id, place_id).await?;
    scope
        .check_free(&store::meetings::sides(&request), slot_id)
        .await?;
    let target = Target {
        slot_id,
        place_id,
        locked: true,
    };
    let placed = booking::place(&scope.txn, &request, target, scope.now).await?;
    scope
        .audit(
            actor,
            "move",
            request.id,
            serde_json::json!({
                "from": before.map(|m| (m.slot_id, m.place_id)),
                "to": (placed.slot_id, placed.place_id),
            }),
        )
        .await?;
    scope.tell(base_url, &request, Notice::Moved).await?;
    scope.txn.commit().await?;
    Ok(())
}

/// Swaps the times (and tables) of two scheduled meetings.
pub async fn swap_meetings(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    first: i64,
    second: i64,
    base_url: &str,
) -> Result<(), GridError> {
    let scope = open(db, event).await?;
    if first == second {
        return Err(GridError::InvalidPair);
    }
    let (a, b) = (scope.request(first).await?, scope.request(second).await?);
    let scheduled = RequestState::Scheduled.as_str();
    if a.state != scheduled || b.state != scheduled {
        return Err(GridError::WrongState);
    }
    let (Some(pa), Some(pb)) = (
        store::meetings::placement_of(&scope.txn, a.id).await?,
        store::meetings::placement_of(&scope.txn, b.id).await?,
    ) else {
        return Err(GridError::WrongState);
    };
    scope
        .check_free(&store::meetings::sides(&a), pb.slot_id)
        .await?;
    scope
        .check_free(&store::meetings::sides(&b), pa.slot_id)
        .await?;
    let places = store::meetings::scheduling::places_of_event(&scope.txn, event.0).await?;
    let is_table = |id: Option<i64>| {
        id.is_some_and(|id| places.iter().any(|p| p.id == id && p.kind == "table"))
    };
    // Shared tables go with the slot; a stand or desk stays with its owner.
    let both_tables = is_table(pa.place_id) && is_table(pb.place_id);
    store::meetings::delete_placement(&scope.txn, a.id).await?;
    store::meetings::delete_placement(&scope.txn, b.id).await?;
    let to_a = Target {
        slot_id: pb.slot_id,
        place_id: if both_tables { pb.place_id } else { None },
        locked: true,
    };
    let to_b = Target {
        slot_id: pa.slot_id,
        place_id: if both_tables { pa.place_id } else { None },
        locked: true,
    };
    booking::place(&scope.txn, &a, to_a, scope.now).await?;
    booking::place(&scope.txn, &b, to_b, scope.now).await?;
    scope
        .audit(actor, "swap", a.id, serde_json::json!({ "with": b.id }))
        .await?;
    scope.tell(base_url, &a, Notice::Moved).await?;
    scope.tell(base_url, &b, Notice::Moved).await?;
    scope.txn.commit().await?;
    Ok(())
}

/// Cancels a confirmed or scheduled meeting with a reason; its slot is freed.
pub async fn cancel_meeting(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    request_id: i64,
    reason: &str,
    base_url: &str,
) -> Result<(), GridError> {
    let scope = open(db, event).await?;
    let request = scope.request(request_id).await?;
    let state: RequestState = request.state.parse().map_err(|_| GridError::WrongState)?;
    let next = state
        .after(RequestAction::Cancel)
        .map_err(|_| GridError::WrongState)?;
    let reason: String = reason.trim().chars().take(500).collect();
    store::meetings::delete_placement(&scope.txn, request.id).await?;
    if !store::meetings::set_request_state(
        &scope.txn,
        request.id,
        state.as_str(),
        next.as_str(),
        scope.now,
    )
    .await?
    {
        return Err(GridError::WrongState);
    }
    store::meetings::agenda::set_cancel_reason(&scope.txn, request.id, &reason, scope.now).await?;
    scope
        .audit(
            actor,
            "cancel",
            request.id,
            serde_json::json!({ "reason": reason }),
        )
        .await?;
    scope
        .tell(base_url, &request, Notice::Cancelled { reason })
        .await?;
    scope.txn.commit().await?;
    Ok(())
}
