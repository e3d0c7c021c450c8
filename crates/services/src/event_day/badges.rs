//! Badges (CHK-5, PRV-7): one participant's badge, everyone's badges, and the badge attached
//! to the confirmation email (REG-7).
//!
//! - `settings`: the badge settings page (format, fields, colour band per participant
//!   category, logos, what the confirmation email carries), saved and audited.
//! - `email`: the confirmation email's badge link, programme and attached badge PDF.
//! - here: the data printed on a badge (`BadgePerson`, `Branding`) and rendering, always in
//!   `spawn_blocking` (typst is CPU-heavy); re-issuing and revoking a badge.

mod email;
mod settings;

pub use documents::qr_svg;
pub use email::{attachment_pdf, enqueue_confirmation, send_step_to, validated_step};
pub use settings::{
    BadgeForm, CategoryColour, FormatChoice, format_choices, save_settings, settings_form,
};

use super::jobs::{JobFailure, Progress};
use super::{BadgeSettings, pass};
use crate::audit::{Actor, Change, record};
use crate::files::FileStore;
use crate::forms::FieldErrors;
use crate::taxonomy::{Taxonomy, Vocabulary};
use crate::{InternalError, database_errors_are_internal};
use chrono::Utc;
use documents::{BadgeFormat, BadgeLayout, BadgePerson, Branding, Image};
use domain::{EventId, Locale, ParticipantId};
use std::collections::HashMap;
use store::badges::BadgeRow;
use store::events::EventRow;
use store::{ConnectionTrait, DatabaseConnection};

/// At most this many logos on a badge.
const MAX_LOGOS: usize = 3;

/// Failure of a badge action.
#[derive(Debug, thiserror::Error)]
pub enum BadgeError {
    /// Input errors to show on the form.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such event, or no validated participant with that id in it.
    #[error("not found")]
    NotFound,
    /// Rendering failed.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

database_errors_are_internal!(BadgeError);

impl From<documents::DocumentError> for BadgeError {
    fn from(e: documents::DocumentError) -> Self {
        BadgeError::Internal(InternalError::Other(format!("badge rendering: {e}")))
    }
}

/// The paper layout of the event's settings (an unknown format prints single badges).
pub fn layout(settings: &BadgeSettings) -> BadgeLayout {
    BadgeLayout {
        format: BadgeFormat::parse(&settings.format).unwrap_or(BadgeFormat::Single),
        show_company: settings.show_company,
        show_job_title: settings.show_job_title,
        show_country: settings.show_country,
        show_category: settings.show_category,
    }
}

/// What a badge shows about one person, in a language, before the QR payload is added.
#[derive(Debug, Clone)]
pub struct BadgeCard {
    /// Participant id.
    pub participant_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Company name (empty without one).
    pub company: String,
    /// Job title in the badge's language.
    pub job_title: String,
    /// Country name in the badge's language.
    pub country: String,
    /// Participant category label (empty without one).
    pub category: String,
    /// Colour band of the category, if the organizer chose one.
    pub band_colour: Option<String>,
}

impl BadgeCard {
    fn new(
        row: &BadgeRow,
        category: Option<&String>,
        taxonomy: &Taxonomy,
        settings: &BadgeSettings,
        locale: Locale,
    ) -> BadgeCard {
        let p = &row.participant;
        // The badge's language first, else the other one.
        let english = (locale == Locale::En && !p.job_title_en.trim().is_empty())
            || p.job_title_fr.trim().is_empty();
        let job_title = if english {
            &p.job_title_en
        } else {
            &p.job_title_fr
        };
        let (company, country) = row.company.as_ref().map_or_else(Default::default, |c| {
            let country = if c.country.trim().is_empty() {
                String::new()
            } else {
                domain::countries::name(&c.country, locale)
            };
            (c.name.clone(), country)
        });
        let band_colour = category.and_then(|code| {
            settings
                .category_colours
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, colour)| colour.clone())
        });
        BadgeCard {
            participant_id: p.id,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            company,
            job_title: job_title.clone(),
            country,
            category: category
                .map(|code| taxonomy.label(Vocabulary::ParticipantCategory, code, locale))
                .unwrap_or_default(),
            band_colour,
        }
    }

    fn printed(self, qr_payload: String) -> BadgePerson {
        BadgePerson {
            first_name: self.first_name,
            last_name: self.last_name,
            company: self.company,
            job_title: self.job_title,
            country: self.country,
            category: self.category,
            band_colour: self.band_colour,
            qr_payload,
        }
    }
}

/// The cards of the event's validated participants (all, or those listed), by name.
pub async fn cards(
    db: &impl ConnectionTrait,
    event: EventId,
    only: Option<&[i64]>,
    locale: Locale,
) -> Result<Vec<BadgeCard>, BadgeError> {
    let settings = super::load(db, event).await?.badge;
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let categories: HashMap<i64, String> = store::badges::categories(db, event).await?;
    Ok(store::badges::validated(db, event, only)
        .await?
        .iter()
        .map(|row| {
            BadgeCard::new(
                row,
                categories.get(&row.participant.id),
                &taxonomy,
                &settings,
                locale,
            )
        })
        .collect())
}

