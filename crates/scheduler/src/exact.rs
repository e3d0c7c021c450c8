//! Exhaustive search for tiny problems: proves optimality (or infeasibility in mode `all`)
//! when the whole tree fits in a node budget.

use crate::instance::Instance;
use crate::model::Mode;
use crate::schedule::Schedule;
use crate::validate::count_rank_inversions;

/// Largest problem tried exhaustively.
pub(crate) const EXACT_MAX_MEETINGS: usize = 12;
const NODE_LIMIT: u64 = 3_000_000;

/// Outcome of a complete exhaustive search.
pub(crate) enum Exact {
    /// The best schedule (slot per meeting).
    Best(Vec<Option<usize>>),
    /// Mode `all`: no complete schedule exists.
    Infeasible,
}

struct Search<'a> {
    order: Vec<usize>,
    nodes: u64,
    best: Option<(f64, i64, i64, Vec<Option<usize>>)>,
    suffix_weight: Vec<f64>,
    inst: &'a Instance,
}

/// Searches every schedule; `None` when the problem is too large for the node budget.
pub(crate) fn exact_search(inst: &Instance) -> Option<Exact> {
    if inst.meetings.len() > EXACT_MAX_MEETINGS {
        return None;
    }
    let order = inst.topo_order.clone();
    let mut suffix_weight = vec![0.0; order.len() + 1];
    for i in (0..order.len()).rev() {
        suffix_weight[i] = suffix_weight[i + 1] + inst.meetings[order[i]].weight;
    }
    let mut search = Search {
        order,
        nodes: 0,
        best: None,
        suffix_weight,
        inst,
    };
    let mut schedule = Schedule::new(inst);
    if !search.descend(&mut schedule, 0) {
        return None;
    }
    Some(match search.best {
        Some((_, _, _, slots)) => Exact::Best(slots),
        None => Exact::Infeasible,
    })
}

impl Search<'_> {
    /// Returns false when the node budget ran out.
    fn descend(&mut self, schedule: &mut Schedule, depth: usize) -> bool {
        self.nodes += 1;
        if self.nodes > NODE_LIMIT {
            return false;
        }
        if let Some((w, _, _, _)) = &self.best
            && schedule.weight + self.suffix_weight[depth] < *w - 1e-9
        {
            return true;
        }
        if depth == self.order.len() {
            self.evaluate_leaf(schedule);
            return true;
        }
        let m = self.order[depth];
        let data = &self.inst.meetings[m];
        for &s in &data.candidates {
            if schedule.can_place(m, s) {
                schedule.place(m, s);
                let ok = self.descend(schedule, depth + 1);
                schedule.remove(m);
                if !ok {
                    return false;
                }
            }
        }
        if self.inst.mode == Mode::Maximize && data.fixed.is_none() {
            return self.descend(schedule, depth + 1);
        }
        true
    }

    fn evaluate_leaf(&mut self, schedule: &Schedule) {
        if let Some(d) = self.inst.max_spread
            && schedule.break_spread().0 > d
        {
            return;
        }
        let inversions = if self.inst.mode == Mode::Maximize {
            let count: Vec<usize> = schedule.count.iter().map(|&c| c as usize).collect();
            count_rank_inversions(self.inst, &schedule.slot_of, &count) as i64
        } else {
            0
        };
        let breaks = schedule.total_breaks() as i64;
        let key = (schedule.weight, -inversions, -breaks);
        let better = match &self.best {
            None => true,
            Some((w, i, b, _)) => {
                key.0 > w + 1e-9 || ((key.0 - w).abs() <= 1e-9 && (key.1, key.2) > (*i, *b))
            }
        };
        if better {
            self.best = Some((key.0, key.1, key.2, schedule.slot_of.clone()));
        }
    }
}
