//! The event's meeting rules form (MTG-2 booking modes, quotas, who may meet whom, expiry and
//! reminders, messages, SMS, expert mode, outcome scale), checked and audited.

use super::SetupError;
use crate::audit::{Actor, Change};
use crate::forms::FieldErrors;
use crate::meetings::settings::{ExpertMode, MeetingSettings, RatingStep};
use crate::taxonomy::Vocabulary;
use chrono::Utc;
use domain::EventId;
use store::DatabaseConnection;

/// One line of the outcome scale as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingLine {
    /// Stable code (empty for a new line).
    pub code: String,
    /// French label.
    pub fr: String,
    /// English label.
    pub en: String,
}

/// The rules form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesForm {
    /// Pick-a-slot booking allowed.
    pub pick_slot_allowed: bool,
    /// Scheduling runs allowed.
    pub scheduling_allowed: bool,
    /// Open requests per participant, empty for no limit.
    pub requests_per_participant: String,
    /// Meetings per participant, empty for no limit.
    pub meetings_per_participant: String,
    /// Forbidden category pairs, each as `a:b`.
    pub forbidden: Vec<String>,
    /// Expiry delay in days.
    pub expiry_days: String,
    /// Reminder, days before expiry.
    pub reminder_days_before_expiry: String,
    /// Meeting reminder, minutes before.
    pub meeting_reminder_minutes: String,
    /// Messages before acceptance.
    pub messages_before_acceptance: bool,
    /// Email addresses shown.
    pub show_email_addresses: bool,
    /// SMS notices.
    pub sms_enabled: bool,
    /// `first_come` or `pre_assign`.
    pub expert_mode: String,
    /// The outcome scale lines.
    pub rating_scale: Vec<RatingLine>,
}

/// The key of an unordered category pair, as the form sends it.
pub fn pair_key(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}:{b}")
    } else {
        format!("{b}:{a}")
    }
}

fn opt(value: Option<u32>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl RulesForm {
    /// The form filled from stored rules.
    pub fn from_settings(s: &MeetingSettings) -> RulesForm {
        RulesForm {
            pick_slot_allowed: s.pick_slot_allowed,
            scheduling_allowed: s.scheduling_allowed,
            requests_per_participant: opt(s.requests_per_participant),
            meetings_per_participant: opt(s.meetings_per_participant),
            forbidden: s
                .forbidden_pairs
                .iter()
                .map(|(a, b)| pair_key(a, b))
                .collect(),
            expiry_days: s.expiry_days.to_string(),
            reminder_days_before_expiry: s.reminder_days_before_expiry.to_string(),
            meeting_reminder_minutes: s.meeting_reminder_minutes.to_string(),
            messages_before_acceptance: s.messages_before_acceptance,
            show_email_addresses: s.show_email_addresses,
            sms_enabled: s.sms_enabled,
            expert_mode: match s.expert_mode {
                ExpertMode::FirstCome => "first_come".into(),
                ExpertMode::PreAssign => "pre_assign".into(),
            },
            rating_scale: s
                .rating_scale
                .iter()
                .map(|r| RatingLine {
                    code: r.code.clone(),
                    fr: r.fr.clone(),
                    en: r.en.clone(),
                })
                .collect(),
        }
    }

    /// The form read from posted pairs: checkboxes by name, `forbid` repeated, and rating
    /// lines `rating_code_N`, `rating_fr_N`, `rating_en_N`.
    pub fn from_pairs(pairs: &[(String, String)]) -> RulesForm {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let on = |name: &str| pairs.iter().any(|(k, _)| k == name);
        let mut lines: Vec<(usize, RatingLine)> = Vec::new();
        for (key, value) in pairs {
            let Some((field, n)) = key
                .strip_prefix("rating_")
                .and_then(|rest| rest.rsplit_once('_'))
            else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else { continue };
            if n > 50 {
                continue;
            }
            let index = match lines.iter().position(|(i, _)| *i == n) {
                Some(i) => i,
                None => {
                    lines.push((n, RatingLine::default()));
                    lines.len() - 1
                }
            };
            let line = &mut lines[index].1;
            match field {
                "code" => line.code = value.trim().to_string(),
                "fr" => line.fr = value.trim().to_string(),
                "en" => line.en = value.trim().to_string(),
                _ => {}
            }
        }
        lines.sort_by_key(|(i, _)| *i);
        RulesForm {
            pick_slot_allowed: on("pick_slot_allowed"),
            scheduling_allowed: on("scheduling_allowed"),
            requests_per_participant: get("requests_per_participant"),
            meetings_per_participant: get("meetings_per_participant"),
            forbidden: pairs
                .iter()
                .filter(|(k, _)| k == "forbid")
                .map(|(_, v)| v.clone())
                .collect(),
            expiry_days: get("expiry_days"),
            reminder_days_before_expiry: get("reminder_days_before_expiry"),
            meeting_reminder_minutes: get("meeting_reminder_minutes"),
            messages_before_acceptance: on("messages_before_acceptance"),
            show_email_addresses: on("show_email_addresses"),
            sms_enabled: on("sms_enabled"),
            expert_mode: get("expert_mode"),
            rating_scale: lines.into_iter().map(|(_, l)| l).collect(),
        }
    }
}

fn number(
    value: &str,
    field: &str,
    range: std::ops::RangeInclusive<u32>,
    errors: &mut FieldErrors,
) -> Option<u32> {
    let parsed = value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n));
    if parsed.is_none() {
        errors.add(field, "setup-error-number");
    }
    parsed
}

