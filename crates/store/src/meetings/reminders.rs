//! Day-J reminders (EXP-6, MTG-8): the meetings starting soon that have not been reminded in
//! their current slot, and the row that marks a reminder as queued.

use crate::entities::{meeting, meeting_reminder, slot};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

/// The meetings whose slot starts after `now` and no later than `until`, with the slot's
/// start, that have no reminder for that slot yet.
pub async fn unreminded_between(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(meeting::Model, DateTime<Utc>)>, DbErr> {
    let slots = slot::Entity::find()
        .filter(slot::Column::StartsAt.gt(now))
        .filter(slot::Column::StartsAt.lte(until))
        .all(db)
        .await?;
    if slots.is_empty() {
        return Ok(Vec::new());
    }
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::SlotId.is_in(slots.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let reminded = meeting_reminder::Entity::find()
        .filter(meeting_reminder::Column::MeetingId.is_in(meetings.iter().map(|m| m.id)))
        .all(db)
        .await?;
    Ok(meetings
        .into_iter()
        .filter(|m| {
            !reminded
                .iter()
                .any(|r| r.meeting_id == m.id && r.slot_id == m.slot_id)
        })
        .filter_map(|m| {
            let starts = slots.iter().find(|s| s.id == m.slot_id)?.starts_at;
            Some((m, starts))
        })
        .collect())
}

/// Marks the reminder of a meeting in its slot as queued; `false` when another worker did
/// it first (checked first, then the unique index decides under races).
pub async fn claim(
    db: &impl ConnectionTrait,
    meeting: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let existing = meeting_reminder::Entity::find()
        .filter(meeting_reminder::Column::MeetingId.eq(meeting.id))
        .filter(meeting_reminder::Column::SlotId.eq(meeting.slot_id))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(false);
    }
    let inserted = meeting_reminder::ActiveModel {
        event_id: Set(meeting.event_id),
        meeting_id: Set(meeting.id),
        slot_id: Set(meeting.slot_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if crate::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
