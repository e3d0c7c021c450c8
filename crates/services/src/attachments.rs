//! Files attached to offers and requests (REG-2, PRV-2): PDF, images and videos, typed by
//! their content, capped in size and in number per offer, shown on the catalogue page of a
//! validated company. The upload mechanics (pending uploads kept across a refused form, the
//! file trash) are in `crate::uploads`.

use crate::access::Viewer;
use crate::files::UploadError;
use crate::forms::FieldErrors;
use crate::registration::{OFFER_SLOTS, RegistrationForm};
use crate::uploads::{self, PendingUpload, Rules};
use crate::{InternalError, Settings};
use chrono::{DateTime, Utc};
use domain::EventId;
use store::DatabaseConnection;
use store::attachments::{AttachmentRow, NewAttachment};

/// The limits of attachments, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file, bytes.
    pub max_bytes: usize,
    /// Most files per offer or request.
    pub per_offer: usize,
}

impl Limits {
    /// The installation's limits.
    pub fn from_settings(settings: &Settings) -> Limits {
        Limits {
            max_bytes: settings.max_attachment_bytes,
            per_offer: settings.max_attachments_per_offer,
        }
    }

    /// The upload rules of one attachment.
    pub fn rules(self) -> Rules {
        Rules::attachments(self.max_bytes)
    }

    /// The size limit in whole megabytes, for messages.
    pub fn max_megabytes(self) -> String {
        let mb = self.max_bytes as f64 / (1024.0 * 1024.0);
        if mb.fract() == 0.0 {
            format!("{mb:.0}")
        } else {
            format!("{mb:.1}")
        }
    }
}

/// The message id of a refused attachment.
pub fn upload_message(error: &UploadError) -> &'static str {
    match error {
        UploadError::TooLarge => "attach-error-too-large",
        UploadError::WrongType => "attach-error-type",
        UploadError::Empty => "attach-error-empty",
        UploadError::Internal(_) => "error-500",
    }
}

/// The files sent with a registration form, as read by the web edge: each file was
/// checked and kept as a pending upload (or refused) while the request was read.
#[derive(Debug, Default)]
pub struct SentFiles {
    /// `(field name, outcome)` for each file, e.g. `("o1_files", Ok(upload))`.
    pub files: Vec<(String, Result<PendingUpload, UploadError>)>,
    /// Fields that received more files than one offer may have (the extra ones were not
    /// stored).
    pub too_many: Vec<String>,
}

/// The names of the file inputs of the registration form (`o0_files`…).
pub fn registration_file_fields() -> Vec<String> {
    (0..OFFER_SLOTS).map(|i| format!("o{i}_files")).collect()
}

/// Puts the uploads of a registration form into its offer slots: those kept from an earlier
/// submission (hidden `o{i}_upload` tokens, minus the ones ticked in `o{i}_upload_remove`,
/// which are deleted) and those just sent (`o{i}_files`); refused files become errors on
/// `o{i}_files`.
pub async fn fold_registration_uploads(
    db: &DatabaseConnection,
    files: &crate::files::FileStore,
    event: EventId,
    pairs: &[(String, String)],
    sent: SentFiles,
    form: &mut RegistrationForm,
) -> Result<(), InternalError> {
    let values = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut removed_all = Vec::new();
    for i in 0..OFFER_SLOTS.min(form.offers.len()) {
        let removed = values(&format!("o{i}_upload_remove"));
        let kept: Vec<String> = values(&format!("o{i}_upload"))
            .into_iter()
            .filter(|t| !removed.contains(t))
            .collect();
        form.offers[i].uploads = uploads::pending(db, Some(event), &kept).await?;
        removed_all.extend(removed);
    }
    for field in sent.too_many {
        if form.upload_errors.get(&field).is_none() {
            form.upload_errors.add(&field, "attach-error-too-many");
        }
    }
    for (field, outcome) in sent.files {
        let slot = (0..OFFER_SLOTS.min(form.offers.len())).find(|i| field == format!("o{i}_files"));
        let Some(i) = slot else { continue };
        match outcome {
            Ok(upload) => form.offers[i].uploads.push(upload),
            Err(UploadError::Internal(e)) => return Err(e),
            Err(e) => {
                if form.upload_errors.get(&field).is_none() {
                    form.upload_errors.add(&field, upload_message(&e));
                }
            }
        }
    }
    uploads::discard(db, files, Some(event), &removed_all).await
}

