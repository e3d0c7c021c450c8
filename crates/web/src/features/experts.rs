//! The public list of experts (EXP-1) and asking an expert for a meeting (EXP-2, EXP-3):
//! a validated participant, logged in, sees the criteria they gave at registration and
//! sends the request; the event's mode decides whether it is placed at once.

use crate::context::Ctx;
use crate::error::AppError;
use crate::features::public_site::{format_dates, pick};
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use chrono::Utc;
use domain::EventId;
use services::meetings::experts::{AskOutcome, ExpertError, PublicExpert};
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/experts", get(list))
        .route("/{slug}/experts/{participant}/ask", get(ask_page).post(ask))
}

/// The event's hero around the pages.
struct SiteView {
    slug: String,
    name: String,
    dates: String,
    banner_file_id: Option<i64>,
    is_preview: bool,
}

/// An event whose public site the visitor may see (open, or a preview for its team).
async fn visible_event(state: &AppState, ctx: &Ctx, slug: &str) -> Result<EventRow, AppError> {
    let event = store::events::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let team = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.is_team_member(EventId(event.id)));
    if services::events::site_is_open(&event, Utc::now()) || team {
        Ok(event)
    } else {
        Err(AppError::NotFound)
    }
}

fn site_view(ctx: &Ctx, event: &EventRow) -> SiteView {
    SiteView {
        slug: event.slug.clone(),
        name: pick(ctx.locale, &event.name_fr, &event.name_en),
        dates: format_dates(ctx.locale, event.starts_on, event.ends_on),
        banner_file_id: event.banner_file_id,
        is_preview: !services::events::site_is_open(event, Utc::now()),
    }
}

#[derive(Template)]
#[template(path = "experts.html")]
struct ListPage {
    ctx: Ctx,
    site: SiteView,
    experts: Vec<PublicExpert>,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &ctx, &slug).await?;
    let experts =
        services::meetings::experts::public_experts(&state.db, EventId(event.id), ctx.locale)
            .await?;
    page_with_status(
        StatusCode::OK,
        ListPage {
            site: site_view(&ctx, &event),
            experts,
            ctx,
        },
    )
}

#[derive(Template)]
#[template(path = "expert_ask.html")]
struct AskPage {
    ctx: Ctx,
    site: SiteView,
    expert: PublicExpert,
    criteria: Vec<(String, String)>,
    message: String,
    alert: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AskForm {
    message: String,
}

/// Loads what the ask page shows: the expert (404 when not a listed expert) and the
/// logged-in participant's criteria (403 when not a validated participant).
async fn render_ask(
    state: &AppState,
    ctx: Ctx,
    slug: &str,
    participant: i64,
    message: String,
    alert: Option<(StatusCode, &str)>,
) -> Result<Response, AppError> {
    let event = visible_event(state, &ctx, slug).await?;
    let user = ctx.viewer()?.user.id;
    let expert =
        services::meetings::experts::public_experts(&state.db, EventId(event.id), ctx.locale)
            .await?
            .into_iter()
            .find(|e| e.participant_id == participant)
            .ok_or(AppError::NotFound)?;
    let me = store::meetings::experts::participant_of_user(&state.db, event.id, user)
        .await?
        .filter(|p| p.status == "validated")
        .ok_or(AppError::Forbidden)?;
    let criteria = match me.company_id {
        Some(company) => {
            services::meetings::experts::criteria_of(
                &state.db,
                EventId(event.id),
                company,
                ctx.locale,
            )
            .await?
        }
        None => Vec::new(),
    };
    let status = alert.map(|(s, _)| s).unwrap_or(StatusCode::OK);
    page_with_status(
        status,
        AskPage {
            site: site_view(&ctx, &event),
            alert: alert.map(|(_, key)| ctx.t(key)),
            expert,
            criteria,
            message,
            ctx,
        },
    )
}

async fn ask_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, participant)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    render_ask(&state, ctx, &slug, participant, String::new(), None).await
}

async fn ask(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, participant)): Path<(String, i64)>,
    Form(form): Form<AskForm>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &ctx, &slug).await?;
    let user = ctx.viewer()?.user.id;
    let result = services::meetings::experts::ask_expert(
        &state.db,
        user,
        EventId(event.id),
        participant,
        &form.message,
        &state.settings.base_url(),
    )
    .await;
    let flash = match result {
        Ok((_, AskOutcome::Scheduled(_))) => "expert-asked-scheduled",
        Ok((_, AskOutcome::Waiting)) => "expert-asked-waiting",
        Ok((_, AskOutcome::Confirmed)) => "expert-asked-confirmed",
        Err(ExpertError::NotFound | ExpertError::NotExpert) => return Err(AppError::NotFound),
        Err(ExpertError::NotParticipant) => return Err(AppError::Forbidden),
        Err(ExpertError::Internal(e)) => return Err(e.into()),
        Err(e) => {
            let (status, key) = match e {
                ExpertError::Invalid(_) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "expert-error-message")
                }
                ExpertError::AlreadyAsked => (StatusCode::CONFLICT, "expert-error-already-asked"),
                ExpertError::Unavailable => (StatusCode::CONFLICT, "expert-error-unavailable"),
                ExpertError::NotAllowed => (StatusCode::CONFLICT, "expert-error-not-allowed"),
                _ => (StatusCode::CONFLICT, "expert-error-conflict"),
            };
            return render_ask(
                &state,
                ctx,
                &slug,
                participant,
                form.message,
                Some((status, key)),
            )
            .await;
        }
    };
    Ok(redirect_with_flash(
        &format!("/{slug}/experts"),
        flash,
        state.settings.secure_cookies(),
    ))
}
