//! An expert drops out (EXP-7): in one action the expert stops taking meetings and each of
//! their open requests and meetings moves to a compatible expert — available, under cap,
//! free in the same slot for a scheduled meeting, preferring the one whose profile sought
//! shares most words with the dropped expert's and the asker's criteria — or, when none
//! fits, is cancelled (declined when not yet agreed). Everyone concerned is told; audited.

use super::listing::CriteriaReader;
use super::{
    EventContext, ExpertError, advance, is_expert, seats_used, shared_words, try_place, under_cap,
};
use crate::audit::{Actor, Change};
use crate::meetings::availability::Availability;
use crate::meetings::notify::Notice;
use crate::taxonomy::EXPERT_CATEGORY;
use chrono::{DateTime, Utc};
use domain::meeting::{RequestAction, RequestState};
use domain::{EventId, Locale};
use std::collections::HashMap;
use store::meetings::RequestRow;
use store::meetings::experts::{self as q, ExpertProfileRow, RequestStamp};
use store::{DatabaseConnection, DatabaseTransaction, TransactionTrait};

/// What became of one request of the expert who dropped out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum DropOutOutcome {
    /// Moved to another expert ("Name (Company)").
    Moved(String),
    /// Cancelled (or declined when it was not agreed yet).
    Cancelled,
}

/// One line of the drop-out summary.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DropOutLine {
    /// The request.
    pub request_id: i64,
    /// The asker "Name (Company)".
    pub who: String,
    /// What happened.
    pub outcome: DropOutOutcome,
}

/// Another expert who could take over.
struct Replacement {
    profile: ExpertProfileRow,
    company_id: i64,
    label: String,
}

/// Marks the expert unavailable and moves or cancels each of their open requests.
pub async fn expert_drops_out(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    expert_id: i64,
    reason: &str,
    base_url: &str,
) -> Result<Vec<DropOutLine>, ExpertError> {
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
    let dropped = q::lock_profile(&txn, event.0, expert_id)
        .await?
        .ok_or(ExpertError::Unavailable)?;
    q::set_available(&txn, &dropped, false, now).await?;
    let others = replacements(&txn, event, expert_id).await?;
    let other_ids: Vec<i64> = others.iter().map(|r| r.profile.participant_id).collect();
    let mut used: HashMap<i64, usize> = HashMap::new();
    let to_others = q::expert_requests_to(&txn, event.0, &other_ids).await?;
    for id in &other_ids {
        used.insert(*id, seats_used(&to_others, *id));
    }
    let availability = Availability::load(&txn, event.0).await?;
    let mine: Vec<RequestRow> = q::expert_requests_to(&txn, event.0, &[expert_id])
        .await?
        .into_iter()
        .filter(|r| {
            r.state
                .parse::<RequestState>()
                .is_ok_and(RequestState::is_open)
        })
        .collect();
    let askers: Vec<i64> = mine.iter().map(|r| r.requester_id).collect();
    let contacts = store::meetings::contacts(&txn, event.0, &askers).await?;
    let everyone = store::events::participants(&txn, event).await?;
    let reader = CriteriaReader::load(&txn, event).await?;
    let dropped_sought = format!("{} {}", dropped.sought_fr, dropped.sought_en);
    let notifier = ctx.notifier(base_url);
    let mut lines = Vec::new();
    for request in &mine {
        let company = everyone
            .iter()
            .find(|p| p.id == request.requester_id)
            .and_then(|p| p.company_id);
        let criteria = match company {
            Some(company) => reader.read(&txn, company, Locale::Fr).await?,
            None => Vec::new(),
        };
        let wanted = criteria
            .iter()
            .map(|(_, v)| v.as_str())
            .chain([request.message.as_str(), dropped_sought.as_str()])
            .collect::<Vec<_>>()
            .join(" ");
        let mut choices: Vec<&Replacement> = Vec::new();
        for other in &others {
            let busy = q::requests_between(
                &txn,
                event.0,
                request.requester_id,
                other.profile.participant_id,
            )
            .await?
            .iter()
            .any(|r| {
                r.state
                    .parse::<RequestState>()
                    .is_ok_and(RequestState::is_open)
            });
            let count = used
                .get(&other.profile.participant_id)
                .copied()
                .unwrap_or(0);
            if other.profile.participant_id != request.requester_id
                && !busy
                && under_cap(&other.profile, count)
            {
                choices.push(other);
            }
        }
        choices.sort_by_key(|c| {
            let sought = format!("{} {}", c.profile.sought_fr, c.profile.sought_en);
            (
                std::cmp::Reverse(shared_words(&sought, &wanted).len()),
                used.get(&c.profile.participant_id).copied().unwrap_or(0),
                c.profile.participant_id,
            )
        });
        let moved = move_to_first(&txn, request, &choices, &availability, now).await?;
        let who = contacts
            .iter()
            .find(|c| c.participant_id == request.requester_id)
            .map(|c| format!("{} ({})", c.name, c.company))
            .unwrap_or_default();
        let outcome = match moved {
            Some((replacement, moved)) => {
                if moved
                    .state
                    .parse::<RequestState>()
                    .is_ok_and(RequestState::is_agreed)
                {
                    *used.entry(replacement.profile.participant_id).or_default() += 1;
                }
                let recipients = [moved.requester_id, replacement.profile.participant_id];
                notifier
                    .send(&txn, &moved, &Notice::Moved, &recipients, now)
                    .await?;
                DropOutOutcome::Moved(replacement.label.clone())
            }
            None => {
                cancel(&txn, &ctx, request, reason, base_url, now).await?;
                DropOutOutcome::Cancelled
            }
        };
        lines.push(DropOutLine {
            request_id: request.id,
            who,
            outcome,
        });
    }
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "drop_out",
            entity: "expert_profile",
            entity_id: dropped.id.to_string(),
            before: Some(&dropped),
            after: Some(&lines),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(lines)
}

