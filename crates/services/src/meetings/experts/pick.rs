//! The organizer picks the companies an over-subscribed expert keeps (EXP-4): kept requests
//! become confirmed (and placed at once in mode a), the others are declined (or cancelled
//! when already confirmed) and their askers told. Audited.

use super::ask::confirmed;
use super::{EventContext, ExpertError, advance, is_expert, place_first_free};
use crate::audit::{Actor, Change};
use crate::meetings::availability::Availability;
use crate::meetings::notify::Notice;
use crate::meetings::settings::ExpertMode;
use chrono::Utc;
use domain::EventId;
use domain::meeting::{RequestAction, RequestState};
use store::DatabaseConnection;
use store::meetings::experts::{self as q, RequestStamp};

/// What a pick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickReport {
    /// Requests kept.
    pub kept: usize,
    /// Of which placed at once.
    pub placed: usize,
    /// Requests declined or cancelled.
    pub turned_down: usize,
}

#[derive(serde::Serialize)]
struct Audited<'a> {
    expert_participant_id: i64,
    kept: &'a [i64],
    turned_down: &'a [i64],
    reason: &'a str,
}

/// Keeps the `kept` candidates of an expert and turns the other candidates down.
pub async fn pick_candidates(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    expert_id: i64,
    kept: &[i64],
    reason: &str,
    base_url: &str,
) -> Result<PickReport, ExpertError> {
    let now = Utc::now();
    let reason = reason.trim();
    let txn = store::begin_write(db).await?;
    let ctx = EventContext::load(&txn, event).await?;
    q::participant_of_event(&txn, event.0, expert_id)
        .await?
        .ok_or(ExpertError::NotFound)?;
    if !is_expert(&txn, event, expert_id).await? {
        return Err(ExpertError::NotExpert);
    }
    let profile = q::lock_profile(&txn, event.0, expert_id)
        .await?
        .ok_or(ExpertError::Unavailable)?;
    let requests = q::expert_requests_to(&txn, event.0, &[expert_id]).await?;
    let candidates: Vec<_> = requests
        .iter()
        .filter(|r| {
            matches!(
                r.state.parse::<RequestState>(),
                Ok(RequestState::Requested | RequestState::Accepted | RequestState::Confirmed)
            )
        })
        .cloned()
        .collect();
    if kept
        .iter()
        .any(|id| !candidates.iter().any(|c| c.id == *id))
    {
        return Err(ExpertError::Conflict);
    }
    let placed_already = requests
        .iter()
        .filter(|r| {
            matches!(
                r.state.parse::<RequestState>(),
                Ok(RequestState::Scheduled | RequestState::Held | RequestState::NoShow)
            )
        })
        .count();
    if let Some(cap) = profile.max_meetings
        && placed_already + kept.len() > usize::try_from(cap.max(0)).unwrap_or(0)
    {
        return Err(ExpertError::TooManyKept);
    }
    let availability = Availability::load(&txn, event.0).await?;
    let notifier = ctx.notifier(base_url);
    let mut report = PickReport::default();
    let mut turned_down = Vec::new();
    for request in &candidates {
        let both = [request.requester_id, expert_id];
        let state: RequestState = request.state.parse().map_err(|_| ExpertError::Conflict)?;
        if kept.contains(&request.id) {
            report.kept += 1;
            let actions: &[RequestAction] = match state {
                RequestState::Requested => &[RequestAction::Accept, RequestAction::Confirm],
                RequestState::Accepted => &[RequestAction::Confirm],
                _ => &[],
            };
            let mut agreed = advance(&txn, request, actions, now).await?;
            if !actions.is_empty() {
                agreed = q::stamp_request(&txn, &agreed, confirmed(), now).await?;
            }
            let placed = if ctx.settings.expert_mode == ExpertMode::FirstCome {
                place_first_free(&txn, &agreed, &availability, now).await?
            } else {
                None
            };
            if placed.is_some() {
                report.placed += 1;
                notifier
                    .send(&txn, &agreed, &Notice::Scheduled, &both, now)
                    .await?;
            } else if !actions.is_empty() {
                notifier
                    .send(&txn, &agreed, &Notice::Confirmed, &both, now)
                    .await?;
            }
            continue;
        }
        let (action, stamp, notice) = match state {
            RequestState::Requested => (
                RequestAction::Decline,
                RequestStamp {
                    decided: true,
                    decline_reason: Some(reason.to_string()),
                    ..RequestStamp::default()
                },
                Notice::Declined {
                    reason: reason.to_string(),
                },
            ),
            RequestState::Confirmed => (
                RequestAction::Cancel,
                RequestStamp {
                    cancel_reason: Some(reason.to_string()),
                    ..RequestStamp::default()
                },
                Notice::Cancelled {
                    reason: reason.to_string(),
                },
            ),
            // Accepted but never confirmed: the asker still decides; leave it.
            _ => continue,
        };
        let done = advance(&txn, request, &[action], now).await?;
        let done = q::stamp_request(&txn, &done, stamp, now).await?;
        notifier
            .send(&txn, &done, &notice, &[request.requester_id], now)
            .await?;
        report.turned_down += 1;
        turned_down.push(request.id);
    }
    let before: Vec<(i64, &str)> = candidates
        .iter()
        .map(|c| (c.id, c.state.as_str()))
        .collect();
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "pick_candidates",
            entity: "expert_profile",
            entity_id: profile.id.to_string(),
            before: Some(&before),
            after: Some(&Audited {
                expert_participant_id: expert_id,
                kept,
                turned_down: &turned_down,
                reason,
            }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}
