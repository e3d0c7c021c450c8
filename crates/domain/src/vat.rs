//! Intra-EU VAT numbers (REG-4), parsed and checked for format before any call to VIES.
//!
//! The country is the 2-letter VAT prefix (`EL` for Greece, `XI` for Northern Ireland); the
//! number is kept without it. Only the French key is verified arithmetically here; VIES is the
//! authority on whether a well-formed number exists.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// A VAT number with a well-formed country prefix and national part.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VatNumber {
    country: String,
    number: String,
}

/// Why a VAT number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum VatError {
    /// The prefix is not an EU member state's (nor `XI`).
    #[error("unknown VAT country prefix")]
    UnknownCountry,
    /// The national part does not have the shape that country uses.
    #[error("VAT number does not have the expected format for this country")]
    BadFormat,
    /// The shape is right but the check key does not match.
    #[error("VAT number check key does not match")]
    BadCheckDigit,
}

impl VatError {
    /// The i18n catalog id of the message shown to the person typing the number.
    pub fn message_id(&self) -> &'static str {
        match self {
            VatError::UnknownCountry => "error-vat-country",
            VatError::BadFormat => "error-vat-format",
            VatError::BadCheckDigit => "error-vat-checksum",
        }
    }
}

/// The VAT prefixes accepted: the 27 member states (Greece as `EL`) and Northern Ireland.
pub const VAT_COUNTRIES: [&str; 28] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

impl VatNumber {
    /// Parses a number as typed: `country` is the VAT prefix (`GR` is taken as `EL`), `raw`
    /// may contain spaces, dots and dashes and may repeat the prefix (`FR 40 303 265 045`).
    pub fn parse(country: &str, raw: &str) -> Result<VatNumber, VatError> {
        let country = match country.trim().to_ascii_uppercase().as_str() {
            "GR" => "EL".to_string(),
            other if VAT_COUNTRIES.contains(&other) => other.to_string(),
            _ => return Err(VatError::UnknownCountry),
        };
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // Slicing below is by byte: anything but ASCII letters, digits, `+` and `*` is refused.
        if !compact.bytes().all(|b| alnum(b) || b == b'+' || b == b'*') {
            return Err(VatError::BadFormat);
        }
        let prefixes: &[&str] = if country == "EL" {
            &["EL", "GR"]
        } else {
            &[country.as_str()]
        };
        let stripped = prefixes.iter().find_map(|p| compact.strip_prefix(p));
        let result = match stripped {
            Some(rest) => check_format(&country, rest)
                .map(|()| rest)
                // A national part may itself start with the prefix's letters.
                .or_else(|err| {
                    check_format(&country, &compact)
                        .map(|()| &*compact)
                        .or(Err(err))
                }),
            None => check_format(&country, &compact).map(|()| &*compact),
        };
        result.map(|number| VatNumber {
            country,
            number: number.to_string(),
        })
    }

    /// The VAT prefix: `FR`, `EL`, `XI`…
    pub fn country(&self) -> &str {
        &self.country
    }

    /// The national part without the prefix: `40303265045`.
    pub fn number(&self) -> &str {
        &self.number
    }
}

impl fmt::Display for VatNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.country, self.number)
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn n_digits(s: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&s.len()) && digits(s)
}

fn alnum(b: u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase()
}

