//! The life of a meeting request (MTG-4): never accepted by default; the other side accepts
//! or declines, then the requester confirms; a confirmed meeting gets a time (booked slot or
//! scheduling run) and ends held, no-show or cancelled.
//!
//! ```text
//! requested ─accept→ accepted ─confirm→ confirmed ─place→ scheduled ─→ held | no_show
//!     │ decline / expire / withdraw        │ withdraw          │ cancel (any side, organizer)
//!     ▼                                     ▼                   ▼
//! declined | expired | withdrawn       withdrawn            cancelled
//! ```
//!
//! Every transition is checked here, so services and the database never hold a state the
//! machine cannot reach.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a meeting request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Sent; the other side has not answered.
    Requested,
    /// The other side accepted; the requester must confirm.
    Accepted,
    /// The other side declined.
    Declined,
    /// Nobody answered before the deadline.
    Expired,
    /// The requester took it back before it was scheduled.
    Withdrawn,
    /// Both sides want it; it waits for a time.
    Confirmed,
    /// It has a slot and a place.
    Scheduled,
    /// The organizer confirmed it took place (MTG-10).
    Held,
    /// A side did not come.
    NoShow,
    /// Cancelled after it was scheduled or confirmed.
    Cancelled,
}

/// What someone does to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestAction {
    /// The addressee accepts.
    Accept,
    /// The addressee declines.
    Decline,
    /// The requester confirms an accepted request.
    Confirm,
    /// The requester takes the request back.
    Withdraw,
    /// The deadline passed without an answer.
    Expire,
    /// A slot and a place were given (booking, scheduling run, organizer).
    Place,
    /// The slot was taken away but both sides still want to meet (session edit, move to the
    /// next run, expert drop-out with no replacement).
    Unplace,
    /// A side or an organizer cancels.
    Cancel,
    /// The organizer records that it took place.
    MarkHeld,
    /// The organizer records that a side did not come.
    MarkNoShow,
    /// On the event day, the organizer books a still open request with both sides present
    /// ("fill freed slots", CHK-3): it counts as accepted and confirmed by both.
    ConfirmOnSite,
}

/// A transition the machine refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a request that is {from} cannot be {action:?}")]
pub struct InvalidTransition {
    /// The current state.
    pub from: RequestState,
    /// The refused action.
    pub action: RequestAction,
}

impl RequestState {
    /// Every state, in the order of a request's life.
    pub const ALL: [RequestState; 10] = [
        RequestState::Requested,
        RequestState::Accepted,
        RequestState::Declined,
        RequestState::Expired,
        RequestState::Withdrawn,
        RequestState::Confirmed,
        RequestState::Scheduled,
        RequestState::Held,
        RequestState::NoShow,
        RequestState::Cancelled,
    ];

    /// The state after `action`, or why it is refused.
    pub fn after(self, action: RequestAction) -> Result<RequestState, InvalidTransition> {
        use RequestAction as A;
        use RequestState as S;
        let next = match (self, action) {
            (S::Requested, A::Accept) => S::Accepted,
            (S::Requested, A::Decline) => S::Declined,
            (S::Requested, A::Expire) => S::Expired,
            (S::Requested | S::Accepted, A::Withdraw) => S::Withdrawn,
            // An accepted request left unconfirmed also expires, so it stops blocking slots.
            (S::Accepted, A::Expire) => S::Expired,
            (S::Accepted, A::Confirm) => S::Confirmed,
            (S::Requested | S::Accepted, A::ConfirmOnSite) => S::Confirmed,
            (S::Confirmed, A::Place) => S::Scheduled,
            // Moving a scheduled meeting is a new placement.
            (S::Scheduled, A::Place) => S::Scheduled,
            (S::Scheduled, A::Unplace) => S::Confirmed,
            (S::Confirmed | S::Scheduled, A::Cancel) => S::Cancelled,
            (S::Scheduled, A::MarkHeld) | (S::NoShow, A::MarkHeld) => S::Held,
            (S::Scheduled, A::MarkNoShow) | (S::Held, A::MarkNoShow) => S::NoShow,
            (from, action) => return Err(InvalidTransition { from, action }),
        };
        Ok(next)
    }

