//! Erasure of an account and its personal data everywhere (REG-8).

use super::*;
use store::forms::Owner;

/// The texts that identify a person, longest first, as they appear inside JSON strings.
fn identifying_texts(user: &UserRow, registrations: &[ParticipantRow]) -> Vec<String> {
    let mut texts = vec![
        user.email.clone(),
        user.email_key.clone(),
        user.display_name.clone(),
    ];
    for p in registrations {
        texts.push(format!("{} {}", p.first_name, p.last_name));
        texts.push(p.last_name.clone());
        texts.push(p.phone.clone());
    }
    let mut texts: Vec<String> = texts
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| t.chars().count() >= 3)
        .map(|t| {
            let json = serde_json::to_string(&t).unwrap_or_default();
            json.trim_matches('"').to_string()
        })
        .collect();
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts.dedup();
    texts
}

fn scrub(text: &str, needles: &[String]) -> String {
    needles.iter().fold(text.to_string(), |acc, n| {
        acc.replace(n.as_str(), DELETED_LABEL)
    })
}

/// Erases the person's account and personal data everywhere (REG-8): registrations to every
/// event, consents, sessions, links, login failures, connection log, messages addressed to
/// them, and the account; a company left without anyone goes with its offers and their
/// attached files (bytes included). The audit trail keeps the actions with the person
/// replaced by "deleted participant".
pub async fn erase_account(
    db: &DatabaseConnection,
    files: &crate::files::FileStore,
    user: &UserRow,
) -> Result<(), ProfileError> {
    if user.is_principal_admin {
        return Err(ProfileError::Refused("private-error-erase-principal"));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let registrations = store::events::participations_of_user(&txn, UserId(user.id)).await?;
    let mut orphans = Vec::new();
    for p in &registrations {
        if let Some(company_id) = p.company_id {
            let people = store::registration::people(&txn, EventId(p.event_id), company_id).await?;
            if people.iter().all(|other| other.user_id == user.id) {
                orphans.push((EventId(p.event_id), company_id));
            }
        }
    }
    let needles = identifying_texts(user, &registrations);
    for row in store::profile::audit_mentioning(&txn, user.id, &needles).await? {
        let own = row.actor_user_id == Some(user.id);
        let label = if own {
            DELETED_LABEL.to_string()
        } else {
            scrub(&row.actor_label, &needles)
        };
        let actor_id = if own { None } else { row.actor_user_id };
        let before = row.before_json.as_deref().map(|t| scrub(t, &needles));
        let after = row.after_json.as_deref().map(|t| scrub(t, &needles));
        store::profile::rewrite_audit(&txn, &row, actor_id, &label, before, after).await?;
    }
    store::profile::delete_account_rows(&txn, user.id, &user.email, &user.email_key).await?;
    for message in store::profile::outbox_mentioning(&txn, &needles).await? {
        let subject = scrub(&message.subject, &needles);
        let body = scrub(&message.body_text, &needles);
        store::profile::rewrite_outbox(&txn, message.id, &subject, &body).await?;
    }
    for (event, company_id) in &orphans {
        let offers = store::attachments::offer_ids_of_company(&txn, *event, *company_id).await?;
        crate::attachments::trash_of_offers(&txn, *event, &offers, now).await?;
        crate::form_fields::trash_file_answers(&txn, *event, Owner::Company(*company_id), now)
            .await?;
        store::profile::delete_company(&txn, *event, *company_id).await?;
    }
    record(
        &txn,
        &Actor::system(DELETED_LABEL),
        Change::<(), ()> {
            event: None,
            action: "erased",
            entity: "account",
            entity_id: user.id.to_string(),
            before: None,
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    crate::uploads::empty_trash(db, files).await?;
    Ok(())
}
