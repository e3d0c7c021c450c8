//! Queries behind check-in (CHK-2, CHK-4): one row per participant (unique index on
//! `participant_id`), holding the first scan time and the station that made it.

use crate::entities::{checkin, participant, session_attendance};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, OnConflict},
};

pub use checkin::Model as CheckinRow;

/// A check-in to record.
#[derive(Debug, Clone)]
pub struct NewCheckin {
    /// The participant.
    pub participant_id: i64,
    /// When the badge was scanned (the device's time for offline scans).
    pub checked_at: DateTime<Utc>,
    /// The station's name.
    pub station: String,
    /// list, camera, scanner, photo, onsite or offline.
    pub method: String,
    /// The team member at the station.
    pub by_user_id: Option<i64>,
}

/// The participant's check-in, if any.
pub async fn find(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<CheckinRow>, DbErr> {
    checkin::Entity::find()
        .filter(checkin::Column::EventId.eq(event_id))
        .filter(checkin::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await
}

/// Records a check-in unless the participant already has one. Returns whether a row was
/// written. `ON CONFLICT DO NOTHING` keeps a race between two stations clean on both SQLite
/// and PostgreSQL (no aborted transaction): the loser writes nothing.
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    event_id: i64,
    new: NewCheckin,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = checkin::ActiveModel {
        event_id: Set(event_id),
        participant_id: Set(new.participant_id),
        checked_at: Set(new.checked_at),
        station: Set(new.station),
        method: Set(new.method),
        by_user_id: Set(new.by_user_id),
        created_at: Set(now),
        ..Default::default()
    };
    let written = checkin::Entity::insert(row)
        .on_conflict(
            OnConflict::column(checkin::Column::ParticipantId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(written > 0)
}

/// Moves a check-in back to an earlier scan (an offline scan replayed after a later online
/// one): only when `at` is earlier than the stored time. Returns whether it changed.
pub async fn keep_earliest(
    db: &impl ConnectionTrait,
    event_id: i64,
    new: NewCheckin,
) -> Result<bool, DbErr> {
    let result = checkin::Entity::update_many()
        .col_expr(checkin::Column::CheckedAt, Expr::value(new.checked_at))
        .col_expr(checkin::Column::Station, Expr::value(new.station))
        .col_expr(checkin::Column::Method, Expr::value(new.method))
        .col_expr(checkin::Column::ByUserId, Expr::value(new.by_user_id))
        .filter(checkin::Column::EventId.eq(event_id))
        .filter(checkin::Column::ParticipantId.eq(new.participant_id))
        .filter(checkin::Column::CheckedAt.gt(new.checked_at))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Removes a check-in (a mistake at the desk). Returns whether there was one.
pub async fn delete(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<bool, DbErr> {
    let result = checkin::Entity::delete_many()
        .filter(checkin::Column::EventId.eq(event_id))
        .filter(checkin::Column::ParticipantId.eq(participant_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Every check-in of the event.
pub async fn of_event(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<CheckinRow>, DbErr> {
    checkin::Entity::find()
        .filter(checkin::Column::EventId.eq(event_id))
        .order_by_asc(checkin::Column::CheckedAt)
        .all(db)
        .await
}

/// The participants of the event who checked in, with their first scan time.
pub async fn checked_in(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<std::collections::HashMap<i64, DateTime<Utc>>, DbErr> {
    Ok(of_event(db, event_id)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.checked_at))
        .collect())
}

/// The validated participants of the event, by last then first name.
pub async fn validated_participants(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<participant::Model>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::Status.eq("validated"))
        .order_by_asc(participant::Column::LastName)
        .order_by_asc(participant::Column::FirstName)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await
}

/// One participant of the event (any status), or none for another event's id.
pub async fn participant(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<participant::Model>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::Id.eq(participant_id))
        .one(db)
        .await
}

/// The event's session choices (participant, session); a participant without any attends
/// every session.
pub async fn session_attendance(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    Ok(session_attendance::Entity::find()
        .filter(session_attendance::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.session_id))
        .collect())
}
