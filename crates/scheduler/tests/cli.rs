//! The file helpers behind `agora schedule solve|check`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use scheduler::cli::{check_files, solve_files};
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agora-scheduler-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const PROBLEM: &str = r#"{
  "version": 1,
  "slots": [{"id": "d1-0900", "session": "day1-am", "capacity": 1},
            {"id": "d1-0930", "session": "day1-am", "capacity": 1}],
  "participants": [{"id": "p17", "unavailable": ["d1-0930"]}, {"id": "p4"}, {"id": "p5"}],
  "meetings": [{"id": "m1", "participants": ["p17", "p4"]},
               {"id": "m2", "participants": ["p4", "p5"], "weight": 2}],
  "options": {"mode": "maximize", "time_limit_ms": 500}
}"#;

#[test]
fn solve_then_check_round_trip() {
    let dir = temp_dir("ok");
    let (problem, solution) = (dir.join("problem.json"), dir.join("solution.json"));
    std::fs::write(&problem, PROBLEM).unwrap();
    let summary = solve_files(&problem, &solution, Some(200), Some(3)).unwrap();
    assert!(summary.contains("placed 2 of 2"), "{summary}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&solution).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert!(
        written["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["table"] == 1)
    );
    assert!(
        check_files(&problem, &solution)
            .unwrap()
            .starts_with("valid")
    );
}

#[test]
fn check_lists_every_violation() {
    let dir = temp_dir("bad");
    let (problem, solution) = (dir.join("problem.json"), dir.join("solution.json"));
    std::fs::write(&problem, PROBLEM).unwrap();
    std::fs::write(
        &solution,
        r#"{"version":1,"status":"feasible","assignments":[
            {"meeting":"m1","slot":"d1-0930","table":1},{"meeting":"m2","slot":"d1-0930","table":1}],
            "unplaced":[],"stats":{"placed":2,"placed_weight":3.0,"breaks":0}}"#,
    )
    .unwrap();
    let message = check_files(&problem, &solution).unwrap_err();
    assert!(message.contains("p17"), "{message}");
    assert!(message.contains("two meetings"), "{message}");
    assert!(message.contains("table 1 is used twice"), "{message}");
}

#[test]
fn input_errors_are_messages() {
    let dir = temp_dir("err");
    let problem = dir.join("problem.json");
    std::fs::write(&problem, r#"{"slots":[],"participants":[],"meetings":[]}"#).unwrap();
    let message = solve_files(&problem, &dir.join("out.json"), None, None).unwrap_err();
    assert!(message.contains("no slots"), "{message}");
    assert!(
        solve_files(&dir.join("missing.json"), &dir.join("out.json"), None, None)
            .unwrap_err()
            .contains("cannot read")
    );
}
