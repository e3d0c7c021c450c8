//! Product scenarios: expert caps and arrival order, incremental scheduling, locations,
//! multi-person meetings, reasons for unplaced meetings, bounds, cancellation and progress.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use scheduler::{Budget, Mode, Status, solve, validate};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

fn budget() -> Budget<'static> {
    Budget::new(Duration::from_secs(5)).with_max_iterations(50_000)
}

// REQ: EXP-3
#[test]
fn expert_cap_is_honoured_and_earlier_requests_win() {
    // Expert e (cap 2) is requested by four visitors; equal weights: the two earliest win.
    let people = ["e", "v1", "v2", "v3", "v4"];
    let meetings = vec![
        meeting("late1", &["v3", "e"]),
        meeting("early1", &["v1", "e"]),
        meeting("early2", &["v2", "e"]),
        meeting("late2", &["v4", "e"]),
    ];
    let mut p = problem(slots(4, 4, 4), &people, meetings, Mode::Maximize);
    p.participants[0].max_meetings = Some(2);
    p.meetings[0].rank = Some(10);
    p.meetings[1].rank = Some(1);
    p.meetings[2].rank = Some(2);
    p.meetings[3].rank = Some(11);
    let s = solve(&p, &budget()).unwrap();
    let stats = validate(&p, &s).unwrap();
    let mut placed: Vec<&str> = s.assignments.iter().map(|a| a.meeting.as_str()).collect();
    placed.sort_unstable();
    assert_eq!(placed, ["early1", "early2"]);
    assert_eq!(stats.rank_inversions, Some(0));
    assert!(
        s.unplaced.iter().all(|u| u.reason.contains("maximum of 2")),
        "{:?}",
        s.unplaced
    );
}

// REQ: EXP-3
#[test]
fn higher_weight_beats_arrival_order() {
    let mut p = problem(
        slots(1, 1, 1),
        &["e", "a", "b"],
        vec![meeting("first", &["a", "e"]), meeting("vip", &["b", "e"])],
        Mode::Maximize,
    );
    p.meetings[1].weight = 2.0;
    let s = solve(&p, &budget()).unwrap();
    assert_eq!(s.assignments[0].meeting, "vip");
    assert_eq!(s.status, Status::Optimal);
}

// REQ: CHK-3
#[test]
fn incremental_run_keeps_published_meetings_and_fills_free_slots() {
    let people: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
    let refs: Vec<&str> = people.iter().map(String::as_str).collect();
    let mut meetings = Vec::new();
    for i in 0..12 {
        for j in [1, 3, 5] {
            meetings.push(meeting(
                &format!("m{i}-{j}"),
                &[refs[i], refs[(i + j) % 12]],
            ));
        }
    }
    let mut p = problem(slots(8, 4, 6), &refs, meetings, Mode::Maximize);
    let first = solve(&p, &budget()).unwrap();
    // Publish the first plan, then add new requests.
    for a in &first.assignments {
        p.meetings
            .iter_mut()
            .find(|m| m.id == a.meeting)
            .unwrap()
            .fixed_slot = Some(a.slot.clone());
    }
    for i in 0..6 {
        p.meetings
            .push(meeting(&format!("new{i}"), &[refs[i], refs[(i + 6) % 12]]));
    }
    let second = solve(&p, &budget()).unwrap();
    validate(&p, &second).unwrap();
    for a in &first.assignments {
        assert!(
            second
                .assignments
                .iter()
                .any(|b| b.meeting == a.meeting && b.slot == a.slot),
            "{} moved",
            a.meeting
        );
    }
    assert!(
        second
            .assignments
            .iter()
            .any(|a| a.meeting.starts_with("new")),
        "new meetings fill free slots"
    );
}

