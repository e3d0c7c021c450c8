//! Scheduling runs (MTG-3, EXP-3 b): the scheduler's problem built from the database, the
//! solve run off the async executor with its progress written now and then, the proposal the
//! organizer reviews (remove, lock), and its publication in one transaction through
//! `booking::place`, telling both sides of every placed or moved meeting.

use crate::InternalError;
use crate::audit::{Actor, Change};
use crate::meetings::availability::Availability;
use crate::meetings::booking::{self, PlaceError, Target};
use crate::meetings::notify::{Notice, Notifier, local_time};
use crate::meetings::settings;
use chrono::{DateTime, Utc};
use domain::meeting::{RequestAction, RequestState};
use domain::{EventId, Locale};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use store::entities::{meeting, meeting_request, slot};
use store::{ConnectionTrait, DatabaseConnection};

/// Shortest and longest solver time an organizer may ask for.
pub const TIME_LIMIT_MS: std::ops::RangeInclusive<u64> = 200..=120_000;

/// The scheduler's problem with what is needed to read its answer back.
#[derive(Debug, Clone)]
pub struct BuiltProblem {
    /// The problem, as the scheduler reads it.
    pub problem: scheduler::Problem,
    /// Request id of each scheduler meeting id.
    pub request_of: HashMap<String, i64>,
    /// Slot id of each scheduler slot id.
    pub slot_of: HashMap<String, i64>,
    /// Readable label of every scheduler id (names, times), for reasons.
    pub labels: HashMap<String, String>,
    /// The request rows, by id.
    pub requests: HashMap<i64, meeting_request::Model>,
    /// Current placement of each placed request.
    pub placements: HashMap<i64, meeting::Model>,
    /// Place id of each scheduler location.
    pub location_of: HashMap<String, i64>,
    /// Requests left out of the problem, with the message id of the reason.
    pub excluded: Vec<(i64, &'static str)>,
}

/// Scheduler id of a slot, participant, request or place.
fn sid(prefix: char, id: i64) -> String {
    format!("{prefix}{id}")
}

/// The slots' request availability: `""`/`"[]"` = any slot, else a JSON list of slot ids.
fn allowed_from_json(text: &str) -> Option<Vec<i64>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text.trim()).ok()?;
    let ids: Vec<i64> = values
        .iter()
        .filter_map(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
        .collect();
    if ids.is_empty() { None } else { Some(ids) }
}

/// Builds the problem of an event. Incremental (`replan` false): every placed meeting stays
/// where it is (`fixed_slot`) and confirmed requests are placed around them. Re-plan: only
/// locked meetings stay; the other scheduled ones may move.
pub async fn build_problem(
    db: &impl ConnectionTrait,
    event_id: i64,
    replan: bool,
    time_limit_ms: u64,
) -> Result<BuiltProblem, InternalError> {
    build_problem_with(db, event_id, replan, false, time_limit_ms).await
}

