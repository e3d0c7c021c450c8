//! What the organizer and the public see of the experts: profiles, candidates ranked, and
//! each participant's criteria (EXP-1, EXP-2, EXP-4).

use super::{seats_used, shared_words};
use crate::form_fields::{Scope, Section};
use crate::taxonomy::EXPERT_CATEGORY;
use chrono::{DateTime, Utc};
use domain::meeting::RequestState;
use domain::{EventId, Locale};
use store::ConnectionTrait;
use store::forms::Owner;

/// A company asking an expert, as the organizer sees it among the candidates.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The request.
    pub request_id: i64,
    /// Rank, 1 first.
    pub rank: usize,
    /// The asker "Name (Company)".
    pub who: String,
    /// The request's state.
    pub state: String,
    /// When it arrived.
    pub arrived_at: DateTime<Utc>,
    /// Words the asker's criteria share with the profile sought.
    pub matched: Vec<String>,
    /// The asker's criteria (label, answer).
    pub criteria: Vec<(String, String)>,
    /// The asker's message.
    pub message: String,
}

/// An expert as the organizer sees it.
#[derive(Debug, Clone)]
pub struct ExpertCard {
    /// The participant.
    pub participant_id: i64,
    /// "First Last".
    pub name: String,
    /// Company name.
    pub company: String,
    /// Whether a profile was saved.
    pub has_profile: bool,
    /// Whether the registration is validated (only those are listed publicly).
    pub validated: bool,
    /// Cap, empty for none.
    pub max_meetings: String,
    /// Desk label, empty for none.
    pub desk: String,
    /// Profile sought (FR).
    pub sought_fr: String,
    /// Profile sought (EN).
    pub sought_en: String,
    /// Takes meetings.
    pub is_available: bool,
    /// Sessions attended (empty: all).
    pub sessions: Vec<i64>,
    /// Slots blocked.
    pub blocked: Vec<i64>,
    /// Meetings agreed (confirmed or scheduled, held…).
    pub agreed: usize,
    /// Requests waiting for a decision (requested) or for a time (confirmed), ranked.
    pub candidates: Vec<Candidate>,
    /// More requests than places left under the cap.
    pub over_subscribed: bool,
}

/// An expert as the public sees it.
#[derive(Debug, Clone)]
pub struct PublicExpert {
    /// The participant.
    pub participant_id: i64,
    /// "First Last".
    pub name: String,
    /// Company name.
    pub company: String,
    /// Profile sought, in the reader's language.
    pub sought: String,
    /// Sessions attended, named in the reader's language (empty: all).
    pub sessions: Vec<String>,
    /// Number of meetings left, none for no limit.
    pub places_left: Option<usize>,
    /// Takes meetings.
    pub is_available: bool,
}

/// The answers a company gave to the expert criteria (EXP-2), as (label, readable value).
pub async fn criteria_of(
    db: &impl ConnectionTrait,
    event: EventId,
    company_id: i64,
    locale: Locale,
) -> Result<Vec<(String, String)>, store::DbErr> {
    CriteriaReader::load(db, event)
        .await?
        .read(db, company_id, locale)
        .await
}

/// The event's form and lists, read once to show many companies' criteria.
pub(crate) struct CriteriaReader {
    event: EventId,
    design: crate::form_fields::FormDesign,
    taxonomy: crate::taxonomy::Taxonomy,
}

impl CriteriaReader {
    pub(crate) async fn load(
        db: &impl ConnectionTrait,
        event: EventId,
    ) -> Result<CriteriaReader, store::DbErr> {
        Ok(CriteriaReader {
            event,
            design: crate::form_fields::load(db, event).await?,
            taxonomy: crate::taxonomy::load(db, event).await?,
        })
    }

