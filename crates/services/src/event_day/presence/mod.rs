//! Absences and arrivals (CHK-3, BO-7): meetings at risk, freeing the slots of absent
//! participants, filling the freed slots, on-site registration with meeting proposals.
//!
//! - this module: the grace setting, the meetings at risk, "mark absent and free the slots";
//! - `fill`: an incremental scheduling run restricted to present participants and to the
//!   rest of the day (existing meetings never move);
//! - `onsite`: on-site registration, proposals of meetings for the newcomer, confirmation.
//!
//! Every function takes `now` so that tests can place it inside a session.

pub mod fill;
pub mod onsite;

use crate::InternalError;
use crate::audit::{Actor, Change};
use crate::i18n::t;
use crate::meetings::notify::{Notice, Notifier};
use chrono::{DateTime, Duration, Utc};
use domain::meeting::RequestState;
use domain::{EventId, Locale};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::{ConnectionTrait, DatabaseConnection};

/// The longest grace an organizer may set, in minutes.
pub const MAX_GRACE_MINUTES: u32 = 240;

/// Why a presence action was refused; each has a message id.
#[derive(Debug, thiserror::Error)]
pub enum PresenceError {
    /// Unknown event, participant or slot (or another event's).
    #[error("not found")]
    NotFound,
    /// Bad input: the message id.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// The situation changed (checked in meanwhile, meeting already cancelled…).
    #[error("changed")]
    Changed,
    /// A scheduling run of the event is already running.
    #[error("busy")]
    Busy,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<store::DbErr> for PresenceError {
    fn from(e: store::DbErr) -> Self {
        PresenceError::Internal(e.into())
    }
}

impl PresenceError {
    /// The message id shown to the organizer.
    pub fn message_id(&self) -> &'static str {
        match self {
            PresenceError::NotFound => "presence-error-not-found",
            PresenceError::Invalid(id) => id,
            PresenceError::Changed => "presence-error-changed",
            PresenceError::Busy => "scheduling-already-running",
            PresenceError::Internal(_) => "error-500",
        }
    }
}

/// One meeting of a participant at risk.
#[derive(Debug, Clone)]
pub struct RiskMeeting {
    /// The request.
    pub request_id: i64,
    /// Its slot.
    pub slot_id: i64,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// The other side, "Name (Company)".
    pub partner: String,
    /// Whether the other side is checked in.
    pub partner_present: bool,
    /// Table, stand or desk label.
    pub place: String,
}

/// A participant with meetings in a started session who is not checked in.
#[derive(Debug, Clone)]
pub struct AtRisk {
    /// The participant.
    pub participant_id: i64,
    /// "First Last".
    pub name: String,
    /// Company name.
    pub company: String,
    /// Their meetings still to come (or running) that day, in time order.
    pub meetings: Vec<RiskMeeting>,
}

/// A session that started more than the grace ago and has not ended.
#[derive(Debug, Clone)]
pub struct RiskSession {
    /// The session.
    pub session_id: i64,
    /// Its name in French and English.
    pub name: (String, String),
    /// First slot start and last slot end.
    pub starts_at: DateTime<Utc>,
    /// Last slot end.
    pub ends_at: DateTime<Utc>,
    /// Participants at risk, by name.
    pub people: Vec<AtRisk>,
}

/// What the presence page shows.
#[derive(Debug, Clone, Default)]
pub struct RiskReport {
    /// Minutes after a session's start before someone not checked in is at risk.
    pub grace_minutes: u32,
    /// Running sessions past their grace.
    pub sessions: Vec<RiskSession>,
    /// How many participants are checked in.
    pub checked_in: usize,
}

impl RiskReport {
    /// Every participant at risk (once, even when in several sessions).
    pub fn participants(&self) -> Vec<i64> {
        let mut seen = HashSet::new();
        self.sessions
            .iter()
            .flat_map(|s| s.people.iter().map(|p| p.participant_id))
            .filter(|p| seen.insert(*p))
            .collect()
    }
}

/// First start and last end of each session, from its slots.
fn session_spans(
    slots: &[store::entities::slot::Model],
) -> BTreeMap<i64, (DateTime<Utc>, DateTime<Utc>)> {
    let mut spans: BTreeMap<i64, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for s in slots {
        spans
            .entry(s.session_id)
            .and_modify(|(a, b)| {
                *a = (*a).min(s.starts_at);
                *b = (*b).max(s.ends_at);
            })
            .or_insert((s.starts_at, s.ends_at));
    }
    spans
}

/// The local calendar day of an instant in the event's time zone.
pub(crate) fn local_day(at: DateTime<Utc>, time_zone: &str) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    at.with_timezone(&tz).date_naive()
}

/// "First Last", or `#id` when both are empty.
pub(crate) fn person_name(p: &store::entities::participant::Model) -> String {
    let name = format!("{} {}", p.first_name, p.last_name)
        .trim()
        .to_string();
    if name.is_empty() {
        format!("#{}", p.id)
    } else {
        name
    }
}

