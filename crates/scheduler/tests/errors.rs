//! Input that contradicts itself gets a clear, typed error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use scheduler::{Budget, Mode, ProblemError, parse_problem, solve};
use std::time::Duration;

fn base() -> scheduler::Problem {
    problem(
        slots(3, 3, 1),
        &["a", "b", "c"],
        vec![meeting("m0", &["a", "b"]), meeting("m1", &["b", "c"])],
        Mode::Maximize,
    )
}

fn error_of(p: &scheduler::Problem) -> ProblemError {
    solve(p, &Budget::new(Duration::from_millis(100))).unwrap_err()
}

#[test]
fn defaults_from_the_spec() {
    let p = parse_problem(
        r#"{"slots":[{"id":"s","session":"am","capacity":1}],
        "participants":[{"id":"a"},{"id":"b"}],"meetings":[{"id":"m","participants":["a","b"]}]}"#,
    )
    .unwrap();
    assert_eq!(p.version, 1);
    assert_eq!(p.meetings[0].weight, 1.0);
    assert_eq!(p.options.mode, Mode::Maximize);
    assert_eq!(p.options.time_limit_ms, 10_000);
    assert_eq!(p.options.seed, 1);
    assert!(!p.options.breaks_span_sessions);
}

#[test]
fn bad_json_and_version() {
    assert!(matches!(parse_problem("{"), Err(ProblemError::Json(_))));
    let mut p = base();
    p.version = 2;
    assert_eq!(error_of(&p), ProblemError::UnsupportedVersion(2));
}

#[test]
fn empty_lists() {
    let mut p = base();
    p.meetings.clear();
    assert_eq!(error_of(&p), ProblemError::Empty("meetings"));
    p.slots.clear();
    assert_eq!(error_of(&p), ProblemError::Empty("slots"));
}

#[test]
fn unknown_ids() {
    let mut p = base();
    p.meetings[0].participants[1] = "ghost".into();
    let e = error_of(&p);
    assert!(matches!(&e, ProblemError::UnknownId { kind: "participant", id, .. } if id == "ghost"));
    assert!(e.to_string().contains("ghost") && e.to_string().contains("m0"));
    let mut p = base();
    p.participants[0].unavailable = vec!["s9".into()];
    assert!(matches!(
        error_of(&p),
        ProblemError::UnknownId { kind: "slot", .. }
    ));
    let mut p = base();
    p.meetings[1].after = vec!["m7".into()];
    assert!(matches!(
        error_of(&p),
        ProblemError::UnknownId {
            kind: "meeting",
            ..
        }
    ));
}

#[test]
fn duplicate_ids() {
    let mut p = base();
    p.meetings[1].id = "m0".into();
    assert_eq!(
        error_of(&p),
        ProblemError::DuplicateId {
            kind: "meeting",
            id: "m0".into()
        }
    );
    let mut p = base();
    p.slots[2].id = "s0".into();
    assert!(matches!(
        error_of(&p),
        ProblemError::DuplicateId { kind: "slot", .. }
    ));
}

#[test]
fn cycle_in_after() {
    let mut p = base();
    p.meetings[0].after = vec!["m1".into()];
    p.meetings[1].after = vec!["m0".into()];
    let e = error_of(&p);
    assert!(
        matches!(&e, ProblemError::AfterCycle { meetings } if meetings.len() == 2),
        "{e}"
    );
}

#[test]
fn fixed_slot_contradictions() {
    let mut p = base();
    p.participants[0].unavailable = vec!["s0".into()];
    p.meetings[0].fixed_slot = Some("s0".into());
    assert!(matches!(
        error_of(&p),
        ProblemError::FixedSlotUnavailable { .. }
    ));
    let mut p = base();
    p.meetings[0].allowed_slots = Some(vec!["s1".into()]);
    p.meetings[0].fixed_slot = Some("s0".into());
    assert!(matches!(
        error_of(&p),
        ProblemError::FixedSlotNotAllowed { .. }
    ));
    let mut p = base();
    p.slots[0].capacity = 2;
    p.meetings[0].fixed_slot = Some("s0".into());
    p.meetings[1].fixed_slot = Some("s0".into());
    assert!(
        matches!(error_of(&p), ProblemError::FixedSlotClash { .. }),
        "b twice in s0"
    );
    let mut p = base();
    p.meetings[1].participants = vec!["c".into(), "a".into()];
    p.participants.push(person("d"));
    p.meetings[1].participants = vec!["c".into(), "d".into()];
    p.meetings[0].fixed_slot = Some("s0".into());
    p.meetings[1].fixed_slot = Some("s0".into());
    assert!(matches!(
        error_of(&p),
        ProblemError::FixedSlotOverCapacity {
            needed: 2,
            capacity: 1,
            ..
        }
    ));
    let mut p = base();
    p.meetings[1].after = vec!["m0".into()];
    p.meetings[0].fixed_slot = Some("s2".into());
    p.meetings[1].fixed_slot = Some("s1".into());
    assert!(matches!(
        error_of(&p),
        ProblemError::FixedOrderContradiction { .. }
    ));
}

#[test]
fn non_consecutive_session() {
    let mut p = base();
    p.slots[0].session = "am".into();
    p.slots[1].session = "pm".into();
    p.slots[2].session = "am".into();
    assert_eq!(
        error_of(&p),
        ProblemError::SessionNotConsecutive {
            session: "am".into()
        }
    );
}

#[test]
fn fewer_than_two_participants() {
    let mut p = base();
    p.meetings[0].participants = vec!["a".into(), "a".into()];
    assert_eq!(
        error_of(&p),
        ProblemError::TooFewParticipants {
            meeting: "m0".into()
        }
    );
}

#[test]
fn negative_weight() {
    let mut p = base();
    p.meetings[0].weight = -1.0;
    assert!(matches!(error_of(&p), ProblemError::InvalidWeight { .. }));
}
