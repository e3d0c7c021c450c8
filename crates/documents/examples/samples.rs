//! Writes sample PDFs (and a PNG of each first page) to a folder, for eyeballing layouts:
//! `cargo run -p documents --example samples -- /tmp/agora-samples`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use documents::*;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/agora-samples".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let logo = {
        let img = image::RgbImage::from_fn(120, 60, |x, y| {
            if (x / 20 + y / 20) % 2 == 0 {
                image::Rgb([200, 30, 30])
            } else {
                image::Rgb([250, 250, 250])
            }
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let b = Branding {
        event_name: "Rencontres d'affaires Łódź–Lyon 2027".into(),
        colour: "#1F4E79".into(),
        logos: vec![
            Image {
                bytes: logo.clone(),
            },
            Image { bytes: logo },
        ],
        venue_line: "Palais des congrès, 50 quai Charles de Gaulle, Lyon".into(),
    };
    let people: Vec<BadgePerson> = [
        ("Éloïse", "Ñúñez-Fernández de la Cruz"),
        ("Zoë", "Łódź"),
        ("Çağlar", "Öztürk"),
        ("#set page(width: 1cm)", "*bold* $x$"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (f, l))| BadgePerson {
        first_name: (*f).into(),
        last_name: (*l).into(),
        company: "Société Générale d'Études".into(),
        job_title: "Directrice R&D".into(),
        country: "Pologne".into(),
        category: "Exposant".into(),
        band_colour: if i % 2 == 0 {
            Some("#E4A11B".into())
        } else {
            None
        },
        qr_payload: format!("AGORA1:evt-42:participant-{i:05}:7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e"),
    })
    .collect();
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    for format in BadgeFormat::all() {
        let layout = BadgeLayout {
            format: format.clone(),
            ..BadgeLayout::default()
        };
        outputs.push((
            format!("badges-{}", format.code()),
            badges(&b, &layout, &people, Locale::Fr, &|_, _| {}).unwrap(),
        ));
    }
    samples_more(&b, &mut outputs);
    for (name, pdf) in outputs {
        std::fs::write(dir.join(format!("{name}.pdf")), &pdf).unwrap();
        let png = documents::inspect::render_first_page_png(&pdf, 1.5).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        println!("{name}");
    }
}

fn samples_more(b: &Branding, outputs: &mut Vec<(String, Vec<u8>)>) {
    let names = [
        "Éloïse Ñúñez",
        "Zoë Łódź",
        "Çağlar Öztürk",
        "#set page(width: 1cm) *bold* $x$",
        "Seán O'Brien",
    ];
    let rows: Vec<AttendanceRow> = (0..40)
        .map(|i| AttendanceRow {
            name: format!("{} {i}", names[i % 5]),
            company: "Société Générale d'Études".into(),
        })
        .collect();
    let sheet = AttendanceSheet {
        title: "Atelier « export vers l'Asie »".into(),
        when: "mardi 9 mars 2027, 14:00–15:30".into(),
        place: "Salle Rhône".into(),
        rows,
    };
    outputs.push((
        "attendance".into(),
        attendance_sheets(b, &[sheet], Locale::Fr, &|_, _| {}).unwrap(),
    ));
    let day = |date: &str, n: usize| AgendaDay {
        date: date.into(),
        lines: (0..n)
            .map(|i| AgendaLine {
                time: format!("{:02}:00–{:02}:20", 9 + i, 9 + i),
                with_name: names[i % 5].into(),
                with_company: "Acme & Cie".into(),
                place: format!("Table {}", 10 + i),
            })
            .collect(),
    };
    let agenda = PersonalAgenda {
        name: "Éloïse Ñúñez".into(),
        company: "Łódź Logistics".into(),
        days: vec![day("mardi 9 mars 2027", 6), day("mercredi 10 mars 2027", 0)],
        issued_at: "émis le 30/11/2026 à 08:12".into(),
    };
    outputs.push((
        "agenda".into(),
        personal_agendas(b, &[agenda], Locale::Fr, &|_, _| {}).unwrap(),
    ));
    let conv = Convocation {
        name: "Zoë Łódź".into(),
        company: "Çağlar Export".into(),
        address_lines: vec!["12 rue de la République".into(), "69002 Lyon".into(), "France".into()],
        letter: "Madame,\n\nNous avons le plaisir de vous confirmer votre inscription aux *Rencontres*. #set text(red)\nVotre badge vous attend à l'accueil.\n\nCordialement,\nL'équipe".into(),
        programme: vec![ProgrammeItem { when: "9 mars, 08:30".into(), title: "Accueil café".into(), place: "Hall".into() }, ProgrammeItem { when: "9 mars, 09:00".into(), title: "Rendez-vous d'affaires".into(), place: "Salle 1".into() }],
        agenda: vec![day("mardi 9 mars 2027", 4)],
        qr_payload: Some("AGORA1:evt-42:participant-00001:7f3a9c0e".into()),
    };
    outputs.push((
        "convocation".into(),
        convocations(b, &[conv], Locale::Fr, &|_, _| {}).unwrap(),
    ));
    let tent = TableTent {
        name: "Éloïse Ñúñez".into(),
        company: "Société Générale d'Études".into(),
        table: "12".into(),
    };
    outputs.push((
        "tent".into(),
        table_tents(b, &[tent], Locale::En, &|_, _| {}).unwrap(),
    ));
    let cert = Certificate {
        name: "Çağlar Öztürk".into(),
        company: "Łódź Logistics".into(),
        event_dates: "les 9 et 10 mars 2027".into(),
        place: "Lyon".into(),
        signatory: "Marie Curie, présidente".into(),
        issued_on: "10/03/2027".into(),
    };
    outputs.push((
        "certificate".into(),
        certificates(b, &[cert], Locale::Fr, &|_, _| {}).unwrap(),
    ));
    let sched = TableSchedule {
        table: "12".into(),
        days: vec![TableDay {
            date: "mardi 9 mars 2027".into(),
            lines: (0..8)
                .map(|i| TableLine {
                    time: format!("{:02}:00–{:02}:20", 9 + i, 9 + i),
                    first: format!("{} — Acme", names[i % 5]),
                    second: format!("{} — Łódź Logistics", names[(i + 2) % 5]),
                })
                .collect(),
        }],
    };
    outputs.push((
        "table-schedule".into(),
        table_schedules(b, &[sched], Locale::Fr, &|_, _| {}).unwrap(),
    ));
}
