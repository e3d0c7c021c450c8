//! Internal messages (PRV-4, PRV-5): a thread per meeting request between its two sides
//! (experts and companies included), open once the request is accepted, or from the start
//! when the event allows it; and each participant's thread with the organizers. New
//! messages are told by email; nobody's address is shown unless the event allows it.

use super::agenda::{
    AgendaError, Partner, enqueue_email, event_name, my_request, participant_of, partner_of,
};
use crate::i18n::t_args;
use crate::meetings::notify::{Notice, Notifier};
use crate::meetings::{MeetingSettings, settings};
use chrono::{DateTime, Utc};
use domain::meeting::RequestState;
use domain::{EventId, Locale, Permission};
use store::ConnectionTrait;
use store::events::{EventRow, ParticipantRow};
use store::meetings::RequestRow;
use store::meetings::messages::{MessageRow, NewMessage};
use store::users::UserRow;

/// The longest message body, in characters.
pub const MAX_BODY_CHARS: usize = 4000;

/// States in which a thread is open without the early-contact setting.
const OPEN_STATES: [RequestState; 5] = [
    RequestState::Accepted,
    RequestState::Confirmed,
    RequestState::Scheduled,
    RequestState::Held,
    RequestState::NoShow,
];

/// Whether the two sides of a request in `state` may write to each other (PRV-5).
pub fn may_write(state: RequestState, settings: &MeetingSettings) -> bool {
    OPEN_STATES.contains(&state)
        || (state == RequestState::Requested && settings.messages_before_acceptance)
}

/// Checks a body as typed: not empty, not too long. Returns the trimmed text.
pub fn check_body(body: &str) -> Result<String, AgendaError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AgendaError::Invalid("messages-error-empty"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AgendaError::Invalid("messages-error-too-long"));
    }
    Ok(body.to_string())
}

/// Whether a form with this one-time key was already processed (a double click or a
/// browser retry): the first message stands, no second one is written.
async fn already_sent(db: &impl ConnectionTrait, key: &str) -> Result<bool, store::DbErr> {
    Ok(!key.is_empty()
        && store::idempotency::outcome(db, &format!("msg:{key}"))
            .await?
            .is_some())
}

