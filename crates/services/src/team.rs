//! The event's team: the principal administrator grants rights per event to secondary
//! administrators — co-organizers and partners (BO-1, REG-10).

use crate::audit::{Actor, Change, record};
use crate::forms::FieldErrors;
use crate::mail::{self, Email};
use crate::security::{random_token, token_hash};
use crate::{InternalError, Settings};
use chrono::{Duration, Utc};
use domain::{EmailAddress, EventId, Locale, Permission, PermissionSet, UserId};
use store::DatabaseConnection;
use store::users::NewUser;

/// Kinds of secondary administrators.
pub const ROLE_KINDS: [&str; 2] = ["co_organizer", "partner"];

/// Failure of a team action.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown event or role.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(TeamError);

/// The grant form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GrantForm {
    /// The person's email; an account is created (with an invitation) when none exists.
    pub email: String,
    /// Name, for a new account.
    pub display_name: String,
    /// `co_organizer` or `partner`.
    pub kind: String,
    /// Permission codes, as checkboxes.
    pub permissions: Vec<String>,
}

/// Grants (or replaces) a person's rights on the event. A new account receives an email
/// with a one-hour link to choose a password; an existing one is told of its new rights in
/// its own language.
pub async fn grant_role(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &GrantForm,
    settings: &Settings,
) -> Result<(), TeamError> {
    let mut errors = FieldErrors::new();
    let email = EmailAddress::parse(&form.email)
        .map_err(|_| errors.add("email", "error-email"))
        .ok();
    if !ROLE_KINDS.contains(&form.kind.as_str()) {
        errors.add("kind", "error-required");
    }
    let permissions = PermissionSet::from_permissions(
        form.permissions.iter().filter_map(|p| Permission::parse(p)),
    );
    if permissions.is_empty() {
        errors.add("permissions", "error-permissions");
    }
    let name = form.display_name.trim();
    if name.chars().count() > 120 {
        errors.add("display_name", "error-too-long");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(TeamError::Invalid(errors));
    };
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let event_row = store::events::find(&txn, event)
        .await?
        .ok_or(TeamError::NotFound)?;
    let user = match store::users::find_by_email_key(&txn, &email.lookup_key()).await? {
        Some(user) => {
            let locale = Locale::parse(&user.locale).unwrap_or_default();
            let event_name = if locale == Locale::En {
                &event_row.name_en
            } else {
                &event_row.name_fr
            };
            let rights: Vec<String> = permissions
                .iter()
                .map(|p| crate::i18n::t(locale, &format!("permission-{}", p.code())))
                .collect();
            let login = format!("{}/login", settings.base_url());
            mail::enqueue(
                &txn,
                Email::access_granted(&user, locale, event_name, &rights.join(", "), &login),
                now,
            )
            .await?;
            user
        }
        None => {
            let display = if name.is_empty() {
                email.as_str()
            } else {
                name
            };
            let user = store::users::insert(
                &txn,
                NewUser {
                    email_key: &email.lookup_key(),
                    email: email.as_str(),
                    display_name: display,
                    password_hash: None,
                    locale: "fr",
                    is_principal_admin: false,
                },
                now,
            )
            .await?;
            let token = random_token();
            store::users::insert_token(
                &txn,
                Some(UserId(user.id)),
                "reset",
                &token_hash(&token),
                now + Duration::minutes(crate::auth::LINK_VALIDITY_MINUTES),
                now,
            )
            .await?;
            let link = format!("{}/password/reset/{token}", settings.base_url());
            mail::enqueue(
                &txn,
                Email::team_invitation(&user, Locale::Fr, &event_row.name_fr, &link),
                now,
            )
            .await?;
            user
        }
    };
    let stored = permissions.to_stored();
    let before =
        store::events::upsert_role(&txn, event, UserId(user.id), &form.kind, &stored, now).await?;
    let after = serde_json::json!({"user": user.email, "kind": form.kind, "permissions": stored});
    record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "grant",
            entity: "event_role",
            entity_id: user.id.to_string(),
            before: before.as_ref(),
            after: Some(&after),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a secondary administrator's rights on the event.
pub async fn revoke_role(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    role_id: i64,
) -> Result<(), TeamError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let removed = store::events::delete_role(&txn, event, role_id)
        .await?
        .ok_or(TeamError::NotFound)?;
    record(
        &txn,
        actor,
        Change::<_, ()> {
            event: Some(event),
            action: "revoke",
            entity: "event_role",
            entity_id: removed.user_id.to_string(),
            before: Some(&removed),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
