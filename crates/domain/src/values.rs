//! Values parsed once at the edge: emails, event slugs, colours, time zones.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// A syntactically valid email address, trimmed and with a lower-cased domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

/// Why an email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid email address")]
pub struct InvalidEmail;

impl EmailAddress {
    /// Parses an address typed by a person. Deliberately simple: one `@`, a dotted domain,
    /// no spaces or angle brackets, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let trimmed = raw.trim();
        if trimmed.len() > 254
            || trimmed
                .chars()
                .any(|c| c.is_whitespace() || "<>,;\"".contains(c))
        {
            return Err(InvalidEmail);
        }
        let (local, domain) = trimmed.split_once('@').ok_or(InvalidEmail)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(InvalidEmail);
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key accounts are looked up by: the whole address lower-cased.
    pub fn lookup_key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The URL segment of an event's mini-site: `forum-france-maroc-2027`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventSlug(String);

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InvalidSlug {
    /// Not 3–60 characters of `a-z`, `0-9` and inner hyphens.
    #[error("slug must be 3 to 60 lowercase letters, digits or hyphens")]
    Malformed,
    /// Collides with a path the platform itself uses.
    #[error("slug is reserved")]
    Reserved,
}

/// Top-level paths owned by the platform, which no event may take.
const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "login",
    "logout",
    "setup",
    "password",
    "account",
    "me",
    "lang",
    "health",
    "metrics",
    "static",
    "files",
    "api",
    "assets",
    "favicon.ico",
    "robots.txt",
    "events",
];

impl EventSlug {
    /// Parses a slug typed by an administrator.
    pub fn parse(raw: &str) -> Result<Self, InvalidSlug> {
        let slug = raw.trim().to_ascii_lowercase();
        let valid_chars = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !(3..=60).contains(&slug.len())
            || !valid_chars
            || slug.starts_with('-')
            || slug.ends_with('-')
            || slug.contains("--")
        {
            return Err(InvalidSlug::Malformed);
        }
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err(InvalidSlug::Reserved);
        }
        Ok(EventSlug(slug))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A colour as `#rrggbb`, used for an event's branding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HexColor(String);

/// Why a colour was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("colour must look like #1a5fb4")]
pub struct InvalidColor;

impl HexColor {
    /// Parses `#rrggbb` (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, InvalidColor> {
        let s = raw.trim();
        let hex = s.strip_prefix('#').ok_or(InvalidColor)?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(InvalidColor);
        }
        Ok(HexColor(format!("#{}", hex.to_ascii_lowercase())))
    }

    /// The colour as `#rrggbb`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// WCAG relative luminance, used to pick a readable text colour on this background.
    pub fn relative_luminance(&self) -> f64 {
        let channel = |i: usize| {
            let v = u8::from_str_radix(&self.0[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
            let c = f64::from(v) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    /// Whether white text on this colour reaches the WCAG AA contrast of 4.5:1.
    pub fn white_text_is_readable(&self) -> bool {
        1.05 / (self.relative_luminance() + 0.05) >= 4.5
    }
}

/// An IANA time zone such as `Europe/Paris`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneName(String);

/// Why a time zone was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown time zone")]
pub struct InvalidTimeZone;

impl TimeZoneName {
    /// Parses an IANA zone name.
    pub fn parse(raw: &str) -> Result<Self, InvalidTimeZone> {
        let tz: chrono_tz::Tz = raw.trim().parse().map_err(|_| InvalidTimeZone)?;
        Ok(TimeZoneName(tz.name().to_string()))
    }

    /// The zone's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone itself, for converting times.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0.parse().unwrap_or(chrono_tz::Europe::Paris)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_parsed_strictly_but_kindly() {
        assert_eq!(
            EmailAddress::parse("  Jean.Dupont@Exemple.FR ").map(|e| e.as_str().to_string()),
            Ok("Jean.Dupont@exemple.fr".to_string())
        );
        for bad in [
            "", "no-at", "a@b", "a@.b.c", "a b@c.fr", "<x>@y.fr", "a@b..fr",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_refuse_reserved_and_malformed() {
        assert!(EventSlug::parse("forum-maroc-2027").is_ok());
        assert_eq!(EventSlug::parse("admin"), Err(InvalidSlug::Reserved));
        for bad in ["ab", "-x-y", "a--b", "été-2027", "x/y", "a b"] {
            assert_eq!(EventSlug::parse(bad), Err(InvalidSlug::Malformed), "{bad}");
        }
    }

    #[test]
    fn colours_and_contrast() {
        let dark = HexColor::parse("#1A5FB4")
            .map_err(|_| ())
            .unwrap_or_else(|_| panic!());
        assert_eq!(dark.as_str(), "#1a5fb4");
        assert!(dark.white_text_is_readable());
        let light = HexColor::parse("#ffe066").unwrap_or_else(|_| panic!());
        assert!(!light.white_text_is_readable());
        assert!(HexColor::parse("red").is_err());
        assert!(HexColor::parse("#12345g").is_err());
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(TimeZoneName::parse("Africa/Casablanca").is_ok());
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
    }
}
