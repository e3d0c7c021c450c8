//! On-site registration (BO-7, CHK-3): an organizer registers a newcomer with a short form
//! through `registration::register_on_behalf` (validated at once and, in the same transaction,
//! checked in with method `onsite` and the on-site registration recorded: the payment hook),
//! then proposes meetings with present participants in the free slots of the day, which the
//! organizer confirms through the grid's organizer path (`meetings::grid::create_meeting`).

use super::{PresenceError, local_day, person_name};
use crate::audit::{Actor, Change};
use crate::config::Settings;
use crate::forms::FieldErrors;
use crate::meetings::availability::Availability;
use crate::registration::{
    OfferForm, OnBehalf, PersonForm, RegistrationError, RegistrationForm, register_on_behalf,
};
use crate::suggestions::Reason;
use chrono::{DateTime, Utc};
use domain::{EmailAddress, EventId, Locale};
use std::collections::{HashMap, HashSet};
use store::{ConnectionTrait, DatabaseConnection};

/// Whether on-site registrations must be paid before the badge is handed out.
///
/// PAY-9 hook: payments do not exist yet, so this is always false and every on-site
/// registration is stored with `payment_state = "none"`. The payment issue will read the
/// event's fees here, store `payment_state = "due"` and show the payment step before the badge.
pub fn payment_required(_event: &store::events::EventRow) -> bool {
    false
}

/// The short form as typed.
#[derive(Debug, Clone, Default)]
pub struct OnsiteForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email (their login).
    pub email: String,
    /// Phone, optional.
    pub phone: String,
    /// Company name.
    pub company_name: String,
    /// ISO country code.
    pub country: String,
    /// City.
    pub city: String,
    /// Sector code.
    pub sector: String,
    /// Participant category code.
    pub category: String,
    /// What the company offers (one line; at least this or `seeking`).
    pub offer: String,
    /// What the company is looking for (one line).
    pub seeking: String,
    /// One-time key against double submissions.
    pub idempotency_key: String,
}

