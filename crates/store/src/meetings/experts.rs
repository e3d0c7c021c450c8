//! Queries for meetings with experts (EXP-1…8): who is an expert, their profile, desk,
//! sessions and blocked slots, and the requests addressed to them.

use crate::entities::{
    expert_profile, field_value, meeting_request, meeting_seat, participant, place,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use expert_profile::Model as ExpertProfileRow;

/// The participants of an event whose `category` answer is `category`, in id order.
pub async fn participants_in_category(
    db: &impl ConnectionTrait,
    event_id: i64,
    category: &str,
) -> Result<Vec<participant::Model>, DbErr> {
    let ids: Vec<i64> = field_value::Entity::find()
        .filter(field_value::Column::EventId.eq(event_id))
        .filter(field_value::Column::FieldKey.eq("category"))
        .filter(field_value::Column::Value.eq(category))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|v| v.participant_id)
        .collect();
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::Id.is_in(ids))
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await
}

/// A participant of an event; `None` when it belongs to another event.
pub async fn participant_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<participant::Model>, DbErr> {
    Ok(participant::Entity::find_by_id(participant_id)
        .one(db)
        .await?
        .filter(|p| p.event_id == event_id))
}

/// The registration of an account to an event, if any.
pub async fn participant_of_user(
    db: &impl ConnectionTrait,
    event_id: i64,
    user_id: i64,
) -> Result<Option<participant::Model>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Every expert profile of an event.
pub async fn profiles(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<ExpertProfileRow>, DbErr> {
    expert_profile::Entity::find()
        .filter(expert_profile::Column::EventId.eq(event_id))
        .order_by_asc(expert_profile::Column::ParticipantId)
        .all(db)
        .await
}

/// One expert's profile.
pub async fn profile_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<ExpertProfileRow>, DbErr> {
    expert_profile::Entity::find()
        .filter(expert_profile::Column::EventId.eq(event_id))
        .filter(expert_profile::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await
}

/// One expert's profile, locked until the transaction ends (PostgreSQL `FOR UPDATE`;
/// SQLite serializes writers already), so two requests cannot both take the last place.
pub async fn lock_profile(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<ExpertProfileRow>, DbErr> {
    use sea_orm::QuerySelect;
    expert_profile::Entity::find()
        .filter(expert_profile::Column::EventId.eq(event_id))
        .filter(expert_profile::Column::ParticipantId.eq(participant_id))
        .lock_exclusive()
        .one(db)
        .await
}

/// What the organizer sets for an expert.
#[derive(Debug, Clone)]
pub struct ProfileValues {
    /// Most meetings; none for no limit.
    pub max_meetings: Option<i32>,
    /// The desk, if any.
    pub place_id: Option<i64>,
    /// Profile sought, French.
    pub sought_fr: String,
    /// Profile sought, English.
    pub sought_en: String,
    /// Takes meetings.
    pub is_available: bool,
}

/// Creates or updates an expert's profile.
pub async fn save_profile(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    values: ProfileValues,
    now: DateTime<Utc>,
) -> Result<ExpertProfileRow, DbErr> {
    let mut row: expert_profile::ActiveModel =
        match profile_of(db, event_id, participant_id).await? {
            Some(existing) => existing.into(),
            None => expert_profile::ActiveModel {
                event_id: Set(event_id),
                participant_id: Set(participant_id),
                created_at: Set(now),
                ..Default::default()
            },
        };
    row.max_meetings = Set(values.max_meetings);
    row.place_id = Set(values.place_id);
    row.sought_fr = Set(values.sought_fr);
    row.sought_en = Set(values.sought_en);
    row.is_available = Set(values.is_available);
    row.updated_at = Set(now);
    if !row.id.is_not_set() {
        row.update(db).await
    } else {
        row.insert(db).await
    }
}

/// Marks an expert available or not.
pub async fn set_available(
    db: &impl ConnectionTrait,
    profile: &ExpertProfileRow,
    available: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row: expert_profile::ActiveModel = profile.clone().into();
    row.is_available = Set(available);
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(())
}

/// Every desk of an event (places of kind `desk`).
pub async fn desks(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<place::Model>, DbErr> {
    place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .filter(place::Column::Kind.eq("desk"))
        .all(db)
        .await
}

/// Gives the expert a desk with this label (created the first time, renamed later); an
/// empty label leaves things as they are and returns the current desk.
pub async fn upsert_desk(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    label: &str,
    now: DateTime<Utc>,
) -> Result<Option<place::Model>, DbErr> {
    let existing = place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .filter(place::Column::Kind.eq("desk"))
        .filter(place::Column::OwnerParticipantId.eq(participant_id))
        .one(db)
        .await?;
    match (existing, label.trim()) {
        (existing, "") => Ok(existing),
        (Some(desk), label) if desk.label == label => Ok(Some(desk)),
        (Some(desk), label) => {
            let mut row: place::ActiveModel = desk.into();
            row.label = Set(label.to_string());
            Ok(Some(row.update(db).await?))
        }
        (None, label) => Ok(Some(
            place::ActiveModel {
                event_id: Set(event_id),
                session_id: Set(None),
                venue_id: Set(None),
                kind: Set("desk".into()),
                label: Set(label.to_string()),
                owner_participant_id: Set(Some(participant_id)),
                position: Set(0),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?,
        )),
    }
}

/// The expert requests addressed to some participants, oldest first.
pub async fn expert_requests_to(
    db: &impl ConnectionTrait,
    event_id: i64,
    experts: &[i64],
) -> Result<Vec<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::IsExpert.eq(true))
        .filter(meeting_request::Column::TargetParticipantId.is_in(experts.to_vec()))
        .order_by_asc(meeting_request::Column::CreatedAt)
        .order_by_asc(meeting_request::Column::Id)
        .all(db)
        .await
}

/// The open requests between two participants, in either direction.
pub async fn requests_between(
    db: &impl ConnectionTrait,
    event_id: i64,
    a: i64,
    b: i64,
) -> Result<Vec<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(meeting_request::Column::RequesterId.eq(a))
                        .add(meeting_request::Column::TargetParticipantId.eq(b)),
                )
                .add(
                    sea_orm::Condition::all()
                        .add(meeting_request::Column::RequesterId.eq(b))
                        .add(meeting_request::Column::TargetParticipantId.eq(a)),
                ),
        )
        .all(db)
        .await
}

