//! Emails: composed in the recipient's language and written to the outbox in the caller's
//! transaction; the worker delivers them.

use crate::i18n::t_args;
use chrono::{DateTime, Utc};
use domain::Locale;
use store::ConnectionTrait;
use store::outbox::NewMessage;
use store::users::UserRow;

/// An email ready to enqueue.
#[derive(Debug, Clone)]
pub struct Email {
    /// Recipient address.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// The event it concerns.
    pub event_id: Option<i64>,
}

impl Email {
    /// Tells an existing account that its rights on an event changed.
    pub fn access_granted(
        user: &UserRow,
        locale: Locale,
        event_name: &str,
        rights: &str,
        login_link: &str,
    ) -> Email {
        let args = [
            ("name", user.display_name.clone()),
            ("event", event_name.to_string()),
            ("rights", rights.to_string()),
            ("link", login_link.to_string()),
        ];
        Email {
            to: user.email.clone(),
            subject: t_args(locale, "mail-access-subject", &args),
            body_text: t_args(locale, "mail-access-body", &args),
            event_id: None,
        }
    }

    /// The password-reset message with its single-use link.
    pub fn password_reset(user: &UserRow, locale: Locale, link: &str) -> Email {
        let args = [
            ("name", user.display_name.clone()),
            ("link", link.to_string()),
            ("minutes", crate::auth::LINK_VALIDITY_MINUTES.to_string()),
        ];
        Email {
            to: user.email.clone(),
            subject: t_args(locale, "mail-reset-subject", &args),
            body_text: t_args(locale, "mail-reset-body", &args),
            event_id: None,
        }
    }

    /// The invitation of a new team member, with a link to choose a password.
    pub fn team_invitation(user: &UserRow, locale: Locale, event_name: &str, link: &str) -> Email {
        let args = [
            ("name", user.display_name.clone()),
            ("event", event_name.to_string()),
            ("link", link.to_string()),
            ("minutes", crate::auth::LINK_VALIDITY_MINUTES.to_string()),
        ];
        Email {
            to: user.email.clone(),
            subject: t_args(locale, "mail-invite-subject", &args),
            body_text: t_args(locale, "mail-invite-body", &args),
            event_id: None,
        }
    }
}

/// Writes an email to the outbox with a fresh unique id.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: Email,
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    store::outbox::enqueue(
        db,
        NewMessage {
            message_uid: crate::security::random_token(),
            event_id: email.event_id,
            channel: "email".to_string(),
            recipient: email.to,
            subject: email.subject,
            body_text: email.body_text,
            body_html: None,
        },
        now,
    )
    .await
}

/// Puts a failed message back in the queue (principal administrator); audited. Returns
/// false when the message is unknown or not failed.
pub async fn requeue_message(
    db: &store::DatabaseConnection,
    actor: &crate::audit::Actor,
    id: i64,
) -> Result<bool, crate::InternalError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let Some(before) = store::outbox::find(&txn, id).await? else {
        return Ok(false);
    };
    if !store::outbox::requeue(&txn, id, now).await? {
        return Ok(false);
    }
    let change = crate::audit::Change::<_, ()> {
        event: before.event_id.map(domain::EventId),
        action: "retry",
        entity: "outbox_message",
        entity_id: id.to_string(),
        before: Some(&before.status),
        after: None,
    };
    crate::audit::record(&txn, actor, change, now).await?;
    txn.commit().await?;
    Ok(true)
}
