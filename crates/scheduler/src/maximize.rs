//! Mode `maximize`: greedy placement by (weight, arrival rank), repair of unplaced meetings by
//! moving the meetings that block them, local search on breaks that never loses weight, then a
//! pass that removes rank inversions.

use crate::budget::Clock;
use crate::instance::Instance;
use crate::rng::Rng;
use crate::schedule::Schedule;

/// Meetings by decreasing weight, then arrival rank, then list position.
pub(crate) fn priority_order(inst: &Instance) -> Vec<usize> {
    let mut order: Vec<usize> = (0..inst.meetings.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&inst.meetings[a], &inst.meetings[b]);
        db.weight
            .total_cmp(&da.weight)
            .then(da.rank.cmp(&db.rank))
            .then(a.cmp(&b))
    });
    order
}

/// Places fixed meetings, then greedily the others in priority order, each in the possible
/// slot that adds the fewest breaks (earliest on ties).
pub(crate) fn greedy(schedule: &mut Schedule) {
    let inst = schedule.inst;
    let _ = place_fixed_and_predecessors(schedule);
    let order = priority_order(inst);
    // Several passes, because a meeting waits until all its `after` predecessors are placed.
    loop {
        let mut progress = false;
        for &m in &order {
            if schedule.slot_of[m].is_none() && place_best(schedule, m) {
                progress = true;
            }
        }
        if !progress || !inst.meetings.iter().any(|d| !d.preds.is_empty()) {
            break;
        }
    }
}

/// Places fixed meetings, then the meetings they must follow (in `after` order). `Err` names a
/// fixed meeting whose predecessors could not be placed before it.
pub(crate) fn place_fixed_and_predecessors(schedule: &mut Schedule) -> Result<(), usize> {
    let inst = schedule.inst;
    for &m in &inst.topo_order {
        if let Some(s) = inst.meetings[m].fixed {
            schedule.place(m, s);
        }
    }
    let mut needed_by: Vec<Option<usize>> = vec![None; inst.meetings.len()];
    for &m in inst.topo_order.iter().rev() {
        let root = if inst.meetings[m].fixed.is_some() {
            Some(m)
        } else {
            needed_by[m]
        };
        if let Some(root) = root {
            for &a in &inst.meetings[m].preds {
                needed_by[a] = Some(root);
            }
        }
    }
    let mut result = Ok(());
    for &m in &inst.topo_order {
        if let Some(root) = needed_by[m]
            && schedule.slot_of[m].is_none()
            && !place_best(schedule, m)
        {
            result = Err(root);
        }
    }
    result
}

/// Places `m` in its gentlest free slot; false when no slot is possible.
pub(crate) fn place_best(schedule: &mut Schedule, m: usize) -> bool {
    let inst = schedule.inst;
    let mut best: Option<(i64, usize)> = None;
    for &s in &inst.meetings[m].candidates {
        if schedule.can_place(m, s) {
            let cost = schedule.break_delta(m, s);
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, s));
                if cost < 0 {
                    break;
                }
            }
        }
    }
    match best {
        Some((_, s)) => {
            schedule.place(m, s);
            true
        }
        None => false,
    }
}

/// Tries to place unplaced meetings by moving the meetings in their way to other slots.
/// Keeps a change only when placed weight grows. Returns whether anything improved.
pub(crate) fn repair(schedule: &mut Schedule, clock: &mut Clock) -> bool {
    let inst = schedule.inst;
    let mut improved = false;
    for m in priority_order(inst) {
        if schedule.slot_of[m].is_some() || clock.tick(1) {
            continue;
        }
        if place_best(schedule, m) {
            improved = true;
            continue;
        }
        for &s in &inst.meetings[m].candidates {
            if try_eject_into(schedule, m, s) {
                improved = true;
                break;
            }
        }
    }
    improved
}

