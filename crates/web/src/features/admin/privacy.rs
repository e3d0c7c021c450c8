//! The privacy notice under the registration form, per event and language (REG-8): edit,
//! see the default text and the version in force, restore the default.

use super::{EventTabs, event_for};
use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use domain::{EventId, Locale, Permission};
use services::forms::FieldErrors;
use services::privacy::{NoticeForm, PrivacyError};
use store::events::EventRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/events/{id}/privacy",
            get(notice_page).post(save_notice),
        )
        .route("/admin/events/{id}/privacy/reset", post(reset_notice))
}

/// One language of the notice as shown on the page.
struct LanguageView {
    /// `fr` or `en`.
    lang: &'static str,
    /// Form field name.
    field: &'static str,
    /// Label message id.
    label: &'static str,
    /// The text typed or stored (empty: the default applies).
    value: String,
    /// The default text, in paragraphs.
    default_paragraphs: Vec<String>,
    /// Whether the default text is in force.
    uses_default: bool,
    /// Version of the text in force (what new consents record).
    version: String,
}

#[derive(Template)]
#[template(path = "admin/privacy.html")]
struct NoticePage {
    ctx: Ctx,
    tabs: EventTabs,
    languages: Vec<LanguageView>,
    errors: FieldErrors,
}

async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> Result<(EventRow, EventTabs), AppError> {
    let (event, tabs) = event_for(state, ctx, id, "privacy").await?;
    ctx.require(EventId(id), Permission::EditSiteContent)?;
    Ok((event, tabs))
}

fn render(
    ctx: Ctx,
    tabs: EventTabs,
    event: &EventRow,
    form: &NoticeForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let language = |locale: Locale, field, label, value: &String, stored: &String| {
        let in_force = services::privacy::notice(event, locale);
        LanguageView {
            lang: locale.code(),
            field,
            label,
            value: value.clone(),
            default_paragraphs: services::privacy::paragraphs(&services::privacy::default_notice(
                locale,
            )),
            uses_default: stored.trim().is_empty(),
            version: services::privacy::version(&in_force),
        }
    };
    let languages = vec![
        language(
            Locale::Fr,
            "notice_fr",
            "privacy-field-fr",
            &form.notice_fr,
            &event.privacy_notice_fr,
        ),
        language(
            Locale::En,
            "notice_en",
            "privacy-field-en",
            &form.notice_en,
            &event.privacy_notice_en,
        ),
    ];
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        NoticePage {
            ctx,
            tabs,
            languages,
            errors,
        },
    )
}

fn map_error(error: PrivacyError) -> AppError {
    match error {
        PrivacyError::NotFound | PrivacyError::Invalid(_) => AppError::NotFound,
        PrivacyError::Internal(e) => e.into(),
    }
}

async fn notice_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (event, tabs) = editable(&state, &ctx, id).await?;
    let form = NoticeForm::from_row(&event);
    render(ctx, tabs, &event, &form, FieldErrors::new())
}

async fn save_notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<NoticeForm>,
) -> Result<Response, AppError> {
    let (event, tabs) = editable(&state, &ctx, id).await?;
    match services::privacy::save_notice(&state.db, &ctx.actor()?, EventId(id), &form).await {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/events/{id}/privacy"),
            "flash-saved",
            state.settings.secure_cookies(),
        )),
        Err(PrivacyError::Invalid(errors)) => render(ctx, tabs, &event, &form, errors),
        Err(e) => Err(map_error(e)),
    }
}

async fn reset_notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    editable(&state, &ctx, id).await?;
    services::privacy::reset_notice(&state.db, &ctx.actor()?, EventId(id))
        .await
        .map_err(map_error)?;
    Ok(redirect_with_flash(
        &format!("/admin/events/{id}/privacy"),
        "privacy-flash-reset",
        state.settings.secure_cookies(),
    ))
}
