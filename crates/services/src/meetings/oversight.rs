//! What the organizer sees of all requests (MTG-9) and how they record whether a meeting
//! took place (MTG-10).

use crate::audit::{Actor, Change, record};
use crate::meetings::notify::local_time;
use chrono::Utc;
use domain::meeting::{RequestAction, RequestState};
use domain::{EventId, Locale, RequestId};
use std::collections::HashMap;
use store::DatabaseConnection;
use store::events::EventRow;

/// Requests shown per page.
pub const PAGE_SIZE: u64 = 100;

/// One request as the organizer sees it.
#[derive(Debug, Clone)]
pub struct RequestLine {
    /// The request.
    pub id: i64,
    /// "Name (Company)" of the requester.
    pub requester: String,
    /// "Name (Company)" of the addressee, or the company while it has not chosen.
    pub addressee: String,
    /// Its state.
    pub state: RequestState,
    /// 1 (normal) to 3 (high).
    pub priority: i32,
    /// A meeting with an expert.
    pub is_expert: bool,
    /// When it was sent, in the event's time zone.
    pub sent: String,
    /// Time and place when placed, empty otherwise.
    pub when: String,
    /// Place label when placed.
    pub place: String,
    /// Decline or cancel reason.
    pub reason: String,
    /// Each side's rating: (who, rating code, comment).
    pub ratings: Vec<(String, String, String)>,
}

/// A page of the organizer's request list.
#[derive(Debug, Clone)]
pub struct RequestListing {
    /// Count per state, in the machine's order (zero counts included).
    pub counts: Vec<(RequestState, i64)>,
    /// The shown requests.
    pub lines: Vec<RequestLine>,
    /// Requests matching the filter.
    pub total: u64,
}

/// The event's requests, optionally of one state, newest first.
pub async fn list_requests(
    db: &DatabaseConnection,
    event: &EventRow,
    state: Option<RequestState>,
    page: u64,
    locale: Locale,
) -> Result<RequestListing, crate::InternalError> {
    let counted: HashMap<String, i64> = store::meetings::oversight::state_counts(db, event.id)
        .await?
        .into_iter()
        .collect();
    let counts = RequestState::ALL
        .into_iter()
        .map(|s| (s, counted.get(s.as_str()).copied().unwrap_or(0)))
        .collect();
    let (rows, total) = store::meetings::oversight::requests_page(
        db,
        event.id,
        state.map(RequestState::as_str),
        page * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let people: Vec<i64> = rows.iter().flat_map(store::meetings::sides).collect();
    let contacts = store::meetings::contacts(db, event.id, &people).await?;
    let label = |participant: i64| {
        contacts
            .iter()
            .find(|c| c.participant_id == participant)
            .map(|c| {
                if c.company.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.company)
                }
            })
            .unwrap_or_default()
    };
    let placements = store::meetings::oversight::placements_of(db, &ids).await?;
    let (slots, places) = store::meetings::oversight::slots_and_places(
        db,
        &placements.iter().map(|m| m.slot_id).collect::<Vec<_>>(),
        &placements
            .iter()
            .filter_map(|m| m.place_id)
            .collect::<Vec<_>>(),
    )
    .await?;
    let ratings = store::meetings::oversight::ratings_of(db, &ids).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let addressee = match row.target_participant_id {
            Some(p) => label(p),
            None => store::meetings::company_name(db, row.target_company_id)
                .await?
                .unwrap_or_default(),
        };
        let placement = placements.iter().find(|m| m.request_id == row.id);
        let slot = placement.and_then(|m| slots.iter().find(|s| s.id == m.slot_id));
        let place = placement
            .and_then(|m| m.place_id)
            .and_then(|id| places.iter().find(|p| p.id == id));
        lines.push(RequestLine {
            id: row.id,
            requester: label(row.requester_id),
            addressee,
            state: row.state.parse().unwrap_or(RequestState::Requested),
            priority: row.priority,
            is_expert: row.is_expert,
            sent: local_time(row.created_at, &event.time_zone, locale),
            when: slot
                .map(|s| local_time(s.starts_at, &event.time_zone, locale))
                .unwrap_or_default(),
            place: place.map(|p| p.label.clone()).unwrap_or_default(),
            reason: if row.cancel_reason.is_empty() {
                row.decline_reason.clone()
            } else {
                row.cancel_reason.clone()
            },
            ratings: ratings
                .iter()
                .filter(|r| r.request_id == row.id)
                .map(|r| (label(r.participant_id), r.rating.clone(), r.comment.clone()))
                .collect(),
        });
    }
    Ok(RequestListing {
        counts,
        lines,
        total,
    })
}

/// Whether the meeting took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Both sides met.
    Held,
    /// A side did not come.
    NoShow,
}

impl Outcome {
    /// Parses a posted value.
    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "held" => Some(Outcome::Held),
            "no_show" => Some(Outcome::NoShow),
            _ => None,
        }
    }
}

/// Why an outcome was refused.
#[derive(Debug, thiserror::Error)]
pub enum RecordOutcomeError {
    /// No such request in this event.
    #[error("not found")]
    NotFound,
    /// The request has no meeting that could have taken place.
    #[error("wrong state")]
    WrongState,
    /// Storage failed.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

crate::database_errors_are_internal!(RecordOutcomeError);

/// Records that a scheduled meeting took place or that a side did not come (MTG-10); audited.
pub async fn record_outcome(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    request: RequestId,
    outcome: Outcome,
) -> Result<RequestState, RecordOutcomeError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let row = store::meetings::find_request(&txn, event.0, request.0)
        .await?
        .ok_or(RecordOutcomeError::NotFound)?;
    let before: RequestState = row
        .state
        .parse()
        .map_err(|_| RecordOutcomeError::WrongState)?;
    let action = match outcome {
        Outcome::Held => RequestAction::MarkHeld,
        Outcome::NoShow => RequestAction::MarkNoShow,
    };
    let after = before
        .after(action)
        .map_err(|_| RecordOutcomeError::WrongState)?;
    if !store::meetings::set_request_state(&txn, row.id, before.as_str(), after.as_str(), now)
        .await?
    {
        return Err(RecordOutcomeError::WrongState);
    }
    record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "meeting_request",
            entity_id: row.id.to_string(),
            before: Some(&before.as_str()),
            after: Some(&after.as_str()),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
