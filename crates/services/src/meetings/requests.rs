//! Meeting requests with mutual acceptance (MTG-2, MTG-4, MTG-5): a participant asks a person
//! (or a company, which names its attendee on acceptance); the other side accepts or declines;
//! the requester confirms. A request made on a picked slot is placed at once on confirmation
//! (slot and table reserved), or joins that slot's waiting list when it was taken meanwhile.
//! Unanswered requests expire after the event's delay, with a reminder before.
//!
//! Each action is one transaction: authorization, rules, a compare-and-set transition through
//! `domain::meeting`, notices to the other side. Transient database conflicts (deadlocks,
//! serialization failures) are retried a few times; a lost race is a clean `Conflict`.

use crate::InternalError;
use crate::meetings::availability::Availability;
use crate::meetings::booking::{self, PlaceError, Target};
use crate::meetings::notify::{Notice, Notifier};
use crate::meetings::{MeetingSettings, settings};
use chrono::{DateTime, Duration, Utc};
use domain::EventId;
use domain::meeting::{Booking, RequestAction, RequestState};
use std::collections::HashMap;
use std::future::Future;
use store::meetings::RequestRow;
use store::meetings::requests::{self as q, Details, NewRequest};
use store::registration::ParticipantRow;
use store::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};

/// Longest message sent with a request, in characters.
pub const MAX_MESSAGE: usize = 2000;

/// Why an action on a request was refused. Message ids are in `meeting_requests.ftl`.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// Unknown here (another event's request, a company that is not in the catalogue).
    #[error("not found")]
    NotFound,
    /// Not the person who may do this.
    #[error("forbidden")]
    Forbidden,
    /// The input is wrong (message id).
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// The rules refuse it now (quota, duplicate, state changed, slot taken): HTTP 409.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The database failed.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<DbErr> for RequestError {
    fn from(e: DbErr) -> Self {
        RequestError::Internal(InternalError::Database(e))
    }
}

impl From<PlaceError> for RequestError {
    fn from(e: PlaceError) -> Self {
        match e {
            PlaceError::Db(e) => e.into(),
            PlaceError::Taken | PlaceError::NoTable => {
                RequestError::Conflict("meeting-request-error-slot-taken")
            }
            PlaceError::UnknownSlot => RequestError::Invalid("meeting-request-error-slot"),
            PlaceError::NotPlaceable => RequestError::Conflict("meeting-request-error-state"),
        }
    }
}

/// What a participant fills in to ask for a meeting.
#[derive(Debug, Clone, Default)]
pub struct SendForm {
    /// The company asked.
    pub target_company_id: i64,
    /// The person asked; none lets the company choose who attends.
    pub target_participant_id: Option<i64>,
    /// A few words for the other side (≤ 2000 characters).
    pub message: String,
    /// 1 (high) to 3 (low).
    pub priority: i32,
    /// `pick_slot` or `schedule`.
    pub booking: String,
    /// The slot picked (`pick_slot`).
    pub slot_id: Option<i64>,
    /// Availability windows (`schedule`): slot ids, none for any.
    pub availability: Vec<i64>,
}

/// What became of a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Placed at once in the picked slot.
    Placed,
    /// The picked slot was taken: the meeting waits on that slot's list.
    Waitlisted,
    /// It waits for a scheduling run.
    Pending,
}

/// A slot one can pick, with whether it is free right now.
#[derive(Debug, Clone)]
pub struct SlotChoice {
    /// The slot.
    pub slot: store::entities::slot::Model,
    /// Free for both sides with a table; otherwise picking it means its waiting list.
    pub free: bool,
}