fn limit(value: &str, field: &str, errors: &mut FieldErrors) -> Option<u32> {
    if value.trim().is_empty() {
        None
    } else {
        number(value, field, 1..=10_000, errors)
    }
}

/// Checks the form against the event's participant categories.
pub fn check(form: &RulesForm, categories: &[String]) -> Result<MeetingSettings, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !form.pick_slot_allowed && !form.scheduling_allowed {
        errors.add("pick_slot_allowed", "setup-error-booking-modes");
    }
    let requests = limit(
        &form.requests_per_participant,
        "requests_per_participant",
        &mut errors,
    );
    let meetings = limit(
        &form.meetings_per_participant,
        "meetings_per_participant",
        &mut errors,
    );
    let mut forbidden_pairs = Vec::new();
    for pair in &form.forbidden {
        match pair.split_once(':') {
            Some((a, b))
                if categories.iter().any(|c| c == a) && categories.iter().any(|c| c == b) =>
            {
                forbidden_pairs.push((a.to_string(), b.to_string()))
            }
            _ => errors.add("forbid", "setup-error-pair"),
        }
    }
    let expiry = number(&form.expiry_days, "expiry_days", 1..=90, &mut errors);
    let reminder = number(
        &form.reminder_days_before_expiry,
        "reminder_days_before_expiry",
        0..=89,
        &mut errors,
    );
    if let (Some(e), Some(r)) = (expiry, reminder)
        && r >= e
    {
        errors.add(
            "reminder_days_before_expiry",
            "setup-error-reminder-after-expiry",
        );
    }
    let meeting_reminder = number(
        &form.meeting_reminder_minutes,
        "meeting_reminder_minutes",
        0..=2880,
        &mut errors,
    );
    let expert_mode = match form.expert_mode.as_str() {
        "first_come" => ExpertMode::FirstCome,
        "pre_assign" => ExpertMode::PreAssign,
        _ => {
            errors.add("expert_mode", "setup-error-expert-mode");
            ExpertMode::FirstCome
        }
    };
    let mut rating_scale: Vec<RatingStep> = Vec::new();
    for line in &form.rating_scale {
        if line.fr.is_empty() && line.en.is_empty() {
            continue;
        }
        if line.fr.is_empty() || line.fr.chars().count() > 200 || line.en.chars().count() > 200 {
            errors.add("rating", "setup-error-rating-line");
            continue;
        }
        let mut code = line.code.clone();
        if code.is_empty() || rating_scale.iter().any(|r| r.code == code) {
            let mut n = rating_scale.len() + 1;
            while form
                .rating_scale
                .iter()
                .any(|l| l.code == format!("step_{n}"))
                || rating_scale.iter().any(|r| r.code == format!("step_{n}"))
            {
                n += 1;
            }
            code = format!("step_{n}");
        }
        rating_scale.push(RatingStep {
            code,
            fr: line.fr.clone(),
            en: if line.en.is_empty() {
                line.fr.clone()
            } else {
                line.en.clone()
            },
        });
    }
    if rating_scale.len() < 2 {
        errors.add("rating", "setup-error-rating-scale");
    }
    let (Some(expiry_days), Some(reminder), Some(meeting_reminder)) =
        (expiry, reminder, meeting_reminder)
    else {
        return Err(errors);
    };
    errors.into_result(MeetingSettings {
        pick_slot_allowed: form.pick_slot_allowed,
        scheduling_allowed: form.scheduling_allowed,
        requests_per_participant: requests,
        meetings_per_participant: meetings,
        forbidden_pairs,
        expiry_days,
        reminder_days_before_expiry: reminder,
        meeting_reminder_minutes: meeting_reminder,
        messages_before_acceptance: form.messages_before_acceptance,
        show_email_addresses: form.show_email_addresses,
        sms_enabled: form.sms_enabled,
        expert_mode,
        rating_scale,
    })
}

/// The codes of the event's participant categories.
pub async fn categories(
    db: &DatabaseConnection,
    event: EventId,
) -> Result<Vec<(String, String, String)>, SetupError> {
    let taxonomy = crate::taxonomy::load(db, event).await?;
    Ok(taxonomy
        .terms(Vocabulary::ParticipantCategory)
        .iter()
        .map(|t| (t.code.clone(), t.label_fr.clone(), t.label_en.clone()))
        .collect())
}

/// Saves the event's meeting rules, audited with before and after.
pub async fn save_rules(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &RulesForm,
) -> Result<MeetingSettings, SetupError> {
    let codes: Vec<String> = categories(db, event)
        .await?
        .into_iter()
        .map(|(code, _, _)| code)
        .collect();
    let settings = check(form, &codes).map_err(SetupError::Invalid)?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = crate::meetings::settings::load(&txn, event).await?;
    crate::meetings::settings::store(&txn, event, &settings).await?;
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "meeting_settings",
            entity_id: event.0.to_string(),
            before: Some(&before),
            after: Some(&settings),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(settings)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_the_form() {
        let settings = MeetingSettings::default();
        let form = RulesForm::from_settings(&settings);
        let codes = vec!["expert".to_string(), "company".to_string()];
        assert_eq!(check(&form, &codes).unwrap(), settings);
    }

    #[test]
    fn reminder_must_come_before_expiry() {
        let mut form = RulesForm::from_settings(&MeetingSettings::default());
        form.reminder_days_before_expiry = "9".into();
        let errors = check(&form, &["expert".to_string()]).unwrap_err();
        assert_eq!(
            errors.get("reminder_days_before_expiry"),
            Some("setup-error-reminder-after-expiry")
        );
    }
}
