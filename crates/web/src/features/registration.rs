//! The public registration form (REG-1, REG-2, REG-8).

use crate::state::AppState;
use axum::Router;

/// Routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
}
