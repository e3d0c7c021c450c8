//! The back office: events, their mini-sites and teams, the audit trail, the connection log
//! and the outbox (BO-1, BO-10, EVT-1…5).

mod badges;
mod checkin;
mod documents;
mod emails;
mod events;
mod experts;
mod form_design;
mod grid;
mod journal;
mod lists;
mod meeting_requests;
mod meeting_setup;
mod presence;

pub(crate) use badges::{map_error as badges_error, pdf as badge_pdf_response};
pub(crate) use meeting_setup::impact_page;
mod messages;
mod privacy;
mod registration_edit;
mod registration_files;
mod registrations;
mod scheduling;
mod site;
mod team;

use crate::context::Ctx;
use crate::error::AppError;
use crate::render::page;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum::routing::get;
use domain::{EventId, Permission};
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .merge(events::routes())
        .merge(site::routes())
        .merge(team::routes())
        .merge(journal::routes())
        .merge(registrations::routes())
        .merge(form_design::routes())
        .merge(lists::routes())
        .merge(meeting_setup::routes())
        .merge(emails::routes())
        .merge(privacy::routes())
        .merge(meeting_requests::routes())
        .merge(messages::routes())
        .merge(scheduling::routes())
        .merge(experts::routes())
        .merge(checkin::routes())
        .merge(badges::routes())
        .merge(documents::routes())
        .merge(presence::routes())
}

/// An event as listed in the back office.
struct EventLine {
    id: i64,
    slug: String,
    name: String,
    dates: String,
    published: bool,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    events: Vec<EventLine>,
}

async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let viewer = ctx.back_office()?;
    let rows = match viewer.back_office_events() {
        None => store::events::list_all(&state.db).await?,
        Some(ids) => store::events::list_by_ids(&state.db, &ids).await?,
    };
    let events = rows
        .into_iter()
        .map(|e| EventLine {
            id: e.id,
            name: super::public_site::pick(ctx.locale, &e.name_fr, &e.name_en),
            dates: super::public_site::format_dates(ctx.locale, e.starts_on, e.ends_on),
            published: e.is_published,
            slug: e.slug,
        })
        .collect();
    page(DashboardPage { ctx, events })
}

/// The tabs shown on every page of one event's back office, depending on the rights held.
pub struct EventTabs {
    /// Event id.
    pub id: i64,
    /// Event slug (for the "view site" link).
    pub slug: String,
    /// Event name in the interface language.
    pub name: String,
    /// Current tab.
    pub current: &'static str,
    /// Whether settings, pages, venues, partners and branding may be edited.
    pub can_edit: bool,
    /// Whether the team may be managed (principal only).
    pub can_manage_team: bool,
    /// Whether registrations may be validated.
    pub can_validate: bool,
    /// Whether meetings (sessions, requests, scheduling, experts) may be managed.
    pub can_meet: bool,
    /// Whether the event day (check-in, presence, documents) may be run.
    pub can_checkin: bool,
}

/// Loads an event for the back office, refusing people off its team. An id of another event
/// gives the same 404 as an id that does not exist.
async fn event_for(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    current: &'static str,
) -> Result<(EventRow, EventTabs), AppError> {
    let viewer = ctx.back_office()?;
    let event_id = EventId(id);
    if !viewer.is_team_member(event_id) {
        return Err(AppError::NotFound);
    }
    let event = store::events::find(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tabs = EventTabs {
        id: event.id,
        slug: event.slug.clone(),
        name: super::public_site::pick(ctx.locale, &event.name_fr, &event.name_en),
        current,
        can_edit: viewer
            .permissions_on(event_id)
            .contains(Permission::EditSiteContent),
        can_manage_team: viewer.is_principal(),
        can_validate: viewer
            .permissions_on(event_id)
            .contains(Permission::ValidateRegistrations)
            || store::backoffice::is_coorganizer(&state.db, event_id, viewer.user.id).await?,
        can_meet: viewer
            .permissions_on(event_id)
            .contains(Permission::ManageMeetings),
        can_checkin: viewer
            .permissions_on(event_id)
            .contains(Permission::CheckIn),
    };
    Ok((event, tabs))
}

/// A multipart form read into text fields and at most one file.
#[derive(Default)]
struct UploadForm {
    fields: std::collections::HashMap<String, String>,
    file_name: String,
    file_bytes: Vec<u8>,
}

impl UploadForm {
    fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

async fn read_multipart(
    mut multipart: Multipart,
    file_field: &str,
) -> Result<UploadForm, AppError> {
    let mut form = UploadForm::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest)?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            form.file_name = field.file_name().unwrap_or_default().to_string();
            form.file_bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::BadRequest)?
                .to_vec();
        } else {
            let value = field.text().await.map_err(|_| AppError::BadRequest)?;
            form.fields.insert(name, value);
        }
    }
    Ok(form)
}

/// Message id for an upload refusal.
fn upload_error_key(error: &services::files::UploadError) -> &'static str {
    match error {
        services::files::UploadError::TooLarge => "error-file-too-large",
        services::files::UploadError::WrongType => "error-file-type",
        services::files::UploadError::Empty => "error-file-empty",
        services::files::UploadError::Internal(_) => "error-500",
    }
}
