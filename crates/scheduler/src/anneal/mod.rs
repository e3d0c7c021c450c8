//! Mode `all`: simulated annealing over complete assignments (every meeting in one of its
//! candidate slots). Hard rules that can be broken during the search (two meetings of a person
//! in one slot, too many tables, a shared location, `after` order) are penalized; so is break
//! spread above `max_break_spread`. The best assignment without penalty is kept.

use crate::budget::Clock;
use crate::instance::Instance;
use crate::rng::Rng;

/// Cost units: one break costs `BREAK_WEIGHT`, one idle slot inside a break costs 1 (a gentle
/// slope towards compact agendas), broken hard rules and spread much more.
const BREAK_WEIGHT: i64 = 3;
const HARD_WEIGHT: i64 = 4 * BREAK_WEIGHT;
const SPREAD_WEIGHT: i64 = 3 * BREAK_WEIGHT;
const MAX_CHAIN: usize = 40;
/// Temperatures at the start and end of a cooling round, in breaks.
const HOT: f64 = 1.5;
const COLD: f64 = 0.08;
/// Round length per movable meeting (tuned on the literature instances).
const ROUND_FACTOR: u64 = 10;

/// Result of the annealing: the best complete valid assignment, if one was found, and the
/// assignment with the least penalty otherwise.
pub(crate) struct AnnealOutcome {
    pub best_valid: Option<(Vec<usize>, u64)>,
    pub least_penalty: Vec<usize>,
    pub proven_optimal: bool,
}

mod state;
use state::State;

