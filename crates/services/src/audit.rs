//! Writing the audit trail inside the caller's transaction (BO-10).

use chrono::{DateTime, Utc};
use domain::{EventId, UserId};
use serde::Serialize;
use store::ConnectionTrait;
use store::audit::NewAuditEntry;
use store::users::UserRow;

/// Who performs an action.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, or none for the command line and the system.
    pub user_id: Option<UserId>,
    /// The account's email, or `cli` / `system`.
    pub label: String,
}

impl Actor {
    /// A logged-in person.
    pub fn user(user: &UserRow) -> Actor {
        Actor {
            user_id: Some(UserId(user.id)),
            label: user.email.clone(),
        }
    }

    /// The command line or a background job.
    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            label: label.to_string(),
        }
    }
}

/// What changed, for one audit entry.
pub struct Change<'a, B: Serialize, A: Serialize> {
    /// The event concerned.
    pub event: Option<EventId>,
    /// `create`, `update`, `delete`, `grant`, `revoke`…
    pub action: &'a str,
    /// Kind of thing.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: String,
    /// State before.
    pub before: Option<&'a B>,
    /// State after.
    pub after: Option<&'a A>,
}

/// Appends an audit entry; call it with the transaction that makes the change, so both
/// commit or roll back together.
pub async fn record<B: Serialize, A: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    change: Change<'_, B, A>,
    now: DateTime<Utc>,
) -> Result<(), crate::InternalError> {
    store::audit::insert(
        db,
        NewAuditEntry {
            event_id: change.event.map(|e| e.0),
            actor_user_id: actor.user_id.map(|u| u.0),
            actor_label: actor.label.clone(),
            action: change.action.to_string(),
            entity: change.entity.to_string(),
            entity_id: change.entity_id,
            before_json: change.before.map(json),
            after_json: change.after.map(json),
        },
        now,
    )
    .await?;
    Ok(())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Records the creation (no `before`) or the update of a thing of an event.
pub async fn record_saved<B: Serialize, A: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event: EventId,
    (entity, id): (&str, i64),
    before: Option<&B>,
    after: &A,
    now: DateTime<Utc>,
) -> Result<(), crate::InternalError> {
    let action = if before.is_some() { "update" } else { "create" };
    let change = Change {
        event: Some(event),
        action,
        entity,
        entity_id: id.to_string(),
        before,
        after: Some(after),
    };
    record(db, actor, change, now).await
}

/// Records the deletion of a thing of an event, with its last state.
pub async fn record_deleted<B: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event: EventId,
    (entity, id): (&str, i64),
    before: &B,
    now: DateTime<Utc>,
) -> Result<(), crate::InternalError> {
    let change = Change::<_, ()> {
        event: Some(event),
        action: "delete",
        entity,
        entity_id: id.to_string(),
        before: Some(before),
        after: None,
    };
    record(db, actor, change, now).await
}
