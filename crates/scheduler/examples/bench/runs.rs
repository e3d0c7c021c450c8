//! The benchmark runs; each prints one Markdown table row per instance.

use crate::dzn::{best_known, instances_dir, read_dzn};
use crate::generator::generate_event;
use scheduler::{Budget, Mode, Problem, Solution, Status, solve, validate};
use std::path::Path;
use std::time::{Duration, Instant};

fn dzn_files(filter: impl Fn(&str) -> bool) -> Vec<(String, std::path::PathBuf)> {
    let dir = instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut files: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .filter(|(name, _)| name.ends_with(".dzn") && filter(name))
                .collect()
        })
        .unwrap_or_default();
    if files.is_empty() {
        eprintln!(
            "no instances found in {} (set AGORA_B2B_INSTANCES)",
            dir.display()
        );
    }
    files.sort();
    files
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Optimal => "optimal",
        Status::Feasible => "feasible",
        Status::Infeasible => "infeasible",
        Status::Timeout => "timeout",
    }
}

fn run(problem: &Problem, seconds: f64, seed: u64) -> (Solution, f64, bool) {
    match try_run(problem, seconds, seed) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("input error: {e}");
            std::process::exit(2);
        }
    }
}

/// Solves and validates; `Err` for input the scheduler rejects as contradictory.
fn try_run(problem: &Problem, seconds: f64, seed: u64) -> Result<(Solution, f64, bool), String> {
    let start = Instant::now();
    let solution = solve(
        problem,
        &Budget::new(Duration::from_secs_f64(seconds)).with_seed(seed),
    )
    .map_err(|e| e.to_string())?;
    let secs = start.elapsed().as_secs_f64();
    let valid = match validate(problem, &solution) {
        Ok(_) => true,
        Err(v) => {
            eprintln!(
                "INVALID: {}",
                v.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            false
        }
    };
    Ok((solution, secs, valid))
}

/// The 20 original instances, mode `all`, d = 2, breaks spanning sessions.
pub fn literature(seconds: f64, filter: Option<String>) {
    let dir = instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    let known = best_known(&dir);
    println!(
        "| instance | meetings | best known | breaks | lower bound | status | valid | time (s) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let (mut hit, mut total) = (0, 0);
    for (name, path) in dzn_files(|n| {
        n.contains(".original.") && filter.as_ref().is_none_or(|f| n.contains(f.as_str()))
    }) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let problem = match read_dzn(&text, Some(2)) {
            Ok(p) => p,
            Err(e) => {
                println!("| {name} | read error: {e} |");
                continue;
            }
        };
        let (solution, secs, valid) = run(&problem, seconds, 1);
        let best = known.get(&(name.clone(), 2)).copied().flatten();
        total += 1;
        let complete = matches!(solution.status, Status::Optimal | Status::Feasible);
        if complete && Some(solution.stats.breaks) == best {
            hit += 1;
        }
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.2} |",
            name.trim_end_matches(".dzn"),
            problem.meetings.len(),
            best.map_or("-".into(), |b| b.to_string()),
            if complete {
                solution.stats.breaks.to_string()
            } else {
                "-".into()
            },
            solution
                .stats
                .breaks_lower_bound
                .map_or("-".into(), |b| b.to_string()),
            status_name(solution.status),
            if valid { "yes" } else { "NO" },
            secs
        );
    }
    println!("\nbest known reached on {hit} of {total} instances");
}

