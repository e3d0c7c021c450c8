//! A participant asks an expert for a meeting (EXP-2, EXP-3). In mode (a) the request is
//! accepted, confirmed and placed at once in the first slot free for both when the expert
//! still has room; otherwise it waits on the expert's candidate list. In mode (b) it is
//! confirmed and waits for a scheduling run.

use super::{
    EventContext, ExpertError, advance, categories, is_expert, place_first_free, seats_used,
    under_cap,
};
use crate::meetings::availability::Availability;
use crate::meetings::notify::Notice;
use crate::meetings::settings::ExpertMode;
use crate::taxonomy::EXPERT_CATEGORY;
use chrono::Utc;
use domain::EventId;
use domain::meeting::{RequestAction, RequestState};
use store::meetings::experts::{self as q, NewExpertRequest, RequestStamp};
use store::meetings::{MeetingRow, RequestRow};
use store::{DatabaseConnection, TransactionTrait};

/// What became of a request to an expert.
#[derive(Debug, Clone)]
pub enum AskOutcome {
    /// Mode (a): placed at once.
    Scheduled(MeetingRow),
    /// Mode (a): the expert is full or no common slot is free; on the candidate list.
    Waiting,
    /// Mode (b): confirmed; a scheduling run will give it a time.
    Confirmed,
}

/// Sends a request to an expert from the logged-in account's registration.
pub async fn ask_expert(
    db: &DatabaseConnection,
    user_id: i64,
    event: EventId,
    expert_id: i64,
    message: &str,
    base_url: &str,
) -> Result<(RequestRow, AskOutcome), ExpertError> {
    let now = Utc::now();
    let message = message.trim();
    if message.chars().count() > 2000 {
        let mut errors = crate::forms::FieldErrors::new();
        errors.add("message", "error-too-long");
        return Err(ExpertError::Invalid(errors));
    }
    let txn = store::begin_write(db).await?;
    let ctx = EventContext::load(&txn, event).await?;
    let asker = q::participant_of_user(&txn, event.0, user_id)
        .await?
        .filter(|p| p.status == "validated")
        .ok_or(ExpertError::NotParticipant)?;
    let expert = q::participant_of_event(&txn, event.0, expert_id)
        .await?
        .ok_or(ExpertError::NotFound)?;
    if !is_expert(&txn, event, expert.id).await? {
        return Err(ExpertError::NotExpert);
    }
    if asker.id == expert.id {
        return Err(ExpertError::NotAllowed);
    }
    let profile = q::lock_profile(&txn, event.0, expert.id)
        .await?
        .filter(|p| p.is_available)
        .ok_or(ExpertError::Unavailable)?;
    let expert_company = expert.company_id.ok_or(ExpertError::Unavailable)?;
    let asker_category = categories(&txn, event, &[asker.id])
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .next();
    if !ctx
        .settings
        .may_meet(asker_category.as_deref(), Some(EXPERT_CATEGORY))
    {
        return Err(ExpertError::NotAllowed);
    }
    let open = q::requests_between(&txn, event.0, asker.id, expert.id)
        .await?
        .iter()
        .any(|r| {
            r.state
                .parse::<RequestState>()
                .is_ok_and(RequestState::is_open)
        });
    if open {
        return Err(ExpertError::AlreadyAsked);
    }
    let request = q::insert_expert_request(
        &txn,
        NewExpertRequest {
            event_id: event.0,
            requester_id: asker.id,
            expert_id: expert.id,
            expert_company_id: expert_company,
            message: message.to_string(),
            created_by_user_id: user_id,
        },
        now,
    )
    .await?;
    let notifier = ctx.notifier(base_url);
    let both = [asker.id, expert.id];
    let (request, outcome) = match ctx.settings.expert_mode {
        ExpertMode::PreAssign => {
            let agreed = advance(
                &txn,
                &request,
                &[RequestAction::Accept, RequestAction::Confirm],
                now,
            )
            .await?;
            let agreed = q::stamp_request(&txn, &agreed, confirmed(), now).await?;
            notifier
                .send(&txn, &agreed, &Notice::Confirmed, &both, now)
                .await?;
            (agreed, AskOutcome::Confirmed)
        }
        ExpertMode::FirstCome => {
            let requests = q::expert_requests_to(&txn, event.0, &[expert.id]).await?;
            let placed = if under_cap(&profile, seats_used(&requests, expert.id)) {
                let savepoint = txn.begin().await?;
                let agreed = advance(
                    &savepoint,
                    &request,
                    &[RequestAction::Accept, RequestAction::Confirm],
                    now,
                )
                .await?;
                let availability = Availability::load(&savepoint, event.0).await?;
                match place_first_free(&savepoint, &agreed, &availability, now).await? {
                    Some(row) => {
                        let agreed =
                            q::stamp_request(&savepoint, &agreed, confirmed(), now).await?;
                        savepoint.commit().await?;
                        Some((agreed, row))
                    }
                    None => {
                        savepoint.rollback().await?;
                        None
                    }
                }
            } else {
                None
            };
            match placed {
                Some((agreed, row)) => {
                    let agreed = q::reload_request(&txn, agreed.id)
                        .await?
                        .ok_or(ExpertError::NotFound)?;
                    notifier
                        .send(&txn, &agreed, &Notice::Scheduled, &both, now)
                        .await?;
                    (agreed, AskOutcome::Scheduled(row))
                }
                None => {
                    notifier
                        .send(&txn, &request, &Notice::Requested, &[expert.id], now)
                        .await?;
                    (request, AskOutcome::Waiting)
                }
            }
        }
    };
    txn.commit().await?;
    Ok((request, outcome))
}

/// Stamps of a request both sides agreed to at once.
pub(crate) fn confirmed() -> RequestStamp {
    RequestStamp {
        decided: true,
        confirmed: true,
        ..RequestStamp::default()
    }
}
