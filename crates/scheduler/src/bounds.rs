//! Proven bounds: an upper bound on placed weight and a lower bound on total breaks.

use crate::instance::Instance;

/// Upper bound on the weight any valid schedule can place: the least of
/// (1) all meetings that have a candidate slot,
/// (2) a per-participant bound: each meeting's weight is charged to its most overloaded
///     participant, who can hold at most `min(cap, usable slots)` meetings,
/// (3) a capacity bound: table meetings fit in at most the sum of table counts, each location
///     hosts at most one meeting per slot.
pub(crate) fn weight_upper_bound(inst: &Instance) -> f64 {
    let placeable: Vec<usize> = (0..inst.meetings.len())
        .filter(|&m| !inst.meetings[m].candidates.is_empty())
        .collect();
    let all: f64 = placeable.iter().map(|&m| inst.meetings[m].weight).sum();
    // How many of its meetings each participant can hold at once: a maximum matching of their
    // meetings to distinct candidate slots, capped by max_meetings.
    let room: Vec<usize> = (0..inst.n_participants)
        .map(|p| participant_rank(inst, p, &inst.by_participant[p]))
        .collect();
    let load: Vec<f64> = (0..inst.n_participants)
        .map(|p| {
            if room[p] == 0 {
                f64::INFINITY
            } else {
                inst.by_participant[p].len() as f64 / room[p] as f64
            }
        })
        .collect();
    let mut charged: Vec<Vec<usize>> = vec![Vec::new(); inst.n_participants];
    let mut free_weight = 0.0;
    for &m in &placeable {
        let data = &inst.meetings[m];
        let heaviest = data
            .participants
            .iter()
            .copied()
            .max_by(|&a, &b| load[a].total_cmp(&load[b]));
        match heaviest {
            Some(p) if load[p] > 1.0 => charged[p].push(m),
            _ => free_weight += data.weight,
        }
    }
    let per_participant: f64 = free_weight
        + (0..inst.n_participants)
            .map(|p| heaviest_independent_weight(inst, p, &mut charged[p]))
            .sum::<f64>();

    let table_capacity: usize = inst.capacity.iter().map(|&c| c as usize).sum();
    let mut table_weights = Vec::new();
    let mut location_weights: Vec<Vec<f64>> = vec![Vec::new(); inst.n_locations];
    for &m in &placeable {
        match inst.meetings[m].location {
            Some(l) => location_weights[l].push(inst.meetings[m].weight),
            None => table_weights.push(inst.meetings[m].weight),
        }
    }
    let capacity_bound = top_sum(&mut table_weights, table_capacity)
        + location_weights
            .iter_mut()
            .map(|w| top_sum(w, inst.n_slots))
            .sum::<f64>();
    all.min(per_participant).min(capacity_bound)
}

/// Largest number of `meetings` that participant `p` can attend in distinct slots (capped).
fn participant_rank(inst: &Instance, p: usize, meetings: &[usize]) -> usize {
    let domains: Vec<Vec<usize>> = meetings
        .iter()
        .map(|&m| inst.meetings[m].candidates.clone())
        .collect();
    let rank = matching_size(&domains, inst.n_slots);
    inst.cap[p].map_or(rank, |c| rank.min(c as usize))
}

/// Heaviest subset of `meetings` that `p` can attend in distinct slots within their cap: the
/// greedy algorithm is exact here (the sets form a truncated transversal matroid).
fn heaviest_independent_weight(inst: &Instance, p: usize, meetings: &mut [usize]) -> f64 {
    meetings.sort_by(|&a, &b| inst.meetings[b].weight.total_cmp(&inst.meetings[a].weight));
    let limit = inst.cap[p].map_or(usize::MAX, |c| c as usize);
    let mut owner: Vec<Option<usize>> = vec![None; inst.n_slots];
    let domains: Vec<Vec<usize>> = meetings
        .iter()
        .map(|&m| inst.meetings[m].candidates.clone())
        .collect();
    let (mut taken, mut weight) = (0, 0.0);
    for (i, &m) in meetings.iter().enumerate() {
        if taken >= limit {
            break;
        }
        let mut visited = vec![false; inst.n_slots];
        if augment(i, &domains, &mut owner, &mut visited) {
            taken += 1;
            weight += inst.meetings[m].weight;
        }
    }
    weight
}

