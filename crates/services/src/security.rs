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
