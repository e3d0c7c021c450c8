//! One folder (module) per feature; each exposes `routes()`.

pub mod account;
pub mod admin;
pub mod assets;
pub mod ops;
pub mod public_site;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;

/// Every route of the application.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(ops::routes())
        .merge(assets::routes())
        .merge(account::routes())
        .merge(admin::routes())
        .merge(public_site::routes())
        .fallback(|| async { AppError::NotFound })
}
