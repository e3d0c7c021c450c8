//! Validation or refusal of one person or one offer of a company (BO-3). A refused person
//! or offer never appears in the public catalogue; the company's own decision stays
//! `registration::decide`.

use super::{BackofficeError, Scope, check_scope};
use crate::audit::{Actor, Change, record};
use chrono::Utc;
use domain::EventId;
use store::DatabaseConnection;

/// What is decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A person (participant id).
    Person(i64),
    /// An offer or request (offer id).
    Offer(i64),
}

/// Validates (`true`) or refuses (`false`) one person or offer of a company, audited.
pub async fn decide_item(
    db: &DatabaseConnection,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    item: Item,
    validate: bool,
) -> Result<(), BackofficeError> {
    let status = if validate { "validated" } else { "refused" };
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    check_scope(&txn, scope, event, company_id).await?;
    match item {
        Item::Person(id) => {
            let before = store::backoffice::person(&txn, event, company_id, id)
                .await?
                .ok_or(BackofficeError::NotFound)?;
            store::backoffice::set_person_status(&txn, event, company_id, id, status).await?;
            let after = store::backoffice::person(&txn, event, company_id, id).await?;
            let change = Change {
                event: Some(event),
                action: status,
                entity: "participant",
                entity_id: id.to_string(),
                before: Some(&before),
                after: after.as_ref(),
            };
            record(&txn, actor, change, now).await?;
        }
        Item::Offer(id) => {
            let before = store::profile::offer_of(&txn, event, company_id, id)
                .await?
                .ok_or(BackofficeError::NotFound)?;
            store::backoffice::set_offer_status(&txn, event, company_id, id, status).await?;
            let after = store::profile::offer_of(&txn, event, company_id, id).await?;
            let change = Change {
                event: Some(event),
                action: status,
                entity: "offer",
                entity_id: id.to_string(),
                before: Some(&before),
                after: after.as_ref(),
            };
            record(&txn, actor, change, now).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
