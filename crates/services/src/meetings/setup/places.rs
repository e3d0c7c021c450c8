//! Where meetings are held (MTG-1, EXP-1): shared tables of a session (numbered or named),
//! and stands or desks owned by a participant. Deleting a place in use lists its meetings
//! first and applies the organizer's choice for them.

use super::{ImpactChoice, SetupError, describe, resolve};
use crate::audit::{Actor, Change};
use crate::forms::FieldErrors;
use crate::meetings::notify::Notifier;
use chrono::Utc;
use domain::EventId;
use store::DatabaseConnection;
use store::events::EventRow;
use store::meetings::setup::PlaceRow;

/// Most shared tables added at once.
pub const MAX_TABLES_AT_ONCE: u32 = 500;

/// The form that adds tables to a session: a count of numbered tables, or one name.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TablesForm {
    /// How many numbered tables to add (empty when naming one).
    pub count: String,
    /// The name of one table to add (empty when adding numbered ones).
    pub label: String,
    /// One-time key: a replayed form adds nothing more.
    pub idempotency_key: String,
}

/// The form that adds a stand or desk.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StandForm {
    /// The owner.
    pub participant_id: String,
    /// `stand` or `desk`.
    pub kind: String,
    /// Its name ("Stand B12").
    pub label: String,
}

fn invalid(field: &str, message: &str) -> SetupError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    SetupError::Invalid(errors)
}

fn label_ok(label: &str) -> Option<String> {
    let label = label.trim();
    (!label.is_empty() && label.chars().count() <= 100).then(|| label.to_string())
}

/// Adds numbered tables ("Table 7", continuing after the highest number) or one named
/// table to a session. Returns how many were added.
pub async fn add_tables(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    session_id: i64,
    form: &TablesForm,
) -> Result<u32, SetupError> {
    let count = form.count.trim();
    let named = form.label.trim();
    let key = form.idempotency_key.trim();
    if !key.is_empty() && store::idempotency::outcome(db, key).await?.is_some() {
        return Ok(0);
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let session = store::meetings::setup::session(&txn, event.id, session_id)
        .await?
        .ok_or(SetupError::NotFound)?;
    let existing: Vec<PlaceRow> = store::meetings::setup::places(&txn, event.id)
        .await?
        .into_iter()
        .filter(|p| p.session_id == Some(session.id))
        .collect();
    let first = existing.iter().map(|p| p.position + 1).max().unwrap_or(0);
    let labels: Vec<String> = if named.is_empty() {
        let n = count
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_TABLES_AT_ONCE).contains(n))
            .ok_or_else(|| invalid("count", "setup-error-table-count"))?;
        let highest = existing
            .iter()
            .filter_map(|p| p.label.strip_prefix("Table ")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        (1..=n).map(|k| format!("Table {}", highest + k)).collect()
    } else {
        let label = label_ok(named).ok_or_else(|| invalid("label", "setup-error-label"))?;
        if existing.iter().any(|p| p.label == label) {
            return Err(invalid("label", "setup-error-label-taken"));
        }
        vec![label]
    };
    for (position, label) in (first..).zip(&labels) {
        store::meetings::setup::insert_place(
            &txn,
            PlaceRow {
                id: 0,
                event_id: event.id,
                session_id: Some(session.id),
                venue_id: session.venue_id,
                kind: "table".into(),
                label: label.clone(),
                owner_participant_id: None,
                position,
                created_at: now,
            },
        )
        .await?;
    }
    crate::audit::record(
        &txn,
        actor,
        Change::<serde_json::Value, _> {
            event: Some(EventId(event.id)),
            action: "create",
            entity: "place",
            entity_id: format!("session:{}", session.id),
            before: None,
            after: Some(&labels),
        },
        now,
    )
    .await?;
    if !key.is_empty() {
        store::idempotency::record(&txn, key, &session.id.to_string(), now).await?;
    }
    txn.commit().await?;
    Ok(u32::try_from(labels.len()).unwrap_or(u32::MAX))
}