/// [`build_problem`], optionally also offering slots to still open requests (requested or
/// accepted, both sides named): the event day's "fill freed slots" (CHK-3), where the
/// organizer books them with both sides present; publishing confirms them
/// (`RequestAction::ConfirmOnSite`).
pub async fn build_problem_with(
    db: &impl ConnectionTrait,
    event_id: i64,
    replan: bool,
    include_open_requests: bool,
    time_limit_ms: u64,
) -> Result<BuiltProblem, InternalError> {
    let rules = settings::load(db, EventId(event_id)).await?;
    let event = store::events::find(db, EventId(event_id)).await?;
    let time_zone = event
        .map(|e| e.time_zone)
        .unwrap_or_else(|| "Europe/Paris".into());
    let availability = Availability::load(db, event_id).await?;
    let mut slots = store::meetings::slots_of_event(db, event_id).await?;
    // A session's slots must be consecutive: order sessions by their first slot.
    let mut session_start: HashMap<i64, chrono::DateTime<Utc>> = HashMap::new();
    for s in &slots {
        session_start
            .entry(s.session_id)
            .and_modify(|t| *t = (*t).min(s.starts_at))
            .or_insert(s.starts_at);
    }
    slots.sort_by_key(|s| {
        (
            session_start.get(&s.session_id).copied(),
            s.session_id,
            s.position,
        )
    });
    let places = store::meetings::scheduling::places_of_event(db, event_id).await?;
    let mut tables_per_session: HashMap<i64, u32> = HashMap::new();
    for p in places.iter().filter(|p| p.kind == "table") {
        if let Some(session) = p.session_id {
            *tables_per_session.entry(session).or_default() += 1;
        }
    }
    let experts = store::meetings::scheduling::experts_of_event(db, event_id).await?;
    let states: &[&str] = if include_open_requests {
        &[
            "requested",
            "accepted",
            "confirmed",
            "scheduled",
            "held",
            "no_show",
        ]
    } else {
        &["confirmed", "scheduled", "held", "no_show"]
    };
    let requests = store::meetings::scheduling::requests_in_states(db, event_id, states).await?;
    let placements: HashMap<i64, meeting::Model> =
        store::meetings::scheduling::meetings_of_event(db, event_id)
            .await?
            .into_iter()
            .map(|m| (m.request_id, m))
            .collect();
    let slot_ids: HashSet<i64> = slots.iter().map(|s| s.id).collect();
    let unavailable_experts: HashSet<i64> = experts
        .iter()
        .filter(|e| !e.is_available)
        .map(|e| e.participant_id)
        .collect();

    let mut built = BuiltProblem {
        problem: scheduler::Problem {
            version: 1,
            slots: vec![],
            participants: vec![],
            meetings: vec![],
            options: scheduler::Options {
                time_limit_ms: time_limit_ms.clamp(*TIME_LIMIT_MS.start(), *TIME_LIMIT_MS.end()),
                ..Default::default()
            },
        },
        request_of: HashMap::new(),
        slot_of: HashMap::new(),
        labels: HashMap::new(),
        requests: HashMap::new(),
        placements: HashMap::new(),
        location_of: HashMap::new(),
        excluded: vec![],
    };
    // Meetings first: they tell which participants and fixed slots the problem has.
    let mut people: Vec<i64> = vec![];
    let mut seen: HashSet<i64> = HashSet::new();
    let mut fixed_seats: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut fixed_at_table: HashMap<i64, u32> = HashMap::new();
    for request in &requests {
        let sides = store::meetings::sides(request);
        let placed = placements.get(&request.id);
        let open = matches!(request.state.as_str(), "requested" | "accepted");
        if placed.is_none() && request.state != "confirmed" && !open {
            continue;
        }
        if open && sides.len() < 2 {
            // Asked of a company that has not named its attendee: nobody to book yet.
            continue;
        }
        if sides.len() < 2 {
            built
                .excluded
                .push((request.id, "scheduling-reason-no-addressee"));
            continue;
        }
        let fixed = placed.filter(|m| {
            !replan || m.is_locked || request.state != "scheduled" || !slot_ids.contains(&m.slot_id)
        });
        if fixed.is_none() && sides.iter().any(|p| unavailable_experts.contains(p)) {
            built
                .excluded
                .push((request.id, "scheduling-reason-expert-unavailable"));
            continue;
        }
        if let Some(m) = fixed {
            if !slot_ids.contains(&m.slot_id) {
                continue;
            }
            for p in &sides {
                fixed_seats.entry(*p).or_default().insert(m.slot_id);
            }
            if m.place_id
                .is_some_and(|id| places.iter().any(|p| p.id == id && p.kind == "table"))
            {
                *fixed_at_table.entry(m.slot_id).or_default() += 1;
            }
        }
        for p in &sides {
            if seen.insert(*p) {
                people.push(*p);
            }
        }
        let id = sid('r', request.id);
        let allowed_slots = if fixed.is_some() {
            None
        } else {
            allowed_from_json(&request.availability).map(|ids| {
                ids.into_iter()
                    .filter(|s| slot_ids.contains(s))
                    .map(|s| sid('s', s))
                    .collect()
            })
        };
        built.problem.meetings.push(scheduler::Meeting {
            id: id.clone(),
            participants: sides.iter().map(|p| sid('p', *p)).collect(),
            weight: 1.0 + f64::from(request.priority.clamp(0, 9)),
            rank: Some(request.id),
            allowed_slots,
            fixed_slot: fixed.map(|m| sid('s', m.slot_id)),
            after: vec![],
        });
        built.request_of.insert(id, request.id);
        built.requests.insert(request.id, request.clone());
        if let Some(m) = placed {
            built.placements.insert(request.id, m.clone());
        }
    }
    for s in &slots {
        let id = sid('s', s.id);
        let tables = tables_per_session.get(&s.session_id).copied().unwrap_or(0);
        built.problem.slots.push(scheduler::Slot {
            id: id.clone(),
            session: sid('x', s.session_id),
            capacity: tables.max(fixed_at_table.get(&s.id).copied().unwrap_or(0)),
        });
        built.slot_of.insert(id.clone(), s.id);
        built
            .labels
            .insert(id, local_time(s.starts_at, &time_zone, Locale::En));
    }
    let contacts = store::meetings::contacts(db, event_id, &people).await?;
    for person in &people {
        let expert = experts.iter().find(|e| e.participant_id == *person);
        let owned = places
            .iter()
            .find(|p| p.owner_participant_id == Some(*person) && p.kind != "table")
            .map(|p| p.id)
            .or_else(|| expert.and_then(|e| e.place_id));
        let fixed = fixed_seats.get(person);
        let unavailable = slots
            .iter()
            .filter(|s| !availability.is_free(*person, s.id))
            .filter(|s| !fixed.is_some_and(|f| f.contains(&s.id)))
            .map(|s| sid('s', s.id))
            .collect();
        let max_meetings = expert
            .and_then(|e| e.max_meetings)
            .map(|cap| cap.max(0) as u32)
            .or(rules.meetings_per_participant);
        let location = owned.map(|place| {
            let id = sid('l', place);
            built.location_of.insert(id.clone(), place);
            id
        });
        built.problem.participants.push(scheduler::Participant {
            id: sid('p', *person),
            unavailable,
            max_meetings,
            location,
        });
        let label = contacts
            .iter()
            .find(|c| c.participant_id == *person)
            .map(|c| {
                if c.company.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} ({})", c.name, c.company)
                }
            })
            .unwrap_or_else(|| format!("#{person}"));
        built.labels.insert(sid('p', *person), label);
    }
    let meeting_labels: Vec<(String, String)> = built
        .problem
        .meetings
        .iter()
        .map(|m| {
            let names: Vec<String> = m
                .participants
                .iter()
                .map(|p| built.labels.get(p).cloned().unwrap_or_else(|| p.clone()))
                .collect();
            (m.id.clone(), names.join(" ↔ "))
        })
        .collect();
    built.labels.extend(meeting_labels);
    Ok(built)
}

