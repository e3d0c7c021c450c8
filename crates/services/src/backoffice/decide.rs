//! Validation or refusal of one person or one offer of a company (BO-3). A refused person
//! or offer never appears in the public catalogue; the company's own decision stays
//! `registration::decide`. A person validated on their own once their company is validated
//! (someone added later, or refused then accepted) gets the same confirmation email as at the
//! company's validation, with the badge when the event attaches it (REG-7, CHK-1).

use super::{BackofficeError, Scope, check_scope};
use crate::Settings;
use crate::audit::{Actor, Change, record};
use crate::email_templates::Workflow;
use chrono::{DateTime, Utc};
use domain::EventId;
use store::registration::ParticipantRow;
use store::{ConnectionTrait, DatabaseConnection};

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
    settings: &Settings,
    actor: &Actor,
    scope: &Scope,
    (event, company_id): (EventId, i64),
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
            let newly_validated = validate && before.status != store::badges::VALIDATED;
            if let (true, Some(person)) = (newly_validated, &after) {
                confirm_person(&txn, settings, (event, company_id), person, now).await?;
            }
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

/// Sends one newly validated person the "validated" email of the event (badge link, programme,
/// badge attached as the event says), when their company is validated; in the caller's
/// transaction so the email leaves only if the decision is saved.
async fn confirm_person(
    db: &impl ConnectionTrait,
    settings: &Settings,
    (event_id, company_id): (EventId, i64),
    person: &ParticipantRow,
    now: DateTime<Utc>,
) -> Result<(), BackofficeError> {
    let Some(company) = store::registration::company(db, event_id, company_id).await? else {
        return Ok(());
    };
    if company.status != store::badges::VALIDATED {
        return Ok(());
    }
    let Some(event) = store::events::find(db, event_id).await? else {
        return Ok(());
    };
    let step = crate::event_day::badges::validated_step(db, event_id).await?;
    let base_url = settings.base_url();
    let wf = Workflow {
        base_url: &base_url,
        event: &event,
        company: &company.name,
    };
    crate::event_day::badges::send_step_to(db, &wf, &step, person, now).await?;
    Ok(())
}
