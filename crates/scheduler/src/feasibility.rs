//! Mode `all`: cheap proofs that no complete schedule exists. Slot domains are narrowed by
//! propagation (meetings with one possible slot block it for their participants, location and
//! tables; `after` bounds), then every participant's meetings must fit distinct slots, every
//! slot's tables must suffice, and the fairness spread must be reachable.

use crate::bounds::{breaks_lower_bound, matching_size};
use crate::instance::Instance;

/// A proof of infeasibility: a sentence and the meetings involved.
#[derive(Debug, Clone)]
pub(crate) struct Infeasibility {
    pub reason: String,
    pub meetings: Vec<usize>,
}

/// Narrowed domains, or a proof that no complete schedule exists. `names` gives ids for reasons.
pub(crate) fn propagate(
    inst: &Instance,
    participant_name: &dyn Fn(usize) -> String,
    slot_name: &dyn Fn(usize) -> String,
) -> Result<Vec<Vec<usize>>, Infeasibility> {
    let mut domains: Vec<Vec<usize>> = inst.meetings.iter().map(|m| m.candidates.clone()).collect();
    for p in 0..inst.n_participants {
        if let Some(cap) = inst.cap[p]
            && inst.by_participant[p].len() > cap as usize
        {
            return Err(Infeasibility {
                reason: format!(
                    "{} has {} meetings but max_meetings is {cap}",
                    participant_name(p),
                    inst.by_participant[p].len()
                ),
                meetings: inst.by_participant[p].clone(),
            });
        }
    }
    let mut changed = true;
    let mut rounds = 0;
    while changed && rounds < 50 {
        changed = false;
        rounds += 1;
        for m in 0..domains.len() {
            if domains[m].is_empty() {
                return Err(Infeasibility { reason: "no slot is left where all its participants are free and the order constraints hold".into(), meetings: vec![m] });
            }
            if domains[m].len() != 1 {
                continue;
            }
            let s = domains[m][0];
            let data = &inst.meetings[m];
            for &p in &data.participants {
                for &n in &inst.by_participant[p] {
                    if n != m && remove_slot(&mut domains[n], s) {
                        changed = true;
                    }
                }
            }
            if let Some(l) = data.location {
                for (n, domain) in domains.iter_mut().enumerate() {
                    if n != m && inst.meetings[n].location == Some(l) && remove_slot(domain, s) {
                        changed = true;
                    }
                }
            }
        }
        for &m in &inst.topo_order {
            let earliest = inst.meetings[m]
                .preds
                .iter()
                .filter_map(|&a| domains[a].first().map(|&s| s + 1))
                .max()
                .unwrap_or(0);
            let before = domains[m].len();
            domains[m].retain(|&s| s >= earliest);
            changed |= domains[m].len() != before;
        }
        for &m in inst.topo_order.iter().rev() {
            let latest = inst.meetings[m]
                .succs
                .iter()
                .filter_map(|&n| domains[n].last().copied())
                .min();
            if let Some(latest) = latest {
                let before = domains[m].len();
                domains[m].retain(|&s| s < latest);
                changed |= domains[m].len() != before;
            }
        }
        changed |= tables_forced(inst, &mut domains, slot_name)?;
    }
    for p in 0..inst.n_participants {
        let meetings = &inst.by_participant[p];
        let own: Vec<Vec<usize>> = meetings.iter().map(|&m| domains[m].clone()).collect();
        if matching_size(&own, inst.n_slots) < meetings.len() {
            return Err(Infeasibility {
                reason: format!(
                    "{} has {} meetings that cannot all get different usable slots",
                    participant_name(p),
                    meetings.len()
                ),
                meetings: meetings.clone(),
            });
        }
    }
    let table_meetings: Vec<usize> = (0..inst.meetings.len())
        .filter(|&m| inst.meetings[m].location.is_none())
        .collect();
    if table_meetings.len() <= 5000 {
        let mut columns = Vec::new();
        let mut first_column = Vec::new();
        for s in 0..inst.n_slots {
            first_column.push(columns.len());
            columns.extend(std::iter::repeat_n(s, inst.capacity[s] as usize));
        }
        let table_domains: Vec<Vec<usize>> = table_meetings
            .iter()
            .map(|&m| {
                domains[m]
                    .iter()
                    .flat_map(|&s| first_column[s]..first_column[s] + inst.capacity[s] as usize)
                    .collect()
            })
            .collect();
        if matching_size(&table_domains, columns.len()) < table_meetings.len() {
            return Err(Infeasibility {
                reason: "there are not enough shared tables in the possible slots for all meetings"
                    .into(),
                meetings: table_meetings,
            });
        }
    }
    if let Some(d) = inst.max_spread {
        let (_, per) = breaks_lower_bound(inst, &domains);
        let most_breaks_possible = (0..inst.n_participants)
            .filter(|&p| !inst.by_participant[p].is_empty())
            .map(|p| inst.by_participant[p].len() as u32 - 1)
            .min()
            .unwrap_or(0);
        if let Some(p) = (0..inst.n_participants).find(|&p| per[p] > most_breaks_possible + d) {
            return Err(Infeasibility {
                reason: format!(
                    "{} is forced to at least {} breaks, but someone with few meetings has at most {most_breaks_possible}, beyond max_break_spread {d}",
                    participant_name(p),
                    per[p]
                ),
                meetings: inst.by_participant[p].clone(),
            });
        }
    }
    Ok(domains)
}

fn remove_slot(domain: &mut Vec<usize>, s: usize) -> bool {
    match domain.binary_search(&s) {
        Ok(i) => {
            domain.remove(i);
            true
        }
        Err(_) => false,
    }
}

/// Table meetings forced into a slot use its tables; when they use all, others leave that slot.
fn tables_forced(
    inst: &Instance,
    domains: &mut [Vec<usize>],
    slot_name: &dyn Fn(usize) -> String,
) -> Result<bool, Infeasibility> {
    let mut forced = vec![0u32; inst.n_slots];
    for (m, data) in inst.meetings.iter().enumerate() {
        if data.location.is_none() && domains[m].len() == 1 {
            forced[domains[m][0]] += 1;
        }
    }
    let mut changed = false;
    for (s, &forced_here) in forced.iter().enumerate() {
        if forced_here > inst.capacity[s] {
            let meetings = (0..inst.meetings.len())
                .filter(|&m| inst.meetings[m].location.is_none() && domains[m] == [s])
                .collect();
            return Err(Infeasibility {
                reason: format!(
                    "more meetings must take place in slot {} than it has tables",
                    slot_name(s)
                ),
                meetings,
            });
        }
        if forced_here == inst.capacity[s] {
            for (m, data) in inst.meetings.iter().enumerate() {
                if data.location.is_none() && domains[m].len() > 1 {
                    changed |= remove_slot(&mut domains[m], s);
                }
            }
        }
    }
    Ok(changed)
}