/// Puts `m` into `s` after moving the meetings that block it; undoes everything unless weight grows.
fn try_eject_into(schedule: &mut Schedule, m: usize, s: usize) -> bool {
    let inst = schedule.inst;
    let data = &inst.meetings[m];
    if data.participants.iter().any(|&p| {
        inst.cap[p].is_some_and(|c| schedule.count[p] >= c && schedule.occupant(p, s).is_none())
    }) {
        return false;
    }
    let mut blockers: Vec<usize> = data
        .participants
        .iter()
        .filter_map(|&p| schedule.occupant(p, s))
        .collect();
    blockers.sort_unstable();
    blockers.dedup();
    if blockers.len() > 2 {
        return false;
    }
    let needs_table = data.location.is_none()
        && schedule.tables_full(s)
        && !blockers
            .iter()
            .any(|&b| inst.meetings[b].location.is_none());
    if needs_table
        && let Some(&b) = schedule.in_slot[s].iter().find(|&&b| {
            inst.meetings[b].location.is_none() && schedule.can_remove(b) && !blockers.contains(&b)
        })
    {
        blockers.push(b);
    }
    if let Some(l) = data.location
        && let Some(&b) = schedule.in_slot[s]
            .iter()
            .find(|&&b| inst.meetings[b].location == Some(l))
        && !blockers.contains(&b)
    {
        blockers.push(b);
    }
    if blockers.iter().any(|&b| !schedule.can_remove(b)) {
        return false;
    }
    let before = schedule.weight;
    for &b in &blockers {
        schedule.remove(b);
    }
    if !schedule.can_place(m, s) {
        for &b in &blockers {
            schedule.place(b, s);
        }
        return false;
    }
    schedule.place(m, s);
    let mut moved = Vec::new();
    for &b in &blockers {
        let ok = inst.meetings[b]
            .candidates
            .iter()
            .any(|&t| t != s && schedule.can_place(b, t));
        if ok && place_best(schedule, b) {
            moved.push(b);
        }
    }
    if schedule.weight > before + 1e-9 {
        return true;
    }
    for &b in &moved {
        schedule.remove(b);
    }
    schedule.remove(m);
    for &b in &blockers {
        schedule.place(b, s);
    }
    false
}

/// Moves single meetings (and swaps two meetings of one participant) to lower breaks, accepting
/// equal moves to cross plateaus. Weight never changes.
pub(crate) fn reduce_breaks(
    schedule: &mut Schedule,
    rng: &mut Rng,
    clock: &mut Clock,
    max_steps: u64,
) {
    let inst = schedule.inst;
    let movable: Vec<usize> = (0..inst.meetings.len())
        .filter(|&m| {
            schedule.slot_of[m].is_some()
                && inst.meetings[m].fixed.is_none()
                && inst.meetings[m].candidates.len() > 1
        })
        .collect();
    if movable.is_empty() {
        return;
    }
    for step in 0..max_steps {
        // Leave the last tenth of the budget for the arrival-order pass and the output.
        if clock.tick(1) || (step.is_multiple_of(256) && clock.fraction() >= 0.9) {
            break;
        }
        let m = movable[rng.below(movable.len())];
        let Some(from) = schedule.slot_of[m] else {
            continue;
        };
        let data = &inst.meetings[m];
        let to = data.candidates[rng.below(data.candidates.len())];
        if to == from {
            continue;
        }
        let before = i64::from(schedule.breaks_around(m));
        schedule.remove(m);
        if !schedule.can_place(m, to) {
            schedule.place(m, from);
            continue;
        }
        schedule.place(m, to);
        // Same participants before and after: comparing their breaks compares the schedules.
        let after = i64::from(schedule.breaks_around(m));
        if after > before {
            schedule.remove(m);
            schedule.place(m, from);
        }
    }
}

/// Removes rank inversions: an unplaced meeting replaces a later, not heavier meeting of a
/// shared participant when the swap is valid.
pub(crate) fn honour_arrival_order(schedule: &mut Schedule, clock: &mut Clock) {
    let inst = schedule.inst;
    let mut changed = true;
    while changed && !clock.out_of_time() {
        changed = false;
        for u in priority_order(inst) {
            if schedule.slot_of[u].is_some() {
                continue;
            }
            let du = &inst.meetings[u];
            let mut candidates: Vec<usize> = du
                .participants
                .iter()
                .flat_map(|&p| inst.by_participant[p].iter().copied())
                .filter(|&v| {
                    let dv = &inst.meetings[v];
                    schedule.slot_of[v].is_some()
                        && dv.rank > du.rank
                        && dv.weight <= du.weight
                        && schedule.can_remove(v)
                })
                .collect();
            candidates.sort_by_key(|&v| std::cmp::Reverse(inst.meetings[v].rank));
            for v in candidates {
                let Some(s) = schedule.slot_of[v] else {
                    continue;
                };
                if !du.candidates.contains(&s) {
                    continue;
                }
                schedule.remove(v);
                if schedule.can_place(u, s) {
                    schedule.place(u, s);
                    place_best(schedule, v);
                    changed = true;
                    break;
                }
                schedule.place(v, s);
            }
        }
    }
}