fn top_sum(weights: &mut [f64], k: usize) -> f64 {
    weights.sort_by(|a, b| b.total_cmp(a));
    weights.iter().take(k).sum()
}

/// Lower bound on total breaks of any complete schedule (mode `all`), per participant:
/// with breaks spanning sessions, a participant whose meetings cannot fill any window of
/// consecutive slots has at least one break; fixed meetings with gaps that the participant's
/// other meetings cannot fill add one break per such gap. With `max_break_spread` d every
/// participant has at least (largest bound − d).
pub(crate) fn breaks_lower_bound(inst: &Instance, domains: &[Vec<usize>]) -> (u64, Vec<u32>) {
    let per: Vec<u32> = (0..inst.n_participants)
        .map(|p| participant_lower_bound(inst, domains, p))
        .collect();
    let largest = per.iter().copied().max().unwrap_or(0);
    let floor = inst.max_spread.map_or(0, |d| largest.saturating_sub(d));
    let total = (0..inst.n_participants)
        .filter(|&p| !inst.by_participant[p].is_empty())
        .map(|p| u64::from(per[p].max(floor)))
        .sum();
    (total, per)
}

fn participant_lower_bound(inst: &Instance, domains: &[Vec<usize>], p: usize) -> u32 {
    let meetings = &inst.by_participant[p];
    let k = meetings.len();
    if k < 2 || !inst.span_sessions {
        return 0;
    }
    let fixed: Vec<usize> = {
        let mut f: Vec<usize> = meetings
            .iter()
            .filter(|&&m| domains[m].len() == 1)
            .map(|&m| domains[m][0])
            .collect();
        f.sort_unstable();
        f
    };
    let loose: Vec<usize> = meetings
        .iter()
        .copied()
        .filter(|&m| domains[m].len() != 1)
        .collect();
    let mut unfillable_gaps = 0;
    for pair in fixed.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b <= a + 1 {
            continue;
        }
        let gap = b - a - 1;
        let slot_uncoverable = (a + 1..b).any(|s| !loose.iter().any(|&m| domains[m].contains(&s)));
        let helpers = loose
            .iter()
            .filter(|&&m| domains[m].iter().any(|&s| s > a && s < b))
            .count();
        if slot_uncoverable || helpers < gap {
            unfillable_gaps += 1;
        }
    }
    if unfillable_gaps > 0 {
        return unfillable_gaps;
    }
    let fits_window = (0..=inst.n_slots.saturating_sub(k)).any(|start| {
        let window: Vec<usize> = (start..start + k).collect();
        perfect_matching(meetings.iter().map(|&m| domains[m].as_slice()), &window)
    });
    u32::from(!fits_window && k <= inst.n_slots)
}

/// Whether every meeting (given by its domain) gets a distinct slot of `slots`.
pub(crate) fn perfect_matching<'d>(
    domains: impl Iterator<Item = &'d [usize]>,
    slots: &[usize],
) -> bool {
    let domains: Vec<Vec<usize>> = domains
        .map(|d| {
            d.iter()
                .filter_map(|s| slots.iter().position(|x| x == s))
                .collect()
        })
        .collect();
    matching_size(&domains, slots.len()) == domains.len()
}

/// Size of a maximum matching of items (each with allowed columns) to columns.
pub(crate) fn matching_size(domains: &[Vec<usize>], columns: usize) -> usize {
    let mut owner: Vec<Option<usize>> = vec![None; columns];
    let mut size = 0;
    for item in 0..domains.len() {
        let mut visited = vec![false; columns];
        if augment(item, domains, &mut owner, &mut visited) {
            size += 1;
        }
    }
    size
}

fn augment(
    item: usize,
    domains: &[Vec<usize>],
    owner: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for &c in &domains[item] {
        if visited[c] {
            continue;
        }
        visited[c] = true;
        if owner[c].is_none_or(|other| augment(other, domains, owner, visited)) {
            owner[c] = Some(item);
            return true;
        }
    }
    false
}
