//! Each side's rating of a meeting (MTG-10): one row per request and participant, editable.

use crate::entities::meeting_rating;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use meeting_rating::Model as RatingRow;

/// Saves a side's rating, replacing the previous one.
pub async fn upsert(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_id: i64,
    participant_id: i64,
    rating: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<RatingRow, DbErr> {
    let existing = meeting_rating::Entity::find()
        .filter(meeting_rating::Column::RequestId.eq(request_id))
        .filter(meeting_rating::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row: meeting_rating::ActiveModel = row.into();
            row.rating = Set(rating.to_string());
            row.comment = Set(comment.to_string());
            row.update(db).await
        }
        None => {
            meeting_rating::ActiveModel {
                event_id: Set(event_id),
                request_id: Set(request_id),
                participant_id: Set(participant_id),
                rating: Set(rating.to_string()),
                comment: Set(comment.to_string()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
        }
    }
}

/// The ratings of some requests of an event, by request then participant.
pub async fn of_requests(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_ids: &[i64],
) -> Result<Vec<RatingRow>, DbErr> {
    meeting_rating::Entity::find()
        .filter(meeting_rating::Column::EventId.eq(event_id))
        .filter(meeting_rating::Column::RequestId.is_in(request_ids.to_vec()))
        .order_by_asc(meeting_rating::Column::RequestId)
        .order_by_asc(meeting_rating::Column::ParticipantId)
        .all(db)
        .await
}

/// Every rating of an event, by request then participant.
pub async fn of_event(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<RatingRow>, DbErr> {
    meeting_rating::Entity::find()
        .filter(meeting_rating::Column::EventId.eq(event_id))
        .order_by_asc(meeting_rating::Column::RequestId)
        .order_by_asc(meeting_rating::Column::ParticipantId)
        .all(db)
        .await
}