/// One validated participant's card, or `NotFound`.
pub async fn card(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
    locale: Locale,
) -> Result<BadgeCard, BadgeError> {
    cards(db, event, Some(&[participant.0]), locale)
        .await?
        .into_iter()
        .next()
        .ok_or(BadgeError::NotFound)
}

/// Only PNG and JPEG logos go on paper (WebP and GIF banners are skipped).
fn printable(bytes: &[u8]) -> bool {
    matches!(
        crate::files::ImageType::sniff(bytes),
        Some(crate::files::ImageType::Png | crate::files::ImageType::Jpeg)
    )
}

async fn file_bytes(
    db: &impl ConnectionTrait,
    files: &FileStore,
    file_id: i64,
) -> Result<Option<Vec<u8>>, InternalError> {
    let Some(row) = store::files::find(db, file_id).await? else {
        return Ok(None);
    };
    Ok(files.get(&row.storage_key).await?.filter(|b| printable(b)))
}

/// The event's look on badges: name in the language, colour, banner and partners' logos as
/// the settings ask (at most three, PNG or JPEG only).
pub async fn branding(
    db: &impl ConnectionTrait,
    files: &FileStore,
    event: &EventRow,
    settings: &BadgeSettings,
    locale: Locale,
) -> Result<Branding, InternalError> {
    let mut logos = Vec::new();
    if settings.show_event_logo
        && let Some(id) = event.banner_file_id
        && let Some(bytes) = file_bytes(db, files, id).await?
    {
        logos.push(Image { bytes });
    }
    if settings.show_partner_logos {
        for partner in store::events::partners(db, EventId(event.id)).await? {
            if logos.len() >= MAX_LOGOS {
                break;
            }
            if let Some(id) = partner.logo_file_id
                && let Some(bytes) = file_bytes(db, files, id).await?
            {
                logos.push(Image { bytes });
            }
        }
    }
    let event_name = if locale == Locale::En && !event.name_en.trim().is_empty() {
        event.name_en.clone()
    } else {
        event.name_fr.clone()
    };
    Ok(Branding {
        event_name,
        colour: event.primary_color.clone(),
        logos,
        venue_line: String::new(),
    })
}

/// Renders badges on a blocking thread.
async fn render(
    branding: Branding,
    layout: BadgeLayout,
    people: Vec<BadgePerson>,
    locale: Locale,
    progress: Progress,
) -> Result<Vec<u8>, BadgeError> {
    let outcome = tokio::task::spawn_blocking(move || {
        documents::badges(&branding, &layout, &people, locale, &|done, total| {
            progress.report(done, total);
        })
    })
    .await
    .map_err(|e| InternalError::Other(format!("badge rendering thread: {e}")))?;
    Ok(outcome?)
}

/// Everything needed to print badges of an event.
async fn prepare(
    db: &impl ConnectionTrait,
    files: &FileStore,
    event: EventId,
    locale: Locale,
) -> Result<(Branding, BadgeLayout), BadgeError> {
    let row = store::events::find(db, event)
        .await?
        .ok_or(BadgeError::NotFound)?;
    let settings = super::load(db, event).await?.badge;
    let branding = branding(db, files, &row, &settings, locale).await?;
    Ok((branding, layout(&settings)))
}

/// One validated participant's badge as a PDF (participant download, the organizer's "print
/// one badge", the confirmation email). Another event's or a non-validated person: `NotFound`.
pub async fn pdf_for(
    db: &impl ConnectionTrait,
    files: &FileStore,
    event: EventId,
    participant: ParticipantId,
    locale: Locale,
) -> Result<Vec<u8>, BadgeError> {
    let card = card(db, event, participant, locale).await?;
    let token = pass::token_for(db, event, participant).await?;
    let (branding, mut layout) = prepare(db, files, event, locale).await?;
    // One person's badge (their page, their email) is a whole badge, not one cell of a sheet;
    // a label printer's format stays as it is.
    if matches!(
        layout.format,
        BadgeFormat::A4Sheet | BadgeFormat::LabelSheetA4
    ) {
        layout.format = BadgeFormat::Single;
    }
    render(
        branding,
        layout,
        vec![card.printed(token)],
        locale,
        Progress::ignored(),
    )
    .await
}

