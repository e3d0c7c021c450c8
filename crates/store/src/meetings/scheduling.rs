//! Queries of scheduling runs (MTG-3) and of the organizer's grid (MTG-7): the whole event's
//! meetings, places and experts read at once, and the run rows.

use crate::entities::{
    expert_profile, meeting, meeting_request, participant, place, scheduling_run,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

pub use scheduling_run::Model as RunRow;

/// Requests of an event in some states, in arrival order.
pub async fn requests_in_states(
    db: &impl ConnectionTrait,
    event_id: i64,
    states: &[&str],
) -> Result<Vec<meeting_request::Model>, DbErr> {
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in(states.iter().map(|s| s.to_string())))
        .order_by_asc(meeting_request::Column::Id)
        .all(db)
        .await
}

/// Some requests of an event by id.
pub async fn requests_by_ids(
    db: &impl ConnectionTrait,
    event_id: i64,
    ids: &[i64],
) -> Result<Vec<meeting_request::Model>, DbErr> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        rows.extend(
            meeting_request::Entity::find()
                .filter(meeting_request::Column::EventId.eq(event_id))
                .filter(meeting_request::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(rows)
}

/// Every placed meeting of an event.
pub async fn meetings_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::EventId.eq(event_id))
        .all(db)
        .await
}

/// Every place of an event (tables, stands, desks), by position.
pub async fn places_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<place::Model>, DbErr> {
    place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .order_by_asc(place::Column::Position)
        .order_by_asc(place::Column::Id)
        .all(db)
        .await
}

/// Every expert profile of an event.
pub async fn experts_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<expert_profile::Model>, DbErr> {
    expert_profile::Entity::find()
        .filter(expert_profile::Column::EventId.eq(event_id))
        .all(db)
        .await
}

/// Every participant of an event.
pub async fn participants_of_event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<participant::Model>, DbErr> {
    participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .order_by_asc(participant::Column::LastName)
        .order_by_asc(participant::Column::FirstName)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await
}