/// Adds a stand or desk owned by a participant of the event.
pub async fn add_stand(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    form: &StandForm,
) -> Result<i64, SetupError> {
    let mut errors = FieldErrors::new();
    let kind = form.kind.trim();
    if kind != "stand" && kind != "desk" {
        errors.add("kind", "setup-error-kind");
    }
    let label = label_ok(&form.label);
    if label.is_none() {
        errors.add("stand_label", "setup-error-label");
    }
    let people = store::events::participants(db, EventId(event.id)).await?;
    let owner = form
        .participant_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| people.iter().any(|p| p.id == *id));
    if owner.is_none() {
        errors.add("participant_id", "setup-error-owner");
    }
    let (Some(label), Some(owner), true) = (label, owner, errors.is_empty()) else {
        return Err(SetupError::Invalid(errors));
    };
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let places = store::meetings::setup::places(&txn, event.id).await?;
    if places.iter().any(|p| p.owner_participant_id == Some(owner)) {
        return Err(invalid("participant_id", "setup-error-owner-has-place"));
    }
    let row = store::meetings::setup::insert_place(
        &txn,
        PlaceRow {
            id: 0,
            event_id: event.id,
            session_id: None,
            venue_id: None,
            kind: kind.to_string(),
            label,
            owner_participant_id: Some(owner),
            position: 0,
            created_at: now,
        },
    )
    .await?;
    crate::audit::record(
        &txn,
        actor,
        Change::<serde_json::Value, _> {
            event: Some(EventId(event.id)),
            action: "create",
            entity: "place",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(&row),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Renames a table, stand or desk.
pub async fn rename_place(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    place_id: i64,
    label: &str,
) -> Result<(), SetupError> {
    let label = label_ok(label).ok_or_else(|| invalid("label", "setup-error-label"))?;
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::meetings::setup::place(&txn, event.id, place_id)
        .await?
        .ok_or(SetupError::NotFound)?;
    store::meetings::setup::rename_place(&txn, place_id, label.clone()).await?;
    crate::audit::record(
        &txn,
        actor,
        Change {
            event: Some(EventId(event.id)),
            action: "update",
            entity: "place",
            entity_id: place_id.to_string(),
            before: Some(&before.label),
            after: Some(&label),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a table, stand or desk. Meetings held there are listed first
/// ([`SetupError::Impacted`]) unless `impact` says what to do with them.
pub async fn delete_place(
    db: &DatabaseConnection,
    actor: &Actor,
    event: &EventRow,
    place_id: i64,
    impact: &str,
    base_url: &str,
) -> Result<(), SetupError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let place = store::meetings::setup::place(&txn, event.id, place_id)
        .await?
        .ok_or(SetupError::NotFound)?;
    let impacted = store::meetings::setup::meetings_at_places(&txn, &[place.id]).await?;
    if !impacted.is_empty() {
        let Some(choice) = ImpactChoice::parse(impact) else {
            return Err(SetupError::Impacted(
                describe(&txn, event.id, &impacted).await?,
            ));
        };
        let settings = crate::meetings::settings::load(&txn, EventId(event.id)).await?;
        let notifier = Notifier {
            event,
            settings: &settings,
            base_url,
        };
        resolve(&txn, &notifier, &impacted, choice, now).await?;
    }
    store::meetings::setup::delete_places(&txn, &[place.id]).await?;
    crate::audit::record(
        &txn,
        actor,
        Change::<_, serde_json::Value> {
            event: Some(EventId(event.id)),
            action: "delete",
            entity: "place",
            entity_id: place.id.to_string(),
            before: Some(&serde_json::json!({
                "place": &place,
                "impacted_requests": impacted.iter().map(|m| m.request_id).collect::<Vec<_>>(),
                "impact": ImpactChoice::parse(impact),
            })),
            after: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