/// Checks the national part against the country's shape (and the French key).
fn check_format(country: &str, n: &str) -> Result<(), VatError> {
    let b = n.as_bytes();
    let ok = match country {
        "AT" => n.len() == 9 && b[0] == b'U' && digits(&n[1..]),
        "BE" => n_digits(n, 10..=10) && matches!(b[0], b'0' | b'1'),
        "BG" => n_digits(n, 9..=10),
        "CY" => n.len() == 9 && digits(&n[..8]) && b[8].is_ascii_uppercase(),
        "CZ" => n_digits(n, 8..=10),
        "DE" | "EE" | "EL" | "PT" | "LT" if n.len() == 9 => digits(n),
        "LT" => n_digits(n, 12..=12),
        "DK" | "FI" | "HU" | "LU" | "MT" | "SI" => n_digits(n, 8..=8),
        "ES" => n.len() == 9 && alnum(b[0]) && alnum(b[8]) && digits(&n[1..8]),
        "FR" => return check_fr(n),
        "HR" | "IT" | "LV" => n_digits(n, 11..=11),
        "IE" => ie_format(n),
        "NL" => n.len() == 12 && digits(&n[..9]) && b[9] == b'B' && digits(&n[10..]),
        "PL" | "SK" => n_digits(n, 10..=10),
        "RO" => n_digits(n, 2..=10),
        "SE" => n_digits(n, 12..=12),
        "XI" => {
            n_digits(n, 9..=9)
                || n_digits(n, 12..=12)
                || (n.len() == 5 && (n.starts_with("GD") || n.starts_with("HA")) && digits(&n[2..]))
        }
        _ => false,
    };
    if ok { Ok(()) } else { Err(VatError::BadFormat) }
}

/// Irish numbers: 7 digits and 1–2 letters, or the old digit, letter/`+`/`*`, 5 digits, letter.
fn ie_format(n: &str) -> bool {
    let b = n.as_bytes();
    let new_style =
        (8..=9).contains(&n.len()) && digits(&n[..7]) && b[7..].iter().all(u8::is_ascii_uppercase);
    let old_style = n.len() == 8
        && b[0].is_ascii_digit()
        && (b[1].is_ascii_uppercase() || b[1] == b'+' || b[1] == b'*')
        && digits(&n[2..7])
        && b[7].is_ascii_uppercase();
    new_style || old_style
}

