//! Events and their mini-sites: create, edit, delete, venues, rooms, pages, partners,
//! branding (EVT-1…5, PUB-1). Every change is audited in its own transaction.

use crate::InternalError;
use crate::audit::{Actor, Change, record, record_deleted, record_saved};
use crate::forms::{FieldErrors, optional, optional_url, required};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use domain::{EventId, EventSlug, HexColor, TimeZoneName};
use store::DatabaseConnection;
use store::events::{EventRow, PartnerRow, RoomRow, VenueRow};

/// Failure of an event action.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The thing does not exist in this event.
    #[error("not found")]
    NotFound,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

crate::database_errors_are_internal!(EventError);

/// The event form as typed (raw strings, re-shown on error).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct EventForm {
    /// URL segment.
    pub slug: String,
    /// Name in French.
    pub name_fr: String,
    /// Name in English.
    pub name_en: String,
    /// Summary in French.
    pub summary_fr: String,
    /// Summary in English.
    pub summary_en: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// IANA zone.
    pub time_zone: String,
    /// Registration opens, `YYYY-MM-DDTHH:MM` local time (empty: at once).
    pub registration_opens_at: String,
    /// Registration closes (empty: never before the event).
    pub registration_closes_at: String,
    /// The mini-site opens (empty: at once).
    pub site_opens_at: String,
    /// The mini-site closes (empty: never).
    pub site_closes_at: String,
    /// Main colour `#rrggbb`.
    pub primary_color: String,
    /// `on` when published.
    pub is_published: Option<String>,
}

impl EventForm {
    /// The form filled from a stored event (for editing).
    pub fn from_row(row: &EventRow) -> EventForm {
        let tz = TimeZoneName::parse(&row.time_zone)
            .map(|t| t.tz())
            .unwrap_or(chrono_tz::Europe::Paris);
        let local = |at: Option<DateTime<Utc>>| {
            at.map(|a| a.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default()
        };
        EventForm {
            slug: row.slug.clone(),
            name_fr: row.name_fr.clone(),
            name_en: row.name_en.clone(),
            summary_fr: row.summary_fr.clone(),
            summary_en: row.summary_en.clone(),
            starts_on: row.starts_on.to_string(),
            ends_on: row.ends_on.to_string(),
            time_zone: row.time_zone.clone(),
            registration_opens_at: local(row.registration_opens_at),
            registration_closes_at: local(row.registration_closes_at),
            site_opens_at: local(row.site_opens_at),
            site_closes_at: local(row.site_closes_at),
            primary_color: row.primary_color.clone(),
            is_published: row.is_published.then(|| "on".to_string()),
        }
    }

    /// Parses into a row (id 0 for a new event), or field errors.
    fn parse(&self, now: DateTime<Utc>) -> Result<EventRow, FieldErrors> {
        let mut errors = FieldErrors::new();
        let slug = EventSlug::parse(&self.slug).map_err(|e| match e {
            domain::InvalidSlug::Reserved => errors.add("slug", "error-slug-reserved"),
            domain::InvalidSlug::Malformed => errors.add("slug", "error-slug"),
        });
        let name_fr = required(&mut errors, "name_fr", &self.name_fr, 200);
        let name_en = required(&mut errors, "name_en", &self.name_en, 200);
        let summary_fr = optional(&mut errors, "summary_fr", &self.summary_fr, 2000);
        let summary_en = optional(&mut errors, "summary_en", &self.summary_en, 2000);
        let mut date = |field: &str, raw: &str| {
            NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
                .map_err(|_| errors.add(field, "error-date"))
                .ok()
        };
        let starts_on = date("starts_on", &self.starts_on);
        let ends_on = date("ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.add("ends_on", "error-ends-before-start");
        }
        let tz = TimeZoneName::parse(&self.time_zone)
            .map_err(|_| errors.add("time_zone", "error-time-zone"))
            .ok();
        let zone = tz
            .as_ref()
            .map(|t| t.tz())
            .unwrap_or(chrono_tz::Europe::Paris);
        let mut moment = |field: &str, raw: &str| -> Option<DateTime<Utc>> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|n| zone.from_local_datetime(&n).earliest());
            if parsed.is_none() {
                errors.add(field, "error-datetime");
            }
            parsed.map(|p| p.with_timezone(&Utc))
        };
        let registration_opens_at = moment("registration_opens_at", &self.registration_opens_at);
        let registration_closes_at = moment("registration_closes_at", &self.registration_closes_at);
        let site_opens_at = moment("site_opens_at", &self.site_opens_at);
        let site_closes_at = moment("site_closes_at", &self.site_closes_at);
        if let (Some(o), Some(c)) = (registration_opens_at, registration_closes_at)
            && c <= o
        {
            errors.add("registration_closes_at", "error-closes-before-opens");
        }
        if let (Some(o), Some(c)) = (site_opens_at, site_closes_at)
            && c <= o
        {
            errors.add("site_closes_at", "error-closes-before-opens");
        }
        let color = HexColor::parse(&self.primary_color)
            .map_err(|_| errors.add("primary_color", "error-color"))
            .ok();
        if let Some(c) = &color
            && !c.white_text_is_readable()
        {
            errors.add("primary_color", "error-color-contrast");
        }
        match (slug, starts_on, ends_on, tz, color) {
            (Ok(slug), Some(starts_on), Some(ends_on), Some(tz), Some(color))
                if errors.is_empty() =>
            {
                Ok(EventRow {
                    id: 0,
                    slug: slug.as_str().to_string(),
                    name_fr,
                    name_en,
                    summary_fr,
                    summary_en,
                    starts_on,
                    ends_on,
                    time_zone: tz.as_str().to_string(),
                    registration_opens_at,
                    registration_closes_at,
                    site_opens_at,
                    site_closes_at,
                    primary_color: color.as_str().to_string(),
                    banner_file_id: None,
                    is_published: self.is_published.is_some(),
                    created_at: now,
                    updated_at: now,
                    privacy_notice_fr: String::new(),
                    privacy_notice_en: String::new(),
                })
            }
            _ => Err(errors),
        }
    }
}

