//! Check-in (CHK-2, CHK-4): by list, camera or handheld scanner, from several stations, with
//! offline scans replayed later; live counts.
//!
//! One row per participant (`checkin`, unique `participant_id`) holds the *first* scan: a
//! second scan, from any station, reports "already checked in at … by …" and changes
//! nothing; two stations at once write one row (the database's unique index decides, the
//! loser reports `AlreadyIn`); an offline scan replayed later with an earlier device time
//! moves the check-in back to that time (conflicts are resolved by first scan time).

use crate::InternalError;
use crate::audit::{self, Actor, Change};
use crate::event_day::pass::{self, PassRefusal};
use crate::taxonomy::{self, Vocabulary};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use domain::meeting::RequestState;
use domain::{EventId, Locale, ParticipantId};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::ConnectionTrait;
use store::checkin::NewCheckin;
use store::events::{EventRow, ParticipantRow};

/// The longest station name kept.
pub const MAX_STATION_CHARS: usize = 40;

/// How a participant was checked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// One tap in the list.
    List,
    /// The device's camera, decoded in the browser.
    Camera,
    /// A handheld scanner typing into the field.
    Scanner,
    /// A camera frame decoded by the server.
    Photo,
    /// Registered on site.
    Onsite,
    /// A scan made without network, replayed later.
    Offline,
}

impl Method {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::List => "list",
            Method::Camera => "camera",
            Method::Scanner => "scanner",
            Method::Photo => "photo",
            Method::Onsite => "onsite",
            Method::Offline => "offline",
        }
    }

    /// The method with this code (unknown codes are a scanner: the safest reading).
    pub fn parse(code: &str) -> Method {
        match code {
            "list" => Method::List,
            "camera" => Method::Camera,
            "photo" => Method::Photo,
            "onsite" => Method::Onsite,
            "offline" => Method::Offline,
            _ => Method::Scanner,
        }
    }
}

/// Who is checked in: a scanned or typed badge code, or a participant picked in the list.
#[derive(Clone, Debug)]
pub enum Target {
    /// The badge's digits as read (normalized by `pass::identify`).
    Token(String),
    /// A participant of the list.
    Participant(ParticipantId),
}

/// One scan at a station.
#[derive(Clone, Debug)]
pub struct Scan {
    /// The station's name (trimmed, at most `MAX_STATION_CHARS`).
    pub station: String,
    /// How.
    pub method: Method,
    /// The device's time for a scan made offline and replayed; none for a live scan.
    pub scanned_at: Option<DateTime<Utc>>,
    /// The server's time.
    pub now: DateTime<Utc>,
}

/// One meeting on the answer card.
#[derive(Clone, Debug)]
pub struct MeetingLine {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The other side ("Name (Company)").
    pub with: String,
    /// Table, stand or desk.
    pub place: String,
}

/// What the desk sees about the person.
#[derive(Clone, Debug)]
pub struct Card {
    /// The participant.
    pub participant_id: i64,
    /// First and last name.
    pub name: String,
    /// Company name, empty for none.
    pub company: String,
    /// Category labels in the desk's language, joined.
    pub category: String,
    /// The event's time zone, to show times.
    pub time_zone: String,
    /// The day of `meetings` (today, or the next day with meetings), in the event's zone.
    pub meetings_day: Option<NaiveDate>,
    /// The meetings of that day, in time order.
    pub meetings: Vec<MeetingLine>,
}

/// The answer to a scan.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Checked in now.
    Admitted(Card),
    /// Already checked in: by this first scan.
    AlreadyIn {
        /// The person.
        card: Card,
        /// First scan time.
        first_at: DateTime<Utc>,
        /// The station of the first scan.
        first_station: String,
    },
    /// Not admitted, and why.
    Refused(PassRefusal),
}

/// What goes wrong beyond a refusal.
#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    /// A participant id of another event or that does not exist.
    #[error("not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<store::DbErr> for CheckinError {
    fn from(e: store::DbErr) -> Self {
        CheckinError::Internal(InternalError::Database(e))
    }
}

