//! The badge token (REG-7, CHK-1, CHK-2): made for a participant, and read back at check-in.
//! The format and signature are `domain::badge`; this module holds the per-event secret and
//! the pass generation (re-issue and revocation).

use crate::InternalError;
use chrono::Utc;
use domain::badge::{BadgeClaim, BadgeTokenError, UnverifiedBadge};
use domain::{EventId, ParticipantId};
use store::ConnectionTrait;

/// Why a scanned code does not admit anyone. Each has its own translated message
/// (`pass-refused-*`), so the person at the desk knows what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassRefusal {
    /// Not a badge code (a URL, a product barcode, a typo).
    NotABadge,
    /// The signature does not match: forged or altered.
    Forged,
    /// A valid badge of another event.
    OtherEvent,
    /// An older badge (re-issued since) or a revoked one.
    Revoked,
    /// The participant no longer exists or is not registered (refused, cancelled).
    Unknown,
}

impl PassRefusal {
    /// The message id of the refusal in the `event_day.ftl` catalog.
    pub fn message_id(self) -> &'static str {
        match self {
            PassRefusal::NotABadge => "pass-refused-not-a-badge",
            PassRefusal::Forged => "pass-refused-forged",
            PassRefusal::OtherEvent => "pass-refused-other-event",
            PassRefusal::Revoked => "pass-refused-revoked",
            PassRefusal::Unknown => "pass-refused-unknown",
        }
    }
}

/// The event's signing secret, made on first use.
async fn secret(db: &impl ConnectionTrait, event: EventId) -> Result<Vec<u8>, InternalError> {
    let hex_secret = match store::event_day::badge_key(db, event.0).await? {
        Some(existing) => existing,
        None => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| InternalError::Other(format!("no randomness: {e}")))?;
            store::event_day::ensure_badge_key(db, event.0, hex::encode(bytes), Utc::now()).await?
        }
    };
    hex::decode(hex_secret).map_err(|e| InternalError::Other(format!("badge key: {e}")))
}

/// The participant's current pass generation and whether it is revoked.
async fn generation(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
) -> Result<(u16, bool), InternalError> {
    Ok(
        match store::event_day::badge_pass(db, event.0, participant.0).await? {
            Some(row) => (
                u16::try_from(row.generation).unwrap_or(u16::MAX),
                row.revoked_at.is_some(),
            ),
            None => (1, false),
        },
    )
}

/// The token to print on the participant's badge (also for a revoked pass: the badge then
/// simply does not admit them).
pub async fn token_for(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
) -> Result<String, InternalError> {
    let key = secret(db, event).await?;
    let (generation, _) = generation(db, event, participant).await?;
    BadgeClaim {
        event_id: event.0,
        participant_id: participant.0,
        generation,
    }
    .sign(&key)
    .ok_or_else(|| InternalError::Other("id out of the badge format's range".into()))
}

/// Tokens for many participants at once (bulk badges): one key read, one pass query.
pub async fn tokens_for(
    db: &impl ConnectionTrait,
    event: EventId,
    participants: &[ParticipantId],
) -> Result<Vec<String>, InternalError> {
    let key = secret(db, event).await?;
    let passes: std::collections::HashMap<i64, i32> = store::event_day::badge_passes(db, event.0)
        .await?
        .into_iter()
        .map(|row| (row.participant_id, row.generation))
        .collect();
    participants
        .iter()
        .map(|participant| {
            let generation = passes
                .get(&participant.0)
                .map_or(1, |g| u16::try_from(*g).unwrap_or(u16::MAX));
            BadgeClaim {
                event_id: event.0,
                participant_id: participant.0,
                generation,
            }
            .sign(&key)
            .ok_or_else(|| InternalError::Other("id out of the badge format's range".into()))
        })
        .collect()
}

/// Reads a scanned or typed code for this event: the participant it admits, or why not.
/// Whether the participant is still registered is the caller's check (`Unknown`).
pub async fn identify(
    db: &impl ConnectionTrait,
    event: EventId,
    raw: &str,
) -> Result<Result<ParticipantId, PassRefusal>, InternalError> {
    let unverified = match UnverifiedBadge::parse(raw) {
        Ok(read) => read,
        Err(_) => return Ok(Err(PassRefusal::NotABadge)),
    };
    let claim = unverified.claim;
    if claim.event_id != event.0 {
        // Say "another event" only when that event's key confirms it; otherwise it is forged.
        let Some(other_key) = store::event_day::badge_key(db, claim.event_id).await? else {
            return Ok(Err(PassRefusal::Forged));
        };
        let other_key = hex::decode(other_key).unwrap_or_default();
        return Ok(Err(match unverified.verify(&other_key) {
            Ok(_) => PassRefusal::OtherEvent,
            Err(_) => PassRefusal::Forged,
        }));
    }
    let key = secret(db, event).await?;
    match unverified.verify(&key) {
        Ok(_) => {}
        Err(BadgeTokenError::BadSignature | BadgeTokenError::Malformed) => {
            return Ok(Err(PassRefusal::Forged));
        }
    }
    let participant = ParticipantId(claim.participant_id);
    let (current, revoked) = generation(db, event, participant).await?;
    if revoked || claim.generation != current {
        return Ok(Err(PassRefusal::Revoked));
    }
    Ok(Ok(participant))
}

/// Makes a new badge generation: the old badge stops admitting (lost badge). In the
/// caller's transaction; the caller audits.
pub async fn reissue(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
) -> Result<u16, InternalError> {
    let (current, _) = generation(db, event, participant).await?;
    let next = current.saturating_add(1);
    store::event_day::put_badge_pass(
        db,
        event.0,
        participant.0,
        i32::from(next),
        None,
        Utc::now(),
    )
    .await?;
    Ok(next)
}

/// Revokes the participant's badge (no generation admits until re-issued). In the caller's
/// transaction; the caller audits.
pub async fn revoke(
    db: &impl ConnectionTrait,
    event: EventId,
    participant: ParticipantId,
) -> Result<(), InternalError> {
    let (current, _) = generation(db, event, participant).await?;
    let now = Utc::now();
    store::event_day::put_badge_pass(
        db,
        event.0,
        participant.0,
        i32::from(current),
        Some(now),
        now,
    )
    .await?;
    Ok(())
}