/// The 120 variant files in mode `all` (infeasibility detection) and `maximize`.
pub fn variants(seconds: f64, filter: Option<String>) {
    let dir = instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    let known = best_known(&dir);
    println!(
        "| instance | published | all: status | all: breaks | all: time (s) | maximize: placed/meetings | maximize: valid | maximize: time (s) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut counts = std::collections::BTreeMap::new();
    for (name, path) in dzn_files(|n| {
        !n.contains(".original.") && filter.as_ref().is_none_or(|f| n.contains(f.as_str()))
    }) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut problem = match read_dzn(&text, Some(2)) {
            Ok(p) => p,
            Err(e) => {
                println!("| {name} | read error: {e} |");
                continue;
            }
        };
        let published = match known.get(&(name.clone(), 2)) {
            Some(Some(b)) => b.to_string(),
            Some(None) => "UNSAT".into(),
            None => "?".into(),
        };
        let (all, all_secs, all_valid) = match try_run(&problem, seconds, 1) {
            Ok(result) => result,
            Err(e) => {
                // A fixed slot that contradicts the meeting's session: the spec makes that an
                // input error, which proves the instance infeasible.
                println!(
                    "| {} | {published} | input error: {e} | - | - | - | - | - |",
                    name.trim_end_matches(".dzn")
                );
                let key = format!(
                    "published {} / ours input error",
                    if published == "UNSAT" {
                        "UNSAT"
                    } else {
                        "feasible"
                    }
                );
                *counts.entry(key).or_insert(0) += 1;
                continue;
            }
        };
        problem.options.mode = Mode::Maximize;
        let (max_placed, max_valid, max_secs) = match try_run(&problem, seconds, 1) {
            Ok((max, secs, valid)) => (
                max.stats.placed.to_string(),
                if valid { "yes" } else { "NO" },
                format!("{secs:.2}"),
            ),
            Err(e) => (format!("error: {e}"), "-", "-".to_string()),
        };
        let key = format!(
            "published {} / ours {}{}",
            if published == "UNSAT" {
                "UNSAT"
            } else {
                "feasible"
            },
            status_name(all.status),
            if all_valid { "" } else { " INVALID" }
        );
        *counts.entry(key).or_insert(0) += 1;
        println!(
            "| {} | {published} | {} | {} | {:.2} | {}/{} | {} | {} |",
            name.trim_end_matches(".dzn"),
            status_name(all.status),
            if matches!(all.status, Status::Optimal | Status::Feasible) {
                all.stats.breaks.to_string()
            } else {
                "-".into()
            },
            all_secs,
            max_placed,
            problem.meetings.len(),
            max_valid,
            max_secs
        );
        if max_valid != "yes" {
            *counts
                .entry(format!(
                    "maximize: {}",
                    if max_valid == "NO" {
                        "INVALID"
                    } else {
                        "error"
                    }
                ))
                .or_insert(0) += 1;
        }
    }
    println!();
    for (k, v) in counts {
        println!("- {k}: {v}");
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Generated events at the two target sizes, mode `maximize`.
pub fn scale(which: &str) {
    let sizes: Vec<(usize, usize, f64)> = match which {
        "small" => vec![(1_500, 3_000, 2.0)],
        "large" => vec![(15_000, 30_000, 30.0)],
        _ => vec![(1_500, 3_000, 2.0), (15_000, 30_000, 30.0)],
    };
    println!(
        "| event (seed) | participants | meetings | slots | placed | placed weight | upper bound | ratio | breaks | status | valid | time (s) | peak RSS (MiB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (people, meetings, seconds) in sizes {
        for seed in 1..=3 {
            let problem = generate_event(people, meetings, seed);
            let (s, secs, valid) = run(&problem, seconds, 1);
            let ub = s.stats.upper_bound.unwrap_or(f64::NAN);
            println!(
                "| {people}/{meetings} ({seed}) | {} | {} | {} | {} | {} | {ub} | {:.4} | {} | {} | {} | {:.2} | {:.0} |",
                problem.participants.len(),
                problem.meetings.len(),
                problem.slots.len(),
                s.stats.placed,
                s.stats.placed_weight,
                s.stats.placed_weight / ub,
                s.stats.breaks,
                status_name(s.status),
                if valid { "yes" } else { "NO" },
                secs,
                peak_rss_mib()
            );
        }
    }
}

/// 90 % of the meetings placed and fixed, 10 % new: the second run gets a 150 ms budget.
pub fn incremental() {
    println!("| event (seed) | fixed | new | new placed | fixed moved | valid | time (s) |");
    println!("|---|---|---|---|---|---|---|");
    for seed in 1..=3 {
        let full = generate_event(1_500, 3_000, seed);
        let cut = full.meetings.len() * 9 / 10;
        let mut first = full.clone();
        first.meetings.truncate(cut);
        let (plan, _, _) = run(&first, 2.0, 1);
        let mut next = full.clone();
        for a in &plan.assignments {
            if let Some(m) = next.meetings.iter_mut().find(|m| m.id == a.meeting) {
                m.fixed_slot = Some(a.slot.clone());
            }
        }
        let fixed = next
            .meetings
            .iter()
            .filter(|m| m.fixed_slot.is_some())
            .count();
        let (s, secs, valid) = run(&next, 0.15, 1);
        let new_ids: std::collections::HashSet<&str> =
            full.meetings[cut..].iter().map(|m| m.id.as_str()).collect();
        let new_placed = s
            .assignments
            .iter()
            .filter(|a| new_ids.contains(a.meeting.as_str()))
            .count();
        let moved = plan
            .assignments
            .iter()
            .filter(|a| {
                !s.assignments
                    .iter()
                    .any(|b| b.meeting == a.meeting && b.slot == a.slot)
            })
            .count();
        println!(
            "| 1500/3000 ({seed}) | {fixed} | {} | {new_placed} | {moved} | {} | {:.3} |",
            new_ids.len(),
            if valid { "yes" } else { "NO" },
            secs
        );
    }
}

/// Prints one literature instance as a problem in the JSON format (mode `all`, d = 2), for the
/// `agora schedule` command or outside checkers.
pub fn export(name: &str) {
    let dir = instances_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    let text = std::fs::read_to_string(dir.join(format!("{name}.dzn"))).unwrap_or_default();
    match read_dzn(&text, Some(2)) {
        Ok(problem) => println!(
            "{}",
            serde_json::to_string_pretty(&problem).unwrap_or_default()
        ),
        Err(e) => eprintln!("{name}: {e}"),
    }
}