    /// Whether the request still occupies the two sides (counts toward quotas, blocks a new
    /// request between the same people).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestState::Requested
                | RequestState::Accepted
                | RequestState::Confirmed
                | RequestState::Scheduled
        )
    }

    /// Whether both sides agreed to meet (the meeting exists, placed or not).
    pub fn is_agreed(self) -> bool {
        matches!(
            self,
            RequestState::Confirmed
                | RequestState::Scheduled
                | RequestState::Held
                | RequestState::NoShow
        )
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Requested => "requested",
            RequestState::Accepted => "accepted",
            RequestState::Declined => "declined",
            RequestState::Expired => "expired",
            RequestState::Withdrawn => "withdrawn",
            RequestState::Confirmed => "confirmed",
            RequestState::Scheduled => "scheduled",
            RequestState::Held => "held",
            RequestState::NoShow => "no_show",
            RequestState::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequestState {
    type Err = UnknownState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or(UnknownState)
    }
}

/// A stored state name that is not one of ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown request state")]
pub struct UnknownState;

/// How a request gets its time (MTG-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Booking {
    /// The requester picked a slot (or joined its waiting list).
    PickSlot,
    /// A scheduling run places it within the stated availability.
    Schedule,
}

impl Booking {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Booking::PickSlot => "pick_slot",
            Booking::Schedule => "schedule",
        }
    }

    /// Parses a stored or posted name.
    pub fn parse(s: &str) -> Option<Booking> {
        match s {
            "pick_slot" => Some(Booking::PickSlot),
            "schedule" => Some(Booking::Schedule),
            _ => None,
        }
    }
}

/// The default outcome scale of a held meeting (MTG-10), from the tender.
pub const DEFAULT_RATINGS: [&str; 4] = [
    "insufficient_interest",
    "instructive",
    "cooperation_possible",
    "partnership_agreed",
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use RequestAction as A;
    use RequestState as S;

    #[test]
    fn a_request_is_never_accepted_by_default_and_needs_both_sides() {
        // REQ: MTG-4
        let accepted = S::Requested.after(A::Accept).unwrap();
        assert_eq!(accepted, S::Accepted);
        assert!(!accepted.is_agreed());
        assert_eq!(
            S::Requested.after(A::Confirm).unwrap_err().from,
            S::Requested
        );
        assert_eq!(accepted.after(A::Confirm).unwrap(), S::Confirmed);
        assert!(S::Confirmed.is_agreed());
    }

    #[test]
    fn closed_requests_accept_nothing_more() {
        for closed in [S::Declined, S::Expired, S::Withdrawn, S::Cancelled] {
            for action in [A::Accept, A::Decline, A::Confirm, A::Place, A::Cancel] {
                assert!(closed.after(action).is_err(), "{closed} {action:?}");
            }
            assert!(!closed.is_open());
        }
    }

    #[test]
    fn placement_and_outcome() {
        let scheduled = S::Confirmed.after(A::Place).unwrap();
        assert_eq!(scheduled.after(A::Place).unwrap(), S::Scheduled);
        assert_eq!(scheduled.after(A::Unplace).unwrap(), S::Confirmed);
        assert_eq!(scheduled.after(A::MarkHeld).unwrap(), S::Held);
        assert_eq!(S::Held.after(A::MarkNoShow).unwrap(), S::NoShow);
        assert!(S::Requested.after(A::Place).is_err());
        assert!(S::Held.after(A::Cancel).is_err());
    }

    #[test]
    fn names_round_trip() {
        for state in RequestState::ALL {
            assert_eq!(state.as_str().parse::<RequestState>().unwrap(), state);
        }
        assert!("accepted ".parse::<RequestState>().is_err());
        assert_eq!(Booking::parse("schedule"), Some(Booking::Schedule));
        assert_eq!(Booking::parse("x"), None);
    }
}

