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

fn samples_more(_b: &Branding, _outputs: &mut Vec<(String, Vec<u8>)>) {}