fn is_transient(e: &RequestError) -> bool {
    let RequestError::Internal(InternalError::Database(e)) = e else {
        return false;
    };
    let text = e.to_string().to_lowercase();
    [
        "deadlock",
        "could not serialize",
        "database is locked",
        "40001",
        "40p01",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// Runs an action again (a few times) when the database reports a transient conflict.
async fn retrying<T, F, Fut>(mut action: F) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut attempt = 0;
    loop {
        match action().await {
            Err(e) if is_transient(&e) && attempt < 4 => {
                attempt += 1;
                tracing::info!(attempt, "meeting request: transient conflict, retrying");
                tokio::time::sleep(std::time::Duration::from_millis(10 * attempt)).await;
            }
            other => return other,
        }
    }
}

async fn me_in(
    db: &impl ConnectionTrait,
    event_id: i64,
    user_id: i64,
) -> Result<ParticipantRow, RequestError> {
    store::registration::participant_of_user(db, EventId(event_id), user_id)
        .await?
        .ok_or(RequestError::NotFound)
}

async fn event_and_settings(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<(store::events::EventRow, MeetingSettings), RequestError> {
    let event = store::events::find(db, EventId(event_id))
        .await?
        .ok_or(RequestError::NotFound)?;
    let settings = settings::load(db, EventId(event_id)).await?;
    Ok((event, settings))
}

fn state_of(request: &RequestRow) -> Result<RequestState, RequestError> {
    request
        .state
        .parse()
        .map_err(|_| RequestError::Conflict("meeting-request-error-state"))
}

fn next_state(
    request: &RequestRow,
    action: RequestAction,
) -> Result<(RequestState, RequestState), RequestError> {
    let from = state_of(request)?;
    let to = from
        .after(action)
        .map_err(|_| RequestError::Conflict("meeting-request-error-state"))?;
    Ok((from, to))
}

async fn transition(
    txn: &impl ConnectionTrait,
    request: &RequestRow,
    (from, to): (RequestState, RequestState),
    now: DateTime<Utc>,
) -> Result<(), RequestError> {
    if store::meetings::set_request_state(txn, request.id, from.as_str(), to.as_str(), now).await? {
        Ok(())
    } else {
        Err(RequestError::Conflict("meeting-request-error-state"))
    }
}

/// The validated people of a company.
async fn company_people(
    db: &impl ConnectionTrait,
    event_id: i64,
    company_id: i64,
) -> Result<Vec<ParticipantRow>, DbErr> {
    Ok(
        store::registration::people(db, EventId(event_id), company_id)
            .await?
            .into_iter()
            .filter(|p| p.status == "validated")
            .collect(),
    )
}

/// Tells the addressee side: the named person, or every person of the company when it has
/// not named its attendee yet.
async fn tell_addressees(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    request: &RequestRow,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    match request.target_participant_id {
        Some(target) => notifier.send(db, request, notice, &[target], now).await,
        None => {
            for person in company_people(db, request.event_id, request.target_company_id).await? {
                let mut addressed = request.clone();
                addressed.target_participant_id = Some(person.id);
                notifier
                    .send(db, &addressed, notice, &[person.id], now)
                    .await?;
            }
            Ok(())
        }
    }
}

/// Whether the categories of two people allow them to meet (every pair of their category
/// codes is checked; no category means no restriction).
fn categories_allow(settings: &MeetingSettings, mine: &[String], theirs: &[String]) -> bool {
    mine.iter().all(|a| {
        theirs
            .iter()
            .all(|b| settings.may_meet(Some(a.as_str()), Some(b.as_str())))
    })
}

/// Whether a slot is free now for these people: nobody seated, and a place for them (a
/// side's stand or desk, or a free shared table).
async fn slot_is_free(
    db: &impl ConnectionTrait,
    event_id: i64,
    slot: &store::entities::slot::Model,
    people: &[i64],
) -> Result<bool, DbErr> {
    if q::seated_slots(db, people).await?.contains(&slot.id) {
        return Ok(false);
    }
    if store::meetings::owned_place(db, event_id, people)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    Ok(store::meetings::free_shared_place(db, slot)
        .await?
        .is_some())
}

/// The slots a participant may pick for a meeting with a person (or, for a company, with any
/// of its people), in time order, each marked free or taken.
pub async fn slot_choices(
    db: &impl ConnectionTrait,
    event_id: i64,
    me: i64,
    them: &[i64],
) -> Result<Vec<SlotChoice>, DbErr> {
    let availability = Availability::load(db, event_id).await?;
    let slots = store::meetings::slots_of_event(db, event_id).await?;
    let mine = q::seated_slots(db, &[me]).await?;
    let (tables, used) = q::table_counts(db, event_id).await?;
    let mut owned = store::meetings::owned_place(db, event_id, &[me])
        .await?
        .is_some();
    let mut out = Vec::new();
    for slot in slots {
        if !availability.is_free(me, slot.id) {
            continue;
        }
        let free_them: Vec<i64> = them
            .iter()
            .copied()
            .filter(|p| availability.is_free(*p, slot.id))
            .collect();
        if free_them.is_empty() {
            continue;
        }
        let theirs = q::seated_slots(db, &free_them).await?;
        let someone_free = free_them.len() > theirs.iter().filter(|s| **s == slot.id).count();
        if !owned {
            owned = store::meetings::owned_place(db, event_id, &free_them)
                .await?
                .is_some();
        }
        let tables_here = tables.iter().filter(|(s, _)| *s == slot.session_id).count();
        let used_here = used.iter().filter(|s| **s == slot.id).count();
        let free = !mine.contains(&slot.id) && someone_free && (owned || used_here < tables_here);
        out.push(SlotChoice { slot, free });
    }
    Ok(out)
}

/// Sends a request (MTG-4). Returns it, and whether the picked slot is taken right now (the
/// request will then wait on that slot's list once confirmed).
pub async fn send_request(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    form: &SendForm,
    now: DateTime<Utc>,
) -> Result<(RequestRow, bool), RequestError> {
    retrying(|| send_once(db, base_url, user_id, event_id, form, now)).await
}

async fn send_once(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    form: &SendForm,
    now: DateTime<Utc>,
) -> Result<(RequestRow, bool), RequestError> {
    let txn = store::begin_write(db).await?;
    let me = me_in(&txn, event_id, user_id).await?;
    if me.status != "validated" {
        return Err(RequestError::Conflict(
            "meeting-request-error-not-validated",
        ));
    }
    let company = store::registration::company(&txn, EventId(event_id), form.target_company_id)
        .await?
        .filter(|c| c.status == "validated")
        .ok_or(RequestError::NotFound)?;
    if me.company_id == Some(company.id) {
        return Err(RequestError::Invalid("meeting-request-error-own-company"));
    }
    let people = company_people(&txn, event_id, company.id).await?;
    let them: Vec<ParticipantRow> = match form.target_participant_id {
        Some(id) if id == me.id => return Err(RequestError::Invalid("meeting-request-error-self")),
        Some(id) => vec![
            people
                .iter()
                .find(|p| p.id == id)
                .cloned()
                .ok_or(RequestError::Invalid("meeting-request-error-person"))?,
        ],
        None => people.clone(),
    };
    if them.is_empty() {
        return Err(RequestError::Invalid("meeting-request-error-person"));
    }
    let message = form.message.trim().to_string();
    if message.chars().count() > MAX_MESSAGE {
        return Err(RequestError::Invalid("meeting-request-error-message-long"));
    }
    if !(1..=3).contains(&form.priority) {
        return Err(RequestError::Invalid("meeting-request-error-priority"));
    }
    let (event, settings) = event_and_settings(&txn, event_id).await?;
    let booking =
        Booking::parse(&form.booking).ok_or(RequestError::Invalid("meeting-request-error-mode"))?;
    let allowed = match booking {
        Booking::PickSlot => settings.pick_slot_allowed,
        Booking::Schedule => settings.scheduling_allowed,
    };
    if !allowed {
        return Err(RequestError::Invalid("meeting-request-error-mode"));
    }
    if let Some(limit) = settings.requests_per_participant
        && q::open_sent_count(&txn, event_id, me.id).await? >= u64::from(limit)
    {
        return Err(RequestError::Conflict("meeting-request-error-quota"));
    }
    if at_meeting_cap(&txn, &settings, event_id, me.id).await? {
        return Err(RequestError::Conflict("meeting-request-error-meeting-cap"));
    }
    let mine = q::categories(&txn, event_id, me.id).await?;
    let mut allowed_people = Vec::new();
    for person in &them {
        let theirs = q::categories(&txn, event_id, person.id).await?;
        if categories_allow(&settings, &mine, &theirs) {
            allowed_people.push(person.id);
        }
    }
    if allowed_people.is_empty() {
        return Err(RequestError::Conflict(
            "meeting-request-error-forbidden-pair",
        ));
    }
    let all_people: Vec<i64> = people.iter().map(|p| p.id).collect();
    if q::open_between(
        &txn,
        event_id,
        me.id,
        me.company_id,
        company.id,
        &all_people,
    )
    .await?
    {
        return Err(RequestError::Conflict("meeting-request-error-duplicate"));
    }
    let mut slot_taken = false;
    let (wanted_slot_id, availability) = match booking {
        Booking::PickSlot => {
            let slot_id = form
                .slot_id
                .ok_or(RequestError::Invalid("meeting-request-error-slot"))?;
            let slot = store::meetings::find_slot(&txn, event_id, slot_id)
                .await?
                .ok_or(RequestError::Invalid("meeting-request-error-slot"))?;
            let availability = Availability::load(&txn, event_id).await?;
            let free_them: Vec<i64> = allowed_people
                .iter()
                .copied()
                .filter(|p| availability.is_free(*p, slot.id))
                .collect();
            if !availability.is_free(me.id, slot.id) || free_them.is_empty() {
                return Err(RequestError::Invalid(
                    "meeting-request-error-slot-unavailable",
                ));
            }
            let mut free = false;
            for person in &free_them {
                if slot_is_free(&txn, event_id, &slot, &[me.id, *person]).await? {
                    free = true;
                    break;
                }
            }
            slot_taken = !free;
            (Some(slot.id), String::new())
        }
        Booking::Schedule => {
            let slots: Vec<i64> = store::meetings::slots_of_event(&txn, event_id)
                .await?
                .into_iter()
                .map(|s| s.id)
                .filter(|id| form.availability.contains(id))
                .collect();
            let json = if slots.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&slots)
                    .map_err(|e| InternalError::Other(format!("availability: {e}")))?
            };
            (None, json)
        }
    };
    let request = q::insert(
        &txn,
        NewRequest {
            event_id,
            requester_id: me.id,
            target_company_id: company.id,
            target_participant_id: form.target_participant_id,
            message,
            priority: form.priority,
            booking: booking.as_str().to_string(),
            wanted_slot_id,
            availability,
            created_by_user_id: Some(user_id),
            expires_at: Some(now + Duration::days(i64::from(settings.expiry_days.max(1)))),
        },
        now,
    )
    .await?;
    let notifier = Notifier {
        event: &event,
        settings: &settings,
        base_url,
    };
    tell_addressees(&txn, &notifier, &request, &Notice::Requested, now).await?;
    txn.commit().await?;
    Ok((request, slot_taken))
}