// REQ: MTG-3
#[test]
fn locations_tables_and_multi_person_meetings() {
    let people = ["x1", "x2", "a", "b", "c"];
    let meetings = vec![
        meeting("m0", &["a", "x1"]),
        meeting("m1", &["b", "x2"]),
        meeting("m2", &["c", "a", "b"]),
    ];
    let mut p = problem(slots(3, 3, 1), &people, meetings, Mode::All);
    p.participants[0].location = Some("stand".into());
    p.participants[1].location = Some("stand".into());
    let s = solve(&p, &budget()).unwrap();
    validate(&p, &s).unwrap();
    assert_eq!(s.status, Status::Optimal);
    let at = |id: &str| {
        s.assignments
            .iter()
            .find(|a| a.meeting == id)
            .unwrap()
            .clone()
    };
    assert_eq!(at("m0").table, None);
    assert_eq!(at("m1").table, None);
    assert_ne!(
        at("m0").slot,
        at("m1").slot,
        "one stand, one meeting per slot"
    );
    assert_eq!(at("m2").table, Some(1));
}

#[test]
fn unplaced_reason_names_the_people() {
    let mut p = problem(
        slots(2, 2, 1),
        &["p4", "p17"],
        vec![meeting("m9", &["p4", "p17"])],
        Mode::Maximize,
    );
    p.participants[0].unavailable = vec!["s0".into()];
    p.participants[1].unavailable = vec!["s1".into()];
    let s = solve(&p, &budget()).unwrap();
    assert_eq!(
        s.unplaced[0].reason,
        "p4 has no free slot in common with p17"
    );
    assert_eq!(s.stats.upper_bound, Some(0.0));
}

#[test]
fn mode_all_reports_infeasible_and_never_drops_silently() {
    // Three meetings of one person, two slots.
    let p = problem(
        slots(2, 2, 3),
        &["a", "b", "c", "d"],
        vec![
            meeting("m0", &["a", "b"]),
            meeting("m1", &["a", "c"]),
            meeting("m2", &["a", "d"]),
        ],
        Mode::All,
    );
    let s = solve(&p, &budget()).unwrap();
    assert_eq!(s.status, Status::Infeasible);
    validate(&p, &s).unwrap();
    assert_eq!(s.assignments.len() + s.unplaced.len(), 3);
    assert!(s.unplaced.iter().all(|u| !u.reason.is_empty()));
}

#[test]
fn breaks_lower_bound_and_optimal_status_in_mode_all() {
    // a meets b and c; slot s1 is forbidden for both meetings, breaks span sessions.
    let mut p = problem(
        slots(3, 3, 2),
        &["a", "b", "c"],
        vec![meeting("m0", &["a", "b"]), meeting("m1", &["a", "c"])],
        Mode::All,
    );
    p.options.breaks_span_sessions = true;
    p.participants[1].unavailable = vec!["s1".into()];
    p.participants[2].unavailable = vec!["s1".into()];
    let s = solve(&p, &budget()).unwrap();
    assert_eq!((s.status, s.stats.breaks), (Status::Optimal, 1));
}

#[test]
fn cancellation_and_progress() {
    let people: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
    let refs: Vec<&str> = people.iter().map(String::as_str).collect();
    let meetings = (0..120)
        .map(|k| meeting(&format!("m{k}"), &[refs[k % 40], refs[(k * 7 + 3) % 40]]))
        .filter(|m| m.participants[0] != m.participants[1])
        .collect();
    let mut p = problem(slots(10, 5, 6), &refs, meetings, Mode::All);
    p.options.breaks_span_sessions = true;
    let cancel = AtomicBool::new(true);
    let calls = std::cell::Cell::new(0);
    let progress = |_: scheduler::Progress| calls.set(calls.get() + 1);
    let budget = Budget::new(Duration::from_secs(30))
        .with_cancel(&cancel)
        .with_progress(&progress);
    let started = std::time::Instant::now();
    let s = solve(&p, &budget).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancelled search returns quickly"
    );
    validate(&p, &s).unwrap();
}
