//! The file store: uploaded logos and banners (and later attachments and generated
//! documents). Files are typed by their content, never by their name, capped in size, and
//! stored under a random key, never under a name the user chose.

use crate::InternalError;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Content types accepted for images (logos, banners). SVG is refused: it can carry script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
}

impl ImageType {
    /// Recognizes an image by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageType::Gif)
        } else {
            None
        }
    }

    /// The MIME type served.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Webp => "image/webp",
            ImageType::Gif => "image/gif",
        }
    }
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// Larger than allowed.
    #[error("file too large")]
    TooLarge,
    /// Not one of the accepted types (by content).
    #[error("file type not accepted")]
    WrongType,
    /// Empty upload.
    #[error("empty file")]
    Empty,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// Where file bytes live. The default is a folder under the data directory; several
/// instances share it through a shared volume (or a database-backed store later).
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// A store in `root`.
    pub fn new(root: PathBuf) -> FileStore {
        FileStore { root }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        // Keys are our own random tokens; refuse anything else defensively.
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return None;
        }
        Some(self.root.join(&key[..2.min(key.len())]).join(key))
    }

    /// Writes bytes under a new random key and returns the key.
    pub async fn put(&self, bytes: &[u8]) -> Result<String, InternalError> {
        let key = crate::security::random_token();
        let path = self
            .path_of(&key)
            .ok_or_else(|| InternalError::Other("bad key".into()))?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let tmp = path.with_extension("part");
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(key)
    }

    /// Reads the bytes of a key.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, InternalError> {
        let Some(path) = self.path_of(key) else {
            return Ok(None);
        };
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Checks an uploaded image and stores it; returns the new file's id.
pub async fn store_image(
    db: &impl store::ConnectionTrait,
    files: &FileStore,
    event_id: Option<i64>,
    original_name: &str,
    bytes: &[u8],
    max_bytes: usize,
) -> Result<i64, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(UploadError::TooLarge);
    }
    let kind = ImageType::sniff(bytes).ok_or(UploadError::WrongType)?;
    let key = files.put(bytes).await?;
    let sha = hex::encode(Sha256::digest(bytes));
    let name: String = original_name
        .chars()
        .filter(|c| !c.is_control() && !"/\\\"<>".contains(*c))
        .take(120)
        .collect();
    let row = store::files::insert(
        db,
        event_id,
        &sha,
        kind.mime(),
        bytes.len() as i64,
        &name,
        &key,
        chrono::Utc::now(),
    )
    .await
    .map_err(InternalError::from)?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognized_by_content_not_name() {
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(ImageType::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(ImageType::sniff(b"<html><script>"), None);
    }
}
