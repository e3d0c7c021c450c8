//! Independent checker of a solution against every rule of the format. It rebuilds occupancy
//! from the solution's ids and recomputes the statistics; it shares no state with the solvers.

use crate::breaks::participant_breaks;
use crate::error::ProblemError;
use crate::instance::Instance;
use crate::model::{Mode, Problem, Solution, Stats, Status};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One broken rule of a solution.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// The problem itself is invalid.
    Problem(ProblemError),
    /// An assignment names an unknown meeting.
    UnknownMeeting(String),
    /// An assignment names an unknown slot.
    UnknownSlot { meeting: String, slot: String },
    /// A meeting is assigned more than once.
    AssignedTwice(String),
    /// Mode `all` with status optimal/feasible, yet a meeting is not placed.
    NotPlacedInModeAll(String),
    /// A meeting is neither assigned nor listed as unplaced, or is listed in both.
    UnplacedListWrong(String),
    /// A person is in two meetings in one slot.
    ParticipantDoubleBooked { participant: String, slot: String },
    /// A table number is outside 1..capacity, used twice, or missing for a table meeting.
    BadTable {
        meeting: String,
        slot: String,
        detail: String,
    },
    /// A location hosts two meetings in one slot.
    LocationDoubleBooked { meeting: String, slot: String },
    /// A meeting with a located participant is given a table.
    TableInsteadOfLocation { meeting: String },
    /// A participant cannot use the slot.
    Unavailable {
        meeting: String,
        participant: String,
        slot: String,
    },
    /// The slot is outside the meeting's `allowed_slots`.
    NotAllowed { meeting: String, slot: String },
    /// A fixed meeting is not in its fixed slot.
    FixedMoved { meeting: String },
    /// An `after` constraint does not hold.
    OrderBroken { earlier: String, later: String },
    /// A participant has more meetings than `max_meetings`.
    CapExceeded {
        participant: String,
        meetings: usize,
        cap: u32,
    },
    /// Break counts differ by more than `max_break_spread`.
    SpreadExceeded { spread: u32, allowed: u32 },
    /// A reported statistic differs from the recomputed one.
    StatsMismatch {
        field: &'static str,
        reported: String,
        actual: String,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Violation::*;
        match self {
            Problem(e) => write!(f, "invalid problem: {e}"),
            UnknownMeeting(m) => write!(f, "assignment names unknown meeting \"{m}\""),
            UnknownSlot { meeting, slot } => write!(
                f,
                "meeting \"{meeting}\" is assigned unknown slot \"{slot}\""
            ),
            AssignedTwice(m) => write!(f, "meeting \"{m}\" is assigned more than once"),
            NotPlacedInModeAll(m) => write!(
                f,
                "mode all: meeting \"{m}\" is not placed although the status claims a complete schedule"
            ),
            UnplacedListWrong(m) => write!(
                f,
                "meeting \"{m}\" must be either assigned or listed as unplaced, exactly once"
            ),
            ParticipantDoubleBooked { participant, slot } => write!(
                f,
                "participant \"{participant}\" has two meetings in slot \"{slot}\""
            ),
            BadTable {
                meeting,
                slot,
                detail,
            } => write!(f, "meeting \"{meeting}\" in slot \"{slot}\": {detail}"),
            LocationDoubleBooked { meeting, slot } => write!(
                f,
                "the location of meeting \"{meeting}\" hosts two meetings in slot \"{slot}\""
            ),
            TableInsteadOfLocation { meeting } => write!(
                f,
                "meeting \"{meeting}\" must be held at its participant's location, without a table"
            ),
            Unavailable {
                meeting,
                participant,
                slot,
            } => write!(
                f,
                "meeting \"{meeting}\" uses slot \"{slot}\" which \"{participant}\" cannot use"
            ),
            NotAllowed { meeting, slot } => write!(
                f,
                "meeting \"{meeting}\" uses slot \"{slot}\" outside its allowed_slots"
            ),
            FixedMoved { meeting } => {
                write!(f, "fixed meeting \"{meeting}\" is not in its fixed slot")
            }
            OrderBroken { earlier, later } => write!(
                f,
                "meeting \"{later}\" must be placed strictly after \"{earlier}\", which must be placed"
            ),
            CapExceeded {
                participant,
                meetings,
                cap,
            } => write!(
                f,
                "participant \"{participant}\" has {meetings} meetings, more than max_meetings {cap}"
            ),
            SpreadExceeded { spread, allowed } => write!(
                f,
                "break counts differ by {spread}, more than max_break_spread {allowed}"
            ),
            StatsMismatch {
                field,
                reported,
                actual,
            } => write!(
                f,
                "stats.{field} says {reported} but the schedule gives {actual}"
            ),
        }
    }
}