/// The QR codes read in a camera frame (PNG or JPEG) sent by a device without
/// `BarcodeDetector`; an unreadable or oversized image reads as none. CPU-bound: call it
/// from a blocking task.
pub fn read_codes(image: &[u8]) -> Vec<String> {
    documents::decode_qr(image).unwrap_or_default()
}

/// A station name as kept: trimmed, bounded, "—" when empty.
pub fn clean_station(raw: &str) -> String {
    let trimmed: String = raw.trim().chars().take(MAX_STATION_CHARS).collect();
    if trimmed.is_empty() {
        "—".to_string()
    } else {
        trimmed
    }
}

/// Checks a participant in (CHK-2): one transaction with its audit entry; idempotent (a
/// second scan never counts twice); only validated participants of this event are admitted.
pub async fn check_in(
    db: &store::DatabaseConnection,
    actor: &Actor,
    event: EventId,
    target: Target,
    scan: Scan,
    locale: Locale,
) -> Result<Outcome, CheckinError> {
    let at = scan.scanned_at.map_or(scan.now, |t| t.min(scan.now));
    let station = clean_station(&scan.station);
    let txn = store::begin_write(db).await?;
    let (participant_id, by_token) = match target {
        Target::Token(raw) => match pass::identify(&txn, event, &raw).await? {
            Ok(id) => (id, true),
            Err(refusal) => {
                txn.commit().await?;
                return Ok(Outcome::Refused(refusal));
            }
        },
        Target::Participant(id) => (id, false),
    };
    let person = store::checkin::participant(&txn, event.0, participant_id.0).await?;
    let person = match person {
        Some(p) if p.status == "validated" => p,
        None if !by_token => return Err(CheckinError::NotFound),
        _ => {
            txn.commit().await?;
            return Ok(Outcome::Refused(PassRefusal::Unknown));
        }
    };
    let new = NewCheckin {
        participant_id: person.id,
        checked_at: at,
        station: station.clone(),
        method: scan.method.as_str().to_string(),
        by_user_id: actor.user_id.map(|u| u.0),
    };
    let audit_after = serde_json::json!({
        "participant_id": person.id,
        "station": station,
        "method": scan.method.as_str(),
        "checked_at": at,
    });
    let first = if store::checkin::insert_if_absent(&txn, event.0, new.clone(), scan.now).await? {
        audit_checkin(
            &txn,
            actor,
            event,
            person.id,
            "checkin",
            &audit_after,
            scan.now,
        )
        .await?;
        None
    } else {
        let existing = store::checkin::find(&txn, event.0, person.id)
            .await?
            .ok_or_else(|| InternalError::Other("check-in row vanished".into()))?;
        let same_scan = scan.scanned_at.is_some()
            && existing.station == station
            && (existing.checked_at - at).abs() < TimeDelta::seconds(1);
        if same_scan {
            // The same offline scan sent twice (the answer was lost): same answer.
            None
        } else if existing.checked_at > at
            && store::checkin::keep_earliest(&txn, event.0, new).await?
        {
            audit_checkin(
                &txn,
                actor,
                event,
                person.id,
                "checkin_earlier",
                &audit_after,
                scan.now,
            )
            .await?;
            Some((at, station))
        } else {
            Some((existing.checked_at, existing.station))
        }
    };
    txn.commit().await?;
    let card = card(db, event, &person, locale, scan.now).await?;
    Ok(match first {
        None => Outcome::Admitted(card),
        Some((first_at, first_station)) => Outcome::AlreadyIn {
            card,
            first_at,
            first_station,
        },
    })
}

async fn audit_checkin(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    event: EventId,
    participant: i64,
    action: &str,
    after: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), InternalError> {
    audit::record::<(), _>(
        txn,
        actor,
        Change {
            event: Some(event),
            action,
            entity: "checkin",
            entity_id: participant.to_string(),
            before: None,
            after: Some(after),
        },
        now,
    )
    .await
}

