//! QR codes: SVG for web pages and printed documents, decoding of camera frames.

use std::io::Cursor;

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::DocumentError;

/// Largest camera frame accepted by [`decode_qr`], in bytes.
pub const MAX_FRAME_BYTES: usize = 8 * 1024 * 1024;
/// Largest camera frame accepted by [`decode_qr`], in pixels per side.
pub const MAX_FRAME_SIDE: u32 = 4000;

/// The QR code of `payload` as a standalone SVG document (black on white, with the quiet zone,
/// `crispEdges`). Error correction M, which survives a crumpled badge. A payload too long for a
/// QR code (over ~2,300 bytes) gives an SVG with no code and a comment instead of panicking.
pub fn qr_svg(payload: &str) -> String {
    match QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .quiet_zone(true)
            .module_dimensions(4, 4)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        Err(_) => {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><!-- payload too long for a QR code --></svg>"
                .to_owned()
        }
    }
}

/// Decodes every QR code found in a PNG or JPEG image (a camera frame sent by a phone without
/// `BarcodeDetector`). Returns the payloads found, possibly none. Images over
/// [`MAX_FRAME_BYTES`] or [`MAX_FRAME_SIDE`] pixels per side, and anything that is not a
/// readable PNG/JPEG, give [`DocumentError::BadImage`].
pub fn decode_qr(image: &[u8]) -> Result<Vec<String>, DocumentError> {
    if image.len() > MAX_FRAME_BYTES {
        return Err(DocumentError::BadImage(format!(
            "image of {} bytes is over the {} byte limit",
            image.len(),
            MAX_FRAME_BYTES
        )));
    }
    let format =
        sniff(image).ok_or_else(|| DocumentError::BadImage("not a PNG or JPEG image".into()))?;
    let mut reader = image::ImageReader::with_format(Cursor::new(image), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_FRAME_SIDE);
    limits.max_image_height = Some(MAX_FRAME_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| DocumentError::BadImage(e.to_string()))?;
    let grey = decoded.to_luma8();
    let (w, h) = grey.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            grey.get_pixel(x as u32, y as u32).0[0]
        });
    let mut found = Vec::new();
    for grid in prepared.detect_grids() {
        if let Ok((_, content)) = grid.decode() {
            found.push(content);
        }
    }
    Ok(found)
}

/// PNG or JPEG from the magic bytes; anything else is refused.
pub(crate) fn sniff(bytes: &[u8]) -> Option<image::ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(image::ImageFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(image::ImageFormat::Jpeg)
    } else {
        None
    }
}

/// Checks a logo: PNG or JPEG, at most [`MAX_FRAME_SIDE`] pixels per side. Returns its
/// virtual file extension.
pub(crate) fn check_logo(bytes: &[u8]) -> Result<&'static str, DocumentError> {
    let format = sniff(bytes)
        .ok_or_else(|| DocumentError::BadImage("logo is not a PNG or JPEG image".into()))?;
    let reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| DocumentError::BadImage(e.to_string()))?;
    if w > MAX_FRAME_SIDE || h > MAX_FRAME_SIDE || w == 0 || h == 0 {
        return Err(DocumentError::BadImage(format!(
            "logo of {w}x{h} px is too large"
        )));
    }
    Ok(match format {
        image::ImageFormat::Png => "png",
        _ => "jpg",
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_an_svg_document() {
        let svg = qr_svg("https://agora.example/c/ABC");
        assert!(svg.contains("<svg"));
        assert!(svg.contains("<path"));
    }

    #[test]
    fn garbage_is_refused() {
        assert!(matches!(
            decode_qr(b"not an image"),
            Err(DocumentError::BadImage(_))
        ));
        assert!(matches!(
            decode_qr(b"\x89PNG\r\n\x1a\nbroken"),
            Err(DocumentError::BadImage(_))
        ));
        let big = vec![0u8; MAX_FRAME_BYTES + 1];
        assert!(matches!(decode_qr(&big), Err(DocumentError::BadImage(_))));
    }
}
