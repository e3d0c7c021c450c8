//! Agora's meeting scheduler: a pure library that reads the JSON problem of
//! `spec/scheduler-format.md` and produces a valid plan.
//!
//! * [`solve`] places meetings: mode `maximize` (weight, then arrival order, then breaks) or
//!   mode `all` (every meeting, fewest breaks, fairness spread), with fixed meetings for
//!   incremental runs, a proven upper bound on placed weight and reasons for unplaced meetings.
//! * [`validate`] checks a solution against every rule of the format, independently of the
//!   solver, and recomputes its statistics.
//! * [`cli`] holds the only file I/O, for the `agora schedule` command.
//!
//! The search is deterministic for a given seed and iteration budget ([`Budget`]).

mod anneal;
mod bounds;
mod breaks;
mod budget;
pub mod cli;
mod error;
mod exact;
mod feasibility;
mod instance;
mod lns;
mod maximize;
mod model;
mod output;
mod rng;
mod schedule;
mod solve;
mod validate;

pub use budget::{Budget, Progress};
pub use error::ProblemError;
pub use model::{
    Assignment, Meeting, Mode, Options, Participant, Problem, Slot, Solution, Stats, Status,
    Unplaced,
};
pub use solve::solve;
pub use validate::{Violation, validate, validate_schedule};

/// Reads a problem from JSON, filling absent fields with the spec's defaults, and checks it
/// (unknown or duplicate ids, sessions, fixed slots, `after` cycles…).
pub fn parse_problem(json: &str) -> Result<Problem, ProblemError> {
    let problem: Problem =
        serde_json::from_str(json).map_err(|e| ProblemError::Json(e.to_string()))?;
    instance::Instance::compile(&problem)?;
    Ok(problem)
}

/// Reads a solution from JSON.
pub fn parse_solution(json: &str) -> Result<Solution, String> {
    serde_json::from_str(json)
        .map_err(|e| format!("the solution is not valid JSON for format version 1: {e}"))
}

/// Writes a solution as pretty JSON.
pub fn solution_to_json(solution: &Solution) -> String {
    serde_json::to_string_pretty(solution).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