/// Replaces scheduler ids (`p12`, `s3`, `r40`…) in a text by their labels.
pub fn humanize(text: &str, labels: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if boundary && chars[i].is_ascii_lowercase() {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let end_ok = j == chars.len() || !chars[j].is_alphanumeric();
            if j > i + 1 && end_ok {
                let token: String = chars[i..j].iter().collect();
                if let Some(label) = labels.get(&token) {
                    out.push_str(label);
                    i = j;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// One meeting of a proposal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProposedMeeting {
    /// The request.
    pub request_id: i64,
    /// Both sides, by name.
    pub names: String,
    /// The proposed slot.
    pub slot_id: i64,
    /// Its local start time.
    pub when: String,
    /// Shared table number (1-based, by position in the session), none at a stand or desk.
    pub table: Option<u32>,
    /// The stand or desk, when held there.
    pub location: Option<i64>,
    /// The slot it had when the run started (none: not placed then).
    pub from_slot: Option<i64>,
    /// The request's state when the run started.
    pub state: String,
    /// Already there and not moved by this run.
    pub unchanged: bool,
    /// The organizer locked it: later re-plans keep it.
    pub locked: bool,
    /// The organizer removed it from the proposal.
    pub removed: bool,
}

/// One meeting the run left out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UnplacedMeeting {
    /// The request.
    pub request_id: i64,
    /// Both sides, by name.
    pub names: String,
    /// Why, readable (names instead of ids), or a message id when it starts with `scheduling-`.
    pub reason: String,
    /// The same reason in French, when the scheduler's reason is one we translate (empty in
    /// proposals stored before, and for message ids).
    #[serde(default)]
    pub reason_fr: String,
}

impl UnplacedMeeting {
    /// The reason in the reader's language.
    pub fn reason_in(&self, locale: Locale) -> String {
        if self.reason.starts_with("scheduling-") {
            crate::i18n::t(locale, &self.reason)
        } else if locale == Locale::Fr && !self.reason_fr.is_empty() {
            self.reason_fr.clone()
        } else {
            self.reason.clone()
        }
    }
}

/// The scheduler explains an unplaced meeting in English with its ids (its JSON contract, read
/// by outside checkers too). Its known sentences are rewritten here in `locale` with names;
/// `None` for a sentence we do not know (shown in English, names put in by [`humanize`]).
pub fn localized_reason(
    raw: &str,
    labels: &HashMap<String, String>,
    locale: Locale,
) -> Option<String> {
    let name = |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_string());
    let names = |ids: &str, sep: &str| ids.split(sep).map(|id| name(id.trim())).collect::<Vec<_>>();
    let or = format!(" {} ", crate::i18n::t(locale, "scheduling-cause-or"));
    let t = |key: &str, args: &[(&'static str, String)]| crate::i18n::t_args(locale, key, args);
    if let Some((a, b)) = raw.split_once(" has no free slot in common with ") {
        return Some(t(
            "scheduling-unplaced-no-common-slot",
            &[("a", name(a)), ("b", name(b))],
        ));
    }
    if let Some(rest) = raw.strip_prefix("no slot suits all of ") {
        let people = rest.strip_suffix(" within the allowed slots")?;
        return Some(t(
            "scheduling-unplaced-no-slot-for-all",
            &[("people", names(people, ",").join(", "))],
        ));
    }
    if let Some((person, rest)) = raw.split_once(" already has the maximum of ") {
        let n = rest.strip_suffix(" meetings")?;
        return Some(t(
            "scheduling-unplaced-cap",
            &[("person", name(person)), ("n", n.to_string())],
        ));
    }
    if let Some(rest) = raw.strip_prefix("it must come after meeting ") {
        let meeting = rest.strip_suffix(", which is not placed")?;
        return Some(t(
            "scheduling-unplaced-after",
            &[("meeting", name(meeting))],
        ));
    }
    let rest = raw.strip_prefix("in each of its ")?;
    let (n, rest) = rest.split_once(" possible slots ")?;
    let causes =
        rest.strip_suffix(" (meetings of higher weight or earlier requests came first)")?;
    let mut translated = Vec::new();
    for cause in causes.split(", or ") {
        translated.push(match cause {
            "all tables are taken" => t("scheduling-cause-tables", &[]),
            "the location or the order constraints do not allow it" => {
                t("scheduling-cause-constraints", &[])
            }
            busy => {
                let people = busy.strip_suffix(" already meet(s) someone else")?;
                t(
                    "scheduling-cause-busy",
                    &[("people", names(people, " or ").join(&or))],
                )
            }
        });
    }
    let key = if n == "1" {
        "scheduling-unplaced-slot-taken"
    } else {
        "scheduling-unplaced-slots-taken"
    };
    Some(t(
        key,
        &[
            ("n", n.to_string()),
            ("causes", translated.join(&format!(",{or}"))),
        ],
    ))
}

/// What a run proposes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Proposal {
    /// `optimal`, `feasible`…
    pub status: String,
    /// Whether the run was a re-plan.
    pub replan: bool,
    /// Meetings placed (fixed ones included).
    pub placed: usize,
    /// Meetings in the problem.
    pub total: usize,
    /// Proven bound on the placed weight.
    pub upper_bound: Option<f64>,
    /// Placed weight.
    pub placed_weight: f64,
    /// Breaks (idle slots between two meetings of a person).
    pub breaks: u64,
    /// Meetings per participant: min, median, max.
    pub per_participant: (usize, usize, usize),
    /// Solver time.
    pub elapsed_ms: u64,
    /// Proposed assignments, by time.
    pub assignments: Vec<ProposedMeeting>,
    /// Meetings left out, with reasons.
    pub unplaced: Vec<UnplacedMeeting>,
}

impl Proposal {
    /// Meetings this proposal would write (new or moved, not removed).
    pub fn changes(&self) -> usize {
        self.assignments
            .iter()
            .filter(|a| !a.unchanged && !a.removed)
            .count()
    }
}

/// Reads a solution back into a proposal.
pub fn make_proposal(
    built: &BuiltProblem,
    solution: &scheduler::Solution,
    replan: bool,
) -> Proposal {
    let meeting_of: HashMap<&str, &scheduler::Meeting> = built
        .problem
        .meetings
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    let location_of_participant: HashMap<&str, &str> = built
        .problem
        .participants
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.location.as_deref()?)))
        .collect();
    let mut counts: BTreeMap<&str, usize> = built
        .problem
        .participants
        .iter()
        .map(|p| (p.id.as_str(), 0))
        .collect();
    let mut assignments = vec![];
    for a in &solution.assignments {
        let (Some(request_id), Some(slot_id), Some(m)) = (
            built.request_of.get(&a.meeting),
            built.slot_of.get(&a.slot),
            meeting_of.get(a.meeting.as_str()),
        ) else {
            continue;
        };
        for p in &m.participants {
            if let Some(n) = counts.get_mut(p.as_str()) {
                *n += 1;
            }
        }
        let location = if a.table.is_none() {
            m.participants
                .iter()
                .find_map(|p| location_of_participant.get(p.as_str()))
                .and_then(|l| built.location_of.get(*l))
                .copied()
        } else {
            None
        };
        let current = built.placements.get(request_id);
        let state = built
            .requests
            .get(request_id)
            .map(|r| r.state.clone())
            .unwrap_or_default();
        assignments.push(ProposedMeeting {
            request_id: *request_id,
            names: built.labels.get(&a.meeting).cloned().unwrap_or_default(),
            slot_id: *slot_id,
            when: built.labels.get(&a.slot).cloned().unwrap_or_default(),
            table: a.table,
            location,
            from_slot: current.map(|c| c.slot_id),
            unchanged: current.is_some_and(|c| c.slot_id == *slot_id),
            locked: current.is_some_and(|c| c.is_locked),
            removed: false,
            state,
        });
    }
    let slot_order: HashMap<i64, usize> = built
        .problem
        .slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((*built.slot_of.get(&s.id)?, i)))
        .collect();
    assignments.sort_by_key(|a| (slot_order.get(&a.slot_id).copied(), a.table, a.request_id));
    let mut unplaced: Vec<UnplacedMeeting> = solution
        .unplaced
        .iter()
        .filter_map(|u| {
            Some(UnplacedMeeting {
                request_id: *built.request_of.get(&u.meeting)?,
                names: built.labels.get(&u.meeting).cloned().unwrap_or_default(),
                reason: localized_reason(&u.reason, &built.labels, Locale::En)
                    .unwrap_or_else(|| humanize(&u.reason, &built.labels)),
                reason_fr: localized_reason(&u.reason, &built.labels, Locale::Fr)
                    .unwrap_or_default(),
            })
        })
        .collect();
    for (request_id, reason) in &built.excluded {
        let names = built
            .requests
            .get(request_id)
            .map(|r| {
                store::meetings::sides(r)
                    .iter()
                    .map(|p| built.labels.get(&sid('p', *p)).cloned().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ↔ ")
            })
            .unwrap_or_default();
        unplaced.push(UnplacedMeeting {
            request_id: *request_id,
            names,
            reason: (*reason).to_string(),
            reason_fr: String::new(),
        });
    }
    let mut per: Vec<usize> = counts.values().copied().collect();
    per.sort_unstable();
    let per_participant = match per.len() {
        0 => (0, 0, 0),
        n => (per[0], per[n / 2], per[n - 1]),
    };
    Proposal {
        status: format!("{:?}", solution.status).to_lowercase(),
        replan,
        placed: solution.stats.placed,
        total: built.problem.meetings.len(),
        upper_bound: solution.stats.upper_bound,
        placed_weight: solution.stats.placed_weight,
        breaks: solution.stats.breaks,
        per_participant,
        elapsed_ms: solution.stats.elapsed_ms,
        assignments,
        unplaced,
    }
}

