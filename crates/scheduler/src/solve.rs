//! The solver entry point: checks the problem, picks the search for the mode, reports bounds.

use crate::anneal::anneal;
use crate::bounds::{breaks_lower_bound, weight_upper_bound};
use crate::budget::{Budget, Clock};
use crate::error::ProblemError;
use crate::exact::{Exact, exact_search};
use crate::feasibility::propagate;
use crate::instance::Instance;
use crate::maximize::{greedy, honour_arrival_order, reduce_breaks, repair};
use crate::model::{Mode, Problem, Solution, Status};
use crate::output::{Outcome, build_solution};
use crate::rng::Rng;
use crate::schedule::Schedule;
use std::collections::HashMap;

/// Solves `problem` within `budget`. Same problem, seed and iteration budget give the same
/// answer. Errors only for input that contradicts itself; an impossible mode-`all` problem is
/// a solution with status `infeasible`.
pub fn solve(problem: &Problem, budget: &Budget) -> Result<Solution, ProblemError> {
    let inst = Instance::compile(problem)?;
    if let Err(m) = crate::maximize::place_fixed_and_predecessors(&mut Schedule::new(&inst)) {
        let slot = inst.meetings[m]
            .fixed
            .map(|s| problem.slots[s].id.clone())
            .unwrap_or_default();
        return Err(ProblemError::FixedTooEarly {
            meeting: problem.meetings[m].id.clone(),
            slot,
        });
    }
    let mut clock = Clock::start(budget);
    let mut rng = Rng::new(budget.seed);
    let upper_bound = weight_upper_bound(&inst);
    let solution = match inst.mode {
        Mode::Maximize => solve_maximize(problem, &inst, upper_bound, &mut rng, &mut clock),
        Mode::All => solve_all(problem, &inst, upper_bound, &mut rng, &mut clock),
    };
    if let Some(spread) = inst.max_spread
        && let Err(violations) = crate::validate::validate_schedule(problem, &solution)
        && violations
            .iter()
            .any(|v| matches!(v, crate::validate::Violation::SpreadExceeded { .. }))
    {
        // Even with every movable meeting left out, the fixed ones break the spread.
        return Err(ProblemError::FixedSpreadUnresolved { spread });
    }
    Ok(solution)
}

fn outcome(
    status: Status,
    upper_bound: f64,
    breaks_lower_bound: Option<u64>,
    clock: &Clock,
) -> Outcome {
    Outcome {
        status,
        upper_bound: Some(upper_bound),
        breaks_lower_bound,
        elapsed_ms: clock.elapsed().as_millis() as u64,
        reasons: HashMap::new(),
        default_reason: None,
    }
}

/// Fixed meetings first (they never move), then `slots` in `after` order where still valid.
fn schedule_from<'a>(inst: &'a Instance, slots: &[Option<usize>]) -> Schedule<'a> {
    let mut schedule = Schedule::new(inst);
    for &m in &inst.topo_order {
        if let Some(s) = inst.meetings[m].fixed {
            schedule.place(m, s);
        }
    }
    for &m in &inst.topo_order {
        if let Some(s) = slots[m]
            && schedule.slot_of[m].is_none()
            && schedule.can_place(m, s)
        {
            schedule.place(m, s);
        }
    }
    schedule
}

