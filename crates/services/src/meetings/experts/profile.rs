//! The organizer sets an expert's profile (EXP-1): cap, desk, profile sought, sessions and
//! blocked slots, available or not. Audited.

use super::{ExpertError, is_expert};
use crate::audit::Actor;
use crate::forms::FieldErrors;
use chrono::Utc;
use domain::EventId;
use store::DatabaseConnection;
use store::meetings::experts::{self as q, ProfileValues};

/// The expert form as posted (raw strings; checkboxes repeat their name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    /// Cap, empty for none.
    pub max_meetings: String,
    /// Desk label, empty for none.
    pub desk: String,
    /// Profile sought (FR).
    pub sought_fr: String,
    /// Profile sought (EN).
    pub sought_en: String,
    /// `on` when the expert takes meetings.
    pub available: String,
    /// Ids of the sessions attended (none: all).
    pub sessions: Vec<String>,
    /// Ids of the slots blocked.
    pub blocked: Vec<String>,
}

impl ProfileForm {
    /// Reads the posted pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> ProfileForm {
        let one = |name: &str| crate::forms::posted(pairs, name);
        let all = |name: &str| {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        ProfileForm {
            max_meetings: one("max_meetings"),
            desk: one("desk"),
            sought_fr: one("sought_fr"),
            sought_en: one("sought_en"),
            available: one("available"),
            sessions: all("sessions"),
            blocked: all("blocked"),
        }
    }
}

/// What the audit trail keeps of a profile.
#[derive(serde::Serialize)]
struct Audited<'a> {
    profile: &'a q::ExpertProfileRow,
    desk: String,
    sessions: &'a [i64],
    blocked: &'a [i64],
}

fn ids(raw: &[String], known: &[i64], errors: &mut FieldErrors, field: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for value in raw {
        match value.trim().parse::<i64>() {
            Ok(id) if known.contains(&id) => {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            _ => errors.add(field, "expert-error-unknown-choice"),
        }
    }
    out
}

/// Saves an expert's profile, desk and availability in one transaction, audited.
pub async fn save_profile(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    participant_id: i64,
    form: &ProfileForm,
) -> Result<(), ExpertError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    q::participant_of_event(&txn, event.0, participant_id)
        .await?
        .ok_or(ExpertError::NotFound)?;
    if !is_expert(&txn, event, participant_id).await? {
        return Err(ExpertError::NotExpert);
    }
    let mut errors = FieldErrors::new();
    let max_meetings = match form.max_meetings.trim() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(n) if (1..=500).contains(&n) => Some(n),
            _ => {
                errors.add("max_meetings", "expert-error-cap");
                None
            }
        },
    };
    for (field, value, max) in [
        ("desk", &form.desk, 100),
        ("sought_fr", &form.sought_fr, 2000),
        ("sought_en", &form.sought_en, 2000),
    ] {
        if value.trim().chars().count() > max {
            errors.add(field, "error-too-long");
        }
    }
    let sessions: Vec<i64> = store::meetings::setup::sessions(&txn, event.0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let slots: Vec<i64> = store::meetings::slots_of_event(&txn, event.0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let attended = ids(&form.sessions, &sessions, &mut errors, "sessions");
    let blocked = ids(&form.blocked, &slots, &mut errors, "blocked");
    if !errors.is_empty() {
        return Err(ExpertError::Invalid(errors));
    }
    let before = q::profile_of(&txn, event.0, participant_id).await?;
    let old_desk = q::desks(&txn, event.0)
        .await?
        .into_iter()
        .find(|d| d.owner_participant_id == Some(participant_id))
        .map(|d| d.label)
        .unwrap_or_default();
    let desk = q::upsert_desk(&txn, event.0, participant_id, &form.desk, now).await?;
    let old_attended: Vec<i64> = store::meetings::attendance_rows(&txn, event.0)
        .await?
        .into_iter()
        .filter(|(p, _)| *p == participant_id)
        .map(|(_, s)| s)
        .collect();
    let old_blocked: Vec<i64> = store::meetings::unavailable_rows(&txn, event.0)
        .await?
        .into_iter()
        .filter(|(p, _)| *p == participant_id)
        .map(|(_, s)| s)
        .collect();
    let saved = q::save_profile(
        &txn,
        event.0,
        participant_id,
        ProfileValues {
            max_meetings,
            place_id: desk.as_ref().map(|d| d.id),
            sought_fr: form.sought_fr.trim().to_string(),
            sought_en: form.sought_en.trim().to_string(),
            is_available: form.available == "on",
        },
        now,
    )
    .await?;
    store::meetings::setup::replace_availability(
        &txn,
        event.0,
        participant_id,
        &attended,
        &blocked,
        now,
    )
    .await?;
    let before = before.as_ref().map(|profile| Audited {
        profile,
        desk: old_desk,
        sessions: &old_attended,
        blocked: &old_blocked,
    });
    let after = Audited {
        profile: &saved,
        desk: desk.map(|d| d.label).unwrap_or_default(),
        sessions: &attended,
        blocked: &blocked,
    };
    crate::audit::record_saved(
        &txn,
        actor,
        event,
        ("expert_profile", saved.id),
        before.as_ref(),
        &after,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