fn slug_taken() -> EventError {
    let mut errors = FieldErrors::new();
    errors.add("slug", "error-slug-taken");
    EventError::Invalid(errors)
}

/// Creates an event (principal administrator). A replayed form (same idempotency key)
/// returns the event created the first time.
pub async fn create_event(
    db: &DatabaseConnection,
    actor: &Actor,
    form: &EventForm,
    idempotency_key: &str,
) -> Result<EventId, EventError> {
    let now = Utc::now();
    if let Some(done) = store::idempotency::outcome(db, idempotency_key).await? {
        return done.parse().map(EventId).map_err(|_| EventError::NotFound);
    }
    let row = form.parse(now).map_err(EventError::Invalid)?;
    let txn = store::begin_write(db).await?;
    if store::events::find_by_slug(&txn, &row.slug)
        .await?
        .is_some()
    {
        return Err(slug_taken());
    }
    let created = store::events::insert(&txn, row).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            slug_taken()
        } else {
            e.into()
        }
    })?;
    for kind in crate::events::PAGE_KINDS {
        for locale in domain::Locale::ALL {
            let title = crate::i18n::t(locale, &format!("page-{kind}"));
            store::events::upsert_page(
                &txn,
                EventId(created.id),
                kind,
                locale.code(),
                &title,
                "",
                now,
            )
            .await?;
        }
    }
    record(
        &txn,
        actor,
        Change::<(), _> {
            event: Some(EventId(created.id)),
            action: "create",
            entity: "event",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
        now,
    )
    .await?;
    if !idempotency_key.is_empty() {
        store::idempotency::record(&txn, idempotency_key, &created.id.to_string(), now).await?;
    }
    txn.commit().await?;
    Ok(EventId(created.id))
}

/// Updates an event's settings.
pub async fn update_event(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    form: &EventForm,
) -> Result<(), EventError> {
    let now = Utc::now();
    let parsed = form.parse(now).map_err(EventError::Invalid)?;
    let txn = store::begin_write(db).await?;
    let before = store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    if parsed.slug != before.slug
        && store::events::find_by_slug(&txn, &parsed.slug)
            .await?
            .is_some()
    {
        return Err(slug_taken());
    }
    let after = EventRow {
        id: before.id,
        created_at: before.created_at,
        banner_file_id: before.banner_file_id,
        privacy_notice_fr: before.privacy_notice_fr.clone(),
        privacy_notice_en: before.privacy_notice_en.clone(),
        ..parsed
    };
    let after = store::events::update(&txn, after).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            slug_taken()
        } else {
            e.into()
        }
    })?;
    record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "event",
            entity_id: event.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes an event with everything that belongs to it (principal administrator).
