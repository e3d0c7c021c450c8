//! Badges in the back office (CHK-5, REG-7): the settings page with a sample preview, one
//! participant's badge PDF for printing on the spot, and re-issuing or revoking a badge.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, ParticipantId, Permission};
use services::event_day::badges::{self, BadgeError, BadgeForm, PassAction};
use services::forms::FieldErrors;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/events/{id}/badges",
            get(settings_page).post(save_settings),
        )
        .route("/admin/events/{id}/badges/preview.pdf", get(preview))
        .route(
            "/admin/events/{id}/participants/{pid}/badge",
            get(participant_page),
        )
        .route(
            "/admin/events/{id}/participants/{pid}/badge.pdf",
            get(participant_pdf),
        )
        .route(
            "/admin/events/{id}/participants/{pid}/badge/reissue",
            post(reissue),
        )
        .route(
            "/admin/events/{id}/participants/{pid}/badge/revoke",
            post(revoke),
        )
}

pub(crate) fn map_error(e: BadgeError) -> AppError {
    match e {
        BadgeError::NotFound | BadgeError::Invalid(_) => AppError::NotFound,
        BadgeError::Internal(e) => e.into(),
    }
}

/// A PDF answer, shown in the browser (`inline`) under a file name.
pub(crate) fn pdf(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// One paper format in the select list.
struct FormatOption {
    code: String,
    label: String,
}

#[derive(Template)]
#[template(path = "admin/badges.html")]
struct SettingsPage {
    ctx: Ctx,
    tabs: EventTabs,
    form: BadgeForm,
    formats: Vec<FormatOption>,
    errors: FieldErrors,
}

impl SettingsPage {
    fn pass_checked(&self, code: &str) -> bool {
        self.form.confirmation_pass == code
    }
}

async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let (_, tabs) = event_for(state, ctx, id, "badges").await?;
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    Ok(tabs)
}

fn render_settings(
    ctx: Ctx,
    tabs: EventTabs,
    form: BadgeForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let formats = badges::format_choices()
        .into_iter()
        .map(|choice| FormatOption {
            label: match choice.size {
                Some((w, h)) => services::i18n::t_args(
                    ctx.locale,
                    choice.label_id,
                    &[("w", w.to_string()), ("h", h.to_string())],
                ),
                None => ctx.t(choice.label_id),
            },
            code: choice.code,
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        SettingsPage {
            ctx,
            tabs,
            form,
            formats,
            errors,
        },
    )
}

async fn settings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let form = badges::settings_form(&state.db, EventId(id), ctx.locale)
        .await
        .map_err(map_error)?;
    render_settings(ctx, tabs, form, FieldErrors::new())
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tabs = editable(&state, &ctx, id).await?;
    let current = badges::settings_form(&state.db, EventId(id), ctx.locale)
        .await
        .map_err(map_error)?;
    let form = BadgeForm::from_pairs(&pairs, &current.colours);
    match badges::save_settings(&state.db, &ctx.actor()?, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/badges"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(BadgeError::Invalid(errors)) => render_settings(ctx, tabs, form, errors),
        Err(e) => Err(map_error(e)),
    }
}

async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id).await?;
    let bytes = badges::sample_pdf(&state.db, &state.files, EventId(id), ctx.locale)
        .await
        .map_err(map_error)?;
    Ok(pdf(bytes, "badge-preview.pdf"))
}

/// The desk's rights: check-in or validating registrations.
async fn desk(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventTabs, AppError> {
    let (_, tabs) = event_for(state, ctx, id, "badges").await?;
    let rights = ctx.viewer()?.permissions_on(EventId(id));
    if rights.contains(Permission::CheckIn) || rights.contains(Permission::ValidateRegistrations) {
        Ok(tabs)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Template)]
#[template(path = "admin/badge_participant.html")]
struct ParticipantPage {
    ctx: Ctx,
    tabs: EventTabs,
    pid: i64,
    name: String,
    company: String,
    category: String,
    generation: i32,
    revoked: bool,
}

async fn participant_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let tabs = desk(&state, &ctx, id).await?;
    let event = EventId(id);
    let card = badges::card(&state.db, event, ParticipantId(pid), ctx.locale)
        .await
        .map_err(map_error)?;
    let pass = badges::pass_state(&state.db, event, ParticipantId(pid))
        .await
        .map_err(map_error)?;
    page(ParticipantPage {
        ctx,
        tabs,
        pid,
        name: format!("{} {}", card.first_name, card.last_name)
            .trim()
            .to_string(),
        company: card.company,
        category: card.category,
        generation: pass.generation,
        revoked: pass.revoked,
    })
}

async fn participant_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    desk(&state, &ctx, id).await?;
    let bytes = badges::pdf_for(
        &state.db,
        &state.files,
        EventId(id),
        ParticipantId(pid),
        ctx.locale,
    )
    .await
    .map_err(map_error)?;
    Ok(pdf(bytes, &format!("badge-{pid}.pdf")))
}

async fn change(
    state: AppState,
    ctx: Ctx,
    id: i64,
    pid: i64,
    action: PassAction,
) -> Result<Response, AppError> {
    desk(&state, &ctx, id).await?;
    badges::change_pass(
        &state.db,
        &ctx.actor()?,
        EventId(id),
        ParticipantId(pid),
        action,
    )
    .await
    .map_err(map_error)?;
    let flash = match action {
        PassAction::Reissue => "badges-flash-reissued",
        PassAction::Revoke => "badges-flash-revoked",
    };
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/participants/{pid}/badge"),
        flash,
        state.settings.secure_cookies(),
    ))
}

async fn reissue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    change(state, ctx, id, pid, PassAction::Reissue).await
}

async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    change(state, ctx, id, pid, PassAction::Revoke).await
}