/// Why an on-site registration was refused.
#[derive(Debug, thiserror::Error)]
pub enum OnsiteError {
    /// Field errors (field of the short form → message id).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Unknown event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

impl From<store::DbErr> for OnsiteError {
    fn from(e: store::DbErr) -> Self {
        OnsiteError::Internal(e.into())
    }
}

/// The short form's field for a field of the registration form (`offers` names the short
/// field behind each offer slot of the registration form).
fn short_field<'a>(field: &'a str, offers: &[&'static str]) -> &'a str {
    if let Some(rest) = field.strip_prefix('o')
        && let Some((n, _)) = rest.split_once('_')
        && let Ok(n) = n.parse::<usize>()
    {
        return offers.get(n).copied().unwrap_or("offer");
    }
    match field {
        "p0_first_name" => "first_name",
        "p0_last_name" => "last_name",
        "p0_email" => "email",
        "p0_phone" => "phone",
        "p0_category" => "category",
        "company_name" | "country" | "city" | "sector" => field,
        _ => "form",
    }
}

/// Registers a newcomer on site in one transaction: company, participant and account
/// (validated), checked in, on-site registration recorded and audited. A replayed form returns
/// the same participant. Returns the participant id.
pub async fn register_onsite(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    event: EventId,
    form: &OnsiteForm,
    locale: Locale,
) -> Result<i64, OnsiteError> {
    let mut raw = vec![];
    if !form.category.trim().is_empty() {
        raw.push(("p0_category".to_string(), form.category.trim().to_string()));
    }
    let mut offers = vec![];
    let mut offer_fields = vec![];
    for (kind, text, field) in [
        ("offer", &form.offer, "offer"),
        ("request", &form.seeking, "seeking"),
    ] {
        let text = text.trim();
        if !text.is_empty() {
            offers.push(OfferForm {
                kind: kind.to_string(),
                title: text.chars().take(200).collect(),
                description: text.to_string(),
                keywords: String::new(),
                uploads: vec![],
            });
            offer_fields.push(field);
        }
    }
    let registration = RegistrationForm {
        company_name: form.company_name.trim().to_string(),
        country: form.country.trim().to_uppercase(),
        city: form.city.trim().to_string(),
        sector: form.sector.trim().to_string(),
        description_fr: crate::i18n::t(Locale::Fr, "presence-onsite-description"),
        description_en: crate::i18n::t(Locale::En, "presence-onsite-description"),
        people: vec![PersonForm {
            first_name: form.first_name.trim().to_string(),
            last_name: form.last_name.trim().to_string(),
            email: form.email.trim().to_string(),
            job_title: String::new(),
            phone: form.phone.trim().to_string(),
        }],
        offers,
        idempotency_key: if form.idempotency_key.trim().is_empty() {
            String::new()
        } else {
            format!("onsite:{}", form.idempotency_key.trim())
        },
        raw,
        ..RegistrationForm::default()
    };
    let behalf = OnBehalf {
        actor: actor.clone(),
        validate: true,
        coorganizer: None,
        dry_run: false,
        arrives_on_site: true,
    };
    let company_id =
        match register_on_behalf(db, settings, event, &registration, locale, &behalf).await {
            Ok(id) => id,
            Err(RegistrationError::Invalid(errors)) => {
                let mut short = FieldErrors::new();
                for (field, message) in errors.iter() {
                    let name = short_field(field, &offer_fields);
                    if short.get(name).is_none() {
                        short.add(name, message);
                    }
                }
                return Err(OnsiteError::Invalid(short));
            }
            Err(RegistrationError::Internal(e)) => return Err(OnsiteError::Internal(e)),
            Err(_) => return Err(OnsiteError::NotFound),
        };
    let email = EmailAddress::parse(form.email.trim()).map_err(|_| {
        let mut errors = FieldErrors::new();
        errors.add("email", "error-email");
        OnsiteError::Invalid(errors)
    })?;
    // A replayed form returns the first registration's company: same person.
    let participant = match store::users::find_by_email_key(db, &email.lookup_key()).await? {
        Some(user) => store::registration::participant_of_user(db, event, user.id).await?,
        None => None,
    }
    .filter(|p| p.company_id == Some(company_id))
    .ok_or(OnsiteError::NotFound)?;
    Ok(participant.id)
}

/// The newcomer is at the desk: checked in (method `onsite`), the on-site registration
/// recorded with its payment state (PAY-9 hook), audited. Called by `register_on_behalf` in
/// the registration's own transaction, so a newcomer is never registered without being
/// checked in.
pub(crate) async fn record_arrival(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    event_row: &store::events::EventRow,
    (company_id, participant_id): (i64, i64),
    now: DateTime<Utc>,
) -> Result<(), crate::InternalError> {
    let event = EventId(event_row.id);
    let by_user = actor.user_id.map(|u| u.0);
    store::presence::check_in_onsite(txn, event.0, participant_id, by_user, now).await?;
    // PAY-9 hook: "none" until payments exist; see `payment_required`.
    let payment_state = if payment_required(event_row) {
        "due"
    } else {
        "none"
    };
    let row =
        store::presence::insert_onsite(txn, event.0, participant_id, by_user, payment_state, now)
            .await?;
    crate::audit::record(
        txn,
        actor,
        Change::<(), _> {
            event: Some(event),
            action: "register_onsite",
            entity: "participant",
            entity_id: participant_id.to_string(),
            before: None,
            after: Some(&serde_json::json!({
                "company": company_id,
                "onsite_registration": row.id,
                "checked_in": true,
                "payment_state": payment_state,
            })),
        },
        now,
    )
    .await?;
    Ok(())
}

/// One proposed meeting for a newcomer.
#[derive(Debug, Clone)]
pub struct MeetingProposal {
    /// The present participant to meet.
    pub partner_id: i64,
    /// Their name.
    pub partner: String,
    /// Their company.
    pub company: String,
    /// The slot.
    pub slot_id: i64,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// Matching score (offers × requests, sector), higher first.
    pub score: u32,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
}

/// The slots still to come on the day of `now` (or, before the event or between its days,
/// on its next day), in time order.
fn remaining_slots<'a>(
    slots: &'a [store::entities::slot::Model],
    time_zone: &str,
    now: DateTime<Utc>,
) -> Vec<&'a store::entities::slot::Model> {
    let Some(first) = slots
        .iter()
        .filter(|s| s.starts_at > now)
        .min_by_key(|s| s.starts_at)
    else {
        return vec![];
    };
    let day = local_day(first.starts_at, time_zone);
    let mut out: Vec<_> = slots
        .iter()
        .filter(|s| s.starts_at > now && local_day(s.starts_at, time_zone) == day)
        .collect();
    out.sort_by_key(|s| (s.starts_at, s.id));
    out
}

