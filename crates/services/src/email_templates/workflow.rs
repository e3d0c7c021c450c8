//! Composing the workflow emails of a registration from the templates, the copies to the
//! organizers, and the payment request (REG-5 step 3, a hook until online payment exists).

use super::{Kind, Rendered, Vars, render};
use crate::audit::{Actor, Change, record};
use crate::forms::FieldErrors;
use crate::i18n::{t, t_args};
use crate::mail::{self, Email};
use crate::{InternalError, database_errors_are_internal};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::{EventId, Locale, Permission, UserId};
use store::ConnectionTrait;
use store::events::EventRow;

/// What a workflow email is about: the event, the company, and where the site is.
#[derive(Clone, Copy)]
pub struct Workflow<'a> {
    /// Public address of the platform, without a trailing slash.
    pub base_url: &'a str,
    /// The event.
    pub event: &'a EventRow,
    /// The company's name.
    pub company: &'a str,
}

/// The person an email is written to (for copies: the company's contact it is about).
#[derive(Debug, Clone)]
pub struct Addressee {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address, which is also their login.
    pub email: String,
    /// Their language.
    pub locale: Locale,
}

/// A step of the workflow and what it adds to the common variables.
#[derive(Debug, Clone)]
pub enum Step {
    /// Registration received; a colleague without a password gets the link to choose one.
    Received {
        /// The single-use link, or empty.
        set_password_link: String,
    },
    /// Validated: the profile is public; with the badge (REG-7, CHK-1) and the programme.
    Validated {
        /// Whether the email gives the link to the electronic badge.
        badge_link: bool,
        /// Whether the badge PDF is attached.
        badge_attached: bool,
        /// The event's sessions with their times.
        programme: Vec<ProgrammeLine>,
    },
    /// Refused.
    Refused {
        /// The reason given by the organizer.
        reason: String,
    },
    /// Please pay online.
    PaymentRequested {
        /// Amount in euro cents.
        amount_cents: i64,
        /// Where to pay.
        link: String,
    },
}

impl Step {
    /// The template kind of this step.
    pub fn kind(&self) -> Kind {
        match self {
            Step::Received { .. } => Kind::RegistrationReceived,
            Step::Validated { .. } => Kind::RegistrationValidated,
            Step::Refused { .. } => Kind::RegistrationRefused,
            Step::PaymentRequested { .. } => Kind::PaymentRequested,
        }
    }

    /// The same step as the organizers see it in copy: never a personal secret link.
    pub(super) fn for_copy(&self) -> Step {
        match self {
            Step::Received { .. } => Step::Received {
                set_password_link: String::new(),
            },
            // Copies carry no attachment.
            Step::Validated {
                badge_link,
                programme,
                ..
            } => Step::Validated {
                badge_link: *badge_link,
                badge_attached: false,
                programme: programme.clone(),
            },
            other => other.clone(),
        }
    }
}

/// One session of the programme in a confirmation email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeLine {
    /// The day.
    pub day: NaiveDate,
    /// Local start, `HH:MM`.
    pub starts: String,
    /// Local end, `HH:MM`.
    pub ends: String,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
}