/// Checks `solution` against every rule of the format and returns the recomputed statistics,
/// or every violation found. The statistics the solution reports must match the recomputed ones.
pub fn validate(problem: &Problem, solution: &Solution) -> Result<Stats, Vec<Violation>> {
    check(problem, solution, true)
}

/// Like [`validate`] but ignores the statistics written in the solution: checks the schedule
/// only (useful to evaluate hand-made or enumerated schedules).
pub fn validate_schedule(problem: &Problem, solution: &Solution) -> Result<Stats, Vec<Violation>> {
    check(problem, solution, false)
}

fn check(
    problem: &Problem,
    solution: &Solution,
    compare_stats: bool,
) -> Result<Stats, Vec<Violation>> {
    let inst = Instance::compile(problem).map_err(|e| vec![Violation::Problem(e)])?;
    let mut violations = Vec::new();
    let meeting_index: HashMap<&str, usize> = problem
        .meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let slot_index: HashMap<&str, usize> = problem
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let slot_name = |s: usize| problem.slots[s].id.clone();
    let meeting_name = |m: usize| problem.meetings[m].id.clone();

    let mut slot_of: Vec<Option<usize>> = vec![None; inst.meetings.len()];
    let mut person_slot: HashSet<(usize, usize)> = HashSet::new();
    let mut table_slot: HashSet<(u32, usize)> = HashSet::new();
    let mut location_slot: HashSet<(usize, usize)> = HashSet::new();
    for a in &solution.assignments {
        let Some(&m) = meeting_index.get(a.meeting.as_str()) else {
            violations.push(Violation::UnknownMeeting(a.meeting.clone()));
            continue;
        };
        let Some(&s) = slot_index.get(a.slot.as_str()) else {
            violations.push(Violation::UnknownSlot {
                meeting: a.meeting.clone(),
                slot: a.slot.clone(),
            });
            continue;
        };
        if slot_of[m].is_some() {
            violations.push(Violation::AssignedTwice(a.meeting.clone()));
            continue;
        }
        slot_of[m] = Some(s);
        let data = &inst.meetings[m];
        let spec = &problem.meetings[m];
        for &p in &data.participants {
            if !person_slot.insert((p, s)) {
                violations.push(Violation::ParticipantDoubleBooked {
                    participant: problem.participants[p].id.clone(),
                    slot: slot_name(s),
                });
            }
            if !inst.is_available(p, s) {
                violations.push(Violation::Unavailable {
                    meeting: a.meeting.clone(),
                    participant: problem.participants[p].id.clone(),
                    slot: slot_name(s),
                });
            }
        }
        if let Some(allowed) = &spec.allowed_slots
            && !allowed.iter().any(|id| id == &a.slot)
        {
            violations.push(Violation::NotAllowed {
                meeting: a.meeting.clone(),
                slot: a.slot.clone(),
            });
        }
        match (data.location, a.table) {
            (Some(l), None) => {
                if !location_slot.insert((l, s)) {
                    violations.push(Violation::LocationDoubleBooked {
                        meeting: a.meeting.clone(),
                        slot: a.slot.clone(),
                    });
                }
            }
            (Some(_), Some(_)) => violations.push(Violation::TableInsteadOfLocation {
                meeting: a.meeting.clone(),
            }),
            (None, None) => violations.push(Violation::BadTable {
                meeting: a.meeting.clone(),
                slot: a.slot.clone(),
                detail: "no table given and no participant owns a location".into(),
            }),
            (None, Some(t)) => {
                if t == 0 || t > inst.capacity[s] {
                    violations.push(Violation::BadTable {
                        meeting: a.meeting.clone(),
                        slot: a.slot.clone(),
                        detail: format!("table {t} outside 1..{}", inst.capacity[s]),
                    });
                } else if !table_slot.insert((t, s)) {
                    violations.push(Violation::BadTable {
                        meeting: a.meeting.clone(),
                        slot: a.slot.clone(),
                        detail: format!("table {t} is used twice"),
                    });
                }
            }
        }
    }
    let listed_unplaced: HashMap<&str, usize> =
        solution.unplaced.iter().fold(HashMap::new(), |mut acc, u| {
            *acc.entry(u.meeting.as_str()).or_insert(0) += 1;
            acc
        });
    let complete_claimed = matches!(solution.status, Status::Optimal | Status::Feasible);
    for (m, spec) in problem.meetings.iter().enumerate() {
        let listed = listed_unplaced.get(spec.id.as_str()).copied().unwrap_or(0);
        if (slot_of[m].is_some() && listed > 0) || (slot_of[m].is_none() && listed != 1) {
            violations.push(Violation::UnplacedListWrong(spec.id.clone()));
        }
        if slot_of[m].is_none() && inst.mode == Mode::All && complete_claimed {
            violations.push(Violation::NotPlacedInModeAll(spec.id.clone()));
        }
        let data = &inst.meetings[m];
        if let Some(f) = data.fixed
            && slot_of[m] != Some(f)
        {
            violations.push(Violation::FixedMoved {
                meeting: spec.id.clone(),
            });
        }
        if let Some(s) = slot_of[m] {
            for &a in &data.preds {
                if slot_of[a].is_none_or(|sa| sa >= s) {
                    violations.push(Violation::OrderBroken {
                        earlier: meeting_name(a),
                        later: spec.id.clone(),
                    });
                }
            }
        }
    }
    let mut count = vec![0usize; inst.n_participants];
    for (m, s) in slot_of.iter().enumerate() {
        if s.is_some() {
            for &p in &inst.meetings[m].participants {
                count[p] += 1;
            }
        }
    }
    for (p, &held) in count.iter().enumerate() {
        if let Some(cap) = inst.cap[p]
            && held > cap as usize
        {
            violations.push(Violation::CapExceeded {
                participant: problem.participants[p].id.clone(),
                meetings: held,
                cap,
            });
        }
    }
    let breaks: Vec<u32> = (0..inst.n_participants)
        .map(|p| participant_breaks(&inst, p, |s| person_slot.contains(&(p, s))))
        .collect();
    if let Some(allowed) = inst.max_spread {
        let active = (0..inst.n_participants).filter(|&p| count[p] > 0);
        let max = active.clone().map(|p| breaks[p]).max().unwrap_or(0);
        let min = active.map(|p| breaks[p]).min().unwrap_or(0);
        if max - min > allowed {
            violations.push(Violation::SpreadExceeded {
                spread: max - min,
                allowed,
            });
        }
    }
    let placed = slot_of.iter().filter(|s| s.is_some()).count();
    let placed_weight: f64 = (0..inst.meetings.len())
        .filter(|&m| slot_of[m].is_some())
        .map(|m| inst.meetings[m].weight)
        .sum();
    let total_breaks: u64 = breaks.iter().map(|&b| u64::from(b)).sum();
    let reported = &solution.stats;
    if compare_stats {
        compare_reported(
            reported,
            placed,
            placed_weight,
            total_breaks,
            &mut violations,
        );
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    let rank_inversions =
        (inst.mode == Mode::Maximize).then(|| count_rank_inversions(&inst, &slot_of, &count));
    Ok(Stats {
        placed,
        placed_weight,
        breaks: total_breaks,
        upper_bound: reported.upper_bound,
        breaks_lower_bound: reported.breaks_lower_bound,
        elapsed_ms: reported.elapsed_ms,
        rank_inversions,
    })
}

fn compare_reported(
    reported: &Stats,
    placed: usize,
    placed_weight: f64,
    total_breaks: u64,
    violations: &mut Vec<Violation>,
) {
    if reported.placed != placed {
        violations.push(Violation::StatsMismatch {
            field: "placed",
            reported: reported.placed.to_string(),
            actual: placed.to_string(),
        });
    }
    if reported.breaks != total_breaks {
        violations.push(Violation::StatsMismatch {
            field: "breaks",
            reported: reported.breaks.to_string(),
            actual: total_breaks.to_string(),
        });
    }
    if (reported.placed_weight - placed_weight).abs() > 1e-6 * placed_weight.max(1.0) {
        violations.push(Violation::StatsMismatch {
            field: "placed_weight",
            reported: reported.placed_weight.to_string(),
            actual: placed_weight.to_string(),
        });
    }
    if let Some(ub) = reported.upper_bound
        && ub + 1e-6 * ub.max(1.0) < placed_weight
    {
        violations.push(Violation::StatsMismatch {
            field: "upper_bound",
            reported: ub.to_string(),
            actual: format!("below placed weight {placed_weight}"),
        });
    }
}

/// Pairs (unplaced `u`, placed `v`) sharing a participant, with `v` later and not heavier,
/// where putting `u` in `v`'s slot instead of `v` would be valid.
pub(crate) fn count_rank_inversions(
    inst: &Instance,
    slot_of: &[Option<usize>],
    count: &[usize],
) -> u64 {
    let mut occupant: HashMap<(usize, usize), usize> = HashMap::new();
    let mut tables = vec![0u32; inst.n_slots];
    let mut location_used: HashSet<(usize, usize)> = HashSet::new();
    for (m, s) in slot_of.iter().enumerate() {
        if let Some(s) = *s {
            for &p in &inst.meetings[m].participants {
                occupant.insert((p, s), m);
            }
            match inst.meetings[m].location {
                Some(l) => {
                    location_used.insert((l, s));
                }
                None => tables[s] += 1,
            }
        }
    }
    let mut inversions = 0;
    for (u, du) in inst.meetings.iter().enumerate() {
        if slot_of[u].is_some() {
            continue;
        }
        let mut seen = HashSet::new();
        for &p in &du.participants {
            for &v in &inst.by_participant[p] {
                let dv = &inst.meetings[v];
                let Some(s) = slot_of[v] else { continue };
                if !seen.insert(v)
                    || dv.rank <= du.rank
                    || dv.weight > du.weight
                    || dv.fixed.is_some()
                {
                    continue;
                }
                let fits = du.candidates.contains(&s)
                    && dv.succs.iter().all(|&n| slot_of[n].is_none())
                    && du
                        .preds
                        .iter()
                        .all(|&a| slot_of[a].is_some_and(|sa| sa < s))
                    && du.participants.iter().all(|&q| {
                        occupant.get(&(q, s)).is_none_or(|&o| o == v)
                            && inst.cap[q].is_none_or(|c| {
                                count[q] - usize::from(dv.participants.contains(&q)) < c as usize
                            })
                    })
                    && match du.location {
                        Some(l) => !location_used.contains(&(l, s)) || dv.location == Some(l),
                        None => tables[s] < inst.capacity[s] || dv.location.is_none(),
                    };
                if fits {
                    inversions += 1;
                }
            }
        }
    }
    inversions
}
