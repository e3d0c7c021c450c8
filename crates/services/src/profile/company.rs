//! The company, its offers and requests, and colleagues, edited by the company's editor.

use super::*;
use store::forms::Owner;

/// The company form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CompanyForm {
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// Postal address.
    pub address: String,
    /// Website (http or https).
    pub website: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// Every pair as posted, for the event's configurable fields (REG-3).
    #[serde(skip)]
    pub raw: Vec<(String, String)>,
}

impl CompanyForm {
    /// Reads the posted pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> CompanyForm {
        let get = |name: &str| crate::forms::posted(&pairs, name);
        CompanyForm {
            name: get("name"),
            city: get("city"),
            address: get("address"),
            website: get("website"),
            description_fr: get("description_fr"),
            description_en: get("description_en"),
            raw: pairs.into_iter().take(2_000).collect(),
        }
    }

    /// The form filled from the stored company.
    pub fn from_row(row: &CompanyRow) -> CompanyForm {
        CompanyForm {
            name: row.name.clone(),
            city: row.city.clone(),
            address: row.address.clone(),
            website: row.website.clone(),
            description_fr: row.description_fr.clone(),
            description_en: row.description_en.clone(),
            raw: Vec::new(),
        }
    }
}

/// Edits the company (its editor only).
pub async fn update_company(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    form: &CompanyForm,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let before = space.editor_company()?.clone();
    // The same rules as the registration form, from the event's form settings (REG-3).
    let design = crate::form_fields::load(&txn, event_id)
        .await?
        .without_files();
    let taxonomy = crate::taxonomy::load(&txn, event_id).await?;
    let typed = crate::registration::RegistrationForm {
        company_name: form.name.clone(),
        country: before.country.clone(),
        city: form.city.clone(),
        address: form.address.clone(),
        website: form.website.clone(),
        sector: before.sector.clone(),
        description_fr: form.description_fr.clone(),
        description_en: form.description_en.clone(),
        raw: form.raw.clone(),
        ..Default::default()
    };
    let mut errors = FieldErrors::new();
    let checked = crate::registration::check_company(&typed, &design, &taxonomy, &mut errors);
    if let Some(message) = errors.get("company_name").map(str::to_owned) {
        errors.add("name", &message);
    }
    if !errors.is_empty() {
        return Err(ProfileError::Invalid(errors));
    }
    let checked = checked.keeping_hidden(&design, &before);
    let fields = CompanyFields {
        name: &checked.name,
        city: &checked.city,
        address: &checked.address,
        website: &checked.website,
        description_fr: &checked.description_fr,
        description_en: &checked.description_en,
    };
    store::profile::update_company(&txn, event_id, before.id, fields).await?;
    let values_before = store::forms::values_of(&txn, event_id, Owner::Company(before.id)).await?;
    store::forms::replace_values(&txn, event_id, Owner::Company(before.id), &checked.values)
        .await?;
    let after = store::registration::company(&txn, event_id, before.id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change {
            event: Some(event_id),
            action: "update",
            entity: "company",
            entity_id: before.id.to_string(),
            before: Some(&(&before, values_before)),
            after: Some(&(after.as_ref(), &checked.values)),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An offer or request as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OfferForm {
    /// `offer` or `request`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Comma-separated keywords.
    pub keywords: String,
    /// Every pair as posted, for the event's configurable offer fields (REG-3).
    #[serde(skip)]
    pub raw: Vec<(String, String)>,
}

impl OfferForm {
    /// Reads the posted pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> OfferForm {
        let get = |name: &str| crate::forms::posted(&pairs, name);
        OfferForm {
            kind: get("kind"),
            title: get("title"),
            description: get("description"),
            keywords: get("keywords"),
            raw: pairs.into_iter().take(2_000).collect(),
        }
    }
}

pub(crate) fn parse_offer(form: &OfferForm) -> Result<[String; 4], ProfileError> {
    let mut errors = FieldErrors::new();
    if !["offer", "request"].contains(&form.kind.as_str()) {
        errors.add("kind", "error-required");
    }
    let title = required(&mut errors, "title", &form.title, 200);
    let description = optional(&mut errors, "description", &form.description, 3000);
    let keywords = optional(&mut errors, "keywords", &form.keywords, 500);
    if errors.is_empty() {
        Ok([form.kind.clone(), title, description, keywords])
    } else {
        Err(ProfileError::Invalid(errors))
    }
}

/// Checks an offer form: its columns, and the event's configurable offer fields (REG-3), which
/// organizers may leave empty. Reads the form settings, so call it before a write
/// transaction.
pub(crate) async fn check_offer(
    db: &DatabaseConnection,
    event_id: EventId,
    form: &OfferForm,
    by_organizers: bool,
) -> Result<([String; 4], Vec<(String, String)>), ProfileError> {
    let design = crate::form_fields::load(db, event_id).await?;
    let design = if by_organizers {
        design.for_organizers()
    } else {
        design
    };
    let taxonomy = crate::taxonomy::load(db, event_id).await?;
    let mut value_errors = FieldErrors::new();
    let values = design.read_values(
        crate::form_fields::Scope::Offer,
        "",
        &form.raw,
        "",
        &taxonomy,
        &mut value_errors,
    );
    match parse_offer(form) {
        Ok(parsed) if value_errors.is_empty() => Ok((parsed, values)),
        Ok(_) => Err(ProfileError::Invalid(value_errors)),
        Err(ProfileError::Invalid(mut errors)) => {
            for (field, message) in value_errors.iter() {
                errors.add(field, message);
            }
            Err(ProfileError::Invalid(errors))
        }
        Err(e) => Err(e),
    }
}

/// Adds (`offer_id` none) or edits an offer or request of the editor's company.
pub async fn save_offer(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    offer_id: Option<i64>,
    form: &OfferForm,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let ([kind, title, description, keywords], values) =
        check_offer(db, event_id, form, false).await?;
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    let before = match offer_id {
        Some(id) => Some(
            store::profile::offer_of(&txn, event_id, company.id, id)
                .await?
                .ok_or(ProfileError::NotFound)?,
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
            store::profile::update_offer(&txn, event_id, company.id, old.id, values).await?;
            store::profile::offer_of(&txn, event_id, company.id, old.id).await?
        }
        None => Some(
            store::registration::insert_offer(
                &txn,
                OfferRow {
                    id: 0,
                    event_id: event_id.0,
                    company_id: company.id,
                    kind,
                    title,
                    description,
                    keywords,
                    status: "pending".into(),
                    created_at: now,
                },
            )
            .await?,
        ),
    };
    let entity_id = after.as_ref().map(|o| o.id).unwrap_or_default();
    store::forms::replace_values(&txn, event_id, Owner::Offer(entity_id), &values).await?;
    record(
        &txn,
        &Actor::user(user),
        Change {
            event: Some(event_id),
            action: if before.is_some() { "update" } else { "create" },
            entity: "offer",
            entity_id: entity_id.to_string(),
            before: before.as_ref(),
            after: after.as_ref(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes an offer or request of the editor's company, with its attached files.
pub async fn delete_offer(
    db: &DatabaseConnection,
    files: &crate::files::FileStore,
    user: &UserRow,
    event_id: EventId,
    offer_id: i64,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    let before = store::profile::offer_of(&txn, event_id, company.id, offer_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    crate::attachments::trash_of_offers(&txn, event_id, &[offer_id], now).await?;
    store::profile::delete_offer(&txn, event_id, company.id, offer_id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change::<_, ()> {
            event: Some(event_id),
            action: "delete",
            entity: "offer",
            entity_id: offer_id.to_string(),
            before: Some(&before),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    crate::uploads::empty_trash(db, files).await?;
    Ok(())
}

/// A colleague as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ColleagueForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email (their login).
    pub email: String,
}

/// Adds a colleague to the editor's company. A new account gets a link valid 72 hours to
/// choose a password, sent through the outbox in the same transaction.
pub async fn add_colleague(
    db: &DatabaseConnection,
    settings: &Settings,
    user: &UserRow,
    event_id: EventId,
    form: &ColleagueForm,
    locale: Locale,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    let mut errors = FieldErrors::new();
    let first_name = required(&mut errors, "first_name", &form.first_name, 100);
    let last_name = required(&mut errors, "last_name", &form.last_name, 100);
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => Some(email),
        Err(_) => {
            errors.add("email", "error-email");
            None
        }
    };
    let existing = match &email {
        Some(email) => store::users::find_by_email_key(&txn, &email.lookup_key()).await?,
        None => None,
    };
    if let Some(existing) = &existing
        && store::registration::participant_of_user(&txn, event_id, existing.id)
            .await?
            .is_some()
    {
        errors.add("email", "error-already-registered");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(ProfileError::Invalid(errors));
    };
    let display = format!("{first_name} {last_name}");
    let account = match existing {
        Some(account) => account,
        None => {
            store::users::insert(
                &txn,
                NewUser {
                    email_key: &email.lookup_key(),
                    email: email.as_str(),
                    display_name: &display,
                    password_hash: None,
                    locale: locale.code(),
                    is_principal_admin: false,
                },
                now,
            )
            .await?
        }
    };
    let row = store::profile::insert_colleague(
        &txn,
        event_id,
        company.id,
        account.id,
        (&first_name, &last_name),
        &space.participant.status,
        now,
    )
    .await?;
    let event_name = if locale == Locale::En {
        space.event.name_en.clone()
    } else {
        space.event.name_fr.clone()
    };
    let mut args = vec![
        ("name", display.clone()),
        ("event", event_name),
        ("company", company.name.clone()),
        ("login", email.to_string()),
        ("url", format!("{}/login", settings.base_url())),
    ];
    let key = if account.password_hash.is_none() {
        let token = random_token();
        store::users::insert_token(
            &txn,
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
    let email_to = Email {
        to: email.to_string(),
        subject: t_args(locale, &format!("{key}-subject"), &args),
        body_text: t_args(locale, &format!("{key}-body"), &args),
        event_id: Some(event_id.0),
    };
    mail::enqueue(&txn, email_to, now).await?;
    record(
        &txn,
        &Actor::user(user),
        Change::<(), _> {
            event: Some(event_id),
            action: "create",
            entity: "participant",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(&row),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a colleague from the editor's company for this event; their account stays.
pub async fn remove_colleague(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    participant_id: i64,
) -> Result<(), ProfileError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let company = space.editor_company()?.clone();
    if participant_id == space.participant.id {
        return Err(ProfileError::Refused("private-error-remove-self"));
    }
    let people = store::registration::people(&txn, event_id, company.id).await?;
    let before = people
        .into_iter()
        .find(|p| p.id == participant_id)
        .ok_or(ProfileError::NotFound)?;
    store::profile::delete_colleague(&txn, event_id, company.id, participant_id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change::<_, ()> {
            event: Some(event_id),
            action: "delete",
            entity: "participant",
            entity_id: participant_id.to_string(),
            before: Some(&before),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
