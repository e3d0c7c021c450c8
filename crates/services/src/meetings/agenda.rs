//! A participant's agenda (PRV-1, MTG-6): the meetings they sit in with partner, time and
//! place, the requests waiting for their answer, cancelling a meeting, and the calendar
//! (an iCalendar file, and a private subscription URL whose token only the participant ever
//! sees: the database keeps its SHA-256).

pub mod ics;

use crate::i18n::t_args;
use crate::meetings::availability::Availability;
use crate::meetings::notify::{Notice, Notifier, local_time};
use crate::meetings::{MeetingSettings, settings};
use chrono::{DateTime, Utc};
use domain::meeting::{RequestAction, RequestState};
use domain::{EventId, Locale, Permission};
use store::ConnectionTrait;
use store::entities::slot::Model as SlotRow;
use store::events::{EventRow, ParticipantRow};
use store::meetings::RequestRow;
use store::users::UserRow;

/// Why an agenda action was refused.
#[derive(Debug, thiserror::Error)]
pub enum AgendaError {
    /// Not the person's event or meeting (no hint that it exists).
    #[error("not found")]
    NotFound,
    /// The meeting is not in a state that allows it (already cancelled, not agreed…).
    #[error("conflict")]
    Conflict,
    /// The input is wrong; the message id says why.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// Storage failed.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

crate::database_errors_are_internal!(AgendaError);

/// States shown on the agenda: agreed meetings and the ones cancelled after agreement.
pub const AGENDA_STATES: [&str; 5] = ["confirmed", "scheduled", "held", "no_show", "cancelled"];

/// The longest cancellation reason kept.
pub const MAX_REASON_CHARS: usize = 1000;

/// The other side of a meeting, as the participant sees them.
#[derive(Debug, Clone, Default)]
pub struct Partner {
    /// The participant, when the other side named one.
    pub participant_id: Option<i64>,
    /// First and last name, empty when unnamed.
    pub name: String,
    /// Company name.
    pub company: String,
    /// Email, only when the event shows addresses.
    pub email: Option<String>,
}

impl Partner {
    /// "Name (Company)", or whichever is known.
    pub fn label(&self) -> String {
        match (self.name.is_empty(), self.company.is_empty()) {
            (false, false) => format!("{} ({})", self.name, self.company),
            (false, true) => self.name.clone(),
            _ => self.company.clone(),
        }
    }
}

/// One meeting on the agenda.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    /// The request.
    pub request: RequestRow,
    /// Its state.
    pub state: RequestState,
    /// Who the participant meets.
    pub partner: Partner,
    /// The slot, when placed.
    pub slot: Option<SlotRow>,
    /// The table, stand or desk label, empty when none.
    pub place: String,
    /// The participant's own rating (code, comment), if given.
    pub my_rating: Option<(String, String)>,
    /// Whether the participant may cancel it now.
    pub can_cancel: bool,
    /// Whether the participant may rate it now (MTG-10).
    pub can_rate: bool,
}

/// Everything the agenda page, the print version and the calendar show.
#[derive(Debug, Clone)]
pub struct Agenda {
    /// The event.
    pub event: EventRow,
    /// The participant.
    pub participant: ParticipantRow,
    /// The event's meeting rules.
    pub settings: MeetingSettings,
    /// Meetings, placed ones in time order first, then unplaced, then cancelled.
    pub items: Vec<AgendaItem>,
    /// Every slot of the event, in time order (the day view's timeline).
    pub slots: Vec<SlotRow>,
    /// Slots the participant does not attend or blocked (shown as unavailable).
    pub unavailable: Vec<i64>,
    /// Requests waiting for the participant's answer.
    pub pending_incoming: usize,
    /// Whether a calendar subscription exists.
    pub has_feed: bool,
}

/// The participant registered to an event with this account.
pub async fn participant_of(
    db: &impl ConnectionTrait,
    user: &UserRow,
    event: EventId,
) -> Result<(EventRow, ParticipantRow), AgendaError> {
    let event_row = store::events::find(db, event)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let participant = store::registration::participant_of_user(db, event, user.id)
        .await?
        .ok_or(AgendaError::NotFound)?;
    Ok((event_row, participant))
}