/// A B2B session's local timetable could not be turned into slots.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionTimesError {
    /// The end is not after the start.
    #[error("the session ends before it starts")]
    EndBeforeStart,
    /// The slot length is outside 5–240 minutes or the pause outside 0–120.
    #[error("slot length or pause out of range")]
    BadLength,
    /// Not one slot fits between start and end.
    #[error("no slot fits in the session")]
    NoSlot,
    /// A slot starts at a local time that does not exist (clocks moved forward).
    #[error("a slot starts at a local time that does not exist")]
    NonexistentLocalTime,
}

/// The slots of a session, in UTC: from `start` to `end` (local wall-clock times of `day` in
/// the event's time zone), each `slot_minutes` long followed by `pause_minutes`. Working in
/// wall-clock time keeps "09:00" at nine on every day of an event that spans a DST change.
#[allow(clippy::type_complexity)]
pub fn session_slot_times(
    day: chrono::NaiveDate,
    start: chrono::NaiveTime,
    end: chrono::NaiveTime,
    slot_minutes: i64,
    pause_minutes: i64,
    time_zone: chrono_tz::Tz,
) -> Result<Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>, SessionTimesError>
{
    use chrono::{Duration, TimeZone, Utc};
    if end <= start {
        return Err(SessionTimesError::EndBeforeStart);
    }
    if !(5..=240).contains(&slot_minutes) || !(0..=120).contains(&pause_minutes) {
        return Err(SessionTimesError::BadLength);
    }
    let mut slots = Vec::new();
    let mut local = day.and_time(start);
    let last = day.and_time(end);
    while local + Duration::minutes(slot_minutes) <= last {
        let slot_end = local + Duration::minutes(slot_minutes);
        let to_utc = |at: chrono::NaiveDateTime| {
            time_zone
                .from_local_datetime(&at)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or(SessionTimesError::NonexistentLocalTime)
        };
        slots.push((to_utc(local)?, to_utc(slot_end)?));
        local = slot_end + Duration::minutes(pause_minutes);
    }
    if slots.is_empty() {
        return Err(SessionTimesError::NoSlot);
    }
    Ok(slots)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod session_tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime, Timelike};

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn slots_follow_length_and_pause() {
        // REQ: MTG-1
        let day = NaiveDate::from_ymd_opt(2026, 6, 4).unwrap();
        let slots = session_slot_times(
            day,
            time(9, 0),
            time(10, 0),
            20,
            5,
            chrono_tz::Europe::Paris,
        )
        .unwrap();
        // 9:00–9:20, 9:25–9:45; 9:50–10:10 would overflow.
        assert_eq!(slots.len(), 2);
        assert_eq!(slots[0].0.hour(), 7, "Paris is UTC+2 in June");
        assert_eq!(slots[1].0.minute(), 25);
    }

    #[test]
    fn a_session_after_the_dst_change_keeps_its_wall_clock_time() {
        let tz = chrono_tz::Europe::Paris;
        let before = NaiveDate::from_ymd_opt(2027, 3, 27).unwrap();
        let after = NaiveDate::from_ymd_opt(2027, 3, 29).unwrap();
        let a = session_slot_times(before, time(9, 0), time(9, 30), 30, 0, tz).unwrap();
        let b = session_slot_times(after, time(9, 0), time(9, 30), 30, 0, tz).unwrap();
        assert_eq!(a[0].0.hour(), 8);
        assert_eq!(b[0].0.hour(), 7);
    }

    #[test]
    fn bad_timetables_are_refused() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 4).unwrap();
        let tz = chrono_tz::Europe::Paris;
        assert_eq!(
            session_slot_times(day, time(10, 0), time(9, 0), 20, 0, tz),
            Err(SessionTimesError::EndBeforeStart)
        );
        assert_eq!(
            session_slot_times(day, time(9, 0), time(9, 10), 20, 0, tz),
            Err(SessionTimesError::NoSlot)
        );
        assert_eq!(
            session_slot_times(day, time(9, 0), time(12, 0), 2, 0, tz),
            Err(SessionTimesError::BadLength)
        );
    }
}
