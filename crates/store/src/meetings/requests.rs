//! Queries for meeting requests between participants (MTG-2, MTG-4): who asked whom, open
//! requests for quotas and duplicates, waiting lists of slots, deadlines.

use crate::entities::{
    field_value, meeting_request, meeting_seat, participant, place, slot, slot_waitlist, table_use,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::RequestRow;
use crate::events::ParticipantRow;

/// The states that still occupy both sides (`RequestState::is_open`).
pub const OPEN_STATES: [&str; 4] = ["requested", "accepted", "confirmed", "scheduled"];

/// A new request.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The event.
    pub event_id: i64,
    /// Who asks.
    pub requester_id: i64,
    /// The company asked.
    pub target_company_id: i64,
    /// The person asked, or none to let the company choose.
    pub target_participant_id: Option<i64>,
    /// The requester's message.
    pub message: String,
    /// 1 (high) to 3 (low).
    pub priority: i32,
    /// `pick_slot` or `schedule`.
    pub booking: String,
    /// The slot picked.
    pub wanted_slot_id: Option<i64>,
    /// JSON list of slot ids; "" for any.
    pub availability: String,
    /// The account that sent it.
    pub created_by_user_id: Option<i64>,
    /// When it expires unanswered.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Inserts a request in state `requested`.
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewRequest,
    now: DateTime<Utc>,
) -> Result<RequestRow, DbErr> {
    meeting_request::ActiveModel {
        event_id: Set(new.event_id),
        requester_id: Set(new.requester_id),
        target_company_id: Set(new.target_company_id),
        target_participant_id: Set(new.target_participant_id),
        message: Set(new.message),
        priority: Set(new.priority),
        state: Set("requested".into()),
        booking: Set(new.booking),
        wanted_slot_id: Set(new.wanted_slot_id),
        availability: Set(new.availability),
        decline_reason: Set(String::new()),
        cancel_reason: Set(String::new()),
        is_expert: Set(false),
        created_by_user_id: Set(new.created_by_user_id),
        expires_at: Set(new.expires_at),
        reminded_at: Set(None),
        decided_at: Set(None),
        confirmed_at: Set(None),
        updated_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A participant of the event; `None` when unknown or of another event.
pub async fn participant(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<ParticipantRow>, DbErr> {
    Ok(participant::Entity::find_by_id(participant_id)
        .one(db)
        .await?
        .filter(|p| p.event_id == event_id))
}

/// How many open requests a participant has sent.
pub async fn open_sent_count(
    db: &impl ConnectionTrait,
    event_id: i64,
    requester_id: i64,
) -> Result<u64, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::RequesterId.eq(requester_id))
        .filter(meeting_request::Column::State.is_in(OPEN_STATES))
        .count(db)
        .await
}

/// States in which a request counts against a participant's meeting cap: agreed by both sides
/// (accepted and beyond), not ended without a meeting.
pub const COMMITTED_STATES: [&str; 5] = ["accepted", "confirmed", "scheduled", "held", "no_show"];

/// How many meetings a participant is committed to (as requester or attendee).
pub async fn committed_count(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<u64, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(
            Condition::any()
                .add(meeting_request::Column::RequesterId.eq(participant_id))
                .add(meeting_request::Column::TargetParticipantId.eq(participant_id)),
        )
        .filter(meeting_request::Column::State.is_in(COMMITTED_STATES))
        .count(db)
        .await
}

/// Whether an open request already links `me` (of `my_company`) and `their_company` (or its
/// person `them`), in either direction.
pub async fn open_between(
    db: &impl ConnectionTrait,
    event_id: i64,
    me: i64,
    my_company: Option<i64>,
    their_company: i64,
    their_people: &[i64],
) -> Result<bool, DbErr> {
    let mine = Condition::all()
        .add(meeting_request::Column::RequesterId.eq(me))
        .add(meeting_request::Column::TargetCompanyId.eq(their_company));
    let mut theirs =
        Condition::all().add(meeting_request::Column::RequesterId.is_in(their_people.to_vec()));
    theirs = match my_company {
        Some(company) => theirs.add(
            Condition::any()
                .add(meeting_request::Column::TargetParticipantId.eq(me))
                .add(
                    Condition::all()
                        .add(meeting_request::Column::TargetParticipantId.is_null())
                        .add(meeting_request::Column::TargetCompanyId.eq(company)),
                ),
        ),
        None => theirs.add(meeting_request::Column::TargetParticipantId.eq(me)),
    };
    Ok(meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in(OPEN_STATES))
        .filter(Condition::any().add(mine).add(theirs))
        .one(db)
        .await?
        .is_some())
}

