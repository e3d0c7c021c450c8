//! The interface languages. French is the base language; English is always available.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A supported interface and content language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Locale {
    /// Every supported locale, base language first.
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    /// The two-letter code used in URLs, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// Parses a code such as `fr`, `en`, `en-GB`; unknown codes give `None`.
    pub fn parse(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best locale from an `Accept-Language` header, French when nothing matches.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        assert_eq!(
            Locale::from_accept_language("de-DE,en;q=0.8,fr;q=0.5"),
            Locale::En
        );
        assert_eq!(Locale::from_accept_language("es, de"), Locale::Fr);
        assert_eq!(Locale::from_accept_language("en-GB"), Locale::En);
    }
}
