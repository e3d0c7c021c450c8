//! Notices about meetings (MTG-5, MTG-6, EXP-6): every change tells the people concerned by
//! email, and by SMS when the event enables it and the person gave a phone number. Notices are
//! outbox rows written in the caller's transaction, so a rolled-back change tells nobody.

use crate::i18n::t_args;
use crate::meetings::MeetingSettings;
use chrono::{DateTime, Utc};
use domain::Locale;
use store::ConnectionTrait;
use store::events::EventRow;
use store::meetings::{Contact, RequestRow};
use store::outbox::NewMessage;

/// What happened. Each kind has the fluent messages `meeting-notice-{kind}-subject`,
/// `-body` and `-sms` in `locales/*/meeting_notices.ftl`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A new request arrived.
    Requested,
    /// The addressee accepted; the requester must confirm.
    Accepted,
    /// The addressee declined, with an optional reason.
    Declined {
        /// Why, possibly empty.
        reason: String,
    },
    /// The requester confirmed; the meeting waits for a time.
    Confirmed,
    /// The meeting got its time and place (booking, run, organizer).
    Scheduled,
    /// The meeting moved to another time or place.
    Moved,
    /// The meeting lost its time (session changed, expert dropped out); it will be placed again.
    Unplaced,
    /// The meeting is cancelled, with an optional reason.
    Cancelled {
        /// Why, possibly empty.
        reason: String,
    },
    /// The requester withdrew the request.
    Withdrawn,
    /// Nobody answered in time.
    Expired,
    /// The request expires soon without an answer.
    ExpiryReminder,
    /// The meeting starts soon (day-J reminder).
    MeetingReminder,
    /// A new internal message about this meeting.
    NewMessage,
}

impl Notice {
    fn key(&self) -> &'static str {
        match self {
            Notice::Requested => "requested",
            Notice::Accepted => "accepted",
            Notice::Declined { .. } => "declined",
            Notice::Confirmed => "confirmed",
            Notice::Scheduled => "scheduled",
            Notice::Moved => "moved",
            Notice::Unplaced => "unplaced",
            Notice::Cancelled { .. } => "cancelled",
            Notice::Withdrawn => "withdrawn",
            Notice::Expired => "expired",
            Notice::ExpiryReminder => "expiry-reminder",
            Notice::MeetingReminder => "meeting-reminder",
            Notice::NewMessage => "new-message",
        }
    }

    fn reason(&self) -> &str {
        match self {
            Notice::Declined { reason } | Notice::Cancelled { reason } => reason,
            _ => "",
        }
    }
}

/// Formats a UTC time in the event's time zone, as each language writes it.
pub fn local_time(at: DateTime<Utc>, time_zone: &str, locale: Locale) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let local = at.with_timezone(&tz);
    match locale {
        Locale::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
        Locale::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// What every notice of one event needs.
pub struct Notifier<'a> {
    /// The event.
    pub event: &'a EventRow,
    /// Its meeting rules (SMS on or off).
    pub settings: &'a MeetingSettings,
    /// The site's public address, for links.
    pub base_url: &'a str,
}

impl Notifier<'_> {
    /// Sends `notice` about `request` to the given participants (each sees the other side as
    /// the partner). Time and place are included when the meeting has them.
    pub async fn send(
        &self,
        db: &impl ConnectionTrait,
        request: &RequestRow,
        notice: &Notice,
        recipients: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), store::DbErr> {
        notify(db, self, request, notice, recipients, now).await
    }
}

async fn notify(
    db: &impl ConnectionTrait,
    ctx: &Notifier<'_>,
    request: &RequestRow,
    notice: &Notice,
    recipients: &[i64],
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    let (event, settings, base_url) = (ctx.event, ctx.settings, ctx.base_url);
    let sides = store::meetings::sides(request);
    let contacts = store::meetings::contacts(db, event.id, &sides).await?;
    let target_company = store::meetings::company_name(db, request.target_company_id)
        .await?
        .unwrap_or_default();
    let (slot, place) = match store::meetings::placement_of(db, request.id).await? {
        Some(meeting) => store::meetings::slot_and_place(db, &meeting).await?,
        None => (None, None),
    };
    for recipient in recipients {
        let Some(me) = contacts.iter().find(|c| c.participant_id == *recipient) else {
            continue;
        };
        let locale = Locale::parse(&me.locale).unwrap_or(Locale::Fr);
        let partner = partner_label(&contacts, *recipient, &target_company);
        let when = slot
            .as_ref()
            .map(|s| local_time(s.starts_at, &event.time_zone, locale))
            .unwrap_or_default();
        let args = [
            ("name", me.name.clone()),
            ("partner", partner),
            (
                "event",
                match locale {
                    Locale::Fr => event.name_fr.clone(),
                    Locale::En => event.name_en.clone(),
                },
            ),
            ("when", when),
            (
                "place",
                place.as_ref().map(|p| p.label.clone()).unwrap_or_default(),
            ),
            ("reason", notice.reason().to_string()),
            (
                "link",
                format!("{base_url}/me/events/{}/meetings", event.id),
            ),
        ];
        let key = notice.key();
        enqueue(
            db,
            event.id,
            "email",
            &me.email,
            t_args(locale, &format!("meeting-notice-{key}-subject"), &args),
            t_args(locale, &format!("meeting-notice-{key}-body"), &args),
            now,
        )
        .await?;
        if settings.sms_enabled && !me.phone.trim().is_empty() {
            enqueue(
                db,
                event.id,
                "sms",
                me.phone.trim(),
                String::new(),
                t_args(locale, &format!("meeting-notice-{key}-sms"), &args),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// "Name (Company)" of the other side; the company alone when it has not named its attendee.
fn partner_label(contacts: &[Contact], recipient: i64, target_company: &str) -> String {
    match contacts.iter().find(|c| c.participant_id != recipient) {
        Some(c) if c.company.is_empty() => c.name.clone(),
        Some(c) => format!("{} ({})", c.name, c.company),
        None => target_company.to_string(),
    }
}

async fn enqueue(
    db: &impl ConnectionTrait,
    event_id: i64,
    channel: &str,
    recipient: &str,
    subject: String,
    body_text: String,
    now: DateTime<Utc>,
) -> Result<(), store::DbErr> {
    store::outbox::enqueue(
        db,
        NewMessage {
            message_uid: crate::security::random_token(),
            event_id: Some(event_id),
            channel: channel.to_string(),
            recipient: recipient.to_string(),
            subject,
            body_text,
            body_html: None,
        },
        now,
    )
    .await
}
