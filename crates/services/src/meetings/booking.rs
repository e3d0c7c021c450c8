//! Putting a confirmed meeting in a slot, and taking it out again. Every path that gives a
//! meeting a time (pick a slot, scheduling run, organizer, expert assignment) goes through
//! `place`, inside its own transaction, so the rules live in one spot:
//! the request must be confirmed (or scheduled, for a move), both sides free, and a place
//! found: a side's stand or desk first, else a free shared table of the session. The
//! database's unique indexes on seats and table uses are the final guard under races.

use chrono::{DateTime, Utc};
use domain::meeting::{RequestAction, RequestState};
use store::ConnectionTrait;
use store::meetings::{MeetingRow, Placement, PlacementError, RequestRow};

/// Why a meeting could not be placed.
#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    /// A side already has a meeting then, or the place is taken.
    #[error("slot taken")]
    Taken,
    /// No shared table is free in that slot.
    #[error("no free table")]
    NoTable,
    /// The slot is not one of the event's.
    #[error("unknown slot")]
    UnknownSlot,
    /// The request is not in a state that can be placed (or the addressee is unknown).
    #[error("request not placeable")]
    NotPlaceable,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] store::DbErr),
}

impl From<PlacementError> for PlaceError {
    fn from(e: PlacementError) -> Self {
        match e {
            PlacementError::Taken => PlaceError::Taken,
            PlacementError::Db(e) => PlaceError::Db(e),
        }
    }
}

/// Where a placement goes; `place` chosen automatically when `None`.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The slot.
    pub slot_id: i64,
    /// A specific table or stand, or `None` to pick one.
    pub place_id: Option<i64>,
    /// Keep it fixed in later scheduling runs.
    pub locked: bool,
}

/// Places a confirmed request (or moves a scheduled one) in the caller's transaction and sets
/// it `scheduled`. Notices are the caller's job: it knows whether this is a first placement
/// or a move. Call inside `store::begin_write` so SQLite serializes writers.
pub async fn place(
    txn: &impl ConnectionTrait,
    request: &RequestRow,
    target: Target,
    now: DateTime<Utc>,
) -> Result<MeetingRow, PlaceError> {
    let state: RequestState = request
        .state
        .parse()
        .map_err(|_| PlaceError::NotPlaceable)?;
    let next = state
        .after(RequestAction::Place)
        .map_err(|_| PlaceError::NotPlaceable)?;
    let participants = store::meetings::sides(request);
    if participants.len() < 2 {
        return Err(PlaceError::NotPlaceable);
    }
    let slot = store::meetings::find_slot(txn, request.event_id, target.slot_id)
        .await?
        .ok_or(PlaceError::UnknownSlot)?;
    // A move frees the old seats first; if the new slot fails the caller rolls back.
    store::meetings::delete_placement(txn, request.id).await?;
    let place_id = match target.place_id {
        Some(id) => Some(id),
        None => match store::meetings::owned_place(txn, request.event_id, &participants).await? {
            Some(owned) => Some(owned.id),
            None => Some(
                store::meetings::free_shared_place(txn, &slot)
                    .await?
                    .ok_or(PlaceError::NoTable)?
                    .id,
            ),
        },
    };
    let placement = Placement {
        event_id: request.event_id,
        request_id: request.id,
        slot_id: slot.id,
        place_id,
        participants,
        is_locked: target.locked,
    };
    let row = store::meetings::insert_placement(txn, &placement, now).await?;
    if !store::meetings::set_request_state(txn, request.id, state.as_str(), next.as_str(), now)
        .await?
    {
        return Err(PlaceError::NotPlaceable);
    }
    Ok(row)
}

/// Takes a scheduled meeting out of its slot (it stays agreed, `confirmed`), in the caller's
/// transaction. Returns the removed placement; `None` when it had none.
pub async fn unplace(
    txn: &impl ConnectionTrait,
    request: &RequestRow,
    now: DateTime<Utc>,
) -> Result<Option<MeetingRow>, store::DbErr> {
    let removed = store::meetings::delete_placement(txn, request.id).await?;
    if request.state == RequestState::Scheduled.as_str() {
        store::meetings::set_request_state(
            txn,
            request.id,
            RequestState::Scheduled.as_str(),
            RequestState::Confirmed.as_str(),
            now,
        )
        .await?;
    }
    Ok(removed)
}
