//! Queries behind presence and absences (CHK-3) and on-site registration (BO-7): who is
//! checked in, who sits where, and the on-site registration rows. Check-ins are written by
//! the check-in feature (`store::checkin`); on-site registration writes its own check-in row
//! here (method `onsite`) so the two features do not share a file.

use crate::entities::{checkin, meeting_seat, onsite_registration};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use onsite_registration::Model as OnsiteRow;

/// Whether one participant of the event is checked in.
pub async fn is_checked_in(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<bool, DbErr> {
    Ok(checkin::Entity::find()
        .filter(checkin::Column::EventId.eq(event_id))
        .filter(checkin::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await?
        .is_some())
}

/// Checks a participant in on site (method `onsite`), unless already checked in.
pub async fn check_in_onsite(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    by_user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if is_checked_in(db, event_id, participant_id).await? {
        return Ok(());
    }
    checkin::ActiveModel {
        event_id: Set(event_id),
        participant_id: Set(participant_id),
        checked_at: Set(now),
        station: Set("onsite".into()),
        method: Set("onsite".into()),
        by_user_id: Set(by_user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Every (participant, slot) seat taken in an event.
pub async fn seats_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    Ok(meeting_seat::Entity::find()
        .filter(meeting_seat::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.slot_id))
        .collect())
}

/// Records an on-site registration. `payment_state` is "none" until payments exist (PAY-9).
pub async fn insert_onsite(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    by_user_id: Option<i64>,
    payment_state: &str,
    now: DateTime<Utc>,
) -> Result<OnsiteRow, DbErr> {
    onsite_registration::ActiveModel {
        event_id: Set(event_id),
        participant_id: Set(participant_id),
        by_user_id: Set(by_user_id),
        payment_state: Set(payment_state.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The on-site registration of a participant of the event, if registered on site.
pub async fn onsite_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<OnsiteRow>, DbErr> {
    onsite_registration::Entity::find()
        .filter(onsite_registration::Column::EventId.eq(event_id))
        .filter(onsite_registration::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await
}

/// The event's on-site registrations, newest first.
pub async fn onsite_list(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<OnsiteRow>, DbErr> {
    onsite_registration::Entity::find()
        .filter(onsite_registration::Column::EventId.eq(event_id))
        .order_by_desc(onsite_registration::Column::Id)
        .all(db)
        .await
}
