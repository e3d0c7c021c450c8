//! The request context every page needs: language, the logged-in person, the CSRF token,
//! the request id and a one-shot message.

use crate::cookies;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use domain::{EventId, Locale, Permission};
use services::access::Viewer;
use services::auth::ClientInfo;
use services::i18n::Translator;
use std::net::SocketAddr;

/// The request id, set by the middleware and shown on error pages.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The CSRF token of this browser, set by the middleware.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// Everything a page needs to know about the request.
pub struct Ctx {
    /// Interface language.
    pub locale: Locale,
    /// Translator for that language.
    pub tr: Translator,
    /// The logged-in person, if any.
    pub viewer: Option<Viewer>,
    /// The token forms must echo.
    pub csrf: String,
    /// Path and query of this request (for the language switch).
    pub path: String,
    /// A one-shot message id to show.
    pub flash: Option<String>,
    /// Request id.
    pub request_id: String,
    /// Client address and user agent.
    pub client: ClientInfo,
    /// The session cookie, if any.
    pub session_token: Option<String>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session_token = cookies::get(&parts.headers, cookies::SESSION);
        let viewer = match &session_token {
            Some(token) => {
                match services::auth::session_user(&state.db, token, &state.settings).await? {
                    Some(user) => Some(
                        Viewer::load(&state.db, user)
                            .await
                            .map_err(services::InternalError::from)?,
                    ),
                    None => None,
                }
            }
            None => None,
        };
        let locale = cookies::get(&parts.headers, cookies::LANG)
            .and_then(|c| Locale::parse(&c))
            .or_else(|| viewer.as_ref().and_then(|v| Locale::parse(&v.user.locale)))
            .unwrap_or_else(|| {
                let accept = parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                Locale::from_accept_language(accept)
            });
        let forwarded = state
            .settings
            .trust_forwarded_for
            .then(|| {
                parts
                    .headers
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
            })
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok());
        let ip = forwarded
            .map(|ip| ip.to_string())
            .or_else(|| {
                parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip().to_string())
            })
            .unwrap_or_else(|| "unknown".to_string());
        let user_agent: String = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(255)
            .collect();
        Ok(Ctx {
            locale,
            tr: Translator(locale),
            viewer,
            csrf: parts
                .extensions
                .get::<CsrfToken>()
                .map(|c| services::security::mask_csrf(&c.0))
                .unwrap_or_default(),
            path: page_path(parts),
            flash: cookies::get(&parts.headers, cookies::FLASH)
                .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')),
            request_id: parts
                .extensions
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            client: ClientInfo { ip, user_agent },
            session_token,
        })
    }
}

/// The address of the page being shown, for links that come back to it (language switch,
/// login). A form shown again after a POST belongs to the page the form was on (the
/// referrer on this site), since the POST address itself may have no page.
fn page_path(parts: &Parts) -> String {
    if parts.method == axum::http::Method::GET {
        return parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
    }
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|u| {
            u.host_str()
                .map(|h| match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h.to_string(),
                })
                .as_deref()
                == Some(host)
        })
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or_else(|| "/".into())
}

impl Ctx {
    /// Translates a message id.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// Translates the id made of a prefix and a stored code (`permission-` + `check_in`).
    pub fn tp(&self, prefix: &str, code: &str) -> String {
        self.tr.t(&format!("{prefix}{code}"))
    }

    /// Translates with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.tr.t1(key, name, value)
    }

    /// The language code (`fr`, `en`).
    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// Link that switches the interface to `code` and comes back here.
    pub fn lang_url(&self, code: &str) -> String {
        let next: String =
            percent_encoding::utf8_percent_encode(&self.path, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        format!("/lang/{code}?next={next}")
    }

    /// The logged-in person, or a redirect to the login page.
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        self.viewer
            .as_ref()
            .ok_or_else(|| AppError::LoginRequired(self.path.clone()))
    }

    /// The logged-in person if they may enter the back office.
    pub fn back_office(&self) -> Result<&Viewer, AppError> {
        let viewer = self.viewer()?;
        if viewer.is_back_office() {
            Ok(viewer)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The logged-in person if they hold the right on the event.
    pub fn require(&self, event: EventId, permission: Permission) -> Result<&Viewer, AppError> {
        let viewer = self.viewer()?;
        viewer
            .require(event, permission)
            .map_err(|_| AppError::Forbidden)?;
        Ok(viewer)
    }

    /// The logged-in person if they are on the event's team.
    pub fn require_team(&self, event: EventId) -> Result<&Viewer, AppError> {
        let viewer = self.viewer()?;
        viewer
            .require_team(event)
            .map_err(|_| AppError::Forbidden)?;
        Ok(viewer)
    }

    /// The logged-in person if they are a principal administrator.
    pub fn require_principal(&self) -> Result<&Viewer, AppError> {
        let viewer = self.viewer()?;
        viewer
            .require_principal()
            .map_err(|_| AppError::Forbidden)?;
        Ok(viewer)
    }

    /// Whether someone is logged in.
    pub fn logged_in(&self) -> bool {
        self.viewer.is_some()
    }

    /// Whether the person sees the back-office navigation.
    pub fn is_back_office(&self) -> bool {
        self.viewer.as_ref().is_some_and(|v| v.is_back_office())
    }

    /// Whether the person is a principal administrator.
    pub fn is_principal(&self) -> bool {
        self.viewer.as_ref().is_some_and(|v| v.is_principal())
    }

    /// The person's display name.
    pub fn user_name(&self) -> String {
        self.viewer
            .as_ref()
            .map(|v| v.user.display_name.clone())
            .unwrap_or_default()
    }

    /// The audit actor for the logged-in person.
    pub fn actor(&self) -> Result<services::audit::Actor, AppError> {
        Ok(services::audit::Actor::user(&self.viewer()?.user))
    }

    /// The flash message, translated.
    pub fn flash_text(&self) -> Option<String> {
        self.flash.as_ref().map(|f| self.t(f))
    }
}
