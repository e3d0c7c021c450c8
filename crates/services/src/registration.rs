//! Registration of a company to an event with its people and its offers and requests
//! (REG-1, REG-2, REG-5, REG-6, REG-8), and its validation by the organizers (BO-3).

use crate::audit::{Actor, Change, record};
use crate::forms::{FieldErrors, optional, optional_url, required};
use crate::i18n::t_args;
use crate::mail::{self, Email};
use crate::security::{hash_password, random_token, token_hash};
use crate::{InternalError, Settings};
use chrono::{DateTime, Duration, Utc};
use domain::password::{AccountStrength, PasswordContext, check_password};
use domain::{EmailAddress, EventId, Locale, Permission, UserId};
use store::DatabaseConnection;
use store::events::{CompanyRow, EventRow, ParticipantRow};
use store::registration::OfferRow;
use store::users::NewUser;

/// How many people and offers the form shows.
pub const PEOPLE_SLOTS: usize = 3;
/// How many offers and requests the form shows.
pub const OFFER_SLOTS: usize = 3;
/// Lifetime of the link a colleague receives to choose a password.
pub const COLLEAGUE_LINK_HOURS: i64 = 72;

/// Business sectors offered in the form (configurable taxonomies come later).
pub const SECTORS: [&str; 11] = [
    "agrifood",
    "renewable_energy",
    "water",
    "textile",
    "aeronautics",
    "digital",
    "logistics",
    "tourism",
    "building",
    "health",
    "other",
];

/// One person as typed.
#[derive(Debug, Clone, Default)]
pub struct PersonForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email (their login).
    pub email: String,
    /// Job title.
    pub job_title: String,
    /// Phone.
    pub phone: String,
}

/// One offer or request as typed.
#[derive(Debug, Clone, Default)]
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

/// The whole registration form as typed, shown again with errors.
#[derive(Debug, Clone, Default)]
pub struct RegistrationForm {
    /// Company name.
    pub company_name: String,
    /// ISO country code.
    pub country: String,
    /// City.
    pub city: String,
    /// Postal address.
    pub address: String,
    /// Website.
    pub website: String,
    /// Sector code.
    pub sector: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// Country of the VAT number.
    pub vat_country: String,
    /// VAT number.
    pub vat_number: String,
    /// The people; the first one is the contact who edits the company.
    pub people: Vec<PersonForm>,
    /// Offers and requests.
    pub offers: Vec<OfferForm>,
    /// The first person's password.
    pub password: String,
    /// Confirmation.
    pub password_confirm: String,
    /// Consent to the privacy notice.
    pub consent: bool,
    /// One-time key against double submissions.
    pub idempotency_key: String,
    /// The invitation token of a partner's link (REG-10), if the visitor came through one.
    pub via: String,
}

impl RegistrationForm {
    /// An empty form with its slots and a fresh one-time key.
    pub fn blank() -> RegistrationForm {
        RegistrationForm {
            people: vec![PersonForm::default(); PEOPLE_SLOTS],
            offers: (0..OFFER_SLOTS)
                .map(|i| OfferForm {
                    kind: if i == 1 {
                        "request".into()
                    } else {
                        "offer".into()
                    },
                    ..OfferForm::default()
                })
                .collect(),
            idempotency_key: random_token(),
            ..RegistrationForm::default()
        }
    }

    /// Reads the posted fields (`p0_email`, `o1_title`…).
    pub fn from_pairs(pairs: &[(String, String)]) -> RegistrationForm {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        RegistrationForm {
            company_name: get("company_name"),
            country: get("country"),
            city: get("city"),
            address: get("address"),
            website: get("website"),
            sector: get("sector"),
            description_fr: get("description_fr"),
            description_en: get("description_en"),
            vat_country: get("vat_country"),
            vat_number: get("vat_number"),
            people: (0..PEOPLE_SLOTS)
                .map(|i| PersonForm {
                    first_name: get(&format!("p{i}_first_name")),
                    last_name: get(&format!("p{i}_last_name")),
                    email: get(&format!("p{i}_email")),
                    job_title: get(&format!("p{i}_job_title")),
                    phone: get(&format!("p{i}_phone")),
                })
                .collect(),
            offers: (0..OFFER_SLOTS)
                .map(|i| OfferForm {
                    kind: get(&format!("o{i}_kind")),
                    title: get(&format!("o{i}_title")),
                    description: get(&format!("o{i}_description")),
                    keywords: get(&format!("o{i}_keywords")),
                })
                .collect(),
            password: get("password"),
            password_confirm: get("password_confirm"),
            consent: get("consent") == "on",
            idempotency_key: get("idempotency_key"),
            via: get("via").chars().take(64).collect(),
        }
    }
}

