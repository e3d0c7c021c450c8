//! The event day (CHK-1…5, PRV-7, REG-7, BO-7): badge tokens, badges and printed documents,
//! check-in, presence and absences, on-site registration.
//!
//! - `pass`: the signed token printed as a QR code on each badge, and reading it back.
//! - `jobs`: documents generated in the background with a progress bar.
//! - `badges`, `documents`, `checkin`, `presence`: one module per feature.

pub mod badges;
pub mod checkin;
pub mod documents;
pub mod jobs;
pub mod pass;
pub mod presence;

use chrono::Utc;
use domain::EventId;
use serde::{Deserialize, Serialize};
use store::ConnectionTrait;

/// Points the documents engine at the configured extra fonts and loads them; call once at
/// startup, off the async threads (it reads about 40 MB). Returns the font families found:
/// empty when none was, and then CJK names print as boxes.
pub fn load_fonts(settings: &crate::Settings) -> Vec<String> {
    ::documents::set_extra_fonts(settings.extra_fonts.clone());
    ::documents::extra_font_families()
}

/// Which document a confirmation email carries (REG-7, CHK-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationPass {
    /// Nothing: participants print their badge from their private area.
    None,
    /// A link to the electronic badge (QR code) in the private area.
    QrLink,
    /// The badge as a PDF attachment, plus the link.
    #[default]
    BadgePdf,
}

/// How badges look (CHK-5), set per event in the back office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BadgeSettings {
    /// "single", "a4" (sheets with cut marks) or a label size such as "label-86x54".
    pub format: String,
    /// Print the company name.
    pub show_company: bool,
    /// Print the job title.
    pub show_job_title: bool,
    /// Print the country.
    pub show_country: bool,
    /// Print the participant category.
    pub show_category: bool,
    /// Colour band per participant category code (`#RRGGBB`).
    pub category_colours: Vec<(String, String)>,
    /// Print the event's banner image as the badge logo.
    pub show_event_logo: bool,
    /// Print the organizers' and partners' logos (at most three).
    pub show_partner_logos: bool,
}

impl Default for BadgeSettings {
    fn default() -> Self {
        BadgeSettings {
            format: "single".to_string(),
            show_company: true,
            show_job_title: true,
            show_country: true,
            show_category: true,
            category_colours: Vec::new(),
            show_event_logo: true,
            show_partner_logos: false,
        }
    }
}

/// An event's event-day rules, one typed JSON document per event; missing fields take their
/// defaults, so adding a rule needs no migration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventDaySettings {
    /// Minutes after a session starts before a participant not checked in is "at risk"
    /// (CHK-3).
    pub absence_grace_minutes: u32,
    /// What the confirmation email carries (REG-7).
    pub confirmation_pass: ConfirmationPass,
    /// Badge layout.
    pub badge: BadgeSettings,
    /// Who signs attendance certificates (name and title).
    pub certificate_signatory: String,
    /// The convocation letter's text in French (plain paragraphs).
    pub convocation_letter_fr: String,
    /// The convocation letter's text in English.
    pub convocation_letter_en: String,
}

impl Default for EventDaySettings {
    fn default() -> Self {
        EventDaySettings {
            absence_grace_minutes: 15,
            confirmation_pass: ConfirmationPass::default(),
            badge: BadgeSettings::default(),
            certificate_signatory: String::new(),
            convocation_letter_fr: String::new(),
            convocation_letter_en: String::new(),
        }
    }
}

/// The event's rules (defaults when never saved, or when the stored document is unreadable).
pub async fn load(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<EventDaySettings, store::DbErr> {
    let stored = store::event_day::settings_json(db, event.0).await?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Stores the event's rules in the caller's transaction (the caller audits the change).
pub async fn store(
    db: &impl ConnectionTrait,
    event: EventId,
    settings: &EventDaySettings,
) -> Result<(), store::DbErr> {
    let json = serde_json::to_string(settings)
        .map_err(|e| store::DbErr::Custom(format!("event-day settings: {e}")))?;
    store::event_day::put_settings_json(db, event.0, json, Utc::now()).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_their_defaults() {
        let settings: EventDaySettings =
            serde_json::from_str(r#"{"absence_grace_minutes":30,"badge":{"format":"a4"}}"#)
                .unwrap();
        assert_eq!(settings.absence_grace_minutes, 30);
        assert_eq!(settings.badge.format, "a4");
        assert!(settings.badge.show_company);
        assert_eq!(settings.confirmation_pass, ConfirmationPass::BadgePdf);
    }
}
