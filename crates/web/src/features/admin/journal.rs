//! The audit page (filterable, scoped to the events one manages), the connection log and
//! the outbox (BO-10, NFR-6).

use crate::context::Ctx;
use crate::error::AppError;
use crate::render::{page, redirect_with_flash};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use store::audit::{AuditFilter, AuditRow};
use store::outbox::OutboxRow;
use store::throttle::ConnectionRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(audit_page))
        .route("/admin/connections", get(connections_page))
        .route("/admin/outbox", get(outbox_page))
        .route("/admin/outbox/{id}/retry", post(retry_message))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AuditQuery {
    event: String,
    entity: String,
    action: String,
    actor: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditRow>,
    query: AuditQuery,
}

fn non_empty(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.chars().take(100).collect())
}

async fn audit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let viewer = ctx.back_office()?;
    let event_id = query.event.trim().parse::<i64>().ok();
    let allowed = viewer.back_office_events();
    if let (Some(event), Some(allowed)) = (event_id, &allowed)
        && !allowed.contains(&event)
    {
        return Err(AppError::NotFound);
    }
    let filter = AuditFilter {
        event_id,
        event_ids: allowed,
        entity: non_empty(&query.entity),
        action: non_empty(&query.action),
        actor: non_empty(&query.actor),
        limit: 300,
    };
    let entries = store::audit::list(&state.db, &filter).await?;
    page(AuditPage {
        ctx,
        entries,
        query,
    })
}

#[derive(Template)]
#[template(path = "admin/connections.html")]
struct ConnectionsPage {
    ctx: Ctx,
    lines: Vec<ConnectionRow>,
}

async fn connections_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let lines = store::throttle::recent_connections(&state.db, 300).await?;
    page(ConnectionsPage { ctx, lines })
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    ctx: Ctx,
    messages: Vec<OutboxRow>,
    smtp_configured: bool,
}

async fn outbox_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_principal()?;
    let messages = store::outbox::recent(&state.db, 200).await?;
    page(OutboxPage {
        ctx,
        messages,
        smtp_configured: state.settings.smtp_configured(),
    })
}

async fn retry_message(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require_principal()?;
    if !services::mail::requeue_message(&state.db, &ctx.actor()?, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(
        "/admin/outbox",
        "flash-requeued",
        state.settings.secure_cookies(),
    ))
}
