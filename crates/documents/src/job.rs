//! Turning a list of items into one PDF: common data (branding, labels, layout), chunked
//! compiles with progress, one export.

use serde_json::{Value, json};
use typst::ecow::EcoVec;
use typst::foundations::Bytes;

use crate::engine::{self, VirtualFile};
use crate::{Branding, DocumentError, Locale, labels, qr};

/// Typst definitions shared by every template (`data`, `L`, `brand`, `accent`, page header…).
const PRELUDE: &str = include_str!("templates/prelude.typ");

/// Fixed names of the logo files (at most three logos).
const LOGO_PATHS: [[&str; 2]; 3] = [
    ["/logo0.png", "/logo0.jpg"],
    ["/logo1.png", "/logo1.jpg"],
    ["/logo2.png", "/logo2.jpg"],
];

/// Default accent when the branding colour is not `#RRGGBB`.
const DEFAULT_COLOUR: &str = "#1f4e79";

/// One document kind ready to render.
pub(crate) struct Job {
    /// The template body (after the prelude); it iterates over `data.items`.
    pub template: &'static str,
    /// Extra top-level data (`layout` …).
    pub extra: Value,
    /// The PDF title (also used as a label id when it is one).
    pub title: String,
    /// Items per compile: a few dozen pages, so progress moves and memory stays flat.
    pub chunk: usize,
}

/// Parses `#RRGGBB` (or `RRGGBB`, `#RGB`) into a normalised `#rrggbb`.
pub(crate) fn normalise_colour(colour: &str) -> Option<String> {
    let hex = colour.trim().trim_start_matches('#');
    let full = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => hex.to_owned(),
        _ => return None,
    };
    if full.chars().all(|c| c.is_ascii_hexdigit()) {
        Some(format!("#{}", full.to_ascii_lowercase()))
    } else {
        None
    }
}

/// Black or white, whichever reads better on `colour` (WCAG contrast).
pub(crate) fn ink_on(colour: &str) -> &'static str {
    let hex = colour.trim_start_matches('#');
    let channel = |i: usize| {
        let v =
            u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    let with_white = 1.05 / (lum + 0.05);
    let with_black = (lum + 0.05) / 0.05;
    if with_white >= with_black {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// `colour` when it is readable as text on white paper (contrast ≥ 4.5:1), black otherwise.
pub(crate) fn text_colour(colour: &str) -> String {
    let hex = colour.trim_start_matches('#');
    let channel = |i: usize| {
        let v =
            u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    if 1.05 / (lum + 0.05) >= 4.5 {
        colour.to_owned()
    } else {
        "#000000".to_owned()
    }
}

/// A colour and the ink to print on it; bad colours fall back to `fallback`.
pub(crate) fn colour_pair(colour: Option<&str>, fallback: &str) -> (String, &'static str) {
    let c = colour
        .and_then(normalise_colour)
        .unwrap_or_else(|| fallback.to_owned());
    let ink = ink_on(&c);
    (c, ink)
}

/// The branding as template data plus the logo files.
fn brand_data(b: &Branding) -> Result<(Value, Vec<VirtualFile>), DocumentError> {
    let mut files = Vec::new();
    let mut paths = Vec::new();
    for (logo, names) in b.logos.iter().take(3).zip(LOGO_PATHS) {
        let ext = qr::check_logo(&logo.bytes)?;
        let path = if ext == "png" { names[0] } else { names[1] };
        files.push(VirtualFile {
            path,
            bytes: Bytes::new(logo.bytes.clone()),
        });
        paths.push(path);
    }
    let (colour, ink) = colour_pair(Some(&b.colour), DEFAULT_COLOUR);
    Ok((
        json!({
            "event_name": b.event_name,
            "colour": colour,
            "on_colour": ink,
            "text_colour": text_colour(&colour),
            "venue_line": b.venue_line,
            "logos": paths,
        }),
        files,
    ))
}

/// Renders `items` (already turned into JSON) with `job`, reporting `progress(done, total)`
/// after each chunk and once more when the PDF is written.
pub(crate) fn run(
    job: &Job,
    b: &Branding,
    locale: Locale,
    items: Vec<Value>,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    if items.is_empty() {
        return Err(DocumentError::Empty);
    }
    let (brand, files) = brand_data(b)?;
    let template = format!("{PRELUDE}\n{}", job.template);
    let total = items.len();
    let chunk = job.chunk.max(1);
    let mut pages = EcoVec::new();
    let mut done = 0;
    progress(0, total);
    for part in items.chunks(chunk) {
        let data = json!({
            "lang": locale.code(),
            "labels": labels::labels(locale),
            "brand": brand,
            "extra": job.extra,
            "items": part,
        });
        pages.extend(engine::compile_pages(&template, &data, &files)?);
        done += part.len();
        // The last step (PDF export) still has to run: report it as not quite done.
        if done < total {
            progress(done, total);
        }
    }
    let title = format!("{} — {}", job.title, b.event_name);
    let pdf = engine::export_pdf(pages, &title)?;
    progress(total, total);
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(normalise_colour("#1F4E79").as_deref(), Some("#1f4e79"));
        assert_eq!(normalise_colour("abc").as_deref(), Some("#aabbcc"));
        assert_eq!(normalise_colour("#12345g"), None);
        assert_eq!(normalise_colour("red"), None);
        assert_eq!(ink_on("#1f4e79"), "#ffffff");
        assert_eq!(ink_on("#ffdd00"), "#000000");
        assert_eq!(text_colour("#1f4e79"), "#1f4e79");
        assert_eq!(text_colour("#ffdd00"), "#000000");
    }
}
