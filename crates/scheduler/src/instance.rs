//! The problem compiled to dense indices, after every input check of the spec.
//! All algorithms work on this form; ids are only used again when writing the solution.

use crate::error::ProblemError;
use crate::model::{Mode, Problem};
use std::collections::HashMap;

/// Dense, checked form of a [`Problem`].
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub n_slots: usize,
    pub n_participants: usize,
    pub n_locations: usize,
    /// Shared tables per slot.
    pub capacity: Vec<u32>,
    /// Break segment of each slot: the session, or 0 when breaks span sessions.
    pub segment: Vec<usize>,
    /// `available[p * n_slots + s]`.
    pub available: Vec<bool>,
    pub cap: Vec<Option<u32>>,
    pub meetings: Vec<MeetingData>,
    /// Meetings of each participant.
    pub by_participant: Vec<Vec<usize>>,
    pub mode: Mode,
    pub span_sessions: bool,
    pub max_spread: Option<u32>,
    /// Meetings in an order where every `after` predecessor comes first.
    pub topo_order: Vec<usize>,
}

/// One meeting in dense form.
#[derive(Debug, Clone)]
pub(crate) struct MeetingData {
    pub participants: Vec<usize>,
    pub weight: f64,
    pub rank: i64,
    /// Slots allowed by `allowed_slots`, the participants' availability and `fixed_slot`.
    pub candidates: Vec<usize>,
    pub fixed: Option<usize>,
    /// Location used (first listed owner), or `None` for a shared table.
    pub location: Option<usize>,
    pub preds: Vec<usize>,
    pub succs: Vec<usize>,
}

impl Instance {
    /// Whether participant `p` can use slot `s`.
    pub fn is_available(&self, p: usize, s: usize) -> bool {
        self.available[p * self.n_slots + s]
    }

    /// Checks the problem against every input rule of the spec and compiles it.
    pub fn compile(problem: &Problem) -> Result<Instance, ProblemError> {
        if problem.version != 1 {
            return Err(ProblemError::UnsupportedVersion(problem.version));
        }
        if problem.slots.is_empty() {
            return Err(ProblemError::Empty("slots"));
        }
        if problem.participants.is_empty() {
            return Err(ProblemError::Empty("participants"));
        }
        if problem.meetings.is_empty() {
            return Err(ProblemError::Empty("meetings"));
        }
        let slot_index = index_ids("slot", problem.slots.iter().map(|s| s.id.as_str()))?;
        let person_index = index_ids(
            "participant",
            problem.participants.iter().map(|p| p.id.as_str()),
        )?;
        let meeting_index = index_ids("meeting", problem.meetings.iter().map(|m| m.id.as_str()))?;
        let n_slots = problem.slots.len();

        let mut session_ids: HashMap<&str, usize> = HashMap::new();
        let mut slot_session = Vec::with_capacity(n_slots);
        for (s, slot) in problem.slots.iter().enumerate() {
            let next = session_ids.len();
            let idx = *session_ids.entry(slot.session.as_str()).or_insert(next);
            if idx != next && s > 0 && slot_session[s - 1] != idx {
                return Err(ProblemError::SessionNotConsecutive {
                    session: slot.session.clone(),
                });
            }
            slot_session.push(idx);
        }
        let span = problem.options.breaks_span_sessions;
        let segment = if span { vec![0; n_slots] } else { slot_session };

        let n_participants = problem.participants.len();
        let mut available = vec![true; n_participants * n_slots];
        let mut location_index: HashMap<&str, usize> = HashMap::new();
        let mut person_location = Vec::with_capacity(n_participants);
        for (p, person) in problem.participants.iter().enumerate() {
            for sid in &person.unavailable {
                let s = lookup(
                    &slot_index,
                    "slot",
                    sid,
                    &format!("participant \"{}\"", person.id),
                )?;
                available[p * n_slots + s] = false;
            }
            person_location.push(person.location.as_deref().map(|loc| {
                let next = location_index.len();
                *location_index.entry(loc).or_insert(next)
            }));
        }

        let mut meetings = Vec::with_capacity(problem.meetings.len());
        let mut by_participant = vec![Vec::new(); n_participants];
        for (m, meeting) in problem.meetings.iter().enumerate() {
            let who = format!("meeting \"{}\"", meeting.id);
            if !(meeting.weight.is_finite() && meeting.weight >= 0.0) {
                return Err(ProblemError::InvalidWeight {
                    meeting: meeting.id.clone(),
                });
            }
            let mut participants: Vec<usize> = Vec::new();
            for pid in &meeting.participants {
                let p = lookup(&person_index, "participant", pid, &who)?;
                if !participants.contains(&p) {
                    participants.push(p);
                }
            }
            if participants.len() < 2 {
                return Err(ProblemError::TooFewParticipants {
                    meeting: meeting.id.clone(),
                });
            }
            let mut allowed = vec![true; n_slots];
            if let Some(list) = &meeting.allowed_slots {
                allowed = vec![false; n_slots];
                for sid in list {
                    allowed[lookup(&slot_index, "slot", sid, &who)?] = true;
                }
            }
            let fixed = match &meeting.fixed_slot {
                Some(sid) => Some(lookup(&slot_index, "slot", sid, &who)?),
                None => None,
            };
            if let Some(s) = fixed {
                if !allowed[s] {
                    return Err(ProblemError::FixedSlotNotAllowed {
                        meeting: meeting.id.clone(),
                        slot: problem.slots[s].id.clone(),
                    });
                }
                if let Some(&p) = participants.iter().find(|&&p| !available[p * n_slots + s]) {
                    return Err(ProblemError::FixedSlotUnavailable {
                        meeting: meeting.id.clone(),
                        participant: problem.participants[p].id.clone(),
                        slot: problem.slots[s].id.clone(),
                    });
                }
            }
            let candidates: Vec<usize> = match fixed {
                Some(s) => vec![s],
                None => (0..n_slots)
                    .filter(|&s| {
                        allowed[s] && participants.iter().all(|&p| available[p * n_slots + s])
                    })
                    .collect(),
            };
            let mut preds = Vec::new();
            for mid in &meeting.after {
                let a = lookup(&meeting_index, "meeting", mid, &who)?;
                if !preds.contains(&a) {
                    preds.push(a);
                }
            }
            let location = participants.iter().find_map(|&p| person_location[p]);
            for &p in &participants {
                by_participant[p].push(m);
            }
            meetings.push(MeetingData {
                participants,
                weight: meeting.weight,
                rank: meeting.rank.unwrap_or(m as i64),
                candidates,
                fixed,
                location,
                preds,
                succs: Vec::new(),
            });
        }
        for m in 0..meetings.len() {
            for a in meetings[m].preds.clone() {
                meetings[a].succs.push(m);
            }
        }
        let topo_order = topological_order(&meetings, problem)?;
        let mut capacity: Vec<u32> = problem.slots.iter().map(|s| s.capacity).collect();
        capacity.shrink_to_fit();
        let instance = Instance {
            n_slots,
            n_participants,
            n_locations: location_index.len(),
            capacity,
            segment,
            available,
            cap: problem
                .participants
                .iter()
                .map(|p| p.max_meetings)
                .collect(),
            meetings,
            by_participant,
            mode: problem.options.mode,
            span_sessions: span,
            max_spread: problem.options.max_break_spread,
            topo_order,
        };
        instance.check_fixed(problem)?;
        instance.check_fixed_order(problem)?;
        instance.check_fixed_spread(problem)?;
        Ok(instance)
    }

