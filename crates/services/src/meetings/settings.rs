//! The event's rules for meetings, kept as one typed JSON document per event. Unknown or
//! missing fields take their defaults, so adding a rule never breaks a stored event.

use chrono::Utc;
use domain::EventId;
use serde::{Deserialize, Serialize};
use store::ConnectionTrait;

/// How experts get their meetings (EXP-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ExpertMode {
    /// (a) Assigned at once within the expert's cap, first come first served.
    #[default]
    FirstCome,
    /// (b) Pre-assigned by a scheduling run, validated by the organizer.
    PreAssign,
}

/// One step of the outcome scale (MTG-10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingStep {
    /// Stable code stored with each rating.
    pub code: String,
    /// French label.
    pub fr: String,
    /// English label.
    pub en: String,
}

/// An event's meeting rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingSettings {
    /// Participants may pick a free slot themselves (MTG-2).
    pub pick_slot_allowed: bool,
    /// Participants may leave the time to a scheduling run (MTG-2, MTG-3).
    pub scheduling_allowed: bool,
    /// Open requests a participant may have sent at once; none for no limit.
    pub requests_per_participant: Option<u32>,
    /// Meetings a participant may have at most; none for no limit.
    pub meetings_per_participant: Option<u32>,
    /// Pairs of participant categories that may not meet (e.g. expert × expert, or
    /// buyer × buyer and seller × seller for "buyers meet sellers only").
    pub forbidden_pairs: Vec<(String, String)>,
    /// Days after which an unanswered request expires.
    pub expiry_days: u32,
    /// Days before expiry when the addressee is reminded.
    pub reminder_days_before_expiry: u32,
    /// Minutes before each meeting when both sides are reminded (EXP-6, MTG-8); 0 for none.
    pub meeting_reminder_minutes: u32,
    /// Messages may be sent before a request is accepted (PRV-5).
    pub messages_before_acceptance: bool,
    /// Email addresses are shown to the other side of a meeting.
    pub show_email_addresses: bool,
    /// Notices are also sent by SMS to participants with a phone number (MTG-5).
    pub sms_enabled: bool,
    /// How experts get their meetings (EXP-3).
    pub expert_mode: ExpertMode,
    /// The outcome scale (MTG-10).
    pub rating_scale: Vec<RatingStep>,
}

impl Default for MeetingSettings {
    fn default() -> Self {
        let step = |code: &str, fr: &str, en: &str| RatingStep {
            code: code.to_string(),
            fr: fr.to_string(),
            en: en.to_string(),
        };
        MeetingSettings {
            pick_slot_allowed: true,
            scheduling_allowed: true,
            requests_per_participant: Some(20),
            meetings_per_participant: None,
            forbidden_pairs: vec![(
                crate::taxonomy::EXPERT_CATEGORY.to_string(),
                crate::taxonomy::EXPERT_CATEGORY.to_string(),
            )],
            expiry_days: 7,
            reminder_days_before_expiry: 2,
            meeting_reminder_minutes: 60,
            messages_before_acceptance: false,
            show_email_addresses: false,
            sms_enabled: false,
            expert_mode: ExpertMode::FirstCome,
            rating_scale: vec![
                step(
                    "insufficient_interest",
                    "Intérêt insuffisant",
                    "Insufficient interest",
                ),
                step(
                    "instructive",
                    "Instructif, pas de coopération prévue",
                    "Instructive, no cooperation planned",
                ),
                step(
                    "cooperation_possible",
                    "Coopération possible",
                    "Cooperation possible",
                ),
                step(
                    "partnership_agreed",
                    "Partenariat conclu ou signé",
                    "Partnership agreed or signed",
                ),
            ],
        }
    }
}

impl MeetingSettings {
    /// Whether participants of these two categories may meet.
    pub fn may_meet(&self, a: Option<&str>, b: Option<&str>) -> bool {
        let (Some(a), Some(b)) = (a, b) else {
            return true;
        };
        !self
            .forbidden_pairs
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    }
}

/// The event's rules (defaults when never saved, or when the stored document is unreadable).
pub async fn load(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<MeetingSettings, store::DbErr> {
    let stored = store::meetings::settings_json(db, event.0).await?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Stores the event's rules in the caller's transaction (the caller audits the change).
pub async fn store(
    db: &impl ConnectionTrait,
    event: EventId,
    settings: &MeetingSettings,
) -> Result<(), store::DbErr> {
    let json = serde_json::to_string(settings)
        .map_err(|e| store::DbErr::Custom(format!("meeting settings: {e}")))?;
    store::meetings::put_settings_json(db, event.0, json, Utc::now()).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn experts_never_meet_experts_by_default() {
        let settings = MeetingSettings::default();
        assert!(!settings.may_meet(Some("expert"), Some("expert")));
        assert!(settings.may_meet(Some("expert"), Some("company")));
        assert!(settings.may_meet(None, Some("expert")));
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        let settings: MeetingSettings = serde_json::from_str(r#"{"sms_enabled":true}"#).unwrap();
        assert!(settings.sms_enabled);
        assert_eq!(settings.expiry_days, 7);
        assert_eq!(settings.rating_scale.len(), 4);
    }
}