/// Runs the annealing from `start` (one candidate slot per meeting) until the clock stops or a
/// valid assignment reaches `breaks_lower_bound`, or `share` of the budget is used.
pub(crate) fn anneal(
    inst: &Instance,
    start: Vec<usize>,
    breaks_lower_bound: u64,
    rng: &mut Rng,
    clock: &mut Clock,
    share: f64,
) -> AnnealOutcome {
    let movable: Vec<usize> = (0..inst.meetings.len())
        .filter(|&m| inst.meetings[m].fixed.is_none() && inst.meetings[m].candidates.len() > 1)
        .collect();
    let total_weight: f64 = inst.meetings.iter().map(|m| m.weight).sum();
    let mut state = State::new(inst, start);
    let mut least_penalty = (state.penalty(), state.slot.clone());
    let mut best_valid: Option<(Vec<usize>, u64)> = None;
    let record = |state: &State, best_valid: &mut Option<(Vec<usize>, u64)>| {
        if state.penalty() == 0
            && best_valid
                .as_ref()
                .is_none_or(|(_, b)| (state.total_breaks as u64) < *b)
        {
            *best_valid = Some((state.slot.clone(), state.total_breaks as u64));
        }
    };
    record(&state, &mut best_valid);
    if movable.is_empty() {
        let proven = best_valid.is_some();
        return AnnealOutcome {
            best_valid,
            least_penalty: state.slot,
            proven_optimal: proven,
        };
    }
    let round_length: u64 = ROUND_FACTOR * (20_000 + 400 * movable.len() as u64);
    let (hot, cold) = (HOT * BREAK_WEIGHT as f64, COLD * BREAK_WEIGHT as f64);
    let mut step_in_round = 0u64;
    let mut people: Vec<usize> = Vec::with_capacity(8);
    let mut chain: Vec<(usize, usize)> = Vec::with_capacity(32);
    let mut plan: Vec<(usize, usize, usize)> = Vec::new();
    let mut current_cost = state.cost();
    loop {
        if best_valid
            .as_ref()
            .is_some_and(|(_, b)| *b <= breaks_lower_bound)
            || clock.tick(1)
            || (clock.iterations.is_multiple_of(1024) && share < 1.0 && clock.fraction() >= share)
        {
            break;
        }
        let progress = step_in_round as f64 / round_length as f64;
        let temperature = hot * (cold / hot).powf(progress);
        step_in_round += 1;
        if step_in_round >= round_length {
            step_in_round = 0;
            if let Some((slots, _)) = &best_valid
                && rng.below(2) == 0
            {
                state = State::new(inst, slots.clone());
                current_cost = state.cost();
            }
            // Progress counts a complete schedule only once a valid one exists.
            let (placed, weight) = if best_valid.is_some() {
                (inst.meetings.len(), total_weight)
            } else {
                (0, 0.0)
            };
            clock.report(placed, weight, best_valid.as_ref().map_or(0, |(_, b)| *b));
        }
        let mut m = movable[rng.below(movable.len())];
        if rng.below(2) == 0 {
            // Aim at someone with a break: one of their meetings is likely to move.
            for _ in 0..4 {
                let p = rng.below(inst.n_participants);
                if state.breaks[p] > 0 {
                    let list = &inst.by_participant[p];
                    let pick = list[rng.below(list.len())];
                    if inst.meetings[pick].fixed.is_none()
                        && inst.meetings[pick].candidates.len() > 1
                    {
                        m = pick;
                    }
                    break;
                }
            }
        }
        if state.clashes + state.order_violations > 0 {
            for _ in 0..3 {
                if state.in_conflict(m) {
                    break;
                }
                m = movable[rng.below(movable.len())];
            }
        }
        let data = &inst.meetings[m];
        let from = state.slot[m];
        people.clear();
        people.extend_from_slice(&data.participants);
        let group_move = rng.below(64);
        if inst.n_slots > 2 && group_move < 5 {
            // Whole-slot move (swap two slots' meetings, or rotate a range of slots by one), or
            // shift one person's whole agenda by a slot.
            if group_move == 0 {
                state.plan_slot_move(rng, &mut plan);
            } else {
                state.plan_agenda_shift(rng, &mut plan);
            }
            if plan.is_empty() {
                continue;
            }
            people.clear();
            for &(x, _, to) in &plan {
                people.extend_from_slice(&inst.meetings[x].participants);
                state.relocate(x, to);
            }
            people.sort_unstable();
            people.dedup();
            state.refresh_breaks(&people);
            let new_cost = state.cost();
            let delta = new_cost - current_cost;
            if delta <= 0 || rng.unit() < (-(delta as f64) / temperature).exp() {
                current_cost = new_cost;
                if state.penalty() < least_penalty.0 {
                    least_penalty = (state.penalty(), state.slot.clone());
                }
                record(&state, &mut best_valid);
            } else {
                for &(x, back, _) in plan.iter().rev() {
                    state.relocate(x, back);
                }
                state.refresh_breaks(&people);
            }
            continue;
        }
        let kind = rng.below(10);
        let target = if rng.below(2) == 0 {
            state
                .slot_next_to_partner_meeting(m, rng)
                .unwrap_or(data.candidates[rng.below(data.candidates.len())])
        } else {
            data.candidates[rng.below(data.candidates.len())]
        };
        if kind < 4 {
            if target == from || !state.kempe_chain(m, target, &mut chain) {
                continue;
            }
            people.clear();
            for &(x, _) in &chain {
                people.extend_from_slice(&inst.meetings[x].participants);
            }
            for &(x, to) in &chain {
                state.relocate(x, to);
            }
            state.refresh_breaks(&people);
            let new_cost = state.cost();
            let delta = new_cost - current_cost;
            if delta <= 0 || rng.unit() < (-(delta as f64) / temperature).exp() {
                current_cost = new_cost;
                if state.penalty() < least_penalty.0 {
                    least_penalty = (state.penalty(), state.slot.clone());
                }
                record(&state, &mut best_valid);
            } else {
                for &(x, to) in &chain {
                    let back = if to == from { target } else { from };
                    state.relocate(x, back);
                }
                state.refresh_breaks(&people);
            }
            continue;
        }
        let partner = if kind < 7 {
            let p = data.participants[rng.below(data.participants.len())];
            let list = &inst.by_participant[p];
            let n = list[rng.below(list.len())];
            let nd = &inst.meetings[n];
            let sn = state.slot[n];
            (n != m
                && sn != from
                && nd.fixed.is_none()
                && nd.candidates.contains(&from)
                && data.candidates.contains(&sn))
            .then_some((n, sn))
        } else {
            None
        };
        let to = match partner {
            Some((n, sn)) => {
                people.extend_from_slice(&inst.meetings[n].participants);
                state.relocate(n, from);
                sn
            }
            None => {
                if target == from || !data.candidates.contains(&target) {
                    continue;
                }
                target
            }
        };
        state.relocate(m, to);
        state.refresh_breaks(&people);
        let new_cost = state.cost();
        let delta = new_cost - current_cost;
        if delta <= 0 || rng.unit() < (-(delta as f64) / temperature).exp() {
            current_cost = new_cost;
            if state.penalty() < least_penalty.0 {
                least_penalty = (state.penalty(), state.slot.clone());
            }
            record(&state, &mut best_valid);
        } else {
            state.relocate(m, from);
            if let Some((n, sn)) = partner {
                state.relocate(n, sn);
            }
            state.refresh_breaks(&people);
        }
    }
    let proven_optimal = best_valid
        .as_ref()
        .is_some_and(|(_, b)| *b <= breaks_lower_bound);
    AnnealOutcome {
        best_valid,
        least_penalty: least_penalty.1,
        proven_optimal,
    }
}
