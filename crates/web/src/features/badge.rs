//! The participant's electronic badge (PRV-7): name, company, category band and a large QR
//! code to show at the entrance, with the digits under it, and the badge as a PDF. Only for a
//! validated participant of the event; anyone else gets 404.

use crate::context::Ctx;
use crate::error::AppError;
use crate::render::page;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::Response;
use axum::routing::get;
use domain::{EventId, ParticipantId};
use services::event_day::badges;

const BADGE_CSS: &str = include_str!("../../static/badge.css");

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/badge.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    BADGE_CSS,
                )
            }),
        )
        .route("/me/events/{id}/badge", get(badge_page))
        .route("/me/events/{id}/badge.pdf", get(badge_pdf))
}

#[derive(Template)]
#[template(path = "private/badge.html")]
struct BadgePage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    name: String,
    job_title: String,
    company: String,
    category: String,
    band_colour: String,
    qr_svg: String,
    token: String,
}

/// The logged-in person's validated participation in the event, or 404.
async fn mine(state: &AppState, ctx: &Ctx, id: i64) -> Result<ParticipantId, AppError> {
    let viewer = ctx.viewer()?;
    badges::participant_of_user(&state.db, EventId(id), viewer.user.id)
        .await
        .map_err(super::admin::badges_error)
}

async fn badge_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let participant = mine(&state, &ctx, id).await?;
    let event = store::events::find(&state.db, EventId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let card = badges::card(&state.db, EventId(id), participant, ctx.locale)
        .await
        .map_err(super::admin::badges_error)?;
    let token = services::event_day::pass::token_for(&state.db, EventId(id), participant).await?;
    // A validated colour only: it goes into an SVG `fill` attribute (no inline style: CSP).
    let band_colour = card
        .band_colour
        .as_deref()
        .and_then(|c| domain::HexColor::parse(c).ok())
        .map(|c| c.as_str().to_string())
        .unwrap_or_default();
    let svg = badges::qr_svg(&token);
    let qr_svg = svg
        .find("<svg")
        .map_or(svg.clone(), |at| svg[at..].to_string());
    page(BadgePage {
        event_id: event.id,
        slug: event.slug.clone(),
        event_name: super::public_site::pick(ctx.locale, &event.name_fr, &event.name_en),
        name: format!("{} {}", card.first_name, card.last_name)
            .trim()
            .to_string(),
        job_title: card.job_title,
        company: card.company,
        category: card.category,
        band_colour,
        qr_svg,
        token,
        ctx,
    })
}

async fn badge_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let participant = mine(&state, &ctx, id).await?;
    let bytes = badges::pdf_for(
        &state.db,
        &state.files,
        EventId(id),
        participant,
        ctx.locale,
    )
    .await
    .map_err(super::admin::badges_error)?;
    Ok(super::admin::badge_pdf_response(bytes, "badge.pdf"))
}