/// The companies a participant has an open or agreed request with (either direction).
pub async fn linked_companies(
    db: &impl ConnectionTrait,
    event_id: i64,
    me: i64,
    my_company: Option<i64>,
) -> Result<Vec<i64>, DbErr> {
    let states = [
        "requested",
        "accepted",
        "confirmed",
        "scheduled",
        "held",
        "no_show",
    ];
    let rows = meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in(states))
        .filter({
            let mut who = Condition::any()
                .add(meeting_request::Column::RequesterId.eq(me))
                .add(meeting_request::Column::TargetParticipantId.eq(me));
            if let Some(company) = my_company {
                who = who.add(
                    Condition::all()
                        .add(meeting_request::Column::TargetParticipantId.is_null())
                        .add(meeting_request::Column::TargetCompanyId.eq(company)),
                );
            }
            who
        })
        .all(db)
        .await?;
    let mut companies: Vec<i64> = rows
        .iter()
        .filter(|r| r.requester_id == me)
        .map(|r| r.target_company_id)
        .collect();
    let requesters: Vec<i64> = rows
        .iter()
        .filter(|r| r.requester_id != me)
        .map(|r| r.requester_id)
        .collect();
    if !requesters.is_empty() {
        companies.extend(
            participant::Entity::find()
                .filter(participant::Column::Id.is_in(requesters))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|p| p.company_id),
        );
    }
    companies.sort_unstable();
    companies.dedup();
    Ok(companies)
}

/// Requests a participant sent, newest first.
pub async fn outgoing(
    db: &impl ConnectionTrait,
    event_id: i64,
    me: i64,
) -> Result<Vec<RequestRow>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::RequesterId.eq(me))
        .order_by_desc(meeting_request::Column::Id)
        .all(db)
        .await
}

/// Requests addressed to a participant, or to their company without a named attendee,
/// newest first.
pub async fn incoming(
    db: &impl ConnectionTrait,
    event_id: i64,
    me: i64,
    my_company: Option<i64>,
) -> Result<Vec<RequestRow>, DbErr> {
    let mut to_me = Condition::any().add(meeting_request::Column::TargetParticipantId.eq(me));
    if let Some(company) = my_company {
        to_me = to_me.add(
            Condition::all()
                .add(meeting_request::Column::TargetParticipantId.is_null())
                .add(meeting_request::Column::TargetCompanyId.eq(company)),
        );
    }
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(to_me)
        .order_by_desc(meeting_request::Column::Id)
        .all(db)
        .await
}

/// The "category" answers of a participant (taxonomy codes).
pub async fn categories(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Vec<String>, DbErr> {
    Ok(field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event_id))
        .filter(field_value::Column::ParticipantId.eq(participant_id))
        .filter(field_value::Column::FieldKey.eq("category"))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.value)
        .filter(|v| !v.trim().is_empty())
        .collect())
}

