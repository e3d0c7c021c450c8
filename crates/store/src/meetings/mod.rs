//! One-to-one meetings: requests, their placement (slot, place) and the rows the database
//! keeps unique so that nobody is ever booked twice: `meeting_seat` (participant × slot) and
//! `table_use` (slot × place). Feature files add their own queries beside this core.

pub mod oversight;
pub mod requests;

use crate::entities::{meeting, meeting_request, meeting_seat, meeting_settings, table_use};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

pub mod experts;
pub mod reminders;
pub mod scheduling;

pub use meeting::Model as MeetingRow;
pub use meeting_request::Model as RequestRow;

/// A meeting to put in a slot.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The event.
    pub event_id: i64,
    /// The request it places.
    pub request_id: i64,
    /// The slot.
    pub slot_id: i64,
    /// The shared table or the stand/desk, none when the event has no places yet.
    pub place_id: Option<i64>,
    /// Everyone who sits in it (at least two).
    pub participants: Vec<i64>,
    /// Locked meetings are never moved by a scheduling run.
    pub is_locked: bool,
}

/// Why a placement was refused.
#[derive(Debug, thiserror::Error)]
pub enum PlacementError {
    /// A participant already has a meeting in that slot, or the place is used then.
    #[error("slot or place already taken")]
    Taken,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Whether a placement would collide: a participant already seated in the slot, or the place
/// already used. Checked before inserting so that PostgreSQL transactions are not aborted by
/// a violation in the common case; the unique indexes stay the last word under races.
pub async fn collides(db: &impl ConnectionTrait, placement: &Placement) -> Result<bool, DbErr> {
    let seated = meeting_seat::Entity::find()
        .filter(meeting_seat::Column::SlotId.eq(placement.slot_id))
        .filter(meeting_seat::Column::ParticipantId.is_in(placement.participants.clone()))
        .one(db)
        .await?;
    if seated.is_some() {
        return Ok(true);
    }
    let Some(place) = placement.place_id else {
        return Ok(false);
    };
    Ok(table_use::Entity::find()
        .filter(table_use::Column::SlotId.eq(placement.slot_id))
        .filter(table_use::Column::PlaceId.eq(place))
        .one(db)
        .await?
        .is_some())
}

/// Writes a meeting with its seats and its table use, in the caller's transaction. A
/// collision is `Taken`; the caller rolls back.
pub async fn insert_placement(
    db: &impl ConnectionTrait,
    placement: &Placement,
    now: DateTime<Utc>,
) -> Result<MeetingRow, PlacementError> {
    if collides(db, placement).await? {
        return Err(PlacementError::Taken);
    }
    let taken = |e: DbErr| {
        if crate::is_unique_violation(&e) {
            PlacementError::Taken
        } else {
            PlacementError::Db(e)
        }
    };
    let row = meeting::ActiveModel {
        event_id: Set(placement.event_id),
        request_id: Set(placement.request_id),
        slot_id: Set(placement.slot_id),
        place_id: Set(placement.place_id),
        is_locked: Set(placement.is_locked),
        updated_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(taken)?;
    for participant in &placement.participants {
        meeting_seat::ActiveModel {
            event_id: Set(placement.event_id),
            meeting_id: Set(row.id),
            participant_id: Set(*participant),
            slot_id: Set(placement.slot_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(taken)?;
    }
    if let Some(place) = placement.place_id {
        table_use::ActiveModel {
            event_id: Set(placement.event_id),
            meeting_id: Set(row.id),
            place_id: Set(place),
            slot_id: Set(placement.slot_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(taken)?;
    }
    Ok(row)
}

/// Removes a request's placement (seats and table use go with it). Returns the removed row.
pub async fn delete_placement(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Option<MeetingRow>, DbErr> {
    let Some(row) = placement_of(db, request_id).await? else {
        return Ok(None);
    };
    // Explicit deletes: SQLite enforces the cascade only when foreign keys are on.
    meeting_seat::Entity::delete_many()
        .filter(meeting_seat::Column::MeetingId.eq(row.id))
        .exec(db)
        .await?;
    table_use::Entity::delete_many()
        .filter(table_use::Column::MeetingId.eq(row.id))
        .exec(db)
        .await?;
    meeting::Entity::delete_by_id(row.id).exec(db).await?;
    Ok(Some(row))
}

/// The placement of a request, if it has one.
pub async fn placement_of(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Option<MeetingRow>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::RequestId.eq(request_id))
        .one(db)
        .await
}

/// A request of an event; `None` when it belongs to another event.
pub async fn find_request(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_id: i64,
) -> Result<Option<RequestRow>, DbErr> {
    Ok(meeting_request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .filter(|r| r.event_id == event_id))
}

/// Moves a request to `state` only if it is still in `from` (a compare-and-set, so two
/// concurrent answers cannot both win). Returns whether it changed.
pub async fn set_request_state(
    db: &impl ConnectionTrait,
    request_id: i64,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::State, Expr::value(to))
        .col_expr(meeting_request::Column::UpdatedAt, Expr::value(now))
        .filter(meeting_request::Column::Id.eq(request_id))
        .filter(meeting_request::Column::State.eq(from))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The participants who sit in a request's meeting: the requester and the addressee once
/// known.
pub fn sides(request: &RequestRow) -> Vec<i64> {
    std::iter::once(request.requester_id)
        .chain(request.target_participant_id)
        .collect()
}

/// The event's stored meeting rules (a JSON document), if ever saved.
pub async fn settings_json(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Option<String>, DbErr> {
    Ok(meeting_settings::Entity::find()
        .filter(meeting_settings::Column::EventId.eq(event_id))
        .one(db)
        .await?
        .map(|row| row.settings))
}

/// Saves the event's meeting rules.
pub async fn put_settings_json(
    db: &impl ConnectionTrait,
    event_id: i64,
    json: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let existing = meeting_settings::Entity::find()
        .filter(meeting_settings::Column::EventId.eq(event_id))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row: meeting_settings::ActiveModel = row.into();
            row.settings = Set(json);
            row.updated_at = Set(now);
            row.update(db).await?;
        }
        None => {
            meeting_settings::ActiveModel {
                event_id: Set(event_id),
                settings: Set(json),
                updated_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// What a notice needs to know about one side of a meeting.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The participant.
    pub participant_id: i64,
    /// First and last name.
    pub name: String,
    /// The company's name, empty for none.
    pub company: String,
    /// Email address.
    pub email: String,
    /// Preferred language code.
    pub locale: String,
    /// Phone number as typed, empty for none.
    pub phone: String,
}

/// The contacts of some participants of an event, in no particular order.
pub async fn contacts(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_ids: &[i64],
) -> Result<Vec<Contact>, DbErr> {
    use crate::entities::{app_user, company, participant};
    let people = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::Id.is_in(participant_ids.to_vec()))
        .all(db)
        .await?;
    let users = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(people.iter().map(|p| p.user_id)))
        .all(db)
        .await?;
    let companies = company::Entity::find()
        .filter(company::Column::Id.is_in(people.iter().filter_map(|p| p.company_id)))
        .all(db)
        .await?;
    Ok(people
        .into_iter()
        .filter_map(|person| {
            let user = users.iter().find(|u| u.id == person.user_id)?;
            let company = person
                .company_id
                .and_then(|id| companies.iter().find(|c| c.id == id))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            Some(Contact {
                participant_id: person.id,
                name: format!("{} {}", person.first_name, person.last_name)
                    .trim()
                    .to_string(),
                company,
                email: user.email.clone(),
                locale: user.locale.clone(),
                phone: person.phone.clone(),
            })
        })
        .collect())
}

/// A slot's times and a place's label, for notices and agendas.
pub async fn slot_and_place(
    db: &impl ConnectionTrait,
    meeting: &MeetingRow,
) -> Result<
    (
        Option<crate::entities::slot::Model>,
        Option<crate::entities::place::Model>,
    ),
    DbErr,
> {
    use crate::entities::{place, slot};
    let slot = slot::Entity::find_by_id(meeting.slot_id).one(db).await?;
    let place = match meeting.place_id {
        Some(id) => place::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok((slot, place))
}

/// A company's name.
pub async fn company_name(
    db: &impl ConnectionTrait,
    company_id: i64,
) -> Result<Option<String>, DbErr> {
    Ok(crate::entities::company::Entity::find_by_id(company_id)
        .one(db)
        .await?
        .map(|c| c.name))
}

/// The stand or desk owned by one of these participants, if any (first owner wins, as in the
/// scheduler's format).
pub async fn owned_place(
    db: &impl ConnectionTrait,
    event_id: i64,
    participants: &[i64],
) -> Result<Option<crate::entities::place::Model>, DbErr> {
    use crate::entities::place;
    let owned = place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .filter(place::Column::OwnerParticipantId.is_in(participants.to_vec()))
        .all(db)
        .await?;
    Ok(participants.iter().find_map(|p| {
        owned
            .iter()
            .find(|place| place.owner_participant_id == Some(*p))
            .cloned()
    }))
}

/// The first shared table of the slot's session that no meeting uses in that slot.
pub async fn free_shared_place(
    db: &impl ConnectionTrait,
    slot: &crate::entities::slot::Model,
) -> Result<Option<crate::entities::place::Model>, DbErr> {
    use crate::entities::place;
    use sea_orm::QueryOrder;
    let used: Vec<i64> = table_use::Entity::find()
        .filter(table_use::Column::SlotId.eq(slot.id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.place_id)
        .collect();
    place::Entity::find()
        .filter(place::Column::SessionId.eq(slot.session_id))
        .filter(place::Column::Kind.eq("table"))
        .filter(place::Column::Id.is_not_in(used))
        .order_by_asc(place::Column::Position)
        .order_by_asc(place::Column::Id)
        .one(db)
        .await
}

/// A slot of an event; `None` when it belongs to another event.
pub async fn find_slot(
    db: &impl ConnectionTrait,
    event_id: i64,
    slot_id: i64,
) -> Result<Option<crate::entities::slot::Model>, DbErr> {
    Ok(crate::entities::slot::Entity::find_by_id(slot_id)
        .one(db)
        .await?
        .filter(|s| s.event_id == event_id))
}

/// Every slot of an event, in time order.
pub async fn slots_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<crate::entities::slot::Model>, DbErr> {
    use crate::entities::slot;
    use sea_orm::QueryOrder;
    slot::Entity::find()
        .filter(slot::Column::EventId.eq(event_id))
        .order_by_asc(slot::Column::StartsAt)
        .order_by_asc(slot::Column::SessionId)
        .order_by_asc(slot::Column::Position)
        .all(db)
        .await
}

/// The (participant, session) attendance rows of an event.
pub async fn attendance_rows(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    use crate::entities::session_attendance;
    Ok(session_attendance::Entity::find()
        .filter(session_attendance::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.session_id))
        .collect())
}

/// The (participant, slot) unavailability rows of an event.
pub async fn unavailable_rows(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    use crate::entities::unavailable_slot;
    Ok(unavailable_slot::Entity::find()
        .filter(unavailable_slot::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.slot_id))
        .collect())
}
pub mod setup;

pub mod agenda;
pub mod messages;
pub mod ratings;
