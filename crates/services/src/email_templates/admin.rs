//! The organizers' side of the templates: list, edit, preview with sample data, save (only
//! when it renders), reset to the default. Saves and resets are audited.

use super::workflow::samples;
use super::{Kind, MAX_BODY_CHARS, MAX_SUBJECT_CHARS, Rendered, TemplateProblem, render};
use crate::audit::{Actor, Change, record};
use crate::forms::FieldErrors;
use crate::{InternalError, database_errors_are_internal};
use chrono::{DateTime, Utc};
use domain::{EventId, Locale};
use store::DatabaseConnection;
use store::email_templates::TemplateText;
use store::events::EventRow;

/// One kind in one language, as listed in the back office.
#[derive(Debug, Clone)]
pub struct TemplateOverview {
    /// Kind of email.
    pub kind: Kind,
    /// Language.
    pub locale: Locale,
    /// When the event's own version was saved; none when the default applies.
    pub customised_at: Option<DateTime<Utc>>,
}

/// A template as typed in the editor.
#[derive(Debug, Clone, Copy)]
pub struct TemplateDraft<'a> {
    /// Kind of email.
    pub kind: Kind,
    /// Language.
    pub locale: Locale,
    /// Subject source.
    pub subject: &'a str,
    /// Body source.
    pub body: &'a str,
}

/// Failure of an editor action.
#[derive(Debug, thiserror::Error)]
pub enum EmailTemplateError {
    /// Missing or too long fields.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The template does not compile, names an unknown variable or does not render.
    #[error("template refused")]
    Rejected(TemplateProblem),
    /// Unknown event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

database_errors_are_internal!(EmailTemplateError);

/// Every kind × language of an event, customised or not.
pub async fn overview(
    db: &DatabaseConnection,
    event: EventId,
) -> Result<Vec<TemplateOverview>, InternalError> {
    let own = store::email_templates::list(db, event).await?;
    let mut lines = Vec::new();
    for kind in Kind::ALL {
        for locale in Locale::ALL {
            let customised_at = own
                .iter()
                .find(|r| r.kind == kind.code() && r.locale == locale.code())
                .map(|r| r.updated_at);
            lines.push(TemplateOverview {
                kind,
                locale,
                customised_at,
            });
        }
    }
    Ok(lines)
}

/// The subject and body to show in the editor (the event's own, else the default) and
/// whether they are the event's own.
pub async fn edit_source(
    db: &DatabaseConnection,
    event: EventId,
    kind: Kind,
    locale: Locale,
) -> Result<(String, String, bool), InternalError> {
    Ok(
        match store::email_templates::find(db, event, kind.code(), locale.code()).await? {
            Some(row) => (row.subject, row.body, true),
            None => {
                let (subject, body) = kind.default_template(locale);
                (subject, body, false)
            }
        },
    )
}

/// Browsers send CRLF line ends; templates keep LF.
fn normalized(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Checks sizes, then renders the draft with every sample of its kind; returns the first
/// rendering (the one the preview shows).
fn check(
    draft: &TemplateDraft<'_>,
    event: &EventRow,
    base_url: &str,
) -> Result<Rendered, EmailTemplateError> {
    let mut errors = FieldErrors::new();
    let subject = crate::forms::required(&mut errors, "subject", draft.subject, MAX_SUBJECT_CHARS);
    let body = normalized(draft.body);
    if body.trim().is_empty() {
        errors.add("body", "error-required");
    } else if body.chars().count() > MAX_BODY_CHARS {
        errors.add("body", "error-too-long");
    }
    if !errors.is_empty() {
        return Err(EmailTemplateError::Invalid(errors));
    }
    let mut first = None;
    for vars in samples(base_url, event, draft.kind, draft.locale) {
        let rendered =
            render(draft.kind, &subject, &body, &vars).map_err(EmailTemplateError::Rejected)?;
        first.get_or_insert(rendered);
    }
    first.ok_or(EmailTemplateError::NotFound)
}

/// Renders a draft with sample data, without saving it.
pub async fn preview(
    db: &DatabaseConnection,
    base_url: &str,
    event: EventId,
    draft: TemplateDraft<'_>,
) -> Result<Rendered, EmailTemplateError> {
    let event = store::events::find(db, event)
        .await?
        .ok_or(EmailTemplateError::NotFound)?;
    check(&draft, &event, base_url)
}

/// Saves the event's own version of a template, refused (nothing stored) unless it renders
/// with sample data; audited with the previous version.
pub async fn save_template(
    db: &DatabaseConnection,
    base_url: &str,
    actor: &Actor,
    event_id: EventId,
    draft: TemplateDraft<'_>,
) -> Result<(), EmailTemplateError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let event = store::events::find(&txn, event_id)
        .await?
        .ok_or(EmailTemplateError::NotFound)?;
    check(&draft, &event, base_url)?;
    let (subject, body) = (draft.subject.trim(), normalized(draft.body));
    let before = store::email_templates::upsert(
        &txn,
        event_id,
        TemplateText {
            kind: draft.kind.code(),
            locale: draft.locale.code(),
            subject,
            body: &body,
        },
        actor.user_id.map(|u| u.0),
        now,
    )
    .await?;
    let after = serde_json::json!({
        "kind": draft.kind.code(),
        "locale": draft.locale.code(),
        "subject": subject,
        "body": body,
    });
    let change = Change {
        event: Some(event_id),
        action: if before.is_some() { "update" } else { "create" },
        entity: "email_template",
        entity_id: format!("{}/{}", draft.kind.code(), draft.locale.code()),
        before: before.as_ref(),
        after: Some(&after),
    };
    record(&txn, actor, change, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes the event's own version so the default applies again; audited. Returns false when
/// there was none.
pub async fn reset_template(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: EventId,
    kind: Kind,
    locale: Locale,
) -> Result<bool, EmailTemplateError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let Some(before) =
        store::email_templates::delete(&txn, event_id, kind.code(), locale.code()).await?
    else {
        return Ok(false);
    };
    let change = Change::<_, ()> {
        event: Some(event_id),
        action: "reset",
        entity: "email_template",
        entity_id: format!("{}/{}", kind.code(), locale.code()),
        before: Some(&before),
        after: None,
    };
    record(&txn, actor, change, now).await?;
    txn.commit().await?;
    Ok(true)
}