/// A request of the event in the URL, with the caller's registration.
async fn load(
    txn: &impl ConnectionTrait,
    event_id: i64,
    user_id: i64,
    request_id: i64,
) -> Result<(ParticipantRow, RequestRow), RequestError> {
    let me = me_in(txn, event_id, user_id).await?;
    let request = store::meetings::find_request(txn, event_id, request_id)
        .await?
        .ok_or(RequestError::NotFound)?;
    Ok((me, request))
}

/// Whether `me` is the addressee side of a request.
fn is_addressee(me: &ParticipantRow, request: &RequestRow) -> bool {
    match request.target_participant_id {
        Some(target) => target == me.id,
        None => me.company_id == Some(request.target_company_id),
    }
}

/// Refuses people who have nothing to do with a request with 404 (no hint it exists), and
/// the wrong side of it with 403.
fn check_side(
    me: &ParticipantRow,
    request: &RequestRow,
    addressee: bool,
) -> Result<(), RequestError> {
    let requester = request.requester_id == me.id;
    let target_side = is_addressee(me, request);
    let colleague = me.company_id == Some(request.target_company_id);
    if !requester && !target_side {
        if !colleague {
            return Err(RequestError::NotFound);
        }
        // A colleague of the addressee: once answered (perhaps by this very colleague a
        // moment ago, for a request to the company) it is a conflict; before, not theirs.
        if request.state != RequestState::Requested.as_str() {
            return Err(RequestError::Conflict("meeting-request-error-state"));
        }
        return Err(RequestError::Forbidden);
    }
    if (addressee && !target_side) || (!addressee && !requester) {
        return Err(RequestError::Forbidden);
    }
    Ok(())
}

