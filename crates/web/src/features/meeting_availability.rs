//! The participant's availability for meetings (MTG-1): sessions attended and slots blocked.
//! A change that frees a slot holding one of their meetings shows the meeting and asks
//! whether to cancel it or keep it to be placed again.

use crate::context::Ctx;
use crate::error::AppError;
use crate::features::admin::impact_page;
use crate::render::{page_with_status, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use domain::{EventId, Locale};
use services::forms::FieldErrors;
use services::meetings::setup::SetupError;
use store::events::EventRow;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/me/events/{id}/availability",
        get(availability_page).post(save),
    )
}

struct SlotLine {
    id: i64,
    label: String,
    blocked: bool,
}

struct SessionLine {
    id: i64,
    name: String,
    when: String,
    attended: bool,
    slots: Vec<SlotLine>,
}

#[derive(Template)]
#[template(path = "private/availability.html")]
struct AvailabilityPage {
    ctx: Ctx,
    event_id: i64,
    slug: String,
    event_name: String,
    sessions: Vec<SessionLine>,
    proposed: bool,
    errors: FieldErrors,
}

async fn load(state: &AppState, ctx: &Ctx, id: i64) -> Result<(EventRow, i64), AppError> {
    let user = &ctx.viewer()?.user;
    let event = store::events::find(&state.db, EventId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let participant = store::registration::participant_of_user(&state.db, EventId(id), user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((event, participant.id))
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    event: EventRow,
    participant: i64,
    ticked: Option<(Vec<i64>, Vec<i64>)>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let mine =
        services::meetings::setup::attendance::load(&state.db, event.id, participant).await?;
    let tz: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let hm = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).format("%H:%M").to_string();
    let sessions = mine
        .sessions
        .iter()
        .map(|(s, slots)| SessionLine {
            id: s.id,
            name: if ctx.locale == Locale::En {
                s.name_en.clone()
            } else {
                s.name_fr.clone()
            },
            when: format!(
                "{} · {}–{}",
                s.day.format("%d/%m/%Y"),
                s.starts_local,
                s.ends_local
            ),
            attended: match &ticked {
                Some((sessions, _)) => sessions.contains(&s.id),
                None => mine.attended.contains(&s.id),
            },
            slots: slots
                .iter()
                .map(|slot| SlotLine {
                    id: slot.id,
                    label: format!("{}–{}", hm(slot.starts_at), hm(slot.ends_at)),
                    blocked: match &ticked {
                        Some((_, blocked)) => blocked.contains(&slot.id),
                        None => mine.blocked.contains(&slot.id),
                    },
                })
                .collect(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page_with_status(
        status,
        AvailabilityPage {
            event_id: event.id,
            slug: event.slug.clone(),
            event_name: if ctx.locale == Locale::En {
                event.name_en.clone()
            } else {
                event.name_fr.clone()
            },
            sessions,
            proposed: mine.proposed,
            errors,
            ctx,
        },
    )
}

async fn availability_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (event, participant) = load(&state, &ctx, id).await?;
    render(&state, ctx, event, participant, None, FieldErrors::new()).await
}

fn ids(pairs: &[(String, String)], name: &str) -> Vec<i64> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.parse().ok())
        .collect()
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (event, participant) = load(&state, &ctx, id).await?;
    let sessions = ids(&pairs, "session");
    let blocked = ids(&pairs, "block");
    let impact = pairs
        .iter()
        .find(|(k, _)| k == "impact")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let base = state.settings.base_url();
    match services::meetings::setup::attendance::save(
        &state.db,
        &event,
        participant,
        &sessions,
        &blocked,
        impact,
        &base,
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/me/events/{id}/availability"),
            "setup-availability-saved",
            state.settings.secure_cookies(),
        )),
        Err(SetupError::Invalid(errors)) => {
            render(
                &state,
                ctx,
                event,
                participant,
                Some((sessions, blocked)),
                errors,
            )
            .await
        }
        Err(SetupError::Impacted(impacts)) => {
            let action = format!("/me/events/{id}/availability");
            impact_page(ctx, None, &event, impacts, action.clone(), action, &pairs)
        }
        Err(SetupError::NotFound) => Err(AppError::NotFound),
        Err(SetupError::Internal(e)) => Err(e.into()),
    }
}
