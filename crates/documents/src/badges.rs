//! Badges: one per page (single or label printer) or eight per A4 sheet with cut marks.

use serde_json::{Value, json};

use crate::job::{self, Job};
use crate::{
    BadgeFormat, BadgeLayout, BadgePerson, Branding, DocumentError, LabelSize, Locale, labels, qr,
};

const TEMPLATE: &str = include_str!("templates/badges.typ");

/// Badges per compile: 96 = 12 full A4 sheets.
const CHUNK: usize = 96;

impl LabelSize {
    /// Every supported label size.
    pub const ALL: [LabelSize; 3] = [LabelSize::Mm86x54, LabelSize::Mm101x76, LabelSize::Mm70x37];

    /// Width and height in millimetres.
    pub fn mm(self) -> (u32, u32) {
        match self {
            LabelSize::Mm86x54 => (86, 54),
            LabelSize::Mm101x76 => (101, 76),
            LabelSize::Mm70x37 => (70, 37),
        }
    }

    /// The code used in forms and settings: `"86x54"`.
    pub fn code(self) -> String {
        let (w, h) = self.mm();
        format!("{w}x{h}")
    }

    /// Parses `"86x54"` (also `"86 x 54"`, `"86X54mm"`); unknown sizes give `None`.
    pub fn parse(s: &str) -> Option<LabelSize> {
        let cleaned: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let cleaned = cleaned.trim_end_matches("mm");
        LabelSize::ALL.into_iter().find(|l| l.code() == cleaned)
    }
}

impl std::str::FromStr for LabelSize {
    type Err = DocumentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LabelSize::parse(s)
            .ok_or_else(|| DocumentError::Invalid(format!("unknown label size {s:?}")))
    }
}

impl BadgeFormat {
    /// The code used in forms and settings: `single`, `a4`, `label-86x54`.
    pub fn code(&self) -> String {
        match self {
            BadgeFormat::Single => "single".to_owned(),
            BadgeFormat::A4Sheet => "a4".to_owned(),
            BadgeFormat::LabelSheetA4 => "labels-a4".to_owned(),
            BadgeFormat::Label(size) => format!("label-{}", size.code()),
        }
    }

    /// Parses a [`BadgeFormat::code`]; also accepts a bare label size (`86x54`).
    pub fn parse(s: &str) -> Option<BadgeFormat> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "single" => Some(BadgeFormat::Single),
            "a4" | "a4sheet" | "sheet" => Some(BadgeFormat::A4Sheet),
            "labels-a4" => Some(BadgeFormat::LabelSheetA4),
            other => LabelSize::parse(other.strip_prefix("label-").unwrap_or(other))
                .map(BadgeFormat::Label),
        }
    }

    /// Every format, for a select list.
    pub fn all() -> Vec<BadgeFormat> {
        let mut all = vec![
            BadgeFormat::Single,
            BadgeFormat::A4Sheet,
            BadgeFormat::LabelSheetA4,
        ];
        all.extend(LabelSize::ALL.into_iter().map(BadgeFormat::Label));
        all
    }

    /// (template format, badge width mm, badge height mm, columns, rows)
    fn geometry(&self) -> (&'static str, u32, u32, u32, u32) {
        match self {
            BadgeFormat::Single => ("single", 90, 140, 1, 1),
            BadgeFormat::A4Sheet => ("sheet", 90, 60, 2, 4),
            BadgeFormat::LabelSheetA4 => ("sheet", 70, 37, 3, 8),
            BadgeFormat::Label(size) => {
                let (w, h) = size.mm();
                ("label", w, h, 1, 1)
            }
        }
    }

    /// Badges printed per page.
    pub fn per_page(&self) -> usize {
        let (_, _, _, c, r) = self.geometry();
        (c * r) as usize
    }
}

impl serde::Serialize for BadgeFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for BadgeFormat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        BadgeFormat::parse(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown badge format {code:?}")))
    }
}

impl Default for BadgeLayout {
    fn default() -> Self {
        BadgeLayout {
            format: BadgeFormat::Single,
            show_company: true,
            show_job_title: true,
            show_country: true,
            show_category: true,
        }
    }
}

fn person_json(p: &BadgePerson) -> Value {
    let (band, ink) = match p.band_colour.as_deref().and_then(job::normalise_colour) {
        Some(c) => {
            let ink = job::ink_on(&c);
            (Some(c), Some(ink))
        }
        None => (None, None),
    };
    let qr = if p.qr_payload.is_empty() {
        String::new()
    } else {
        qr::qr_svg(&p.qr_payload)
    };
    json!({
        "first_name": p.first_name, "last_name": p.last_name, "company": p.company,
        "job_title": p.job_title, "country": p.country, "category": p.category,
        "band_colour": band, "band_ink": ink, "qr": qr,
    })
}

/// Builds the badge data on every core: encoding a QR code (mask selection) costs about 1 ms,
/// a third of the whole run when done on one thread.
fn parallel_json(people: &[BadgePerson]) -> Vec<Value> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || people.len() < 64 {
        return people.iter().map(person_json).collect();
    }
    let per = people.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = people
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(person_json).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(people.len());
        for (handle, part) in handles.into_iter().zip(people.chunks(per)) {
            // A panicking thread (should not happen) is redone on this one.
            out.extend(
                handle
                    .join()
                    .unwrap_or_else(|_| part.iter().map(person_json).collect()),
            );
        }
        out
    })
}

pub(crate) fn job(layout: &BadgeLayout, locale: Locale) -> Job {
    let (format, w, h, cols, rows) = layout.format.geometry();
    Job {
        template: TEMPLATE,
        extra: json!({ "layout": {
            "format": format, "w": w, "h": h, "cols": cols, "rows": rows,
            "cut_marks": layout.format == BadgeFormat::A4Sheet,
            "show_company": layout.show_company, "show_job_title": layout.show_job_title,
            "show_country": layout.show_country, "show_category": layout.show_category,
        }}),
        title: labels::label(locale, "badges"),
        chunk: CHUNK,
    }
}

pub(crate) fn render(
    b: &Branding,
    layout: &BadgeLayout,
    people: &[BadgePerson],
    locale: Locale,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>, DocumentError> {
    job::run(
        &job(layout, locale),
        b,
        locale,
        parallel_json(people),
        progress,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_back() {
        for f in BadgeFormat::all() {
            assert_eq!(BadgeFormat::parse(&f.code()), Some(f.clone()));
        }
        assert_eq!(LabelSize::parse("86 x 54 mm"), Some(LabelSize::Mm86x54));
        assert_eq!(
            BadgeFormat::parse("101x76"),
            Some(BadgeFormat::Label(LabelSize::Mm101x76))
        );
        assert_eq!(BadgeFormat::parse("poster"), None);
        assert_eq!(BadgeFormat::A4Sheet.per_page(), 8);
        let layout = BadgeLayout {
            format: BadgeFormat::Label(LabelSize::Mm70x37),
            show_country: false,
            ..BadgeLayout::default()
        };
        let json = serde_json::to_string(&layout).unwrap_or_default();
        assert!(json.contains("\"format\":\"label-70x37\""), "{json}");
        assert_eq!(
            serde_json::from_str::<BadgeLayout>(&json).ok(),
            Some(layout)
        );
        let partial: Option<BadgeLayout> = serde_json::from_str(r#"{"format":"a4"}"#).ok();
        assert_eq!(partial.map(|l| l.format), Some(BadgeFormat::A4Sheet));
        assert!(serde_json::from_str::<BadgeLayout>(r#"{"format":"poster"}"#).is_err());
    }
}