/// Failure of a registration.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Registration is not open (before opening, after the deadline, unpublished).
    #[error("registration closed")]
    Closed,
    /// Unknown event or company.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(RegistrationError);

/// The privacy notice shown under the form: the event's own text, or the default one.
pub fn privacy_notice(event: &EventRow, locale: Locale) -> String {
    crate::privacy::notice(event, locale)
}

fn notice_version(text: &str) -> String {
    crate::privacy::version(text)
}

/// The VAT number, checked for format when given (REG-4). Its country defaults to the
/// company's; the live VIES check runs after the registration is saved.
fn parse_vat(form: &RegistrationForm, errors: &mut FieldErrors) -> Option<domain::vat::VatNumber> {
    if form.vat_number.trim().is_empty() {
        return None;
    }
    let country = if form.vat_country.trim().is_empty() {
        form.country.as_str()
    } else {
        form.vat_country.as_str()
    };
    match domain::vat::VatNumber::parse(country, &form.vat_number) {
        Ok(vat) => Some(vat),
        Err(e) => {
            errors.add("vat_number", e.message_id());
            None
        }
    }
}

/// Checks a registered company's VAT number against VIES and stores the trace. Meant to
/// run after the answer is sent: VIES may be slow; "unavailable" is retried by the worker.
pub async fn verify_vat(
    db: &DatabaseConnection,
    settings: &Settings,
    event: EventId,
    company_id: i64,
) -> Result<(), InternalError> {
    let Some(company) = store::registration::company(db, event, company_id).await? else {
        return Ok(());
    };
    if company.vat_number.is_empty() {
        return Ok(());
    }
    if let Ok(vat) = domain::vat::VatNumber::parse(&company.vat_country, &company.vat_number) {
        crate::vies::check_and_record(db, settings, Some(event), Some(company_id), &vat).await?;
    }
    Ok(())
}

struct ParsedPerson {
    first_name: String,
    last_name: String,
    email: EmailAddress,
    job_title: String,
    phone: String,
}

fn parse_people(form: &RegistrationForm, errors: &mut FieldErrors) -> Vec<ParsedPerson> {
    let mut people = Vec::new();
    let mut seen = Vec::new();
    for (i, person) in form.people.iter().enumerate() {
        let blank = [
            &person.first_name,
            &person.last_name,
            &person.email,
            &person.job_title,
            &person.phone,
        ]
        .iter()
        .all(|v| v.trim().is_empty());
        if blank && i > 0 {
            continue;
        }
        let first_name = required(errors, &format!("p{i}_first_name"), &person.first_name, 100);
        let last_name = required(errors, &format!("p{i}_last_name"), &person.last_name, 100);
        let job_title = optional(errors, &format!("p{i}_job_title"), &person.job_title, 150);
        let phone = optional(errors, &format!("p{i}_phone"), &person.phone, 40);
        match EmailAddress::parse(&person.email) {
            Ok(email) if seen.contains(&email.lookup_key()) => {
                errors.add(&format!("p{i}_email"), "error-email-duplicate")
            }
            Ok(email) => {
                seen.push(email.lookup_key());
                people.push(ParsedPerson {
                    first_name,
                    last_name,
                    email,
                    job_title,
                    phone,
                });
            }
            Err(_) => errors.add(&format!("p{i}_email"), "error-email"),
        }
    }
    people
}