/// A sample badge with the event's current settings (the settings page's preview).
pub async fn sample_pdf(
    db: &impl ConnectionTrait,
    files: &FileStore,
    event: EventId,
    locale: Locale,
) -> Result<Vec<u8>, BadgeError> {
    let (branding, layout) = prepare(db, files, event, locale).await?;
    let settings = super::load(db, event).await?.badge;
    let taxonomy = crate::taxonomy::load(db, event).await?;
    let first = taxonomy
        .terms(Vocabulary::ParticipantCategory)
        .first()
        .cloned();
    let person = BadgePerson {
        first_name: "Éloïse".into(),
        last_name: "Martin".into(),
        company: crate::i18n::t(locale, "badges-sample-company"),
        job_title: crate::i18n::t(locale, "badges-sample-job"),
        country: domain::countries::name("FR", locale),
        category: first
            .as_ref()
            .map(|t| t.label(locale).to_string())
            .unwrap_or_default(),
        band_colour: first.and_then(|t| {
            settings
                .category_colours
                .iter()
                .find(|(c, _)| *c == t.code)
                .map(|(_, colour)| colour.clone())
        }),
        qr_payload: "0".repeat(61),
    };
    render(branding, layout, vec![person], locale, Progress::ignored()).await
}

/// Badges of all validated participants (`None`) or of those listed, in one PDF, for the bulk
/// "Badges" document job; reports progress. Tokens come from one bulk query.
pub async fn render_for(
    db: &DatabaseConnection,
    files: &FileStore,
    event: EventId,
    participants: Option<Vec<ParticipantId>>,
    locale: Locale,
    progress: Progress,
) -> Result<Vec<u8>, JobFailure> {
    let only: Option<Vec<i64>> = participants.map(|ids| ids.iter().map(|p| p.0).collect());
    let fail = |e: BadgeError| match e {
        BadgeError::NotFound => JobFailure(crate::i18n::t(locale, "badges-job-not-found")),
        BadgeError::Invalid(_) => JobFailure(crate::i18n::t(locale, "badges-job-not-found")),
        BadgeError::Internal(e) => JobFailure::from(e),
    };
    let cards = cards(db, event, only.as_deref(), locale)
        .await
        .map_err(fail)?;
    if cards.is_empty() {
        return Err(JobFailure(crate::i18n::t(locale, "badges-job-nobody")));
    }
    let ids: Vec<ParticipantId> = cards
        .iter()
        .map(|c| ParticipantId(c.participant_id))
        .collect();
    let tokens = pass::tokens_for(db, event, &ids).await?;
    let people: Vec<BadgePerson> = cards
        .into_iter()
        .zip(tokens)
        .map(|(card, token)| card.printed(token))
        .collect();
    let (branding, layout) = prepare(db, files, event, locale).await.map_err(fail)?;
    render(branding, layout, people, locale, progress)
        .await
        .map_err(fail)
}

/// The state of a participant's badge, for the organizer's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassState {
    /// Badge generation in force (1 until re-issued).
    pub generation: i32,
    /// Whether the badge is revoked (admits nobody until re-issued).
    pub revoked: bool,
}

/// The participant's badge state (`NotFound` when not a participant of the event).
pub async fn pass_state(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
) -> Result<PassState, BadgeError> {
    store::badges::one(db, event, participant.0)
        .await?
        .ok_or(BadgeError::NotFound)?;
    Ok(
        match store::event_day::badge_pass(db, event.0, participant.0).await? {
            Some(row) => PassState {
                generation: row.generation,
                revoked: row.revoked_at.is_some(),
            },
            None => PassState {
                generation: 1,
                revoked: false,
            },
        },
    )
}

/// What the organizer does to a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassAction {
    /// A new badge: the old one stops admitting (lost badge).
    Reissue,
    /// No badge of this person admits until re-issued.
    Revoke,
}

/// Re-issues or revokes a participant's badge, audited in the same transaction.
pub async fn change_pass(
    db: &DatabaseConnection,
    actor: &Actor,
    event: EventId,
    participant: ParticipantId,
    action: PassAction,
) -> Result<PassState, BadgeError> {
    let now = Utc::now();
    let txn = store::begin_write(db).await?;
    let before = pass_state(&txn, event, participant).await?;
    let verb = match action {
        PassAction::Reissue => {
            pass::reissue(&txn, event, participant).await?;
            "reissue"
        }
        PassAction::Revoke => {
            pass::revoke(&txn, event, participant).await?;
            "revoke"
        }
    };
    let after = pass_state(&txn, event, participant).await?;
    let change = Change {
        event: Some(event),
        action: verb,
        entity: "badge_pass",
        entity_id: participant.0.to_string(),
        before: Some(&(before.generation, before.revoked)),
        after: Some(&(after.generation, after.revoked)),
    };
    record(&txn, actor, change, now).await?;
    txn.commit().await?;
    Ok(after)
}

/// The validated participant registered with this account, or `NotFound`.
pub async fn participant_of_user(
    db: &impl ConnectionTrait,
    event: EventId,
    user_id: i64,
) -> Result<ParticipantId, BadgeError> {
    match store::registration::participant_of_user(db, event, user_id).await? {
        Some(p) if p.status == store::badges::VALIDATED => Ok(ParticipantId(p.id)),
        _ => Err(BadgeError::NotFound),
    }
}