/// Undoes a check-in made by mistake, audited. Returns whether there was one; another
/// event's participant is `NotFound`.
pub async fn undo(
    db: &store::DatabaseConnection,
    actor: &Actor,
    event: EventId,
    participant: ParticipantId,
    now: DateTime<Utc>,
) -> Result<bool, CheckinError> {
    let txn = store::begin_write(db).await?;
    if store::checkin::participant(&txn, event.0, participant.0)
        .await?
        .is_none()
    {
        return Err(CheckinError::NotFound);
    }
    let Some(existing) = store::checkin::find(&txn, event.0, participant.0).await? else {
        txn.commit().await?;
        return Ok(false);
    };
    store::checkin::delete(&txn, event.0, participant.0).await?;
    audit::record::<_, ()>(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "delete",
            entity: "checkin",
            entity_id: participant.0.to_string(),
            before: Some(&existing),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The answer card of a participant: who, and the meetings of the day.
pub async fn card(
    db: &impl ConnectionTrait,
    event: EventId,
    person: &ParticipantRow,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Card, InternalError> {
    let event_row: EventRow = store::events::find(db, event)
        .await?
        .ok_or_else(|| InternalError::Other("event vanished".into()))?;
    let people = people(db, event, locale, &[person.id]).await?;
    let (name, company, category) = people
        .into_iter()
        .next()
        .map(|p| (p.name, p.company, p.category))
        .unwrap_or_default();
    let tz: chrono_tz::Tz = event_row
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Europe::Paris);
    let agenda = crate::meetings::agenda::agenda_of(db, event_row.clone(), person.clone(), now)
        .await
        .map_err(|e| InternalError::Other(format!("agenda: {e}")))?;
    let mut by_day: BTreeMap<NaiveDate, Vec<MeetingLine>> = BTreeMap::new();
    for item in agenda.items {
        if !matches!(item.state, RequestState::Scheduled | RequestState::Held) {
            continue;
        }
        let Some(slot) = item.slot else { continue };
        by_day
            .entry(slot.starts_at.with_timezone(&tz).date_naive())
            .or_default()
            .push(MeetingLine {
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                with: item.partner.label(),
                place: item.place,
            });
    }
    let today = now.with_timezone(&tz).date_naive();
    let day = by_day.range(today..).next().map(|(d, _)| *d);
    let mut meetings = day.and_then(|d| by_day.remove(&d)).unwrap_or_default();
    meetings.sort_by_key(|m| m.starts_at);
    Ok(Card {
        participant_id: person.id,
        name,
        company,
        category,
        time_zone: event_row.time_zone,
        meetings_day: day,
        meetings,
    })
}

/// A validated participant as the desk lists them.
#[derive(Clone, Debug)]
pub struct Person {
    /// The participant.
    pub participant_id: i64,
    /// First and last name (or "#id").
    pub name: String,
    /// Company name.
    pub company: String,
    /// Category labels, joined.
    pub category: String,
    /// Category labels, one each.
    pub categories: Vec<String>,
}

/// Names, companies and categories of some participants (all validated ones when `only`
/// is empty), by last then first name.
async fn people(
    db: &impl ConnectionTrait,
    event: EventId,
    locale: Locale,
    only: &[i64],
) -> Result<Vec<Person>, InternalError> {
    let rows: Vec<ParticipantRow> = if only.is_empty() {
        store::checkin::validated_participants(db, event.0).await?
    } else {
        let mut found = Vec::new();
        for id in only {
            if let Some(p) = store::checkin::participant(db, event.0, *id).await? {
                found.push(p);
            }
        }
        found
    };
    let companies: HashMap<i64, String> =
        store::registration::companies_with_status(db, event, None)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
    for value in store::forms::values_of_owners(db, event, &[], &[], &ids).await? {
        if value.field_key == "category"
            && !value.value.trim().is_empty()
            && let Some(p) = value.participant_id
        {
            codes.entry(p).or_default().push(value.value);
        }
    }
    let terms = taxonomy::load(db, event).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let name = format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string();
            let categories: Vec<String> = codes
                .remove(&p.id)
                .unwrap_or_default()
                .iter()
                .map(|c| terms.label(Vocabulary::ParticipantCategory, c, locale))
                .collect();
            let category = categories.join(", ");
            Person {
                participant_id: p.id,
                name: if name.is_empty() {
                    format!("#{}", p.id)
                } else {
                    name
                },
                company: p
                    .company_id
                    .and_then(|c| companies.get(&c).cloned())
                    .unwrap_or_default(),
                category,
                categories,
            }
        })
        .collect())
}