fn parse_offers(
    form: &RegistrationForm,
    errors: &mut FieldErrors,
) -> Vec<(String, String, String, String)> {
    let mut offers = Vec::new();
    for (i, offer) in form.offers.iter().enumerate() {
        if offer.title.trim().is_empty()
            && offer.description.trim().is_empty()
            && offer.keywords.trim().is_empty()
        {
            continue;
        }
        if !["offer", "request"].contains(&offer.kind.as_str()) {
            errors.add(&format!("o{i}_kind"), "error-required");
        }
        let title = required(errors, &format!("o{i}_title"), &offer.title, 200);
        let description = optional(
            errors,
            &format!("o{i}_description"),
            &offer.description,
            3000,
        );
        let keywords = optional(errors, &format!("o{i}_keywords"), &offer.keywords, 500);
        offers.push((offer.kind.clone(), title, description, keywords));
    }
    if offers.is_empty() && errors.get("o0_title").is_none() {
        errors.add("o0_title", "error-offer-required");
    }
    offers
}

/// Registers a company with its people and offers. The first person chooses a password
/// and edits the company; colleagues receive a link to choose theirs. Everything is pending
/// until the organizers validate it. A replayed form returns the first company.
pub async fn register(
    db: &DatabaseConnection,
    settings: &Settings,
    event_id: EventId,
    form: &RegistrationForm,
    locale: Locale,
) -> Result<i64, RegistrationError> {
    let now = Utc::now();
    let event = store::events::find(db, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    if !crate::events::registration_is_open(&event, now) {
        return Err(RegistrationError::Closed);
    }
    if !form.idempotency_key.is_empty()
        && let Some(done) =
            store::idempotency::outcome(db, &format!("reg:{}", form.idempotency_key)).await?
    {
        return done.parse().map_err(|_| RegistrationError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let company_name = required(&mut errors, "company_name", &form.company_name, 200);
    if !domain::countries::is_known(&form.country) {
        errors.add("country", "error-country");
    }
    let city = required(&mut errors, "city", &form.city, 100);
    let address = optional(&mut errors, "address", &form.address, 500);
    let website = optional_url(&mut errors, "website", &form.website);
    if !SECTORS.contains(&form.sector.as_str()) {
        errors.add("sector", "error-required");
    }
    let description_fr = optional(&mut errors, "description_fr", &form.description_fr, 3000);
    let description_en = optional(&mut errors, "description_en", &form.description_en, 3000);
    if description_fr.is_empty() && description_en.is_empty() {
        errors.add("description_fr", "error-description-required");
    }
    let vat = parse_vat(form, &mut errors);
    let people = parse_people(form, &mut errors);
    let offers = parse_offers(form, &mut errors);
    if !form.consent {
        errors.add("consent", "error-consent");
    }
    let first_email = people
        .first()
        .map(|p| p.email.lookup_key())
        .unwrap_or_default();
    let existing_first = store::users::find_by_email_key(db, &first_email).await?;
    let mut hash = None;
    if existing_first.is_none() && !people.is_empty() {
        if form.password != form.password_confirm {
            errors.add("password_confirm", "password-mismatch");
        } else {
            let context = PasswordContext {
                words: vec![&first_email, &company_name, &event.name_fr, &event.name_en],
            };
            match check_password(&form.password, AccountStrength::Participant, &context) {
                Ok(()) => hash = Some(hash_password(form.password.clone()).await?),
                Err(e) => errors.add("password", crate::auth::policy_message_id(&e)),
            }
        }
    }
    for (i, person) in people.iter().enumerate() {
        if let Some(user) = store::users::find_by_email_key(db, &person.email.lookup_key()).await?
            && store::registration::participant_of_user(db, event_id, user.id)
                .await?
                .is_some()
        {
            errors.add(&format!("p{i}_email"), "error-already-registered");
        }
    }
    if !errors.is_empty() {
        return Err(RegistrationError::Invalid(errors));
    }

    let txn = store::begin_write(db).await?;
    let company = store::events::insert_company(
        &txn,
        CompanyRow {
            id: 0,
            event_id: event.id,
            name: company_name,
            country: form.country.clone(),
            city,
            website,
            sector: form.sector.clone(),
            description_fr,
            description_en,
            created_at: now,
            status: "pending".into(),
            address,
            vat_country: vat
                .as_ref()
                .map(|v| v.country().to_string())
                .unwrap_or_default(),
            vat_number: vat
                .as_ref()
                .map(|v| v.number().to_string())
                .unwrap_or_default(),
            refusal_reason: String::new(),
        },
    )
    .await?;
    for (kind, title, description, keywords) in offers {
        store::registration::insert_offer(
            &txn,
            OfferRow {
                id: 0,
                event_id: event.id,
                company_id: company.id,
                kind,
                title,
                description,
                keywords,
                created_at: now,
            },
        )
        .await?;
    }
    let coorganizer =
        crate::assignment::coorganizer_for(&txn, event_id, &company.country, &form.via).await?;
    let notice = privacy_notice(&event, locale);
    let event_name = if locale == Locale::En {
        event.name_en.clone()
    } else {
        event.name_fr.clone()
    };
    for (index, person) in people.iter().enumerate() {
        let display = format!("{} {}", person.first_name, person.last_name);
        let user = match store::users::find_by_email_key(&txn, &person.email.lookup_key()).await? {
            Some(user) => user,
            None => {
                let password_hash = if index == 0 { hash.clone() } else { None };
                store::users::insert(
                    &txn,
                    NewUser {
                        email_key: &person.email.lookup_key(),
                        email: person.email.as_str(),
                        display_name: &display,
                        password_hash,
                        locale: locale.code(),
                        is_principal_admin: false,
                    },
                    now,
                )
                .await?
            }
        };
        store::events::insert_participant(
            &txn,
            ParticipantRow {
                id: 0,
                event_id: event.id,
                user_id: user.id,
                company_id: Some(company.id),
                kind: "participant".into(),
                status: "pending".into(),
                job_title_fr: person.job_title.clone(),
                job_title_en: person.job_title.clone(),
                created_at: now,
                first_name: person.first_name.clone(),
                last_name: person.last_name.clone(),
                phone: person.phone.clone(),
                is_company_editor: index == 0,
                coorganizer_user_id: coorganizer,
            },
        )
        .await?;
        if index == 0 {
            store::registration::insert_consent(
                &txn,
                event_id,
                user.id,
                &notice_version(&notice),
                &notice,
                now,
            )
            .await?;
        }
        let args = vec![
            ("name", display.clone()),
            ("event", event_name.clone()),
            ("company", company.name.clone()),
            ("login", person.email.to_string()),
            ("url", format!("{}/login", settings.base_url())),
        ];
        let needs_link = user.password_hash.is_none() && index > 0;
        let (subject, body) = if needs_link {
            let token = random_token();
            store::users::insert_token(
                &txn,
                Some(UserId(user.id)),
                "reset",
                &token_hash(&token),
                now + Duration::hours(COLLEAGUE_LINK_HOURS),
                now,
            )
            .await?;
            let mut args = args.clone();
            args.push((
                "link",
                format!("{}/password/reset/{token}", settings.base_url()),
            ));
            (
                t_args(locale, "mail-registered-colleague-subject", &args),
                t_args(locale, "mail-registered-colleague-body", &args),
            )
        } else {
            (
                t_args(locale, "mail-registered-subject", &args),
                t_args(locale, "mail-registered-body", &args),
            )
        };
        mail::enqueue(
            &txn,
            Email {
                to: person.email.to_string(),
                subject,
                body_text: body,
                event_id: Some(event.id),
            },
            now,
        )
        .await?;
    }
    copy_to_organizers(
        &txn,
        &event,
        &company,
        coorganizer,
        "mail-copy-registered",
        now,
    )
    .await?;
    if !form.idempotency_key.is_empty() {
        store::idempotency::record(
            &txn,
            &format!("reg:{}", form.idempotency_key),
            &company.id.to_string(),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(company.id)
}

/// Sends a copy of a workflow step to the principal administrators and to the company's
/// co-organizer (REG-5, REG-10); without an assigned co-organizer, to the event's team members
/// who validate registrations.
async fn copy_to_organizers(
    db: &impl store::ConnectionTrait,
    event: &EventRow,
    company: &CompanyRow,
    coorganizer: Option<i64>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    let mut recipients: Vec<(String, Locale)> = Vec::new();
    for user in store::users::list(db).await? {
        if user.is_principal_admin {
            recipients.push((
                user.email.clone(),
                Locale::parse(&user.locale).unwrap_or_default(),
            ));
        }
    }
    for role in store::events::roles(db, EventId(event.id)).await? {
        let wanted = match coorganizer {
            Some(assigned) => role.user_id == assigned,
            None => domain::PermissionSet::parse_stored(&role.permissions)
                .contains(Permission::ValidateRegistrations),
        };
        if wanted && let Some(user) = store::users::find(db, UserId(role.user_id)).await? {
            recipients.push((
                user.email.clone(),
                Locale::parse(&user.locale).unwrap_or_default(),
            ));
        }
    }
    recipients.sort_by(|a, b| a.0.cmp(&b.0));
    recipients.dedup_by(|a, b| a.0 == b.0);
    for (to, locale) in recipients {
        let args = [
            ("company", company.name.clone()),
            (
                "event",
                if locale == Locale::En {
                    event.name_en.clone()
                } else {
                    event.name_fr.clone()
                },
            ),
            ("reason", company.refusal_reason.clone()),
        ];
        let email = Email {
            to,
            subject: t_args(locale, &format!("{key}-subject"), &args),
            body_text: t_args(locale, &format!("{key}-body"), &args),
            event_id: Some(event.id),
        };
        mail::enqueue(db, email, now).await?;
    }
    Ok(())
}

/// Validates (`refusal` none) or refuses (with its reason) a company and its people; they are
/// told by email in their language, the organizers get a copy, the change is audited.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: EventId,
    company_id: i64,
    refusal: Option<&str>,
) -> Result<(), RegistrationError> {
    let reason = refusal.map(str::trim).unwrap_or_default();
    if refusal.is_some() && reason.is_empty() {
        let mut errors = FieldErrors::new();
        errors.add("reason", "error-reason-required");
        return Err(RegistrationError::Invalid(errors));
    }
    let status = if refusal.is_some() {
        "refused"
    } else {
        "validated"
    };
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let event = store::events::find(&txn, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let before = store::registration::company(&txn, event_id, company_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    store::registration::set_status(&txn, event_id, company_id, status, reason).await?;
    let after = store::registration::company(&txn, event_id, company_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let key = if refusal.is_some() {
        "mail-refused"
    } else {
        "mail-validated"
    };
    let people = store::registration::people(&txn, event_id, company_id).await?;
    let coorganizer = people.iter().find_map(|p| p.coorganizer_user_id);
    for person in people {
        let Some(user) = store::users::find(&txn, UserId(person.user_id)).await? else {
            continue;
        };
        let locale = Locale::parse(&user.locale).unwrap_or_default();
        let args = [
            ("name", user.display_name.clone()),
            (
                "event",
                if locale == Locale::En {
                    event.name_en.clone()
                } else {
                    event.name_fr.clone()
                },
            ),
            ("company", after.name.clone()),
            ("reason", reason.to_string()),
        ];
        mail::enqueue(
            &txn,
            Email {
                to: user.email.clone(),
                subject: t_args(locale, &format!("{key}-subject"), &args),
                body_text: t_args(locale, &format!("{key}-body"), &args),
                event_id: Some(event.id),
            },
            now,
        )
        .await?;
    }
    copy_to_organizers(
        &txn,
        &event,
        &after,
        coorganizer,
        if refusal.is_some() {
            "mail-copy-refused"
        } else {
            "mail-copy-validated"
        },
        now,
    )
    .await?;
    record(
        &txn,
        actor,
        Change {
            event: Some(event_id),
            action: status,
            entity: "company",
            entity_id: company_id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
