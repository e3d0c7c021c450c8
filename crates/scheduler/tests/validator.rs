//! The validator catches each kind of violation: one test per rule, each built to fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use scheduler::{Assignment, Mode, Status, Violation, validate, validate_schedule};

/// Three slots in one session with 1 table, people a b c d, meetings m0 = a+b, m1 = c+d.
fn base(mode: Mode) -> scheduler::Problem {
    problem(
        slots(3, 3, 1),
        &["a", "b", "c", "d"],
        vec![meeting("m0", &["a", "b"]), meeting("m1", &["c", "d"])],
        mode,
    )
}

fn violations(p: &scheduler::Problem, s: &scheduler::Solution) -> Vec<Violation> {
    validate_schedule(p, s).err().unwrap_or_default()
}

#[test]
fn a_correct_schedule_passes_and_stats_are_recomputed() {
    let p = base(Mode::Maximize);
    let s = solution_of(&p, &[(0, 0), (1, 1)], Status::Feasible);
    let stats = validate_schedule(&p, &s).unwrap();
    assert_eq!((stats.placed, stats.breaks), (2, 0));
    assert_eq!(stats.placed_weight, 2.0);
}

#[test]
fn unknown_meeting_and_slot() {
    let p = base(Mode::Maximize);
    let mut s = solution_of(&p, &[(0, 0)], Status::Feasible);
    s.assignments.push(Assignment {
        meeting: "zz".into(),
        slot: "s1".into(),
        table: Some(1),
    });
    s.assignments.push(Assignment {
        meeting: "m1".into(),
        slot: "nowhere".into(),
        table: Some(1),
    });
    let v = violations(&p, &s);
    assert!(v.contains(&Violation::UnknownMeeting("zz".into())), "{v:?}");
    assert!(
        v.iter().any(|x| matches!(x, Violation::UnknownSlot { .. })),
        "{v:?}"
    );
}

#[test]
fn meeting_assigned_twice() {
    let p = base(Mode::Maximize);
    let mut s = solution_of(&p, &[(0, 0), (1, 1)], Status::Feasible);
    s.assignments.push(Assignment {
        meeting: "m0".into(),
        slot: "s2".into(),
        table: Some(1),
    });
    assert!(violations(&p, &s).contains(&Violation::AssignedTwice("m0".into())));
}

#[test]
fn mode_all_needs_every_meeting_when_complete_is_claimed() {
    let p = base(Mode::All);
    let s = solution_of(&p, &[(0, 0)], Status::Feasible);
    assert!(violations(&p, &s).contains(&Violation::NotPlacedInModeAll("m1".into())));
    let timeout = solution_of(&p, &[(0, 0)], Status::Timeout);
    assert!(validate_schedule(&p, &timeout).is_ok());
}

#[test]
fn unplaced_list_must_match() {
    let p = base(Mode::Maximize);
    let mut s = solution_of(&p, &[(0, 0)], Status::Feasible);
    s.unplaced.clear();
    assert!(violations(&p, &s).contains(&Violation::UnplacedListWrong("m1".into())));
}

// REQ: MTG-3
#[test]
fn participant_in_two_meetings_in_one_slot() {
    let mut p = base(Mode::Maximize);
    p.slots[0].capacity = 2;
    p.meetings[1].participants = vec!["a".into(), "c".into()];
    let s = solution_of(&p, &[(0, 0), (1, 0)], Status::Feasible);
    assert!(violations(&p, &s).iter().any(|x| matches!(x, Violation::ParticipantDoubleBooked { participant, .. } if participant == "a")));
}

// REQ: MTG-3
#[test]
fn tables_out_of_range_reused_or_missing() {
    let p = base(Mode::Maximize);
    let mut s = solution_of(&p, &[(0, 0), (1, 0)], Status::Feasible);
    let v = violations(&p, &s);
    assert!(
        v.iter().any(|x| matches!(x, Violation::BadTable { .. })),
        "two tables in a one-table slot: {v:?}"
    );
    s.assignments[1].table = Some(1);
    assert!(
        violations(&p, &s)
            .iter()
            .any(|x| matches!(x, Violation::BadTable { detail, .. } if detail.contains("twice")))
    );
    s.assignments[1].table = None;
    assert!(
        violations(&p, &s).iter().any(
            |x| matches!(x, Violation::BadTable { detail, .. } if detail.contains("no table"))
        )
    );
}

#[test]
fn location_hosts_one_meeting_per_slot_and_uses_no_table() {
    let mut p = base(Mode::Maximize);
    p.participants[0].location = Some("stand".into());
    p.participants[2].location = Some("stand".into());
    let s = solution_of(&p, &[(0, 0), (1, 0)], Status::Feasible);
    assert!(
        violations(&p, &s)
            .iter()
            .any(|x| matches!(x, Violation::LocationDoubleBooked { .. }))
    );
    let mut s = solution_of(&p, &[(0, 0), (1, 1)], Status::Feasible);
    s.assignments[0].table = Some(1);
    assert!(
        violations(&p, &s).contains(&Violation::TableInsteadOfLocation {
            meeting: "m0".into()
        })
    );
}