/// The programme as plain-text lines: "- 10 mars 2027, 09:00–12:30 : Matinée".
pub fn programme_text(locale: Locale, lines: &[ProgrammeLine]) -> String {
    lines
        .iter()
        .map(|l| {
            let name = if locale == Locale::En && !l.name_en.trim().is_empty() {
                &l.name_en
            } else {
                &l.name_fr
            };
            let day = format_dates(locale, l.day, l.day);
            let colon = if locale == Locale::Fr { "\u{a0}:" } else { ":" };
            format!("- {day}, {}–{}{colon} {name}", l.starts, l.ends)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The event's dates in a language, like "10–11 mars 2027".
pub fn format_dates(locale: Locale, start: NaiveDate, end: NaiveDate) -> String {
    let month = |d: NaiveDate| t(locale, &format!("email-month-{}", d.month()));
    if start == end {
        format!("{} {} {}", start.day(), month(start), start.year())
    } else if start.month() == end.month() && start.year() == end.year() {
        let (a, b, m, y) = (start.day(), end.day(), month(end), end.year());
        format!("{a}–{b} {m} {y}")
    } else {
        let (a, ma, b, mb, y) = (start.day(), month(start), end.day(), month(end), end.year());
        format!("{a} {ma} – {b} {mb} {y}")
    }
}

/// An amount of euro cents as written in a language: "1 200,00 €", "€1,200.00".
pub fn format_amount(locale: Locale, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let (units, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    let digits = units.to_string();
    let separator = if locale == Locale::En { ',' } else { '\u{a0}' };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    match locale {
        Locale::En => format!("{sign}€{grouped}.{rest:02}"),
        Locale::Fr => format!("{sign}{grouped},{rest:02}\u{a0}€"),
    }
}

/// Reads an amount in euros as typed ("450", "450,50", "1 200.5 €") into cents; between
/// 0.01 and 1,000,000 euros.
pub fn parse_amount(raw: &str) -> Result<i64, FieldErrors> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let (units, decimals) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let valid = !units.is_empty()
        && units.len() <= 7
        && decimals.len() <= 2
        && units
            .chars()
            .chain(decimals.chars())
            .all(|c| c.is_ascii_digit());
    let cents = valid
        .then(|| {
            let units: i64 = units.parse().ok()?;
            let decimals: i64 = format!("{decimals:0<2}").parse().ok()?;
            Some(units * 100 + decimals)
        })
        .flatten()
        .filter(|c| (1..=100_000_000).contains(c));
    let mut errors = FieldErrors::new();
    match cents {
        Some(cents) => Ok(cents),
        None => {
            errors.add("amount", "error-amount");
            Err(errors)
        }
    }
}

/// The values of a step's template for one addressee, in a language.
pub(super) fn vars(wf: &Workflow<'_>, to: &Addressee, locale: Locale, step: &Step) -> Vars {
    let event = wf.event;
    let base = wf.base_url;
    let mut v = Vars::default();
    v.set(
        "participant_name",
        format!("{} {}", to.first_name, to.last_name).trim(),
    );
    v.set("first_name", to.first_name.clone());
    v.set("last_name", to.last_name.clone());
    v.set("company", wf.company);
    let name = if locale == Locale::En && !event.name_en.trim().is_empty() {
        &event.name_en
    } else {
        &event.name_fr
    };
    v.set("event_name", name.clone());
    v.set(
        "event_dates",
        format_dates(locale, event.starts_on, event.ends_on),
    );
    v.set("event_url", format!("{base}/{}", event.slug));
    v.set("login_email", to.email.clone());
    v.set("login_url", format!("{base}/login"));
    v.set("private_area_url", format!("{base}/me/events/{}", event.id));
    match step {
        Step::Received { set_password_link } => {
            v.set("set_password_link", set_password_link.clone());
            v.set(
                "link_validity_hours",
                crate::registration::COLLEAGUE_LINK_HOURS.to_string(),
            );
        }
        Step::Validated {
            badge_link,
            badge_attached,
            programme,
        } => {
            let url = format!("{base}/me/events/{}/badge", event.id);
            v.set("badge_url", if *badge_link { url } else { String::new() });
            v.set("badge_attached", if *badge_attached { "yes" } else { "" });
            v.set("programme", programme_text(locale, programme));
        }
        Step::Refused { reason } => v.set("refusal_reason", reason.clone()),
        Step::PaymentRequested { amount_cents, link } => {
            v.set("amount", format_amount(locale, *amount_cents));
            v.set("payment_link", link.clone());
        }
    }
    v
}

/// Sample values of a kind for the editor's preview and for checking a template on save;
/// several when the kind has branches (registration received: with and without the link).
pub(super) fn samples(base_url: &str, event: &EventRow, kind: Kind, locale: Locale) -> Vec<Vars> {
    let company = t(locale, "email-sample-company");
    let wf = Workflow {
        base_url,
        event,
        company: &company,
    };
    let to = Addressee {
        first_name: "Claire".into(),
        last_name: "Martin".into(),
        email: "claire.martin@example.com".into(),
        locale,
    };
    let steps = match kind {
        Kind::RegistrationReceived => vec![
            Step::Received {
                set_password_link: format!("{base_url}/password/reset/EXAMPLE"),
            },
            Step::Received {
                set_password_link: String::new(),
            },
        ],
        Kind::RegistrationValidated => vec![Step::Validated {
            badge_link: true,
            badge_attached: true,
            programme: vec![ProgrammeLine {
                day: event.starts_on,
                starts: "09:00".into(),
                ends: "12:30".into(),
                name_fr: t(Locale::Fr, "email-sample-session"),
                name_en: t(Locale::En, "email-sample-session"),
            }],
        }],
        Kind::RegistrationRefused => vec![Step::Refused {
            reason: t(locale, "email-sample-reason"),
        }],
        Kind::PaymentRequested => vec![Step::PaymentRequested {
            amount_cents: 45_000,
            link: format!("{base_url}/me/events/{}", event.id),
        }],
    };
    steps
        .iter()
        .map(|step| vars(&wf, &to, locale, step))
        .collect()
}

/// Renders a kind for an event in a language: the event's own template, else the default.
/// A stored template that fails on real data (it passed with sample data) falls back to the
/// default rather than losing the email.
async fn compose(
    db: &impl ConnectionTrait,
    event: &EventRow,
    kind: Kind,
    locale: Locale,
    vars: &Vars,
) -> Result<Rendered, InternalError> {
    let own =
        store::email_templates::find(db, EventId(event.id), kind.code(), locale.code()).await?;
    if let Some(row) = own {
        match render(kind, &row.subject, &row.body, vars) {
            Ok(rendered) => return Ok(rendered),
            Err(problem) => tracing::warn!(
                event = event.id,
                kind = kind.code(),
                ?problem,
                "stored email template failed; default used"
            ),
        }
    }
    let (subject, body) = kind.default_template(locale);
    render(kind, &subject, &body, vars)
        .map_err(|p| InternalError::Other(format!("default template {}: {p:?}", kind.code())))
}

/// The email of a step for one person, in their language.
pub async fn workflow_email(
    db: &impl ConnectionTrait,
    wf: &Workflow<'_>,
    to: &Addressee,
    step: &Step,
) -> Result<Email, InternalError> {
    let values = vars(wf, to, to.locale, step);
    let rendered = compose(db, wf.event, step.kind(), to.locale, &values).await?;
    Ok(Email {
        to: to.email.clone(),
        subject: rendered.subject,
        body_text: rendered.body,
        event_id: Some(wf.event.id),
    })
}

/// Who receives copies: the principal administrators and the company's co-organizer (REG-5,
/// REG-10); without an assigned co-organizer, the team members who validate registrations.
async fn organizers(
    db: &impl ConnectionTrait,
    event: EventId,
    coorganizer: Option<i64>,
) -> Result<Vec<(String, Locale)>, store::DbErr> {
    let mut recipients: Vec<(String, Locale)> = store::users::list(db)
        .await?
        .into_iter()
        .filter(|u| u.is_principal_admin)
        .map(|u| (u.email, Locale::parse(&u.locale).unwrap_or_default()))
        .collect();
    for role in store::events::roles(db, event).await? {
        let wanted = match coorganizer {
            Some(assigned) => role.user_id == assigned,
            None => domain::PermissionSet::parse_stored(&role.permissions)
                .contains(Permission::ValidateRegistrations),
        };
        if wanted && let Some(user) = store::users::find(db, UserId(role.user_id)).await? {
            let locale = Locale::parse(&user.locale).unwrap_or_default();
            recipients.push((user.email, locale));
        }
    }
    recipients.sort_by(|a, b| a.0.cmp(&b.0));
    recipients.dedup_by(|a, b| a.0 == b.0);
    Ok(recipients)
}

/// Sends the organizers a copy of a step's email: the same template rendered in each
/// organizer's language for the company's contact (never with a personal link), under a line
/// saying who received it.
pub async fn copy_to_organizers(
    db: &impl ConnectionTrait,
    wf: &Workflow<'_>,
    contact: &Addressee,
    sent_to: &[String],
    coorganizer: Option<i64>,
    step: &Step,
    now: DateTime<Utc>,
) -> Result<(), InternalError> {
    let step = step.for_copy();
    for (to, locale) in organizers(db, EventId(wf.event.id), coorganizer).await? {
        let values = vars(wf, contact, locale, &step);
        let rendered = compose(db, wf.event, step.kind(), locale, &values).await?;
        let args = [
            ("subject", rendered.subject),
            ("company", wf.company.to_string()),
            ("to", sent_to.join(", ")),
        ];
        let email = Email {
            to,
            subject: t_args(locale, "email-copy-subject", &args),
            body_text: format!(
                "{}\n\n{}",
                t_args(locale, "email-copy-intro", &args),
                rendered.body
            ),
            event_id: Some(wf.event.id),
        };
        mail::enqueue(db, email, now).await?;
    }
    Ok(())
}

/// Failure of a payment request.
#[derive(Debug, thiserror::Error)]
pub enum PaymentRequestError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown event or company.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

database_errors_are_internal!(PaymentRequestError);

/// A request to pay, as the organizer sends it.
#[derive(Debug, Clone, Copy)]
pub struct PaymentRequest<'a> {
    /// The company asked to pay.
    pub company_id: i64,
    /// Amount in euro cents.
    pub amount_cents: i64,
    /// Where to pay; by default the contact's private area.
    pub link: Option<&'a str>,
    /// One-time key of the form: a replayed request sends nothing more.
    pub idempotency_key: &'a str,
}

/// Asks a company to pay online (REG-5 step 3): its contacts (the people who edit the company,
/// else everyone) receive the payment-requested email in their language, the organizers a
/// copy; audited. This is the hook the payment feature replaces with its own order and payment
/// link. Returns how many people were written to (by the first request, on a replay).
pub async fn request_payment(
    db: &store::DatabaseConnection,
    base_url: &str,
    actor: &Actor,
    event_id: EventId,
    request: PaymentRequest<'_>,
) -> Result<usize, PaymentRequestError> {
    let PaymentRequest {
        company_id,
        amount_cents,
        link,
        idempotency_key,
    } = request;
    if amount_cents <= 0 {
        let mut errors = FieldErrors::new();
        errors.add("amount", "error-amount");
        return Err(PaymentRequestError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let replay_key = format!("pay:{}:{company_id}:{idempotency_key}", event_id.0);
    if !idempotency_key.is_empty()
        && let Some(done) = store::idempotency::outcome(&txn, &replay_key).await?
    {
        return Ok(done.parse().unwrap_or_default());
    }
    let event = store::events::find(&txn, event_id)
        .await?
        .ok_or(PaymentRequestError::NotFound)?;
    let company = store::registration::company(&txn, event_id, company_id)
        .await?
        .ok_or(PaymentRequestError::NotFound)?;
    if company.status == "refused" {
        let mut errors = FieldErrors::new();
        errors.add("amount", "error-payment-refused-company");
        return Err(PaymentRequestError::Invalid(errors));
    }
    let link = match link.map(str::trim) {
        Some(link) if !link.is_empty() => link.to_string(),
        _ => format!("{base_url}/me/events/{}", event.id),
    };
    let step = Step::PaymentRequested {
        amount_cents,
        link: link.clone(),
    };
    let wf = Workflow {
        base_url,
        event: &event,
        company: &company.name,
    };
    let people = store::registration::people(&txn, event_id, company_id).await?;
    let editors = people.iter().any(|p| p.is_company_editor);
    let mut sent_to = Vec::new();
    let mut contact = None;
    for person in people.iter().filter(|p| p.is_company_editor || !editors) {
        let Some(user) = store::users::find(&txn, UserId(person.user_id)).await? else {
            continue;
        };
        let to = Addressee {
            first_name: person.first_name.clone(),
            last_name: person.last_name.clone(),
            email: user.email.clone(),
            locale: Locale::parse(&user.locale).unwrap_or_default(),
        };
        mail::enqueue(&txn, workflow_email(&txn, &wf, &to, &step).await?, now).await?;
        sent_to.push(user.email);
        contact.get_or_insert(to);
    }
    let Some(contact) = contact else {
        return Err(PaymentRequestError::NotFound);
    };
    let coorganizer = people.iter().find_map(|p| p.coorganizer_user_id);
    copy_to_organizers(&txn, &wf, &contact, &sent_to, coorganizer, &step, now).await?;
    let after = serde_json::json!({
        "amount_cents": amount_cents,
        "currency": "EUR",
        "link": link,
        "recipients": sent_to,
    });
    let change = Change::<(), _> {
        event: Some(event_id),
        action: "payment_request",
        entity: "company",
        entity_id: company_id.to_string(),
        before: None,
        after: Some(&after),
    };
    record(&txn, actor, change, now).await?;
    if !idempotency_key.is_empty() {
        store::idempotency::record(&txn, &replay_key, &sent_to.len().to_string(), now).await?;
    }
    txn.commit().await?;
    Ok(sent_to.len())
}
