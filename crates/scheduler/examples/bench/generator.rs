//! Seeded generator of realistic events for the scale benchmarks: 1–3 days, morning and
//! afternoon sessions of 20–30 minute slots, companies of 1–3 people, experts with caps and
//! desks, exhibitors with stands, workshop blocks, partial presence, priorities, arrival ranks,
//! heavy-tailed popularity, demand at 80–120 % of table capacity.

use scheduler::{Meeting, Mode, Options, Participant, Problem, Slot};
use std::collections::HashSet;

/// Small deterministic generator (SplitMix64) so events are the same on every machine.
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// An event with about `people` participants and `meetings` meetings.
pub fn generate_event(people: usize, meetings: usize, seed: u64) -> Problem {
    let mut g = Gen::new(seed);
    let days = 1 + g.below(3);
    let slot_minutes = [20, 25, 30][g.below(3)];
    let per_session = 210 / slot_minutes; // 3.5 hours per session
    let mut slots = Vec::new();
    for day in 1..=days {
        for (half, start) in [("am", 9 * 60), ("pm", 14 * 60)] {
            for i in 0..per_session {
                let t = start + i * slot_minutes;
                slots.push(Slot {
                    id: format!("d{day}-{:02}{:02}", t / 60, t % 60),
                    session: format!("day{day}-{half}"),
                    capacity: 0,
                });
            }
        }
    }
    let n_sessions = days * 2;
    let n_slots = slots.len();
    // People: companies of 1–3; 5 % experts (cap, own desk), 10 % exhibitor companies (stand).
    let mut participants = Vec::with_capacity(people);
    let mut company_of = Vec::with_capacity(people);
    let mut company = 0;
    while participants.len() < people {
        company += 1;
        let size = [1, 1, 1, 2, 2, 3][g.below(6)].min(people - participants.len());
        let exhibitor = g.chance(0.10);
        for k in 0..size {
            let expert = !exhibitor && g.chance(0.05);
            let mut unavailable = Vec::new();
            for session in 0..n_sessions {
                let from = session * per_session;
                if !g.chance(0.7) && session > 0 {
                    unavailable.extend((from..from + per_session).map(|s| slots[s].id.clone()));
                } else if g.chance(0.15) {
                    let start = from + g.below(per_session - 2);
                    unavailable.extend((start..start + 3).map(|s| slots[s].id.clone()));
                }
            }
            participants.push(Participant {
                id: format!("c{company}-p{k}"),
                unavailable,
                max_meetings: expert.then(|| 4 + g.below(5) as u32),
                location: if exhibitor {
                    Some(format!("stand-{company}"))
                } else if expert {
                    Some(format!("desk-c{company}-p{k}"))
                } else {
                    None
                },
            });
            company_of.push(company);
        }
    }
    // Heavy-tailed popularity: sample partners by 1/(i+1)^0.9 over a shuffled order.
    let mut order: Vec<usize> = (0..people).collect();
    for i in (1..people).rev() {
        order.swap(i, g.below(i + 1));
    }
    let cumulative: Vec<f64> = (0..people)
        .scan(0.0, |acc, i| {
            *acc += 1.0 / ((i + 1) as f64).powf(0.9);
            Some(*acc)
        })
        .collect();
    let total = cumulative[people - 1];
    let popular = |g: &mut Gen| {
        let x = (g.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        order[cumulative.partition_point(|&c| c < x).min(people - 1)]
    };
    let mut list = Vec::with_capacity(meetings);
    let mut pairs = HashSet::new();
    let mut attempts = 0;
    while list.len() < meetings && attempts < meetings * 20 {
        attempts += 1;
        let a = g.below(people);
        let b = popular(&mut g);
        if company_of[a] == company_of[b] || !pairs.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mut who = vec![participants[a].id.clone(), participants[b].id.clone()];
        if g.chance(0.08) && a + 1 < people && company_of[a + 1] == company_of[a] {
            who.push(participants[a + 1].id.clone());
        }
        let weight = if g.chance(0.05) {
            3.0
        } else if g.chance(0.15) {
            2.0
        } else {
            1.0
        };
        let allowed_slots = g.chance(0.05).then(|| {
            slots
                .iter()
                .filter(|s| s.session.ends_with("am"))
                .map(|s| s.id.clone())
                .collect()
        });
        list.push(Meeting {
            id: format!("m{}", list.len() + 1),
            participants: who,
            weight,
            rank: None,
            allowed_slots,
            fixed_slot: None,
            after: Vec::new(),
        });
    }
    // Tables: demand (meetings needing a table) at 80–120 % of the table-slot capacity.
    let located: HashSet<&str> = participants
        .iter()
        .filter(|p| p.location.is_some())
        .map(|p| p.id.as_str())
        .collect();
    let table_meetings = list
        .iter()
        .filter(|m| !m.participants.iter().any(|p| located.contains(p.as_str())))
        .count();
    let demand = 0.8 + 0.4 * (g.next() >> 11) as f64 / (1u64 << 53) as f64;
    let tables = ((table_meetings as f64 / demand) / n_slots as f64)
        .ceil()
        .max(1.0) as u32;
    for slot in &mut slots {
        slot.capacity = tables;
    }
    Problem {
        version: 1,
        slots,
        participants,
        meetings: list,
        options: Options {
            mode: Mode::Maximize,
            breaks_span_sessions: false,
            max_break_spread: None,
            time_limit_ms: 10_000,
            seed: 1,
        },
    }
}