/// A request of the event where the participant is one of the two sides; another person's
/// request, or another event's, is `NotFound`.
pub async fn my_request(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: &ParticipantRow,
    request_id: i64,
) -> Result<RequestRow, AgendaError> {
    let request = store::meetings::find_request(db, event.0, request_id)
        .await?
        .ok_or(AgendaError::NotFound)?;
    if !store::meetings::sides(&request).contains(&participant.id) {
        return Err(AgendaError::NotFound);
    }
    Ok(request)
}

/// The other side of a request as `me` sees it.
pub async fn partner_of(
    db: &impl ConnectionTrait,
    request: &RequestRow,
    me: i64,
    show_email: bool,
) -> Result<Partner, store::DbErr> {
    let other = if request.requester_id == me {
        request.target_participant_id
    } else {
        Some(request.requester_id)
    };
    if let Some(other) = other {
        let contacts = store::meetings::contacts(db, request.event_id, &[other]).await?;
        if let Some(c) = contacts.into_iter().next() {
            return Ok(Partner {
                participant_id: Some(other),
                name: c.name,
                company: c.company,
                email: show_email.then_some(c.email),
            });
        }
    }
    Ok(Partner {
        participant_id: other,
        company: store::meetings::company_name(db, request.target_company_id)
            .await?
            .unwrap_or_default(),
        ..Partner::default()
    })
}

/// Whether a side may rate a meeting: it was held, or its slot has ended.
pub fn may_rate(state: RequestState, slot: Option<&SlotRow>, now: DateTime<Utc>) -> bool {
    match state {
        RequestState::Held => true,
        RequestState::Scheduled => slot.is_some_and(|s| s.ends_at <= now),
        _ => false,
    }
}