/// The addressee accepts (MTG-4). For a request to a company, any of its people may accept
/// and names the attendee (themselves by default).
pub async fn accept(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    attendee: Option<i64>,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    retrying(|| accept_once(db, base_url, user_id, event_id, request_id, attendee, now)).await
}

async fn accept_once(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    attendee: Option<i64>,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    let txn = store::begin_write(db).await?;
    let (me, request) = load(&txn, event_id, user_id, request_id).await?;
    check_side(&me, &request, true)?;
    let states = next_state(&request, RequestAction::Accept)?;
    let target = match request.target_participant_id {
        Some(target) => target,
        None => {
            let chosen = attendee.unwrap_or(me.id);
            let people = company_people(&txn, event_id, request.target_company_id).await?;
            if !people.iter().any(|p| p.id == chosen) {
                return Err(RequestError::Invalid("meeting-request-error-person"));
            }
            chosen
        }
    };
    let (event, settings) = event_and_settings(&txn, event_id).await?;
    if at_meeting_cap(&txn, &settings, event_id, target).await?
        || at_meeting_cap(&txn, &settings, event_id, request.requester_id).await?
    {
        return Err(RequestError::Conflict("meeting-request-error-meeting-cap"));
    }
    transition(&txn, &request, states, now).await?;
    q::set_details(
        &txn,
        request.id,
        Details {
            target_participant_id: Some(target),
            decided_at: Some(now),
            ..Default::default()
        },
    )
    .await?;
    let request = store::meetings::find_request(&txn, event_id, request_id)
        .await?
        .ok_or(RequestError::NotFound)?;
    let notifier = Notifier {
        event: &event,
        settings: &settings,
        base_url,
    };
    notifier
        .send(
            &txn,
            &request,
            &Notice::Accepted,
            &[request.requester_id],
            now,
        )
        .await?;
    txn.commit().await?;
    Ok(request)
}

