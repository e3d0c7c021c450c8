//! The audit trail: written in the same transaction as the change it describes.

use crate::entities::audit_entry;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

pub use audit_entry::Model as AuditRow;

/// One audited change.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// The event concerned, if any.
    pub event_id: Option<i64>,
    /// Who acted (none for the system or the command line).
    pub actor_user_id: Option<i64>,
    /// The actor's email or a label such as `cli`.
    pub actor_label: String,
    /// `create`, `update`, `delete`, `grant`, `revoke`…
    pub action: String,
    /// The kind of thing changed: `event`, `venue`, `event_role`…
    pub entity: String,
    /// Its identifier.
    pub entity_id: String,
    /// JSON of the state before, for updates and deletes.
    pub before_json: Option<String>,
    /// JSON of the state after, for creates and updates.
    pub after_json: Option<String>,
}

/// Appends an entry.
pub async fn insert(
    db: &impl ConnectionTrait,
    entry: NewAuditEntry,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        event_id: Set(entry.event_id),
        actor_user_id: Set(entry.actor_user_id),
        actor_label: Set(entry.actor_label),
        action: Set(entry.action),
        entity: Set(entry.entity),
        entity_id: Set(entry.entity_id),
        before_json: Set(entry.before_json),
        after_json: Set(entry.after_json),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Filters for the audit page.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this event's entries; `None` means every event (principal admin only).
    pub event_id: Option<i64>,
    /// Only these events (a secondary admin's events).
    pub event_ids: Option<Vec<i64>>,
    /// Only this kind of entity.
    pub entity: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only this actor (email contains).
    pub actor: Option<String>,
    /// Newest first, this many at most.
    pub limit: u64,
}

/// Lists entries, newest first.
pub async fn list(db: &impl ConnectionTrait, filter: &AuditFilter) -> Result<Vec<AuditRow>, DbErr> {
    let mut query = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Id);
    if let Some(event) = filter.event_id {
        query = query.filter(audit_entry::Column::EventId.eq(event));
    }
    if let Some(events) = &filter.event_ids {
        query = query.filter(audit_entry::Column::EventId.is_in(events.clone()));
    }
    if let Some(entity) = &filter.entity {
        query = query.filter(audit_entry::Column::Entity.eq(entity.as_str()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_entry::Column::Action.eq(action.as_str()));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_entry::Column::ActorLabel.contains(actor.as_str()));
    }
    query.limit(filter.limit.max(1)).all(db).await
}
