//! Registration of a company to an event with its people and its offers and requests
//! (REG-1, REG-2, REG-5, REG-6, REG-8), and its validation by the organizers (BO-3).

use crate::audit::{Actor, Change, record};
use crate::email_templates::{Addressee, Step, Workflow, copy_to_organizers, workflow_email};
use crate::form_fields::{FormDesign, Scope};
use crate::forms::{FieldErrors, optional_url, required};

use crate::mail;
use crate::security::{hash_password, random_token, token_hash};
use crate::taxonomy::Taxonomy;
use crate::{InternalError, Settings};
use chrono::{Duration, Utc};
use domain::password::{AccountStrength, PasswordContext, check_password};
use domain::{EmailAddress, EventId, Locale, UserId};
use store::DatabaseConnection;
use store::events::{CompanyRow, EventRow, ParticipantRow};
use store::forms::Owner;
use store::registration::OfferRow;
use store::users::NewUser;

/// How many people and offers the form shows.
pub const PEOPLE_SLOTS: usize = 3;
/// How many offers and requests the form shows.
pub const OFFER_SLOTS: usize = 3;
/// Lifetime of the link a colleague receives to choose a password.
pub const COLLEAGUE_LINK_HOURS: i64 = 72;

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
    /// Files sent with this offer, kept while the form comes back with errors.
    pub uploads: Vec<crate::uploads::PendingUpload>,
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
    /// Every pair as posted: configurable fields are read from it, and the form is shown
    /// again from it.
    pub raw: Vec<(String, String)>,
    /// Files refused while the form was read (too large, wrong type), by field.
    pub upload_errors: FieldErrors,
}

/// The most pairs a posted form may carry.
const MAX_PAIRS: usize = 2_000;

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
            raw: (0..OFFER_SLOTS)
                .map(|i| {
                    let kind = if i == 1 { "request" } else { "offer" };
                    (format!("o{i}_kind"), kind.to_string())
                })
                .collect(),
            ..RegistrationForm::default()
        }
    }

    /// Reads the posted fields (`p0_email`, `o1_title`…).
    pub fn from_pairs(pairs: &[(String, String)]) -> RegistrationForm {
        let get = |name: &str| crate::forms::posted(pairs, name);
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
                    uploads: Vec::new(),
                })
                .collect(),
            password: get("password"),
            password_confirm: get("password_confirm"),
            consent: get("consent") == "on",
            idempotency_key: get("idempotency_key"),
            via: get("via").chars().take(64).collect(),
            raw: pairs
                .iter()
                .filter(|(k, _)| !k.starts_with("password"))
                .take(MAX_PAIRS)
                .cloned()
                .collect(),
            upload_errors: FieldErrors::new(),
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

/// The company part of the form as checked.
pub struct CheckedCompany {
    /// Name.
    pub name: String,
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
    /// Values of the configurable company fields.
    pub values: Vec<(String, String)>,
    /// VAT number, checked for format.
    pub vat: Option<domain::vat::VatNumber>,
}

impl CheckedCompany {
    /// For an edit: the standard fields the event hides keep what was stored before they were
    /// hidden, instead of being emptied.
    pub fn keeping_hidden(mut self, design: &FormDesign, stored: &CompanyRow) -> CheckedCompany {
        let shows = |key| design.shows(Scope::Company, key);
        if !shows("city") {
            self.city = stored.city.clone();
        }
        if !shows("address") {
            self.address = stored.address.clone();
        }
        if !shows("website") {
            self.website = stored.website.clone();
        }
        if !shows("sector") {
            self.sector = stored.sector.clone();
        }
        if !shows("description_fr") {
            self.description_fr = stored.description_fr.clone();
        }
        if !shows("description_en") {
            self.description_en = stored.description_en.clone();
        }
        self
    }
}