/// The agenda of a logged-in participant.
pub async fn agenda_for_user(
    db: &impl ConnectionTrait,
    user: &UserRow,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<Agenda, AgendaError> {
    let (event_row, participant) = participant_of(db, user, event).await?;
    agenda_of(db, event_row, participant, now).await
}

/// The agenda of a participant.
pub async fn agenda_of(
    db: &impl ConnectionTrait,
    event: EventRow,
    participant: ParticipantRow,
    now: DateTime<Utc>,
) -> Result<Agenda, AgendaError> {
    let settings = settings::load(db, EventId(event.id)).await?;
    let requests = store::meetings::agenda::requests_of_participant(
        db,
        event.id,
        participant.id,
        &AGENDA_STATES,
    )
    .await?;
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let placements = store::meetings::agenda::placements_of(db, &ids).await?;
    let slots = store::meetings::slots_of_event(db, event.id).await?;
    let place_ids: Vec<i64> = placements.iter().filter_map(|m| m.place_id).collect();
    let places = store::meetings::agenda::places_by_ids(db, &place_ids).await?;
    let ratings = store::meetings::ratings::of_requests(db, event.id, &ids).await?;
    // One query for every partner, so the page stays fast with a full agenda.
    let partner_ids: Vec<i64> = requests
        .iter()
        .flat_map(store::meetings::sides)
        .filter(|p| *p != participant.id)
        .collect();
    let contacts = store::meetings::contacts(db, event.id, &partner_ids).await?;
    let availability = Availability::load(db, event.id).await?;
    let unavailable = slots
        .iter()
        .filter(|s| !availability.is_free(participant.id, s.id))
        .map(|s| s.id)
        .collect();
    let mut items = Vec::with_capacity(requests.len());
    for request in requests {
        let Ok(state) = request.state.parse::<RequestState>() else {
            continue;
        };
        let placement = placements.iter().find(|m| m.request_id == request.id);
        let slot = placement.and_then(|m| slots.iter().find(|s| s.id == m.slot_id).cloned());
        let place = placement
            .and_then(|m| m.place_id)
            .and_then(|id| places.iter().find(|p| p.id == id))
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let other = if request.requester_id == participant.id {
            request.target_participant_id
        } else {
            Some(request.requester_id)
        };
        let partner = match other.and_then(|o| contacts.iter().find(|c| c.participant_id == o)) {
            Some(c) => Partner {
                participant_id: other,
                name: c.name.clone(),
                company: c.company.clone(),
                email: settings.show_email_addresses.then(|| c.email.clone()),
            },
            None => partner_of(db, &request, participant.id, settings.show_email_addresses).await?,
        };
        let my_rating = ratings
            .iter()
            .find(|r| r.request_id == request.id && r.participant_id == participant.id)
            .map(|r| (r.rating.clone(), r.comment.clone()));
        items.push(AgendaItem {
            can_cancel: state.after(RequestAction::Cancel).is_ok(),
            can_rate: may_rate(state, slot.as_ref(), now),
            state,
            partner,
            slot,
            place,
            my_rating,
            request,
        });
    }
    items.sort_by_key(|item| {
        (
            item.state == RequestState::Cancelled,
            item.slot.is_none(),
            item.slot.as_ref().map(|s| s.starts_at),
            item.request.id,
        )
    });
    let pending_incoming = store::meetings::agenda::pending_incoming_count(
        db,
        event.id,
        participant.id,
        participant.company_id,
    )
    .await?;
    let has_feed = store::meetings::agenda::feed_of(db, participant.id)
        .await?
        .is_some();
    Ok(Agenda {
        event,
        participant,
        settings,
        items,
        slots,
        unavailable,
        pending_incoming,
        has_feed,
    })
}

/// Cancels a confirmed or scheduled meeting on behalf of one of its sides (MTG-6): frees its
/// seats and table, sets it cancelled with the reason, tells the other side and, for expert
/// meetings, the organizers. Another person's meeting is `NotFound`; one that cannot be
/// cancelled any more is `Conflict`.
pub async fn cancel_meeting(
    db: &store::DatabaseConnection,
    base_url: &str,
    user: &UserRow,
    event: EventId,
    request_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AgendaError::Invalid("agenda-error-reason-too-long"));
    }
    let txn = store::begin_write(db).await?;
    let (event_row, participant) = participant_of(&txn, user, event).await?;
    let request = my_request(&txn, event, &participant, request_id).await?;
    let state: RequestState = request.state.parse().map_err(|_| AgendaError::Conflict)?;
    let next = state
        .after(RequestAction::Cancel)
        .map_err(|_| AgendaError::Conflict)?;
    let settings = settings::load(&txn, event).await?;
    let notifier = Notifier {
        event: &event_row,
        settings: &settings,
        base_url,
    };
    let others: Vec<i64> = store::meetings::sides(&request)
        .into_iter()
        .filter(|p| *p != participant.id)
        .collect();
    // Told first, while the meeting still has its time and place for the notice.
    let notice = Notice::Cancelled {
        reason: reason.to_string(),
    };
    notifier.send(&txn, &request, &notice, &others, now).await?;
    if request.is_expert {
        tell_organizers(
            &txn,
            &event_row,
            &request,
            &participant,
            reason,
            base_url,
            now,
        )
        .await?;
    }
    store::meetings::delete_placement(&txn, request.id).await?;
    if !store::meetings::set_request_state(&txn, request.id, state.as_str(), next.as_str(), now)
        .await?
    {
        return Err(AgendaError::Conflict);
    }
    store::meetings::agenda::set_cancel_reason(&txn, request.id, reason, now).await?;
    crate::audit::record(
        &txn,
        &crate::audit::Actor::user(user),
        crate::audit::Change {
            event: Some(event),
            action: "cancel",
            entity: "meeting_request",
            entity_id: request.id.to_string(),
            before: Some(&state.as_str()),
            after: Some(&next.as_str()),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Emails the organizers that an expert meeting was cancelled (MTG-6).
async fn tell_organizers(
    db: &impl ConnectionTrait,
    event: &EventRow,
    request: &RequestRow,
    by: &ParticipantRow,
    reason: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let organizers = store::meetings::agenda::organizer_addresses(
        db,
        event.id,
        Permission::ManageMeetings.code(),
    )
    .await?;
    let sides = store::meetings::sides(request);
    let contacts = store::meetings::contacts(db, event.id, &sides).await?;
    let names: Vec<String> = contacts
        .iter()
        .map(|c| {
            if c.company.is_empty() {
                c.name.clone()
            } else {
                format!("{} ({})", c.name, c.company)
            }
        })
        .collect();
    let by_name = contacts
        .iter()
        .find(|c| c.participant_id == by.id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let slot = match store::meetings::placement_of(db, request.id).await? {
        Some(m) => store::meetings::slot_and_place(db, &m).await?.0,
        None => None,
    };
    for (email, locale) in organizers {
        let locale = Locale::parse(&locale).unwrap_or(Locale::Fr);
        let args = [
            ("event", event_name(event, locale)),
            ("people", names.join(" / ")),
            ("by", by_name.clone()),
            (
                "when",
                slot.as_ref()
                    .map(|s| local_time(s.starts_at, &event.time_zone, locale))
                    .unwrap_or_default(),
            ),
            ("reason", reason.to_string()),
            (
                "link",
                format!("{base_url}/admin/events/{}/requests", event.id),
            ),
        ];
        enqueue_email(
            db,
            event.id,
            &email,
            t_args(locale, "agenda-expert-cancelled-subject", &args),
            t_args(locale, "agenda-expert-cancelled-body", &args),
            now,
        )
        .await?;
    }
    Ok(())
}

/// The event's name in a language.
pub fn event_name(event: &EventRow, locale: Locale) -> String {
    match locale {
        Locale::Fr => event.name_fr.clone(),
        Locale::En => event.name_en.clone(),
    }
}

/// Enqueues a plain email in the caller's transaction.
pub(crate) async fn enqueue_email(
    db: &impl ConnectionTrait,
    event_id: i64,
    recipient: &str,
    subject: String,
    body_text: String,
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    store::outbox::enqueue(
        db,
        store::outbox::NewMessage {
            message_uid: crate::security::random_token(),
            event_id: Some(event_id),
            channel: "email".to_string(),
            recipient: recipient.to_string(),
            subject,
            body_text,
            body_html: None,
        },
        now,
    )
    .await
}

/// Creates (or replaces) the participant's private calendar subscription and returns its
/// token, which is shown once and never stored in clear.
pub async fn create_feed(
    db: &store::DatabaseConnection,
    user: &UserRow,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<String, AgendaError> {
    let txn = store::begin_write(db).await?;
    let (_, participant) = participant_of(&txn, user, event).await?;
    let token = crate::security::random_token();
    store::meetings::agenda::replace_feed(
        &txn,
        event.0,
        participant.id,
        &crate::security::token_hash(&token),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Revokes the participant's calendar subscription; its URL answers 404 from now on.
pub async fn revoke_feed(
    db: &store::DatabaseConnection,
    user: &UserRow,
    event: EventId,
) -> Result<(), AgendaError> {
    let txn = store::begin_write(db).await?;
    let (_, participant) = participant_of(&txn, user, event).await?;
    store::meetings::agenda::delete_feed(&txn, participant.id).await?;
    txn.commit().await?;
    Ok(())
}

/// The calendar behind a subscription token, in the participant's language; `None` for an
/// unknown or revoked token.
pub async fn feed_calendar(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AgendaError> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let hash = crate::security::token_hash(token);
    let Some(feed) = store::meetings::agenda::feed_by_hash(db, &hash).await? else {
        return Ok(None);
    };
    let Some(participant) =
        store::meetings::agenda::participant(db, feed.event_id, feed.participant_id).await?
    else {
        return Ok(None);
    };
    let Some(event) = store::events::find(db, EventId(feed.event_id)).await? else {
        return Ok(None);
    };
    let locale = store::users::find(db, domain::UserId(participant.user_id))
        .await?
        .and_then(|u| Locale::parse(&u.locale))
        .unwrap_or(Locale::Fr);
    let agenda = agenda_of(db, event, participant, now).await?;
    Ok(Some(ics::calendar(&agenda, locale, now)))
}
