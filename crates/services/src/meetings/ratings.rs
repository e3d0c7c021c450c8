//! Outcome of meetings (MTG-10): once a meeting's slot has ended, or the organizer marked it
//! held, each of its two sides rates it on the event's scale (`MeetingSettings::rating_scale`)
//! with an optional comment; one rating per side, which the side may change.
//!
//! For the organizer's pages: [`ratings_of_request`] and [`ratings_of_event`] list the
//! ratings with the rater's name and the step's labels.

use super::agenda::{AgendaError, may_rate, my_request, participant_of};
use crate::meetings::settings::{self, RatingStep};
use chrono::{DateTime, Utc};
use domain::EventId;
use domain::meeting::RequestState;
use std::collections::BTreeMap;
use store::ConnectionTrait;
use store::users::UserRow;

/// The longest comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// One side's rating as shown to organizers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingView {
    /// The request rated.
    pub request_id: i64,
    /// The side who rated.
    pub participant_id: i64,
    /// Their name and company.
    pub rater: String,
    /// The step's code.
    pub code: String,
    /// The step's labels (the code itself when the scale no longer has it).
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// The comment, possibly empty.
    pub comment: String,
}

/// Saves a side's rating of a meeting. Another person's meeting is `NotFound`; a meeting
/// that has not ended (or was cancelled) is `Conflict`; a code off the scale is `Invalid`.
pub async fn rate_meeting(
    db: &store::DatabaseConnection,
    user: &UserRow,
    event: EventId,
    request_id: i64,
    code: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AgendaError::Invalid("ratings-error-comment-too-long"));
    }
    let txn = store::begin_write(db).await?;
    let (_, me) = participant_of(&txn, user, event).await?;
    let request = my_request(&txn, event, &me, request_id).await?;
    let settings = settings::load(&txn, event).await?;
    if !settings.rating_scale.iter().any(|s| s.code == code) {
        return Err(AgendaError::Invalid("ratings-error-unknown"));
    }
    let state: RequestState = request.state.parse().map_err(|_| AgendaError::Conflict)?;
    let slot = match store::meetings::placement_of(&txn, request.id).await? {
        Some(m) => store::meetings::slot_and_place(&txn, &m).await?.0,
        None => None,
    };
    if !may_rate(state, slot.as_ref(), now) {
        return Err(AgendaError::Conflict);
    }
    store::meetings::ratings::upsert(&txn, event.0, request.id, me.id, code, comment, now).await?;
    txn.commit().await?;
    Ok(())
}

fn labels(scale: &[RatingStep], code: &str) -> (String, String) {
    scale
        .iter()
        .find(|s| s.code == code)
        .map(|s| (s.fr.clone(), s.en.clone()))
        .unwrap_or_else(|| (code.to_string(), code.to_string()))
}

async fn views(
    db: &impl ConnectionTrait,
    event: EventId,
    rows: Vec<store::meetings::ratings::RatingRow>,
) -> Result<Vec<RatingView>, store::DbErr> {
    let scale = settings::load(db, event).await?.rating_scale;
    let mut raters: Vec<i64> = rows.iter().map(|r| r.participant_id).collect();
    raters.sort_unstable();
    raters.dedup();
    let contacts = store::meetings::contacts(db, event.0, &raters).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (label_fr, label_en) = labels(&scale, &row.rating);
            let rater = contacts
                .iter()
                .find(|c| c.participant_id == row.participant_id)
                .map(|c| {
                    if c.company.is_empty() {
                        c.name.clone()
                    } else {
                        format!("{} ({})", c.name, c.company)
                    }
                })
                .unwrap_or_default();
            RatingView {
                request_id: row.request_id,
                participant_id: row.participant_id,
                rater,
                code: row.rating,
                label_fr,
                label_en,
                comment: row.comment,
            }
        })
        .collect())
}

/// The ratings of one request of the event (zero, one or two), for the organizer's pages.
pub async fn ratings_of_request(
    db: &impl ConnectionTrait,
    event: EventId,
    request_id: i64,
) -> Result<Vec<RatingView>, store::DbErr> {
    let rows = store::meetings::ratings::of_requests(db, event.0, &[request_id]).await?;
    views(db, event, rows).await
}

/// Every rating of the event, by request id, for the organizer's requests page (MTG-9,
/// MTG-10): one query for the whole list.
pub async fn ratings_of_event(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<BTreeMap<i64, Vec<RatingView>>, store::DbErr> {
    let rows = store::meetings::ratings::of_event(db, event.0).await?;
    let mut by_request: BTreeMap<i64, Vec<RatingView>> = BTreeMap::new();
    for view in views(db, event, rows).await? {
        by_request.entry(view.request_id).or_default().push(view);
    }
    Ok(by_request)
}
