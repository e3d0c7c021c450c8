//! Errors of problem input: anything that makes the problem contradict itself.

use std::fmt;

/// Why a problem cannot be scheduled as given (it is an input error, not an infeasible plan).
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemError {
    /// The JSON text could not be read as a problem.
    Json(String),
    /// Only version 1 exists.
    UnsupportedVersion(u32),
    /// A required list is empty (`slots`, `participants` or `meetings`).
    Empty(&'static str),
    /// Two items of one kind share an id.
    DuplicateId { kind: &'static str, id: String },
    /// A reference to an id that does not exist.
    UnknownId {
        kind: &'static str,
        id: String,
        referenced_by: String,
    },
    /// The slots of a session are not consecutive in the slot list.
    SessionNotConsecutive { session: String },
    /// A meeting lists fewer than two distinct participants.
    TooFewParticipants { meeting: String },
    /// A weight is negative or not a number.
    InvalidWeight { meeting: String },
    /// A fixed meeting lies in a slot one of its participants cannot use.
    FixedSlotUnavailable {
        meeting: String,
        participant: String,
        slot: String,
    },
    /// A fixed meeting lies outside its own `allowed_slots`.
    FixedSlotNotAllowed { meeting: String, slot: String },
    /// Two fixed meetings of one person (or one location) share a slot.
    FixedSlotClash {
        first: String,
        second: String,
        slot: String,
    },
    /// More fixed meetings need a shared table in a slot than it has tables.
    FixedSlotOverCapacity {
        slot: String,
        needed: usize,
        capacity: u32,
    },
    /// A participant has more fixed meetings than their `max_meetings`.
    FixedOverCap { participant: String },
    /// Two fixed meetings contradict an `after` constraint.
    FixedOrderContradiction { earlier: String, later: String },
    /// A fixed meeting must come after meetings that cannot be placed before its slot.
    FixedTooEarly { meeting: String, slot: String },
    /// Fixed meetings force more break difference than `max_break_spread` allows.
    FixedSpreadContradiction {
        forced: String,
        few: String,
        spread: u32,
    },
    /// The solver found no plan keeping `max_break_spread` around the fixed meetings: leaving
    /// meetings out does not restore it, and no fuller plan that does was found in the budget.
    FixedSpreadUnresolved { spread: u32 },
    /// The `after` relation has a cycle through these meetings.
    AfterCycle { meetings: Vec<String> },
}

impl fmt::Display for ProblemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ProblemError::*;
        match self {
            Json(msg) => write!(
                f,
                "the problem is not valid JSON for format version 1: {msg}"
            ),
            UnsupportedVersion(v) => write!(f, "unsupported format version {v} (only 1 exists)"),
            Empty(what) => write!(f, "the problem has no {what}"),
            DuplicateId { kind, id } => write!(f, "duplicate {kind} id \"{id}\""),
            UnknownId {
                kind,
                id,
                referenced_by,
            } => {
                write!(
                    f,
                    "unknown {kind} id \"{id}\" referenced by {referenced_by}"
                )
            }
            SessionNotConsecutive { session } => write!(
                f,
                "the slots of session \"{session}\" are not consecutive in the slot list"
            ),
            TooFewParticipants { meeting } => write!(
                f,
                "meeting \"{meeting}\" needs at least two distinct participants"
            ),
            InvalidWeight { meeting } => write!(
                f,
                "meeting \"{meeting}\" has a weight that is negative or not a number"
            ),
            FixedSlotUnavailable {
                meeting,
                participant,
                slot,
            } => write!(
                f,
                "meeting \"{meeting}\" is fixed in slot \"{slot}\" but participant \"{participant}\" cannot use that slot"
            ),
            FixedSlotNotAllowed { meeting, slot } => write!(
                f,
                "meeting \"{meeting}\" is fixed in slot \"{slot}\", which its allowed_slots exclude"
            ),
            FixedSlotClash {
                first,
                second,
                slot,
            } => write!(
                f,
                "fixed meetings \"{first}\" and \"{second}\" share a participant or location in slot \"{slot}\""
            ),
            FixedSlotOverCapacity {
                slot,
                needed,
                capacity,
            } => write!(
                f,
                "slot \"{slot}\" has {needed} fixed meetings needing a table but only {capacity} tables"
            ),
            FixedOverCap { participant } => write!(
                f,
                "participant \"{participant}\" has more fixed meetings than max_meetings allows"
            ),
            FixedOrderContradiction { earlier, later } => write!(
                f,
                "meeting \"{later}\" must come after \"{earlier}\" but their fixed slots say otherwise"
            ),
            FixedTooEarly { meeting, slot } => write!(
                f,
                "meeting \"{meeting}\" is fixed in slot \"{slot}\" but must come after meetings that cannot take place before that slot"
            ),
            FixedSpreadContradiction {
                forced,
                few,
                spread,
            } => write!(
                f,
                "fixed meetings leave participant \"{forced}\" with gaps nobody can fill, more than max_break_spread {spread} above what \"{few}\" (also fixed) can ever have"
            ),
            FixedSpreadUnresolved { spread } => write!(
                f,
                "no plan found that keeps max_break_spread {spread} around the fixed meetings: leaving meetings out does not restore it and no fuller plan was found within the time limit"
            ),
            AfterCycle { meetings } => write!(
                f,
                "the \"after\" constraints form a cycle through meetings {}",
                meetings.join(", ")
            ),
        }
    }
}

impl std::error::Error for ProblemError {}
