//! Shared test data: tricky names, a branding with a generated logo.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use documents::{Branding, Image};

/// Names with accents and markup-looking text: all must print as typed.
pub const FIRST_NAMES: [&str; 6] = [
    "Éloïse",
    "Zoë",
    "Çağlar",
    "#set page(width: 1cm)",
    "*bold*",
    "O'Brien",
];
pub const LAST_NAMES: [&str; 6] = [
    "Ñúñez",
    "Łódź",
    "Öztürk",
    "$x^2$",
    "_under_ #emph",
    "D'Arcy",
];

/// Removes whitespace (line breaks in extracted text do not matter) and folds `’` into `'`
/// (typst makes smart quotes of `'` typed in markup; data strings keep theirs).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Asserts `needle` appears in `text`, ignoring whitespace and quote style.
pub fn assert_has(text: &str, needle: &str) {
    let hay = squash(text);
    let n = squash(needle);
    assert!(
        hay.contains(&n),
        "{needle:?} not found in extracted text:\n{text}"
    );
}

/// A small PNG logo (a coloured square).
pub fn png_logo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn branding() -> Branding {
    Branding {
        event_name: "Rencontres d'affaires Łódź–Lyon 2027".into(),
        colour: "#1F4E79".into(),
        logos: vec![Image { bytes: png_logo() }],
        venue_line: "Palais des congrès, Lyon".into(),
    }
}

pub fn no_progress(_: usize, _: usize) {}
