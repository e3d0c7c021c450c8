//! Day-J reminders (EXP-6, MTG-8): `MeetingSettings.meeting_reminder_minutes` before each
//! scheduled meeting, both sides get an email (and an SMS when the event sends SMS) with the
//! time, the place and who they meet. Each meeting is reminded once per slot: a row in
//! `meeting_reminder` is written in the same transaction as the notices.

use crate::meetings::notify::{Notice, Notifier};
use chrono::{DateTime, Duration, Utc};
use domain::EventId;
use domain::meeting::RequestState;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use store::DatabaseConnection;

/// The longest reminder delay looked at (a week).
const HORIZON_MINUTES: i64 = 7 * 24 * 60;

/// Queues the reminders due at `now`; returns how many meetings were reminded.
pub async fn send_due(
    db: &DatabaseConnection,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, crate::InternalError> {
    let candidates = store::meetings::reminders::unreminded_between(
        db,
        now,
        now + Duration::minutes(HORIZON_MINUTES),
    )
    .await?;
    let mut events: HashMap<
        i64,
        Option<(store::events::EventRow, crate::meetings::MeetingSettings)>,
    > = HashMap::new();
    let mut sent = 0;
    for (meeting, starts_at) in candidates {
        if let Entry::Vacant(vacant) = events.entry(meeting.event_id) {
            let loaded = match store::events::find(db, EventId(meeting.event_id)).await? {
                Some(event) => {
                    let settings = crate::meetings::settings::load(db, EventId(event.id)).await?;
                    Some((event, settings))
                }
                None => None,
            };
            vacant.insert(loaded);
        }
        let Some(Some((event, settings))) = events.get(&meeting.event_id) else {
            continue;
        };
        let minutes = i64::from(settings.meeting_reminder_minutes);
        if minutes == 0 || starts_at - Duration::minutes(minutes) > now {
            continue;
        }
        let txn = store::begin_write(db).await?;
        let Some(request) =
            store::meetings::find_request(&txn, meeting.event_id, meeting.request_id).await?
        else {
            continue;
        };
        if request.state != RequestState::Scheduled.as_str()
            || !store::meetings::reminders::claim(&txn, &meeting, now).await?
        {
            continue;
        }
        let notifier = Notifier {
            event,
            settings,
            base_url,
        };
        let sides = store::meetings::sides(&request);
        notifier
            .send(&txn, &request, &Notice::MeetingReminder, &sides, now)
            .await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
