//! The file store: uploaded logos and banners, offer attachments (and later generated
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

/// Content types accepted for files attached to offers and requests: PDF, images, video.
/// SVG, HTML, scripts and executables match none of them and are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentType {
    /// A PDF document.
    Pdf,
    /// An image.
    Image(ImageType),
    /// An MP4 video (ISO base media file with a video brand).
    Mp4,
    /// A QuickTime video.
    QuickTime,
    /// A WebM video.
    WebM,
}

/// Brands of ISO base media files accepted as MP4 video (`ftyp` box, bytes 8 to 12).
const MP4_BRANDS: [&[u8; 4]; 14] = [
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"dash", b"mmp4", b"3gp4", b"3gp5",
];

impl AttachmentType {
    /// Recognizes an attachment by its first bytes; the file name plays no part.
    pub fn sniff(bytes: &[u8]) -> Option<AttachmentType> {
        if bytes.starts_with(b"%PDF-") {
            return Some(AttachmentType::Pdf);
        }
        if let Some(image) = ImageType::sniff(bytes) {
            return Some(AttachmentType::Image(image));
        }
        if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            let brand = &bytes[8..12];
            if brand == b"qt  " {
                return Some(AttachmentType::QuickTime);
            }
            if MP4_BRANDS.iter().any(|b| brand == b.as_slice()) {
                return Some(AttachmentType::Mp4);
            }
            return None;
        }
        if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
            // EBML header: WebM declares its DocType "webm" within the first bytes.
            let head = &bytes[..bytes.len().min(64)];
            if head.windows(4).any(|w| w == b"webm") {
                return Some(AttachmentType::WebM);
            }
        }
        None
    }

    /// The MIME type served.
    pub fn mime(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "application/pdf",
            AttachmentType::Image(image) => image.mime(),
            AttachmentType::Mp4 => "video/mp4",
            AttachmentType::QuickTime => "video/quicktime",
            AttachmentType::WebM => "video/webm",
        }
    }
}

/// A file name as the sender gave it, made harmless for display and for a
/// `Content-Disposition` header: no path, no control or quoting characters, 120 characters
/// at most. Never used to store or find the file.
pub fn sanitize_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base
        .chars()
        .filter(|c| !c.is_control() && !"/\\\"<>;".contains(*c))
        .take(120)
        .collect();
    let name = name.trim().trim_start_matches('.').to_string();
    if name.is_empty() {
        "file".to_string()
    } else {
        name
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

    /// The default store of an installation: the `files` folder of the data directory.
    pub fn in_data_dir(data_dir: &std::path::Path) -> FileStore {
        FileStore::new(data_dir.join("files"))
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

impl FileStore {
    /// Deletes the bytes of a key; a key already gone is fine.
    pub async fn delete(&self, key: &str) -> Result<(), InternalError> {
        let Some(path) = self.path_of(key) else {
            return Ok(());
        };
        match tokio::fs::remove_file(path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
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
    let name = sanitize_name(original_name);
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

    #[test]
    fn attachments_are_recognized_by_content_not_name() {
        assert_eq!(
            AttachmentType::sniff(b"%PDF-1.7\n%...").map(AttachmentType::mime),
            Some("application/pdf")
        );
        let mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0";
        assert_eq!(AttachmentType::sniff(mp4), Some(AttachmentType::Mp4));
        let mov = b"\0\0\0\x14ftypqt  \0\0\0\0";
        assert_eq!(AttachmentType::sniff(mov), Some(AttachmentType::QuickTime));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0";
        assert_eq!(AttachmentType::sniff(heic), None);
        let webm = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm";
        assert_eq!(AttachmentType::sniff(webm), Some(AttachmentType::WebM));
        let mkv = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska";
        assert_eq!(AttachmentType::sniff(mkv), None);
        assert_eq!(
            AttachmentType::sniff(b"<?xml version=\"1.0\"?><svg><script>alert(1)</script>"),
            None
        );
        assert_eq!(AttachmentType::sniff(b"MZ\x90\0\x03"), None);
        assert_eq!(AttachmentType::sniff(b"<!DOCTYPE html><html>"), None);
    }

    #[test]
    fn names_are_only_made_harmless() {
        assert_eq!(sanitize_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_name("C:\\x\\offre \"2027\".pdf"), "offre 2027.pdf");
        assert_eq!(
            sanitize_name("a\r\nSet-Cookie: x;.pdf"),
            "aSet-Cookie: x.pdf"
        );
        assert_eq!(sanitize_name(".htaccess"), "htaccess");
        assert_eq!(sanitize_name(""), "file");
    }
}
