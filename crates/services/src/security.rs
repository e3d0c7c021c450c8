//! Secrets: random tokens, their stored hashes, and Argon2id password hashes.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A fresh random token, 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // getrandom only fails when the OS has no entropy source at all; a zeroed token would be
    // guessable, so refuse to go on.
    if getrandom::fill(&mut bytes).is_err() {
        std::process::abort();
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The hash stored in place of a token: a leaked table gives no usable cookie or link.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The CSRF token as printed in a page: a fresh random pad, then the token XORed with it. The
/// page's bytes differ on every response, so compressing pages that also echo what a visitor
/// typed cannot leak the token through the response size (BREACH). [`csrf_matches`] accepts
/// this form and the plain token.
pub fn mask_csrf(token: &str) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Ok(raw) = engine.decode(token) else {
        return token.to_string();
    };
    let mut pad = vec![0u8; raw.len()];
    if getrandom::fill(&mut pad).is_err() {
        std::process::abort();
    }
    let mut masked = pad.clone();
    masked.extend(raw.iter().zip(&pad).map(|(t, p)| t ^ p));
    engine.encode(masked)
}

/// Whether a submitted CSRF value is the token, plain or masked by [`mask_csrf`].
pub fn csrf_matches(provided: &str, token: &str) -> bool {
    if constant_time_eq(provided, token) {
        return true;
    }
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Ok(masked) = engine.decode(provided) else {
        return false;
    };
    if masked.is_empty() || masked.len() % 2 != 0 {
        return false;
    }
    let (pad, body) = masked.split_at(masked.len() / 2);
    let raw: Vec<u8> = body.iter().zip(pad).map(|(b, p)| b ^ p).collect();
    constant_time_eq(&engine.encode(raw), token)
}

/// Hashes a password with Argon2id (default parameters of the crate: 19 MiB, 2 passes), off
/// the async executor.
pub async fn hash_password(password: String) -> Result<String, crate::InternalError> {
    tokio::task::spawn_blocking(move || {
        let hash: Result<PasswordHash, _> = Argon2::default().hash_password(password.as_bytes());
        hash.map(|h| h.to_string())
            .map_err(|e| crate::InternalError::Other(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| crate::InternalError::Other(format!("hash task: {e}")))?
}

/// Verifies a password against a stored hash. With no stored hash, a dummy hash is verified
/// so that an unknown email costs the same time as a wrong password.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// An Argon2id hash of a random string nobody knows, computed once, used to equalize timing.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let hash: Result<PasswordHash, _> =
            Argon2::default().hash_password(random_token().as_bytes());
        hash.map(|h| h.to_string()).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // REQ: NFR-7
    #[test]
    fn a_masked_csrf_token_differs_every_time_and_only_matches_its_token() {
        let token = random_token();
        let (a, b) = (mask_csrf(&token), mask_csrf(&token));
        assert_ne!(a, b, "a fresh pad each time");
        assert!(!a.contains(&token));
        assert!(csrf_matches(&a, &token) && csrf_matches(&b, &token));
        assert!(csrf_matches(&token, &token), "the plain token still works");
        let other = random_token();
        assert!(!csrf_matches(&a, &other));
        assert!(!csrf_matches(&mask_csrf(&other), &token));
        let mut tampered = a.clone().into_bytes();
        tampered[70] = if tampered[70] == b'A' { b'B' } else { b'A' };
        assert!(!csrf_matches(
            &String::from_utf8(tampered).unwrap_or_default(),
            &token
        ));
        assert!(!csrf_matches("", &token));
        assert!(!csrf_matches("not base64 !", &token));
    }

    #[tokio::test]
    async fn argon2id_round_trip_and_dummy_never_matches() {
        let hash = hash_password("cheval agrafe pile".into())
            .await
            .unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("cheval agrafe pile".into(), Some(hash.clone())).await);
        assert!(!verify_password("cheval agrafe pilE".into(), Some(hash)).await);
        assert!(!verify_password("".into(), None).await);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
    }
}
