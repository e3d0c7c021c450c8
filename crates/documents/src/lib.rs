//! Agora's printed documents.

mod engine;

pub use domain::locale::Locale;

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The typst template did not compile (a bug, or data typst refused such as a broken image).
    #[error("document compile failed: {0}")]
    Compile(String),
    /// An image (logo or camera frame) is not a readable PNG/JPEG or is too large.
    #[error("bad image: {0}")]
    BadImage(String),
    /// Something unexpected inside the crate.
    #[error("internal error: {0}")]
    Internal(String),
}