/// Whether the participant already has as many meetings as the event allows
/// (`meetings_per_participant`); requests past the cap are refused when sent or accepted.
async fn at_meeting_cap(
    db: &impl ConnectionTrait,
    settings: &MeetingSettings,
    event_id: i64,
    participant_id: i64,
) -> Result<bool, DbErr> {
    Ok(match settings.meetings_per_participant {
        Some(cap) => q::committed_count(db, event_id, participant_id).await? >= u64::from(cap),
        None => false,
    })
}

/// The addressee declines, with an optional reason (MTG-4).
pub async fn decline(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    retrying(|| decline_once(db, base_url, user_id, event_id, request_id, reason, now)).await
}

async fn decline_once(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_MESSAGE {
        return Err(RequestError::Invalid("meeting-request-error-message-long"));
    }
    let txn = store::begin_write(db).await?;
    let (me, request) = load(&txn, event_id, user_id, request_id).await?;
    check_side(&me, &request, true)?;
    let states = next_state(&request, RequestAction::Decline)?;
    transition(&txn, &request, states, now).await?;
    q::set_details(
        &txn,
        request.id,
        Details {
            decline_reason: Some(reason.to_string()),
            decided_at: Some(now),
            ..Default::default()
        },
    )
    .await?;
    q::leave_waitlists(&txn, request.id).await?;
    let (event, settings) = event_and_settings(&txn, event_id).await?;
    let notifier = Notifier {
        event: &event,
        settings: &settings,
        base_url,
    };
    let mut told = request.clone();
    // The partner named in the notice is the person who declined.
    told.target_participant_id = Some(me.id);
    notifier
        .send(
            &txn,
            &told,
            &Notice::Declined {
                reason: reason.to_string(),
            },
            &[request.requester_id],
            now,
        )
        .await?;
    txn.commit().await?;
    Ok(request)
}