/// The meetings at risk at `now` (CHK-3): for each session that started at least the grace
/// ago and has not ended, the participants with a scheduled meeting in it who are not
/// checked in, with their meetings still to come that day.
pub async fn at_risk(
    db: &impl ConnectionTrait,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<RiskReport, PresenceError> {
    let event_row = store::events::find(db, event)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let grace = super::load(db, event).await?.absence_grace_minutes;
    let present = store::checkin::checked_in(db, event.0).await?;
    let mut report = RiskReport {
        grace_minutes: grace,
        sessions: vec![],
        checked_in: present.len(),
    };
    let slots = store::meetings::slots_of_event(db, event.0).await?;
    let spans = session_spans(&slots);
    let active: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = spans
        .iter()
        .filter(|(_, (start, end))| {
            *start + Duration::minutes(i64::from(grace)) <= now && now < *end
        })
        .map(|(id, (a, b))| (*id, *a, *b))
        .collect();
    if active.is_empty() {
        return Ok(report);
    }
    let slot_by_id: HashMap<i64, &store::entities::slot::Model> =
        slots.iter().map(|s| (s.id, s)).collect();
    let requests: HashMap<i64, store::meetings::RequestRow> =
        store::meetings::scheduling::requests_in_states(db, event.0, &["scheduled"])
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let meetings = store::meetings::scheduling::meetings_of_event(db, event.0).await?;
    let places: HashMap<i64, String> = store::meetings::scheduling::places_of_event(db, event.0)
        .await?
        .into_iter()
        .map(|p| (p.id, p.label))
        .collect();
    let people: HashMap<i64, store::entities::participant::Model> =
        store::meetings::scheduling::participants_of_event(db, event.0)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let companies: HashMap<i64, String> =
        store::registration::companies_with_status(db, event, None)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
    let company_of = |pid: i64| {
        people
            .get(&pid)
            .and_then(|p| p.company_id)
            .and_then(|c| companies.get(&c).cloned())
            .unwrap_or_default()
    };
    let label_of = |pid: i64| {
        let name = people.get(&pid).map(person_name).unwrap_or_default();
        let company = company_of(pid);
        if company.is_empty() {
            name
        } else {
            format!("{name} ({company})")
        }
    };
    // Every scheduled meeting with its slot, per participant.
    let mut by_person: HashMap<i64, Vec<(&store::meetings::MeetingRow, i64)>> = HashMap::new();
    for m in &meetings {
        let Some(request) = requests.get(&m.request_id) else {
            continue;
        };
        for side in store::meetings::sides(request) {
            by_person.entry(side).or_default().push((m, side));
        }
    }
    let sessions = store::meetings::setup::sessions(db, event.0).await?;
    for (session_id, starts_at, ends_at) in active {
        let day = local_day(starts_at, &event_row.time_zone);
        let mut at_risk: Vec<AtRisk> = vec![];
        let mut persons: Vec<i64> = by_person
            .iter()
            .filter(|(pid, list)| {
                !present.contains_key(pid)
                    && list.iter().any(|(m, _)| {
                        slot_by_id
                            .get(&m.slot_id)
                            .is_some_and(|s| s.session_id == session_id)
                    })
            })
            .map(|(pid, _)| *pid)
            .collect();
        persons.sort_unstable();
        for pid in persons {
            let mut list: Vec<RiskMeeting> = by_person
                .get(&pid)
                .into_iter()
                .flatten()
                .filter_map(|(m, _)| {
                    let slot = slot_by_id.get(&m.slot_id)?;
                    let same_day = local_day(slot.starts_at, &event_row.time_zone) == day;
                    (same_day && slot.ends_at > now).then_some((m, slot))
                })
                .filter_map(|(m, slot)| {
                    let request = requests.get(&m.request_id)?;
                    let partner = store::meetings::sides(request)
                        .into_iter()
                        .find(|p| *p != pid);
                    Some(RiskMeeting {
                        request_id: m.request_id,
                        slot_id: slot.id,
                        starts_at: slot.starts_at,
                        partner: partner.map(label_of).unwrap_or_default(),
                        partner_present: partner.is_some_and(|p| present.contains_key(&p)),
                        place: m
                            .place_id
                            .and_then(|id| places.get(&id).cloned())
                            .unwrap_or_default(),
                    })
                })
                .collect();
            if list.is_empty() {
                continue;
            }
            list.sort_by_key(|m| (m.starts_at, m.request_id));
            at_risk.push(AtRisk {
                participant_id: pid,
                name: people.get(&pid).map(person_name).unwrap_or_default(),
                company: company_of(pid),
                meetings: list,
            });
        }
        if at_risk.is_empty() {
            continue;
        }
        at_risk.sort_by(|a, b| a.name.cmp(&b.name));
        let name = sessions
            .iter()
            .find(|s| s.id == session_id)
            .map(|s| (s.name_fr.clone(), s.name_en.clone()))
            .unwrap_or_default();
        report.sessions.push(RiskSession {
            session_id,
            name,
            starts_at,
            ends_at,
            people: at_risk,
        });
    }
    Ok(report)
}

/// Saves the grace in minutes (audited).
pub async fn save_grace(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    minutes: &str,
) -> Result<u32, PresenceError> {
    let minutes: u32 = minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| *m <= MAX_GRACE_MINUTES)
        .ok_or(PresenceError::Invalid("presence-error-grace"))?;
    let txn = store::begin_write(db).await?;
    store::events::find(&txn, event)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let mut settings = super::load(&txn, event).await?;
    let before = settings.absence_grace_minutes;
    settings.absence_grace_minutes = minutes;
    super::store(&txn, event, &settings).await?;
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "absence_grace",
            entity_id: event.0.to_string(),
            before: Some(&serde_json::json!({ "minutes": before })),
            after: Some(&serde_json::json!({ "minutes": minutes })),
        },
        Utc::now(),
    )
    .await?;
    txn.commit().await?;
    Ok(minutes)
}