/// Why a run action was refused.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Another run of the event is still running.
    #[error("a run is already running")]
    AlreadyRunning,
    /// The run is not (or no longer) a proposal that can be changed or published.
    #[error("the run is not ready")]
    NotReady,
    /// No such run (or meeting) in this event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<store::DbErr> for RunError {
    fn from(e: store::DbErr) -> Self {
        RunError::Internal(e.into())
    }
}

/// A run is considered dead (server restarted) after its budget plus this margin.
const STALE_AFTER_MS: i64 = 180_000 + *TIME_LIMIT_MS.end() as i64;

/// The error stored on a run its server never finished; a message id, shown translated.
pub const INTERRUPTED: &str = "scheduling-interrupted";

/// Runs of the event left "running" by a stopped server (older than their budget plus a
/// margin) become failed with [`INTERRUPTED`], so the page stops showing them as running and
/// a new run may start. Returns how many.
pub async fn settle_interrupted_runs(
    db: &impl store::ConnectionTrait,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<u64, store::DbErr> {
    let started_before = now - chrono::Duration::milliseconds(STALE_AFTER_MS);
    store::meetings::scheduling::fail_running_before(db, event.0, started_before, INTERRUPTED, now)
        .await
}

/// Records a new run (the caller then starts [`execute_run`]). Refused while another run of
/// the event is running.
pub async fn start_run(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    replan: bool,
) -> Result<store::meetings::scheduling::RunRow, RunError> {
    let txn = store::begin_write(db).await?;
    let now = Utc::now();
    settle_interrupted_runs(&txn, event, now).await?;
    let busy = store::meetings::scheduling::latest_runs(&txn, event.0, 5)
        .await?
        .into_iter()
        .any(|r| r.state == "running");
    if busy {
        return Err(RunError::AlreadyRunning);
    }
    let user_id = actor.user_id.map(|u| u.0).unwrap_or_default();
    let run = store::meetings::scheduling::insert_run(&txn, event.0, replan, user_id, now).await?;
    crate::audit::record(
        &txn,
        actor,
        Change::<(), _> {
            event: Some(event),
            action: "start",
            entity: "scheduling_run",
            entity_id: run.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "replan": replan })),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(run)
}

