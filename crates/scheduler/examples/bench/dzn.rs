//! Reader for the B2B benchmark instances (MiniZinc `.dzn` data, see the instances' README),
//! turned into a scheduler [`Problem`] in mode `all` with the literature's break semantics.

use scheduler::{Meeting, Mode, Options, Participant, Problem, Slot};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folder of the `.dzn` files: `AGORA_B2B_INSTANCES`, else `../shared/bench/b2b-instances/dzn`
/// next to the repository (`base` is the crate's manifest directory).
pub fn instances_dir(base: &Path) -> PathBuf {
    match std::env::var_os("AGORA_B2B_INSTANCES") {
        Some(dir) => PathBuf::from(dir),
        None => base.join("../../../shared/bench/b2b-instances/dzn"),
    }
}

/// Published results: (file name, fairness d) → best total breaks (`None` for UNSAT).
pub fn best_known(dzn_dir: &Path) -> HashMap<(String, u32), Option<u64>> {
    let csv = std::fs::read_to_string(dzn_dir.join("../best-known.csv")).unwrap_or_default();
    let mut map = HashMap::new();
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        if cols.len() < 5 {
            continue;
        }
        let Ok(d) = cols[3].parse::<u32>() else {
            continue;
        };
        map.insert((cols[0].to_string(), d), cols[4].parse::<u64>().ok());
    }
    map
}

/// Parses one `.dzn` file into a problem with `max_break_spread = spread`.
pub fn read_dzn(text: &str, spread: Option<u32>) -> Result<Problem, String> {
    let mut values: HashMap<String, String> = HashMap::new();
    let cleaned: String = text
        .lines()
        .map(|l| l.split('%').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in cleaned.split(';') {
        if let Some((name, value)) = statement.split_once('=') {
            values.insert(name.trim().to_string(), value.trim().to_string());
        }
    }
    let int = |name: &str| -> Result<usize, String> {
        values
            .get(name)
            .ok_or(format!("missing {name}"))?
            .parse::<usize>()
            .map_err(|e| format!("{name}: {e}"))
    };
    let numbers = |name: &str| -> Vec<usize> {
        values.get(name).map_or(Vec::new(), |v| {
            v.split(|c: char| !c.is_ascii_digit())
                .filter(|t| !t.is_empty())
                .filter_map(|t| t.parse().ok())
                .collect()
        })
    };
    let sets = |name: &str| -> Vec<Vec<usize>> {
        values.get(name).map_or(Vec::new(), |v| {
            v.split('{')
                .skip(1)
                .map(|part| {
                    let inner = part.split('}').next().unwrap_or("");
                    inner
                        .split(',')
                        .filter_map(|t| t.trim().parse().ok())
                        .collect()
                })
                .collect()
        })
    };
    let (n_people, n_meetings, tables, n_slots, morning) = (
        int("nBusiness")?,
        int("nMeetings")?,
        int("nTables")?,
        int("nTotalSlots")?,
        int("nMorningSlots")?,
    );
    let requested = numbers("requested");
    if requested.len() != 3 * n_meetings {
        return Err(format!(
            "requested has {} numbers, expected {}",
            requested.len(),
            3 * n_meetings
        ));
    }
    let forbidden = sets("forbidden");
    let fixed = numbers("fixed");
    let precedences = sets("precedences");
    let slot_id = |s: usize| format!("s{s}");
    let slots = (1..=n_slots)
        .map(|s| Slot {
            id: slot_id(s),
            session: if s <= morning {
                "am".into()
            } else {
                "pm".into()
            },
            capacity: tables as u32,
        })
        .collect();
    let participants = (1..=n_people)
        .map(|p| Participant {
            id: format!("b{p}"),
            unavailable: forbidden.get(p - 1).map_or(Vec::new(), |f| {
                f.iter().filter(|&&s| s > 0).map(|&s| slot_id(s)).collect()
            }),
            max_meetings: None,
            location: None,
        })
        .collect();
    let meetings = (0..n_meetings)
        .map(|m| {
            let (a, b, session) = (requested[3 * m], requested[3 * m + 1], requested[3 * m + 2]);
            let allowed_slots = match session {
                1 => Some((1..=morning).map(slot_id).collect()),
                2 => Some((morning + 1..=n_slots).map(slot_id).collect()),
                _ => None,
            };
            Meeting {
                id: format!("m{}", m + 1),
                participants: vec![format!("b{a}"), format!("b{b}")],
                weight: 1.0,
                rank: None,
                allowed_slots,
                fixed_slot: fixed.get(m).filter(|&&s| s > 0).map(|&s| slot_id(s)),
                after: precedences
                    .get(m)
                    .map_or(Vec::new(), |p| p.iter().map(|&x| format!("m{x}")).collect()),
            }
        })
        .collect();
    Ok(Problem {
        version: 1,
        slots,
        participants,
        meetings,
        options: Options {
            mode: Mode::All,
            breaks_span_sessions: true,
            max_break_spread: spread,
            time_limit_ms: 10_000,
            seed: 1,
        },
    })
}
