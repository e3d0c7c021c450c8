//! Creating, editing and deleting events.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Permission};
use services::events::{EventError, EventForm};
use services::forms::FieldErrors;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/events/new", get(new_event))
        .route("/admin/events", post(create_event))
        .route("/admin/events/{id}", get(edit_event).post(update_event))
        .route("/admin/events/{id}/delete", post(delete_event))
}

#[derive(Template)]
#[template(path = "admin/event_form.html")]
struct EventFormPage {
    ctx: Ctx,
    tabs: Option<EventTabs>,
    form: EventForm,
    errors: FieldErrors,
    idempotency_key: String,
}

impl EventFormPage {
    /// New events are created by the principal; existing ones need the site-content right.
    fn editable(&self) -> bool {
        self.tabs.as_ref().is_none_or(|t| t.can_edit)
    }
}

/// The form fields with the idempotency key of a create form.
#[derive(serde::Deserialize)]
struct CreateEventForm {
    #[serde(flatten)]
    form: EventForm,
    #[serde(default)]
    idempotency_key: String,
}

async fn new_event(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let form = EventForm {
        time_zone: "Europe/Paris".into(),
        primary_color: "#1a5fb4".into(),
        ..EventForm::default()
    };
    page(EventFormPage {
        ctx,
        tabs: None,
        form,
        errors: FieldErrors::new(),
        idempotency_key: services::security::random_token(),
    })
}

async fn create_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(input): Form<CreateEventForm>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    match services::events::create_event(
        &state.db,
        &ctx.actor()?,
        &input.form,
        &input.idempotency_key,
    )
    .await
    {
        Ok(id) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}"),
            "flash-event-created",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            EventFormPage {
                ctx,
                tabs: None,
                form: input.form,
                errors,
                idempotency_key: input.idempotency_key,
            },
        ),
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Internal(e)) => Err(e.into()),
    }
}

async fn edit_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (event, tabs) = event_for(&state, &ctx, id, "settings").await?;
    let form = EventForm::from_row(&event);
    page(EventFormPage {
        ctx,
        tabs: Some(tabs),
        form,
        errors: FieldErrors::new(),
        idempotency_key: String::new(),
    })
}

async fn update_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EventForm>,
) -> Result<Response, AppError> {
    let (_, tabs) = event_for(&state, &ctx, id, "settings").await?;
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    match services::events::update_event(&state.db, &ctx.actor()?, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Invalid(errors)) => page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            EventFormPage {
                ctx,
                tabs: Some(tabs),
                form,
                errors,
                idempotency_key: String::new(),
            },
        ),
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Internal(e)) => Err(e.into()),
    }
}

async fn delete_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    match services::events::delete_event(&state.db, &ctx.actor()?, EventId(id)).await {
        Ok(()) => Ok(redirect_with_flash(
            "/admin",
            "flash-event-deleted",
            state.settings.secure_cookies(),
        )),
        Err(EventError::Internal(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