/// Records the form's one-time key in the message's transaction. `false` when a concurrent
/// replay recorded it first: the caller drops its transaction.
async fn remember(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, store::DbErr> {
    if key.is_empty() {
        return Ok(true);
    }
    match store::idempotency::record(db, &format!("msg:{key}"), "sent", now).await {
        Ok(()) => Ok(true),
        Err(e) if store::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A message as typed in a form, with the form's one-time key (empty for none).
#[derive(Debug, Clone, Copy)]
pub struct MessageInput<'a> {
    /// The text.
    pub body: &'a str,
    /// The form's one-time key: a replay with the same key writes nothing more.
    pub idempotency_key: &'a str,
}

/// One message as shown.
#[derive(Debug, Clone)]
pub struct MessageView {
    /// Written by the viewer.
    pub mine: bool,
    /// Written by an organizer.
    pub from_organizers: bool,
    /// The text as typed (escaped when rendered).
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

fn view(row: &MessageRow, me: Option<i64>) -> MessageView {
    MessageView {
        mine: me.is_some() && row.sender_participant_id == me,
        from_organizers: row.sender_participant_id.is_none(),
        body: row.body.clone(),
        at: row.created_at,
    }
}

/// A thread in the participant's list.
#[derive(Debug, Clone)]
pub struct ThreadLine {
    /// The request.
    pub request_id: i64,
    /// The other side.
    pub partner: Partner,
    /// The request's state.
    pub state: RequestState,
    /// Messages in it.
    pub count: usize,
    /// Messages to the participant not read yet.
    pub unread: usize,
    /// Whether the participant may write now.
    pub can_write: bool,
}

/// The participant's message threads.
#[derive(Debug, Clone)]
pub struct Threads {
    /// The event.
    pub event: EventRow,
    /// One line per request that is open for messages or has some.
    pub lines: Vec<ThreadLine>,
    /// Unread replies of the organizers.
    pub organizer_unread: usize,
}

/// Lists the participant's threads.
pub async fn threads(
    db: &impl ConnectionTrait,
    user: &UserRow,
    event: EventId,
) -> Result<Threads, AgendaError> {
    let (event_row, me) = participant_of(db, user, event).await?;
    let settings = settings::load(db, event).await?;
    let all: Vec<&str> = RequestState::ALL.iter().map(|s| s.as_str()).collect();
    let requests =
        store::meetings::agenda::requests_of_participant(db, event.0, me.id, &all).await?;
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let messages = store::meetings::messages::messages_of_requests(db, event.0, &ids).await?;
    let mut lines = Vec::new();
    for request in requests {
        let Ok(state) = request.state.parse::<RequestState>() else {
            continue;
        };
        let mine: Vec<&MessageRow> = messages
            .iter()
            .filter(|m| m.request_id == Some(request.id))
            .collect();
        let can_write = may_write(state, &settings) && request.target_participant_id.is_some();
        if mine.is_empty() && !can_write {
            continue;
        }
        lines.push(ThreadLine {
            request_id: request.id,
            partner: partner_of(db, &request, me.id, settings.show_email_addresses).await?,
            state,
            count: mine.len(),
            unread: mine
                .iter()
                .filter(|m| m.recipient_participant_id == Some(me.id) && m.read_at.is_none())
                .count(),
            can_write,
        });
    }
    let organizer_unread = store::meetings::messages::organizer_thread_of(db, event.0, me.id)
        .await?
        .iter()
        .filter(|m| !m.to_organizers && m.read_at.is_none())
        .count();
    Ok(Threads {
        event: event_row,
        lines,
        organizer_unread,
    })
}

/// One thread about a request, as a side sees it.
#[derive(Debug, Clone)]
pub struct ThreadView {
    /// The event.
    pub event: EventRow,
    /// The request.
    pub request: RequestRow,
    /// Its state.
    pub state: RequestState,
    /// The other side (email only when the event shows addresses).
    pub partner: Partner,
    /// Messages, oldest first.
    pub messages: Vec<MessageView>,
    /// Whether the viewer may write now.
    pub can_write: bool,
}

/// Opens a thread about a request and marks the messages to the viewer read.
pub async fn thread(
    db: &store::DatabaseConnection,
    user: &UserRow,
    event: EventId,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<ThreadView, AgendaError> {
    let (event_row, me) = participant_of(db, user, event).await?;
    let request = my_request(db, event, &me, request_id).await?;
    let settings = settings::load(db, event).await?;
    let state: RequestState = request.state.parse().map_err(|_| AgendaError::Conflict)?;
    let rows = store::meetings::messages::thread_of_request(db, event.0, request.id).await?;
    store::meetings::messages::mark_read_for(db, event.0, Some(request.id), me.id, now).await?;
    Ok(ThreadView {
        partner: partner_of(db, &request, me.id, settings.show_email_addresses).await?,
        messages: rows.iter().map(|m| view(m, Some(me.id))).collect(),
        can_write: may_write(state, &settings) && request.target_participant_id.is_some(),
        state,
        request,
        event: event_row,
    })
}

/// Sends a message about a request to its other side (PRV-5) and tells them by email.
/// Refused with `Conflict` when the request's state does not allow messages (yet).
pub async fn send_message(
    db: &store::DatabaseConnection,
    base_url: &str,
    user: &UserRow,
    event: EventId,
    request_id: i64,
    input: MessageInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let body = check_body(input.body)?;
    let idempotency_key = input.idempotency_key;
    if already_sent(db, idempotency_key).await? {
        return Ok(());
    }
    let txn = store::begin_write(db).await?;
    let (event_row, me) = participant_of(&txn, user, event).await?;
    let request = my_request(&txn, event, &me, request_id).await?;
    let settings = settings::load(&txn, event).await?;
    let state: RequestState = request.state.parse().map_err(|_| AgendaError::Conflict)?;
    let other = store::meetings::sides(&request)
        .into_iter()
        .find(|p| *p != me.id);
    let (true, Some(other)) = (may_write(state, &settings), other) else {
        return Err(AgendaError::Conflict);
    };
    store::meetings::messages::insert(
        &txn,
        NewMessage {
            event_id: event.0,
            request_id: Some(request.id),
            sender_user_id: user.id,
            sender_participant_id: Some(me.id),
            recipient_participant_id: Some(other),
            to_organizers: false,
            body,
        },
        now,
    )
    .await?;
    let notifier = Notifier {
        event: &event_row,
        settings: &settings,
        base_url,
    };
    notifier
        .send(&txn, &request, &Notice::NewMessage, &[other], now)
        .await?;
    if !remember(&txn, idempotency_key, now).await? {
        return Ok(());
    }
    txn.commit().await?;
    Ok(())
}

/// A participant's thread with the organizers.
#[derive(Debug, Clone)]
pub struct OrganizerThread {
    /// The event.
    pub event: EventRow,
    /// The participant.
    pub participant: ParticipantRow,
    /// Their name and company, for the organizers' view.
    pub label: String,
    /// Messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// Opens the participant's thread with the organizers and marks the replies read.
pub async fn my_organizer_thread(
    db: &store::DatabaseConnection,
    user: &UserRow,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<OrganizerThread, AgendaError> {
    let (event_row, me) = participant_of(db, user, event).await?;
    let rows = store::meetings::messages::organizer_thread_of(db, event.0, me.id).await?;
    store::meetings::messages::mark_read_for(db, event.0, None, me.id, now).await?;
    Ok(OrganizerThread {
        event: event_row,
        label: String::new(),
        messages: rows.iter().map(|m| view(m, Some(me.id))).collect(),
        participant: me,
    })
}

/// Writes to the organizers (PRV-4); the team members who manage meetings get an email.
pub async fn write_to_organizers(
    db: &store::DatabaseConnection,
    base_url: &str,
    user: &UserRow,
    event: EventId,
    input: MessageInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let body = check_body(input.body)?;
    let idempotency_key = input.idempotency_key;
    if already_sent(db, idempotency_key).await? {
        return Ok(());
    }
    let txn = store::begin_write(db).await?;
    let (event_row, me) = participant_of(&txn, user, event).await?;
    store::meetings::messages::insert(
        &txn,
        NewMessage {
            event_id: event.0,
            request_id: None,
            sender_user_id: user.id,
            sender_participant_id: Some(me.id),
            recipient_participant_id: None,
            to_organizers: true,
            body,
        },
        now,
    )
    .await?;
    let label = label_of(&txn, event.0, me.id).await?;
    let organizers = store::meetings::agenda::organizer_addresses(
        &txn,
        event.0,
        Permission::ManageMeetings.code(),
    )
    .await?;
    for (email, locale) in organizers {
        let locale = Locale::parse(&locale).unwrap_or(Locale::Fr);
        let args = [
            ("event", event_name(&event_row, locale)),
            ("from", label.clone()),
            (
                "link",
                format!("{base_url}/admin/events/{}/messages/{}", event.0, me.id),
            ),
        ];
        enqueue_email(
            &txn,
            event.0,
            &email,
            t_args(locale, "messages-to-organizers-subject", &args),
            t_args(locale, "messages-to-organizers-body", &args),
            now,
        )
        .await?;
    }
    if !remember(&txn, idempotency_key, now).await? {
        return Ok(());
    }
    txn.commit().await?;
    Ok(())
}

async fn label_of(
    db: &impl ConnectionTrait,
    event_id: i64,
    participant_id: i64,
) -> Result<String, store::DbErr> {
    Ok(store::meetings::contacts(db, event_id, &[participant_id])
        .await?
        .into_iter()
        .next()
        .map(|c| {
            if c.company.is_empty() {
                c.name
            } else {
                format!("{} ({})", c.name, c.company)
            }
        })
        .unwrap_or_default())
}

/// A participant's thread in the organizers' inbox.
#[derive(Debug, Clone)]
pub struct InboxLine {
    /// The participant.
    pub participant_id: i64,
    /// Name (Company).
    pub label: String,
    /// Messages in the thread.
    pub count: usize,
    /// Messages from the participant not read by the organizers.
    pub unread: usize,
    /// Time of the last message.
    pub last_at: DateTime<Utc>,
}

/// The organizers' inbox: one line per participant who wrote or was written to, most recent
/// first. The caller checks `ManageMeetings` on the event.
pub async fn organizer_inbox(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<InboxLine>, AgendaError> {
    let rows = store::meetings::messages::organizer_messages(db, event.0).await?;
    let mut lines: Vec<InboxLine> = Vec::new();
    for row in &rows {
        let Some(participant) = (if row.to_organizers {
            row.sender_participant_id
        } else {
            row.recipient_participant_id
        }) else {
            continue;
        };
        let unread = usize::from(row.to_organizers && row.read_at.is_none());
        match lines.iter_mut().find(|l| l.participant_id == participant) {
            Some(line) => {
                line.count += 1;
                line.unread += unread;
                line.last_at = line.last_at.max(row.created_at);
            }
            None => lines.push(InboxLine {
                participant_id: participant,
                label: label_of(db, event.0, participant).await?,
                count: 1,
                unread,
                last_at: row.created_at,
            }),
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.last_at));
    Ok(lines)
}

/// A participant's thread as the organizers see it; marks the participant's messages read.
/// The caller checks `ManageMeetings` on the event.
pub async fn organizer_view(
    db: &store::DatabaseConnection,
    event: EventId,
    participant_id: i64,
    now: DateTime<Utc>,
) -> Result<OrganizerThread, AgendaError> {
    let event_row = store::events::find(db, event)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let participant = store::meetings::agenda::participant(db, event.0, participant_id)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let rows = store::meetings::messages::organizer_thread_of(db, event.0, participant.id).await?;
    store::meetings::messages::mark_read_by_organizers(db, event.0, participant.id, now).await?;
    Ok(OrganizerThread {
        event: event_row,
        label: label_of(db, event.0, participant.id).await?,
        messages: rows
            .iter()
            .map(|m| MessageView {
                // In the organizers' view, "mine" is the organizers' side.
                mine: m.sender_participant_id.is_none(),
                from_organizers: m.sender_participant_id.is_none(),
                body: m.body.clone(),
                at: m.created_at,
            })
            .collect(),
        participant,
    })
}

/// An organizer answers a participant (PRV-4): the message is kept in the participant's
/// thread, the participant gets an email, and the reply is audited. The caller checks
/// `ManageMeetings` on the event.
pub async fn reply_as_organizer(
    db: &store::DatabaseConnection,
    base_url: &str,
    organizer: &UserRow,
    event: EventId,
    participant_id: i64,
    input: MessageInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let body = check_body(input.body)?;
    let idempotency_key = input.idempotency_key;
    if already_sent(db, idempotency_key).await? {
        return Ok(());
    }
    let txn = store::begin_write(db).await?;
    let event_row = store::events::find(&txn, event)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let participant = store::meetings::agenda::participant(&txn, event.0, participant_id)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let row = store::meetings::messages::insert(
        &txn,
        NewMessage {
            event_id: event.0,
            request_id: None,
            sender_user_id: organizer.id,
            sender_participant_id: None,
            recipient_participant_id: Some(participant.id),
            to_organizers: false,
            body,
        },
        now,
    )
    .await?;
    if let Some(contact) = store::meetings::contacts(&txn, event.0, &[participant.id])
        .await?
        .into_iter()
        .next()
    {
        let locale = Locale::parse(&contact.locale).unwrap_or(Locale::Fr);
        let args = [
            ("event", event_name(&event_row, locale)),
            ("name", contact.name.clone()),
            (
                "link",
                format!("{base_url}/me/events/{}/messages/organizers", event.0),
            ),
        ];
        enqueue_email(
            &txn,
            event.0,
            &contact.email,
            t_args(locale, "messages-from-organizers-subject", &args),
            t_args(locale, "messages-from-organizers-body", &args),
            now,
        )
        .await?;
    }
    crate::audit::record(
        &txn,
        &crate::audit::Actor::user(organizer),
        crate::audit::Change::<(), _> {
            event: Some(event),
            action: "reply",
            entity: "message",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(&participant.id),
        },
        now,
    )
    .await?;
    if !remember(&txn, idempotency_key, now).await? {
        return Ok(());
    }
    txn.commit().await?;
    Ok(())
}
