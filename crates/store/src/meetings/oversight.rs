//! The organizer's view of every request of an event (MTG-9) and the outcomes (MTG-10).

use crate::entities::{meeting_rating, meeting_request};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// One page of an event's requests, newest first, optionally of one state, with the total.
pub async fn requests_page(
    db: &impl ConnectionTrait,
    event_id: i64,
    state: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<super::RequestRow>, u64), DbErr> {
    let mut query =
        meeting_request::Entity::find().filter(meeting_request::Column::EventId.eq(event_id));
    if let Some(state) = state {
        query = query.filter(meeting_request::Column::State.eq(state));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(meeting_request::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// How many requests of the event are in each state.
pub async fn state_counts(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(String, i64)>, DbErr> {
    meeting_request::Entity::find()
        .select_only()
        .column(meeting_request::Column::State)
        .column_as(meeting_request::Column::Id.count(), "n")
        .filter(meeting_request::Column::EventId.eq(event_id))
        .group_by(meeting_request::Column::State)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await
}

/// The ratings given on some requests.
pub async fn ratings_of(
    db: &impl ConnectionTrait,
    request_ids: &[i64],
) -> Result<Vec<meeting_rating::Model>, DbErr> {
    meeting_rating::Entity::find()
        .filter(meeting_rating::Column::RequestId.is_in(request_ids.to_vec()))
        .all(db)
        .await
}

/// The placements of some requests.
pub async fn placements_of(
    db: &impl ConnectionTrait,
    request_ids: &[i64],
) -> Result<Vec<super::MeetingRow>, DbErr> {
    crate::entities::meeting::Entity::find()
        .filter(crate::entities::meeting::Column::RequestId.is_in(request_ids.to_vec()))
        .all(db)
        .await
}

/// Slots and places by id, for labels.
pub async fn slots_and_places(
    db: &impl ConnectionTrait,
    slot_ids: &[i64],
    place_ids: &[i64],
) -> Result<
    (
        Vec<crate::entities::slot::Model>,
        Vec<crate::entities::place::Model>,
    ),
    DbErr,
> {
    use crate::entities::{place, slot};
    let slots = slot::Entity::find()
        .filter(slot::Column::Id.is_in(slot_ids.to_vec()))
        .all(db)
        .await?;
    let places = place::Entity::find()
        .filter(place::Column::Id.is_in(place_ids.to_vec()))
        .all(db)
        .await?;
    Ok((slots, places))
}
