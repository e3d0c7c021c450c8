//! On tiny instances the scheduler finds the optimum found by enumerating every schedule,
//! in both modes (and reports `infeasible` in mode `all` exactly when no schedule exists).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use proptest::prelude::*;
use scheduler::{Budget, Mode, Status, solve, validate};
use std::time::Duration;

fn tiny(seed: u64, mode: Mode) -> scheduler::Problem {
    let mut x = seed | 1;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let n_slots = 2 + next(2);
    let people = ["a", "b", "c", "d"];
    let n_meetings = 2 + next(3);
    let meetings = (0..n_meetings)
        .map(|m| {
            let a = next(4);
            let b = (a + 1 + next(3)) % 4;
            let mut mt = meeting(&format!("m{m}"), &[people[a], people[b]]);
            mt.weight = (1 + next(3)) as f64;
            if m > 0 && next(4) == 0 {
                mt.after = vec![format!("m{}", next(m))];
            }
            mt
        })
        .collect();
    let mut p = problem(
        slots(n_slots, 1 + next(3), 1 + next(2) as u32),
        &people,
        meetings,
        mode,
    );
    for person in &mut p.participants {
        if next(4) == 0 {
            person.unavailable = vec![format!("s{}", next(n_slots))];
        }
        if next(6) == 0 {
            person.max_meetings = Some(1);
        }
    }
    p.options.breaks_span_sessions = next(2) == 0;
    p.options.max_break_spread = (next(3) == 0).then_some(0);
    p
}

fn check(seed: u64, mode: Mode) -> Result<(), TestCaseError> {
    let p = tiny(seed, mode);
    let solution = solve(
        &p,
        &Budget::new(Duration::from_secs(10)).with_max_iterations(50_000),
    )
    .unwrap();
    prop_assert!(validate(&p, &solution).is_ok());
    match (mode, exhaustive_best(&p)) {
        (Mode::All, None) => prop_assert_eq!(solution.status, Status::Infeasible),
        (Mode::All, Some((_, breaks))) => {
            prop_assert_eq!(solution.status, Status::Optimal);
            prop_assert_eq!(solution.stats.breaks, breaks);
        }
        (Mode::Maximize, best) => {
            let (weight, _) = best.unwrap_or((0.0, 0));
            prop_assert!(
                (solution.stats.placed_weight - weight).abs() < 1e-9,
                "solver {} vs exhaustive {weight}",
                solution.stats.placed_weight
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    #[test]
    fn maximize_reaches_the_exhaustive_optimum(seed in any::<u64>()) {
        check(seed, Mode::Maximize)?;
    }

    #[test]
    fn mode_all_reaches_the_exhaustive_optimum(seed in any::<u64>()) {
        check(seed, Mode::All)?;
    }
}