/// Builds, solves (on a blocking thread, progress written about every 200 ms) and stores
/// the proposal of a run; a failure is stored on the run. Returns the proposal.
pub async fn execute_run(
    db: DatabaseConnection,
    event: EventId,
    run_id: i64,
    replan: bool,
    time_limit_ms: u64,
) -> Option<Proposal> {
    let outcome = solve_run(&db, event, run_id, replan, time_limit_ms).await;
    let now = Utc::now();
    let stored = match &outcome {
        Ok(proposal) => match serde_json::to_string(proposal) {
            Ok(json) => {
                store::meetings::scheduling::finish_run(&db, run_id, "ready", Some(json), None, now)
                    .await
            }
            Err(e) => {
                store::meetings::scheduling::finish_run(
                    &db,
                    run_id,
                    "failed",
                    None,
                    Some(e.to_string()),
                    now,
                )
                .await
            }
        },
        Err(e) => {
            tracing::warn!(run_id, error = %e, "scheduling run failed");
            store::meetings::scheduling::finish_run(
                &db,
                run_id,
                "failed",
                None,
                Some(e.clone()),
                now,
            )
            .await
        }
    };
    if let Err(e) = stored {
        tracing::error!(run_id, error = %e, "could not store the scheduling run");
    }
    outcome.ok()
}

