//! The participant's private area for one event (PRV-2): own profile, the company and its
//! offers and requests (company editors only), colleagues; and the personal-data rights of
//! REG-8: download of one's own data and erasure of the account.
//!
//! Every function starts from the logged-in account and the event id and loads the person's
//! registration to that event: ids typed into a URL are then looked up inside that
//! registration's company only, so they can never reach another company's rows.

use crate::audit::{Actor, Change, record};
use crate::forms::{FieldErrors, optional, optional_url, required};
use crate::i18n::t_args;
use crate::mail::{self, Email};
use crate::security::{random_token, token_hash};
use crate::{InternalError, Settings};
use chrono::{Duration, Utc};
use domain::{EmailAddress, EventId, Locale, UserId};
use serde::Serialize;
use store::DatabaseConnection;
use store::events::{CompanyRow, EventRow, ParticipantRow};
use store::profile::{CompanyFields, PersonFields};
use store::registration::OfferRow;
use store::users::{NewUser, UserRow};

/// What replaces an erased person's identity in the audit trail.
pub const DELETED_LABEL: &str = "deleted participant";

/// Failure of a private-area action.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Input errors to show on the form (field names without prefix).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Not a participant of this event, or an id outside the person's company.
    #[error("not found")]
    NotFound,
    /// The person may not do this (not the company's editor).
    #[error("forbidden")]
    Forbidden,
    /// Refused with a message id to show.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<store::DbErr> for ProfileError {
    fn from(e: store::DbErr) -> Self {
        ProfileError::Internal(e.into())
    }
}

/// The person's registration to one event, with the event and the company.
#[derive(Debug, Clone)]
pub struct MySpace {
    /// The event.
    pub event: EventRow,
    /// The person's registration.
    pub participant: ParticipantRow,
    /// Their company, if any.
    pub company: Option<CompanyRow>,
}

impl MySpace {
    /// Whether the person edits the company.
    pub fn is_editor(&self) -> bool {
        self.participant.is_company_editor && self.company.is_some()
    }

    fn editor_company(&self) -> Result<&CompanyRow, ProfileError> {
        match &self.company {
            Some(company) if self.participant.is_company_editor => Ok(company),
            _ => Err(ProfileError::Forbidden),
        }
    }
}

/// Loads the person's registration to the event; `NotFound` when they have none.
pub async fn my_space(
    db: &impl store::ConnectionTrait,
    user: &UserRow,
    event_id: EventId,
) -> Result<MySpace, ProfileError> {
    let event = store::events::find(db, event_id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    let participant = store::registration::participant_of_user(db, event_id, user.id)
        .await?
        .ok_or(ProfileError::NotFound)?;
    let company = match participant.company_id {
        Some(id) => store::registration::company(db, event_id, id).await?,
        None => None,
    };
    Ok(MySpace {
        event,
        participant,
        company,
    })
}

/// The profile form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title.
    pub job_title: String,
    /// Phone.
    pub phone: String,
}

