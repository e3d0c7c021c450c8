//! Smoke benchmark on five small literature instances (mode `all`, d = 2, breaks spanning
//! sessions): every solution valid and within 2 breaks of the published optimum.
//!
//! Runs when the instances folder exists (`AGORA_B2B_INSTANCES`, default
//! `../../../shared/bench/b2b-instances/dzn` from this crate); otherwise prints a notice and
//! passes, so `cargo test --workspace` passes on a fresh machine. The heavy part is `#[ignore]`d
//! in debug runs; CI runs it with
//! `cargo test --release -p scheduler --test literature_smoke -- --include-ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/bench/dzn.rs"]
#[allow(dead_code)]
mod dzn;

use scheduler::{Budget, Status, solve, validate};
use std::path::Path;
use std::time::Duration;

const INSTANCES: [&str; 5] = [
    "tic-12",
    "tic-12crafc",
    "tic-13crafb",
    "forumt-14",
    "forum-13",
];

fn run_smoke(seconds: f64) {
    let dir = dzn::instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    if !dir.is_dir() {
        println!(
            "notice: literature instances not found at {} (set AGORA_B2B_INSTANCES); smoke benchmark skipped",
            dir.display()
        );
        return;
    }
    let known = dzn::best_known(&dir);
    for name in INSTANCES {
        let file = format!("{name}.original.dzn");
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        let problem = dzn::read_dzn(&text, Some(2)).unwrap();
        let budget = Budget::new(Duration::from_secs_f64(seconds)).with_seed(1);
        let solution = solve(&problem, &budget).unwrap();
        let stats = validate(&problem, &solution)
            .unwrap_or_else(|v| panic!("{name}: invalid solution: {v:?}"));
        let best = known
            .get(&(file.clone(), 2))
            .copied()
            .flatten()
            .expect("published optimum");
        println!(
            "{name}: {} breaks (best known {best}), status {:?}",
            stats.breaks, solution.status
        );
        assert!(
            matches!(solution.status, Status::Optimal | Status::Feasible),
            "{name}: {:?}",
            solution.status
        );
        assert!(
            stats.breaks <= best + 2,
            "{name}: {} breaks, best known {best}",
            stats.breaks
        );
    }
}

/// Quick pass that also runs in debug `cargo test`: only checks the folder handling and one
/// instance's validity.
#[test]
fn literature_instances_load_or_are_skipped() {
    let dir = dzn::instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    if !dir.is_dir() {
        println!(
            "notice: literature instances not found at {}; skipped",
            dir.display()
        );
        return;
    }
    let text = std::fs::read_to_string(dir.join("tic-12.original.dzn")).unwrap();
    let problem = dzn::read_dzn(&text, Some(2)).unwrap();
    assert_eq!(
        (
            problem.participants.len(),
            problem.meetings.len(),
            problem.slots.len()
        ),
        (42, 125, 8)
    );
    let solution = solve(&problem, &Budget::new(Duration::from_secs(2))).unwrap();
    assert!(validate(&problem, &solution).is_ok());
}

#[test]
#[ignore = "a few seconds per instance; CI runs it in release with --include-ignored"]
fn five_literature_instances_reach_near_optimal_breaks() {
    run_smoke(5.0);
}