pub async fn delete_event(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
) -> Result<(), EventError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    store::events::delete(&txn, event).await?;
    record_deleted(&txn, actor, event, ("event", event.0), &before, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The mini-site's editable pages.
pub const PAGE_KINDS: [&str; 4] = ["welcome", "practical", "contact", "legal"];

/// Sanitizes organizer-entered rich text: a safe subset of HTML, links forced to
/// `rel="noopener noreferrer"`, no script, no style, no event handler.
pub fn sanitize_html(raw: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(raw)
        .to_string()
}

/// Saves one mini-site page in one language (sanitized on save).
pub async fn save_page(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    kind: &str,
    locale: domain::Locale,
    title: &str,
    body_html: &str,
) -> Result<(), EventError> {
    if !PAGE_KINDS.contains(&kind) {
        return Err(EventError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let title = required(&mut errors, "title", title, 200);
    let body = optional(&mut errors, "body_html", body_html, 100_000);
    if !errors.is_empty() {
        return Err(EventError::Invalid(errors));
    }
    let clean = sanitize_html(&body);
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    let before =
        store::events::upsert_page(&txn, event, kind, locale.code(), &title, &clean, now).await?;
    let after = serde_json::json!({"kind": kind, "locale": locale.code(), "title": title, "body_html": clean});
    record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "page",
            entity_id: format!("{kind}/{}", locale.code()),
            before: before.as_ref(),
            after: Some(&after),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The venue form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct VenueForm {
    /// Name.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// Access instructions in French.
    pub access_fr: String,
    /// Access instructions in English.
    pub access_en: String,
}

/// Creates (`venue_id` none) or updates a venue of the event.
pub async fn save_venue(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    venue_id: Option<i64>,
    form: &VenueForm,
) -> Result<i64, EventError> {
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", &form.name, 200);
    let address = required(&mut errors, "address", &form.address, 500);
    let access_fr = optional(&mut errors, "access_fr", &form.access_fr, 4000);
    let access_en = optional(&mut errors, "access_en", &form.access_en, 4000);
    if !errors.is_empty() {
        return Err(EventError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    let before = match venue_id {
        Some(id) => Some(
            store::events::venue(&txn, event, id)
                .await?
                .ok_or(EventError::NotFound)?,
        ),
        None => None,
    };
    let row = VenueRow {
        id: venue_id.unwrap_or(0),
        event_id: event.0,
        name,
        address,
        access_fr,
        access_en,
        created_at: before.as_ref().map(|b| b.created_at).unwrap_or(now),
    };
    let saved = store::events::save_venue(&txn, row).await?;
    record_saved(
        &txn,
        actor,
        event,
        ("venue", saved.id),
        before.as_ref(),
        &saved,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Deletes a venue of the event (and its rooms).
pub async fn delete_venue(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    venue_id: i64,
) -> Result<(), EventError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::events::venue(&txn, event, venue_id)
        .await?
        .ok_or(EventError::NotFound)?;
    store::events::delete_venue(&txn, event, venue_id).await?;
    record_deleted(&txn, actor, event, ("venue", venue_id), &before, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a room to a venue of the event.
pub async fn add_room(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    venue_id: i64,
    name: &str,
    capacity: &str,
) -> Result<i64, EventError> {
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "room_name", name, 200);
    let capacity = match capacity.trim() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(c) if (1..=100_000).contains(&c) => Some(c),
            _ => {
                errors.add("capacity", "error-capacity");
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(EventError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::events::venue(&txn, event, venue_id)
        .await?
        .ok_or(EventError::NotFound)?;
    let room = store::events::insert_room(
        &txn,
        RoomRow {
            id: 0,
            event_id: event.0,
            venue_id,
            name,
            capacity,
            created_at: now,
        },
    )
    .await?;
    record(
        &txn,
        actor,
        Change::<(), _> {
            event: Some(event),
            action: "create",
            entity: "room",
            entity_id: room.id.to_string(),
            before: None,
            after: Some(&room),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(room.id)
}

/// Deletes a room of the event.
pub async fn delete_room(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    room_id: i64,
) -> Result<(), EventError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::events::room(&txn, event, room_id)
        .await?
        .ok_or(EventError::NotFound)?;
    store::events::delete_room(&txn, event, room_id).await?;
    record_deleted(&txn, actor, event, ("room", room_id), &before, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The partner form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct PartnerForm {
    /// Name of the chamber or partner.
    pub name: String,
    /// `organizer`, `co_organizer` or `partner`.
    pub role: String,
    /// Website (the logo links there).
    pub website: String,
    /// Pitch in French.
    pub pitch_fr: String,
    /// Pitch in English.
    pub pitch_en: String,
    /// Display order.
    pub position: String,
}

/// Roles an organization can hold on an event (EVT-3).
pub const PARTNER_ROLES: [&str; 3] = ["organizer", "co_organizer", "partner"];

/// Creates or updates an organizer, co-organizer or partner, with an optional logo already
/// stored (`logo_file_id`).
pub async fn save_partner(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    partner_id: Option<i64>,
    form: &PartnerForm,
    logo_file_id: Option<i64>,
) -> Result<i64, EventError> {
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", &form.name, 200);
    if !PARTNER_ROLES.contains(&form.role.as_str()) {
        errors.add("role", "error-required");
    }
    let website = optional_url(&mut errors, "website", &form.website);
    let pitch_fr = optional(&mut errors, "pitch_fr", &form.pitch_fr, 2000);
    let pitch_en = optional(&mut errors, "pitch_en", &form.pitch_en, 2000);
    let position = form
        .position
        .trim()
        .parse::<i32>()
        .unwrap_or(0)
        .clamp(0, 1000);
    if !errors.is_empty() {
        return Err(EventError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    let before = match partner_id {
        Some(id) => Some(
            store::events::partner(&txn, event, id)
                .await?
                .ok_or(EventError::NotFound)?,
        ),
        None => None,
    };
    let row = PartnerRow {
        id: partner_id.unwrap_or(0),
        event_id: event.0,
        name,
        role: form.role.clone(),
        website,
        logo_file_id: logo_file_id.or(before.as_ref().and_then(|b| b.logo_file_id)),
        pitch_fr,
        pitch_en,
        position,
        created_at: before.as_ref().map(|b| b.created_at).unwrap_or(now),
    };
    let saved = store::events::save_partner(&txn, row).await?;
    record_saved(
        &txn,
        actor,
        event,
        ("partner", saved.id),
        before.as_ref(),
        &saved,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Deletes an organizer, co-organizer or partner of the event.
pub async fn delete_partner(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    partner_id: i64,
) -> Result<(), EventError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::events::partner(&txn, event, partner_id)
        .await?
        .ok_or(EventError::NotFound)?;
    store::events::delete_partner(&txn, event, partner_id).await?;
    record_deleted(&txn, actor, event, ("partner", partner_id), &before, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets the event's banner to a stored image.
pub async fn set_banner(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    file_id: Option<i64>,
) -> Result<(), EventError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = store::events::find(&txn, event)
        .await?
        .ok_or(EventError::NotFound)?;
    let after = store::events::update(
        &txn,
        EventRow {
            banner_file_id: file_id,
            updated_at: now,
            ..before.clone()
        },
    )
    .await?;
    record(
        &txn,
        actor,
        Change {
            event: Some(event),
            action: "update",
            entity: "event_banner",
            entity_id: event.to_string(),
            before: Some(&before.banner_file_id),
            after: Some(&after.banner_file_id),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the event's public site is open at `now` (published and within its lifetime).
pub fn site_is_open(event: &EventRow, now: DateTime<Utc>) -> bool {
    event.is_published
        && event.site_opens_at.is_none_or(|o| now >= o)
        && event.site_closes_at.is_none_or(|c| now < c)
}

/// Whether registration is open at `now` (REG-1).
pub fn registration_is_open(event: &EventRow, now: DateTime<Utc>) -> bool {
    site_is_open(event, now)
        && event.registration_opens_at.is_none_or(|o| now >= o)
        && event.registration_closes_at.is_none_or(|c| now < c)
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: BO-2, NFR-7
    #[test]
    fn rich_text_is_sanitized_on_save() {
        let dirty = r#"<h2>Bienvenue</h2><p onclick="x()">Texte <script>alert(1)</script><a href="javascript:alert(2)">lien</a> <a href="https://cci.example">CCI</a></p><style>body{}</style><img src=x onerror=alert(3)>"#;
        let clean = sanitize_html(dirty);
        assert!(clean.contains("<h2>Bienvenue</h2>"));
        assert!(clean.contains(r#"href="https://cci.example""#));
        for bad in ["<script", "onclick", "javascript:", "<style", "onerror"] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
    }

    fn valid_form() -> EventForm {
        EventForm {
            slug: "forum-test".into(),
            name_fr: "Forum".into(),
            name_en: "Forum".into(),
            starts_on: "2027-03-10".into(),
            ends_on: "2027-03-11".into(),
            time_zone: "Europe/Paris".into(),
            primary_color: "#1a5fb4".into(),
            ..EventForm::default()
        }
    }

    // REQ: EVT-1
    #[test]
    fn event_form_reports_every_bad_field() {
        assert!(valid_form().parse(Utc::now()).is_ok());
        let bad = EventForm {
            slug: "admin".into(),
            name_fr: " ".into(),
            ends_on: "2027-03-01".into(),
            time_zone: "Nowhere/Land".into(),
            primary_color: "#ffff00".into(),
            site_opens_at: "2027-01-02T10:00".into(),
            site_closes_at: "2027-01-01T10:00".into(),
            ..valid_form()
        };
        let errors = bad.parse(Utc::now()).err().unwrap_or_default();
        assert_eq!(errors.get("slug"), Some("error-slug-reserved"));
        assert_eq!(errors.get("name_fr"), Some("error-required"));
        assert_eq!(errors.get("ends_on"), Some("error-ends-before-start"));
        assert_eq!(errors.get("time_zone"), Some("error-time-zone"));
        assert_eq!(errors.get("primary_color"), Some("error-color-contrast"));
        assert_eq!(
            errors.get("site_closes_at"),
            Some("error-closes-before-opens")
        );
    }
}
