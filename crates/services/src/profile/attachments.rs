//! Files attached to the offers and requests of the editor's company (PRV-2, REG-2).

use super::*;
use crate::attachments::{Limits, attach_claimed};
use crate::files::FileStore;

/// Attaches uploaded files (pending-upload tokens) to an offer of the editor's company,
/// within the number allowed per offer. Every file is audited.
pub async fn add_attachments(
    db: &DatabaseConnection,
    limits: Limits,
    user: &UserRow,
    event_id: EventId,
    offer_id: i64,
    tokens: &[String],
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    store::profile::offer_of(&txn, event_id, company.id, offer_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    let mut errors = FieldErrors::new();
    if tokens.is_empty() {
        errors.add("files", "attach-error-none");
    }
    let existing = store::attachments::count_of_offer(&txn, event_id, offer_id).await?;
    if existing as usize + tokens.len() > limits.per_offer {
        errors.add("files", "attach-error-too-many");
    }
    if !errors.is_empty() {
        return Err(ProfileError::Invalid(errors));
    }
    for row in attach_claimed(&txn, event_id, offer_id, tokens, now).await? {
        record(
            &txn,
            &Actor::user(user),
            Change::<(), _> {
                event: Some(event_id),
                action: "create",
                entity: "offer_attachment",
                entity_id: row.id.to_string(),
                before: None,
                after: Some(&row),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Removes a file attached to an offer of the editor's company; its bytes are deleted.
pub async fn remove_attachment(
    db: &DatabaseConnection,
    files: &FileStore,
    user: &UserRow,
    event_id: EventId,
    attachment_id: i64,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    let row = store::attachments::find(&txn, event_id, attachment_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    store::profile::offer_of(&txn, event_id, company.id, row.offer_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    store::attachments::delete(&txn, event_id, row.id).await?;
    store::files::trash(&txn, std::slice::from_ref(&row.storage_key), now).await?;
    record(
        &txn,
        &Actor::user(user),
        Change::<_, ()> {
            event: Some(event_id),
            action: "delete",
            entity: "offer_attachment",
            entity_id: row.id.to_string(),
            before: Some(&row),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    crate::uploads::empty_trash(db, files).await?;
    Ok(())
}