/// What to record beside a state change.
#[derive(Debug, Default, Clone)]
pub struct Details {
    /// The attendee named on acceptance.
    pub target_participant_id: Option<i64>,
    /// The reason of a refusal.
    pub decline_reason: Option<String>,
    /// When the addressee answered.
    pub decided_at: Option<DateTime<Utc>>,
    /// When the requester confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// Records the details of a transition already made with `set_request_state`.
pub async fn set_details(
    db: &impl ConnectionTrait,
    request_id: i64,
    details: Details,
) -> Result<(), DbErr> {
    let mut update =
        meeting_request::Entity::update_many().filter(meeting_request::Column::Id.eq(request_id));
    let mut any = false;
    if let Some(p) = details.target_participant_id {
        update = update.col_expr(meeting_request::Column::TargetParticipantId, Expr::value(p));
        any = true;
    }
    if let Some(reason) = details.decline_reason {
        update = update.col_expr(meeting_request::Column::DeclineReason, Expr::value(reason));
        any = true;
    }
    if let Some(at) = details.decided_at {
        update = update.col_expr(meeting_request::Column::DecidedAt, Expr::value(at));
        any = true;
    }
    if let Some(at) = details.confirmed_at {
        update = update.col_expr(meeting_request::Column::ConfirmedAt, Expr::value(at));
        any = true;
    }
    if any {
        update.exec(db).await?;
    }
    Ok(())
}

/// Marks that the expiry reminder of a request went out; false when another worker did.
pub async fn mark_reminded(
    db: &impl ConnectionTrait,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::RemindedAt, Expr::value(now))
        .filter(meeting_request::Column::Id.eq(request_id))
        .filter(meeting_request::Column::RemindedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Unanswered or unconfirmed requests of every event whose deadline falls before `until`
/// and that still need something: a reminder (none sent yet) or expiry (deadline before `now`).
pub async fn pending_with_deadline_before(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<RequestRow>, DbErr> {
    use sea_orm::QuerySelect;
    meeting_request::Entity::find()
        .filter(meeting_request::Column::State.is_in(["requested", "accepted"]))
        .filter(meeting_request::Column::ExpiresAt.is_not_null())
        .filter(meeting_request::Column::ExpiresAt.lte(until))
        .filter(
            Condition::any()
                .add(meeting_request::Column::RemindedAt.is_null())
                .add(meeting_request::Column::ExpiresAt.lte(now)),
        )
        .order_by_asc(meeting_request::Column::ExpiresAt)
        .limit(limit)
        .all(db)
        .await
}

/// Slots where any of these participants already sits.
pub async fn seated_slots(
    db: &impl ConnectionTrait,
    participants: &[i64],
) -> Result<Vec<i64>, DbErr> {
    Ok(meeting_seat::Entity::find()
        .filter(meeting_seat::Column::ParticipantId.is_in(participants.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.slot_id)
        .collect())
}

/// For each slot of the event: how many shared tables its session has, and how many places
/// are used in it.
pub async fn table_counts(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<(Vec<(i64, i64)>, Vec<i64>), DbErr> {
    let tables: Vec<(i64, i64)> = place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .filter(place::Column::Kind.eq("table"))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.session_id.map(|s| (s, p.id)))
        .collect();
    let used: Vec<i64> = table_use::Entity::find()
        .filter(table_use::Column::EventId.eq(event_id))
        .filter(table_use::Column::PlaceId.is_in(tables.iter().map(|(_, id)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.slot_id)
        .collect();
    Ok((tables, used))
}

/// A slot by id (any event).
pub async fn slot(db: &impl ConnectionTrait, slot_id: i64) -> Result<Option<slot::Model>, DbErr> {
    slot::Entity::find_by_id(slot_id).one(db).await
}

/// Puts a request on a slot's waiting list (once).
pub async fn join_waitlist(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_id: i64,
    slot_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let existing = slot_waitlist::Entity::find()
        .filter(slot_waitlist::Column::RequestId.eq(request_id))
        .filter(slot_waitlist::Column::SlotId.eq(slot_id))
        .one(db)
        .await?;
    if existing.is_none() {
        slot_waitlist::ActiveModel {
            event_id: Set(event_id),
            request_id: Set(request_id),
            slot_id: Set(slot_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The requests waiting for a slot, first come first.
pub async fn waitlist(db: &impl ConnectionTrait, slot_id: i64) -> Result<Vec<i64>, DbErr> {
    Ok(slot_waitlist::Entity::find()
        .filter(slot_waitlist::Column::SlotId.eq(slot_id))
        .order_by_asc(slot_waitlist::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.request_id)
        .collect())
}

/// The slots a request waits for.
pub async fn waiting_slots_of(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<i64>, DbErr> {
    Ok(slot_waitlist::Entity::find()
        .filter(slot_waitlist::Column::RequestId.eq(request_id))
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.slot_id)
        .collect())
}

/// Takes a request off every waiting list.
pub async fn leave_waitlists(db: &impl ConnectionTrait, request_id: i64) -> Result<(), DbErr> {
    slot_waitlist::Entity::delete_many()
        .filter(slot_waitlist::Column::RequestId.eq(request_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A request by id (any event).
pub async fn by_id(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Option<RequestRow>, DbErr> {
    meeting_request::Entity::find_by_id(request_id)
        .one(db)
        .await
}
