//! The organizer's meeting setup (MTG-1, MTG-2): B2B sessions and their slots, shared tables,
//! stands and desks, the event's meeting rules, and each participant's attended sessions and
//! blocked slots. A change that would take meetings away from their slot or table never
//! drops them silently: the service lists them first ([`SetupError::Impacted`]) and applies the
//! change only with the organizer's (or participant's) choice for them ([`ImpactChoice`]).

pub mod attendance;
pub mod demo;
pub mod places;
pub mod rules;
pub mod sessions;

use crate::InternalError;
use crate::forms::FieldErrors;
use crate::meetings::notify::{Notice, Notifier};
use chrono::{DateTime, Utc};
use domain::meeting::{RequestAction, RequestState};
use store::ConnectionTrait;
use store::meetings::MeetingRow;

/// A meeting a change would take out of its slot or place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Impact {
    /// The request.
    pub request_id: i64,
    /// "Name (Company)" of each side.
    pub partners: Vec<String>,
    /// When it starts (UTC).
    pub starts_at: Option<DateTime<Utc>>,
    /// Its table or stand.
    pub place: String,
}

/// What to do with impacted meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ImpactChoice {
    /// Keep them agreed, without a time: a later run or the organizer places them again.
    Keep,
    /// Cancel them.
    Cancel,
}

impl ImpactChoice {
    /// Reads the form value `keep` or `cancel`; anything else is no choice yet.
    pub fn parse(value: &str) -> Option<ImpactChoice> {
        match value {
            "keep" => Some(ImpactChoice::Keep),
            "cancel" => Some(ImpactChoice::Cancel),
            _ => None,
        }
    }
}

/// Why a setup change was not applied.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The form has errors (catalog ids per field).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// These meetings would lose their slot or place: ask what to do, then submit again
    /// with a choice.
    #[error("meetings impacted")]
    Impacted(Vec<Impact>),
    /// No such session, place or participant in this event.
    #[error("not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(SetupError);

/// Describes meetings for the impact list.
pub async fn describe(
    db: &impl ConnectionTrait,
    event_id: i64,
    meetings: &[MeetingRow],
) -> Result<Vec<Impact>, store::DbErr> {
    let requests = store::meetings::setup::requests_by_ids(
        db,
        &meetings.iter().map(|m| m.request_id).collect::<Vec<_>>(),
    )
    .await?;
    let mut out = Vec::new();
    for meeting in meetings {
        let Some(request) = requests.iter().find(|r| r.id == meeting.request_id) else {
            continue;
        };
        let contacts =
            store::meetings::contacts(db, event_id, &store::meetings::sides(request)).await?;
        let partners = contacts
            .iter()
            .map(|c| {
                if c.company.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.company)
                }
            })
            .collect();
        let (slot, place) = store::meetings::slot_and_place(db, meeting).await?;
        out.push(Impact {
            request_id: request.id,
            partners,
            starts_at: slot.map(|s| s.starts_at),
            place: place.map(|p| p.label).unwrap_or_default(),
        });
    }
    out.sort_by_key(|i| (i.starts_at, i.request_id));
    Ok(out)
}

/// Keeps (unplaces) or cancels each meeting and tells both sides, in the caller's
/// transaction. Meetings whose request is in no state to be cancelled are unplaced.
pub async fn resolve(
    txn: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    meetings: &[MeetingRow],
    choice: ImpactChoice,
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    for meeting in meetings {
        let Some(request) =
            store::meetings::find_request(txn, notifier.event.id, meeting.request_id).await?
        else {
            store::meetings::delete_placement(txn, meeting.request_id).await?;
            continue;
        };
        let sides = store::meetings::sides(&request);
        let state: Option<RequestState> = request.state.parse().ok();
        let cancelled = state.and_then(|s| s.after(RequestAction::Cancel).ok());
        match (choice, cancelled, state) {
            (ImpactChoice::Cancel, Some(next), Some(from)) => {
                let notice = Notice::Cancelled {
                    reason: String::new(),
                };
                // Told first, so the notice still carries the time and table.
                notifier.send(txn, &request, &notice, &sides, now).await?;
                store::meetings::delete_placement(txn, request.id).await?;
                store::meetings::set_request_state(
                    txn,
                    request.id,
                    from.as_str(),
                    next.as_str(),
                    now,
                )
                .await?;
            }
            _ => {
                crate::meetings::booking::unplace(txn, &request, now).await?;
                notifier
                    .send(txn, &request, &Notice::Unplaced, &sides, now)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Removes meetings listed twice.
fn dedup(mut meetings: Vec<MeetingRow>) -> Vec<MeetingRow> {
    meetings.sort_by_key(|m| m.id);
    meetings.dedup_by_key(|m| m.id);
    meetings
}