/// Checks the company part of the form against the event's form settings (REG-3).
pub fn check_company(
    form: &RegistrationForm,
    design: &FormDesign,
    taxonomy: &Taxonomy,
    errors: &mut FieldErrors,
) -> CheckedCompany {
    let name = required(errors, "company_name", &form.company_name, 200);
    if !domain::countries::is_known(&form.country) {
        errors.add("country", "error-country");
    }
    let city = design.column_text(Scope::Company, "city", "city", &form.city, 100, errors);
    let address = design.column_text(
        Scope::Company,
        "address",
        "address",
        &form.address,
        500,
        errors,
    );
    let website = if design.shows(Scope::Company, "website") {
        let website = optional_url(errors, "website", &form.website);
        if website.is_empty()
            && design
                .field(Scope::Company, "website")
                .is_some_and(|f| f.required)
        {
            errors.add("website", "error-required");
        }
        website
    } else {
        String::new()
    };
    let sector = match design.field(Scope::Company, "sector") {
        Some(f) if f.hidden => String::new(),
        Some(f) => {
            let known = taxonomy
                .find(crate::taxonomy::Vocabulary::Sector, &form.sector)
                .is_some();
            if !known && (f.required || !form.sector.is_empty()) {
                errors.add("sector", "error-required");
            }
            if known {
                form.sector.clone()
            } else {
                String::new()
            }
        }
        None => String::new(),
    };
    let description_fr = design.column_text(
        Scope::Company,
        "description_fr",
        "description_fr",
        &form.description_fr,
        3000,
        errors,
    );
    let description_en = design.column_text(
        Scope::Company,
        "description_en",
        "description_en",
        &form.description_en,
        3000,
        errors,
    );
    let both_shown = design.shows(Scope::Company, "description_fr")
        && design.shows(Scope::Company, "description_en");
    if both_shown
        && description_fr.is_empty()
        && description_en.is_empty()
        && errors.get("description_fr").is_none()
        && errors.get("description_en").is_none()
    {
        errors.add("description_fr", "error-description-required");
    }
    let values = design.read_values(Scope::Company, "", &form.raw, &sector, taxonomy, errors);
    let vat = parse_vat(form, errors);
    CheckedCompany {
        name,
        city,
        address,
        website,
        sector,
        description_fr,
        description_en,
        values,
        vat,
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

/// A person of the form, checked (shared with the back office).
pub(crate) struct ParsedPerson {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: EmailAddress,
    pub(crate) job_title: String,
    pub(crate) phone: String,
    pub(crate) values: Vec<(String, String)>,
}

/// An offer or request as checked.
struct ParsedOffer {
    kind: String,
    title: String,
    description: String,
    keywords: String,
    values: Vec<(String, String)>,
    /// Tokens of the files sent with the offer.
    uploads: Vec<String>,
}

pub(crate) fn parse_people(
    form: &RegistrationForm,
    design: &FormDesign,
    taxonomy: &Taxonomy,
    errors: &mut FieldErrors,
) -> Vec<ParsedPerson> {
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
        let job_title = design.column_text(
            Scope::Person,
            "job_title",
            &format!("p{i}_job_title"),
            &person.job_title,
            150,
            errors,
        );
        let phone = design.column_text(
            Scope::Person,
            "phone",
            &format!("p{i}_phone"),
            &person.phone,
            40,
            errors,
        );
        let values = design.read_values(
            Scope::Person,
            &format!("p{i}_"),
            &form.raw,
            "",
            taxonomy,
            errors,
        );
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
                    values,
                });
            }
            Err(_) => errors.add(&format!("p{i}_email"), "error-email"),
        }
    }
    people
}

