//! Test helpers (cargo feature `inspect`): read back the text and pages of a PDF, rasterise its
//! first page. Used by this crate's tests and by other crates' tests.

use std::io::Cursor;

use serde_json::json;
use typst::foundations::Bytes;

use crate::DocumentError;
use crate::engine::{self, VirtualFile};

/// The text of a PDF, pages in order (pdf-extract). Typst turns `'` into `’`.
pub fn pdf_text(pdf: &[u8]) -> Result<String, DocumentError> {
    pdf_extract::extract_text_from_mem(pdf)
        .map_err(|e| DocumentError::Internal(format!("pdf text: {e}")))
}

/// The text of each page of a PDF.
pub fn pdf_pages_text(pdf: &[u8]) -> Result<Vec<String>, DocumentError> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .map_err(|e| DocumentError::Internal(format!("pdf text: {e}")))
}

/// The number of pages of a PDF.
pub fn page_count(pdf: &[u8]) -> Result<usize, DocumentError> {
    let doc = pdf_extract::Document::load_mem(pdf)
        .map_err(|e| DocumentError::Internal(format!("pdf: {e}")))?;
    Ok(doc.get_pages().len())
}

/// Rasterises the first page of a PDF to PNG bytes at `pixel_per_pt` (3.0 ≈ 216 dpi). The PDF
/// is read back as it was written (typst embeds it as an image and renders it), so this checks
/// the actual output, e.g. that a printed QR code decodes.
pub fn render_first_page_png(pdf: &[u8], pixel_per_pt: f64) -> Result<Vec<u8>, DocumentError> {
    let template =
        "#set page(width: auto, height: auto, margin: 0pt)\n#image(\"/input.pdf\", page: 1)";
    let files = [VirtualFile {
        path: "/input.pdf",
        bytes: Bytes::new(pdf.to_vec()),
    }];
    let pages = engine::compile_pages(template, &json!({}), &files)?;
    let page = pages.first().ok_or(DocumentError::Empty)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: pixel_per_pt.into(),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let rgba = image::RgbaImage::from_raw(pixmap.width(), pixmap.height(), pixmap.data().to_vec())
        .ok_or_else(|| DocumentError::Internal("pixmap size".into()))?;
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(rgba)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| DocumentError::Internal(e.to_string()))?;
    Ok(out)
}
