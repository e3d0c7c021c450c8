//! The badge in the confirmation email (REG-7, CHK-1): the link to the electronic badge, the
//! programme, and the badge PDF attached. The attachment is an `outbox_attachment` row written
//! with the email; the worker renders the PDF at send time (`attachment_pdf`), so a badge
//! re-issued before the email leaves carries the new code.

use super::BadgeError;
use crate::InternalError;
use crate::email_templates::{Addressee, ProgrammeLine, Step, Workflow, workflow_email};
use crate::event_day::ConfirmationPass;
use crate::files::FileStore;
use crate::mail::Email;
use chrono::{DateTime, Utc};
use domain::{EventId, Locale, ParticipantId, UserId};
use store::ConnectionTrait;
use store::outbox::NewMessage;
use store::outbox_attachments::AttachmentRow;
use store::registration::ParticipantRow;

/// Attachment kind of the badge.
pub const KIND: &str = "badge";
/// File name of the attached badge.
pub const FILE_NAME: &str = "badge.pdf";

/// The "validated" step of an event: badge link and attachment as its settings say, and the
/// programme (its sessions with their local times).
pub async fn validated_step(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Step, InternalError> {
    let pass = crate::event_day::load(db, event).await?.confirmation_pass;
    let programme = store::meetings::setup::sessions(db, event.0)
        .await?
        .into_iter()
        .map(|s| ProgrammeLine {
            day: s.day,
            starts: s.starts_local,
            ends: s.ends_local,
            name_fr: s.name_fr,
            name_en: s.name_en,
        })
        .collect();
    Ok(Step::Validated {
        badge_link: pass != ConfirmationPass::None,
        badge_attached: pass == ConfirmationPass::BadgePdf,
        programme,
    })
}

/// Writes the workflow email of `step` to one person of a company in their language and
/// enqueues it through [`enqueue_confirmation`]; returns who it went to (`None`: no account).
pub async fn send_step_to(
    db: &impl ConnectionTrait,
    wf: &Workflow<'_>,
    step: &Step,
    person: &ParticipantRow,
    now: DateTime<Utc>,
) -> Result<Option<Addressee>, InternalError> {
    let Some(user) = store::users::find(db, UserId(person.user_id)).await? else {
        return Ok(None);
    };
    let to = Addressee {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        email: user.email,
        locale: Locale::parse(&user.locale).unwrap_or_default(),
    };
    let email = workflow_email(db, wf, &to, step).await?;
    enqueue_confirmation(db, email, step, person, now).await?;
    Ok(Some(to))
}

/// Enqueues a workflow email to one person of a company; when the step attaches the badge and
/// the person is validated, the badge PDF is attached (rendered when sent). In the caller's
/// transaction.
pub async fn enqueue_confirmation(
    db: &impl ConnectionTrait,
    email: Email,
    step: &Step,
    person: &ParticipantRow,
    now: DateTime<Utc>,
) -> Result<(), InternalError> {
    let attach = matches!(
        step,
        Step::Validated {
            badge_attached: true,
            ..
        }
    ) && person.status == store::badges::VALIDATED;
    if !attach {
        crate::mail::enqueue(db, email, now).await?;
        return Ok(());
    }
    let uid = crate::security::random_token();
    store::outbox::enqueue(
        db,
        NewMessage {
            message_uid: uid.clone(),
            event_id: email.event_id,
            channel: "email".to_string(),
            recipient: email.to,
            subject: email.subject,
            body_text: email.body_text,
            body_html: None,
        },
        now,
    )
    .await?;
    let id = store::outbox_attachments::message_id(db, &uid)
        .await?
        .ok_or_else(|| InternalError::Other("email just enqueued not found".into()))?;
    store::outbox_attachments::insert(db, id, KIND, person.id, FILE_NAME, now).await?;
    Ok(())
}

/// Renders an email attachment at send time: the file name, content type and bytes, or `None`
/// when there is nothing to attach any more (participant no longer validated, unknown kind).
pub async fn attachment_pdf(
    db: &impl ConnectionTrait,
    files: &FileStore,
    event_id: Option<i64>,
    row: &AttachmentRow,
) -> Result<Option<(String, Vec<u8>)>, InternalError> {
    let Some(event_id) = event_id else {
        return Ok(None);
    };
    if row.kind != KIND {
        return Ok(None);
    }
    let event = EventId(event_id);
    let Some(person) = store::badges::one(db, event, row.ref_id).await? else {
        return Ok(None);
    };
    let locale = store::users::find(db, UserId(person.participant.user_id))
        .await?
        .and_then(|u| Locale::parse(&u.locale))
        .unwrap_or_default();
    match super::pdf_for(db, files, event, ParticipantId(row.ref_id), locale).await {
        Ok(bytes) => Ok(Some((row.file_name.clone(), bytes))),
        Err(BadgeError::NotFound | BadgeError::Invalid(_)) => Ok(None),
        Err(BadgeError::Internal(e)) => Err(e),
    }
}
