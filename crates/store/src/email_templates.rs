//! Workflow email templates edited per event and language (REG-5). A missing row means the
//! built-in default applies.

use crate::entities::email_template;
use chrono::{DateTime, Utc};
use domain::EventId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};

pub use email_template::Model as EmailTemplateRow;

/// The event's own template of one kind in one language, if any.
pub async fn find(
    db: &impl ConnectionTrait,
    event: EventId,
    kind: &str,
    locale: &str,
) -> Result<Option<EmailTemplateRow>, DbErr> {
    email_template::Entity::find()
        .filter(email_template::Column::EventId.eq(event.0))
        .filter(email_template::Column::Kind.eq(kind))
        .filter(email_template::Column::Locale.eq(locale))
        .one(db)
        .await
}

/// Every template the event has customised.
pub async fn list(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<EmailTemplateRow>, DbErr> {
    email_template::Entity::find()
        .filter(email_template::Column::EventId.eq(event.0))
        .order_by_asc(email_template::Column::Kind)
        .order_by_asc(email_template::Column::Locale)
        .all(db)
        .await
}

/// The text of a template as saved.
pub struct TemplateText<'a> {
    /// Kind of email (`registration_received`…).
    pub kind: &'a str,
    /// Language code.
    pub locale: &'a str,
    /// Subject source.
    pub subject: &'a str,
    /// Body source.
    pub body: &'a str,
}

/// Creates or replaces the event's template; returns the previous version.
pub async fn upsert(
    db: &impl ConnectionTrait,
    event: EventId,
    text: TemplateText<'_>,
    updated_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<EmailTemplateRow>, DbErr> {
    let previous = find(db, event, text.kind, text.locale).await?;
    match &previous {
        Some(existing) => {
            let mut model = existing.clone().into_active_model();
            model.subject = Set(text.subject.to_string());
            model.body = Set(text.body.to_string());
            model.updated_at = Set(now);
            model.updated_by = Set(updated_by);
            model.update(db).await?;
        }
        None => {
            email_template::ActiveModel {
                event_id: Set(event.0),
                kind: Set(text.kind.to_string()),
                locale: Set(text.locale.to_string()),
                subject: Set(text.subject.to_string()),
                body: Set(text.body.to_string()),
                updated_at: Set(now),
                updated_by: Set(updated_by),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(previous)
}

/// Deletes the event's template (back to the default); returns it.
pub async fn delete(
    db: &impl ConnectionTrait,
    event: EventId,
    kind: &str,
    locale: &str,
) -> Result<Option<EmailTemplateRow>, DbErr> {
    let found = find(db, event, kind, locale).await?;
    if let Some(row) = &found {
        email_template::Entity::delete_by_id(row.id)
            .filter(email_template::Column::EventId.eq(event.0))
            .exec(db)
            .await?;
    }
    Ok(found)
}
