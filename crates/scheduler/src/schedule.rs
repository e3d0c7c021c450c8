//! A schedule that always satisfies every hard rule: the working state of the `maximize`
//! search, the exact search and the final output.

use crate::breaks::participant_breaks;
use crate::instance::Instance;

/// A valid (possibly partial) schedule with the occupancy needed to test moves quickly.
#[derive(Debug, Clone)]
pub(crate) struct Schedule<'a> {
    pub inst: &'a Instance,
    pub slot_of: Vec<Option<usize>>,
    /// `occupant[p * n_slots + s]`: meeting index + 1, or 0 when free.
    occupant: Vec<u32>,
    tables_used: Vec<u32>,
    location_busy: Vec<bool>,
    pub count: Vec<u32>,
    /// Meetings held in each slot.
    pub in_slot: Vec<Vec<usize>>,
    pub weight: f64,
    pub placed: usize,
}

impl<'a> Schedule<'a> {
    /// The empty schedule.
    pub fn new(inst: &'a Instance) -> Schedule<'a> {
        Schedule {
            inst,
            slot_of: vec![None; inst.meetings.len()],
            occupant: vec![0; inst.n_participants * inst.n_slots],
            tables_used: vec![0; inst.n_slots],
            location_busy: vec![false; inst.n_locations * inst.n_slots],
            count: vec![0; inst.n_participants],
            in_slot: vec![Vec::new(); inst.n_slots],
            weight: 0.0,
            placed: 0,
        }
    }

    /// Meeting of participant `p` in slot `s`, if any.
    pub fn occupant(&self, p: usize, s: usize) -> Option<usize> {
        let o = self.occupant[p * self.inst.n_slots + s];
        (o > 0).then(|| o as usize - 1)
    }

    /// Whether participant `p` meets in slot `s`.
    pub fn is_busy(&self, p: usize, s: usize) -> bool {
        self.occupant[p * self.inst.n_slots + s] > 0
    }

    /// Whether unplaced meeting `m` can go to candidate slot `s` keeping every hard rule.
    pub fn can_place(&self, m: usize, s: usize) -> bool {
        let data = &self.inst.meetings[m];
        if data
            .participants
            .iter()
            .any(|&p| self.is_busy(p, s) || self.inst.cap[p].is_some_and(|c| self.count[p] >= c))
        {
            return false;
        }
        let room = match data.location {
            Some(l) => !self.location_busy[l * self.inst.n_slots + s],
            None => self.tables_used[s] < self.inst.capacity[s],
        };
        room && self.order_allows(m, s)
    }

    /// Whether `after` constraints allow meeting `m` in slot `s` given the other placements.
    pub fn order_allows(&self, m: usize, s: usize) -> bool {
        let data = &self.inst.meetings[m];
        data.preds
            .iter()
            .all(|&a| self.slot_of[a].is_some_and(|sa| sa < s))
            && data
                .succs
                .iter()
                .all(|&n| self.slot_of[n].is_none_or(|sn| sn > s))
    }

    /// Whether removing `m` keeps the schedule valid (no placed successor depends on it).
    pub fn can_remove(&self, m: usize) -> bool {
        self.inst.meetings[m].fixed.is_none()
            && self.inst.meetings[m]
                .succs
                .iter()
                .all(|&n| self.slot_of[n].is_none())
    }

    /// Places `m` in `s`; the caller has checked [`Schedule::can_place`].
    pub fn place(&mut self, m: usize, s: usize) {
        let data = &self.inst.meetings[m];
        for &p in &data.participants {
            self.occupant[p * self.inst.n_slots + s] = m as u32 + 1;
            self.count[p] += 1;
        }
        match data.location {
            Some(l) => self.location_busy[l * self.inst.n_slots + s] = true,
            None => self.tables_used[s] += 1,
        }
        self.slot_of[m] = Some(s);
        self.in_slot[s].push(m);
        self.weight += data.weight;
        self.placed += 1;
    }

    /// Removes `m` if placed.
    pub fn remove(&mut self, m: usize) {
        let Some(s) = self.slot_of[m].take() else {
            return;
        };
        let data = &self.inst.meetings[m];
        for &p in &data.participants {
            self.occupant[p * self.inst.n_slots + s] = 0;
            self.count[p] -= 1;
        }
        match data.location {
            Some(l) => self.location_busy[l * self.inst.n_slots + s] = false,
            None => self.tables_used[s] -= 1,
        }
        if let Some(pos) = self.in_slot[s].iter().position(|&x| x == m) {
            self.in_slot[s].swap_remove(pos);
        }
        self.weight -= data.weight;
        self.placed -= 1;
    }

    /// Whether all shared tables of `s` are taken.
    pub fn tables_full(&self, s: usize) -> bool {
        self.tables_used[s] >= self.inst.capacity[s]
    }

    /// Breaks of participant `p`.
    pub fn breaks_of(&self, p: usize) -> u32 {
        participant_breaks(self.inst, p, |s| self.is_busy(p, s))
    }

    /// Total breaks over all participants.
    pub fn total_breaks(&self) -> u64 {
        (0..self.inst.n_participants)
            .map(|p| u64::from(self.breaks_of(p)))
            .sum()
    }

    /// Sum of the breaks of the participants of meeting `m`.
    pub fn breaks_around(&self, m: usize) -> u32 {
        self.inst.meetings[m]
            .participants
            .iter()
            .map(|&p| self.breaks_of(p))
            .sum()
    }

    /// Max minus min break count over participants with a meeting.
    pub fn break_spread(&self) -> (u32, Vec<u32>) {
        let breaks: Vec<u32> = (0..self.inst.n_participants)
            .map(|p| self.breaks_of(p))
            .collect();
        let active = (0..self.inst.n_participants).filter(|&p| self.count[p] > 0);
        let max = active.clone().map(|p| breaks[p]).max().unwrap_or(0);
        let min = active.map(|p| breaks[p]).min().unwrap_or(0);
        (max - min, breaks)
    }

    /// Cost of placing `m` in `s` for its participants' breaks (after minus before); the
    /// caller has checked placement is possible. Used to pick the gentlest slot.
    pub fn break_delta(&mut self, m: usize, s: usize) -> i64 {
        let before = i64::from(self.breaks_around(m));
        self.place(m, s);
        let after = i64::from(self.breaks_around(m));
        self.remove(m);
        after - before
    }
}
