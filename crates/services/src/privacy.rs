//! The privacy notice under the registration form (REG-8), editable per event in French and
//! English. An empty text means the default notice of the tender (message
//! `privacy-notice-default`). The notice is plain text, shown escaped, paragraphs separated by
//! blank lines. Each consent stores the exact text and its version (a hash of the text), so a
//! changed text gives a new version and old consents keep the text their author accepted.

use crate::InternalError;
use crate::audit::{Actor, Change, record};
use crate::forms::{FieldErrors, optional};
use crate::i18n::t;
use chrono::Utc;
use domain::{EventId, Locale};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::DatabaseConnection;
use store::events::EventRow;

/// Longest notice accepted, in characters.
pub const MAX_CHARS: usize = 20_000;

/// Failure of a notice action.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(PrivacyError);

/// The notice form: the event's own texts (empty: the default one).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct NoticeForm {
    /// French text.
    pub notice_fr: String,
    /// English text.
    pub notice_en: String,
}

impl NoticeForm {
    /// The event's stored texts.
    pub fn from_row(event: &EventRow) -> NoticeForm {
        NoticeForm {
            notice_fr: event.privacy_notice_fr.clone(),
            notice_en: event.privacy_notice_en.clone(),
        }
    }
}

/// The notice in force for a language: the event's own text, or the default one.
pub fn notice(event: &EventRow, locale: Locale) -> String {
    let own = if locale == Locale::En {
        &event.privacy_notice_en
    } else {
        &event.privacy_notice_fr
    };
    if own.trim().is_empty() {
        default_notice(locale)
    } else {
        own.clone()
    }
}

/// The default notice (the tender's text) in a language.
pub fn default_notice(locale: Locale) -> String {
    t(locale, "privacy-notice-default")
}

/// The version of a notice text, stored with each consent: it changes whenever the text does.
pub fn version(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))[..16].to_string()
}

/// A notice cut into paragraphs at blank lines, for display.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Trims, unifies line ends and checks the length of a typed notice.
fn clean(errors: &mut FieldErrors, field: &str, raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    optional(errors, field, &unified, MAX_CHARS)
}

/// Saves the event's own notices (an empty text restores the default for its language).
pub async fn save_notice(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &NoticeForm,
) -> Result<(), PrivacyError> {
    let mut errors = FieldErrors::new();
    let after = NoticeForm {
        notice_fr: clean(&mut errors, "notice_fr", &form.notice_fr),
        notice_en: clean(&mut errors, "notice_en", &form.notice_en),
    };
    if !errors.is_empty() {
        return Err(PrivacyError::Invalid(errors));
    }
    write(db, actor, event, after, "update").await
}

/// Restores the default notice in both languages.
pub async fn reset_notice(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
) -> Result<(), PrivacyError> {
    write(db, actor, event, NoticeForm::default(), "reset").await
}

async fn write(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    after: NoticeForm,
    action: &str,
) -> Result<(), PrivacyError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let row = store::events::find(&txn, event)
        .await?
        .ok_or(PrivacyError::NotFound)?;
    let before = NoticeForm::from_row(&row);
    if before != after {
        store::events::update(
            &txn,
            EventRow {
                privacy_notice_fr: after.notice_fr.clone(),
                privacy_notice_en: after.notice_en.clone(),
                updated_at: now,
                ..row
            },
        )
        .await?;
        record(
            &txn,
            actor,
            Change {
                event: Some(event),
                action,
                entity: "privacy_notice",
                entity_id: event.to_string(),
                before: Some(&before),
                after: Some(&after),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: REG-8
    #[test]
    fn versions_follow_the_text_and_paragraphs_split_at_blank_lines() {
        assert_eq!(version("Texte A"), version("Texte A"));
        assert_ne!(version("Texte A"), version("Texte B"));
        assert_eq!(version("x").len(), 16);
        assert_eq!(
            paragraphs("Un.\n\n\nDeux\nsuite.\n\n"),
            ["Un.", "Deux\nsuite."]
        );
        let mut errors = FieldErrors::new();
        assert_eq!(clean(&mut errors, "f", " a\r\nb "), "a\nb");
        assert!(errors.is_empty());
    }
}