/// A new expert request, as stored.
#[derive(Debug, Clone)]
pub struct NewExpertRequest {
    /// The event.
    pub event_id: i64,
    /// Who asks.
    pub requester_id: i64,
    /// The expert.
    pub expert_id: i64,
    /// The expert's company.
    pub expert_company_id: i64,
    /// The asker's message.
    pub message: String,
    /// Account that sent it.
    pub created_by_user_id: i64,
}

/// Inserts an expert request in state `requested`.
pub async fn insert_expert_request(
    db: &impl ConnectionTrait,
    new: NewExpertRequest,
    now: DateTime<Utc>,
) -> Result<meeting_request::Model, DbErr> {
    meeting_request::ActiveModel {
        event_id: Set(new.event_id),
        requester_id: Set(new.requester_id),
        target_company_id: Set(new.expert_company_id),
        target_participant_id: Set(Some(new.expert_id)),
        message: Set(new.message),
        priority: Set(0),
        state: Set("requested".into()),
        booking: Set("schedule".into()),
        wanted_slot_id: Set(None),
        availability: Set(String::new()),
        decline_reason: Set(String::new()),
        cancel_reason: Set(String::new()),
        is_expert: Set(true),
        created_by_user_id: Set(Some(new.created_by_user_id)),
        expires_at: Set(None),
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

/// Records when a request was decided / confirmed and why it was declined or cancelled.
pub async fn stamp_request(
    db: &impl ConnectionTrait,
    request: &meeting_request::Model,
    stamp: RequestStamp,
    now: DateTime<Utc>,
) -> Result<meeting_request::Model, DbErr> {
    let mut row: meeting_request::ActiveModel = request.clone().into();
    if stamp.decided {
        row.decided_at = Set(Some(now));
    }
    if stamp.confirmed {
        row.confirmed_at = Set(Some(now));
    }
    if let Some(reason) = stamp.decline_reason {
        row.decline_reason = Set(reason);
    }
    if let Some(reason) = stamp.cancel_reason {
        row.cancel_reason = Set(reason);
    }
    if let Some((participant, company)) = stamp.new_target {
        row.target_participant_id = Set(Some(participant));
        row.target_company_id = Set(company);
    }
    row.updated_at = Set(now);
    row.update(db).await
}

/// What `stamp_request` writes.
#[derive(Debug, Clone, Default)]
pub struct RequestStamp {
    /// Sets `decided_at`.
    pub decided: bool,
    /// Sets `confirmed_at`.
    pub confirmed: bool,
    /// Sets the decline reason.
    pub decline_reason: Option<String>,
    /// Sets the cancel reason.
    pub cancel_reason: Option<String>,
    /// Moves the request to another addressee (participant, company).
    pub new_target: Option<(i64, i64)>,
}

/// Reads a request again (after a state change).
pub async fn reload_request(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Option<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find_by_id(request_id)
        .one(db)
        .await
}

/// The participants among `participants` who already sit in a meeting in `slot_id`.
pub async fn seated_in_slot(
    db: &impl ConnectionTrait,
    slot_id: i64,
    participants: &[i64],
) -> Result<Vec<i64>, DbErr> {
    Ok(meeting_seat::Entity::find()
        .filter(meeting_seat::Column::SlotId.eq(slot_id))
        .filter(meeting_seat::Column::ParticipantId.is_in(participants.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.participant_id)
        .collect())
}