/// Checks the number of files of each offer slot of a registration form.
pub fn check_counts(form: &RegistrationForm, limits: Limits, errors: &mut FieldErrors) {
    for (i, offer) in form.offers.iter().enumerate() {
        let field = format!("o{i}_files");
        if offer.uploads.len() > limits.per_offer && errors.get(&field).is_none() {
            errors.add(&field, "attach-error-too-many");
        }
    }
}

/// Claims pending uploads and records them as attachments of an offer, inside the caller's
/// transaction. Tokens no longer pending (expired, taken) are skipped.
pub async fn attach_claimed(
    txn: &impl store::ConnectionTrait,
    event: EventId,
    offer_id: i64,
    tokens: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<AttachmentRow>, store::DbErr> {
    let mut rows = Vec::new();
    for token in tokens {
        if let Some(file) = uploads::claim(txn, Some(event), token).await? {
            let new = NewAttachment {
                offer_id,
                storage_key: &file.storage_key,
                original_name: &file.original_name,
                content_type: &file.content_type,
                size_bytes: file.size_bytes,
                sha256: &file.sha256,
            };
            rows.push(store::attachments::insert(txn, event, new, now).await?);
        }
    }
    Ok(rows)
}

/// Deletes the attachments of some offers inside the caller's transaction and puts their
/// files in the trash; the caller empties the trash after the commit.
pub async fn trash_of_offers(
    txn: &impl store::ConnectionTrait,
    event: EventId,
    offer_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<usize, store::DbErr> {
    let keys = store::attachments::delete_of_offers(txn, event, offer_ids).await?;
    store::files::trash(txn, &keys, now).await?;
    Ok(keys.len())
}

/// An attachment of the event that the viewer may download; `None` when it does not exist
/// in this event or is not theirs to see. Files of validated companies are for everyone who
/// sees the event's site; others only for the event's team and the company's own people.
/// The flag says whether the viewer is one of those insiders (who may also read while the
/// site is closed).
pub async fn readable(
    db: &impl store::ConnectionTrait,
    viewer: Option<&Viewer>,
    event: EventId,
    id: i64,
) -> Result<Option<(AttachmentRow, bool)>, store::DbErr> {
    let Some(row) = store::attachments::find(db, event, id).await? else {
        return Ok(None);
    };
    let Some(offer) = store::attachments::offer(db, event, row.offer_id).await? else {
        return Ok(None);
    };
    let Some(company) = store::registration::company(db, event, offer.company_id).await? else {
        return Ok(None);
    };
    let insider = viewer.is_some_and(|v| {
        v.is_team_member(event)
            || v.participations
                .iter()
                .any(|p| p.event_id == event.0 && p.company_id == Some(company.id))
    });
    // An offer refused on its own (BO-3) is not public, nor are its files.
    let public = company.status == "validated" && offer.status != "refused";
    Ok((insider || public).then_some((row, insider)))
}

/// The attachments of some offers, grouped by offer id.
pub async fn by_offer(
    db: &impl store::ConnectionTrait,
    event: EventId,
    offer_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<AttachmentRow>>, store::DbErr> {
    let mut map: std::collections::HashMap<i64, Vec<AttachmentRow>> = Default::default();
    for row in store::attachments::of_offers(db, event, offer_ids).await? {
        map.entry(row.offer_id).or_default().push(row);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_megabytes() {
        let limits = Limits {
            max_bytes: 10 * 1024 * 1024,
            per_offer: 3,
        };
        assert_eq!(limits.max_megabytes(), "10");
        let small = Limits {
            max_bytes: 1536 * 1024,
            per_offer: 3,
        };
        assert_eq!(small.max_megabytes(), "1.5");
    }
}
