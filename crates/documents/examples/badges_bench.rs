//! Bulk badge benchmark (not a timed test):
//! `cargo run --release -p documents --example badges_bench -- --count 1500 [--runs 3]`
//! Prints the time of each run for A4 sheets and single badges, and the median.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use documents::{
    AttendanceRow, AttendanceSheet, BadgeFormat, BadgeLayout, BadgePerson, Branding, Image, Locale,
    attendance_sheets, badges,
};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let count = arg("--count", 1500);
    let runs = arg("--runs", 3).max(1);
    let logo = {
        let img = image::RgbImage::from_fn(300, 120, |x, y| {
            image::Rgb([(x % 256) as u8, (y * 2 % 256) as u8, 120])
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let brand = Branding {
        event_name: "Rencontres d'affaires Łódź–Lyon 2027".into(),
        colour: "#1F4E79".into(),
        logos: vec![
            Image {
                bytes: logo.clone(),
            },
            Image { bytes: logo },
        ],
        venue_line: "Palais des congrès, Lyon".into(),
    };
    let categories = [
        ("Exposant", Some("#E4A11B")),
        ("Visiteur", None),
        ("Organisateur", Some("#2E7D32")),
    ];
    let people: Vec<BadgePerson> = (0..count)
        .map(|i| {
            let (category, band) = categories[i % 3];
            BadgePerson {
                first_name: ["Éloïse", "Zoë", "Çağlar", "Jean-Baptiste"][i % 4].into(),
                last_name: format!(
                    "{} {i}",
                    ["Ñúñez", "Łódź", "Öztürk", "de la Fontaine"][i % 4]
                ),
                company: format!("Société n°{}", i % 400),
                job_title: "Directrice des achats".into(),
                country: "France".into(),
                category: category.into(),
                band_colour: band.map(str::to_owned),
                qr_payload: format!(
                    "AGORA1:evt-42:participant-{i:06}:7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c"
                ),
            }
        })
        .collect();
    println!(
        "{count} badges, {runs} runs, {} threads available",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let start = Instant::now();
    let svg_bytes: usize = people
        .iter()
        .map(|p| documents::qr_svg(&p.qr_payload).len())
        .sum();
    println!(
        "qr_svg alone: {:.2} s for {count} codes ({:.1} KB each)",
        start.elapsed().as_secs_f64(),
        svg_bytes as f64 / count as f64 / 1e3
    );
    for format in [BadgeFormat::A4Sheet, BadgeFormat::Single] {
        let layout = BadgeLayout {
            format: format.clone(),
            ..BadgeLayout::default()
        };
        let mut times = Vec::new();
        for run in 0..runs {
            let start = Instant::now();
            let pdf = badges(&brand, &layout, &people, Locale::Fr, &|_, _| {}).unwrap();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{:<8} run {}: {:6.2} s, {:5.1} MB",
                format.code(),
                run + 1,
                secs,
                pdf.len() as f64 / 1e6
            );
            times.push(secs);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<8} median: {:.2} s",
            format.code(),
            times[times.len() / 2]
        );
    }
    // Attendance sheets for the same people: 50 sessions of 30.
    let sheets: Vec<AttendanceSheet> = people
        .chunks(30)
        .enumerate()
        .map(|(i, group)| AttendanceSheet {
            title: format!("Atelier {i}"),
            when: "9 mars 2027, 14:00".into(),
            place: "Salle Rhône".into(),
            rows: group
                .iter()
                .map(|p| AttendanceRow {
                    name: format!("{} {}", p.first_name, p.last_name),
                    company: p.company.clone(),
                })
                .collect(),
        })
        .collect();
    let start = Instant::now();
    let pdf = attendance_sheets(&brand, &sheets, Locale::Fr, &|_, _| {}).unwrap();
    println!(
        "attendance: {} sheets of 30 rows in {:.2} s, {:.1} MB",
        sheets.len(),
        start.elapsed().as_secs_f64(),
        pdf.len() as f64 / 1e6
    );
}
