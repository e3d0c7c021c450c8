//! What the Documents page shows besides the jobs (sessions, tables, counts of agendas to
//! re-issue), and the texts it edits (convocation letters, certificate signatory).

use crate::audit::{self, Actor};
use chrono::Utc;
use domain::{EventId, Locale};
use store::DatabaseConnection;

/// Facts shown on the Documents page.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// B2B sessions (id, name in the page's language, local date).
    pub sessions: Vec<(i64, String, String)>,
    /// Table labels that have meetings, in display order.
    pub tables: Vec<String>,
    /// Validated participants.
    pub participants: usize,
    /// Checked-in participants (who get a certificate).
    pub checked_in: usize,
    /// Participants with meetings whose agenda changed since it was last issued.
    pub agendas_changed: usize,
    /// Of those, the ones never issued.
    pub agendas_never_issued: usize,
    /// Convocation letter, French.
    pub letter_fr: String,
    /// Convocation letter, English.
    pub letter_en: String,
    /// Certificate signatory.
    pub signatory: String,
}

/// Loads the page's facts.
pub async fn overview(
    db: &DatabaseConnection,
    event: EventId,
    locale: Locale,
) -> Result<Overview, store::DbErr> {
    let people = store::documents::people(db, event.0).await?;
    let checked_in = store::checkin::checked_in(db, event.0).await?;
    let changes = store::documents::agenda_changes(db, event.0).await?;
    let issues = store::documents::agenda_issues(db, event.0).await?;
    let meetings = store::documents::placed_meetings(db, event.0).await?;
    let mut tables: Vec<String> = Vec::new();
    for place in store::documents::places(db, event.0).await? {
        let used = meetings.iter().any(|m| m.place_id == Some(place.id));
        if used && !tables.contains(&place.label) {
            tables.push(place.label);
        }
    }
    let mut changed = 0;
    let mut never = 0;
    for p in &people {
        let change = changes.get(&p.participant_id);
        let issued = issues.get(&p.participant_id);
        if super::agendas::changed_since_issue(change, issued) {
            changed += 1;
            if issued.is_none() {
                never += 1;
            }
        }
    }
    let settings = crate::event_day::load(db, event).await?;
    Ok(Overview {
        sessions: store::documents::sessions(db, event.0)
            .await?
            .into_iter()
            .map(|s| {
                let name = match locale {
                    Locale::Fr => s.name_fr,
                    Locale::En => s.name_en,
                };
                let day = match locale {
                    Locale::Fr => s.day.format("%d/%m/%Y").to_string(),
                    Locale::En => s.day.format("%Y-%m-%d").to_string(),
                };
                (s.id, name, day)
            })
            .collect(),
        tables,
        participants: people.len(),
        checked_in: people
            .iter()
            .filter(|p| checked_in.contains_key(&p.participant_id))
            .count(),
        agendas_changed: changed,
        agendas_never_issued: never,
        letter_fr: settings.convocation_letter_fr,
        letter_en: settings.convocation_letter_en,
        signatory: settings.certificate_signatory,
    })
}

/// The texts edited on the Documents page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TextsInput {
    /// Convocation letter, French (empty: the default text).
    pub letter_fr: String,
    /// Convocation letter, English (empty: the default text).
    pub letter_en: String,
    /// Certificate signatory (name and title).
    pub signatory: String,
}

/// Longest letter kept.
pub const MAX_LETTER_CHARS: usize = 8000;
/// Longest signatory kept.
pub const MAX_SIGNATORY_CHARS: usize = 200;

/// Why the texts were refused.
#[derive(Debug, thiserror::Error)]
pub enum TextsError {
    /// A field is too long; the message id says which.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// Storage failed.
    #[error(transparent)]
    Internal(#[from] crate::InternalError),
}

crate::database_errors_are_internal!(TextsError);

/// Saves the convocation letters and the certificate signatory, audited in the same
/// transaction.
pub async fn save_texts(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    input: &TextsInput,
) -> Result<(), TextsError> {
    if input.letter_fr.chars().count() > MAX_LETTER_CHARS
        || input.letter_en.chars().count() > MAX_LETTER_CHARS
    {
        return Err(TextsError::Invalid("documents-error-letter-long"));
    }
    if input.signatory.chars().count() > MAX_SIGNATORY_CHARS {
        return Err(TextsError::Invalid("documents-error-signatory-long"));
    }
    let txn = store::begin_write(db).await?;
    let before = crate::event_day::load(&txn, event).await?;
    let mut after = before.clone();
    after.convocation_letter_fr = input.letter_fr.replace("\r\n", "\n").trim().to_string();
    after.convocation_letter_en = input.letter_en.replace("\r\n", "\n").trim().to_string();
    after.certificate_signatory = input.signatory.trim().to_string();
    crate::event_day::store(&txn, event, &after).await?;
    let texts = |s: &crate::event_day::EventDaySettings| {
        serde_json::json!({
            "convocation_letter_fr": s.convocation_letter_fr,
            "convocation_letter_en": s.convocation_letter_en,
            "certificate_signatory": s.certificate_signatory,
        })
    };
    audit::record_saved(
        &txn,
        actor,
        event,
        ("document_texts", event.0),
        Some(&texts(&before)),
        &texts(&after),
        Utc::now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
