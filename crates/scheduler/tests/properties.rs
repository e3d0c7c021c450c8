//! Property tests on random small instances: every solution validates, fixed meetings never
//! move, caps, availability, `after` and tables always hold, and a seed fixes the answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use scheduler::{Budget, Meeting, Mode, Options, Participant, Problem, Slot, solve, validate};
use std::time::Duration;

/// Random problem description: (slots, per session, capacity, people, meetings…).
fn arbitrary_problem() -> impl Strategy<Value = Problem> {
    (
        2usize..7,
        1usize..4,
        0u32..3,
        3usize..8,
        1usize..16,
        any::<u64>(),
        prop::bool::ANY,
        prop::option::of(0u32..3),
    )
        .prop_map(
            |(n_slots, per_session, capacity, n_people, n_meetings, seed, span, spread)| {
                let mut x = seed | 1;
                let mut next = move |n: usize| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % n.max(1) as u64) as usize
                };
                let slots: Vec<Slot> = (0..n_slots)
                    .map(|i| Slot {
                        id: format!("s{i}"),
                        session: format!("x{}", i / per_session),
                        capacity: capacity + u32::from(next(3) == 0),
                    })
                    .collect();
                let participants: Vec<Participant> = (0..n_people)
                    .map(|p| Participant {
                        id: format!("p{p}"),
                        unavailable: (0..n_slots)
                            .filter(|_| next(5) == 0)
                            .map(|s| format!("s{s}"))
                            .collect(),
                        max_meetings: (next(4) == 0).then(|| next(3) as u32 + 1),
                        location: match next(8) {
                            0 => Some("stand-a".into()),
                            1 => Some(format!("desk-{p}")),
                            _ => None,
                        },
                    })
                    .collect();
                let mut meetings: Vec<Meeting> = Vec::new();
                for m in 0..n_meetings {
                    let a = next(n_people);
                    let b = (a + 1 + next(n_people - 1)) % n_people;
                    let mut who = vec![format!("p{a}"), format!("p{b}")];
                    if next(6) == 0 {
                        let c = next(n_people);
                        if c != a && c != b {
                            who.push(format!("p{c}"));
                        }
                    }
                    let after = if m > 0 && next(5) == 0 {
                        vec![format!("m{}", next(m))]
                    } else {
                        vec![]
                    };
                    meetings.push(Meeting {
                        id: format!("m{m}"),
                        participants: who,
                        weight: (1 + next(3)) as f64,
                        rank: None,
                        allowed_slots: (next(5) == 0).then(|| {
                            (0..n_slots)
                                .filter(|_| next(2) == 0)
                                .map(|s| format!("s{s}"))
                                .collect()
                        }),
                        fixed_slot: (next(6) == 0).then(|| format!("s{}", next(n_slots))),
                        after,
                    });
                }
                Problem {
                    version: 1,
                    slots,
                    participants,
                    meetings,
                    options: Options {
                        mode: if next(2) == 0 {
                            Mode::All
                        } else {
                            Mode::Maximize
                        },
                        breaks_span_sessions: span,
                        max_break_spread: spread,
                        ..Options::default()
                    },
                }
            },
        )
}

fn budget() -> Budget<'static> {
    Budget::new(Duration::from_secs(60))
        .with_seed(7)
        .with_max_iterations(20_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    // REQ: MTG-3
    // REQ: EXP-3
    // REQ: CHK-3
    /// Every solution validates (no person twice in a slot, tables within capacity, caps,
    /// availability, allowed slots, `after`, spread), and fixed meetings stay in their slot.
    #[test]
    fn every_solution_validates_and_fixed_meetings_stay(problem in arbitrary_problem()) {
        let Ok(solution) = solve(&problem, &budget()) else {
            // Random fixed slots may contradict each other: that is an input error, tested elsewhere.
            return Ok(());
        };
        let checked = validate(&problem, &solution);
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked.err(), serde_json::to_string(&problem).unwrap());
        for m in problem.meetings.iter().filter(|m| m.fixed_slot.is_some()) {
            let placed = solution.assignments.iter().find(|a| a.meeting == m.id);
            prop_assert_eq!(placed.map(|a| &a.slot), m.fixed_slot.as_ref());
        }
        if let Some(ub) = solution.stats.upper_bound {
            prop_assert!(solution.stats.placed_weight <= ub + 1e-9);
        }
    }

    /// Same seed and iteration budget: same answer.
    #[test]
    fn a_seed_fixes_the_answer(problem in arbitrary_problem()) {
        let (Ok(a), Ok(b)) = (solve(&problem, &budget()), solve(&problem, &budget())) else { return Ok(()) };
        prop_assert_eq!(a.status, b.status);
        prop_assert_eq!(a.assignments, b.assignments);
    }
}
