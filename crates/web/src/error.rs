//! The one error type at the web edge. Handlers return `AppError`; the error-page
//! middleware turns it into a friendly, translated page with the request id, and logs
//! internal causes once. No internals ever reach the browser.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// What went wrong, as the visitor should understand it.
#[derive(Debug)]
pub enum AppError {
    /// Nothing here (also used for another event's ids: no hint that they exist).
    NotFound,
    /// Logged in but not allowed.
    Forbidden,
    /// Must log in first; carries the path to come back to.
    LoginRequired(String),
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// The request itself is malformed.
    BadRequest,
    /// A failure we must fix; the cause is logged, not shown.
    Internal(String),
}

/// Marker put on error responses so that the error-page middleware renders them.
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    /// Message id of the page's explanation.
    pub message: &'static str,
    /// Cause to log (internal errors only).
    pub cause: Option<String>,
}

impl From<services::InternalError> for AppError {
    fn from(e: services::InternalError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<store::DbErr> for AppError {
    fn from(e: store::DbErr) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message, cause) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-404", None),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-403", None),
            AppError::Csrf => (StatusCode::FORBIDDEN, "error-csrf", None),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, "error-400", None),
            AppError::Internal(cause) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "error-500", Some(cause))
            }
            AppError::LoginRequired(next) => {
                let next = percent_encoding::utf8_percent_encode(
                    &next,
                    percent_encoding::NON_ALPHANUMERIC,
                );
                return Redirect::to(&format!("/login?next={next}")).into_response();
            }
        };
        let mut response = status.into_response();
        response
            .extensions_mut()
            .insert(ErrorMarker { message, cause });
        response
    }
}