/// Checks a phone number: digits with spaces, dots, dashes, brackets and a leading `+`.
fn phone(errors: &mut FieldErrors, raw: &str) -> String {
    let value = raw.trim().to_string();
    if value.is_empty() {
        return value;
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if !allowed || !(6..=20).contains(&digits) || value.chars().count() > 40 {
        errors.add("phone", "private-error-phone");
    }
    value
}

/// Edits the person's own name, job title and phone on their registration.
pub async fn update_profile(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    form: &ProfileForm,
) -> Result<(), ProfileError> {
    let mut errors = FieldErrors::new();
    let first_name = required(&mut errors, "first_name", &form.first_name, 100);
    let last_name = required(&mut errors, "last_name", &form.last_name, 100);
    let job_title = optional(&mut errors, "job_title", &form.job_title, 150);
    let phone = phone(&mut errors, &form.phone);
    if !errors.is_empty() {
        return Err(ProfileError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let space = my_space(&txn, user, event_id).await?;
    let fields = PersonFields {
        first_name: &first_name,
        last_name: &last_name,
        job_title: &job_title,
        phone: &phone,
    };
    store::profile::update_person(&txn, event_id, space.participant.id, fields).await?;
    let after = store::registration::participant_of_user(&txn, event_id, user.id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change {
            event: Some(event_id),
            action: "update",
            entity: "participant",
            entity_id: space.participant.id.to_string(),
            before: Some(&space.participant),
            after: after.as_ref(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

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
}

impl CompanyForm {
    /// The form filled from the stored company.
    pub fn from_row(row: &CompanyRow) -> CompanyForm {
        CompanyForm {
            name: row.name.clone(),
            city: row.city.clone(),
            address: row.address.clone(),
            website: row.website.clone(),
            description_fr: row.description_fr.clone(),
            description_en: row.description_en.clone(),
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
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", &form.name, 200);
    let city = required(&mut errors, "city", &form.city, 100);
    let address = optional(&mut errors, "address", &form.address, 500);
    let website = optional_url(&mut errors, "website", &form.website);
    let description_fr = optional(&mut errors, "description_fr", &form.description_fr, 3000);
    let description_en = optional(&mut errors, "description_en", &form.description_en, 3000);
    if description_fr.is_empty() && description_en.is_empty() {
        errors.add("description_fr", "error-description-required");
    }
    if !errors.is_empty() {
        return Err(ProfileError::Invalid(errors));
    }
    let fields = CompanyFields {
        name: &name,
        city: &city,
        address: &address,
        website: &website,
        description_fr: &description_fr,
        description_en: &description_en,
    };
    store::profile::update_company(&txn, event_id, before.id, fields).await?;
    let after = store::registration::company(&txn, event_id, before.id).await?;
    record(
        &txn,
        &Actor::user(user),
        Change {
            event: Some(event_id),
            action: "update",
            entity: "company",
            entity_id: before.id.to_string(),
            before: Some(&before),
            after: after.as_ref(),
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
}

fn parse_offer(form: &OfferForm) -> Result<[String; 4], ProfileError> {
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

/// Adds (`offer_id` none) or edits an offer or request of the editor's company.
pub async fn save_offer(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
    offer_id: Option<i64>,
    form: &OfferForm,
) -> Result<(), ProfileError> {
    let now = Utc::now();
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
    let [kind, title, description, keywords] = parse_offer(form)?;
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
                    created_at: now,
                },
            )
            .await?,
        ),
    };
    let entity_id = after.as_ref().map(|o| o.id).unwrap_or_default();
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

/// Deletes an offer or request of the editor's company.
pub async fn delete_offer(
    db: &DatabaseConnection,
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

/// The account part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct AccountData {
    /// Login email.
    pub email: String,
    /// Name shown.
    pub display_name: String,
    /// Language.
    pub locale: String,
    /// Creation date.
    pub created_at: String,
}

/// The registration part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantData {
    /// Event id.
    pub event_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title.
    pub job_title: String,
    /// Phone.
    pub phone: String,
    /// Registration status.
    pub status: String,
    /// Whether the person edits the company.
    pub company_editor: bool,
    /// Registration date.
    pub created_at: String,
}

/// The company part of a data download.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyData {
    /// Name.
    pub name: String,
    /// Country code.
    pub country: String,
    /// City.
    pub city: String,
    /// Address.
    pub address: String,
    /// Website.
    pub website: String,
    /// Sector code.
    pub sector: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// VAT number with its country.
    pub vat_number: String,
    /// Registration status.
    pub status: String,
    /// Refusal reason, if refused.
    pub refusal_reason: String,
}

/// One offer or request in a data download.
#[derive(Debug, Clone, Serialize)]
pub struct OfferData {
    /// `offer` or `request`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Keywords.
    pub keywords: String,
}

/// One consent in a data download.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentData {
    /// Event id.
    pub event_id: i64,
    /// Version (hash) of the notice accepted.
    pub notice_version: String,
    /// Date of the consent.
    pub given_at: String,
}

/// Everything the platform holds about the person for one event (REG-8).
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    /// The account.
    pub account: AccountData,
    /// The registration.
    pub participant: ParticipantData,
    /// The company.
    pub company: Option<CompanyData>,
    /// The company's offers and requests.
    pub offers: Vec<OfferData>,
    /// Consents given.
    pub consents: Vec<ConsentData>,
}

/// Collects the person's own data for one event; never anyone else's.
pub async fn personal_data(
    db: &DatabaseConnection,
    user: &UserRow,
    event_id: EventId,
) -> Result<PersonalData, ProfileError> {
    let space = my_space(db, user, event_id).await?;
    let p = &space.participant;
    let offers = match &space.company {
        Some(c) => store::registration::offers_of(db, event_id, c.id).await?,
        None => Vec::new(),
    };
    let consents = store::profile::consents_of_user(db, user.id).await?;
    Ok(PersonalData {
        account: AccountData {
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            locale: user.locale.clone(),
            created_at: user.created_at.to_rfc3339(),
        },
        participant: ParticipantData {
            event_id: p.event_id,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            job_title: p.job_title_fr.clone(),
            phone: p.phone.clone(),
            status: p.status.clone(),
            company_editor: p.is_company_editor,
            created_at: p.created_at.to_rfc3339(),
        },
        company: space.company.as_ref().map(|c| CompanyData {
            name: c.name.clone(),
            country: c.country.clone(),
            city: c.city.clone(),
            address: c.address.clone(),
            website: c.website.clone(),
            sector: c.sector.clone(),
            description_fr: c.description_fr.clone(),
            description_en: c.description_en.clone(),
            vat_number: format!("{} {}", c.vat_country, c.vat_number)
                .trim()
                .to_string(),
            status: c.status.clone(),
            refusal_reason: c.refusal_reason.clone(),
        }),
        offers: offers
            .into_iter()
            .map(|o| OfferData {
                kind: o.kind,
                title: o.title,
                description: o.description,
                keywords: o.keywords,
            })
            .collect(),
        consents: consents
            .into_iter()
            .map(|c| ConsentData {
                event_id: c.event_id,
                notice_version: c.notice_version,
                given_at: c.created_at.to_rfc3339(),
            })
            .collect(),
    })
}

/// One CSV cell: quoted when needed; a leading `=`, `+`, `-` or `@` is neutralised so that
/// a spreadsheet never runs it as a formula.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The data as CSV for French Excel: UTF-8 BOM, `;` separators, one `section;field;value`
/// line per value.
pub fn to_csv(data: &PersonalData) -> String {
    let mut lines: Vec<[String; 3]> = Vec::new();
    let mut push = |section: &str, value: serde_json::Value| {
        if let serde_json::Value::Object(map) = value {
            for (field, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                lines.push([section.to_string(), field, text]);
            }
        }
    };
    push("account", serde_json::json!(data.account));
    push("participant", serde_json::json!(data.participant));
    if let Some(company) = &data.company {
        push("company", serde_json::json!(company));
    }
    for (i, offer) in data.offers.iter().enumerate() {
        push(&format!("offer {}", i + 1), serde_json::json!(offer));
    }
    for (i, consent) in data.consents.iter().enumerate() {
        push(&format!("consent {}", i + 1), serde_json::json!(consent));
    }
    let mut out = String::from("\u{feff}section;field;value\r\n");
    for [a, b, c] in lines {
        out.push_str(&format!("{};{};{}\r\n", cell(&a), cell(&b), cell(&c)));
    }
    out
}

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
/// them, and the account; a company left without anyone goes with its offers. The audit
/// trail keeps the actions with the person replaced by "deleted participant".
pub async fn erase_account(db: &DatabaseConnection, user: &UserRow) -> Result<(), ProfileError> {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_neutralised() {
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("dit \"x\""), "\"dit \"\"x\"\"\"");
    }

    #[test]
    fn phone_numbers_are_checked() {
        let mut errors = FieldErrors::new();
        phone(&mut errors, "+33 6 12 34 56 78");
        assert!(errors.is_empty());
        phone(&mut errors, "appelez-moi");
        assert_eq!(errors.get("phone"), Some("private-error-phone"));
    }
}
