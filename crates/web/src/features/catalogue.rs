//! The public participants catalogue (PUB-5, PUB-6).

use crate::state::AppState;
use axum::Router;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
}