    pub(crate) async fn read(
        &self,
        db: &impl ConnectionTrait,
        company_id: i64,
        locale: Locale,
    ) -> Result<Vec<(String, String)>, store::DbErr> {
        let values = store::forms::values_of(db, self.event, Owner::Company(company_id)).await?;
        Ok(self
            .design
            .fields
            .iter()
            .filter(|f| f.scope == Scope::Company && f.section == Section::Expert)
            .filter_map(|f| {
                let value = values.iter().find(|v| v.field_key == f.key)?;
                let shown = f.display(&value.value, &self.taxonomy, locale);
                (!shown.trim().is_empty()).then(|| (f.label(locale), shown))
            })
            .collect())
    }
}

/// Every expert of the event (category `expert`) with profile and candidates.
pub async fn experts_of(
    db: &impl ConnectionTrait,
    event: EventId,
    locale: Locale,
) -> Result<Vec<ExpertCard>, store::DbErr> {
    use store::meetings::experts as q;
    let people = q::participants_in_category(db, event.0, EXPERT_CATEGORY).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let validated: Vec<i64> = people
        .iter()
        .filter(|p| p.status == "validated")
        .map(|p| p.id)
        .collect();
    let profiles = q::profiles(db, event.0).await?;
    let desks = q::desks(db, event.0).await?;
    let attendance = store::meetings::attendance_rows(db, event.0).await?;
    let blocked = store::meetings::unavailable_rows(db, event.0).await?;
    let requests = q::expert_requests_to(db, event.0, &ids).await?;
    let mut askers: Vec<i64> = requests.iter().map(|r| r.requester_id).collect();
    askers.extend(&ids);
    let contacts = store::meetings::contacts(db, event.0, &askers).await?;
    let everyone = store::events::participants(db, event).await?;
    let reader = CriteriaReader::load(db, event).await?;
    let mut cards = Vec::new();
    for person in people {
        let profile = profiles.iter().find(|p| p.participant_id == person.id);
        let contact = contacts.iter().find(|c| c.participant_id == person.id);
        let sought = profile
            .map(|p| format!("{} {}", p.sought_fr, p.sought_en))
            .unwrap_or_default();
        let mine: Vec<_> = requests
            .iter()
            .filter(|r| r.target_participant_id == Some(person.id))
            .cloned()
            .collect();
        let agreed = seats_used(&mine, person.id);
        let mut candidates = Vec::new();
        for request in mine.iter().filter(|r| is_candidate(r)) {
            let asker = contacts
                .iter()
                .find(|c| c.participant_id == request.requester_id);
            let company = everyone
                .iter()
                .find(|p| p.id == request.requester_id)
                .and_then(|p| p.company_id);
            let criteria = match company {
                Some(company) => reader.read(db, company, locale).await?,
                None => Vec::new(),
            };
            let criteria_text: String = criteria
                .iter()
                .map(|(_, v)| v.as_str())
                .chain(std::iter::once(request.message.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            candidates.push(Candidate {
                request_id: request.id,
                rank: 0,
                who: asker.map(label).unwrap_or_default(),
                state: request.state.clone(),
                arrived_at: request.created_at,
                matched: shared_words(&criteria_text, &sought),
                criteria,
                message: request.message.clone(),
            });
        }
        rank(&mut candidates);
        // Over-subscribed: the requests still waiting (for an answer or for a time) do not
        // all fit in the places the cap leaves beside the meetings already placed.
        let placed = mine
            .iter()
            .filter(|r| {
                matches!(
                    r.state.parse::<RequestState>(),
                    Ok(RequestState::Scheduled | RequestState::Held | RequestState::NoShow)
                )
            })
            .count();
        let over_subscribed = profile.and_then(|p| p.max_meetings).is_some_and(|cap| {
            candidates.len()
                > usize::try_from(cap.max(0))
                    .unwrap_or(0)
                    .saturating_sub(placed)
        });
        cards.push(ExpertCard {
            participant_id: person.id,
            name: contact.map(|c| c.name.clone()).unwrap_or_default(),
            company: contact.map(|c| c.company.clone()).unwrap_or_default(),
            has_profile: profile.is_some(),
            validated: validated.contains(&person.id),
            max_meetings: profile
                .and_then(|p| p.max_meetings)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            desk: desks
                .iter()
                .find(|d| d.owner_participant_id == Some(person.id))
                .map(|d| d.label.clone())
                .unwrap_or_default(),
            sought_fr: profile.map(|p| p.sought_fr.clone()).unwrap_or_default(),
            sought_en: profile.map(|p| p.sought_en.clone()).unwrap_or_default(),
            is_available: profile.is_some_and(|p| p.is_available),
            sessions: attendance
                .iter()
                .filter(|(p, _)| *p == person.id)
                .map(|(_, s)| *s)
                .collect(),
            blocked: blocked
                .iter()
                .filter(|(p, _)| *p == person.id)
                .map(|(_, s)| *s)
                .collect(),
            agreed,
            candidates,
            over_subscribed,
        });
    }
    Ok(cards)
}

/// Requests an organizer may still keep or turn down: waiting for the expert's answer, or
/// agreed but without a time yet.
fn is_candidate(request: &store::meetings::RequestRow) -> bool {
    matches!(
        request.state.parse::<RequestState>(),
        Ok(RequestState::Requested | RequestState::Accepted | RequestState::Confirmed)
    )
}

/// Ranks candidates: order of arrival first (first come, first served), then — for requests
/// that arrived in the same second — the one whose criteria share more words with the
/// profile sought.
pub(crate) fn rank(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        a.arrived_at
            .timestamp()
            .cmp(&b.arrived_at.timestamp())
            .then(b.matched.len().cmp(&a.matched.len()))
            .then(a.request_id.cmp(&b.request_id))
    });
    for (i, c) in candidates.iter_mut().enumerate() {
        c.rank = i + 1;
    }
}