fn solve_maximize(
    problem: &Problem,
    inst: &Instance,
    upper_bound: f64,
    rng: &mut Rng,
    clock: &mut Clock,
) -> Solution {
    if let Some(Exact::Best(slots)) = exact_search(inst) {
        let schedule = schedule_from(inst, &slots);
        let upper = upper_bound.min(schedule.weight);
        return build_solution(
            problem,
            &schedule,
            outcome(Status::Optimal, upper, None, clock),
        );
    }
    if inst.max_spread.is_some()
        && let Some(schedule) = complete_fair_schedule(inst, rng, clock)
    {
        // Every meeting placed within the spread: the heaviest possible plan, no inversions.
        return build_solution(
            problem,
            &schedule,
            outcome(Status::Feasible, upper_bound, None, clock),
        );
    }
    let mut schedule = Schedule::new(inst);
    greedy(&mut schedule);
    clock.report(schedule.placed, schedule.weight, 0);
    let steps = 200 * inst.meetings.len() as u64;
    for _ in 0..20 {
        if clock.out_of_time() || schedule.weight >= upper_bound - 1e-9 {
            break;
        }
        if !repair(&mut schedule, clock) {
            break;
        }
        clock.report(schedule.placed, schedule.weight, 0);
    }
    if schedule.weight < upper_bound - 1e-9 {
        crate::lns::improve_by_eviction(&mut schedule, rng, clock, u64::MAX, 0.75);
        clock.report(schedule.placed, schedule.weight, 0);
    }
    reduce_breaks(&mut schedule, rng, clock, steps);
    honour_arrival_order(&mut schedule, clock);
    enforce_spread(&mut schedule);
    let breaks = schedule.total_breaks();
    clock.report(schedule.placed, schedule.weight, breaks);
    let inversions = {
        let count: Vec<usize> = schedule.count.iter().map(|&c| c as usize).collect();
        crate::validate::count_rank_inversions(inst, &schedule.slot_of, &count)
    };
    // Proven best only when the weight meets the bound and nothing else can improve.
    let status = if schedule.weight >= upper_bound - 1e-9 && breaks == 0 && inversions == 0 {
        Status::Optimal
    } else {
        Status::Feasible
    };
    build_solution(
        problem,
        &schedule,
        outcome(status, upper_bound, None, clock),
    )
}

fn solve_all(
    problem: &Problem,
    inst: &Instance,
    upper_bound: f64,
    rng: &mut Rng,
    clock: &mut Clock,
) -> Solution {
    let participant_name = |p: usize| format!("participant {}", problem.participants[p].id);
    let slot_name = |s: usize| problem.slots[s].id.clone();
    let domains = match propagate(inst, &participant_name, &slot_name) {
        Ok(domains) => domains,
        Err(proof) => {
            let schedule = best_effort(inst);
            let mut result = outcome(Status::Infeasible, upper_bound, None, clock);
            for m in proof.meetings {
                result
                    .reasons
                    .insert(m, format!("cannot place every meeting: {}", proof.reason));
            }
            result.default_reason = Some(format!(
                "not scheduled: the problem is infeasible ({})",
                proof.reason
            ));
            return build_solution(problem, &schedule, result);
        }
    };
    let (lower_bound, _) = breaks_lower_bound(inst, &domains);
    match exact_search(inst) {
        Some(Exact::Best(slots)) => {
            let schedule = schedule_from(inst, &slots);
            let breaks = schedule.total_breaks();
            return build_solution(
                problem,
                &schedule,
                outcome(Status::Optimal, upper_bound, Some(breaks), clock),
            );
        }
        Some(Exact::Infeasible) => {
            let mut result = outcome(Status::Infeasible, upper_bound, None, clock);
            result.default_reason = Some("not scheduled: an exhaustive search found no schedule that places every meeting with these constraints".into());
            return build_solution(problem, &best_effort(inst), result);
        }
        None => {}
    }
    let mut narrowed = inst.clone();
    for (m, domain) in domains.into_iter().enumerate() {
        narrowed.meetings[m].candidates = domain;
    }
    let start = least_conflict_start(&narrowed);
    let result = anneal(&narrowed, start, lower_bound, rng, clock, 1.0);
    if let Some((slots, breaks)) = result.best_valid {
        let slots: Vec<Option<usize>> = slots.into_iter().map(Some).collect();
        let schedule = schedule_from(inst, &slots);
        let status = if result.proven_optimal {
            Status::Optimal
        } else {
            Status::Feasible
        };
        debug_assert_eq!(schedule.total_breaks(), breaks);
        return build_solution(
            problem,
            &schedule,
            outcome(status, upper_bound, Some(lower_bound), clock),
        );
    }
    let slots: Vec<Option<usize>> = result.least_penalty.into_iter().map(Some).collect();
    let mut schedule = schedule_from(inst, &slots);
    for m in crate::maximize::priority_order(inst) {
        if schedule.slot_of[m].is_none() {
            crate::maximize::place_best(&mut schedule, m);
        }
    }
    enforce_spread(&mut schedule);
    let mut partial = outcome(Status::Timeout, upper_bound, Some(lower_bound), clock);
    partial.default_reason = Some("no complete schedule was found within the time limit and impossibility was not proven; left out of this partial plan".into());
    build_solution(problem, &schedule, partial)
}