/// Tries to place a confirmed request in a slot inside a savepoint, a few times (a table
/// picked by a concurrent booking is found taken only at insert time). `None` when the slot
/// stays taken.
async fn try_place(
    txn: &DatabaseTransaction,
    request: &RequestRow,
    slot_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<store::meetings::MeetingRow>, RequestError> {
    let availability = Availability::load(txn, request.event_id).await?;
    if !store::meetings::sides(request)
        .iter()
        .all(|p| availability.is_free(*p, slot_id))
    {
        return Ok(None);
    }
    for _ in 0..3 {
        let savepoint = txn.begin().await?;
        let target = Target {
            slot_id,
            place_id: None,
            locked: false,
        };
        match booking::place(&savepoint, request, target, now).await {
            Ok(row) => {
                savepoint.commit().await?;
                return Ok(Some(row));
            }
            Err(PlaceError::Taken) => {
                savepoint.rollback().await?;
            }
            Err(PlaceError::NoTable) => {
                savepoint.rollback().await?;
                return Ok(None);
            }
            Err(e) => {
                savepoint.rollback().await?;
                return Err(e.into());
            }
        }
    }
    Ok(None)
}

/// The requester confirms an accepted request (MTG-4). A request on a picked slot is placed
/// at once (slot and table reserved); when the slot was taken meanwhile it joins the slot's
/// waiting list and stays confirmed.
pub async fn confirm(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<Confirmed, RequestError> {
    retrying(|| confirm_once(db, base_url, user_id, event_id, request_id, now)).await
}

async fn confirm_once(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<Confirmed, RequestError> {
    let txn = store::begin_write(db).await?;
    let (me, request) = load(&txn, event_id, user_id, request_id).await?;
    check_side(&me, &request, false)?;
    let states = next_state(&request, RequestAction::Confirm)?;
    transition(&txn, &request, states, now).await?;
    q::set_details(
        &txn,
        request.id,
        Details {
            confirmed_at: Some(now),
            ..Default::default()
        },
    )
    .await?;
    let mut request = request;
    request.state = RequestState::Confirmed.as_str().to_string();
    let (event, settings) = event_and_settings(&txn, event_id).await?;
    let notifier = Notifier {
        event: &event,
        settings: &settings,
        base_url,
    };
    let sides = store::meetings::sides(&request);
    let other: Vec<i64> = sides
        .iter()
        .copied()
        .filter(|p| *p != request.requester_id)
        .collect();
    let outcome = match (Booking::parse(&request.booking), request.wanted_slot_id) {
        (Some(Booking::PickSlot), Some(slot_id)) => {
            if try_place(&txn, &request, slot_id, now).await?.is_some() {
                notifier
                    .send(&txn, &request, &Notice::Scheduled, &sides, now)
                    .await?;
                Confirmed::Placed
            } else {
                q::join_waitlist(&txn, event_id, request.id, slot_id, now).await?;
                notifier
                    .send(&txn, &request, &Notice::Confirmed, &other, now)
                    .await?;
                Confirmed::Waitlisted
            }
        }
        _ => {
            notifier
                .send(&txn, &request, &Notice::Confirmed, &other, now)
                .await?;
            Confirmed::Pending
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// The requester takes back a request not yet confirmed.
pub async fn withdraw(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    retrying(|| withdraw_once(db, base_url, user_id, event_id, request_id, now)).await
}

async fn withdraw_once(
    db: &DatabaseConnection,
    base_url: &str,
    user_id: i64,
    event_id: i64,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<RequestRow, RequestError> {
    let txn = store::begin_write(db).await?;
    let (me, request) = load(&txn, event_id, user_id, request_id).await?;
    check_side(&me, &request, false)?;
    let states = next_state(&request, RequestAction::Withdraw)?;
    transition(&txn, &request, states, now).await?;
    q::leave_waitlists(&txn, request.id).await?;
    let (event, settings) = event_and_settings(&txn, event_id).await?;
    let notifier = Notifier {
        event: &event,
        settings: &settings,
        base_url,
    };
    tell_addressees(&txn, &notifier, &request, &Notice::Withdrawn, now).await?;
    txn.commit().await?;
    Ok(request)
}

/// When a slot frees: places the first confirmed request waiting for it that now fits, in
/// the caller's transaction, and tells both sides. Returns the request placed, if any.
/// Call it after a cancel or a move (in the same transaction).
pub async fn promote_waitlist(
    txn: &DatabaseTransaction,
    slot_id: i64,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, InternalError> {
    for request_id in q::waitlist(txn, slot_id).await? {
        let Some(request) = q::by_id(txn, request_id).await? else {
            continue;
        };
        if request.state != RequestState::Confirmed.as_str() {
            // Placed elsewhere, cancelled or withdrawn: it waits for nothing any more.
            q::leave_waitlists(txn, request.id).await?;
            continue;
        }
        match try_place(txn, &request, slot_id, now).await {
            Ok(Some(_)) => {
                q::leave_waitlists(txn, request.id).await?;
                let event = store::events::find(txn, EventId(request.event_id))
                    .await?
                    .ok_or_else(|| InternalError::Other("event of a request".into()))?;
                let settings = settings::load(txn, EventId(request.event_id)).await?;
                let notifier = Notifier {
                    event: &event,
                    settings: &settings,
                    base_url,
                };
                let sides = store::meetings::sides(&request);
                notifier
                    .send(txn, &request, &Notice::Scheduled, &sides, now)
                    .await?;
                return Ok(Some(request.id));
            }
            Ok(None) => continue,
            Err(RequestError::Internal(e)) => return Err(e),
            Err(_) => continue,
        }
    }
    Ok(None)
}

/// What the expiry job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryReport {
    /// Reminders sent.
    pub reminded: usize,
    /// Requests expired.
    pub expired: usize,
}

/// The worker's job (MTG-4): reminds the side that must act `reminder_days_before_expiry`
/// before a request's deadline (once), and expires requested or accepted requests past it so
/// they stop blocking slots; both sides are told.
pub async fn run_expiry(
    db: &DatabaseConnection,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<ExpiryReport, InternalError> {
    let mut report = ExpiryReport::default();
    let mut rules: HashMap<i64, (store::events::EventRow, MeetingSettings)> = HashMap::new();
    let horizon = now + Duration::days(366);
    for request in q::pending_with_deadline_before(db, now, horizon, 500).await? {
        let Some(expires_at) = request.expires_at else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(vacant) = rules.entry(request.event_id) {
            let Some(event) = store::events::find(db, EventId(request.event_id)).await? else {
                continue;
            };
            let settings = settings::load(db, EventId(request.event_id)).await?;
            vacant.insert((event, settings));
        }
        let Some((event, settings)) = rules.get(&request.event_id) else {
            continue;
        };
        let notifier = Notifier {
            event,
            settings,
            base_url,
        };
        if expires_at <= now {
            if expire_one(db, &notifier, &request, now).await? {
                report.expired += 1;
            }
        } else if request.reminded_at.is_none()
            && settings.reminder_days_before_expiry > 0
            && expires_at - Duration::days(i64::from(settings.reminder_days_before_expiry)) <= now
            && remind_one(db, &notifier, &request, now).await?
        {
            report.reminded += 1;
        }
    }
    Ok(report)
}

async fn expire_one(
    db: &DatabaseConnection,
    notifier: &Notifier<'_>,
    request: &RequestRow,
    now: DateTime<Utc>,
) -> Result<bool, InternalError> {
    let txn = store::begin_write(db).await?;
    let Ok(from) = request.state.parse::<RequestState>() else {
        return Ok(false);
    };
    let Ok(to) = from.after(RequestAction::Expire) else {
        return Ok(false);
    };
    if !store::meetings::set_request_state(&txn, request.id, from.as_str(), to.as_str(), now)
        .await?
    {
        return Ok(false);
    }
    q::leave_waitlists(&txn, request.id).await?;
    notifier
        .send(
            &txn,
            request,
            &Notice::Expired,
            &[request.requester_id],
            now,
        )
        .await?;
    tell_addressees(&txn, notifier, request, &Notice::Expired, now).await?;
    txn.commit().await?;
    Ok(true)
}

async fn remind_one(
    db: &DatabaseConnection,
    notifier: &Notifier<'_>,
    request: &RequestRow,
    now: DateTime<Utc>,
) -> Result<bool, InternalError> {
    let txn = store::begin_write(db).await?;
    if !q::mark_reminded(&txn, request.id, now).await? {
        return Ok(false);
    }
    if request.state == RequestState::Accepted.as_str() {
        // The requester must confirm.
        notifier
            .send(
                &txn,
                request,
                &Notice::ExpiryReminder,
                &[request.requester_id],
                now,
            )
            .await?;
    } else {
        tell_addressees(&txn, notifier, request, &Notice::ExpiryReminder, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_check_every_pair() {
        let settings = MeetingSettings::default();
        let expert = vec!["expert".to_string()];
        let buyer = vec!["buyer".to_string()];
        assert!(!categories_allow(&settings, &expert, &expert));
        assert!(categories_allow(&settings, &expert, &buyer));
        assert!(categories_allow(&settings, &[], &expert));
    }
}