fn parse_offers(
    form: &RegistrationForm,
    design: &FormDesign,
    taxonomy: &Taxonomy,
    errors: &mut FieldErrors,
) -> Vec<ParsedOffer> {
    let mut offers = Vec::new();
    for (i, offer) in form.offers.iter().enumerate() {
        if offer.title.trim().is_empty()
            && offer.description.trim().is_empty()
            && offer.keywords.trim().is_empty()
            && offer.uploads.is_empty()
        {
            continue;
        }
        if !["offer", "request"].contains(&offer.kind.as_str()) {
            errors.add(&format!("o{i}_kind"), "error-required");
        }
        let title = required(errors, &format!("o{i}_title"), &offer.title, 200);
        let description = design.column_text(
            Scope::Offer,
            "description",
            &format!("o{i}_description"),
            &offer.description,
            3000,
            errors,
        );
        let keywords = design.column_text(
            Scope::Offer,
            "keywords",
            &format!("o{i}_keywords"),
            &offer.keywords,
            500,
            errors,
        );
        let values = design.read_values(
            Scope::Offer,
            &format!("o{i}_"),
            &form.raw,
            "",
            taxonomy,
            errors,
        );
        offers.push(ParsedOffer {
            kind: offer.kind.clone(),
            title,
            description,
            keywords,
            values,
            uploads: offer.uploads.iter().map(|u| u.token.clone()).collect(),
        });
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
    register_as(db, settings, event_id, form, locale, None).await
}

/// How an organizer registers someone on their behalf (BO-7).
#[derive(Debug, Clone)]
pub struct OnBehalf {
    /// The organizer, for the audit trail.
    pub actor: Actor,
    /// Validate the company, its people and offers at once.
    pub validate: bool,
    /// The co-organizer to assign; none applies the event's assignment rules.
    pub coorganizer: Option<i64>,
    /// Only check the form (import dry run): nothing is written.
    pub dry_run: bool,
    /// The first person is at the desk (on-site registration, BO-7): checked in and the
    /// on-site registration recorded in the same transaction as the registration.
    pub arrives_on_site: bool,
}

/// Registers a company for its people (late or on-site, BO-7): same form and rules as the
/// public one, without password nor consent, even after the deadline. Every person without
/// a password gets a link to choose one. Audited; a replayed form returns the first company.
/// With `dry_run`, only checks the form and returns 0.
pub async fn register_on_behalf(
    db: &DatabaseConnection,
    settings: &Settings,
    event_id: EventId,
    form: &RegistrationForm,
    locale: Locale,
    behalf: &OnBehalf,
) -> Result<i64, RegistrationError> {
    register_as(db, settings, event_id, form, locale, Some(behalf)).await
}

async fn register_as(
    db: &DatabaseConnection,
    settings: &Settings,
    event_id: EventId,
    form: &RegistrationForm,
    locale: Locale,
    behalf: Option<&OnBehalf>,
) -> Result<i64, RegistrationError> {
    let now = Utc::now();
    let event = store::events::find(db, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    if behalf.is_none() && !crate::events::registration_is_open(&event, now) {
        return Err(RegistrationError::Closed);
    }
    if !form.idempotency_key.is_empty()
        && let Some(done) =
            store::idempotency::outcome(db, &format!("reg:{}", form.idempotency_key)).await?
    {
        return done.parse().map_err(|_| RegistrationError::NotFound);
    }
    let design = crate::form_fields::load(db, event_id).await?;
    let design = if behalf.is_some() {
        design.for_organizers()
    } else {
        design
    };
    let taxonomy = crate::taxonomy::load(db, event_id).await?;
    let mut errors = FieldErrors::new();
    let company = check_company(form, &design, &taxonomy, &mut errors);
    let vat = company.vat.clone();
    let people = parse_people(form, &design, &taxonomy, &mut errors);
    let offers = parse_offers(form, &design, &taxonomy, &mut errors);
    for (field, message) in form.upload_errors.iter() {
        errors.add(field, message);
    }
    let limits = crate::attachments::Limits::from_settings(settings);
    crate::attachments::check_counts(form, limits, &mut errors);
    if !form.consent && behalf.is_none() {
        errors.add("consent", "error-consent");
    }
    let first_email = people
        .first()
        .map(|p| p.email.lookup_key())
        .unwrap_or_default();
    let existing_first = store::users::find_by_email_key(db, &first_email).await?;
    let mut hash = None;
    if existing_first.is_none() && !people.is_empty() && behalf.is_none() {
        if form.password != form.password_confirm {
            errors.add("password_confirm", "password-mismatch");
        } else {
            let context = PasswordContext {
                words: vec![&first_email, &company.name, &event.name_fr, &event.name_en],
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
    if behalf.is_some_and(|b| b.dry_run) {
        return Ok(0);
    }
    let status = if behalf.is_some_and(|b| b.validate) {
        "validated"
    } else {
        "pending"
    };

    let mut company_values = company.values;
    let txn = store::begin_write(db).await?;
    crate::form_fields::claim_files(&txn, event_id, &mut company_values).await?;
    let company = store::events::insert_company(
        &txn,
        CompanyRow {
            id: 0,
            event_id: event.id,
            name: company.name,
            country: form.country.clone(),
            city: company.city,
            website: company.website,
            sector: company.sector,
            description_fr: company.description_fr,
            description_en: company.description_en,
            created_at: now,
            status: status.into(),
            address: company.address,
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
    store::forms::replace_values(&txn, event_id, Owner::Company(company.id), &company_values)
        .await?;
    for offer in offers {
        let row = store::registration::insert_offer(
            &txn,
            OfferRow {
                id: 0,
                event_id: event.id,
                company_id: company.id,
                kind: offer.kind,
                title: offer.title,
                description: offer.description,
                keywords: offer.keywords,
                status: status.into(),
                created_at: now,
            },
        )
        .await?;
        store::forms::replace_values(&txn, event_id, Owner::Offer(row.id), &offer.values).await?;
        crate::attachments::attach_claimed(&txn, event_id, row.id, &offer.uploads, now).await?;
    }
    let coorganizer = match behalf.and_then(|b| b.coorganizer) {
        Some(assigned) => Some(assigned),
        None => {
            crate::assignment::coorganizer_for(&txn, event_id, &company.country, &form.via).await?
        }
    };
    let notice = privacy_notice(&event, locale);
    let base_url = settings.base_url();
    let wf = Workflow {
        base_url: &base_url,
        event: &event,
        company: &company.name,
    };
    let (mut sent_to, mut contact) = (Vec::new(), None);
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
        let participant = store::events::insert_participant(
            &txn,
            ParticipantRow {
                id: 0,
                event_id: event.id,
                user_id: user.id,
                company_id: Some(company.id),
                kind: "participant".into(),
                status: status.into(),
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
        store::forms::replace_values(
            &txn,
            event_id,
            Owner::Participant(participant.id),
            &person.values,
        )
        .await?;
        if let Some(b) = behalf.filter(|b| b.arrives_on_site && index == 0) {
            let arrival = (company.id, participant.id);
            crate::event_day::presence::onsite::record_arrival(
                &txn, &b.actor, &event, arrival, now,
            )
            .await?;
        }
        if index == 0 && behalf.is_none() {
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
        // REG-5 step 1, from the event's template: a colleague without a password (or
        // anyone registered by an organizer) gets the link to choose one.
        let mut set_password_link = String::new();
        if user.password_hash.is_none() && (index > 0 || behalf.is_some()) {
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
            set_password_link = format!("{base_url}/password/reset/{token}");
        }
        let to = Addressee {
            first_name: person.first_name.clone(),
            last_name: person.last_name.clone(),
            email: person.email.to_string(),
            locale,
        };
        let step = Step::Received { set_password_link };
        mail::enqueue(&txn, workflow_email(&txn, &wf, &to, &step).await?, now).await?;
        sent_to.push(to.email.clone());
        contact.get_or_insert(to);
    }
    if let Some(contact) = &contact {
        let step = Step::Received {
            set_password_link: String::new(),
        };
        copy_to_organizers(&txn, &wf, contact, &sent_to, coorganizer, &step, now).await?;
    }
    if let Some(behalf) = behalf {
        let change = Change::<(), _> {
            event: Some(event_id),
            action: "register_on_behalf",
            entity: "company",
            entity_id: company.id.to_string(),
            before: None,
            after: Some(&company),
        };
        record(&txn, &behalf.actor, change, now).await?;
    }
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

/// Validates (`refusal` none) or refuses (with its reason) a company and its people; they are
/// told by email in their language, the organizers get a copy, the change is audited.
pub async fn decide(
    db: &DatabaseConnection,
    settings: &Settings,
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
    // REG-5 step 2, from the event's templates, in each person's language.
    let step = if refusal.is_some() {
        Step::Refused {
            reason: reason.to_string(),
        }
    } else {
        crate::event_day::badges::validated_step(&txn, event_id).await?
    };
    let base_url = settings.base_url();
    let wf = Workflow {
        base_url: &base_url,
        event: &event,
        company: &after.name,
    };
    let people = store::registration::people(&txn, event_id, company_id).await?;
    let coorganizer = people.iter().find_map(|p| p.coorganizer_user_id);
    let (mut sent_to, mut contact) = (Vec::new(), None);
    for person in &people {
        let sent = crate::event_day::badges::send_step_to(&txn, &wf, &step, person, now).await?;
        if let Some(to) = sent {
            sent_to.push(to.email.clone());
            contact.get_or_insert(to);
        }
    }
    if let Some(contact) = &contact {
        copy_to_organizers(&txn, &wf, contact, &sent_to, coorganizer, &step, now).await?;
    }
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