/// Proposes meetings for a newcomer: present (checked-in) participants of other companies,
/// ranked by matching, allowed by the meeting rules (categories, meeting cap, no open request
/// already between them), each in a slot still to come that day where both are free and a
/// table (or a side's stand) is free; one slot per partner, no overlap for the newcomer.
/// Nothing is written.
pub async fn propose(
    db: &DatabaseConnection,
    event: EventId,
    newcomer: i64,
    now: DateTime<Utc>,
) -> Result<Vec<MeetingProposal>, PresenceError> {
    let event_row = store::events::find(db, event)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let me = store::meetings::agenda::participant(db, event.0, newcomer)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let rules = crate::meetings::settings::load(db, event).await?;
    let present = store::checkin::checked_in(db, event.0).await?;
    let availability = Availability::load(db, event.0).await?;
    let slots = store::meetings::slots_of_event(db, event.0).await?;
    let candidates = remaining_slots(&slots, &event_row.time_zone, now);
    if candidates.is_empty() {
        return Ok(vec![]);
    }
    let mut busy: HashSet<(i64, i64)> = store::presence::seats_of_event(db, event.0)
        .await?
        .into_iter()
        .collect();
    let mut meetings_count: HashMap<i64, u32> = HashMap::new();
    for (pid, _) in &busy {
        *meetings_count.entry(*pid).or_default() += 1;
    }
    // Free shared tables per slot, and people who hold a stand or desk.
    let places = store::meetings::scheduling::places_of_event(db, event.0).await?;
    let table_ids: HashSet<i64> = places
        .iter()
        .filter(|p| p.kind == "table")
        .map(|p| p.id)
        .collect();
    let owners: HashSet<i64> = places
        .iter()
        .filter_map(|p| p.owner_participant_id)
        .collect();
    let mut free_tables: HashMap<i64, i64> = HashMap::new();
    for s in &candidates {
        let n = places
            .iter()
            .filter(|p| p.kind == "table" && p.session_id == Some(s.session_id))
            .count();
        free_tables.insert(s.id, n as i64);
    }
    for m in store::meetings::scheduling::meetings_of_event(db, event.0).await? {
        if m.place_id.is_some_and(|p| table_ids.contains(&p))
            && let Some(n) = free_tables.get_mut(&m.slot_id)
        {
            *n -= 1;
        }
    }
    // Matching: the suggestions' ranking of companies for the newcomer's company.
    let companies = store::registration::companies_with_status(db, event, None).await?;
    let company_name: HashMap<i64, String> =
        companies.iter().map(|c| (c.id, c.name.clone())).collect();
    let mut scores: HashMap<i64, (u32, Vec<Reason>)> = HashMap::new();
    if let Some(own) = me
        .company_id
        .and_then(|c| companies.iter().find(|x| x.id == c))
    {
        let mut offers = store::registration::offers(db, event).await?;
        offers.retain(|o| o.status != "refused");
        for s in crate::suggestions::rank(own, &companies, &offers, usize::MAX) {
            scores.insert(s.company.id, (s.score, s.reasons));
        }
    }
    let linked: HashSet<i64> =
        store::meetings::requests::linked_companies(db, event.0, me.id, me.company_id)
            .await?
            .into_iter()
            .collect();
    let mine = store::meetings::requests::categories(db, event.0, me.id).await?;
    let people = store::meetings::scheduling::participants_of_event(db, event.0).await?;
    let mut partners = vec![];
    for p in &people {
        let Some(company) = p.company_id else {
            continue;
        };
        if p.id == me.id
            || p.status != "validated"
            || !present.contains_key(&p.id)
            || Some(company) == me.company_id
            || linked.contains(&company)
        {
            continue;
        }
        if let Some(cap) = rules.meetings_per_participant
            && meetings_count.get(&p.id).copied().unwrap_or_default() >= cap
        {
            continue;
        }
        let theirs = store::meetings::requests::categories(db, event.0, p.id).await?;
        let allowed = mine.iter().all(|a| {
            theirs
                .iter()
                .all(|b| rules.may_meet(Some(a.as_str()), Some(b.as_str())))
        });
        if !allowed {
            continue;
        }
        let (score, reasons) = scores.get(&company).cloned().unwrap_or_default();
        partners.push((p, company, score, reasons));
    }
    partners.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| person_name(a.0).cmp(&person_name(b.0)))
    });
    let mut out = vec![];
    let mut mine_count = meetings_count.get(&me.id).copied().unwrap_or_default();
    for (p, company, score, reasons) in partners {
        if rules
            .meetings_per_participant
            .is_some_and(|cap| mine_count >= cap)
        {
            break;
        }
        let needs_table = !owners.contains(&p.id) && !owners.contains(&me.id);
        let slot = candidates.iter().find(|s| {
            availability.is_free(me.id, s.id)
                && availability.is_free(p.id, s.id)
                && !busy.contains(&(me.id, s.id))
                && !busy.contains(&(p.id, s.id))
                && (!needs_table || free_tables.get(&s.id).is_some_and(|n| *n > 0))
        });
        let Some(slot) = slot else {
            continue;
        };
        busy.insert((me.id, slot.id));
        busy.insert((p.id, slot.id));
        if needs_table && let Some(n) = free_tables.get_mut(&slot.id) {
            *n -= 1;
        }
        mine_count += 1;
        out.push(MeetingProposal {
            partner_id: p.id,
            partner: person_name(p),
            company: company_name.get(&company).cloned().unwrap_or_default(),
            slot_id: slot.id,
            starts_at: slot.starts_at,
            score,
            reasons,
        });
    }
    out.sort_by_key(|m| (m.starts_at, m.partner_id));
    Ok(out)
}