/// One line of the check-in list.
#[derive(Clone, Debug)]
pub struct RosterLine {
    /// The person.
    pub person: Person,
    /// First scan time and station, when checked in.
    pub checked: Option<(DateTime<Utc>, String)>,
}

/// Every validated participant with their check-in, by name; and the event's time zone.
pub async fn roster(
    db: &impl ConnectionTrait,
    event: EventId,
    locale: Locale,
) -> Result<Vec<RosterLine>, InternalError> {
    let checkins: HashMap<i64, (DateTime<Utc>, String)> = store::checkin::of_event(db, event.0)
        .await?
        .into_iter()
        .map(|c| (c.participant_id, (c.checked_at, c.station)))
        .collect();
    Ok(people(db, event, locale, &[])
        .await?
        .into_iter()
        .map(|person| RosterLine {
            checked: checkins.get(&person.participant_id).cloned(),
            person,
        })
        .collect())
}

/// Registered, present and absent people of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    /// Label (session or category name; empty for the whole event).
    pub label: String,
    /// Validated participants.
    pub registered: usize,
    /// Checked in.
    pub present: usize,
    /// Not checked in.
    pub absent: usize,
}

/// The organizer's live counters (CHK-4).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counters {
    /// The whole event.
    pub total: Count,
    /// Per B2B session (people attending it; no choice means every session).
    pub sessions: Vec<Count>,
    /// Per participant category (people without one under "—").
    pub categories: Vec<Count>,
}

fn count(label: String, members: &[i64], present: &HashSet<i64>) -> Count {
    let here = members.iter().filter(|p| present.contains(p)).count();
    Count {
        label,
        registered: members.len(),
        present: here,
        absent: members.len() - here,
    }
}

/// Counts registered, present and absent people, overall, per session and per category.
pub async fn counters(
    db: &impl ConnectionTrait,
    event: EventId,
    locale: Locale,
) -> Result<Counters, InternalError> {
    let people = people(db, event, locale, &[]).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.participant_id).collect();
    let present: HashSet<i64> = store::checkin::of_event(db, event.0)
        .await?
        .into_iter()
        .map(|c| c.participant_id)
        .filter(|p| ids.contains(p))
        .collect();
    let attendance = store::checkin::session_attendance(db, event.0).await?;
    let choosers: HashSet<i64> = attendance.iter().map(|(p, _)| *p).collect();
    let sessions = store::meetings::setup::sessions(db, event.0)
        .await?
        .into_iter()
        .map(|s| {
            let members: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|p| !choosers.contains(p) || attendance.contains(&(*p, s.id)))
                .collect();
            let name = match locale {
                Locale::Fr => s.name_fr,
                Locale::En => s.name_en,
            };
            count(name, &members, &present)
        })
        .collect();
    let mut by_category: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for person in &people {
        if person.categories.is_empty() {
            by_category
                .entry("—".to_string())
                .or_default()
                .push(person.participant_id);
        }
        for label in &person.categories {
            by_category
                .entry(label.to_string())
                .or_default()
                .push(person.participant_id);
        }
    }
    Ok(Counters {
        total: count(String::new(), &ids, &present),
        sessions,
        categories: by_category
            .into_iter()
            .map(|(label, members)| count(label, &members, &present))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn station_names_are_trimmed_and_bounded() {
        assert_eq!(clean_station("  Entrée A  "), "Entrée A");
        assert_eq!(clean_station(""), "—");
        assert_eq!(
            clean_station(&"x".repeat(100)).chars().count(),
            MAX_STATION_CHARS
        );
    }

    #[test]
    fn methods_round_trip() {
        for m in [
            Method::List,
            Method::Camera,
            Method::Scanner,
            Method::Photo,
            Method::Onsite,
            Method::Offline,
        ] {
            assert_eq!(Method::parse(m.as_str()), m);
        }
        assert_eq!(Method::parse("??"), Method::Scanner);
    }
}
