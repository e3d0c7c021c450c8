//! Middleware around every route: request ids, metrics, security headers, friendly error
//! pages and CSRF protection.

use crate::context::{CsrfToken, Ctx, RequestId};
use crate::cookies;
use crate::error::{AppError, ErrorMarker};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use domain::Locale;
use services::auth::ClientInfo;
use services::i18n::Translator;
use services::security::{csrf_matches, random_token};
use std::time::Instant;
use tower_http::compression::CompressionLayer;

/// Largest form body read for the CSRF check (multipart uploads carry the token in the URL).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Wraps the routes with every middleware, outermost first in reading order.
pub fn wrap(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(from_fn_with_state(state.clone(), csrf))
        .layer(from_fn_with_state(state.clone(), error_pages))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .layer(from_fn(metrics))
        .layer(from_fn(request_id))
        .layer(axum::extract::DefaultBodyLimit::max(
            state.settings.max_upload_bytes + 64 * 1024,
        ))
        // Pages are text and shrink five to ten times: the check-in desk's list of 1,500
        // people goes from about 1 MB to about 100 KB on venue Wi-Fi. Safe with the CSRF token
        // masked per response (`security::mask_csrf`), the one secret pages echo.
        .layer(CompressionLayer::new())
        .with_state(state)
}

async fn request_id(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span =
        tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path());
    let _enter = span.enter();
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

async fn metrics(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(
        headers,
        "referrer-policy",
        "strict-origin-when-cross-origin",
    );
    set(
        headers,
        "permissions-policy",
        "camera=(self), microphone=(), geolocation=(), payment=()",
    );
    set(headers, "cross-origin-opener-policy", "same-origin");
    if !is_static && !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, "cache-control", "no-store");
    }
    if state.settings.secure_cookies() {
        set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: Ctx,
    status: u16,
    message: String,
}

/// Turns error responses (ours, axum's rejections, unmatched routes) into a friendly page
/// in the visitor's language with the request id; logs internal causes once.
async fn error_pages(req: Request, next: Next) -> Response {
    let locale = cookies::get(req.headers(), cookies::LANG)
        .and_then(|c| Locale::parse(&c))
        .unwrap_or_else(|| {
            Locale::from_accept_language(
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        });
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let wants_json = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    let status = response.status();
    let marker = response.extensions().get::<ErrorMarker>().cloned();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || (marker.is_none() && is_html) {
        return response;
    }
    let message = marker.as_ref().map(|m| m.message).unwrap_or(match status {
        StatusCode::NOT_FOUND => "error-404",
        StatusCode::FORBIDDEN => "error-403",
        StatusCode::PAYLOAD_TOO_LARGE => "error-413",
        s if s.is_server_error() => "error-500",
        _ => "error-400",
    });
    if let Some(cause) = marker.as_ref().and_then(|m| m.cause.as_ref()) {
        tracing::error!(request_id = %request_id, cause = %cause, "internal error");
    }
    let tr = Translator(locale);
    if wants_json {
        let body = serde_json::json!({"error": tr.t(message), "request_id": request_id});
        return (status, axum::Json(body)).into_response();
    }
    let page = ErrorPage {
        ctx: Ctx {
            locale,
            tr,
            viewer: None,
            csrf: String::new(),
            path: "/".into(),
            flash: None,
            request_id,
            client: ClientInfo::default(),
            session_token: None,
        },
        status: status.as_u16(),
        message: tr.t(message),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, "Error").into_response(),
    }
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Double-submit CSRF protection plus an Origin check. Every browser gets a random token
/// in an HttpOnly cookie; every state-changing request must echo it in a `csrf` form field,
/// a `csrf` query parameter (multipart uploads) or an `x-csrf-token` header. Being
/// stateless, it works identically across instances.
async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let existing = cookies::get(req.headers(), cookies::CSRF).filter(|t| t.len() == 43);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(random_token);
    let secure = state.settings.secure_cookies();
    let mut req = req;
    req.extensions_mut().insert(CsrfToken(token.clone()));
    if is_state_changing(req.method()) {
        match verify_csrf(req, &token, fresh).await {
            Ok(checked) => req = checked,
            Err(error) => {
                let mut response = error.into_response();
                if fresh {
                    response.headers_mut().append(
                        header::SET_COOKIE,
                        cookies::set(cookies::CSRF, &token, None, secure),
                    );
                }
                return response;
            }
        }
    }
    let had_flash = cookies::get(req.headers(), cookies::FLASH).is_some();
    let mut response = next.run(req).await;
    if fresh {
        response.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(cookies::CSRF, &token, None, secure),
        );
    }
    if had_flash && response.status() == StatusCode::OK {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookies::clear(cookies::FLASH, secure));
    }
    response
}

async fn verify_csrf(req: Request, token: &str, fresh: bool) -> Result<Request, AppError> {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| url::Url::parse(o).ok())
            .map(|u| match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or("")),
                None => u.host_str().unwrap_or("").to_string(),
            });
        if origin_host.as_deref() != Some(host) {
            return Err(AppError::Csrf);
        }
    }
    if fresh {
        return Err(AppError::Csrf);
    }
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
    });
    if let Some(provided) = from_header.or(from_query) {
        return if csrf_matches(&provided, token) {
            Ok(req)
        } else {
            Err(AppError::Csrf)
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let provided = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !csrf_matches(&provided, token) {
        return Err(AppError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use axum::routing::get;
    use tower::ServiceExt;

    // REQ: NFR-7
    #[tokio::test]
    async fn internal_errors_become_a_friendly_page_without_the_cause() {
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async { AppError::Internal("secret table app_user exploded".into()) }),
            )
            .layer(from_fn(error_pages))
            .layer(from_fn(request_id));
        let request = Request::builder()
            .uri("/boom")
            .header("accept-language", "en")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = response
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains("An unexpected error occurred"));
        assert!(text.contains(&id));
        assert!(
            !text.contains("secret table"),
            "the cause is logged, never shown"
        );
    }
}