/// What freeing the slots of absent participants did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreeReport {
    /// Meetings cancelled.
    pub cancelled: Vec<i64>,
    /// Slots freed (each once).
    pub freed_slots: Vec<i64>,
    /// Counterparts told.
    pub told: usize,
}

/// Marks participants absent (CHK-3): in one transaction, every meeting they still have that
/// day is cancelled (reason "absent", in each counterpart's language), its seats and table
/// freed, the counterparts told by email (and SMS when enabled), and an audit entry written
/// per participant. Refused (nothing written) when one of them is no longer at risk.
pub async fn free_absent(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    participants: &[i64],
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<FreeReport, PresenceError> {
    if participants.is_empty() {
        return Err(PresenceError::Invalid("presence-error-nobody"));
    }
    let txn = store::begin_write(db).await?;
    let event_row = store::events::find(&txn, event)
        .await?
        .ok_or(PresenceError::NotFound)?;
    let rules = crate::meetings::settings::load(&txn, event).await?;
    let risk = at_risk(&txn, event, now).await?;
    let mut todo: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for pid in participants {
        let meetings: Vec<i64> = risk
            .sessions
            .iter()
            .flat_map(|s| s.people.iter())
            .filter(|p| p.participant_id == *pid)
            .flat_map(|p| p.meetings.iter().map(|m| m.request_id))
            .collect();
        if meetings.is_empty() {
            // Checked in meanwhile, freed by someone else, or not a participant at risk.
            return Err(PresenceError::Changed);
        }
        todo.insert(*pid, meetings);
    }
    let absent: HashSet<i64> = todo.keys().copied().collect();
    let notifier = Notifier {
        event: &event_row,
        settings: &rules,
        base_url,
    };
    let mut report = FreeReport::default();
    let mut done: HashSet<i64> = HashSet::new();
    for (pid, meetings) in &todo {
        let mut cancelled_here = vec![];
        for request_id in meetings {
            if !done.insert(*request_id) {
                continue;
            }
            let Some(request) = store::meetings::find_request(&txn, event.0, *request_id).await?
            else {
                return Err(PresenceError::Changed);
            };
            if request.state != RequestState::Scheduled.as_str() {
                return Err(PresenceError::Changed);
            }
            let counterparts: Vec<i64> = store::meetings::sides(&request)
                .into_iter()
                .filter(|p| !absent.contains(p))
                .collect();
            let contacts = store::meetings::contacts(&txn, event.0, &counterparts).await?;
            // Told before the placement goes, so the notice still gives the time and place.
            for contact in &contacts {
                let locale = Locale::parse(&contact.locale).unwrap_or(Locale::Fr);
                let notice = Notice::Cancelled {
                    reason: t(locale, "presence-absent-reason"),
                };
                notifier
                    .send(&txn, &request, &notice, &[contact.participant_id], now)
                    .await?;
                report.told += 1;
            }
            let removed = store::meetings::delete_placement(&txn, request.id).await?;
            if !store::meetings::set_request_state(
                &txn,
                request.id,
                RequestState::Scheduled.as_str(),
                RequestState::Cancelled.as_str(),
                now,
            )
            .await?
            {
                return Err(PresenceError::Changed);
            }
            let locale = contacts
                .first()
                .and_then(|c| Locale::parse(&c.locale))
                .unwrap_or(Locale::Fr);
            let reason = t(locale, "presence-absent-reason");
            store::meetings::agenda::set_cancel_reason(&txn, request.id, &reason, now).await?;
            if let Some(m) = removed
                && !report.freed_slots.contains(&m.slot_id)
            {
                report.freed_slots.push(m.slot_id);
            }
            report.cancelled.push(request.id);
            cancelled_here.push(request.id);
        }
        crate::audit::record(
            &txn,
            actor,
            Change::<(), _> {
                event: Some(event),
                action: "mark_absent",
                entity: "participant",
                entity_id: pid.to_string(),
                before: None,
                after: Some(&serde_json::json!({ "cancelled": cancelled_here })),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}
