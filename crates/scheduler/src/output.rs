//! Turns a final schedule into the [`Solution`] of the format: table numbers, reasons for
//! unplaced meetings in plain words, statistics.

use crate::instance::Instance;
use crate::model::{Assignment, Problem, Solution, Stats, Status, Unplaced};
use crate::schedule::Schedule;
use crate::validate::count_rank_inversions;
use std::collections::HashMap;

/// What the solver knows besides the schedule.
pub(crate) struct Outcome {
    pub status: Status,
    pub upper_bound: Option<f64>,
    pub breaks_lower_bound: Option<u64>,
    pub elapsed_ms: u64,
    /// Reasons already known for some meetings (infeasibility proofs, partial schedules).
    pub reasons: HashMap<usize, String>,
    /// Reason for unplaced meetings without a specific one.
    pub default_reason: Option<String>,
}

/// Builds the solution: tables are numbered 1.. per slot in meeting order.
pub(crate) fn build_solution(problem: &Problem, schedule: &Schedule, outcome: Outcome) -> Solution {
    let inst = schedule.inst;
    let mut next_table = vec![0u32; inst.n_slots];
    let mut assignments = Vec::with_capacity(schedule.placed);
    let mut unplaced = Vec::new();
    for (m, slot) in schedule.slot_of.iter().enumerate() {
        match *slot {
            Some(s) => {
                let table = inst.meetings[m].location.is_none().then(|| {
                    next_table[s] += 1;
                    next_table[s]
                });
                assignments.push(Assignment {
                    meeting: problem.meetings[m].id.clone(),
                    slot: problem.slots[s].id.clone(),
                    table,
                });
            }
            None => {
                let reason = outcome
                    .reasons
                    .get(&m)
                    .cloned()
                    .or_else(|| outcome.default_reason.clone())
                    .unwrap_or_else(|| explain_unplaced(problem, schedule, m));
                unplaced.push(Unplaced {
                    meeting: problem.meetings[m].id.clone(),
                    reason,
                });
            }
        }
    }
    let rank_inversions = (inst.mode == crate::model::Mode::Maximize).then(|| {
        let count: Vec<usize> = schedule.count.iter().map(|&c| c as usize).collect();
        count_rank_inversions(inst, &schedule.slot_of, &count)
    });
    Solution {
        version: 1,
        status: outcome.status,
        assignments,
        unplaced,
        stats: Stats {
            placed: schedule.placed,
            placed_weight: schedule
                .slot_of
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_some())
                .map(|(m, _)| inst.meetings[m].weight)
                .sum(),
            breaks: schedule.total_breaks(),
            upper_bound: outcome.upper_bound,
            breaks_lower_bound: outcome.breaks_lower_bound,
            elapsed_ms: outcome.elapsed_ms,
            rank_inversions,
        },
    }
}

/// Why meeting `m` is not in `schedule`, in words an organizer understands.
pub(crate) fn explain_unplaced(problem: &Problem, schedule: &Schedule, m: usize) -> String {
    let inst: &Instance = schedule.inst;
    let data = &inst.meetings[m];
    let person = |p: usize| problem.participants[p].id.clone();
    let names: Vec<String> = data.participants.iter().map(|&p| person(p)).collect();
    if data.candidates.is_empty() {
        return if names.len() == 2 && problem.meetings[m].allowed_slots.is_none() {
            format!("{} has no free slot in common with {}", names[0], names[1])
        } else {
            format!(
                "no slot suits all of {} within the allowed slots",
                names.join(", ")
            )
        };
    }
    if let Some(&p) = data
        .participants
        .iter()
        .find(|&&p| inst.cap[p].is_some_and(|c| schedule.count[p] >= c))
    {
        return format!(
            "{} already has the maximum of {} meetings",
            person(p),
            inst.cap[p].unwrap_or(0)
        );
    }
    if let Some(&a) = data.preds.iter().find(|&&a| schedule.slot_of[a].is_none()) {
        return format!(
            "it must come after meeting {}, which is not placed",
            problem.meetings[a].id
        );
    }
    let mut busy_people: Vec<String> = Vec::new();
    let mut tables_full = false;
    for &s in &data.candidates {
        for &p in &data.participants {
            if schedule.is_busy(p, s) && !busy_people.contains(&person(p)) {
                busy_people.push(person(p));
            }
        }
        tables_full |= data.location.is_none() && schedule.tables_full(s);
    }
    let mut causes = Vec::new();
    if !busy_people.is_empty() {
        causes.push(format!(
            "{} already meet(s) someone else",
            busy_people.join(" or ")
        ));
    }
    if tables_full {
        causes.push("all tables are taken".to_string());
    }
    if causes.is_empty() {
        causes.push("the location or the order constraints do not allow it".to_string());
    }
    format!(
        "in each of its {} possible slots {} (meetings of higher weight or earlier requests came first)",
        data.candidates.len(),
        causes.join(", or ")
    )
}
