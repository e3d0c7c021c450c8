//! The badge token printed as a QR code (REG-7, CHK-1, CHK-2): who it admits, to which event,
//! signed with the event's secret so that it can be neither guessed nor forged.
//!
//! The token is **digits only** ("1" then 60 digits). Digits are the densest QR mode, and a
//! handheld scanner that types them as a US keyboard on a French (AZERTY) computer produces
//! `&é"'(-è_çà`, which [`normalize`] maps back. Letters could not be recovered that way
//! (A and Q swap). Layout of the 24 signed bytes: event id (u32), participant id (u64),
//! generation (u16), then the first 10 bytes of HMAC-SHA256 over the first 14 bytes.

use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: char = '1';
const CLAIM_BYTES: usize = 14;
const MAC_BYTES: usize = 10;
const DIGITS: usize = 1 + 3 * 20;

/// What a badge token claims, before or after its signature was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadgeClaim {
    /// The event the badge was issued for.
    pub event_id: i64,
    /// The participant it admits.
    pub participant_id: i64,
    /// The pass generation; re-issuing a badge increments it, so older tokens stop working.
    pub generation: u16,
}

/// Why a scanned text is not a usable badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadgeTokenError {
    /// Not a badge code at all (wrong length, letters, unknown version).
    #[error("not a badge code")]
    Malformed,
    /// The signature does not match: forged or altered.
    #[error("badge signature invalid")]
    BadSignature,
}

/// A badge token read from a scan, signature not yet checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnverifiedBadge {
    /// The claims, to find the event's key.
    pub claim: BadgeClaim,
    bytes: [u8; CLAIM_BYTES + MAC_BYTES],
}

impl BadgeClaim {
    /// The token for this claim, signed with the event's secret. `None` when an id does not
    /// fit the format (over 2³² events), which no real installation reaches.
    pub fn sign(&self, secret: &[u8]) -> Option<String> {
        let event = u32::try_from(self.event_id).ok()?;
        let participant = u64::try_from(self.participant_id).ok()?;
        let mut bytes = [0u8; CLAIM_BYTES + MAC_BYTES];
        bytes[0..4].copy_from_slice(&event.to_be_bytes());
        bytes[4..12].copy_from_slice(&participant.to_be_bytes());
        bytes[12..14].copy_from_slice(&self.generation.to_be_bytes());
        let mac = mac_of(secret, &bytes[..CLAIM_BYTES]);
        bytes[CLAIM_BYTES..].copy_from_slice(&mac);
        let mut token = String::with_capacity(DIGITS);
        token.push(VERSION);
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            token.push_str(&format!("{:020}", u64::from_be_bytes(word)));
        }
        Some(token)
    }
}

impl UnverifiedBadge {
    /// Reads a scanned or typed text (after [`normalize`]).
    pub fn parse(raw: &str) -> Result<UnverifiedBadge, BadgeTokenError> {
        let text = normalize(raw);
        if text.len() != DIGITS || !text.starts_with(VERSION) {
            return Err(BadgeTokenError::Malformed);
        }
        let mut bytes = [0u8; CLAIM_BYTES + MAC_BYTES];
        for (index, chunk) in text.as_bytes()[1..].chunks(20).enumerate() {
            let digits = std::str::from_utf8(chunk).map_err(|_| BadgeTokenError::Malformed)?;
            let word: u64 = digits.parse().map_err(|_| BadgeTokenError::Malformed)?;
            bytes[index * 8..index * 8 + 8].copy_from_slice(&word.to_be_bytes());
        }
        let read_u32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let participant = u64::from_be_bytes([
            bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
        ]);
        let claim = BadgeClaim {
            event_id: i64::from(read_u32(&bytes[0..4])),
            participant_id: i64::try_from(participant).map_err(|_| BadgeTokenError::Malformed)?,
            generation: u16::from_be_bytes([bytes[12], bytes[13]]),
        };
        Ok(UnverifiedBadge { claim, bytes })
    }