/// With `max_break_spread`, placing greedily and then dropping meetings to restore the spread
/// can lose much weight. First try, with half the budget, to place every meeting within the
/// spread as mode `all` does.
fn complete_fair_schedule<'a>(
    inst: &'a Instance,
    rng: &mut Rng,
    clock: &mut Clock,
) -> Option<Schedule<'a>> {
    let no_name = |_: usize| String::new();
    let domains = propagate(inst, &no_name, &no_name).ok()?;
    let (lower_bound, _) = breaks_lower_bound(inst, &domains);
    let mut narrowed = inst.clone();
    for (m, domain) in domains.into_iter().enumerate() {
        narrowed.meetings[m].candidates = domain;
    }
    let start = least_conflict_start(&narrowed);
    let (slots, _) = anneal(&narrowed, start, lower_bound, rng, clock, 0.5).best_valid?;
    let slots: Vec<Option<usize>> = slots.into_iter().map(Some).collect();
    let schedule = schedule_from(inst, &slots);
    (schedule.placed == inst.meetings.len()).then_some(schedule)
}

/// A valid partial plan for an infeasible mode-`all` problem: fixed meetings, then greedy.
fn best_effort(inst: &Instance) -> Schedule<'_> {
    let mut schedule = Schedule::new(inst);
    greedy(&mut schedule);
    enforce_spread(&mut schedule);
    schedule
}

/// For each meeting in `after` order, the candidate slot with the fewest clashes so far.
fn least_conflict_start(inst: &Instance) -> Vec<usize> {
    let t = inst.n_slots;
    let mut busy = vec![0u32; inst.n_participants * t];
    let mut tables = vec![0u32; t];
    let mut slot = vec![0usize; inst.meetings.len()];
    for &m in &inst.topo_order {
        let data = &inst.meetings[m];
        let earliest = data.preds.iter().map(|&a| slot[a] + 1).max().unwrap_or(0);
        let cost = |s: usize| {
            let people: u32 = data.participants.iter().map(|&p| busy[p * t + s]).sum();
            let table = u32::from(data.location.is_none() && tables[s] >= inst.capacity[s]);
            let order = u32::from(s < earliest);
            people + table + order
        };
        // The first least-conflict slot: a deterministic, compact start. (Random tie-breaks
        // were tried: neutral at 10 s, worse at 3 s.)
        let best = data
            .candidates
            .iter()
            .copied()
            .min_by_key(|&s| cost(s))
            .unwrap_or(0);
        slot[m] = best;
        for &p in &data.participants {
            busy[p * t + best] += 1;
        }
        if data.location.is_none() {
            tables[best] += 1;
        }
    }
    slot
}

/// Removes meetings until break counts differ by at most `max_break_spread`, each time the
/// removal that shrinks the spread most at the least weight. Ends valid (at worst empty).
pub(crate) fn enforce_spread(schedule: &mut Schedule) {
    let inst = schedule.inst;
    let Some(d) = inst.max_spread else { return };
    loop {
        let (spread, breaks) = schedule.break_spread();
        if spread <= d {
            return;
        }
        let active: Vec<usize> = (0..inst.n_participants)
            .filter(|&p| schedule.count[p] > 0)
            .collect();
        let max = active.iter().map(|&p| breaks[p]).max().unwrap_or(0);
        let min = active.iter().map(|&p| breaks[p]).min().unwrap_or(0);
        let mut options: Vec<usize> = active
            .iter()
            .filter(|&&p| breaks[p] == max || breaks[p] == min)
            .flat_map(|&p| inst.by_participant[p].iter().copied())
            .filter(|&m| schedule.slot_of[m].is_some() && schedule.can_remove(m))
            .collect();
        options.sort_unstable();
        options.dedup();
        let mut best: Option<(u32, f64, usize)> = None;
        for m in options {
            let Some(s) = schedule.slot_of[m] else {
                continue;
            };
            schedule.remove(m);
            let after = schedule.break_spread().0;
            schedule.place(m, s);
            let key = (after, inst.meetings[m].weight);
            if best.is_none_or(|(a, w, _)| key.0 < a || (key.0 == a && key.1 < w)) {
                best = Some((key.0, key.1, m));
            }
        }
        match best {
            Some((_, _, m)) => schedule.remove(m),
            None => {
                // Only fixed or depended-on meetings remain among the extremes: drop any removable one.
                match (0..inst.meetings.len())
                    .find(|&m| schedule.slot_of[m].is_some() && schedule.can_remove(m))
                {
                    Some(m) => schedule.remove(m),
                    None => return,
                }
            }
        }
    }
}