#[test]
fn participant_unavailable() {
    let mut p = base(Mode::Maximize);
    p.participants[1].unavailable = vec!["s0".into()];
    let s = solution_of(&p, &[(0, 0)], Status::Feasible);
    assert!(
        violations(&p, &s)
            .iter()
            .any(|x| matches!(x, Violation::Unavailable { participant, .. } if participant == "b"))
    );
}

#[test]
fn slot_outside_allowed_slots() {
    let mut p = base(Mode::Maximize);
    p.meetings[0].allowed_slots = Some(vec!["s2".into()]);
    let s = solution_of(&p, &[(0, 0)], Status::Feasible);
    assert!(
        violations(&p, &s)
            .iter()
            .any(|x| matches!(x, Violation::NotAllowed { .. }))
    );
}

// REQ: CHK-3
#[test]
fn fixed_meeting_moved() {
    let mut p = base(Mode::Maximize);
    p.meetings[0].fixed_slot = Some("s1".into());
    let s = solution_of(&p, &[(0, 0)], Status::Feasible);
    assert!(violations(&p, &s).contains(&Violation::FixedMoved {
        meeting: "m0".into()
    }));
}

#[test]
fn after_order_broken_or_predecessor_missing() {
    let mut p = base(Mode::Maximize);
    p.meetings[1].after = vec!["m0".into()];
    let same = solution_of(&p, &[(0, 1), (1, 1)], Status::Feasible);
    assert!(
        violations(&p, &same)
            .iter()
            .any(|x| matches!(x, Violation::OrderBroken { .. }))
    );
    let missing = solution_of(&p, &[(1, 2)], Status::Feasible);
    assert!(
        violations(&p, &missing)
            .iter()
            .any(|x| matches!(x, Violation::OrderBroken { .. }))
    );
}

// REQ: EXP-3
#[test]
fn expert_cap_exceeded() {
    let mut p = base(Mode::Maximize);
    p.meetings[1].participants = vec!["a".into(), "c".into()];
    p.participants[0].max_meetings = Some(1);
    let s = solution_of(&p, &[(0, 0), (1, 1)], Status::Feasible);
    assert!(
        violations(&p, &s)
            .iter()
            .any(|x| matches!(x, Violation::CapExceeded { cap: 1, .. }))
    );
}

#[test]
fn break_spread_exceeded() {
    let mut p = problem(
        slots(3, 3, 2),
        &["a", "b", "c", "d"],
        vec![
            meeting("m0", &["a", "b"]),
            meeting("m1", &["a", "c"]),
            meeting("m2", &["b", "d"]),
        ],
        Mode::Maximize,
    );
    p.options.max_break_spread = Some(0);
    // a meets in s0 and s2: one break; others none.
    let s = solution_of(&p, &[(0, 0), (1, 2), (2, 1)], Status::Feasible);
    assert!(violations(&p, &s).iter().any(|x| matches!(
        x,
        Violation::SpreadExceeded {
            spread: 1,
            allowed: 0
        }
    )));
}

#[test]
fn reported_stats_must_match() {
    let p = base(Mode::Maximize);
    let mut s = solution_of(&p, &[(0, 0), (1, 1)], Status::Feasible);
    s.stats.placed = 2;
    s.stats.placed_weight = 2.0;
    s.stats.breaks = 0;
    assert!(validate(&p, &s).is_ok());
    s.stats.breaks = 5;
    s.stats.upper_bound = Some(1.0);
    let v = validate(&p, &s).unwrap_err();
    assert!(v.iter().any(|x| matches!(
        x,
        Violation::StatsMismatch {
            field: "breaks",
            ..
        }
    )));
    assert!(v.iter().any(|x| matches!(
        x,
        Violation::StatsMismatch {
            field: "upper_bound",
            ..
        }
    )));
}

#[test]
fn breaks_follow_both_semantics() {
    // a: meetings in s0 and s3 of one session, s1 unavailable, s2 idle.
    let mut p = problem(
        slots(4, 4, 2),
        &["a", "b", "c"],
        vec![meeting("m0", &["a", "b"]), meeting("m1", &["a", "c"])],
        Mode::Maximize,
    );
    p.participants[0].unavailable = vec!["s1".into(), "s2".into()];
    let s = solution_of(&p, &[(0, 0), (1, 3)], Status::Feasible);
    assert_eq!(
        validate_schedule(&p, &s).unwrap().breaks,
        0,
        "a gap of unavailable slots is no break"
    );
    p.options.breaks_span_sessions = true;
    assert_eq!(
        validate_schedule(&p, &s).unwrap().breaks,
        1,
        "literature semantics count it"
    );
    // Different sessions: lunch is not a hole unless breaks span sessions.
    let mut q = problem(
        slots(4, 2, 2),
        &["a", "b", "c"],
        vec![meeting("m0", &["a", "b"]), meeting("m1", &["a", "c"])],
        Mode::Maximize,
    );
    let s = solution_of(&q, &[(0, 0), (1, 3)], Status::Feasible);
    assert_eq!(validate_schedule(&q, &s).unwrap().breaks, 0);
    q.options.breaks_span_sessions = true;
    assert_eq!(validate_schedule(&q, &s).unwrap().breaks, 1);
}