async fn solve_run(
    db: &DatabaseConnection,
    event: EventId,
    run_id: i64,
    replan: bool,
    time_limit_ms: u64,
) -> Result<Proposal, String> {
    let built = build_problem(db, event.0, replan, time_limit_ms)
        .await
        .map_err(|e| e.to_string())?;
    let progress = Arc::new(AtomicI32::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let ticker = {
        let (db, progress, done) = (db.clone(), progress.clone(), done.clone());
        tokio::spawn(async move {
            let mut last = 0;
            while !done.load(Ordering::Relaxed) {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let now = progress.load(Ordering::Relaxed);
                if now != last {
                    last = now;
                    let _ = store::meetings::scheduling::set_run_progress(&db, run_id, now).await;
                }
            }
        })
    };
    let problem = built.problem.clone();
    let shared = progress.clone();
    let solved = tokio::task::spawn_blocking(move || {
        let callback = |p: scheduler::Progress| {
            shared.store((p.fraction * 999.0).round() as i32, Ordering::Relaxed);
        };
        let budget = scheduler::Budget::from_options(&problem.options).with_progress(&callback);
        scheduler::solve(&problem, &budget)
    })
    .await;
    done.store(true, Ordering::Relaxed);
    let _ = ticker.await;
    let solution = solved
        .map_err(|e| format!("solver thread: {e}"))?
        .map_err(|e| humanize(&e.to_string(), &built.labels))?;
    Ok(make_proposal(&built, &solution, replan))
}

/// A run's stored proposal.
pub fn proposal_of(run: &store::meetings::scheduling::RunRow) -> Option<Proposal> {
    serde_json::from_str(run.proposal.as_deref()?).ok()
}

/// What the organizer does to one proposed meeting before publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjust {
    /// Take it out of the proposal (it stays confirmed, for a later run).
    Remove,
    /// Put it back.
    Restore,
    /// Lock or unlock it (locked meetings stay fixed in later re-plans).
    ToggleLock,
}

/// Changes one meeting of a ready proposal.
pub async fn adjust(
    db: &DatabaseConnection,
    event: EventId,
    run_id: i64,
    request_id: i64,
    action: Adjust,
) -> Result<(), RunError> {
    let txn = store::begin_write(db).await?;
    let run = store::meetings::scheduling::find_run(&txn, event.0, run_id)
        .await?
        .ok_or(RunError::NotFound)?;
    if run.state != "ready" {
        return Err(RunError::NotReady);
    }
    let mut proposal = proposal_of(&run).ok_or(RunError::NotReady)?;
    let line = proposal
        .assignments
        .iter_mut()
        .find(|a| a.request_id == request_id)
        .ok_or(RunError::NotFound)?;
    match action {
        Adjust::Remove => line.removed = true,
        Adjust::Restore => line.removed = false,
        Adjust::ToggleLock => line.locked = !line.locked,
    }
    let json = serde_json::to_string(&proposal)
        .map_err(|e| RunError::Internal(InternalError::Other(e.to_string())))?;
    if !store::meetings::scheduling::update_proposal(&txn, run_id, json).await? {
        return Err(RunError::NotReady);
    }
    txn.commit().await?;
    Ok(())
}

