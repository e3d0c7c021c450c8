//! Operations: liveness, readiness (database reachable) and Prometheus metrics (NFR-9).

use crate::context::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use services::security::constant_time_eq;
use store::ConnectionTrait;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health/live", get(|| async { "ok" }))
        .route("/health/ready", get(ready))
        .route("/metrics", get(metrics))
}

async fn ready(State(state): State<AppState>) -> Response {
    let backend = state.db.get_database_backend();
    let probe = sea_orm::Statement::from_string(backend, "SELECT 1");
    match state.db.execute_raw(probe).await {
        Ok(_) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness probe failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "database unreachable",
            )
                .into_response()
        }
    }
}

/// Metrics are not public: a scraper presents the configured bearer token, or a principal
/// administrator is logged in.
async fn metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token_ok = match (&state.settings.metrics_token, bearer) {
        (Some(expected), Some(given)) if !expected.is_empty() => constant_time_eq(expected, given),
        _ => false,
    };
    if !token_ok {
        ctx.require_principal()?;
    }
    let body = state
        .metrics
        .as_ref()
        .map(|m| m.render())
        .unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
