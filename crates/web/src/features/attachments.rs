//! Downloading files attached to offers and requests (REG-2, PUB-5): typed from their
//! content when they were received, served under their id (never a path the user chose),
//! with `nosniff` and a `Content-Disposition`; only images are shown inline.

use crate::context::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use domain::{EventId, Locale};
use store::attachments::AttachmentRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/attachments/{id}", get(download))
        .route(
            "/{slug}/participants/{company}/files/{key}",
            get(answer_file),
        )
}

/// A link to an attached file, as listed on a page.
pub(crate) struct AttachmentLink {
    /// Its id (forms that remove it).
    pub id: i64,
    /// Where to download it.
    pub href: String,
    /// The sender's file name (sanitised).
    pub name: String,
    /// Its size for people ("240 Ko").
    pub size: String,
}

impl AttachmentLink {
    /// The link of an attachment of the event `slug`.
    pub fn new(locale: Locale, slug: &str, row: &AttachmentRow) -> AttachmentLink {
        let kb = (row.size_bytes + 1023) / 1024;
        AttachmentLink {
            id: row.id,
            href: format!("/{slug}/attachments/{}", row.id),
            name: row.original_name.clone(),
            size: services::i18n::t_args(locale, "attach-size-kb", &[("kb", kb.to_string())]),
        }
    }
}

async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let event = store::events::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let event_id = EventId(event.id);
    let (row, insider) =
        services::attachments::readable(&state.db, ctx.viewer.as_ref(), event_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
    if !insider && !services::events::site_is_open(&event, Utc::now()) {
        return Err(AppError::NotFound);
    }
    let bytes = state
        .files
        .get(&row.storage_key)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = if row.content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, row.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                crate::uploads::content_disposition(kind, &row.original_name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// A company's answer to a file field (REG-3): public when the field is public and the
/// company validated, otherwise for the event's team and the company's people.
async fn answer_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, company, key)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let company: i64 = company.parse().map_err(|_| AppError::NotFound)?;
    let event = store::events::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (storage, content_type, name, insider) = services::form_fields::readable_file(
        &state.db,
        ctx.viewer.as_ref(),
        EventId(event.id),
        company,
        &key,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    if !insider && !services::events::site_is_open(&event, Utc::now()) {
        return Err(AppError::NotFound);
    }
    let bytes = state.files.get(&storage).await?.ok_or(AppError::NotFound)?;
    let kind = if content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                crate::uploads::content_disposition(kind, &name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        bytes,
    )
        .into_response())
}
