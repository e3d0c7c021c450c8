//! Queries behind the back office's printed documents (CHK-5): the people of an event with
//! their companies, every placed meeting in one go, check-ins, and when each personal agenda
//! was last issued. Everything is scoped to one event and loaded in a few queries, whatever
//! the number of participants.

use crate::entities::{
    agenda_issue, b2b_session, company, meeting, meeting_request, participant, place,
    session_attendance, slot, venue,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use std::collections::{HashMap, HashSet};

/// A validated participant with what documents print about them.
#[derive(Debug, Clone)]
pub struct Person {
    /// Participant id.
    pub participant_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Company name, empty for none.
    pub company: String,
    /// Company postal address lines (address, city, country), empty ones left out.
    pub address_lines: Vec<String>,
    /// Job title in French and English.
    pub job_title: (String, String),
}

impl Person {
    /// "First Last".
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// The event's validated participants, by last then first name.
pub async fn people(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<Person>, DbErr> {
    let rows = participant::Entity::find()
        .filter(participant::Column::EventId.eq(event_id))
        .filter(participant::Column::Status.eq("validated"))
        .order_by_asc(participant::Column::LastName)
        .order_by_asc(participant::Column::FirstName)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await?;
    let companies: HashMap<i64, company::Model> = company::Entity::find()
        .filter(company::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(rows
        .into_iter()
        .map(|p| {
            let company = p.company_id.and_then(|id| companies.get(&id));
            Person {
                participant_id: p.id,
                first_name: p.first_name,
                last_name: p.last_name,
                company: company.map(|c| c.name.clone()).unwrap_or_default(),
                address_lines: company
                    .map(|c| {
                        [c.address.clone(), c.city.clone(), c.country.clone()]
                            .into_iter()
                            .filter(|l| !l.trim().is_empty())
                            .collect()
                    })
                    .unwrap_or_default(),
                job_title: (p.job_title_fr, p.job_title_en),
            }
        })
        .collect())
}

/// The event's B2B sessions in time order.
pub async fn sessions(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<b2b_session::Model>, DbErr> {
    b2b_session::Entity::find()
        .filter(b2b_session::Column::EventId.eq(event_id))
        .order_by_asc(b2b_session::Column::Day)
        .order_by_asc(b2b_session::Column::StartsLocal)
        .order_by_asc(b2b_session::Column::Id)
        .all(db)
        .await
}

/// The event's venues.
pub async fn venues(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<venue::Model>, DbErr> {
    venue::Entity::find()
        .filter(venue::Column::EventId.eq(event_id))
        .order_by_asc(venue::Column::Id)
        .all(db)
        .await
}

/// Who attends which session: participant id → session ids. A participant absent from the
/// map attends every session (MTG-1).
pub async fn attendance(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<HashMap<i64, HashSet<i64>>, DbErr> {
    let mut map: HashMap<i64, HashSet<i64>> = HashMap::new();
    for row in session_attendance::Entity::find()
        .filter(session_attendance::Column::EventId.eq(event_id))
        .all(db)
        .await?
    {
        map.entry(row.participant_id)
            .or_default()
            .insert(row.session_id);
    }
    Ok(map)
}

/// A meeting with its time and place, as printed.
#[derive(Debug, Clone)]
pub struct PlacedMeeting {
    /// The request.
    pub request_id: i64,
    /// The side who asked.
    pub requester_id: i64,
    /// The other side's participant, when named.
    pub target_participant_id: Option<i64>,
    /// The other side's company.
    pub target_company_id: i64,
    /// The company name of the target side (for unnamed targets).
    pub target_company: String,
    /// The slot's session.
    pub session_id: i64,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The place, if any.
    pub place_id: Option<i64>,
    /// The place's label, empty for none.
    pub place: String,
}

/// Request states whose meeting is printed on agendas and table schedules.
pub const PRINTED_STATES: [&str; 3] = ["confirmed", "scheduled", "held"];

/// Every placed meeting of the event in a printed state, in time order.
pub async fn placed_meetings(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<PlacedMeeting>, DbErr> {
    let requests: HashMap<i64, meeting_request::Model> = meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in(PRINTED_STATES))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::EventId.eq(event_id))
        .all(db)
        .await?;
    let slots: HashMap<i64, slot::Model> = slot::Entity::find()
        .filter(slot::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let places: HashMap<i64, String> = place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.label))
        .collect();
    let companies: HashMap<i64, String> = company::Entity::find()
        .filter(company::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut out: Vec<PlacedMeeting> = meetings
        .into_iter()
        .filter_map(|m| {
            let request = requests.get(&m.request_id)?;
            let slot = slots.get(&m.slot_id)?;
            Some(PlacedMeeting {
                request_id: request.id,
                requester_id: request.requester_id,
                target_participant_id: request.target_participant_id,
                target_company_id: request.target_company_id,
                target_company: companies
                    .get(&request.target_company_id)
                    .cloned()
                    .unwrap_or_default(),
                session_id: slot.session_id,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                place_id: m.place_id,
                place: m
                    .place_id
                    .and_then(|id| places.get(&id).cloned())
                    .unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by_key(|m| (m.starts_at, m.place.clone(), m.request_id));
    Ok(out)
}

/// The event's places (shared tables, stands, desks) in display order.
pub async fn places(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<place::Model>, DbErr> {
    place::Entity::find()
        .filter(place::Column::EventId.eq(event_id))
        .order_by_asc(place::Column::SessionId)
        .order_by_asc(place::Column::Position)
        .order_by_asc(place::Column::Id)
        .all(db)
        .await
}

/// When each participant's agenda was last issued.
pub async fn agenda_issues(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<HashMap<i64, DateTime<Utc>>, DbErr> {
    Ok(agenda_issue::Entity::find()
        .filter(agenda_issue::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.issued_at))
        .collect())
}

/// Records that these participants' agendas were issued at `now`.
pub async fn record_agenda_issues(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let existing = agenda_issues(db, event_id).await?;
    let (known, new): (Vec<i64>, Vec<i64>) = participant_ids
        .iter()
        .partition(|id| existing.contains_key(id));
    for chunk in known.chunks(500) {
        agenda_issue::Entity::update_many()
            .col_expr(agenda_issue::Column::IssuedAt, Expr::value(now))
            .filter(agenda_issue::Column::EventId.eq(event_id))
            .filter(agenda_issue::Column::ParticipantId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    for chunk in new.chunks(500) {
        agenda_issue::Entity::insert_many(chunk.iter().map(|id| agenda_issue::ActiveModel {
            event_id: Set(event_id),
            participant_id: Set(*id),
            issued_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// The latest change to each participant's meetings: the newest `updated_at` of the
/// requests they are a side of (agreed, placed, moved or cancelled after agreement) and of
/// those requests' placements. Participants without any such meeting are absent.
pub async fn agenda_changes(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<HashMap<i64, DateTime<Utc>>, DbErr> {
    let requests = meeting_request::Entity::find()
        .filter(meeting_request::Column::EventId.eq(event_id))
        .filter(meeting_request::Column::State.is_in([
            "confirmed",
            "scheduled",
            "held",
            "no_show",
            "cancelled",
        ]))
        .all(db)
        .await?;
    let placed: HashMap<i64, DateTime<Utc>> = meeting::Entity::find()
        .filter(meeting::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.request_id, m.updated_at))
        .collect();
    let mut latest: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for request in requests {
        let changed = placed
            .get(&request.id)
            .map_or(request.updated_at, |m| (*m).max(request.updated_at));
        let sides = std::iter::once(request.requester_id).chain(request.target_participant_id);
        for side in sides {
            let entry = latest.entry(side).or_insert(changed);
            if changed > *entry {
                *entry = changed;
            }
        }
    }
    Ok(latest)
}
