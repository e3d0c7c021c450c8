//! The annealing state: a complete assignment with incremental counters of clashes, order
//! violations, breaks, idle slots and the break histogram (for the fairness spread).

use super::{BREAK_WEIGHT, HARD_WEIGHT, MAX_CHAIN, SPREAD_WEIGHT};
use crate::breaks::breaks_and_idle;
use crate::instance::Instance;
use crate::rng::Rng;

pub(super) struct State<'a> {
    pub(super) inst: &'a Instance,
    pub(super) slot: Vec<usize>,
    pub(super) occupancy: Vec<u16>,
    pub(super) tables: Vec<u32>,
    pub(super) locations: Vec<u16>,
    pub(super) breaks: Vec<u32>,
    pub(super) idle: Vec<u32>,
    pub(super) total_idle: i64,
    pub(super) histogram: Vec<u32>,
    pub(super) active: Vec<bool>,
    pub(super) clashes: i64,
    pub(super) order_violations: i64,
    pub(super) total_breaks: i64,
}

impl<'a> State<'a> {
    pub(super) fn new(inst: &'a Instance, slot: Vec<usize>) -> State<'a> {
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

    pub(super) fn compute_breaks(&self, p: usize) -> (u32, u32) {
        let t = self.inst.n_slots;
        breaks_and_idle(self.inst, p, |s| self.occupancy[p * t + s] > 0)
    }

    /// Adds occupancy of `m` in `s` and updates clash counts (not breaks).
    pub(super) fn add(&mut self, m: usize, s: usize) {
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

    pub(super) fn subtract(&mut self, m: usize, s: usize) {
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

    pub(super) fn order_violations_of(&self, m: usize) -> i64 {
        let data = &self.inst.meetings[m];
        let s = self.slot[m];
        let before = data.preds.iter().filter(|&&a| self.slot[a] >= s).count();
        let after = data.succs.iter().filter(|&&n| self.slot[n] <= s).count();
        (before + after) as i64
    }

    /// Moves `m` to `to`, updating every counter.
    pub(super) fn relocate(&mut self, m: usize, to: usize) {
        let from = self.slot[m];
        self.order_violations -= self.order_violations_of(m);
        self.subtract(m, from);
        self.slot[m] = to;
        self.add(m, to);
        self.order_violations += self.order_violations_of(m);
    }

    pub(super) fn refresh_breaks(&mut self, people: &[usize]) {
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

    pub(super) fn spread_excess(&self) -> i64 {
        let Some(d) = self.inst.max_spread else {
            return 0;
        };
        let min = self.histogram.iter().position(|&c| c > 0).unwrap_or(0);
        let max = self.histogram.iter().rposition(|&c| c > 0).unwrap_or(0);
        (max as i64 - min as i64 - i64::from(d)).max(0)
    }

    pub(super) fn penalty(&self) -> i64 {
        HARD_WEIGHT * (self.clashes + self.order_violations) + SPREAD_WEIGHT * self.spread_excess()
    }

    pub(super) fn cost(&self) -> i64 {
        self.penalty() + BREAK_WEIGHT * self.total_breaks + self.total_idle
    }

    /// The Kempe chain of `m` between its slot and `target`: meetings in either slot linked by
    /// shared participants, each paired with the slot it would swap to. False when a meeting of
    /// the chain cannot use its new slot or the chain is too long.
    pub(super) fn kempe_chain(
        &self,
        m: usize,
        target: usize,
        chain: &mut Vec<(usize, usize)>,
    ) -> bool {
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
    /// Plans moving every meeting of one random person one slot earlier or later, keeping
    /// their agenda's shape (partners absorb the change). Empty when not possible.
    pub(super) fn plan_agenda_shift(&self, rng: &mut Rng, plan: &mut Vec<(usize, usize, usize)>) {
        plan.clear();
        let p = rng.below(self.inst.n_participants);
        let later = rng.below(2) == 0;
        for &m in &self.inst.by_participant[p] {
            let s = self.slot[m];
            let to = if later { s + 1 } else { s.wrapping_sub(1) };
            let data = &self.inst.meetings[m];
            if to >= self.inst.n_slots || data.fixed.is_some() || !data.candidates.contains(&to) {
                plan.clear();
                return;
            }
            plan.push((m, s, to));
        }
    }

    pub(super) fn plan_slot_move(&self, rng: &mut Rng, plan: &mut Vec<(usize, usize, usize)>) {
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
    pub(super) fn slot_next_to_partner_meeting(&self, m: usize, rng: &mut Rng) -> Option<usize> {
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

    pub(super) fn in_conflict(&self, m: usize) -> bool {
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
