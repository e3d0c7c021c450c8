//! Typed identifiers: an `EventId` can never be passed where a `UserId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

typed_id!(
    /// A person's account.
    UserId,
    /// An event (a brokerage event with its own mini-site).
    EventId,
    /// A venue of an event.
    VenueId,
    /// A room inside a venue.
    RoomId,
    /// A chamber of commerce or partner organization.
    OrganizationId,
    /// A participant: a person registered to one event.
    ParticipantId,
    /// A stored file (logo, banner, attachment).
    FileId,
    /// A message waiting in the outbox.
    OutboxId,
    /// A company registered to one event.
    CompanyId,
    /// A B2B session: a block of meeting slots on one day.
    SessionId,
    /// One meeting time of a B2B session.
    SlotId,
    /// A shared table, a stand or an expert's desk.
    PlaceId,
    /// A meeting request and the meeting it may become.
    RequestId,
    /// The placement (slot and place) of a meeting.
    MeetingId,
    /// A scheduling run.
    RunId,
);
