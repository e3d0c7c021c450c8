//! Queries behind the organizer's meeting setup (sessions, slots, tables, stands) and the
//! participant's attendance and blocked slots.

use crate::entities::{
    b2b_session, meeting, meeting_request, place, session_attendance, slot, slot_waitlist,
    table_use, unavailable_slot,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use b2b_session::Model as SessionRow;
pub use place::Model as PlaceRow;
pub use slot::Model as SlotRow;

/// The event's sessions, by day and start.
pub async fn sessions(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<SessionRow>, DbErr> {
    b2b_session::Entity::find()
        .filter(b2b_session::Column::EventId.eq(event_id))
        .order_by_asc(b2b_session::Column::Day)
        .order_by_asc(b2b_session::Column::StartsLocal)
        .order_by_asc(b2b_session::Column::Id)
        .all(db)
        .await
}

/// One session of the event; `None` when it belongs to another event.
pub async fn session(
    db: &impl ConnectionTrait,
    event_id: i64,
    id: i64,
) -> Result<Option<SessionRow>, DbErr> {
    Ok(b2b_session::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|s| s.event_id == event_id))
}

/// Inserts a session or updates it (id 0 inserts).
pub async fn save_session(db: &impl ConnectionTrait, row: SessionRow) -> Result<SessionRow, DbErr> {
    let mut active = b2b_session::ActiveModel {
        event_id: Set(row.event_id),
        venue_id: Set(row.venue_id),
        name_fr: Set(row.name_fr),
        name_en: Set(row.name_en),
        day: Set(row.day),
        starts_local: Set(row.starts_local),
        ends_local: Set(row.ends_local),
        slot_minutes: Set(row.slot_minutes),
        pause_minutes: Set(row.pause_minutes),
        part: Set(row.part),
        updated_at: Set(row.updated_at),
        created_at: Set(row.created_at),
        ..Default::default()
    };
    if row.id == 0 {
        active.insert(db).await
    } else {
        active.id = Set(row.id);
        active.update(db).await
    }
}

/// The slots of one session, in order.
pub async fn slots_of_session(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> Result<Vec<SlotRow>, DbErr> {
    slot::Entity::find()
        .filter(slot::Column::SessionId.eq(session_id))
        .order_by_asc(slot::Column::Position)
        .all(db)
        .await
}

/// Inserts a slot.
pub async fn insert_slot(
    db: &impl ConnectionTrait,
    event_id: i64,
    session_id: i64,
    position: i32,
    times: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<SlotRow, DbErr> {
    slot::ActiveModel {
        event_id: Set(event_id),
        session_id: Set(session_id),
        position: Set(position),
        starts_at: Set(times.0),
        ends_at: Set(times.1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Moves a kept slot to another position.
pub async fn set_slot_position(
    db: &impl ConnectionTrait,
    slot_id: i64,
    position: i32,
) -> Result<(), DbErr> {
    slot::ActiveModel {
        id: Set(slot_id),
        position: Set(position),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Deletes slots with what hangs on them besides meetings (blocked slots, waiting lists,
/// wanted slots of requests). Meetings must have been dealt with before.
pub async fn delete_slots(db: &impl ConnectionTrait, slot_ids: &[i64]) -> Result<(), DbErr> {
    if slot_ids.is_empty() {
        return Ok(());
    }
    unavailable_slot::Entity::delete_many()
        .filter(unavailable_slot::Column::SlotId.is_in(slot_ids.to_vec()))
        .exec(db)
        .await?;
    slot_waitlist::Entity::delete_many()
        .filter(slot_waitlist::Column::SlotId.is_in(slot_ids.to_vec()))
        .exec(db)
        .await?;
    meeting_request::Entity::update_many()
        .col_expr(
            meeting_request::Column::WantedSlotId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(meeting_request::Column::WantedSlotId.is_in(slot_ids.to_vec()))
        .exec(db)
        .await?;
    slot::Entity::delete_many()
        .filter(slot::Column::Id.is_in(slot_ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes a session whose slots and places are already gone, with its attendance rows.
pub async fn delete_session(db: &impl ConnectionTrait, session_id: i64) -> Result<(), DbErr> {
    session_attendance::Entity::delete_many()
        .filter(session_attendance::Column::SessionId.eq(session_id))
        .exec(db)
        .await?;
    b2b_session::Entity::delete_by_id(session_id)
        .exec(db)
        .await?;
    Ok(())
}

/// The meetings placed in some slots.
pub async fn meetings_in_slots(
    db: &impl ConnectionTrait,
    slot_ids: &[i64],
) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::SlotId.is_in(slot_ids.to_vec()))
        .order_by_asc(meeting::Column::SlotId)
        .all(db)
        .await
}

/// The meetings held at some places.
pub async fn meetings_at_places(
    db: &impl ConnectionTrait,
    place_ids: &[i64],
) -> Result<Vec<meeting::Model>, DbErr> {
    let uses: Vec<i64> = table_use::Entity::find()
        .filter(table_use::Column::PlaceId.is_in(place_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.meeting_id)
        .collect();
    meeting::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(meeting::Column::PlaceId.is_in(place_ids.to_vec()))
                .add(meeting::Column::Id.is_in(uses)),
        )
        .order_by_asc(meeting::Column::SlotId)
        .all(db)
        .await
}

/// The event's places: shared tables (by session), then stands and desks.
pub async fn places(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<PlaceRow>, DbErr> {
    place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .order_by_asc(place::Column::SessionId)
        .order_by_asc(place::Column::Position)
        .order_by_asc(place::Column::Id)
        .all(db)
        .await
}

/// One place of the event; `None` when it belongs to another event.
pub async fn place(
    db: &impl ConnectionTrait,
    event_id: i64,
    id: i64,
) -> Result<Option<PlaceRow>, DbErr> {
    Ok(place::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.event_id == event_id))
}

/// Inserts a place.
pub async fn insert_place(db: &impl ConnectionTrait, row: PlaceRow) -> Result<PlaceRow, DbErr> {
    place::ActiveModel {
        event_id: Set(row.event_id),
        session_id: Set(row.session_id),
        venue_id: Set(row.venue_id),
        kind: Set(row.kind),
        label: Set(row.label),
        owner_participant_id: Set(row.owner_participant_id),
        position: Set(row.position),
        created_at: Set(row.created_at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Renames a place.
pub async fn rename_place(db: &impl ConnectionTrait, id: i64, label: String) -> Result<(), DbErr> {
    place::ActiveModel {
        id: Set(id),
        label: Set(label),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Deletes places no meeting uses any more.
pub async fn delete_places(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    table_use::Entity::delete_many()
        .filter(table_use::Column::PlaceId.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    // An expert whose desk goes keeps the profile, without a desk.
    crate::entities::expert_profile::Entity::update_many()
        .col_expr(
            crate::entities::expert_profile::Column::PlaceId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(crate::entities::expert_profile::Column::PlaceId.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    place::Entity::delete_many()
        .filter(place::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

/// The sessions a participant attends (empty: none chosen, i.e. all).
pub async fn attended_sessions(
    db: &impl ConnectionTrait,
    participant_id: i64,
) -> Result<Vec<i64>, DbErr> {
    Ok(session_attendance::Entity::find()
        .filter(session_attendance::Column::ParticipantId.eq(participant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.session_id)
        .collect())
}

/// The slots a participant blocked.
pub async fn blocked_slots(
    db: &impl ConnectionTrait,
    participant_id: i64,
) -> Result<Vec<i64>, DbErr> {
    Ok(unavailable_slot::Entity::find()
        .filter(unavailable_slot::Column::ParticipantId.eq(participant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.slot_id)
        .collect())
}

/// Replaces a participant's attended sessions and blocked slots.
pub async fn replace_availability(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    sessions: &[i64],
    blocked: &[i64],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    session_attendance::Entity::delete_many()
        .filter(session_attendance::Column::ParticipantId.eq(participant_id))
        .exec(db)
        .await?;
    unavailable_slot::Entity::delete_many()
        .filter(unavailable_slot::Column::ParticipantId.eq(participant_id))
        .exec(db)
        .await?;
    for session in sessions {
        session_attendance::ActiveModel {
            event_id: Set(event_id),
            participant_id: Set(participant_id),
            session_id: Set(*session),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for slot in blocked {
        unavailable_slot::ActiveModel {
            event_id: Set(event_id),
            participant_id: Set(participant_id),
            slot_id: Set(*slot),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The meetings a participant sits in (seat rows), as (meeting, slot) pairs.
pub async fn meetings_of_participant(
    db: &impl ConnectionTrait,
    participant_id: i64,
) -> Result<Vec<meeting::Model>, DbErr> {
    use crate::entities::meeting_seat;
    let ids: Vec<i64> = meeting_seat::Entity::find()
        .filter(meeting_seat::Column::ParticipantId.eq(participant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.meeting_id)
        .collect();
    meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// Requests by id.
pub async fn requests_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
}

/// Slots by id.
pub async fn slots_by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<SlotRow>, DbErr> {
    slot::Entity::find()
        .filter(slot::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
}

/// Moves a session's shared tables to the session's venue.
pub async fn set_tables_venue(
    db: &impl ConnectionTrait,
    session_id: i64,
    venue_id: Option<i64>,
) -> Result<(), DbErr> {
    place::Entity::update_many()
        .col_expr(
            place::Column::VenueId,
            sea_orm::sea_query::Expr::value(venue_id),
        )
        .filter(place::Column::SessionId.eq(session_id))
        .filter(place::Column::Kind.eq("table"))
        .exec(db)
        .await?;
    Ok(())
}
