//! Mode `all`: simulated annealing over complete assignments (every meeting in one of its
//! candidate slots). Hard rules that can be broken during the search (two meetings of a person
//! in one slot, too many tables, a shared location, `after` order) are penalized; so is break
//! spread above `max_break_spread`. The best assignment without penalty is kept.

use crate::breaks::breaks_and_idle;
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

struct State<'a> {
    inst: &'a Instance,
    slot: Vec<usize>,
    occupancy: Vec<u16>,
    tables: Vec<u32>,
    locations: Vec<u16>,
    breaks: Vec<u32>,
    idle: Vec<u32>,
    total_idle: i64,
    histogram: Vec<u32>,
    active: Vec<bool>,
    clashes: i64,
    order_violations: i64,
    total_breaks: i64,
}

impl<'a> State<'a> {
    fn new(inst: &'a Instance, slot: Vec<usize>) -> State<'a> {
        let t = inst.n_slots;
        let mut state = State {
            inst,
            slot: slot.clone(),
            occupancy: vec![0; inst.n_participants * t],
            tables: vec![0; t],
            locations: vec![0; inst.n_locations * t],
            breaks: vec![0; inst.n_participants],
            idle: vec![0; inst.n_participants],
            total_idle: 0,
            histogram: vec![0; t + 2],
            active: (0..inst.n_participants)
                .map(|p| !inst.by_participant[p].is_empty())
                .collect(),
            clashes: 0,
            order_violations: 0,
            total_breaks: 0,
        };
        for (m, &s) in slot.iter().enumerate() {
            state.add(m, s);
        }
        for p in 0..inst.n_participants {
            let (b, idle) = state.compute_breaks(p);
            state.breaks[p] = b;
            state.idle[p] = idle;
            state.total_idle += i64::from(idle);
            state.total_breaks += i64::from(b);
            if state.active[p] {
                state.histogram[b as usize] += 1;
            }
        }
        state.order_violations = (0..inst.meetings.len())
            .map(|m| {
                inst.meetings[m]
                    .preds
                    .iter()
                    .filter(|&&a| slot[a] >= slot[m])
                    .count() as i64
            })
            .sum();
        state
    }

    fn compute_breaks(&self, p: usize) -> (u32, u32) {
        let t = self.inst.n_slots;
        breaks_and_idle(self.inst, p, |s| self.occupancy[p * t + s] > 0)
    }

    /// Adds occupancy of `m` in `s` and updates clash counts (not breaks).
    fn add(&mut self, m: usize, s: usize) {
        let t = self.inst.n_slots;
        let data = &self.inst.meetings[m];
        for &p in &data.participants {
            let cell = &mut self.occupancy[p * t + s];
            if *cell >= 1 {
                self.clashes += 1;
            }
            *cell += 1;
        }
        match data.location {
            Some(l) => {
                let cell = &mut self.locations[l * t + s];
                if *cell >= 1 {
                    self.clashes += 1;
                }
                *cell += 1;
            }
            None => {
                if self.tables[s] >= self.inst.capacity[s] {
                    self.clashes += 1;
                }
                self.tables[s] += 1;
            }
        }
    }

    fn subtract(&mut self, m: usize, s: usize) {
        let t = self.inst.n_slots;
        let data = &self.inst.meetings[m];
        for &p in &data.participants {
            let cell = &mut self.occupancy[p * t + s];
            *cell -= 1;
            if *cell >= 1 {
                self.clashes -= 1;
            }
        }
        match data.location {
            Some(l) => {
                let cell = &mut self.locations[l * t + s];
                *cell -= 1;
                if *cell >= 1 {
                    self.clashes -= 1;
                }
            }
            None => {
                self.tables[s] -= 1;
                if self.tables[s] >= self.inst.capacity[s] {
                    self.clashes -= 1;
                }
            }
        }
    }

    fn order_violations_of(&self, m: usize) -> i64 {
        let data = &self.inst.meetings[m];
        let s = self.slot[m];
        let before = data.preds.iter().filter(|&&a| self.slot[a] >= s).count();
        let after = data.succs.iter().filter(|&&n| self.slot[n] <= s).count();
        (before + after) as i64
    }

    /// Moves `m` to `to`, updating every counter.
    fn relocate(&mut self, m: usize, to: usize) {
        let from = self.slot[m];
        self.order_violations -= self.order_violations_of(m);
        self.subtract(m, from);
        self.slot[m] = to;
        self.add(m, to);
        self.order_violations += self.order_violations_of(m);
    }

    fn refresh_breaks(&mut self, people: &[usize]) {
        for &p in people {
            let (b, idle) = self.compute_breaks(p);
            self.total_idle += i64::from(idle) - i64::from(self.idle[p]);
            self.idle[p] = idle;
            let old = self.breaks[p];
            if b != old {
                self.total_breaks += i64::from(b) - i64::from(old);
                if self.active[p] {
                    self.histogram[old as usize] -= 1;
                    self.histogram[b as usize] += 1;
                }
                self.breaks[p] = b;
            }
        }
    }

    fn spread_excess(&self) -> i64 {
        let Some(d) = self.inst.max_spread else {
            return 0;
        };
        let min = self.histogram.iter().position(|&c| c > 0).unwrap_or(0);
        let max = self.histogram.iter().rposition(|&c| c > 0).unwrap_or(0);
        (max as i64 - min as i64 - i64::from(d)).max(0)
    }

    fn penalty(&self) -> i64 {
        HARD_WEIGHT * (self.clashes + self.order_violations) + SPREAD_WEIGHT * self.spread_excess()
    }

    fn cost(&self) -> i64 {
        self.penalty() + BREAK_WEIGHT * self.total_breaks + self.total_idle
    }

    /// The Kempe chain of `m` between its slot and `target`: meetings in either slot linked by
    /// shared participants, each paired with the slot it would swap to. False when a meeting of
    /// the chain cannot use its new slot or the chain is too long.
    fn kempe_chain(&self, m: usize, target: usize, chain: &mut Vec<(usize, usize)>) -> bool {
        let from = self.slot[m];
        chain.clear();
        chain.push((m, target));
        let mut next = 0;
        while next < chain.len() {
            let (x, to) = chain[next];
            next += 1;
            let here = if to == target { from } else { target };
            let data = &self.inst.meetings[x];
            if data.fixed.is_some() || !data.candidates.contains(&to) {
                return false;
            }
            for &p in &data.participants {
                for &y in &self.inst.by_participant[p] {
                    if y != x && self.slot[y] == to && !chain.iter().any(|&(z, _)| z == y) {
                        chain.push((y, here));
                        if chain.len() > MAX_CHAIN {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    /// Plans a whole-slot move as (meeting, from, to): swap the meetings of two slots, or shift
    /// a range of slots by one with the last one wrapping to the front. Empty when a meeting
    /// involved is fixed or cannot use its new slot.
    fn plan_slot_move(&self, rng: &mut Rng, plan: &mut Vec<(usize, usize, usize)>) {
        plan.clear();
        let t = self.inst.n_slots;
        let (a, b) = (rng.below(t), rng.below(t));
        if a == b {
            return;
        }
        let (lo, hi) = (a.min(b), a.max(b));
        let swap = rng.below(2) == 0;
        let forward = rng.below(2) == 0;
        for (x, &s) in self.slot.iter().enumerate() {
            let to = if swap {
                if s == lo {
                    hi
                } else if s == hi {
                    lo
                } else {
                    continue;
                }
            } else if s < lo || s > hi {
                continue;
            } else if forward {
                if s == hi { lo } else { s + 1 }
            } else if s == lo {
                hi
            } else {
                s - 1
            };
            let data = &self.inst.meetings[x];
            if data.fixed.is_some() || !data.candidates.contains(&to) {
                plan.clear();
                return;
            }
            plan.push((x, s, to));
        }
    }

    /// A slot right before or after another meeting of one of `m`'s participants: where a
    /// move is likely to close a break.
    fn slot_next_to_partner_meeting(&self, m: usize, rng: &mut Rng) -> Option<usize> {
        let data = &self.inst.meetings[m];
        let p = data.participants[rng.below(data.participants.len())];
        let list = &self.inst.by_participant[p];
        let other = list[rng.below(list.len())];
        if other == m {
            return None;
        }
        let s = self.slot[other];
        let next = if rng.below(2) == 0 {
            s.checked_sub(1)?
        } else {
            s + 1
        };
        (next < self.inst.n_slots).then_some(next)
    }

    fn in_conflict(&self, m: usize) -> bool {
        let t = self.inst.n_slots;
        let s = self.slot[m];
        let data = &self.inst.meetings[m];
        data.participants
            .iter()
            .any(|&p| self.occupancy[p * t + s] > 1)
            || match data.location {
                Some(l) => self.locations[l * t + s] > 1,
                None => self.tables[s] > self.inst.capacity[s],
            }
            || self.order_violations_of(m) > 0
    }
}

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
            clock.report(
                inst.meetings.len(),
                0.0,
                best_valid.as_ref().map_or(0, |(_, b)| *b),
            );
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
        if inst.n_slots > 2 && rng.below(64) == 0 {
            // Whole-slot move: swap two slots' meetings, or rotate a range of slots by one.
            state.plan_slot_move(rng, &mut plan);
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
