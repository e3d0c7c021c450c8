//! Shared helpers of the scheduler tests: small problem builders and an exhaustive solver that
//! enumerates every schedule and keeps those the validator accepts.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use scheduler::{
    Assignment, Meeting, Mode, Options, Participant, Problem, Slot, Solution, Stats, Status,
    Unplaced, validate_schedule,
};

/// Slots `s0..s{n}` in sessions of `per_session` slots, each with `capacity` tables.
pub fn slots(n: usize, per_session: usize, capacity: u32) -> Vec<Slot> {
    (0..n)
        .map(|i| Slot {
            id: format!("s{i}"),
            session: format!("x{}", i / per_session.max(1)),
            capacity,
        })
        .collect()
}

pub fn person(id: &str) -> Participant {
    Participant {
        id: id.into(),
        unavailable: vec![],
        max_meetings: None,
        location: None,
    }
}

pub fn meeting(id: &str, who: &[&str]) -> Meeting {
    Meeting {
        id: id.into(),
        participants: who.iter().map(|s| s.to_string()).collect(),
        weight: 1.0,
        rank: None,
        allowed_slots: None,
        fixed_slot: None,
        after: vec![],
    }
}

pub fn problem(slots: Vec<Slot>, people: &[&str], meetings: Vec<Meeting>, mode: Mode) -> Problem {
    Problem {
        version: 1,
        slots,
        participants: people.iter().map(|p| person(p)).collect(),
        meetings,
        options: Options {
            mode,
            ..Options::default()
        },
    }
}

/// A solution listing `placed` (meeting, slot) pairs; tables numbered in order, none for
/// meetings with a located participant; stats left empty (use `validate_schedule`).
pub fn solution_of(problem: &Problem, placed: &[(usize, usize)], status: Status) -> Solution {
    let located: Vec<bool> = problem
        .meetings
        .iter()
        .map(|m| {
            m.participants.iter().any(|p| {
                problem
                    .participants
                    .iter()
                    .any(|q| &q.id == p && q.location.is_some())
            })
        })
        .collect();
    let mut next = vec![0u32; problem.slots.len()];
    let assignments = placed
        .iter()
        .map(|&(m, s)| Assignment {
            meeting: problem.meetings[m].id.clone(),
            slot: problem.slots[s].id.clone(),
            table: (!located[m]).then(|| {
                next[s] += 1;
                next[s]
            }),
        })
        .collect();
    let unplaced = (0..problem.meetings.len())
        .filter(|m| !placed.iter().any(|&(x, _)| x == *m))
        .map(|m| Unplaced {
            meeting: problem.meetings[m].id.clone(),
            reason: "left out".into(),
        })
        .collect();
    Solution {
        version: 1,
        status,
        assignments,
        unplaced,
        stats: Stats {
            placed: 0,
            placed_weight: 0.0,
            breaks: 0,
            upper_bound: None,
            breaks_lower_bound: None,
            elapsed_ms: 0,
            rank_inversions: None,
        },
    }
}

/// Best (weight, breaks) over every valid schedule by enumeration: in mode `maximize` the
/// largest weight, in mode `all` the fewest breaks among complete schedules (`None`: none exists).
pub fn exhaustive_best(problem: &Problem) -> Option<(f64, u64)> {
    let n = problem.meetings.len();
    let choices = problem.slots.len() + 1; // last choice = not placed
    let mut best: Option<(f64, u64)> = None;
    let total = choices.pow(n as u32);
    for code in 0..total {
        let mut rest = code;
        let mut placed = Vec::new();
        let mut complete = true;
        for m in 0..n {
            let c = rest % choices;
            rest /= choices;
            if c < problem.slots.len() {
                placed.push((m, c));
            } else {
                complete = false;
            }
        }
        if problem.options.mode == Mode::All && !complete {
            continue;
        }
        let solution = solution_of(problem, &placed, Status::Feasible);
        if let Ok(stats) = validate_schedule(problem, &solution) {
            let better = match best {
                None => true,
                Some((w, b)) => {
                    stats.placed_weight > w + 1e-9
                        || ((stats.placed_weight - w).abs() <= 1e-9 && stats.breaks < b)
                }
            };
            if better {
                best = Some((stats.placed_weight, stats.breaks));
            }
        }
    }
    best
}
