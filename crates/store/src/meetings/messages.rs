//! Internal messages (PRV-4, PRV-5): threads about a meeting request between its two sides,
//! and each participant's thread with the organizers.

use crate::entities::message;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

pub use message::Model as MessageRow;

/// A message to write.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// The event.
    pub event_id: i64,
    /// The request it is about; none for the organizers' thread.
    pub request_id: Option<i64>,
    /// The account that wrote it.
    pub sender_user_id: i64,
    /// The participant who wrote it; none for an organizer.
    pub sender_participant_id: Option<i64>,
    /// The participant it is for; none when it goes to the organizers.
    pub recipient_participant_id: Option<i64>,
    /// Whether it goes to the organizers.
    pub to_organizers: bool,
    /// The text as typed.
    pub body: String,
}

/// Writes a message.
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewMessage,
    now: DateTime<Utc>,
) -> Result<MessageRow, DbErr> {
    message::ActiveModel {
        event_id: Set(new.event_id),
        request_id: Set(new.request_id),
        sender_user_id: Set(new.sender_user_id),
        sender_participant_id: Set(new.sender_participant_id),
        recipient_participant_id: Set(new.recipient_participant_id),
        to_organizers: Set(new.to_organizers),
        body: Set(new.body),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The messages about one request, oldest first.
pub async fn thread_of_request(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_id: i64,
) -> Result<Vec<MessageRow>, DbErr> {
    message::Entity::find()
        .filter(message::Column::EventId.eq(event_id))
        .filter(message::Column::RequestId.eq(request_id))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(db)
        .await
}

/// Every message about some requests (for thread lists).
pub async fn messages_of_requests(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_ids: &[i64],
) -> Result<Vec<MessageRow>, DbErr> {
    message::Entity::find()
        .filter(message::Column::EventId.eq(event_id))
        .filter(message::Column::RequestId.is_in(request_ids.to_vec()))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await
}

fn organizer_thread(participant_id: i64) -> Condition {
    Condition::all()
        .add(message::Column::RequestId.is_null())
        .add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(message::Column::ToOrganizers.eq(true))
                        .add(message::Column::SenderParticipantId.eq(participant_id)),
                )
                .add(
                    Condition::all()
                        .add(message::Column::ToOrganizers.eq(false))
                        .add(message::Column::RecipientParticipantId.eq(participant_id)),
                ),
        )
}

/// A participant's thread with the organizers, oldest first.
pub async fn organizer_thread_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Vec<MessageRow>, DbErr> {
    message::Entity::find()
        .filter(message::Column::EventId.eq(event_id))
        .filter(organizer_thread(participant_id))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(db)
        .await
}

/// Every message of the organizers' threads of an event, oldest first.
pub async fn organizer_messages(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<MessageRow>, DbErr> {
    message::Entity::find()
        .filter(message::Column::EventId.eq(event_id))
        .filter(message::Column::RequestId.is_null())
        .order_by_asc(message::Column::Id)
        .all(db)
        .await
}

/// Marks as read the messages of a request thread addressed to a participant.
pub async fn mark_read_for(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_id: Option<i64>,
    participant_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    let thread = match request_id {
        Some(id) => Condition::all().add(message::Column::RequestId.eq(id)),
        None => Condition::all()
            .add(message::Column::RequestId.is_null())
            .add(message::Column::ToOrganizers.eq(false)),
    };
    message::Entity::update_many()
        .col_expr(message::Column::ReadAt, Expr::value(now))
        .filter(message::Column::EventId.eq(event_id))
        .filter(thread)
        .filter(message::Column::RecipientParticipantId.eq(participant_id))
        .filter(message::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Marks as read the messages a participant sent to the organizers.
pub async fn mark_read_by_organizers(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    message::Entity::update_many()
        .col_expr(message::Column::ReadAt, Expr::value(now))
        .filter(message::Column::EventId.eq(event_id))
        .filter(message::Column::RequestId.is_null())
        .filter(message::Column::ToOrganizers.eq(true))
        .filter(message::Column::SenderParticipantId.eq(participant_id))
        .filter(message::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