/// What confirming proposals did.
#[derive(Debug, Clone, Default)]
pub struct ConfirmReport {
    /// Meetings created (request ids).
    pub created: Vec<i64>,
    /// Proposals refused (partner id, message id), e.g. the slot was taken meanwhile.
    pub refused: Vec<(i64, &'static str)>,
}

/// Confirms the ticked proposals (partner, slot): each becomes a meeting through the
/// organizer's path (`grid::create_meeting`: conflict checks, placement, audit, notices to
/// both sides), never moving an existing meeting. The partner must be checked in.
pub async fn confirm(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    newcomer: i64,
    picks: &[(i64, i64)],
    base_url: &str,
) -> Result<ConfirmReport, PresenceError> {
    store::meetings::agenda::participant(db, event.0, newcomer)
        .await?
        .ok_or(PresenceError::NotFound)?;
    if picks.is_empty() {
        return Err(PresenceError::Invalid("presence-error-no-pick"));
    }
    let present = store::checkin::checked_in(db, event.0).await?;
    let mut report = ConfirmReport::default();
    for (partner, slot) in picks {
        if !present.contains_key(partner) {
            report
                .refused
                .push((*partner, "presence-error-not-present"));
            continue;
        }
        match crate::meetings::grid::create_meeting(
            db, actor, event, newcomer, *partner, *slot, None, base_url,
        )
        .await
        {
            Ok(id) => report.created.push(id),
            Err(crate::meetings::grid::GridError::Internal(e)) => {
                return Err(PresenceError::Internal(e));
            }
            Err(e) => report.refused.push((*partner, e.message_id())),
        }
    }
    Ok(report)
}
