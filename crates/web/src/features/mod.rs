//! One folder (module) per feature; each exposes `routes()`.

pub mod account;
pub mod admin;
pub mod agenda;
pub mod assets;
pub mod attachments;
pub mod badge;
pub mod catalogue;
pub mod experts;
pub mod form_view;
pub mod meeting_availability;
pub mod meeting_requests;
pub mod messages;
pub mod ops;
pub mod private_area;
pub mod public_site;
pub mod registration;
pub mod suggestions;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;

/// Every route of the application.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(ops::routes())
        .merge(assets::routes())
        .merge(attachments::routes())
        .merge(account::routes())
        .merge(admin::routes())
        .merge(catalogue::routes())
        .merge(experts::routes())
        .merge(registration::routes())
        .merge(suggestions::routes())
        .merge(meeting_requests::routes())
        .merge(private_area::routes())
        .merge(badge::routes())
        .merge(meeting_availability::routes())
        .merge(agenda::routes())
        .merge(messages::routes())
        .merge(public_site::routes())
        .fallback(|| async { AppError::NotFound })
}
