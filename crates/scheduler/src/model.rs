//! Serde types of the scheduling file format (version 1), exactly as in
//! `spec/scheduler-format.md`. Absent fields take the defaults of the spec.

use serde::{Deserialize, Serialize};

/// One scheduling problem: slots, participants, meetings to place and options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Format version; only 1 exists.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Slots in time order.
    pub slots: Vec<Slot>,
    /// One entry per person with an own agenda.
    pub participants: Vec<Participant>,
    /// Mutually accepted meetings to place.
    pub meetings: Vec<Meeting>,
    /// Solver options.
    #[serde(default)]
    pub options: Options,
}

/// A time slot. Consecutive slots of one `session` are adjacent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// Unique slot id.
    pub id: String,
    /// Session (a morning, an afternoon…); its slots must be consecutive in the list.
    pub session: String,
    /// Number of shared tables free in this slot.
    pub capacity: u32,
}

/// A person with an own agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Unique participant id.
    pub id: String,
    /// Slots this person cannot use.
    #[serde(default)]
    pub unavailable: Vec<String>,
    /// Cap on the number of meetings (experts); `None` for no cap.
    #[serde(default)]
    pub max_meetings: Option<u32>,
    /// A place owned by this person (stand, desk); meetings with them use it instead of a table.
    #[serde(default)]
    pub location: Option<String>,
}

/// A meeting to place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// Unique meeting id.
    pub id: String,
    /// Two or more participant ids.
    pub participants: Vec<String>,
    /// Value of placing it.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Arrival order, smaller is earlier; defaults to the position in the list.
    #[serde(default)]
    pub rank: Option<i64>,
    /// Candidate slots; `None` for all.
    #[serde(default)]
    pub allowed_slots: Option<Vec<String>>,
    /// Already published slot that must not change.
    #[serde(default)]
    pub fixed_slot: Option<String>,
    /// Meetings that must take place strictly earlier.
    #[serde(default)]
    pub after: Vec<String>,
}

/// What the solver optimizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Maximize placed weight, then honour arrival order, then minimize breaks.
    #[default]
    Maximize,
    /// Place every meeting and minimize breaks, or report infeasibility.
    All,
}

/// Solver options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Optimization mode.
    pub mode: Mode,
    /// `true`: the research literature's breaks (one slot sequence, unavailable slots are idle).
    pub breaks_span_sessions: bool,
    /// Maximum difference of break counts between two participants with meetings.
    pub max_break_spread: Option<u32>,
    /// Solver time in milliseconds.
    pub time_limit_ms: u64,
    /// Random seed; same seed and budget give the same answer.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Maximize,
            breaks_span_sessions: false,
            max_break_spread: None,
            time_limit_ms: 10_000,
            seed: 1,
        }
    }
}

/// Outcome of a solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proven best.
    Optimal,
    /// Valid, not proven best.
    Feasible,
    /// Mode `all`: proven impossible.
    Infeasible,
    /// Mode `all`: no complete schedule found in the budget, impossibility not proven.
    Timeout,
}

/// A schedule, possibly partial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    /// Format version (1).
    #[serde(default = "default_version")]
    pub version: u32,
    /// Outcome.
    pub status: Status,
    /// Placed meetings.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Meetings not placed, with reasons.
    #[serde(default)]
    pub unplaced: Vec<Unplaced>,
    /// Figures about the schedule.
    pub stats: Stats,
}

/// One placed meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Meeting id.
    pub meeting: String,
    /// Slot id.
    pub slot: String,
    /// 1-based shared table, or `None` when held at a participant's location.
    pub table: Option<u32>,
}

/// One meeting left out, with a reason a person understands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unplaced {
    /// Meeting id.
    pub meeting: String,
    /// Human-readable reason.
    pub reason: String,
}

/// Figures about a schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Number of placed meetings.
    pub placed: usize,
    /// Total weight of placed meetings.
    pub placed_weight: f64,
    /// Total breaks over all participants.
    pub breaks: u64,
    /// Proven upper bound on placed weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_bound: Option<f64>,
    /// Proven lower bound on total breaks (over complete schedules in mode `all`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks_lower_bound: Option<u64>,
    /// Solver wall time in milliseconds.
    #[serde(default)]
    pub elapsed_ms: u64,
    /// Rank inversions (mode `maximize`), an added field; absent when not computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_inversions: Option<u64>,
}

fn default_version() -> u32 {
    1
}

fn default_weight() -> f64 {
    1.0
}