/// The other available experts with a profile and a company.
async fn replacements(
    txn: &DatabaseTransaction,
    event: EventId,
    dropped: i64,
) -> Result<Vec<Replacement>, ExpertError> {
    let people = q::participants_in_category(txn, event.0, EXPERT_CATEGORY).await?;
    let profiles = q::profiles(txn, event.0).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let contacts = store::meetings::contacts(txn, event.0, &ids).await?;
    Ok(people
        .iter()
        .filter(|p| p.id != dropped)
        .filter_map(|p| {
            let profile = profiles
                .iter()
                .find(|pr| pr.participant_id == p.id && pr.is_available)?
                .clone();
            let contact = contacts.iter().find(|c| c.participant_id == p.id)?;
            Some(Replacement {
                profile,
                company_id: p.company_id?,
                label: format!("{} ({})", contact.name, contact.company),
            })
        })
        .collect())
}

/// Moves a request to the first replacement that fits (same slot for a scheduled meeting),
/// each try in a savepoint. Returns the replacement and the request as moved.
async fn move_to_first<'a>(
    txn: &DatabaseTransaction,
    request: &RequestRow,
    choices: &[&'a Replacement],
    availability: &Availability,
    now: DateTime<Utc>,
) -> Result<Option<(&'a Replacement, RequestRow)>, ExpertError> {
    let placement = store::meetings::placement_of(txn, request.id).await?;
    for choice in choices {
        let expert = choice.profile.participant_id;
        if let Some(meeting) = &placement
            && !availability.is_free(expert, meeting.slot_id)
        {
            continue;
        }
        let savepoint = txn.begin().await?;
        let stamp = RequestStamp {
            new_target: Some((expert, choice.company_id)),
            ..RequestStamp::default()
        };
        let moved = q::stamp_request(&savepoint, request, stamp, now).await?;
        let fits = match &placement {
            Some(meeting) => try_place(&savepoint, &moved, meeting.slot_id, now)
                .await?
                .is_some(),
            None => true,
        };
        if fits {
            savepoint.commit().await?;
            return Ok(Some((choice, moved)));
        }
        savepoint.rollback().await?;
    }
    Ok(None)
}

/// Cancels a meeting (declines a request not yet agreed) with the reason, telling the asker.
async fn cancel(
    txn: &DatabaseTransaction,
    ctx: &EventContext,
    request: &RequestRow,
    reason: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ExpertError> {
    let state: RequestState = request.state.parse().map_err(|_| ExpertError::Conflict)?;
    let (actions, stamp, notice): (&[RequestAction], _, _) = match state {
        RequestState::Requested => (
            &[RequestAction::Decline],
            RequestStamp {
                decided: true,
                decline_reason: Some(reason.to_string()),
                ..RequestStamp::default()
            },
            Notice::Declined {
                reason: reason.to_string(),
            },
        ),
        RequestState::Accepted => (
            &[RequestAction::Withdraw],
            RequestStamp::default(),
            Notice::Cancelled {
                reason: reason.to_string(),
            },
        ),
        _ => (
            &[RequestAction::Cancel],
            RequestStamp {
                cancel_reason: Some(reason.to_string()),
                ..RequestStamp::default()
            },
            Notice::Cancelled {
                reason: reason.to_string(),
            },
        ),
    };
    store::meetings::delete_placement(txn, request.id).await?;
    let done = advance(txn, request, actions, now).await?;
    let done = q::stamp_request(txn, &done, stamp, now).await?;
    ctx.notifier(base_url)
        .send(txn, &done, &notice, &[request.requester_id], now)
        .await?;
    Ok(())
}
