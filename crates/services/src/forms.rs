//! Field-level validation errors, carried back to the form that caused them.

/// Errors per form field; each message is a catalog id translated by the web layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Adds an error on a field.
    pub fn add(&mut self, field: &str, message_id: &str) {
        self.0.push((field.to_string(), message_id.to_string()));
    }

    /// Whether there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message id for a field, if it has an error.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Every (field, message id).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }

    /// `Ok(value)` when empty, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// The first value posted under a name, or an empty text.
pub fn posted(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Trims a required text field and checks its length.
pub fn required(errors: &mut FieldErrors, field: &str, raw: &str, max_chars: usize) -> String {
    let value = raw.trim().to_string();
    if value.is_empty() {
        errors.add(field, "error-required");
    } else if value.chars().count() > max_chars {
        errors.add(field, "error-too-long");
    }
    value
}

/// Trims an optional text field and checks its length.
pub fn optional(errors: &mut FieldErrors, field: &str, raw: &str, max_chars: usize) -> String {
    let value = raw.trim().to_string();
    if value.chars().count() > max_chars {
        errors.add(field, "error-too-long");
    }
    value
}

/// Parses an optional `https://` or `http://` link.
pub fn optional_url(errors: &mut FieldErrors, field: &str, raw: &str) -> String {
    let value = raw.trim().to_string();
    if value.is_empty() {
        return value;
    }
    match url::Url::parse(&value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && value.len() <= 500 => value,
        _ => {
            errors.add(field, "error-url");
            value
        }
    }
}
