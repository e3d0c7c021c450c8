//! Automatic assignment of participants to co-organizers (REG-10): by the company's country,
//! or by the invitation link a partner shares. The assigned co-organizer receives the
//! registration emails in copy.

use crate::InternalError;
use crate::audit::{Actor, Change, record, record_deleted};
use crate::forms::FieldErrors;
use chrono::Utc;
use domain::{EventId, UserId};
use store::DatabaseConnection;

/// Kinds of rules.
pub const RULE_KINDS: [&str; 2] = ["country", "invitation"];

/// The rule form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RuleForm {
    /// `country` or `invitation`.
    pub rule_kind: String,
    /// Country code for a country rule.
    pub country: String,
    /// The co-organizer's account id (a member of the event's team).
    pub coorganizer: String,
}

/// Failure of a rule action.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// Input errors.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown rule.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(RuleError);

/// Adds a rule; an invitation rule gets a fresh unguessable token for its link.
pub async fn add_rule(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &RuleForm,
) -> Result<(), RuleError> {
    let mut errors = FieldErrors::new();
    if !RULE_KINDS.contains(&form.rule_kind.as_str()) {
        errors.add("rule_kind", "error-required");
    }
    if form.rule_kind == "country" && !domain::countries::is_known(&form.country) {
        errors.add("country", "error-country");
    }
    let coorganizer = form.coorganizer.trim().parse::<i64>().ok();
    let member = match coorganizer {
        Some(id) => store::events::role_of(db, event, UserId(id)).await?,
        None => None,
    };
    if member.is_none() {
        errors.add("coorganizer", "error-coorganizer");
    }
    let (Some(coorganizer), true) = (coorganizer, errors.is_empty()) else {
        return Err(RuleError::Invalid(errors));
    };
    let value = if form.rule_kind == "country" {
        form.country.clone()
    } else {
        crate::security::random_token()[..16].to_string()
    };
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let rule =
        store::assignment::insert(&txn, event, &form.rule_kind, &value, coorganizer, now).await?;
    record(
        &txn,
        actor,
        Change::<(), _> {
            event: Some(event),
            action: "create",
            entity: "assignment_rule",
            entity_id: rule.id.to_string(),
            before: None,
            after: Some(&rule),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a rule of the event.
pub async fn delete_rule(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    id: i64,
) -> Result<(), RuleError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let removed = store::assignment::delete(&txn, event, id)
        .await?
        .ok_or(RuleError::NotFound)?;
    record_deleted(&txn, actor, event, ("assignment_rule", id), &removed, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The co-organizer for a new registration: the invitation link's rule first, then the
/// first rule for the company's country.
pub async fn coorganizer_for(
    db: &impl store::ConnectionTrait,
    event: EventId,
    country: &str,
    invitation: &str,
) -> Result<Option<i64>, store::DbErr> {
    let rules = store::assignment::rules(db, event).await?;
    let by_link = rules.iter().find(|r| {
        r.rule_kind == "invitation"
            && !invitation.is_empty()
            && crate::security::constant_time_eq(&r.value, invitation)
    });
    let by_country = rules
        .iter()
        .find(|r| r.rule_kind == "country" && r.value == country);
    Ok(by_link.or(by_country).map(|r| r.coorganizer_user_id))
}