    /// Checks the signature with the event's secret, in constant time.
    pub fn verify(&self, secret: &[u8]) -> Result<BadgeClaim, BadgeTokenError> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .map_err(|_| BadgeTokenError::BadSignature)?;
        mac.update(&self.bytes[..CLAIM_BYTES]);
        mac.verify_truncated_left(&self.bytes[CLAIM_BYTES..])
            .map(|()| self.claim)
            .map_err(|_| BadgeTokenError::BadSignature)
    }
}

fn mac_of(secret: &[u8], message: &[u8]) -> [u8; MAC_BYTES] {
    let mut out = [0u8; MAC_BYTES];
    if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        mac.update(message);
        out.copy_from_slice(&mac.finalize().into_bytes()[..MAC_BYTES]);
    }
    out
}

/// Cleans what a scanner or a person typed: drops spaces, and maps the characters an AZERTY
/// layout gives for the digit keys (`&é"'(-è_çà`, and `§!` of some layouts) back to digits.
pub fn normalize(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            'à' => Some('0'),
            '&' => Some('1'),
            'é' => Some('2'),
            '"' => Some('3'),
            '\'' => Some('4'),
            '(' => Some('5'),
            '-' | '§' => Some('6'),
            'è' => Some('7'),
            '!' | '_' => Some('8'),
            'ç' => Some('9'),
            ' ' => None,
            other => Some(other),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claim() -> BadgeClaim {
        BadgeClaim {
            event_id: 7,
            participant_id: 123_456,
            generation: 2,
        }
    }

    #[test]
    fn a_signed_token_is_digits_only_and_reads_back() {
        // REQ: CHK-1
        let token = claim().sign(KEY).unwrap();
        assert_eq!(token.len(), 61);
        assert!(token.chars().all(|c| c.is_ascii_digit()));
        let read = UnverifiedBadge::parse(&token).unwrap();
        assert_eq!(read.claim, claim());
        assert_eq!(read.verify(KEY).unwrap(), claim());
    }

    #[test]
    fn another_key_or_an_altered_digit_is_refused() {
        let token = claim().sign(KEY).unwrap();
        let read = UnverifiedBadge::parse(&token).unwrap();
        assert_eq!(
            read.verify(b"another key"),
            Err(BadgeTokenError::BadSignature)
        );
        // Change the participant id's last digit: still well-formed, signature fails.
        let mut altered: Vec<char> = token.chars().collect();
        altered[30] = if altered[30] == '1' { '2' } else { '1' };
        let altered: String = altered.into_iter().collect();
        let read = UnverifiedBadge::parse(&altered).unwrap();
        assert_eq!(read.verify(KEY), Err(BadgeTokenError::BadSignature));
    }

    #[test]
    fn sequential_ids_do_not_give_guessable_tokens() {
        let a = claim().sign(KEY).unwrap();
        let b = BadgeClaim {
            participant_id: 123_457,
            ..claim()
        }
        .sign(KEY)
        .unwrap();
        // The signature part differs entirely, not by one.
        assert_ne!(a[41..], b[41..]);
    }

    #[test]
    fn azerty_scanner_output_and_junk_are_handled() {
        let token = claim().sign(KEY).unwrap();
        let azerty: String = token
            .chars()
            .map(|c| match c {
                '1' => '&',
                '2' => 'é',
                '3' => '"',
                '4' => '\'',
                '5' => '(',
                '6' => '-',
                '7' => 'è',
                '8' => '_',
                '9' => 'ç',
                '0' => 'à',
                other => other,
            })
            .collect();
        assert_eq!(
            UnverifiedBadge::parse(&format!(" {azerty}\n"))
                .unwrap()
                .claim,
            claim()
        );
        assert_eq!(
            UnverifiedBadge::parse("hello"),
            Err(BadgeTokenError::Malformed)
        );
        assert_eq!(
            UnverifiedBadge::parse(&format!("2{}", &token[1..])),
            Err(BadgeTokenError::Malformed)
        );
        let overflow = format!("1{}", "9".repeat(60));
        assert_eq!(
            UnverifiedBadge::parse(&overflow),
            Err(BadgeTokenError::Malformed)
        );
    }
}