/// What publishing did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublishReport {
    /// Meetings given a time for the first time.
    pub placed: usize,
    /// Meetings moved.
    pub moved: usize,
    /// Meetings left where they were.
    pub unchanged: usize,
    /// Meetings skipped because they changed since the run or their slot got taken: names
    /// and message id of the reason.
    pub skipped: Vec<(String, String)>,
}

/// Publishes a ready proposal in one transaction: every new or moved meeting goes through
/// `booking::place` (table number → the session's table of that position; a stand or desk
/// when a side owns one), requests changed since the run are skipped and reported, both
/// sides are told, the publication is audited.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: EventId,
    run_id: i64,
    base_url: &str,
) -> Result<PublishReport, RunError> {
    let txn = store::begin_write(db).await?;
    let now = Utc::now();
    let event = store::events::find(&txn, event_id)
        .await?
        .ok_or(RunError::NotFound)?;
    let rules = settings::load(&txn, event_id).await?;
    let run = store::meetings::scheduling::find_run(&txn, event_id.0, run_id)
        .await?
        .ok_or(RunError::NotFound)?;
    if run.state != "ready" {
        return Err(RunError::NotReady);
    }
    let proposal = proposal_of(&run).ok_or(RunError::NotReady)?;
    let ids: Vec<i64> = proposal.assignments.iter().map(|a| a.request_id).collect();
    let requests: HashMap<i64, meeting_request::Model> =
        store::meetings::scheduling::requests_by_ids(&txn, event_id.0, &ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let placements: HashMap<i64, meeting::Model> =
        store::meetings::scheduling::meetings_of_event(&txn, event_id.0)
            .await?
            .into_iter()
            .map(|m| (m.request_id, m))
            .collect();
    let slots: HashMap<i64, slot::Model> = store::meetings::slots_of_event(&txn, event_id.0)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut tables: HashMap<i64, Vec<i64>> = HashMap::new();
    for p in store::meetings::scheduling::places_of_event(&txn, event_id.0).await? {
        if let (Some(session), "table") = (p.session_id, p.kind.as_str()) {
            tables.entry(session).or_default().push(p.id);
        }
    }
    let mut report = PublishReport::default();
    // 1. Check each meeting is as the run saw it; free the old slots of moved meetings first
    // so that meetings can trade places.
    let mut todo = vec![];
    for a in proposal.assignments.iter().filter(|a| !a.removed) {
        let current = placements.get(&a.request_id);
        let same = requests
            .get(&a.request_id)
            .is_some_and(|r| r.state == a.state)
            && current.map(|c| c.slot_id) == a.from_slot;
        if !same {
            report
                .skipped
                .push((a.names.clone(), "scheduling-skip-changed".into()));
            continue;
        }
        if a.unchanged {
            report.unchanged += 1;
            continue;
        }
        if current.is_some() {
            store::meetings::delete_placement(&txn, a.request_id).await?;
        }
        todo.push(a);
    }
    // 2. Place.
    let notifier = Notifier {
        event: &event,
        settings: &rules,
        base_url,
    };
    for a in todo {
        let Some(request) = requests.get(&a.request_id) else {
            continue;
        };
        let table = a.table.and_then(|n| {
            let session = slots.get(&a.slot_id)?.session_id;
            tables
                .get(&session)?
                .get(n.checked_sub(1)? as usize)
                .copied()
        });
        // An open request booked on the event day is confirmed for both sides first.
        let confirmed;
        let request = if matches!(request.state.as_str(), "requested" | "accepted") {
            let from: RequestState = request.state.parse().map_err(|_| RunError::NotReady)?;
            let to = from
                .after(RequestAction::ConfirmOnSite)
                .map_err(|_| RunError::NotReady)?;
            if !store::meetings::set_request_state(
                &txn,
                request.id,
                from.as_str(),
                to.as_str(),
                now,
            )
            .await?
            {
                report
                    .skipped
                    .push((a.names.clone(), "scheduling-skip-changed".into()));
                continue;
            }
            confirmed = meeting_request::Model {
                state: to.as_str().to_string(),
                ..request.clone()
            };
            &confirmed
        } else {
            request
        };
        let wanted = Target {
            slot_id: a.slot_id,
            place_id: table.or(a.location),
            locked: a.locked,
        };
        let mut result = booking::place(&txn, request, wanted, now).await;
        if matches!(result, Err(PlaceError::Taken)) && a.location.is_none() {
            // The numbered table is used by a meeting placed since: any free table will do.
            let any = Target {
                place_id: None,
                ..wanted
            };
            result = booking::place(&txn, request, any, now).await;
        }
        match result {
            Ok(_) => {
                let notice = if a.from_slot.is_some() {
                    report.moved += 1;
                    Notice::Moved
                } else {
                    report.placed += 1;
                    Notice::Scheduled
                };
                notifier
                    .send(
                        &txn,
                        request,
                        &notice,
                        &store::meetings::sides(request),
                        now,
                    )
                    .await?;
            }
            Err(PlaceError::Db(e)) => return Err(e.into()),
            Err(_) => {
                report
                    .skipped
                    .push((a.names.clone(), "scheduling-skip-taken".into()));
                if let Some(old) = a
                    .from_slot
                    .and_then(|s| placements.get(&a.request_id).map(|m| (s, m)))
                {
                    // A move that failed goes back where it was, or loses its slot (told).
                    let back = Target {
                        slot_id: old.0,
                        place_id: old.1.place_id,
                        locked: old.1.is_locked,
                    };
                    if booking::place(&txn, request, back, now).await.is_err() {
                        booking::unplace(&txn, request, now).await?;
                        notifier
                            .send(
                                &txn,
                                request,
                                &Notice::Unplaced,
                                &store::meetings::sides(request),
                                now,
                            )
                            .await?;
                    }
                }
            }
        }
    }
    if !store::meetings::scheduling::mark_published(&txn, run_id, now).await? {
        return Err(RunError::NotReady);
    }
    crate::audit::record(
        &txn,
        actor,
        Change::<(), _> {
            event: Some(event_id),
            action: "publish",
            entity: "scheduling_run",
            entity_id: run_id.to_string(),
            before: None,
            after: Some(&report),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_scheduler_reason_is_rewritten_in_french_with_names() {
        let labels = HashMap::from([
            ("p1".to_string(), "Claire Méjean".to_string()),
            ("p2".to_string(), "Thomas Vidal".to_string()),
            ("p3".to_string(), "Camille Mas".to_string()),
            ("m7".to_string(), "Claire Méjean ↔ Camille Mas".to_string()),
        ]);
        let cases = [
            (
                "p1 has no free slot in common with p2",
                "n’a aucun créneau libre en commun",
            ),
            (
                "no slot suits all of p1, p2, p3 within the allowed slots",
                "Camille Mas",
            ),
            (
                "p2 already has the maximum of 6 meetings",
                "maximum de 6 rendez-vous",
            ),
            (
                "it must come after meeting m7, which is not placed",
                "Claire Méjean ↔ Camille Mas",
            ),
            (
                "in each of its 3 possible slots p1 or p3 already meet(s) someone else, or all tables are taken (meetings of higher weight or earlier requests came first)",
                "Claire Méjean ou Camille Mas a (ont) déjà un autre rendez-vous, ou toutes les tables",
            ),
            (
                "in each of its 1 possible slots the location or the order constraints do not allow it (meetings of higher weight or earlier requests came first)",
                "Dans son seul créneau possible, le lieu",
            ),
        ];
        for (raw, expected) in cases {
            let fr = localized_reason(raw, &labels, Locale::Fr).unwrap_or_default();
            assert!(fr.contains(expected), "{raw} → {fr}");
            assert!(!fr.contains("p1") && !fr.contains("m7"), "{fr}");
            let en = localized_reason(raw, &labels, Locale::En).unwrap_or_default();
            assert!(en.chars().next().is_some_and(char::is_uppercase), "{en}");
        }
        assert_eq!(
            localized_reason("a sentence we never wrote", &labels, Locale::Fr),
            None
        );
    }

    #[test]
    fn ids_become_names() {
        let labels = HashMap::from([
            ("p4".to_string(), "Ada (Acme)".to_string()),
            ("s12".to_string(), "2027-03-10 09:00".to_string()),
        ]);
        assert_eq!(
            humanize("p4 has no free slot (s12, p45)", &labels),
            "Ada (Acme) has no free slot (2027-03-10 09:00, p45)"
        );
    }

    #[test]
    fn availability_json() {
        assert_eq!(allowed_from_json(""), None);
        assert_eq!(allowed_from_json("[]"), None);
        assert_eq!(allowed_from_json("[3, \"4\"]"), Some(vec![3, 4]));
    }
}
