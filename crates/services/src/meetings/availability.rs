//! Who can meet when: a participant attends the sessions they chose (all of them when they
//! chose none) and is free in every slot of those sessions except the ones they blocked.
//! Booking, scheduling runs and expert assignment all read availability from here.

use std::collections::{HashMap, HashSet};
use store::ConnectionTrait;

/// The availability of every participant of one event.
#[derive(Debug, Clone, Default)]
pub struct Availability {
    /// slot id → its session.
    session_of_slot: HashMap<i64, i64>,
    /// participant → sessions attended (absent: all).
    attended: HashMap<i64, HashSet<i64>>,
    /// participant → slots blocked.
    blocked: HashMap<i64, HashSet<i64>>,
}

impl Availability {
    /// Loads the event's sessions, attendance and blocked slots.
    pub async fn load(db: &impl ConnectionTrait, event_id: i64) -> Result<Self, store::DbErr> {
        let slots = store::meetings::slots_of_event(db, event_id).await?;
        let mut availability = Availability {
            session_of_slot: slots.iter().map(|s| (s.id, s.session_id)).collect(),
            ..Default::default()
        };
        for (participant, session) in store::meetings::attendance_rows(db, event_id).await? {
            availability
                .attended
                .entry(participant)
                .or_default()
                .insert(session);
        }
        for (participant, slot) in store::meetings::unavailable_rows(db, event_id).await? {
            availability
                .blocked
                .entry(participant)
                .or_default()
                .insert(slot);
        }
        Ok(availability)
    }

    /// Whether a participant can have a meeting in a slot.
    pub fn is_free(&self, participant: i64, slot: i64) -> bool {
        let Some(session) = self.session_of_slot.get(&slot) else {
            return false;
        };
        let attends = self
            .attended
            .get(&participant)
            .is_none_or(|sessions| sessions.contains(session));
        attends
            && !self
                .blocked
                .get(&participant)
                .is_some_and(|slots| slots.contains(&slot))
    }
}