/// French numbers: a 2-character key and the 9-digit SIREN; a numeric key must equal
/// `(12 + 3 × (SIREN mod 97)) mod 97`.
fn check_fr(n: &str) -> Result<(), VatError> {
    let b = n.as_bytes();
    if n.len() != 11 || !alnum(b[0]) || !alnum(b[1]) || !digits(&n[2..]) {
        return Err(VatError::BadFormat);
    }
    if let (Ok(key), Ok(siren)) = (n[..2].parse::<u64>(), n[2..].parse::<u64>())
        && key != (12 + 3 * (siren % 97)) % 97
    {
        return Err(VatError::BadCheckDigit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// One valid and one invalid national part per prefix.
    const EXAMPLES: [(&str, &str, &str); 28] = [
        ("AT", "U13585627", "13585627"),
        ("BE", "0411905847", "2411905847"),
        ("BG", "1234567890", "12345678"),
        ("CY", "10259033P", "102590331"),
        ("CZ", "46505334", "4650533"),
        ("DE", "136695976", "13669597"),
        ("DK", "13585628", "1358562"),
        ("EE", "100931558", "10093155X"),
        ("EL", "094014201", "09401420"),
        ("ES", "A28015865", "A2801586"),
        ("FI", "20774740", "207747401"),
        ("FR", "40303265045", "4030326504"),
        ("HR", "33392005961", "3339200596"),
        ("HU", "12892312", "1289231"),
        ("IE", "6433435F", "643343F"),
        ("IT", "00743110157", "0074311015"),
        ("LT", "119511515", "1195115150"),
        ("LU", "15027442", "150274421"),
        ("LV", "40003009497", "4000300949"),
        ("MT", "15121333", "1512133A"),
        ("NL", "004495445B01", "004495445A01"),
        ("PL", "5260001246", "526000124"),
        ("PT", "501964843", "50196484"),
        ("RO", "18547290", "1"),
        ("SE", "556188840401", "55618884040"),
        ("SI", "50223054", "5022305"),
        ("SK", "2022749619", "202274961"),
        ("XI", "925901618", "92590161"),
    ];

    #[test]
    fn one_valid_and_one_invalid_example_per_country() {
        for (country, valid, invalid) in EXAMPLES {
            let parsed = VatNumber::parse(country, valid)
                .unwrap_or_else(|e| panic!("{country}{valid} refused: {e}"));
            assert_eq!(parsed.country(), country);
            assert_eq!(parsed.number(), valid);
            assert_eq!(parsed.to_string(), format!("{country}{valid}"));
            assert!(
                VatNumber::parse(country, invalid).is_err(),
                "{country}{invalid} accepted"
            );
        }
    }

    #[test]
    fn every_listed_country_has_examples() {
        for country in VAT_COUNTRIES {
            assert!(EXAMPLES.iter().any(|(c, _, _)| *c == country), "{country}");
        }
    }

    #[test]
    fn typed_forms_are_normalized() {
        for raw in [
            "FR 40 303 265 045",
            "fr40303265045",
            "40.303.265.045",
            "FR-40-303265045",
        ] {
            let vat = VatNumber::parse("fr", raw).unwrap();
            assert_eq!(vat.to_string(), "FR40303265045");
            assert_eq!(vat.number(), "40303265045");
        }
    }

    #[test]
    fn greece_is_sent_as_el() {
        let vat = VatNumber::parse("GR", "GR 094014201").unwrap();
        assert_eq!(vat.country(), "EL");
        assert_eq!(vat.to_string(), "EL094014201");
        assert_eq!(VatNumber::parse("EL", "EL094014201").unwrap(), vat);
    }

    #[test]
    fn french_key_is_checked() {
        let siren: u64 = 303_265_045;
        let key = (12 + 3 * (siren % 97)) % 97;
        assert_eq!(key, 40);
        assert_eq!(
            VatNumber::parse("FR", "41303265045"),
            Err(VatError::BadCheckDigit)
        );
        // An alphanumeric key is not computable here: accepted on format.
        assert!(VatNumber::parse("FR", "K7399859412").is_ok());
        assert_eq!(
            VatNumber::parse("FR", "4030326504X"),
            Err(VatError::BadFormat)
        );
    }

    #[test]
    fn special_shapes() {
        assert!(VatNumber::parse("IE", "6433435OA").is_ok());
        assert!(VatNumber::parse("IE", "8D79739I").is_ok());
        assert!(VatNumber::parse("IE", "8+79739I").is_ok());
        assert!(VatNumber::parse("IE", "6433435F1").is_err());
        assert!(VatNumber::parse("LT", "100001919017").is_ok());
        assert!(VatNumber::parse("XI", "GD123").is_ok());
        assert!(VatNumber::parse("XI", "HA999").is_ok());
        assert!(VatNumber::parse("XI", "XX123").is_err());
        assert!(VatNumber::parse("XI", "925901618001").is_ok());
        assert!(VatNumber::parse("ES", "X1234567L").is_ok());
        assert!(VatNumber::parse("ES", "ESX1234567L").is_ok());
        assert!(VatNumber::parse("BE", "BE 0411.905.847").is_ok());
        assert!(VatNumber::parse("RO", "12").is_ok());
        assert!(VatNumber::parse("RO", "12345678901").is_err());
        assert!(VatNumber::parse("CZ", "1234567890").is_ok());
        assert!(VatNumber::parse("BG", "123456789").is_ok());
    }

    #[test]
    fn unknown_countries_and_messages() {
        assert_eq!(
            VatNumber::parse("GB", "123456789"),
            Err(VatError::UnknownCountry)
        );
        assert_eq!(VatNumber::parse("", "123"), Err(VatError::UnknownCountry));
        assert_eq!(VatError::UnknownCountry.message_id(), "error-vat-country");
        assert_eq!(VatError::BadFormat.message_id(), "error-vat-format");
        assert_eq!(VatError::BadCheckDigit.message_id(), "error-vat-checksum");
        assert!(!VatError::BadFormat.to_string().is_empty());
        assert_eq!(VatNumber::parse("DE", ""), Err(VatError::BadFormat));
        assert_eq!(VatNumber::parse("DE", "DE"), Err(VatError::BadFormat));
        assert_eq!(
            VatNumber::parse("CY", "1025903éP"),
            Err(VatError::BadFormat)
        );
        assert_eq!(
            VatNumber::parse("DE", "136/695/976"),
            Err(VatError::BadFormat)
        );
    }
}
