//! Mode `maximize`, after greedy and repair: a large-neighbourhood walk. An unplaced meeting
//! takes a slot by evicting what blocks it; the evicted meetings look for other slots; the
//! change is kept when placed weight does not drop (equal weight lets the walk cross plateaus),
//! undone otherwise. Undo uses a log, so a step costs only the meetings it touches.

use crate::budget::Clock;
use crate::maximize::place_best;
use crate::rng::Rng;
use crate::schedule::Schedule;

/// Runs the walk until `share` of the budget is used, the clock stops or `max_steps` steps;
/// keeps the heaviest schedule seen.
pub(crate) fn improve_by_eviction(
    schedule: &mut Schedule,
    rng: &mut Rng,
    clock: &mut Clock,
    max_steps: u64,
    share: f64,
) {
    let inst = schedule.inst;
    let mut undo: Vec<(usize, Option<usize>)> = Vec::new();
    let mut best_weight = schedule.weight;
    let mut best_slots = schedule.slot_of.clone();
    let mut steps_since_best = 0u64;
    for step in 0..max_steps {
        if clock.tick(1) || (step.is_multiple_of(256) && clock.fraction() >= share) {
            break;
        }
        let unplaced: usize = inst.meetings.len() - schedule.placed;
        if unplaced == 0 {
            break;
        }
        // Pick an unplaced meeting (a few random probes; a rejection costs little).
        let u = rng.below(inst.meetings.len());
        if schedule.slot_of[u].is_some() || inst.meetings[u].candidates.is_empty() {
            continue;
        }
        let data = &inst.meetings[u];
        let s = data.candidates[rng.below(data.candidates.len())];
        let mut evict: Vec<usize> = data
            .participants
            .iter()
            .filter_map(|&p| schedule.occupant(p, s))
            .collect();
        evict.sort_unstable();
        evict.dedup();
        if data.location.is_none()
            && schedule.tables_full(s)
            && !evict.iter().any(|&b| inst.meetings[b].location.is_none())
        {
            let in_slot = &schedule.in_slot[s];
            if in_slot.is_empty() {
                continue;
            }
            evict.push(in_slot[rng.below(in_slot.len())]);
        }
        if let Some(l) = data.location
            && let Some(&b) = schedule.in_slot[s]
                .iter()
                .find(|&&b| inst.meetings[b].location == Some(l))
            && !evict.contains(&b)
        {
            evict.push(b);
        }
        let lost: f64 = evict.iter().map(|&b| inst.meetings[b].weight).sum();
        if lost > data.weight + 1e-9 || evict.iter().any(|&b| !schedule.can_remove(b)) {
            continue;
        }
        let before = schedule.weight;
        undo.clear();
        for &b in &evict {
            undo.push((b, schedule.slot_of[b]));
            schedule.remove(b);
        }
        if !schedule.can_place(u, s) {
            revert(schedule, &mut undo);
            continue;
        }
        undo.push((u, None));
        schedule.place(u, s);
        for &b in &evict {
            if place_best(schedule, b) {
                undo.push((b, None));
            }
        }
        // Evicted meetings' partners may now have room for their own unplaced meetings.
        for &b in &evict {
            for &p in &inst.meetings[b].participants {
                for &n in &inst.by_participant[p] {
                    if schedule.slot_of[n].is_none() && place_best(schedule, n) {
                        undo.push((n, None));
                    }
                }
            }
        }
        if schedule.weight + 1e-9 < before {
            revert(schedule, &mut undo);
            continue;
        }
        if schedule.weight > best_weight + 1e-9 {
            best_weight = schedule.weight;
            best_slots.clone_from(&schedule.slot_of);
            steps_since_best = 0;
        } else {
            steps_since_best += 1;
        }
        if steps_since_best > 50 * inst.meetings.len() as u64 {
            break;
        }
    }
    if schedule.weight + 1e-9 < best_weight {
        let mut fresh = Schedule::new(inst);
        for &m in &inst.topo_order {
            if let Some(s) = best_slots[m] {
                fresh.place(m, s);
            }
        }
        *schedule = fresh;
    }
}

/// Undoes logged changes in reverse: `(meeting, slot before)`.
fn revert(schedule: &mut Schedule, undo: &mut Vec<(usize, Option<usize>)>) {
    while let Some((m, before)) = undo.pop() {
        schedule.remove(m);
        if let Some(s) = before {
            schedule.place(m, s);
        }
    }
}
