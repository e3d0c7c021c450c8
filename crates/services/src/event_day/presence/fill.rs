//! "Fill freed slots" on the event day (CHK-3): the incremental scheduling run of issue 5
//! (`meetings::scheduling`: every placed meeting stays fixed), with its candidates restricted
//! to what can still happen: slots that start after `now` and, once the day has started, the
//! slots of that day and meetings whose two sides are checked in. Besides confirmed requests,
//! still open ones (requested or accepted, both sides named) are candidates: with both people
//! in the room the organizer books them, and publishing confirms them (`ConfirmOnSite`).
//! The proposal is stored as
//! an ordinary run, reviewed and published on the scheduling page (`scheduling::publish`).

use super::{PresenceError, local_day};
use crate::audit::Actor;
use crate::meetings::scheduling::{self, BuiltProblem, RunError};
use chrono::{DateTime, Utc};
use domain::EventId;
use std::collections::HashSet;
use store::DatabaseConnection;

/// Reason shown for a confirmed meeting left out because a side is not checked in.
pub const REASON_ABSENT: &str = "scheduling-reason-presence-absent";
/// Reason shown for a confirmed meeting with no slot left today.
pub const REASON_NO_SLOT: &str = "scheduling-reason-presence-no-slot";

/// What the restriction needs to know.
pub struct Restriction {
    /// Slots still usable (scheduler ids).
    pub allowed_slots: HashSet<String>,
    /// Present participants (scheduler ids), when the day has started.
    pub present: Option<HashSet<String>>,
}

/// Narrows an incremental problem: placed (fixed) meetings are untouched; every other meeting
/// may only use the allowed slots and, when `present` is given, needs both sides present.
pub fn restrict(built: &mut BuiltProblem, rule: &Restriction) {
    let mut dropped: Vec<(String, &'static str)> = vec![];
    for m in built.problem.meetings.iter_mut() {
        if m.fixed_slot.is_some() {
            continue;
        }
        if let Some(present) = &rule.present
            && m.participants.iter().any(|p| !present.contains(p))
        {
            dropped.push((m.id.clone(), REASON_ABSENT));
            continue;
        }
        let slots: Vec<String> = match &m.allowed_slots {
            Some(list) => list
                .iter()
                .filter(|s| rule.allowed_slots.contains(*s))
                .cloned()
                .collect(),
            None => built
                .problem
                .slots
                .iter()
                .map(|s| s.id.clone())
                .filter(|s| rule.allowed_slots.contains(s))
                .collect(),
        };
        if slots.is_empty() {
            dropped.push((m.id.clone(), REASON_NO_SLOT));
            continue;
        }
        m.allowed_slots = Some(slots);
    }
    let gone: HashSet<&str> = dropped.iter().map(|(id, _)| id.as_str()).collect();
    built
        .problem
        .meetings
        .retain(|m| !gone.contains(m.id.as_str()));
    for m in built.problem.meetings.iter_mut() {
        m.after.retain(|a| !gone.contains(a.as_str()));
    }
    for (id, reason) in dropped {
        if let Some(request) = built.request_of.get(&id) {
            built.excluded.push((*request, reason));
        }
    }
}

/// Starts, solves and stores a restricted incremental run; returns the run id, whose
/// proposal the organizer reviews and publishes on the scheduling page.
pub async fn fill_freed_slots(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    now: DateTime<Utc>,
    time_limit_ms: u64,
) -> Result<i64, PresenceError> {
    let event_row = store::events::find(db, event)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let run = scheduling::start_run(db, actor, event, false)
        .await
        .map_err(|e| match e {
            RunError::AlreadyRunning => PresenceError::Busy,
            RunError::Internal(e) => PresenceError::Internal(e),
            _ => PresenceError::NotFound,
        })?;
    let outcome = solve(db, &event_row, now, time_limit_ms).await;
    let finished = Utc::now();
    match outcome {
        Ok(proposal) => {
            let json = serde_json::to_string(&proposal)
                .map_err(|e| PresenceError::Internal(crate::InternalError::Other(e.to_string())))?;
            store::meetings::scheduling::finish_run(
                db,
                run.id,
                "ready",
                Some(json),
                None,
                finished,
            )
            .await?;
        }
        Err(message) => {
            tracing::warn!(run_id = run.id, error = %message, "fill freed slots failed");
            store::meetings::scheduling::finish_run(
                db,
                run.id,
                "failed",
                None,
                Some(message),
                finished,
            )
            .await?;
        }
    }
    Ok(run.id)
}

async fn solve(
    db: &DatabaseConnection,
    event: &store::events::EventRow,
    now: DateTime<Utc>,
    time_limit_ms: u64,
) -> Result<scheduling::Proposal, String> {
    let mut built = scheduling::build_problem_with(db, event.id, false, true, time_limit_ms)
        .await
        .map_err(|e| e.to_string())?;
    let slots = store::meetings::slots_of_event(db, event.id)
        .await
        .map_err(|e| e.to_string())?;
    let today = local_day(now, &event.time_zone);
    let day_started = slots
        .iter()
        .any(|s| s.starts_at <= now && local_day(s.starts_at, &event.time_zone) == today);
    let allowed_slots: HashSet<String> = slots
        .iter()
        .filter(|s| s.starts_at > now)
        .filter(|s| !day_started || local_day(s.starts_at, &event.time_zone) == today)
        .map(|s| format!("s{}", s.id))
        .collect();
    let present = if day_started {
        Some(
            store::checkin::checked_in(db, event.id)
                .await
                .map_err(|e| e.to_string())?
                .into_keys()
                .map(|p| format!("p{p}"))
                .collect(),
        )
    } else {
        None
    };
    restrict(
        &mut built,
        &Restriction {
            allowed_slots,
            present,
        },
    );
    let problem = built.problem.clone();
    let solution = tokio::task::spawn_blocking(move || {
        let budget = scheduler::Budget::from_options(&problem.options);
        scheduler::solve(&problem, &budget)
    })
    .await
    .map_err(|e| format!("solver thread: {e}"))?
    .map_err(|e| scheduling::humanize(&e.to_string(), &built.labels))?;
    Ok(scheduling::make_proposal(&built, &solution, false))
}
