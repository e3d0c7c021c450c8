//! Small helpers for turning templates and outcomes into responses.

use crate::cookies;
use crate::error::AppError;
use askama::Template;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// Renders a template into an HTML response.
pub fn page(template: impl Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template with a status (e.g. 422 for a form shown again with errors).
pub fn page_with_status(
    status: axum::http::StatusCode,
    template: impl Template,
) -> Result<Response, AppError> {
    Ok((status, Html(template.render()?)).into_response())
}

/// Redirects after a successful POST, with a one-shot message id to show on arrival.
pub fn redirect_with_flash(to: &str, message_id: &str, secure: bool) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::FLASH, message_id, Some(60), secure),
    );
    response
}

/// Keeps a `next` parameter on this site: a path, never `//host` or a full URL.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}