    /// Fixed meetings must not break a hard rule among themselves.
    fn check_fixed(&self, problem: &Problem) -> Result<(), ProblemError> {
        let name = |m: usize| problem.meetings[m].id.clone();
        let mut person_slot: HashMap<(usize, usize), usize> = HashMap::new();
        let mut location_slot: HashMap<(usize, usize), usize> = HashMap::new();
        let mut tables = vec![0usize; self.n_slots];
        let mut per_person = vec![0u32; self.n_participants];
        for (m, data) in self.meetings.iter().enumerate() {
            let Some(s) = data.fixed else { continue };
            let slot = || problem.slots[s].id.clone();
            for &p in &data.participants {
                if let Some(&other) = person_slot.get(&(p, s)) {
                    return Err(ProblemError::FixedSlotClash {
                        first: name(other),
                        second: name(m),
                        slot: slot(),
                    });
                }
                person_slot.insert((p, s), m);
                per_person[p] += 1;
                if self.cap[p].is_some_and(|c| per_person[p] > c) {
                    return Err(ProblemError::FixedOverCap {
                        participant: problem.participants[p].id.clone(),
                    });
                }
            }
            match data.location {
                Some(l) => {
                    if let Some(&other) = location_slot.get(&(l, s)) {
                        return Err(ProblemError::FixedSlotClash {
                            first: name(other),
                            second: name(m),
                            slot: slot(),
                        });
                    }
                    location_slot.insert((l, s), m);
                }
                None => {
                    tables[s] += 1;
                    if tables[s] > self.capacity[s] as usize {
                        return Err(ProblemError::FixedSlotOverCapacity {
                            slot: slot(),
                            needed: tables[s],
                            capacity: self.capacity[s],
                        });
                    }
                }
            }
            for &a in &data.preds {
                if let Some(sa) = self.meetings[a].fixed
                    && sa >= s
                {
                    return Err(ProblemError::FixedOrderContradiction {
                        earlier: name(a),
                        later: name(m),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Instance {
    /// With breaks spanning sessions and a spread limit: gaps between fixed meetings that no
    /// other meeting of the person can fill are certain breaks. If one person is certain to
    /// have more breaks than another fixed person can ever have plus the spread, no valid plan
    /// exists.
    fn check_fixed_spread(&self, problem: &Problem) -> Result<(), ProblemError> {
        let Some(d) = self.max_spread else {
            return Ok(());
        };
        if !self.span_sessions {
            return Ok(());
        }
        let mut most: Option<(u32, usize)> = None;
        let mut fewest: Option<(u32, usize)> = None;
        for p in 0..self.n_participants {
            let meetings = &self.by_participant[p];
            let mut fixed: Vec<usize> = meetings
                .iter()
                .filter_map(|&m| self.meetings[m].fixed)
                .collect();
            if fixed.is_empty() {
                continue;
            }
            fixed.sort_unstable();
            let loose: Vec<usize> = meetings
                .iter()
                .copied()
                .filter(|&m| self.meetings[m].fixed.is_none())
                .collect();
            let mut certain = 0;
            for pair in fixed.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if b <= a + 1 {
                    continue;
                }
                let helpers = loose
                    .iter()
                    .filter(|&&m| self.meetings[m].candidates.iter().any(|&s| s > a && s < b))
                    .count();
                let uncoverable = (a + 1..b).any(|s| {
                    !loose
                        .iter()
                        .any(|&m| self.meetings[m].candidates.contains(&s))
                });
                if uncoverable || helpers < b - a - 1 {
                    certain += 1;
                }
            }
            let possible = meetings.len() as u32 - 1;
            if most.is_none_or(|(c, _)| certain > c) {
                most = Some((certain, p));
            }
            if fewest.is_none_or(|(c, _)| possible < c) {
                fewest = Some((possible, p));
            }
        }
        if let (Some((certain, p)), Some((possible, q))) = (most, fewest)
            && certain > possible + d
        {
            return Err(ProblemError::FixedSpreadContradiction {
                forced: problem.participants[p].id.clone(),
                few: problem.participants[q].id.clone(),
                spread: d,
            });
        }
        Ok(())
    }

    /// Earliest possible slot of each meeting along `after` chains; a fixed meeting earlier
    /// than that contradicts its predecessors.
    fn check_fixed_order(&self, problem: &Problem) -> Result<(), ProblemError> {
        let mut earliest = vec![0usize; self.meetings.len()];
        for &m in &self.topo_order {
            let data = &self.meetings[m];
            let lower = data
                .preds
                .iter()
                .map(|&a| earliest[a] + 1)
                .max()
                .unwrap_or(0);
            earliest[m] = match data.fixed {
                Some(s) if s < lower => {
                    return Err(ProblemError::FixedTooEarly {
                        meeting: problem.meetings[m].id.clone(),
                        slot: problem.slots[s].id.clone(),
                    });
                }
                Some(s) => s,
                None => data
                    .candidates
                    .iter()
                    .copied()
                    .find(|&s| s >= lower)
                    .unwrap_or(self.n_slots),
            };
        }
        Ok(())
    }
}

fn index_ids<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<&'a str, usize>, ProblemError> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id, i).is_some() {
            return Err(ProblemError::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
    }
    Ok(map)
}

fn lookup(
    map: &HashMap<&str, usize>,
    kind: &'static str,
    id: &str,
    referenced_by: &str,
) -> Result<usize, ProblemError> {
    map.get(id).copied().ok_or_else(|| ProblemError::UnknownId {
        kind,
        id: id.to_string(),
        referenced_by: referenced_by.to_string(),
    })
}

/// Kahn's algorithm on the `after` relation; a leftover means a cycle.
fn topological_order(
    meetings: &[MeetingData],
    problem: &Problem,
) -> Result<Vec<usize>, ProblemError> {
    let mut indegree: Vec<usize> = meetings.iter().map(|m| m.preds.len()).collect();
    let mut ready: Vec<usize> = (0..meetings.len())
        .filter(|&m| indegree[m] == 0)
        .rev()
        .collect();
    let mut order = Vec::with_capacity(meetings.len());
    while let Some(m) = ready.pop() {
        order.push(m);
        for &n in &meetings[m].succs {
            indegree[n] -= 1;
            if indegree[n] == 0 {
                ready.push(n);
            }
        }
    }
    if order.len() < meetings.len() {
        let meetings = (0..meetings.len())
            .filter(|&m| indegree[m] > 0)
            .take(10)
            .map(|m| problem.meetings[m].id.clone())
            .collect();
        return Err(ProblemError::AfterCycle { meetings });
    }
    Ok(order)
}