fn label(c: &store::meetings::Contact) -> String {
    if c.company.is_empty() {
        c.name.clone()
    } else {
        format!("{} ({})", c.name, c.company)
    }
}

/// The experts listed publicly: those with a profile, available ones first.
pub async fn public_experts(
    db: &impl ConnectionTrait,
    event: EventId,
    locale: Locale,
) -> Result<Vec<PublicExpert>, store::DbErr> {
    let sessions = store::meetings::setup::sessions(db, event.0).await?;
    let mut listed: Vec<PublicExpert> = experts_of(db, event, locale)
        .await?
        .into_iter()
        .filter(|card| card.has_profile && card.validated)
        .map(|card| {
            let sought = match locale {
                Locale::En if !card.sought_en.is_empty() => card.sought_en.clone(),
                _ => card.sought_fr.clone(),
            };
            let places_left = card
                .max_meetings
                .parse::<usize>()
                .ok()
                .map(|cap| cap.saturating_sub(card.agreed));
            PublicExpert {
                participant_id: card.participant_id,
                name: card.name,
                company: card.company,
                sought,
                sessions: sessions
                    .iter()
                    .filter(|s| card.sessions.contains(&s.id))
                    .map(|s| match locale {
                        Locale::En if !s.name_en.is_empty() => s.name_en.clone(),
                        _ => s.name_fr.clone(),
                    })
                    .collect(),
                places_left,
                is_available: card.is_available,
            }
        })
        .collect();
    listed.sort_by_key(|e| !e.is_available);
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn candidate(id: i64, second: u32, matched: &[&str]) -> Candidate {
        Candidate {
            request_id: id,
            rank: 0,
            who: String::new(),
            state: "requested".into(),
            arrived_at: Utc
                .with_ymd_and_hms(2027, 3, 1, 9, 0, second)
                .single()
                .unwrap_or_default(),
            matched: matched.iter().map(|w| w.to_string()).collect(),
            criteria: Vec::new(),
            message: String::new(),
        }
    }

    #[test]
    fn arrival_order_first_then_matching_words() {
        let mut list = vec![
            candidate(1, 5, &[]),
            candidate(2, 1, &[]),
            candidate(3, 5, &["maroc", "export"]),
        ];
        rank(&mut list);
        let order: Vec<(i64, usize)> = list.iter().map(|c| (c.request_id, c.rank)).collect();
        assert_eq!(order, vec![(2, 1), (3, 2), (1, 3)]);
    }
}
