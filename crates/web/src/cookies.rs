//! Reading and writing the few cookies the platform uses.

use axum::http::{HeaderMap, HeaderValue, header};

/// The session cookie: a random secret whose hash is in `http_session`.
pub const SESSION: &str = "agora_session";
/// The CSRF cookie, echoed in every form (double submit).
pub const CSRF: &str = "agora_csrf";
/// The chosen interface language.
pub const LANG: &str = "agora_lang";
/// A one-shot message shown on the next page.
pub const FLASH: &str = "agora_flash";

/// Reads one cookie from the request headers.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Builds a `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure behind HTTPS.
pub fn set(name: &str, value: &str, max_age_seconds: Option<i64>, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_seconds {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=1; Max-Age=0"))
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear(name: &str, secure: bool) -> HeaderValue {
    set(name, "", Some(0), secure)
}
