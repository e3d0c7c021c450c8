//! Queries behind a participant's agenda (PRV-1, MTG-6): the requests a person sits in, the
//! slots of the event, pending incoming requests, private calendar feeds, and the organizers
//! to tell about expert meetings.

use crate::entities::{
    app_user, calendar_feed, event_role, meeting, meeting_request, participant, place, slot,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::RequestRow;

/// The requests of an event where a participant is one of the two sides, in states given.
pub async fn requests_of_participant(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    states: &[&str],
) -> Result<Vec<RequestRow>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(
            Condition::any()
                .add(meeting_request::Column::RequesterId.eq(participant_id))
                .add(meeting_request::Column::TargetParticipantId.eq(participant_id)),
        )
        .filter(meeting_request::Column::State.is_in(states.iter().map(|s| s.to_string())))
        .order_by_asc(meeting_request::Column::Id)
        .all(db)
        .await
}

/// Requests waiting for this participant's answer: addressed to them, or to their company
/// without a named attendee.
pub async fn pending_incoming_count(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    company_id: Option<i64>,
) -> Result<usize, DbErr> {
    let mut to_me =
        Condition::any().add(meeting_request::Column::TargetParticipantId.eq(participant_id));
    if let Some(company) = company_id {
        to_me = to_me.add(
            Condition::all()
                .add(meeting_request::Column::TargetCompanyId.eq(company))
                .add(meeting_request::Column::TargetParticipantId.is_null()),
        );
    }
    Ok(meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.eq("requested"))
        .filter(to_me)
        .all(db)
        .await?
        .len())
}

/// The placements of some requests.
pub async fn placements_of(
    db: &impl ConnectionTrait,
    request_ids: &[i64],
) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::RequestId.is_in(request_ids.to_vec()))
        .all(db)
        .await
}

/// Some places by id.
pub async fn places_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<place::Model>, DbErr> {
    place::Entity::find()
        .filter(place::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
}

/// Some slots by id.
pub async fn slots_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<slot::Model>, DbErr> {
    slot::Entity::find()
        .filter(slot::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
}

/// Records why a meeting was cancelled.
pub async fn set_cancel_reason(
    db: &impl ConnectionTrait,
    request_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::CancelReason, Expr::value(reason))
        .col_expr(meeting_request::Column::UpdatedAt, Expr::value(now))
        .filter(meeting_request::Column::Id.eq(request_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A participant of an event.
pub async fn participant(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<Option<participant::Model>, DbErr> {
    Ok(participant::Entity::find_by_id(participant_id)
        .one(db)
        .await?
        .filter(|p| p.event_id == event_id))
}

/// Email and language of the people who manage the event's meetings: team members whose
/// rights include `permission_code`, or, when there are none, the principal administrators.
pub async fn organizer_addresses(
    db: &impl ConnectionTrait,
    event_id: i64,
    permission_code: &str,
) -> Result<Vec<(String, String)>, DbErr> {
    let roles = event_role::Entity::find()
        .filter(event_role::Column::EventId.eq(event_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = roles
        .iter()
        .filter(|r| {
            r.permissions
                .split(',')
                .any(|c| c.trim() == permission_code)
        })
        .map(|r| r.user_id)
        .collect();
    let users = if ids.is_empty() {
        app_user::Entity::find()
            .filter(app_user::Column::IsPrincipalAdmin.eq(true))
            .all(db)
            .await?
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(ids))
            .all(db)
            .await?
    };
    Ok(users.into_iter().map(|u| (u.email, u.locale)).collect())
}

/// The participant's calendar feed, if any.
pub async fn feed_of(
    db: &impl ConnectionTrait,
    participant_id: i64,
) -> Result<Option<calendar_feed::Model>, DbErr> {
    calendar_feed::Entity::find()
        .filter(calendar_feed::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await
}

/// Replaces the participant's calendar feed by one with a new token hash.
pub async fn replace_feed(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    delete_feed(db, participant_id).await?;
    calendar_feed::ActiveModel {
        event_id: Set(event_id),
        participant_id: Set(participant_id),
        token_hash: Set(token_hash.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Revokes the participant's calendar feed. Returns whether there was one.
pub async fn delete_feed(db: &impl ConnectionTrait, participant_id: i64) -> Result<bool, DbErr> {
    let result = calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::ParticipantId.eq(participant_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The feed with this token hash.
pub async fn feed_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<calendar_feed::Model>, DbErr> {
    calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}