/// Records a new run in state `running`.
pub async fn insert_run(
    db: &impl ConnectionTrait,
    event_id: i64,
    replan: bool,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<RunRow, DbErr> {
    scheduling_run::ActiveModel {
        event_id: Set(event_id),
        state: Set("running".into()),
        replan: Set(replan),
        progress: Set(0),
        started_by_user_id: Set(user_id),
        proposal: Set(None),
        error: Set(None),
        finished_at: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A run of an event; `None` when it belongs to another event.
pub async fn find_run(
    db: &impl ConnectionTrait,
    event_id: i64,
    run_id: i64,
) -> Result<Option<RunRow>, DbErr> {
    Ok(scheduling_run::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .filter(|r| r.event_id == event_id))
}

/// The latest runs of an event, newest first.
pub async fn latest_runs(
    db: &impl ConnectionTrait,
    event_id: i64,
    limit: u64,
) -> Result<Vec<RunRow>, DbErr> {
    use sea_orm::QuerySelect;
    scheduling_run::Entity::find()
        .filter(scheduling_run::Column::EventId.eq(event_id))
        .order_by_desc(scheduling_run::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Sets a running run's progress (permille).
pub async fn set_run_progress(
    db: &impl ConnectionTrait,
    run_id: i64,
    permille: i32,
) -> Result<(), DbErr> {
    scheduling_run::Entity::update_many()
        .col_expr(scheduling_run::Column::Progress, Expr::value(permille))
        .filter(scheduling_run::Column::Id.eq(run_id))
        .filter(scheduling_run::Column::State.eq("running"))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends a run: `ready` with its proposal, or `failed` with an error.
pub async fn finish_run(
    db: &impl ConnectionTrait,
    run_id: i64,
    state: &str,
    proposal: Option<String>,
    error: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    scheduling_run::Entity::update_many()
        .col_expr(scheduling_run::Column::State, Expr::value(state))
        .col_expr(
            scheduling_run::Column::Progress,
            Expr::value(if state == "ready" { 1000 } else { 0 }),
        )
        .col_expr(scheduling_run::Column::Proposal, Expr::value(proposal))
        .col_expr(scheduling_run::Column::Error, Expr::value(error))
        .col_expr(scheduling_run::Column::FinishedAt, Expr::value(Some(now)))
        .filter(scheduling_run::Column::Id.eq(run_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the event's runs still "running" that started before `started_before` as failed
/// with `error` (their server stopped); returns how many.
pub async fn fail_running_before(
    db: &impl ConnectionTrait,
    event_id: i64,
    started_before: DateTime<Utc>,
    error: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(scheduling_run::Entity::update_many()
        .col_expr(scheduling_run::Column::State, Expr::value("failed"))
        .col_expr(scheduling_run::Column::Progress, Expr::value(0))
        .col_expr(scheduling_run::Column::Error, Expr::value(Some(error)))
        .col_expr(scheduling_run::Column::FinishedAt, Expr::value(Some(now)))
        .filter(scheduling_run::Column::EventId.eq(event_id))
        .filter(scheduling_run::Column::State.eq("running"))
        .filter(scheduling_run::Column::CreatedAt.lt(started_before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Replaces a ready run's proposal (after the organizer removed or locked an assignment).
pub async fn update_proposal(
    db: &impl ConnectionTrait,
    run_id: i64,
    proposal: String,
) -> Result<bool, DbErr> {
    let result = scheduling_run::Entity::update_many()
        .col_expr(
            scheduling_run::Column::Proposal,
            Expr::value(Some(proposal)),
        )
        .filter(scheduling_run::Column::Id.eq(run_id))
        .filter(scheduling_run::Column::State.eq("ready"))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks a ready run published (compare-and-set: a proposal is published once).
pub async fn mark_published(
    db: &impl ConnectionTrait,
    run_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = scheduling_run::Entity::update_many()
        .col_expr(scheduling_run::Column::State, Expr::value("published"))
        .col_expr(scheduling_run::Column::PublishedAt, Expr::value(Some(now)))
        .filter(scheduling_run::Column::Id.eq(run_id))
        .filter(scheduling_run::Column::State.eq("ready"))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records an organizer's new request, already confirmed by both sides' organizer.
pub async fn insert_organizer_request(
    db: &impl ConnectionTrait,
    event_id: i64,
    requester_id: i64,
    target: &participant::Model,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<meeting_request::Model, DbErr> {
    meeting_request::ActiveModel {
        event_id: Set(event_id),
        requester_id: Set(requester_id),
        target_company_id: Set(target.company_id.unwrap_or_default()),
        target_participant_id: Set(Some(target.id)),
        message: Set(String::new()),
        priority: Set(0),
        state: Set("confirmed".into()),
        booking: Set("schedule".into()),
        wanted_slot_id: Set(None),
        availability: Set(String::new()),
        decline_reason: Set(String::new()),
        cancel_reason: Set(String::new()),
        is_expert: Set(false),
        created_by_user_id: Set(Some(user_id)),
        expires_at: Set(None),
        reminded_at: Set(None),
        decided_at: Set(Some(now)),
        confirmed_at: Set(Some(now)),
        updated_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The agreed requests (scheduled, held, no-show) where one of these participants sits.
pub async fn placed_requests_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    participants: &[i64],
) -> Result<Vec<meeting_request::Model>, DbErr> {
    use sea_orm::Condition;
    meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in(["scheduled", "held", "no_show"]))
        .filter(
            Condition::any()
                .add(meeting_request::Column::RequesterId.is_in(participants.to_vec()))
                .add(meeting_request::Column::TargetParticipantId.is_in(participants.to_vec())),
        )
        .all(db)
        .await
}

/// The placed meetings of an event in some slots.
pub async fn meetings_in_slots(
    db: &impl ConnectionTrait,
    event_id: i64,
    slot_ids: &[i64],
) -> Result<Vec<meeting::Model>, DbErr> {
    let mut rows = Vec::new();
    for chunk in slot_ids.chunks(500) {
        rows.extend(
            meeting::Entity::find()
                .filter(meeting::Column::EventId.eq(event_id))
                .filter(meeting::Column::SlotId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(rows)
}

/// The placements of some requests of an event.
pub async fn meetings_of_requests(
    db: &impl ConnectionTrait,
    event_id: i64,
    request_ids: &[i64],
) -> Result<Vec<meeting::Model>, DbErr> {
    let mut rows = Vec::new();
    for chunk in request_ids.chunks(500) {
        rows.extend(
            meeting::Entity::find()
                .filter(meeting::Column::EventId.eq(event_id))
                .filter(meeting::Column::RequestId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(rows)
}
