//! Edits of any part of a registration by the organizers (BO-5, REG-10): the company, its
//! people and its offers, adding and removing them. The rules are those of the public form
//! (`registration::check_company`, `registration::parse_people`) and of the private area
//! (`profile::parse_offer`): nothing is checked twice in two ways.

use super::{BackofficeError, Scope, check_scope};
use crate::Settings;
use crate::audit::{Actor, record_deleted, record_saved};
use crate::forms::FieldErrors;
use crate::i18n::t_args;
use crate::mail::{self, Email};
use crate::profile::{OfferForm, ProfileError};
use crate::registration::{PersonForm, RegistrationForm};
use crate::security::{random_token, token_hash};
use chrono::{Duration, Utc};
use domain::{EventId, Locale, UserId};
use store::DatabaseConnection;
use store::profile::PersonFields;
use store::registration::OfferRow;
use store::users::NewUser;

/// Saves the company's fields (names as in the public form: `company_name`, `country`…).
/// Returns whether the VAT number changed, so that the caller checks it again.
pub async fn update_company(
    db: &DatabaseConnection,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    form: &RegistrationForm,
) -> Result<bool, BackofficeError> {
    let now = Utc::now();
    let design = crate::form_fields::load(db, event)
        .await?
        .for_organizers()
        .without_files();
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let mut errors = FieldErrors::new();
    let checked = crate::registration::check_company(form, &design, &taxonomy, &mut errors);
    if !errors.is_empty() {
        return Err(BackofficeError::Invalid(errors));
    }
    let txn = store::begin_write(db).await?;
    let before = check_scope(&txn, scope, event, company_id).await?;
    let checked = checked.keeping_hidden(&design, &before);
    let owner = store::forms::Owner::Company(company_id);
    let values_before = store::forms::values_of(&txn, event, owner).await?;
    store::forms::replace_values(&txn, event, owner, &checked.values).await?;
    let after = store::events::CompanyRow {
        name: checked.name,
        country: form.country.clone(),
        city: checked.city,
        address: checked.address,
        website: checked.website,
        sector: checked.sector,
        description_fr: checked.description_fr,
        description_en: checked.description_en,
        vat_country: checked
            .vat
            .as_ref()
            .map(|v| v.country().to_string())
            .unwrap_or_default(),
        vat_number: checked
            .vat
            .as_ref()
            .map(|v| v.number().to_string())
            .unwrap_or_default(),
        ..before.clone()
    };
    store::backoffice::update_company(&txn, event, &after).await?;
    record_saved(
        &txn,
        actor,
        event,
        ("company", company_id),
        Some(&(&before, values_before)),
        &(&after, &checked.values),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after.vat_number != before.vat_number || after.vat_country != before.vat_country)
}

/// Renames the `p0_` fields of the public form's person checks to the single-person form's.
fn unprefixed(errors: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        out.add(field.strip_prefix("p0_").unwrap_or(field), message);
    }
    out
}

