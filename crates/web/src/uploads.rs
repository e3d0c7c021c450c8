//! Reading forms that carry files. Each file is checked and kept as a pending upload while
//! the request is read (one file in memory at a time, never more than the per-file limit
//! plus one chunk); the whole request is capped too. Routes using this turn axum's default
//! body limit off and rely on these caps instead.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use domain::EventId;
use services::attachments::SentFiles;
use services::files::UploadError;
use services::uploads::Rules;

/// Largest urlencoded body read by these routes (same as the CSRF check).
const MAX_URLENCODED_BYTES: usize = 1024 * 1024;
/// Room for the text fields of a multipart form, on top of its files.
pub const TEXT_ALLOWANCE_BYTES: usize = 1024 * 1024;

/// A posted form: its text fields and the outcome of each file sent.
#[derive(Default)]
pub struct PostedForm {
    /// Text fields in order (repeated names kept).
    pub pairs: Vec<(String, String)>,
    /// Files sent, each kept as a pending upload or refused.
    pub sent: SentFiles,
}

impl PostedForm {
    /// The first value of a text field.
    pub fn text(&self, name: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// What a form accepts as files.
pub struct FileFields<'a> {
    /// Names of the file inputs; files of other fields are ignored.
    pub names: &'a [String],
    /// Most files kept per input; later ones are not stored and count as "too many".
    pub per_field: usize,
    /// Type and size rules of each file.
    pub rules: Rules,
    /// Largest whole body, bytes.
    pub max_body: usize,
}

/// Reads a urlencoded or multipart form. Files of the `accepted` inputs are checked and kept
/// as pending uploads of the event while the body is read.
pub async fn read_form(
    state: &AppState,
    req: Request,
    event: EventId,
    accepted: FileFields<'_>,
) -> Result<PostedForm, AppError> {
    let FileFields {
        names,
        per_field,
        rules,
        max_body,
    } = accepted;
    if !is_multipart(&req) {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_URLENCODED_BYTES)
            .await
            .map_err(|_| AppError::BadRequest)?;
        let pairs = url::form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        return Ok(PostedForm {
            pairs,
            sent: SentFiles::default(),
        });
    }
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut form = PostedForm::default();
    let mut total = 0usize;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest)?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
            total += chunk.len();
            if total > max_body {
                return Err(AppError::BadRequest);
            }
            let limit = if file_name.is_some() {
                rules.max_bytes
            } else {
                MAX_URLENCODED_BYTES
            };
            if bytes.len() + chunk.len() > limit {
                too_large = true;
                bytes.clear();
            } else if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        match file_name {
            None => {
                if too_large {
                    return Err(AppError::BadRequest);
                }
                let value = String::from_utf8(bytes).map_err(|_| AppError::BadRequest)?;
                form.pairs.push((name, value));
            }
            Some(file_name) if names.contains(&name) => {
                if file_name.is_empty() && bytes.is_empty() && !too_large {
                    continue; // a file input left empty
                }
                let seen = form.sent.files.iter().filter(|(f, _)| *f == name).count()
                    + form.sent.too_many.iter().filter(|f| **f == name).count();
                if seen >= per_field {
                    form.sent.too_many.push(name);
                    continue;
                }
                let outcome = if too_large {
                    Err(UploadError::TooLarge)
                } else {
                    services::uploads::accept(
                        &state.db,
                        &state.files,
                        Some(event),
                        &file_name,
                        &bytes,
                        rules,
                    )
                    .await
                };
                form.sent.files.push((name, outcome));
            }
            Some(_) => {}
        }
    }
    Ok(form)
}

/// `Content-Disposition` for a stored file: `attachment` (or `inline`) with an ASCII
/// fallback name and the UTF-8 name percent-encoded (RFC 6266).
pub fn content_disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_never_carry_quotes_or_line_breaks() {
        let header = content_disposition("attachment", "offre \"été\"\r\n.pdf");
        assert!(header.starts_with("attachment; filename=\"offre _"));
        assert!(!header.contains('\r') && !header.contains('\n'));
        assert!(header.contains("filename*=UTF-8''offre%20%22%C3%A9t%C3%A9%22%0D%0A%2Epdf"));
    }
}
