//! File-level helpers for the `agora schedule solve|check` commands. The only module with I/O.

use crate::{Budget, Status, parse_problem, parse_solution, solution_to_json, solve, validate};
use std::path::Path;
use std::time::Duration;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads the problem at `input`, solves it (time limit and seed from the arguments or else from
/// the problem's options) and writes the solution to `output`. Returns a one-line summary.
pub fn solve_files(
    input: &Path,
    output: &Path,
    time_limit_ms: Option<u64>,
    seed: Option<u64>,
) -> Result<String, String> {
    let problem = parse_problem(&read(input)?).map_err(|e| format!("{}: {e}", input.display()))?;
    let time_limit = Duration::from_millis(time_limit_ms.unwrap_or(problem.options.time_limit_ms));
    let budget = Budget::new(time_limit).with_seed(seed.unwrap_or(problem.options.seed));
    let solution = solve(&problem, &budget).map_err(|e| e.to_string())?;
    std::fs::write(output, solution_to_json(&solution) + "\n")
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    let stats = &solution.stats;
    let bound = stats
        .upper_bound
        .map_or(String::new(), |ub| format!(" of at most {ub}"));
    let status = match solution.status {
        Status::Optimal => "optimal",
        Status::Feasible => "feasible",
        Status::Infeasible => "infeasible",
        Status::Timeout => "timeout",
    };
    Ok(format!(
        "{status}: placed {} of {} meetings (weight {}{bound}), {} breaks, {} unplaced, {} ms",
        stats.placed,
        problem.meetings.len(),
        stats.placed_weight,
        stats.breaks,
        solution.unplaced.len(),
        stats.elapsed_ms
    ))
}

/// Checks the solution file against the problem file. `Err` lists every violation, one per line.
pub fn check_files(problem: &Path, solution: &Path) -> Result<String, String> {
    let parsed =
        parse_problem(&read(problem)?).map_err(|e| format!("{}: {e}", problem.display()))?;
    let answer = parse_solution(&read(solution)?)?;
    match validate(&parsed, &answer) {
        Ok(stats) => Ok(format!(
            "valid: {} meetings placed (weight {}), {} breaks",
            stats.placed, stats.placed_weight, stats.breaks
        )),
        Err(violations) => {
            let lines: Vec<String> = violations.iter().map(|v| format!("- {v}")).collect();
            Err(format!(
                "{} violation(s):\n{}",
                violations.len(),
                lines.join("\n")
            ))
        }
    }
}