/// Adds (`participant_id` none) or edits a person of the company. The email is the
/// person's login: it must be free, and the login of an account used elsewhere (another
/// event, the team) is never changed from here. A new account gets a link to choose its
/// password, like a colleague added by the company.
#[allow(clippy::too_many_arguments)]
pub async fn save_person(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    participant_id: Option<i64>,
    (form, editor): (&PersonForm, bool),
) -> Result<(), BackofficeError> {
    let now = Utc::now();
    let mut errors = FieldErrors::new();
    let one = RegistrationForm {
        people: vec![form.clone()],
        ..RegistrationForm::default()
    };
    let design = crate::form_fields::load(db, event).await?.for_organizers();
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let parsed = crate::registration::parse_people(&one, &design, &taxonomy, &mut errors);
    let (Some(person), true) = (parsed.into_iter().next(), errors.is_empty()) else {
        return Err(BackofficeError::Invalid(unprefixed(errors)));
    };
    let txn = store::begin_write(db).await?;
    let company = check_scope(&txn, scope, event, company_id).await?;
    let before = match participant_id {
        Some(id) => Some(
            store::backoffice::person(&txn, event, company_id, id)
                .await?
                .ok_or(BackofficeError::NotFound)?,
        ),
        None => None,
    };
    let key = person.email.lookup_key();
    let owner = store::users::find_by_email_key(&txn, &key).await?;
    let mut errors = FieldErrors::new();
    let fields = PersonFields {
        first_name: &person.first_name,
        last_name: &person.last_name,
        job_title: &person.job_title,
        phone: &person.phone,
        is_company_editor: Some(editor),
    };
    let saved = match &before {
        Some(old) => {
            match &owner {
                Some(other) if other.id != old.user_id => {
                    errors.add("email", "backoffice-error-email-taken");
                }
                Some(_) => {}
                None => {
                    let account = store::users::find(&txn, UserId(old.user_id)).await?;
                    let shared = match &account {
                        Some(a) => {
                            a.is_principal_admin
                                || !store::events::roles_of_user(&txn, UserId(a.id))
                                    .await?
                                    .is_empty()
                                || store::backoffice::participations_count(&txn, a.id).await? > 1
                        }
                        None => true,
                    };
                    if shared {
                        errors.add("email", "backoffice-error-email-shared");
                    } else {
                        let pair = (person.email.as_str(), key.as_str());
                        store::backoffice::set_user_email(&txn, old.user_id, pair, now).await?;
                    }
                }
            }
            if !errors.is_empty() {
                return Err(BackofficeError::Invalid(errors));
            }
            // The person was found in this company of this event just above.
            store::profile::update_person(&txn, event, old.id, fields).await?;
            store::backoffice::person(&txn, event, company_id, old.id).await?
        }
        None => {
            if let Some(other) = &owner
                && store::registration::participant_of_user(&txn, event, other.id)
                    .await?
                    .is_some()
            {
                errors.add("email", "error-already-registered");
                return Err(BackofficeError::Invalid(errors));
            }
            let display = format!("{} {}", person.first_name, person.last_name);
            let account = match owner {
                Some(account) => account,
                None => {
                    let new = NewUser {
                        email_key: &key,
                        email: person.email.as_str(),
                        display_name: &display,
                        password_hash: None,
                        locale: Locale::default().code(),
                        is_principal_admin: false,
                    };
                    store::users::insert(&txn, new, now).await?
                }
            };
            let people = store::registration::people(&txn, event, company_id).await?;
            let coorganizer = scope
                .coorganizer()
                .or_else(|| people.iter().find_map(|p| p.coorganizer_user_id));
            let row = store::events::ParticipantRow {
                id: 0,
                event_id: event.0,
                user_id: account.id,
                company_id: Some(company_id),
                kind: "participant".into(),
                status: company.status.clone(),
                job_title_fr: person.job_title.clone(),
                job_title_en: person.job_title.clone(),
                created_at: now,
                first_name: person.first_name.clone(),
                last_name: person.last_name.clone(),
                phone: person.phone.clone(),
                is_company_editor: editor,
                coorganizer_user_id: coorganizer,
            };
            let row = store::events::insert_participant(&txn, row).await?;
            welcome(&txn, settings, (event, &company.name), &account, &display).await?;
            Some(row)
        }
    };
    let id = saved.as_ref().map(|p| p.id).unwrap_or_default();
    record_saved(
        &txn,
        actor,
        event,
        ("participant", id),
        before.as_ref(),
        &saved,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tells a person added by the organizers, in their language, with a link to choose a
/// password when their account has none.
async fn welcome(
    txn: &impl store::ConnectionTrait,
    settings: &Settings,
    (event, company): (EventId, &str),
    account: &store::users::UserRow,
    display: &str,
) -> Result<(), BackofficeError> {
    let now = Utc::now();
    let locale = Locale::parse(&account.locale).unwrap_or_default();
    let event_row = store::events::find(txn, event)
        .await?
        .ok_or(BackofficeError::NotFound)?;
    let event_name = if locale == Locale::En {
        event_row.name_en
    } else {
        event_row.name_fr
    };
    let mut args = vec![
        ("name", display.to_string()),
        ("event", event_name),
        ("company", company.to_string()),
        ("login", account.email.clone()),
        ("url", format!("{}/login", settings.base_url())),
    ];
    let key = if account.password_hash.is_none() {
        let token = random_token();
        store::users::insert_token(
            txn,
            Some(UserId(account.id)),
            "reset",
            &token_hash(&token),
            now + Duration::hours(crate::registration::COLLEAGUE_LINK_HOURS),
            now,
        )
        .await?;
        args.push((
            "link",
            format!("{}/password/reset/{token}", settings.base_url()),
        ));
        "private-mail-colleague-link"
    } else {
        "private-mail-colleague"
    };
    let email = Email {
        to: account.email.clone(),
        subject: t_args(locale, &format!("{key}-subject"), &args),
        body_text: t_args(locale, &format!("{key}-body"), &args),
        event_id: Some(event.0),
    };
    mail::enqueue(txn, email, now).await?;
    Ok(())
}

/// Removes a person from the company for this event (their account stays). The last
/// person of a company cannot be removed: refuse the company instead.
pub async fn remove_person(
    db: &DatabaseConnection,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    participant_id: i64,
) -> Result<(), BackofficeError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    check_scope(&txn, scope, event, company_id).await?;
    let people = store::registration::people(&txn, event, company_id).await?;
    let before = people
        .iter()
        .find(|p| p.id == participant_id)
        .cloned()
        .ok_or(BackofficeError::NotFound)?;
    if people.len() == 1 {
        return Err(BackofficeError::Refused("backoffice-error-last-person"));
    }
    store::profile::delete_colleague(&txn, event, company_id, participant_id).await?;
    record_deleted(
        &txn,
        actor,
        event,
        ("participant", participant_id),
        &before,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds (`offer_id` none) or edits an offer or request of the company. A new one takes the
/// company's status.
pub async fn save_offer(
    db: &DatabaseConnection,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    offer_id: Option<i64>,
    form: &OfferForm,
) -> Result<(), BackofficeError> {
    let ([kind, title, description, keywords], answers) =
        crate::profile::check_offer(db, event, form, true)
            .await
            .map_err(|e| match e {
                ProfileError::Invalid(errors) => BackofficeError::Invalid(errors),
                ProfileError::Internal(e) => BackofficeError::Internal(e),
                _ => BackofficeError::NotFound,
            })?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let company = check_scope(&txn, scope, event, company_id).await?;
    let before = match offer_id {
        Some(id) => Some(
            store::profile::offer_of(&txn, event, company_id, id)
                .await?
                .ok_or(BackofficeError::NotFound)?,
        ),
        None => None,
    };
    let after = match &before {
        Some(old) => {
            let values = [
                kind.as_str(),
                title.as_str(),
                description.as_str(),
                keywords.as_str(),
            ];
            store::profile::update_offer(&txn, event, company_id, old.id, values).await?;
            store::profile::offer_of(&txn, event, company_id, old.id).await?
        }
        None => {
            let row = OfferRow {
                id: 0,
                event_id: event.0,
                company_id,
                kind,
                title,
                description,
                keywords,
                status: company.status.clone(),
                created_at: now,
            };
            Some(store::registration::insert_offer(&txn, row).await?)
        }
    };
    let id = after.as_ref().map(|o| o.id).unwrap_or_default();
    store::forms::replace_values(&txn, event, store::forms::Owner::Offer(id), &answers).await?;
    record_saved(
        &txn,
        actor,
        event,
        ("offer", id),
        before.as_ref(),
        &after,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes an offer or request of the company, with its attached files.
pub async fn delete_offer(
    db: &DatabaseConnection,
    files: &crate::files::FileStore,
    actor: &Actor,
    scope: &Scope,
    event: EventId,
    company_id: i64,
    offer_id: i64,
) -> Result<(), BackofficeError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    check_scope(&txn, scope, event, company_id).await?;
    let before = store::profile::offer_of(&txn, event, company_id, offer_id)
        .await?
        .ok_or(BackofficeError::NotFound)?;
    crate::attachments::trash_of_offers(&txn, event, &[offer_id], now).await?;
    store::profile::delete_offer(&txn, event, company_id, offer_id).await?;
    record_deleted(&txn, actor, event, ("offer", offer_id), &before, now).await?;
    txn.commit().await?;
    // The files go once the deletion is committed; the worker retries what fails here.
    if let Err(e) = crate::uploads::empty_trash(db, files).await {
        tracing::warn!(error = %e, "attachment files left in the trash");
    }
    Ok(())
}
